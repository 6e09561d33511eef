/**
 * Renders test/interop/MATRIX.md from the results the interop tests recorded in test/interop/.results/*.json.
 * The tests do this themselves after each suite; run this to re-render by hand:
 *   npx tsx scripts/interop-matrix.ts [--check]
 * With --check it exits 1 when MATRIX.md differs from what the results give (nothing is written).
 */
import { readFileSync } from 'node:fs';
import { renderInteropMatrix } from '../src/lab/matrix.js';
import {
  daemonOrder,
  matrixFile,
  matrixPreamble,
  readAllRecords,
  renderMatrixFile,
} from '../test/interop/support/recorder.js';

const records = readAllRecords();
if (records.length === 0) {
  process.stderr.write('no interop results in test/interop/.results (run the interop tests as root first)\n');
  process.exitCode = 1;
} else if (process.argv.includes('--check')) {
  const expected = renderInteropMatrix(records, { daemonOrder, preamble: matrixPreamble });
  let current = '';
  try {
    current = readFileSync(matrixFile, 'utf8');
  } catch {
    // Missing counts as different.
  }
  process.exitCode = current === expected ? 0 : 1;
  process.stdout.write(current === expected ? 'MATRIX.md is up to date\n' : 'MATRIX.md differs from the results\n');
} else {
  renderMatrixFile();
  process.stdout.write(`wrote ${matrixFile} from ${records.length} results\n`);
}
