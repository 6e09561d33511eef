/**
 * Differential tests against ipaddr.js on seeded random inputs (10,000 cases per check). Known, intended
 * differences are excluded explicitly (each has a named predicate below) and counted, so a change on either
 * side that widens them shows up as a failure:
 * - IPv4 parts with leading zeros or hex (`::ffff:01.2.3.4`, `0x1`): ipaddr.js reads them, we reject them because
 *   historic parsers read them as octal (RFC 6943 §3.1.1).
 * - `::a.b.c.d`: ipaddr.js turns it into ::ffff:a.b.c.d; RFC 4291 §2.2 (3) says it is ::a.b.c.d (low 32 bits).
 * - Zone ids: ipaddr.js accepts [0-9a-z]; we accept the RFC 6874 unreserved set, a superset.
 * - Prefix text: ipaddr.js accepts leading zeros in the length (`/048`) and a zone id before the slash; we don't.
 * - Formatting of IPv4-mapped addresses: RFC 5952 §5 dotted tail (ours) vs all-hex (ipaddr.js).
 */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import {
  arbGroups,
  arbIpv4Value,
  arbIpv6PrefixParts,
  arbIpv6Value,
  arbIpv6TextWithValue,
  arbMutated,
} from './testing/arbitraries.js';
import { Ipv4Address } from './ipv4-address.js';
import { Ipv4Prefix } from './ipv4-prefix.js';
import { Ipv6Address } from './ipv6-address.js';
import { Ipv6Prefix } from './ipv6-prefix.js';
import { formatIpv4 } from './text-ipv4.js';

const N = 10_000;

function bytesToBigInt(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Our text with an optional ipaddr.js-compatible zone id. */
const arbZone = fc.option(fc.stringMatching(/^[0-9a-z]{1,6}$/), { nil: undefined });
const arbV6Text = fc
  .tuple(arbIpv6TextWithValue, arbZone)
  .map(([t, zone]) => (zone === undefined ? t.text : `${t.text}%${zone}`));

/** Dotted IPv4 tail with a part that has a leading zero or hex digits (ipaddr.js leniency). */
const lenientIpv4Tail = (s: string) => {
  const body = s.split('%')[0]!;
  const tail = body.slice(body.lastIndexOf(':') + 1);
  return tail.includes('.') && tail.split('.').some((p) => /^0[0-9x]/i.test(p));
};
/** RFC 4291 `::a.b.c.d`, which ipaddr.js maps to ::ffff:a.b.c.d. */
const deprecatedCompat = (s: string) => /^::[0-9]+\.[0-9.]*(%.*)?$/.test(s);
/** A zone id outside ipaddr.js's [0-9a-z]. */
const wideZone = (s: string) => s.includes('%') && !/%[0-9a-z]+$/i.test(s);

describe('differential vs ipaddr.js', () => {
  it('IPv6 parse acceptance and value on random near-valid text', () => {
    const inputs = fc.sample(arbMutated(arbV6Text), { seed: 42, numRuns: N });
    const mismatches: string[] = [];
    let accepted = 0;
    let excluded = 0;
    for (const s of inputs) {
      if (lenientIpv4Tail(s) || wideZone(s)) {
        excluded++;
        continue;
      }
      const ours = Ipv6Address.tryParse(s, { allowZone: true });
      const theirs = ipaddr.IPv6.isValid(s);
      if (ours.ok !== theirs) {
        mismatches.push(`${JSON.stringify(s)}: ours ${ours.ok} theirs ${theirs}`);
        continue;
      }
      if (!ours.ok) continue;
      accepted++;
      const them = ipaddr.IPv6.parse(s);
      if (!deprecatedCompat(s) && ours.value.toBigInt() !== bytesToBigInt(them.toByteArray())) {
        mismatches.push(`${JSON.stringify(s)}: value ${ours.value} vs ${them.toRFC5952String()}`);
      }
      if ((ours.value.zone ?? '') !== (them.zoneId ?? '')) mismatches.push(`${JSON.stringify(s)}: zone`);
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    // The inputs must exercise both sides of the boundary.
    expect(accepted).toBeGreaterThan(N * 0.2);
    expect(N - excluded - accepted).toBeGreaterThan(N * 0.2);
    expect(excluded).toBeLessThan(N * 0.1);
  });

  it('RFC 5952 formatting equals ipaddr.js toRFC5952String (mapped addresses: dotted tail)', () => {
    const values = fc.sample(arbGroups, { seed: 7, numRuns: N });
    const mismatches: string[] = [];
    for (const groups of values) {
      const theirs = new ipaddr.IPv6(groups);
      const ours = Ipv6Address.fromBigInt(bytesToBigInt(theirs.toByteArray()));
      const expected = theirs.isIPv4MappedAddress()
        ? `::ffff:${theirs.toIPv4Address().toString()}`
        : theirs.toRFC5952String();
      if (ours.toString() !== expected) mismatches.push(`${ours} vs ${expected}`);
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('IPv6 prefix parse acceptance', () => {
    const arbPrefixText = fc
      .tuple(arbIpv6TextWithValue, fc.integer({ min: 0, max: 140 }))
      .map(([t, len]) => `${t.text}/${len}`);
    const inputs = fc.sample(arbMutated(arbPrefixText), { seed: 43, numRuns: N });
    const mismatches: string[] = [];
    let accepted = 0;
    for (const s of inputs) {
      if (lenientIpv4Tail(s.split('/')[0]!) || s.includes('%') || /\/0[0-9]/.test(s)) continue;
      const ours = Ipv6Prefix.tryParse(s);
      const theirs = ipaddr.IPv6.isValidCIDR(s);
      if (ours.ok !== theirs) mismatches.push(`${JSON.stringify(s)}: ours ${ours.ok} theirs ${theirs}`);
      else if (ours.ok) {
        accepted++;
        const [addr, len] = ipaddr.IPv6.parseCIDR(s);
        if (ours.value.length !== len) mismatches.push(`${s}: length`);
        if (
          !deprecatedCompat(s.split('/')[0]!) &&
          ours.value.address.toBigInt() !== bytesToBigInt(addr.toByteArray())
        ) {
          mismatches.push(`${s}: address`);
        }
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(accepted).toBeGreaterThan(N * 0.2);
  });

  it('IPv6 contains agrees with ipaddr.js match', () => {
    const cases = fc.sample(fc.tuple(arbIpv6PrefixParts, arbIpv6Value), { seed: 44, numRuns: N });
    const mismatches: string[] = [];
    let inside = 0;
    for (const [{ value, length }, v] of cases) {
      const p = Ipv6Prefix.of(Ipv6Address.fromBigInt(value), length);
      const a = Ipv6Address.fromBigInt(v);
      const theirs = ipaddr.IPv6.parse(a.toString()).match(ipaddr.IPv6.parse(p.address.toString()), length);
      if (theirs) inside++;
      if (p.contains(a) !== theirs) mismatches.push(`${p} ∋ ${a}: ours ${p.contains(a)}`);
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(inside).toBeGreaterThan(N * 0.05);
  });

  it('IPv4 address and prefix parse acceptance vs ipaddr.js four-part decimal, and contains vs match', () => {
    const arbV4Text = arbIpv4Value.map((n) => formatIpv4(n));
    const inputs = fc.sample(arbMutated(arbV4Text), { seed: 45, numRuns: N });
    const mismatches: string[] = [];
    let accepted = 0;
    for (const s of inputs) {
      const ours = Ipv4Address.tryParse(s);
      const theirs = ipaddr.IPv4.isValidFourPartDecimal(s);
      if (ours.ok !== theirs) mismatches.push(`${JSON.stringify(s)}: ours ${ours.ok} theirs ${theirs}`);
      else if (ours.ok) {
        accepted++;
        if (ours.value.toBigInt() !== bytesToBigInt(ipaddr.IPv4.parse(s).toByteArray())) mismatches.push(`${s}: value`);
      }
    }
    const prefixTexts = fc.sample(
      arbMutated(fc.tuple(arbV4Text, fc.integer({ min: 0, max: 40 })).map(([t, l]) => `${t}/${l}`)),
      { seed: 47, numRuns: N },
    );
    for (const s of prefixTexts) {
      if (/\/0[0-9]/.test(s)) continue; // ipaddr.js accepts leading zeros in the length
      const ours = Ipv4Prefix.tryParse(s);
      const theirs = ipaddr.IPv4.isValidCIDRFourPartDecimal(s);
      if (ours.ok !== theirs) mismatches.push(`${JSON.stringify(s)}: prefix ours ${ours.ok} theirs ${theirs}`);
    }
    const cases = fc.sample(fc.tuple(arbIpv4Value, fc.integer({ min: 0, max: 32 }), arbIpv4Value), {
      seed: 46,
      numRuns: N,
    });
    for (const [pv, len, av] of cases) {
      const p = Ipv4Prefix.of(Ipv4Address.fromNumber(pv), len);
      const a = Ipv4Address.fromNumber(av);
      const theirs = ipaddr.IPv4.parse(a.toString()).match(ipaddr.IPv4.parse(p.address.toString()), len);
      if (p.contains(a) !== theirs) mismatches.push(`${p} ∋ ${a}`);
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(accepted).toBeGreaterThan(N * 0.2);
  });
});
