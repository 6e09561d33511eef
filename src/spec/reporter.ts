/** Collects located diagnostics for one spec: the loader, the semantic validation and the planner share it. */
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import type { DataPath } from './plan-types.js';
import type { LocateMode } from './yaml-source.js';

export type LocateAt = (path: DataPath, mode?: LocateMode) => SourcePosition | undefined;

export interface ReportOptions {
  /** Where to point (default: the value at `path`). */
  readonly at?: LocateMode;
  readonly hint?: string;
  /** The other side of a disagreement, located through the same document. */
  readonly related?: readonly { readonly message: string; readonly path: DataPath }[];
  readonly severity?: Diagnostic['severity'];
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  readonly #locate: LocateAt;

  constructor(locate: LocateAt) {
    this.#locate = locate;
  }

  report(code: string, path: DataPath, message: string, options: ReportOptions = {}): void {
    const source = this.#locate(path, options.at ?? 'value');
    const related = options.related?.map((r) => {
      const at = this.#locate(r.path, 'value');
      return { message: r.message, ...(at ? { source: at } : {}) };
    });
    this.diagnostics.push({
      code,
      severity: options.severity ?? 'error',
      message,
      path: [...path],
      ...(source ? { source } : {}),
      ...(related && related.length > 0 ? { related } : {}),
      ...(options.hint ? { hint: options.hint } : {}),
    });
  }

  hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}
