/**
 * fast-check arbitraries for addresses, prefixes and their text forms. For tests only (imports the fast-check
 * devDependency); other areas may reuse them in their own property tests.
 */
import fc from 'fast-check';
import { formatIpv4 } from '../text-ipv4.js';

/** A 16-bit group biased towards 0 so that zero runs (and RFC 5952 ties) are common. */
export const arbGroup: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constantFrom(1, 0xffff, 0xdb8, 0x2001) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
);

/** 8 IPv6 groups, biased towards zero runs and IPv4-mapped values. */
export const arbGroups: fc.Arbitrary<number[]> = fc.oneof(
  { weight: 6, arbitrary: fc.array(arbGroup, { minLength: 8, maxLength: 8 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(arbGroup, arbGroup).map(([a, b]) => [0, 0, 0, 0, 0, 0xffff, a, b]),
  },
);

/** Combine 8 groups into a 128-bit value. */
export function groupsToBigInt(groups: readonly number[]): bigint {
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

/** A 128-bit IPv6 value with the bias of {@link arbGroups}. */
export const arbIpv6Value: fc.Arbitrary<bigint> = arbGroups.map(groupsToBigInt);

/** A 32-bit IPv4 value. */
export const arbIpv4Value: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 0xffff_ffff }),
  fc.constantFrom(0, 0xffff_ffff, 0x7f000001, 0x0a000000),
);

/** Every valid RFC 4291 §2.2 spelling of some groups: any case, optional leading zeros, any `::`, optional dotted tail. */
export function arbIpv6Text(groups: readonly number[]): fc.Arbitrary<string> {
  const zeroRuns: Array<[number, number]> = [];
  for (let i = 0; i < 8; i++) for (let j = i; j < 8 && groups[j] === 0; j++) zeroRuns.push([i, j + 1]);
  return fc
    .record({
      pad: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
      upper: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      run: zeroRuns.length > 0 ? fc.option(fc.constantFrom(...zeroRuns)) : fc.constant(null),
      dotted: fc.boolean(),
    })
    .map(({ pad, upper, run, dotted }) => {
      const hex = groups.map((g, i) => {
        const h = g.toString(16).padStart(Math.min(4, g.toString(16).length + pad[i]!), '0');
        return upper[i] ? h.toUpperCase() : h;
      });
      // The dotted tail replaces groups 6 and 7 unless the `::` run eats into them.
      const useDotted = dotted && (run === null || run[1] <= 6);
      const items: string[] = useDotted ? [...hex.slice(0, 6), formatIpv4(groups[6]! * 65536 + groups[7]!)] : hex;
      if (run === null) return items.join(':');
      const [s, e] = run;
      const head = items.slice(0, s).join(':');
      const tail = items.slice(e).join(':');
      return `${head}::${tail}`;
    });
}

/** Valid IPv6 text together with the value it denotes. */
export const arbIpv6TextWithValue: fc.Arbitrary<{ text: string; value: bigint }> = arbGroups.chain((groups) =>
  arbIpv6Text(groups).map((text) => ({ text, value: groupsToBigInt(groups) })),
);

const MUTATION_CHARS = [':', '::', '.', '0', '00000', 'f', 'G', 'x', '1.2.3.4', '%', '%eth0', '/', ' ', '256', '-'];

/** Valid text, sometimes mutated by inserting, deleting or duplicating characters (near-valid junk). */
export function arbMutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      base,
      fc.array(
        fc.tuple(fc.constantFrom('insert', 'delete', 'duplicate'), fc.nat(), fc.constantFrom(...MUTATION_CHARS)),
        { maxLength: 3 },
      ),
    )
    .map(([text, muts]) => {
      let s = text;
      for (const [kind, at, chunk] of muts) {
        const i = s.length === 0 ? 0 : at % (s.length + 1);
        if (kind === 'insert') s = s.slice(0, i) + chunk + s.slice(i);
        else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + 1);
        else s = s.slice(0, i) + s.slice(i, i + 3) + s.slice(i);
      }
      return s;
    });
}

/** An IPv6 prefix as (value, length), biased so that prefixes nest and overlap often. */
export const arbIpv6PrefixParts: fc.Arbitrary<{ value: bigint; length: number }> = fc.record({
  value: fc.oneof(
    arbIpv6Value,
    fc.bigInt({ min: 0n, max: 0xffn }).map((b) => (0x20010db8n << 96n) | (b << 88n)),
  ),
  length: fc.oneof(fc.integer({ min: 0, max: 128 }), fc.integer({ min: 28, max: 44 })),
});
