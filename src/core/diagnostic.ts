/**
 * A located problem report: the common currency of spec loading, planning, checking and import.
 * Problems are collected, not thrown one by one.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface SourcePosition {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

export interface Diagnostic {
  /** Stable code, e.g. `E_PREFIX_OVERLAP` or a rule id like `plan/prefix-overlap`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Data path inside the document, e.g. `['cluster', 'nodes', 3, 'address']`. */
  readonly path: readonly (string | number)[];
  /** Where the problem is, when known. */
  readonly source?: SourcePosition;
  /** The other side of a disagreement (a second file/line), when there is one. */
  readonly related?: readonly { readonly message: string; readonly source?: SourcePosition }[];
  /** One line telling the user what to do about it. */
  readonly hint?: string;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, line, column, severity, code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.source?.file ?? '';
  const fb = b.source?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.source?.line ?? 0;
  const lb = b.source?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.source?.column ?? 0;
  const cb = b.source?.column ?? 0;
  if (ca !== cb) return ca - cb;
  if (a.severity !== b.severity) return severityRank[a.severity] - severityRank[b.severity];
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Renders a data path as `cluster.nodes[3].address`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
