/**
 * Fuzz/property test of framer + decoder: ≥ 1,000,000 seeded random and mutated messages (V6NET_FUZZ_COUNT
 * overrides the count, V6NET_FUZZ_SEED the seed). See fuzz.test-helper.ts for what is checked.
 */
import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_TABLE } from './attribute-table.js';
import { RFC7606_MALFORMED_LENGTH, runFuzz } from './fuzz.test-helper.js';

const COUNT = Number(process.env.V6NET_FUZZ_COUNT ?? 1_000_000);
const SEED = Number(process.env.V6NET_FUZZ_SEED ?? 0x7606);

describe('wire fuzz', () => {
  it('the attribute table agrees with the RFC 7606 mapping used by the fuzzer', () => {
    for (const row of ATTRIBUTE_TABLE) {
      const expected = RFC7606_MALFORMED_LENGTH[row.typeCode];
      expect(expected, row.key).toBeDefined();
      expect(row.handling, row.key).toBe(expected![0]);
    }
  });

  it(`${COUNT} mutated messages: only BgpWireError escapes, errors map as RFC 7606 says`, { timeout: 600_000 }, () => {
    const stats = runFuzz({ count: COUNT, seed: SEED });
    expect(stats.violations).toEqual([]);
    if (COUNT >= 100_000) {
      // The run must actually reach the interesting paths, or it proves nothing.
      for (const k of ['1/1', '1/2', '1/3', '2/0', '3/1', '3/9', '3/10'])
        expect(stats.thrown[k] ?? 0, k).toBeGreaterThan(0);
      for (const t of [1, 2, 3, 4, 5, 8, 32]) expect(stats.targeted[t] ?? 0, `targeted ${t}`).toBeGreaterThan(0);
      expect(stats.treatAsWithdraw).toBeGreaterThan(COUNT / 100);
      expect(stats.stabilityChecked).toBeGreaterThan(COUNT / 100);
    }
    console.info(
      `wire fuzz: ${COUNT} inputs in ${Math.round(stats.elapsedMs)} ms; decoded ${stats.decoded}, with errors ${stats.decodedWithErrors}, ` +
        `treat-as-withdraw ${stats.treatAsWithdraw}, thrown ${JSON.stringify(stats.thrown)}`,
    );
  });
});
