import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { arbIpv4Value, arbIpv6PrefixParts, arbIpv6Value } from './testing/arbitraries.js';
import { Ipv4Address } from './ipv4-address.js';
import { Ipv4Prefix } from './ipv4-prefix.js';
import { Ipv6Address } from './ipv6-address.js';
import { Ipv6Prefix } from './ipv6-prefix.js';

const RUNS = { seed: 5952, numRuns: 5_000 };

describe('prefix laws', () => {
  const arbP6 = arbIpv6PrefixParts.map(({ value, length }) => Ipv6Prefix.of(Ipv6Address.fromBigInt(value), length));
  const arbP4 = fc
    .record({ value: arbIpv4Value, length: fc.integer({ min: 0, max: 32 }) })
    .map(({ value, length }) => Ipv4Prefix.of(Ipv4Address.fromNumber(value), length));

  it('contains is reflexive, antisymmetric on networks and transitive; overlaps is symmetric', () => {
    fc.assert(
      fc.property(arbP6, arbP6, arbP6, (p, q, r) => {
        assert.equal(p.contains(p), true);
        if (p.contains(q) && q.contains(p)) assert.equal(p.network().equals(q.network()), true);
        if (p.contains(q) && q.contains(r)) assert.equal(p.contains(r), true);
        assert.equal(p.overlaps(q), q.overlaps(p));
        assert.equal(p.overlaps(q), p.contains(q) || q.contains(p));
        // Interval view: p contains q iff q's range lies in p's range; overlap iff the ranges intersect.
        const [pf, pl, qf, ql] = [p.first(), p.last(), q.first(), q.last()].map((a) => a.toBigInt()) as [
          bigint,
          bigint,
          bigint,
          bigint,
        ];
        assert.equal(p.contains(q), pf <= qf && ql <= pl);
        assert.equal(p.overlaps(q), pf <= ql && qf <= pl);
        assert.equal(p.size(), pl - pf + 1n);
      }),
      RUNS,
    );
  });

  it('contains(address) agrees with first/last; nth stays inside', () => {
    fc.assert(
      fc.property(arbP6, arbIpv6Value, fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (p, v, i) => {
        const a = Ipv6Address.fromBigInt(v);
        assert.equal(p.contains(a), p.first().toBigInt() <= v && v <= p.last().toBigInt());
        const n = p.nth(i % p.size());
        assert.equal(p.contains(n), true);
      }),
      RUNS,
    );
  });

  it('subnet and supernet: inside, disjoint, round-trip, text round-trip', () => {
    fc.assert(
      fc.property(arbP6, fc.nat(128), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.nat(), (p, extra, i, j) => {
        const newLength = Math.min(128, p.length + (extra % 17));
        const count = p.subnetCount(newLength);
        const a = p.subnet(i % count, newLength);
        const b = p.subnet(BigInt(j) % count, newLength);
        assert.equal(p.contains(a), true);
        assert.equal(a.hasHostBits(), false);
        assert.equal(a.overlaps(b), a.equals(b));
        assert.equal(a.supernet(p.length).equals(p.network()), true);
        assert.equal(p.supernet(Math.floor(p.length / 2)).contains(p), true);
        assert.equal(Ipv6Prefix.parse(p.toString()).equals(p), true);
        assert.equal(p.hasHostBits(), !p.address.equals(p.first()));
      }),
      RUNS,
    );
  });

  it('IPv4 prefixes obey the same laws', () => {
    fc.assert(
      fc.property(arbP4, arbP4, arbIpv4Value, (p, q, v) => {
        assert.equal(p.overlaps(q), p.contains(q) || q.contains(p));
        const a = Ipv4Address.fromNumber(v);
        assert.equal(p.contains(a), p.first().toNumber() <= v && v <= p.last().toNumber());
        assert.equal(Ipv4Prefix.parse(p.toString()).equals(p), true);
        assert.equal(p.contains(Ipv6Address.fromBigInt(BigInt(v))), false);
      }),
      RUNS,
    );
  });
});
