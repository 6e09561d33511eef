/**
 * The interop matrix: every interop test records one result (daemon × feature → pass/fail/skip); this module turns
 * the records into the Markdown table of `test/interop/MATRIX.md`. Pure: reading and writing files is the caller's.
 */

export type InteropStatus = 'pass' | 'fail' | 'skip';

export interface InteropRecord {
  /** The test file (suite) that wrote the record. */
  readonly suite: string;
  /** Row: the daemon v6net was tested against (or a daemon pair, for harness self-checks). */
  readonly daemon: string;
  /** Column: a feature id from `interopFeatures`. */
  readonly feature: string;
  readonly status: InteropStatus;
  /** A short measured fact (e.g. `hold timer fired after 8.1 s`) or the failure/skip reason. */
  readonly detail?: string;
  readonly durationMs?: number;
  /** ISO time of the run. */
  readonly at: string;
}

export interface InteropFeature {
  readonly id: string;
  readonly title: string;
  /** One line on what the test proves. */
  readonly doc: string;
}

/** The columns of the matrix, in order. */
export const interopFeatures: readonly InteropFeature[] = [
  { id: 'session', title: 'Session', doc: 'session reaches Established without MD5' },
  { id: 'md5', title: 'MD5', doc: 'session reaches Established with a TCP-MD5 key on both sides' },
  {
    id: 'md5-wrong',
    title: 'Wrong MD5 refused',
    doc: 'with different keys the session never reaches Established within the bounded wait',
  },
  {
    id: 'routes-out',
    title: 'Routes v6net → daemon',
    doc: 'IPv6 routes from v6net show in the daemon with AS_PATH, communities, large communities, MED intact',
  },
  {
    id: 'routes-in',
    title: 'Routes daemon → v6net',
    doc: 'IPv6 routes from the daemon show in v6net with AS_PATH, communities, large communities, MED intact',
  },
  { id: 'withdraw-out', title: 'Withdraw v6net → daemon', doc: 'a route withdrawn by v6net leaves the daemon' },
  { id: 'withdraw-in', title: 'Withdraw daemon → v6net', doc: 'a route withdrawn by the daemon leaves v6net' },
  {
    id: 'hold-timer',
    title: 'Hold timer',
    doc: 'a silenced daemon (its packets blackholed: no FIN, no NOTIFICATION) is dropped by v6net on hold timer expiry within hold time + 2 s (hold 9 s, keepalive 3 s)',
  },
  {
    id: 'daemon-range',
    title: 'Daemon listen range',
    doc: 'the daemon only listens on a range (dynamic neighbors); v6net dials and is accepted',
  },
  {
    id: 'v6net-range',
    title: 'v6net listen range',
    doc: 'v6net only listens on a range; the daemon dials and is accepted as a dynamic neighbor',
  },
];

const statusMark: Record<InteropStatus, string> = { pass: 'pass', fail: '**FAIL**', skip: 'skip' };

/** Newest record per (daemon, feature). */
export function latestRecords(records: readonly InteropRecord[]): Map<string, InteropRecord> {
  const latest = new Map<string, InteropRecord>();
  for (const record of records) {
    const key = `${record.daemon}\u0000${record.feature}`;
    const seen = latest.get(key);
    if (seen === undefined || seen.at <= record.at) latest.set(key, record);
  }
  return latest;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A Markdown table with padded columns (the layout Markdown formatters produce, so they leave it alone). */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((text, i) => {
      widths[i] = Math.max(widths[i] ?? 3, text.length);
    });
  }
  const line = (row: readonly string[]) => `| ${widths.map((w, i) => (row[i] ?? '').padEnd(w)).join(' | ')} |`;
  const [head, ...body] = rows;
  return [line(head ?? []), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)];
}

/**
 * Renders the matrix: one row per daemon (in `daemonOrder` first, then the rest alphabetically), one column per
 * feature; a cell with no record reads `—` (not applicable or not run). Details follow as a list.
 */
export function renderInteropMatrix(
  records: readonly InteropRecord[],
  options: {
    readonly features?: readonly InteropFeature[];
    readonly daemonOrder?: readonly string[];
    readonly title?: string;
    readonly preamble?: string;
  } = {},
): string {
  const features = options.features ?? interopFeatures;
  const latest = latestRecords(records);
  const daemons = [...new Set(records.map((r) => r.daemon))];
  const order = options.daemonOrder ?? [];
  daemons.sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    if (ia !== ib) return (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib);
    return a.localeCompare(b);
  });
  const lines: string[] = [`# ${options.title ?? 'Interop matrix'}`, ''];
  if (options.preamble) lines.push(options.preamble, '');
  const rows: string[][] = [['daemon', ...features.map((f) => cell(f.title))]];
  for (const daemon of daemons) {
    const cells = features.map((f) => {
      const record = latest.get(`${daemon}\u0000${f.id}`);
      return record === undefined ? '—' : statusMark[record.status];
    });
    rows.push([cell(daemon), ...cells]);
  }
  lines.push(...formatTable(rows));
  lines.push('', '## Features', '');
  for (const f of features) lines.push(`- **${cell(f.title)}** (\`${f.id}\`): ${f.doc}.`);
  const details = [...latest.values()]
    .filter((r) => r.detail !== undefined && r.detail !== '')
    .sort((a, b) => a.daemon.localeCompare(b.daemon) || a.feature.localeCompare(b.feature));
  if (details.length > 0) {
    lines.push('', '## Details', '');
    for (const r of details)
      lines.push(`- ${cell(r.daemon)} / \`${r.feature}\` (${r.status}): ${cell(r.detail ?? '')}`);
  }
  const times = records.map((r) => r.at).sort();
  if (times.length > 0) lines.push('', `Recorded ${times[0]} … ${times[times.length - 1]}.`);
  lines.push('');
  return lines.join('\n');
}
