import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv6Arb, prefixArb } from './arbitraries.test-helper.js';
import {
  BgpWireError,
  formatIpv6,
  formatWirePrefix,
  parseIpv4,
  parseIpv6,
  parseWirePrefix,
  prefixCodec,
  type WireContext,
} from './index.js';
import { expectRoundTrip, fromHex, toHex } from './round-trip.test-helper.js';
import { ByteReader } from '../../core/bytes.js';

const ctx: WireContext = { fourOctetAs: true, extendedMessage: false };
const addPathCtx: WireContext = {
  ...ctx,
  addPath: [
    { afi: 2, safi: 1 },
    { afi: 1, safi: 1 },
  ],
};

describe('wire prefixes', () => {
  it('round-trip for both families, with and without add-path (property)', () => {
    fc.assert(
      fc.property(prefixArb(2), prefixArb(1), prefixArb(2, true), (p6, p4, p6id) => {
        expectRoundTrip(prefixCodec(2), p6, ctx);
        expectRoundTrip(prefixCodec(1), p4, ctx);
        expectRoundTrip(prefixCodec(2), p6id, addPathCtx);
      }),
      { numRuns: 500 },
    );
  });

  it('encodes the minimal number of octets (RFC 4760 §5)', () => {
    expect(toHex(expectRoundTrip(prefixCodec(2), parseWirePrefix('2001:db8::/32'), ctx))).toBe('2020010db8');
    expect(toHex(expectRoundTrip(prefixCodec(2), parseWirePrefix('::/0'), ctx))).toBe('00');
    expect(toHex(expectRoundTrip(prefixCodec(1), parseWirePrefix('10.128.0.0/9'), ctx))).toBe('090a80');
    expect(toHex(expectRoundTrip(prefixCodec(2), { ...parseWirePrefix('2001:db8::/32'), pathId: 7 }, addPathCtx))).toBe(
      '000000072020010db8',
    );
  });

  it('zeroes trailing bits on decode (RFC 4271 §4.3: they are irrelevant)', () => {
    const p = prefixCodec(1).decode(new ByteReader(fromHex('090aff')), ctx);
    expect(formatWirePrefix(p)).toBe('10.128.0.0/9');
  });

  it('rejects lengths beyond the family with 3/10', () => {
    expect(() => prefixCodec(1).decode(new ByteReader(fromHex('21 0a000000 00')), ctx)).toThrow(BgpWireError);
    expect(() => prefixCodec(2).decode(new ByteReader(fromHex('81')), ctx)).toThrow(BgpWireError);
  });

  it('formats and parses text', () => {
    for (const t of [
      '2001:db8::/32',
      '::/0',
      '2a0e:97c0:ae3::/48',
      'fd00::/8',
      '192.0.2.0/24',
      '0.0.0.0/0',
      '2001:db8::1/128',
    ]) {
      expect(formatWirePrefix(parseWirePrefix(t))).toBe(t);
    }
    for (const bad of [
      '2001:db8::1/32',
      '10.0.0.1/8',
      '2001:db8::/129',
      '10.0.0.0/33',
      '2001:db8::',
      'x/8',
      '10.0.0.0/08a',
    ]) {
      expect(() => parseWirePrefix(bad), bad).toThrow(expect.objectContaining({ code: 'E_PREFIX_SYNTAX' }));
    }
  });
});

describe('address text', () => {
  it('formats RFC 5952 canonical IPv6', () => {
    const cases: [string, string][] = [
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['0:0:0:0:0:0:0:0', '::'],
      ['fe80::1', 'fe80::1'],
      ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
      ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
      ['FD00::A', 'fd00::a'],
    ];
    for (const [input, canon] of cases) expect(formatIpv6(parseIpv6(input))).toBe(canon);
  });
  it('round-trips any address (property)', () => {
    fc.assert(fc.property(ipv6Arb, (t) => formatIpv6(parseIpv6(t)) === t));
  });
  it('rejects malformed text', () => {
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::', ':::', '1:2:3:4:5:6:7']) {
      expect(() => parseIpv6(bad), bad).toThrow(expect.objectContaining({ code: 'E_ADDRESS_SYNTAX' }));
    }
    for (const bad of ['1.2.3', '256.0.0.1', '01.2.3.4', '1.2.3.4.5']) {
      expect(() => parseIpv4(bad), bad).toThrow(expect.objectContaining({ code: 'E_ADDRESS_SYNTAX' }));
    }
  });
});
