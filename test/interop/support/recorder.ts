/**
 * Records each interop test's result for the matrix: `test/interop/.results/<suite>.json` (one file per suite,
 * rewritten on every record), and after a suite ran, re-renders `test/interop/MATRIX.md` from all result files.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type InteropRecord, type InteropStatus, renderInteropMatrix } from '../../../src/lab/matrix.js';

export const interopDir = resolve(import.meta.dirname, '..');
export const resultsDir = join(interopDir, '.results');
export const matrixFile = join(interopDir, 'MATRIX.md');
/** The README carries the table between these markers (replaced whenever the matrix is rendered). */
export const readmeFile = resolve(interopDir, '..', '..', 'README.md');
export const README_START = '<!-- interop-matrix:start (written by the interop tests) -->';
export const README_END = '<!-- interop-matrix:end -->';

/** Rows in this order in the matrix; anything else (harness pairs) follows. */
export const daemonOrder = ['FRR 8.4', 'BIRD 2.0', 'GoBGP 3', 'ExaBGP 4'];

export const matrixPreamble = [
  'Written by the interop tests (`test/interop/*.test.ts`, run as root with the daemons installed), rendered by',
  '`scripts/interop-matrix.ts` from `test/interop/.results/*.json`. Do not edit by hand. Each row is a real daemon',
  "in one network namespace, v6net's speaker in another, joined by a veth pair in 2001:db8::/32. `—` means the",
  'feature does not apply to that daemon (or was not run). Rows starting with `harness:` peer two real daemons with',
  'each other to validate the lab harness itself.',
].join('\n');

function atomicWrite(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function readAllRecords(dir = resultsDir): InteropRecord[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.flatMap((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as InteropRecord[]);
}

/**
 * The README block for a rendered matrix: its table and the day of the latest recording, with a link to the details.
 * Only the day, so that re-running the tests on the same day with the same outcome leaves the README unchanged.
 */
export function readmeBlock(matrix: string): string {
  const lines = matrix.split('\n');
  const table = lines.filter((l) => l.startsWith('|'));
  const recorded = lines.find((l) => l.startsWith('Recorded '));
  const last = recorded?.match(/(\d{4}-\d{2}-\d{2})T[^ ]*\.$/)?.[1];
  return [
    README_START,
    ...table,
    '',
    `${last !== undefined ? `Recorded on ${last}.` : ''} Details per test: [test/interop/MATRIX.md](test/interop/MATRIX.md).`.trim(),
    README_END,
  ].join('\n');
}

/** `readme` with the block between the markers replaced; unchanged when the markers are missing. */
export function spliceReadme(readme: string, matrix: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return readme;
  return readme.slice(0, start) + readmeBlock(matrix) + readme.slice(end + README_END.length);
}

export function renderMatrixFile(dir = resultsDir, file = matrixFile, readme = readmeFile): string {
  const text = renderInteropMatrix(readAllRecords(dir), { daemonOrder, preamble: matrixPreamble });
  atomicWrite(file, text);
  let current: string | undefined;
  try {
    current = readFileSync(readme, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== undefined) {
    const next = spliceReadme(current, text);
    if (next !== current) atomicWrite(readme, next);
  }
  return text;
}

/** Collects the records of one suite. */
export class InteropRecorder {
  private readonly records: InteropRecord[] = [];
  private readonly at = new Date().toISOString();

  constructor(readonly suite: string) {}

  record(daemon: string, feature: string, status: InteropStatus, detail?: string, durationMs?: number): void {
    const index = this.records.findIndex((r) => r.daemon === daemon && r.feature === feature);
    const entry: InteropRecord = {
      suite: this.suite,
      daemon,
      feature,
      status,
      at: this.at,
      ...(detail !== undefined ? { detail } : {}),
      ...(durationMs !== undefined ? { durationMs: Math.round(durationMs) } : {}),
    };
    if (index >= 0) this.records[index] = entry;
    else this.records.push(entry);
    mkdirSync(resultsDir, { recursive: true });
    atomicWrite(join(resultsDir, `${this.suite}.json`), `${JSON.stringify(this.records, null, 2)}\n`);
  }

  /**
   * Runs `body` as the check of (daemon, feature): records pass with the detail `body` returns, or fail with the
   * error's message, and rethrows so the test fails too.
   */
  async check(daemon: string, feature: string, body: () => Promise<string | undefined>): Promise<void> {
    const started = performance.now();
    try {
      const detail = await body();
      this.record(daemon, feature, 'pass', detail, performance.now() - started);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 200) : String(error);
      this.record(daemon, feature, 'fail', message, performance.now() - started);
      throw error;
    }
  }

  /** Re-renders MATRIX.md (call from afterAll once the suite ran). */
  renderMatrix(): void {
    if (this.records.length > 0) renderMatrixFile();
  }
}
