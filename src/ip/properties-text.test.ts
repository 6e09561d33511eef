import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import {
  arbGroups,
  arbIpv4Value,
  arbIpv6TextWithValue,
  arbIpv6Value,
  arbMutated,
  groupsToBigInt,
} from './testing/arbitraries.js';
import { IpParseError } from './errors.js';
import { Ipv4Address } from './ipv4-address.js';
import { Ipv4Prefix } from './ipv4-prefix.js';
import { Ipv6Address } from './ipv6-address.js';
import { Ipv6Prefix } from './ipv6-prefix.js';
import { parseAddress, parsePrefix, tryParseAddress, tryParsePrefix } from './parse.js';

const RUNS = { seed: 5952, numRuns: 3_000 };

/** Independent check of RFC 5952 §4 on formatted text, given the groups it should denote. */
function checkRfc5952(text: string, groups: readonly number[]): void {
  assert.equal(text, text.toLowerCase()); // §4.3
  if (groups.slice(0, 6).join() === '0,0,0,0,0,65535') {
    assert.equal(text.startsWith('::ffff:'), true); // §5
    assert.equal(text.split('.').length, 4);
    return;
  }
  for (const g of text.split(':')) assert.equal(/^(?:0|[1-9a-f][0-9a-f]{0,3})?$/.test(g), true); // §4.1
  const parts = text.split('::');
  assert.ok(parts.length <= 2); // §4.2.1 (only once)
  // Longest zero run (>= 2), first on ties.
  let best: [number, number] | undefined;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i >= 2 && (best === undefined || j - i > best[1] - best[0])) best = [i, j];
    i = Math.max(i, j);
  }
  if (best === undefined) {
    assert.equal(parts.length, 1); // §4.2.2: never compress a single group
  } else {
    assert.equal(parts.length, 2);
    const head = parts[0] === '' ? 0 : parts[0]!.split(':').length;
    assert.equal(head, best[0]); // the compressed run starts where the chosen run starts
    const tail = parts[1] === '' ? 0 : parts[1]!.split(':').length;
    assert.equal(8 - tail, best[1]);
  }
}

describe('address text properties', () => {
  it('parse ∘ format = identity on values, and the format is RFC 5952 canonical', () => {
    fc.assert(
      fc.property(arbGroups, (groups) => {
        const v = groupsToBigInt(groups);
        const text = Ipv6Address.fromBigInt(v).toString();
        checkRfc5952(text, groups);
        assert.equal(Ipv6Address.parse(text).toBigInt(), v);
      }),
      RUNS,
    );
  });

  it('format ∘ parse is canonical for every valid spelling (case, leading zeros, any ::, dotted tail)', () => {
    fc.assert(
      fc.property(arbIpv6TextWithValue, ({ text, value }) => {
        const a = Ipv6Address.parse(text);
        assert.equal(a.toBigInt(), value);
        assert.equal(a.toString(), Ipv6Address.fromBigInt(value).toString());
        assert.equal(Ipv6Address.parse(a.toString()).toString(), a.toString());
      }),
      RUNS,
    );
  });

  it('IPv4: parse ∘ format = identity, bytes and bigint round-trip', () => {
    fc.assert(
      fc.property(arbIpv4Value, (n) => {
        const a = Ipv4Address.fromNumber(n);
        assert.equal(Ipv4Address.parse(a.toString()).toNumber(), n);
        assert.equal(Ipv4Address.fromBytes(a.toBytes()).equals(a), true);
        assert.equal(Ipv4Address.fromBigInt(a.toBigInt()).equals(a), true);
      }),
      RUNS,
    );
  });

  it('bytes and bigint round-trip; compare agrees with bigint order; add inverts', () => {
    fc.assert(
      fc.property(arbIpv6Value, arbIpv6Value, fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }), (x, y, d) => {
        const a = Ipv6Address.fromBigInt(x);
        const b = Ipv6Address.fromBigInt(y);
        assert.equal(Ipv6Address.fromBytes(a.toBytes()).equals(a), true);
        assert.equal(Math.sign(a.compare(b)), x < y ? -1 : x > y ? 1 : 0);
        assert.equal(a.equals(b), x === y);
        const sum = x + d;
        if (sum < 0n || sum >= 1n << 128n) {
          assert.throws(() => a.add(d), { code: 'E_IP_RANGE' });
        } else {
          assert.equal(a.add(d).add(-d).equals(a), true);
        }
      }),
      { seed: 1, numRuns: 2000 },
    );
  });
});

describe('no exception other than IpParseError escapes a parse function', () => {
  const parsers: Array<(s: string) => unknown> = [
    (s) => Ipv6Address.parse(s, { allowZone: true }),
    (s) => Ipv4Address.parse(s, { allowZone: true }),
    (s) => Ipv6Prefix.parse(s),
    (s) => Ipv4Prefix.parse(s),
    (s) => parseAddress(s),
    (s) => parseAddress(s, { allowZone: true }),
    (s) => parsePrefix(s),
  ];
  const tryParsers: Array<(s: string) => { ok: boolean }> = [
    (s) => Ipv6Address.tryParse(s),
    (s) => tryParseAddress(s),
    (s) => tryParsePrefix(s),
  ];
  const junk = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: fc.constantFrom(...':.%/0123456789abcdefABCDEFxg '.split('')), maxLength: 50 }),
    arbMutated(arbIpv6TextWithValue.map((t) => t.text)),
    arbMutated(arbIpv6TextWithValue.map((t) => `${t.text}/${t.value % 130n}`)),
  );

  it('parse throws only IpParseError with a known code; tryParse never throws', () => {
    const codes = new Set(['E_IP_SYNTAX', 'E_IP_ZONE', 'E_PREFIX_SYNTAX', 'E_PREFIX_LENGTH']);
    fc.assert(
      fc.property(junk, (s) => {
        for (const parse of parsers) {
          try {
            parse(s);
          } catch (err) {
            assert.ok(err instanceof IpParseError, String(err));
            assert.equal(codes.has((err as IpParseError).code), true);
          }
        }
        for (const tryParse of tryParsers) {
          const r = tryParse(s) as { ok: boolean; code?: string };
          if (!r.ok) assert.equal(codes.has(r.code!), true);
        }
      }),
      { seed: 4007, numRuns: 3_000 },
    );
  });
});
