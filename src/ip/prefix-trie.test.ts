import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ipv4Address } from './ipv4-address.js';
import { Ipv4Prefix } from './ipv4-prefix.js';
import { Ipv6Address } from './ipv6-address.js';
import { Ipv6Prefix } from './ipv6-prefix.js';
import { parsePrefix } from './parse.js';
import { PrefixTrie } from './prefix-trie.js';
import type { IpPrefix } from './types.js';

const p6 = (t: string) => Ipv6Prefix.parse(t);
const a6 = (t: string) => Ipv6Address.parse(t);
const show = (es: Array<{ prefix: IpPrefix; value: unknown }>) => es.map((e) => `${e.prefix}=${String(e.value)}`);

describe('PrefixTrie', () => {
  it('set/get/has/delete/size with exact matching by network', () => {
    const t = new PrefixTrie<string>(6);
    expect(t.size).toBe(0);
    t.set(p6('2001:db8::/32'), 'a');
    t.set(p6('2001:db8:1::/48'), 'b');
    t.set(p6('2001:db8:1::1/48'), 'b2'); // same network: replaces
    t.set(p6('::/0'), 'default');
    expect(t.size).toBe(3);
    expect(t.get(p6('2001:db8::/32'))).toBe('a');
    expect(t.get(p6('2001:db8:1::/48'))).toBe('b2');
    expect(t.get(p6('2001:db8::/33'))).toBeUndefined();
    expect(t.get(p6('2001:db8:2::/48'))).toBeUndefined();
    expect(t.has(p6('::/0'))).toBe(true);
    expect(t.has(Ipv4Prefix.parse('0.0.0.0/0'))).toBe(false);
    expect(t.delete(p6('2001:db8::/33'))).toBe(false);
    expect(t.delete(p6('2001:db8::/32'))).toBe(true);
    expect(t.delete(p6('2001:db8::/32'))).toBe(false);
    expect(t.size).toBe(2);
    expect(t.get(p6('2001:db8:1::/48'))).toBe('b2');
    expect(show([...t.entries()])).toEqual(['::/0=default', '2001:db8:1::/48=b2']);
  });

  it('rejects the other family on set', () => {
    const t = new PrefixTrie<number>(6);
    expect(() => t.set(Ipv4Prefix.parse('10.0.0.0/8'), 1)).toThrow(expect.objectContaining({ code: 'E_IP_FAMILY' }));
  });

  it('longest match, covering and coveredBy', () => {
    const t = new PrefixTrie<number>(6);
    for (const [i, s] of [
      '::/0',
      '2001:db8::/32',
      '2001:db8:1::/48',
      '2001:db8:1:2::/64',
      '2001:db8:2::/48',
    ].entries()) {
      t.set(p6(s), i);
    }
    expect(t.longestMatch(a6('2001:db8:1:2::5'))?.prefix.toString()).toBe('2001:db8:1:2::/64');
    expect(t.longestMatch(a6('2001:db8:1:3::5'))?.prefix.toString()).toBe('2001:db8:1::/48');
    expect(t.longestMatch(a6('2001:db9::'))?.prefix.toString()).toBe('::/0');
    expect(t.longestMatch(p6('2001:db8:1::/56'))?.prefix.toString()).toBe('2001:db8:1::/48');
    expect(t.longestMatch(p6('2001:db8:1::/48'))?.prefix.toString()).toBe('2001:db8:1::/48');
    expect(t.longestMatch(Ipv4Address.parse('1.2.3.4'))).toBeUndefined();
    expect(show(t.covering(a6('2001:db8:1:2::1')))).toEqual([
      '::/0=0',
      '2001:db8::/32=1',
      '2001:db8:1::/48=2',
      '2001:db8:1:2::/64=3',
    ]);
    expect(show(t.coveredBy(p6('2001:db8::/32')))).toEqual([
      '2001:db8::/32=1',
      '2001:db8:1::/48=2',
      '2001:db8:1:2::/64=3',
      '2001:db8:2::/48=4',
    ]);
    expect(show(t.coveredBy(p6('2001:db8::/46')))).toEqual([
      '2001:db8:1::/48=2',
      '2001:db8:1:2::/64=3',
      '2001:db8:2::/48=4',
    ]);
    expect(show(t.coveredBy(p6('2001:db8:3::/48')))).toEqual([]);
    expect(show(t.coveredBy(p6('2001:db8:1:2:8000::/65')))).toEqual([]);
    t.delete(p6('::/0'));
    expect(t.longestMatch(a6('2001:db9::'))).toBeUndefined();
  });

  it('works for IPv4', () => {
    const t = new PrefixTrie<string>(4);
    t.set(Ipv4Prefix.parse('10.0.0.0/8'), 'a');
    t.set(Ipv4Prefix.parse('10.1.0.0/16'), 'b');
    expect(t.longestMatch(Ipv4Address.parse('10.1.2.3'))?.value).toBe('b');
    expect(t.longestMatch(Ipv4Address.parse('10.2.2.3'))?.value).toBe('a');
    expect(t.longestMatch(Ipv4Address.parse('11.0.0.0'))).toBeUndefined();
  });

  // Small universe (IPv6 prefixes under 2001:db8::/32 with lengths 32..40) so collisions and nesting are frequent.
  const arbPrefix = fc
    .tuple(fc.integer({ min: 32, max: 40 }), fc.integer({ min: 0, max: 255 }))
    .map(([len, bits]) => Ipv6Prefix.of(Ipv6Address.fromBigInt((0x20010db8n << 96n) | (BigInt(bits) << 88n)), len));
  const arbOps = fc.array(fc.tuple(fc.boolean(), arbPrefix, fc.integer()), { maxLength: 60 });

  it('property: matches a brute-force model under random set/delete, LPM equals brute force', () => {
    fc.assert(
      fc.property(
        arbOps,
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 10 }),
        (ops, probes) => {
          const t = new PrefixTrie<number>(6);
          const model = new Map<string, { prefix: Ipv6Prefix; value: number }>();
          for (const [isSet, p, v] of ops) {
            const key = p.network().toString();
            if (isSet) {
              t.set(p, v);
              model.set(key, { prefix: p.network(), value: v });
            } else {
              expect(t.delete(p)).toBe(model.delete(key));
            }
          }
          expect(t.size).toBe(model.size);
          const sorted = [...model.values()].sort((a, b) => a.prefix.compare(b.prefix));
          expect(show([...t.entries()])).toEqual(show(sorted));
          for (const probe of probes) {
            const addr = Ipv6Address.fromBigInt((0x20010db8n << 96n) | (BigInt(probe) << 80n) | 7n);
            const containing = sorted
              .filter((e) => e.prefix.contains(addr))
              .sort((a, b) => a.prefix.length - b.prefix.length);
            expect(show(t.covering(addr))).toEqual(show(containing));
            const best = containing[containing.length - 1];
            expect(t.longestMatch(addr)?.prefix.toString()).toBe(best?.prefix.toString());
          }
          for (const [, q] of ops.slice(0, 5)) {
            expect(show(t.coveredBy(q))).toEqual(show(sorted.filter((e) => q.contains(e.prefix))));
            expect(t.get(q)).toBe(model.get(q.network().toString())?.value);
          }
        },
      ),
      { seed: 4291, numRuns: 400 },
    );
  });

  it('handles 10,000 random /64s and LPM over them quickly', () => {
    const t = new PrefixTrie<number>(6);
    const base = parsePrefix('2001:db8::/32') as Ipv6Prefix;
    const rng = fc.sample(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), { seed: 5952, numRuns: 10_000 });
    for (const [i, v] of rng.entries()) t.set(base.subnet(v, 64), i);
    const distinct = new Set(rng.map(String)).size;
    expect(t.size).toBe(distinct);
    for (const v of rng.slice(0, 1000)) {
      const hit = t.longestMatch(base.subnet(v, 64).nth(42));
      expect(hit?.prefix.equals(base.subnet(v, 64))).toBe(true);
    }
    for (const v of rng) t.delete(base.subnet(v, 64));
    expect(t.size).toBe(0);
    expect([...t.entries()]).toEqual([]);
  });
});
