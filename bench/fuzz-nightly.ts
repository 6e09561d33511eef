/**
 * Nightly wire fuzz: 20,000,000 seeded mutated messages through framer + decoder (see
 * src/bgp/wire/fuzz.test-helper.ts). Usage: `npx tsx bench/fuzz-nightly.ts [count] [seed]`; the count also
 * comes from V6NET_FUZZ_COUNT. Runs in slices with a fresh seed per slice so a finding names a reproducible
 * (seed, count) pair. Exit code 1 when a violation is found.
 */
import { runFuzz } from '../src/bgp/wire/fuzz.test-helper.js';

const total = Number(process.argv[2] ?? process.env.V6NET_FUZZ_COUNT ?? 20_000_000);
const baseSeed = Number(process.argv[3] ?? process.env.V6NET_FUZZ_SEED ?? Date.now() % 0x7fffffff);
const SLICE = 1_000_000;

let done = 0;
let slice = 0;
const started = performance.now();
const thrown: Record<string, number> = {};
while (done < total) {
  const count = Math.min(SLICE, total - done);
  const seed = (baseSeed + slice * 0x9e37) >>> 0;
  const stats = runFuzz({ count, seed });
  for (const [k, v] of Object.entries(stats.thrown)) thrown[k] = (thrown[k] ?? 0) + v;
  done += count;
  slice++;
  console.log(
    `slice ${slice} seed=${seed} count=${count}: ${Math.round(stats.elapsedMs)} ms, decoded ${stats.decoded}, ` +
      `treat-as-withdraw ${stats.treatAsWithdraw}, violations ${stats.violations.length}`,
  );
  if (stats.violations.length > 0) {
    for (const v of stats.violations) console.error(v);
    console.error(`reproduce: V6NET_FUZZ_COUNT=${count} V6NET_FUZZ_SEED=${seed} npx vitest run src/bgp/wire/fuzz`);
    process.exitCode = 1;
    break;
  }
}
const sec = (performance.now() - started) / 1000;
console.log(
  `fuzz-nightly: ${done} inputs in ${sec.toFixed(1)} s (${Math.round(done / sec)}/s); thrown ${JSON.stringify(thrown)}`,
);
