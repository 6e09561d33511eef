/**
 * Renders test/interop/MATRIX.md from the results the interop tests recorded in test/interop/.results/*.json.
 * The tests do this themselves after each suite; run this to re-render by hand:
 *   npx tsx scripts/interop-matrix.ts [--check]
 * With --check it exits 1 when MATRIX.md (or the README's matrix block) differs from what the results give.
 */
import { readFileSync } from 'node:fs';
import { renderInteropMatrix } from '../src/lab/matrix.js';
import {
  daemonOrder,
  matrixFile,
  matrixPreamble,
  readAllRecords,
  readmeFile,
  renderMatrixFile,
  spliceReadme,
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
  let readme = '';
  try {
    readme = readFileSync(readmeFile, 'utf8');
  } catch {
    // Missing counts as different.
  }
  const ok = current === expected && spliceReadme(readme, expected) === readme;
  process.exitCode = ok ? 0 : 1;
  process.stdout.write(ok ? 'MATRIX.md and README.md are up to date\n' : 'MATRIX.md or README.md differs from the results\n');
} else {
  renderMatrixFile();
  process.stdout.write(`wrote ${matrixFile} from ${records.length} results\n`);
}
