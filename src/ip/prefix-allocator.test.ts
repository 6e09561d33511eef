import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ipv4Prefix } from './ipv4-prefix.js';
import { Ipv6Prefix } from './ipv6-prefix.js';
import { PrefixAllocator } from './prefix-allocator.js';
import type { IpPrefix } from './types.js';

const p6 = (t: string) => Ipv6Prefix.parse(t);
const names = (ps: IpPrefix[]) => ps.map(String);

describe('PrefixAllocator', () => {
  it('allocates first-free aligned prefixes around reservations', () => {
    const a = new PrefixAllocator(p6('2001:db8::/48'));
    expect(a.allocate(64)?.toString()).toBe('2001:db8::/64');
    expect(a.allocate(64)?.toString()).toBe('2001:db8:0:1::/64');
    // A /63 must be aligned: skips 2001:db8:0:2::/63? no, that one is free and aligned.
    expect(a.allocate(63)?.toString()).toBe('2001:db8:0:2::/63');
    expect(a.allocate(62)?.toString()).toBe('2001:db8:0:4::/62');
    expect(a.reserve(p6('2001:db8:0:9::/64'))).toBe(true);
    expect(a.allocate(61)?.toString()).toBe('2001:db8:0:10::/61');
    expect(a.allocate(64)?.toString()).toBe('2001:db8:0:8::/64');
    expect(a.allocate(64)?.toString()).toBe('2001:db8:0:a::/64');
    expect(a.release(p6('2001:db8:0:1::/64'))).toBe(true);
    expect(a.release(p6('2001:db8:0:1::/64'))).toBe(false);
    expect(a.allocate(64)?.toString()).toBe('2001:db8:0:1::/64');
    expect(names(a.allocated())).toEqual([
      '2001:db8::/64',
      '2001:db8:0:1::/64',
      '2001:db8:0:2::/63',
      '2001:db8:0:4::/62',
      '2001:db8:0:8::/64',
      '2001:db8:0:9::/64',
      '2001:db8:0:a::/64',
      '2001:db8:0:10::/61',
    ]);
  });

  it('reserve refuses overlap, outside, other family', () => {
    const a = new PrefixAllocator(p6('2001:db8::/48'));
    expect(a.reserve(p6('2001:db8::/56'))).toBe(true);
    expect(a.reserve(p6('2001:db8::/64'))).toBe(false);
    expect(a.reserve(p6('2001:db8::/52'))).toBe(false);
    expect(a.reserve(p6('2001:db8::/48'))).toBe(false);
    expect(a.reserve(p6('2001:db9::/64'))).toBe(false);
    expect(a.reserve(p6('2001:db8::/47'))).toBe(false);
    expect(a.reserve(Ipv4Prefix.parse('10.0.0.0/8'))).toBe(false);
    expect(a.reserve(p6('2001:db8:0:100::/56'))).toBe(true);
    expect(a.isAllocated(p6('2001:db8:0:100::/56'))).toBe(true);
    expect(a.isAllocated(p6('2001:db8:0:100::/57'))).toBe(false);
    expect(a.release(p6('2001:db8:0:100::/57'))).toBe(false);
  });

  it('returns undefined when full, and counts free blocks', () => {
    const a = new PrefixAllocator(Ipv4Prefix.parse('192.0.2.0/30'));
    expect(a.freeCount(32)).toBe(4n);
    expect(a.freeCount(31)).toBe(2n);
    expect(a.allocate(32)?.toString()).toBe('192.0.2.0/32');
    expect(a.freeCount(31)).toBe(1n);
    expect(a.freeCount(30)).toBe(0n);
    expect(a.allocate(30)).toBeUndefined();
    expect(a.allocate(31)?.toString()).toBe('192.0.2.2/31');
    expect(a.allocate(32)?.toString()).toBe('192.0.2.1/32');
    expect(a.allocate(32)).toBeUndefined();
    expect(a.freeCount(32)).toBe(0n);
    expect(a.release(Ipv4Prefix.parse('192.0.2.2/31'))).toBe(true);
    expect(a.allocate(32)?.toString()).toBe('192.0.2.2/32');
  });

  it('throws E_PREFIX_LENGTH for lengths that cannot fit the parent', () => {
    const a = new PrefixAllocator(p6('2001:db8::/48'));
    expect(() => a.allocate(47)).toThrow(expect.objectContaining({ code: 'E_PREFIX_LENGTH' }));
    expect(() => a.allocate(129)).toThrow(expect.objectContaining({ code: 'E_PREFIX_LENGTH' }));
    expect(() => a.freeCount(1.5)).toThrow(expect.objectContaining({ code: 'E_PREFIX_LENGTH' }));
    expect(a.freeCount(64)).toBe(65536n);
    expect(a.freeCount(128)).toBe(1n << 80n);
  });

  it('allocates 10,000 /64s from a /48 in order, fast', () => {
    const a = new PrefixAllocator(p6('2001:db8::/48'));
    const t0 = performance.now();
    let last: IpPrefix | undefined;
    for (let i = 0; i < 10_000; i++) last = a.allocate(64);
    const ms = performance.now() - t0;
    expect(last?.toString()).toBe(`2001:db8:0:${(9999).toString(16)}::/64`);
    expect(a.freeCount(64)).toBe(65536n - 10_000n);
    expect(ms).toBeLessThan(1000);
  });

  // Parent 2001:db8::/56 with lengths 56..64: the brute force scans at most 256 aligned /64 candidates.
  const parent = p6('2001:db8::/56');
  const arbOp = fc.oneof(
    fc.record({ op: fc.constant('allocate' as const), len: fc.integer({ min: 56, max: 64 }) }),
    fc.record({
      op: fc.constant('reserve' as const),
      len: fc.integer({ min: 56, max: 64 }),
      idx: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({ op: fc.constant('release' as const), idx: fc.nat() }),
  );

  it('property: never overlaps, and allocate equals the brute-force first free aligned block', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 80 }), (ops) => {
        const a = new PrefixAllocator(parent);
        const model: Ipv6Prefix[] = [];
        const free = (c: Ipv6Prefix) => model.every((m) => !m.overlaps(c));
        for (const o of ops) {
          if (o.op === 'allocate') {
            let expected: Ipv6Prefix | undefined;
            for (const c of parent.subnets(o.len)) {
              if (free(c)) {
                expected = c;
                break;
              }
            }
            const got = a.allocate(o.len);
            expect(got?.toString()).toBe(expected?.toString());
            if (expected) model.push(expected);
          } else if (o.op === 'reserve') {
            const c = parent.subnet(o.idx % 2 ** (o.len - 56), o.len);
            expect(a.reserve(c)).toBe(free(c));
            if (free(c)) model.push(c);
          } else if (model.length > 0) {
            const victim = model.splice(o.idx % model.length, 1)[0]!;
            expect(a.release(victim)).toBe(true);
          }
          const got = a.allocated() as Ipv6Prefix[];
          for (let i = 1; i < got.length; i++) {
            expect(got[i - 1]!.overlaps(got[i]!)).toBe(false);
            expect(got[i - 1]!.compare(got[i]!)).toBeLessThan(0);
          }
          expect(got.length).toBe(model.length);
        }
        for (let len = 56; len <= 64; len++) {
          const brute = [...parent.subnets(len)].filter(free).length;
          expect(a.freeCount(len)).toBe(BigInt(brute));
        }
      }),
      { seed: 1918, numRuns: 300 },
    );
  });
});
