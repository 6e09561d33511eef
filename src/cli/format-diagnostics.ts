/**
 * Printing diagnostics: the human form (one finding per line `file:line:col severity code message`, then indented
 * `hint:` and `related:` lines, a summary line; colors only when asked) and the JSON form (an array of flat
 * records). Pure text in, text out: the command decides where it goes.
 */
import { type Diagnostic, formatPath, type Severity, type SourcePosition } from '../core/diagnostic.js';

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
} as const;

const SEVERITY_COLOR: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.cyan };

export interface TextFormatOptions {
  /** ANSI colors (only on a TTY). */
  readonly color: boolean;
  /** File name for diagnostics without a source position. */
  readonly file?: string;
}

function position(source: SourcePosition | undefined, fallbackFile: string | undefined): string {
  if (source === undefined) return fallbackFile ?? '-';
  return `${source.file}:${source.line}:${source.column}`;
}

/** One diagnostic as its lines (no trailing newline). */
export function formatDiagnostic(d: Diagnostic, options: TextFormatOptions): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${ANSI.reset}` : text);
  const where = paint(ANSI.bold, position(d.source, options.file));
  const severity = paint(SEVERITY_COLOR[d.severity], d.severity);
  const lines = [`${where} ${severity} ${paint(ANSI.dim, d.code)} ${d.message}`];
  if (d.hint !== undefined) lines.push(`    hint: ${d.hint}`);
  for (const r of d.related ?? []) {
    lines.push(`    related: ${r.source === undefined ? '' : `${position(r.source, undefined)} `}${r.message}`);
  }
  return lines.join('\n');
}

export interface SeverityCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

export function countSeverities(diagnostics: readonly Diagnostic[]): SeverityCounts {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2 errors, 1 warning` (plus `, 3 infos` when there are any). */
export function formatSummary(counts: SeverityCounts): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info > 0) parts.push(plural(counts.info, 'info'));
  return parts.join(', ');
}

/** Every diagnostic, then the summary line; ends with a newline. */
export function formatDiagnosticsText(diagnostics: readonly Diagnostic[], options: TextFormatOptions): string {
  const body = diagnostics.map((d) => `${formatDiagnostic(d, options)}\n`).join('');
  return `${body}${formatSummary(countSeverities(diagnostics))}\n`;
}

/** The JSON record of one diagnostic (`path` as a dotted string; unknown positions are null). */
export interface DiagnosticRecord {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly path: string;
  readonly hint?: string;
  readonly related?: readonly {
    readonly message: string;
    readonly file: string | null;
    readonly line: number | null;
    readonly column: number | null;
  }[];
}

export function toRecord(d: Diagnostic, fallbackFile?: string): DiagnosticRecord {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.source?.file ?? fallbackFile ?? null,
    line: d.source?.line ?? null,
    column: d.source?.column ?? null,
    path: formatPath(d.path),
    ...(d.hint === undefined ? {} : { hint: d.hint }),
    ...(d.related === undefined || d.related.length === 0
      ? {}
      : {
          related: d.related.map((r) => ({
            message: r.message,
            file: r.source?.file ?? null,
            line: r.source?.line ?? null,
            column: r.source?.column ?? null,
          })),
        }),
  };
}

/** A JSON array of records, pretty-printed, with a trailing newline. */
export function formatDiagnosticsJson(diagnostics: readonly Diagnostic[], fallbackFile?: string): string {
  return `${JSON.stringify(
    diagnostics.map((d) => toRecord(d, fallbackFile)),
    null,
    2,
  )}\n`;
}
