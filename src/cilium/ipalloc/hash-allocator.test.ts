import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashAllocator } from './hash-allocator.js';

/** Reference model: the free blocks of [first, last] given the used set; the smallest block's lowest address. */
function modelNext(first: bigint, last: bigint, used: ReadonlySet<bigint>): bigint | undefined {
  let best: { start: bigint; size: bigint } | undefined;
  let start: bigint | undefined;
  for (let v = first; v <= last + 1n; v++) {
    const free = v <= last && !used.has(v);
    if (free && start === undefined) start = v;
    if (!free && start !== undefined) {
      const size = v - start;
      if (best === undefined || size < best.size) best = { start, size };
      start = undefined;
    }
  }
  return best?.start;
}

describe('HashAllocator (reference §7.4: lowest address of the smallest free block)', () => {
  it('a fresh range hands out ascending addresses, then reports full', () => {
    const a = new HashAllocator<string>(10n, 13n);
    expect([a.allocAny('a'), a.allocAny('b'), a.allocAny('c'), a.allocAny('d'), a.allocAny('e')]).toEqual([
      10n,
      11n,
      12n,
      13n,
      undefined,
    ]);
    expect(a.used()).toBe(4);
  });

  it('specific allocations, owners, reserved (null) owners and frees with merging', () => {
    const a = new HashAllocator<string>(0n, 9n);
    expect(a.alloc(0n, null)).toBe(true);
    expect(a.alloc(9n, null)).toBe(true);
    expect(a.alloc(9n, 'x')).toBe(false);
    expect(a.alloc(10n, 'x')).toBe(false);
    expect(a.owner(0n)).toBeNull();
    expect(a.owner(5n)).toBeUndefined();
    expect(a.alloc(5n, 'mid')).toBe(true);
    // free blocks [1-4] and [6-8]: the smaller one, [6-8], is used first
    expect(a.allocAny('y')).toBe(6n);
    expect(a.free(5n)).toBe(true);
    expect(a.free(5n)).toBe(false);
    expect(a.setOwner(6n, 'z')).toBe(true);
    expect(a.setOwner(5n, 'z')).toBe(false);
    expect([...a.entries()]).toEqual([
      [0n, null],
      [6n, 'z'],
      [9n, null],
    ]);
  });

  it('property: matches the reference model under any sequence of allocAny/alloc/free', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('any' as const) }),
      fc.record({ t: fc.constant('alloc' as const), v: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ t: fc.constant('free' as const), v: fc.integer({ min: 0, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const a = new HashAllocator<number>(0n, 31n);
        const used = new Set<bigint>();
        for (const o of ops) {
          if (o.t === 'any') {
            const expected = modelNext(0n, 31n, used);
            expect(a.allocAny(1)).toBe(expected);
            if (expected !== undefined) used.add(expected);
          } else if (o.t === 'alloc') {
            const v = BigInt(o.v);
            const ok = v <= 31n && !used.has(v);
            expect(a.alloc(v, 1)).toBe(ok);
            if (ok) used.add(v);
          } else {
            const v = BigInt(o.v);
            expect(a.free(v)).toBe(used.delete(v));
          }
          expect(a.used()).toBe(used.size);
        }
      }),
    );
  });
});
