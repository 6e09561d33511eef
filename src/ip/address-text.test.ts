import { describe, expect, it } from 'vitest';
import { IpParseError } from './errors.js';
import { Ipv4Address } from './ipv4-address.js';
import { Ipv6Address } from './ipv6-address.js';
import { parseAddress, tryParseAddress } from './parse.js';

/** [text, expected bigint value] pairs: every RFC 4291 §2.2 form, plus case and leading-zero variants. */
const VALID_V6: Array<[string, bigint]> = [
  // §2.2 (1): full form, with and without leading zeros.
  ['ABCD:EF01:2345:6789:ABCD:EF01:2345:6789', 0xabcdef0123456789abcdef0123456789n],
  ['2001:DB8:0:0:8:800:200C:417A', 0x20010db80000000000080800200c417an],
  ['2001:0db8:0000:0000:0008:0800:200c:417a', 0x20010db80000000000080800200c417an],
  // §2.2 (2): compressed forms from the RFC's own table.
  ['2001:DB8::8:800:200C:417A', 0x20010db80000000000080800200c417an],
  ['FF01::101', 0xff010000000000000000000000000101n],
  ['::1', 1n],
  ['::', 0n],
  ['0:0:0:0:0:0:0:1', 1n],
  ['0:0:0:0:0:0:0:0', 0n],
  ['1::', 1n << 112n],
  ['1:2:3:4:5:6:7::', 0x0001000200030004000500060007_0000n],
  ['::2:3:4:5:6:7:8', 0x0000000200030004000500060007_0008n],
  ['1::8', (1n << 112n) | 8n],
  // §2.2 (3): mixed forms with a dotted-quad tail.
  ['0:0:0:0:0:0:13.1.68.3', 0x0d014403n],
  ['0:0:0:0:0:FFFF:129.144.52.38', 0xffff81903426n],
  ['::13.1.68.3', 0x0d014403n],
  ['::FFFF:129.144.52.38', 0xffff81903426n],
  ['::ffff:1.2.3.4', 0xffff01020304n],
  ['64:ff9b::1.2.3.4', (0x64ff9bn << 96n) | 0x01020304n],
  ['1:2:3:4:5:6:1.2.3.4', 0x000100020003000400050006_01020304n],
  ['1::255.255.255.255', (1n << 112n) | 0xffffffffn],
  ['::0.0.0.0', 0n],
  // Uppercase, mixed case, up to 4 hex digits with leading zeros.
  ['FE80::AbCd', 0xfe80000000000000000000000000abcdn],
  ['0000::0001', 1n],
  ['000f::', 0xfn << 112n],
];

const INVALID_V6: string[] = [
  '',
  ':',
  ':::',
  '::1::',
  '1::2::3',
  '1:2:3:4:5:6:7',
  '1:2:3:4:5:6:7:8:9',
  '1:2:3:4:5:6:7:8::',
  '::1:2:3:4:5:6:7:8',
  '1:2:3:4::5:6:7:8',
  '12345::',
  '00000::1',
  'g::1',
  '1:2:3:4:5:6:7:',
  ':1:2:3:4:5:6:7',
  ':1::',
  '1:::2',
  '1::2:',
  '::1.2.3',
  '::1.2.3.4.5',
  '::256.1.1.1',
  '::01.2.3.4',
  '1.2.3.4::',
  '1.2.3.4::1',
  '::1.2.3.4:1',
  '1:2:3:4:5:6:7:1.2.3.4',
  '::ffff:1.2.3.4/32',
  ' ::1',
  '::1 ',
  '::-1',
  '::+1',
  '::0x1',
  '[::1]',
  '１::',
  'fe80::1%',
];

describe('Ipv6Address.parse: RFC 4291 §2.2 text forms', () => {
  it.each(VALID_V6)('accepts %s', (text, value) => {
    expect(Ipv6Address.parse(text).toBigInt()).toBe(value);
  });

  it.each(INVALID_V6)('rejects %j with E_IP_SYNTAX or E_IP_ZONE', (text) => {
    const r = Ipv6Address.tryParse(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(['E_IP_SYNTAX', 'E_IP_ZONE']).toContain(r.code);
    expect(() => Ipv6Address.parse(text)).toThrow(IpParseError);
  });

  it('rejects zone ids unless allowed, then keeps them in .zone (RFC 4007 §11)', () => {
    const r = Ipv6Address.tryParse('fe80::1%eth0');
    expect(r).toMatchObject({ ok: false, code: 'E_IP_ZONE' });
    const a = Ipv6Address.parse('fe80::1%eth0', { allowZone: true });
    expect(a.zone).toBe('eth0');
    expect(a.toBigInt()).toBe(0xfe80000000000000000000000000_0001n);
    expect(a.toString()).toBe('fe80::1%eth0');
    expect(Ipv6Address.parse('fe80::1', { allowZone: true }).zone).toBeUndefined();
    expect(Ipv6Address.tryParse('fe80::1%', { allowZone: true })).toMatchObject({ ok: false, code: 'E_IP_SYNTAX' });
    expect(Ipv6Address.tryParse('fe80::1%a b', { allowZone: true })).toMatchObject({ ok: false, code: 'E_IP_SYNTAX' });
    expect(Ipv6Address.tryParse('fe80::1%a%b', { allowZone: true })).toMatchObject({ ok: false, code: 'E_IP_SYNTAX' });
    // Zones take part in equality.
    expect(a.equals(Ipv6Address.parse('fe80::1'))).toBe(false);
    expect(a.equals(Ipv6Address.parse('fe80::1%eth0', { allowZone: true }))).toBe(true);
  });

  it('reports the error as a typed IpParseError with the input', () => {
    try {
      Ipv6Address.parse('1::2::3');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(IpParseError);
      expect((err as IpParseError).code).toBe('E_IP_SYNTAX');
      expect((err as IpParseError).input).toBe('1::2::3');
    }
  });

  it('never throws a TypeError for non-string input from JavaScript callers', () => {
    for (const v of [undefined, null, 42, {}, []]) {
      expect(Ipv6Address.tryParse(v as unknown as string)).toMatchObject({ ok: false, code: 'E_IP_SYNTAX' });
      expect(tryParseAddress(v as unknown as string)).toMatchObject({ ok: false, code: 'E_IP_SYNTAX' });
    }
  });
});

/** RFC 5952 §4 canonical text: [input, canonical]. */
const CANONICAL: Array<[string, string]> = [
  // §2: eight spellings of one address.
  ...[
    '2001:db8:0:0:1:0:0:1',
    '2001:0db8:0:0:1:0:0:1',
    '2001:db8::1:0:0:1',
    '2001:db8::0:1:0:0:1',
    '2001:0db8::1:0:0:1',
    '2001:db8:0:0:1::1',
    '2001:db8:0000:0:1::1',
    '2001:DB8:0:0:1::1',
  ].map((t): [string, string] => [t, '2001:db8::1:0:0:1']),
  // §2.1 leading zeros, §2.2 zero compression, §2.3 case.
  ...['0001', '001', '01', '1'].map((g): [string, string] => [
    `2001:db8:aaaa:bbbb:cccc:dddd:eeee:${g}`,
    '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1',
  ]),
  ['2001:db8:aaaa:bbbb:cccc:dddd::1', '2001:db8:aaaa:bbbb:cccc:dddd:0:1'],
  ['2001:db8:aaaa:bbbb:cccc:dddd:0:1', '2001:db8:aaaa:bbbb:cccc:dddd:0:1'],
  ['2001:db8:0:0:0::1', '2001:db8::1'],
  ['2001:db8:0:0::1', '2001:db8::1'],
  ['2001:db8:0::1', '2001:db8::1'],
  ['2001:db8::aaaa:0:0:1', '2001:db8::aaaa:0:0:1'],
  ['2001:db8:0:0:aaaa::1', '2001:db8::aaaa:0:0:1'],
  ['2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa'],
  ['2001:db8:aaaa:bbbb:cccc:dddd:eeee:AaAa', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa'],
  // §4.1: leading zeros suppressed.
  ['2001:0db8::0001', '2001:db8::1'],
  ['2001:db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
  // §4.2.1: shorten as much as possible.
  ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
  ['2001:db8::0:1', '2001:db8::1'],
  // §4.2.2: a single 16-bit 0 field is not shortened.
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
  ['2001:db8::1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
  // §4.2.3: the longest run is compressed; on ties the first one.
  ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
  ['0:0:1:0:0:1:0:0', '::1:0:0:1:0:0'],
  ['1:0:0:0:0:0:0:0', '1::'],
  ['0:0:0:0:0:0:0:0', '::'],
  ['0:0:0:0:0:0:0:1', '::1'],
  ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'],
  ['0:1:2:3:4:5:6:7', '0:1:2:3:4:5:6:7'],
  // §4.3: lowercase.
  ['2001:DB8::AAAA', '2001:db8::aaaa'],
  // §5: IPv4-mapped addresses keep the dotted quad; other embeddings are plain hex.
  ['::FFFF:192.0.2.1', '::ffff:192.0.2.1'],
  ['0:0:0:0:0:ffff:c000:0201', '::ffff:192.0.2.1'],
  ['::ffff:0:0', '::ffff:0.0.0.0'],
  ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'],
  ['::192.0.2.1', '::c000:201'],
  ['::1:ffff:192.0.2.1', '::1:ffff:c000:201'],
];

describe('Ipv6Address.toString: RFC 5952 §4/§5', () => {
  it.each(CANONICAL)('%s → %s', (text, canonical) => {
    expect(Ipv6Address.parse(text).toString()).toBe(canonical);
    // The canonical form parses back to itself.
    expect(Ipv6Address.parse(canonical).toString()).toBe(canonical);
  });
});

describe('Ipv4Address text', () => {
  it.each([
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['192.0.2.1', 0xc0000201],
    ['10.0.0.255', 0x0a0000ff],
  ])('accepts %s', (text, n) => {
    const a = Ipv4Address.parse(text);
    expect(a.toNumber()).toBe(n);
    expect(a.toString()).toBe(text);
  });

  it.each([
    '',
    '1',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.0',
    '01.2.3.4',
    '1.2.3.04',
    '0x1.2.3.4',
    '1..3.4',
    '1.2.3.',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '-1.2.3.4',
    '1.2.3.4/8',
    '1e2.0.0.0',
    '١.2.3.4',
  ])('rejects %j', (text) => {
    expect(Ipv4Address.tryParse(text)).toMatchObject({ ok: false, code: 'E_IP_SYNTAX' });
  });

  it('handles zones like IPv6', () => {
    expect(Ipv4Address.tryParse('169.254.0.1%eth0')).toMatchObject({ ok: false, code: 'E_IP_ZONE' });
    expect(Ipv4Address.parse('169.254.0.1%eth0', { allowZone: true }).zone).toBe('eth0');
  });
});

describe('parseAddress dispatch', () => {
  it('picks the family by the presence of a colon', () => {
    expect(parseAddress('192.0.2.1').family).toBe(4);
    expect(parseAddress('::192.0.2.1').family).toBe(6);
    expect(tryParseAddress('nonsense')).toMatchObject({ ok: false, code: 'E_IP_SYNTAX' });
    expect(tryParseAddress('fe80::1%lo')).toMatchObject({ ok: false, code: 'E_IP_ZONE' });
    expect(tryParseAddress('fe80::1%lo', { allowZone: true })).toMatchObject({ ok: true });
  });
});
