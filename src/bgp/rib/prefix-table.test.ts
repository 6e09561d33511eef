import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyFromBytes, type PrefixKey } from './prefix-key.js';
import { PrefixTable } from './prefix-table.js';

/** Keys from a small space (so operations hit the same keys often), of every length class. */
const keyArb: fc.Arbitrary<PrefixKey> = fc
  .tuple(fc.constantFrom(0, 32, 48, 64, 128, 24), fc.integer({ min: 0, max: 300 }))
  .map(([len, n]) => {
    const afi = len === 24 ? 1 : 2;
    const bytes = new Uint8Array(16);
    bytes[0] = 0x20;
    bytes[1] = n & 0xff;
    bytes[2] = n >> 8;
    bytes[Math.max(2, (len >> 3) - 1)] = n & 0x0f;
    if (len === 0) bytes.fill(0);
    return keyFromBytes(afi, len, bytes);
  });

const opArb = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: keyArb, value: fc.integer() }),
  fc.record({ op: fc.constant('delete' as const), key: keyArb }),
  fc.record({ op: fc.constant('get' as const), key: keyArb }),
);

describe('PrefixTable', () => {
  it('behaves like a Map under any sequence of sets, gets and deletes (growth, compaction, shifts)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 2000 }), (ops) => {
        const t = new PrefixTable<number>();
        const m = new Map<PrefixKey, number>();
        for (const o of ops) {
          if (o.op === 'set') {
            t.set(o.key, o.value);
            m.set(o.key, o.value);
          } else if (o.op === 'delete') expect(t.delete(o.key)).toBe(m.delete(o.key));
          else expect(t.get(o.key)).toBe(m.get(o.key));
          expect(t.size).toBe(m.size);
        }
        for (const [k, v] of m) expect(t.get(k)).toBe(v);
        // insertion order of the live keys, as a Map keeps it
        expect([...t.entries()]).toEqual([...m.entries()]);
        const seen: [PrefixKey, number][] = [];
        t.forEach((v, k) => {
          seen.push([k, v]);
        });
        expect(seen).toEqual([...m.entries()]);
      }),
      { numRuns: 200 },
    );
  });

  it('holds a hundred thousand keys, loses none when most are deleted, and iterates a snapshot', () => {
    const t = new PrefixTable<number>();
    const keys: PrefixKey[] = [];
    for (let i = 0; i < 100_000; i++) {
      const k = keyFromBytes(2, 48, new Uint8Array([0x20, 0x01, i >> 16, (i >> 8) & 0xff, i & 0xff, 7]));
      keys.push(k);
      t.set(k, i);
    }
    expect(t.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 4) expect(t.get(keys[i]!)).toBe(i);
    for (let i = 0; i < 100_000; i++) if (i % 10 !== 0) t.delete(keys[i]!);
    expect(t.size).toBe(10_000);
    for (let i = 0; i < 100_000; i += 10) expect(t.get(keys[i]!)).toBe(i);
    expect(t.get(keys[1]!)).toBeUndefined();
    // deleting while iterating is safe
    let n = 0;
    for (const [k] of t.entries()) {
      t.delete(k);
      n++;
    }
    expect(n).toBe(10_000);
    expect(t.size).toBe(0);
  });
});
