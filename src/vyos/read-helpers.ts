/** Small typed readers over a VyosTree shared by the bgp/policy/interfaces readers (values keep their positions). */
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import type { Located, VyosPath, VyosTree } from './tree.js';

export class TreeReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly tree: VyosTree) {}

  source(path: VyosPath): SourcePosition | undefined {
    return this.tree.get(path)?.source;
  }

  has(path: VyosPath): boolean {
    return this.tree.exists(path);
  }

  str(path: VyosPath): Located<string> | undefined {
    return this.tree.located(path);
  }

  strs(path: VyosPath): Located<string>[] {
    return this.tree.locatedValues(path);
  }

  /** An integer leaf; a malformed number is reported as E_VYOS_VALUE and read as absent. */
  int(path: VyosPath, min = 0, max = Number.MAX_SAFE_INTEGER): Located<number> | undefined {
    const s = this.str(path);
    if (s === undefined) return undefined;
    const n = /^\d+$/.test(s.value) ? Number(s.value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      const d: Diagnostic = {
        code: 'E_VYOS_VALUE',
        severity: 'error',
        message: `'${s.value}' is not an integer in ${min}..${max}`,
        path: [...path],
      };
      this.diagnostics.push(s.source === undefined ? d : { ...d, source: s.source });
      return undefined;
    }
    return s.source === undefined ? { value: n } : { value: n, source: s.source };
  }

  /** Tag values (child names) of `path` in canonical order. */
  names(path: VyosPath): string[] {
    return this.tree.childNames(path);
  }
}

export function located<T>(value: T, source: SourcePosition | undefined): Located<T> {
  return source === undefined ? { value } : { value, source };
}

/** Removes keys whose value is undefined (so optional fields are absent, not `undefined`). */
export function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
