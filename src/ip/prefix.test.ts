import { describe, expect, it } from 'vitest';
import { IpParseError, IpRangeError } from './errors.js';
import { Ipv4Address } from './ipv4-address.js';
import { Ipv4Prefix } from './ipv4-prefix.js';
import { Ipv6Address } from './ipv6-address.js';
import { Ipv6Prefix } from './ipv6-prefix.js';
import { parsePrefix, tryParsePrefix } from './parse.js';

const p6 = (t: string) => Ipv6Prefix.parse(t);
const a6 = (t: string) => Ipv6Address.parse(t);
const p4 = (t: string) => Ipv4Prefix.parse(t);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

describe('prefix parsing (RFC 4291 §2.3)', () => {
  it.each([
    ['2001:db8::/32', '2001:db8::/32', false],
    ['2001:0DB8:0000:CD30:0000:0000:0000:0000/60', '2001:db8:0:cd30::/60', false],
    ['2001:0DB8::CD30:0:0:0:0/60', '2001:db8:0:cd30::/60', false],
    ['2001:0DB8:0:CD30::/60', '2001:db8:0:cd30::/60', false],
    // RFC 4291 §2.3 combined node address and prefix: host bits allowed, kept, detected.
    ['2001:0DB8:0:CD30:123:4567:89AB:CDEF/60', '2001:db8:0:cd30:123:4567:89ab:cdef/60', true],
    ['::/0', '::/0', false],
    ['::1/128', '::1/128', false],
    ['::ffff:10.0.0.0/104', '::ffff:10.0.0.0/104', false],
  ])('%s → %s (host bits %s)', (text, canonical, hostBits) => {
    const p = p6(text);
    expect(p.toString()).toBe(canonical);
    expect(p.hasHostBits()).toBe(hostBits);
    expect(p6(p.toString()).equals(p)).toBe(true);
  });

  it.each([
    // RFC 4291 §2.3's own examples of invalid text for 2001:0DB8:0:CD3/60.
    ['2001:0DB8:0:CD3/60', 'E_IP_SYNTAX'],
    ['2001:0DB8::CD30/60', 'E_IP_SYNTAX_OK'],
    ['2001:0DB8::CD3/60', 'E_IP_SYNTAX_OK'],
    ['2001:db8::', 'E_PREFIX_SYNTAX'],
    ['2001:db8::/', 'E_PREFIX_SYNTAX'],
    ['2001:db8::/32/1', 'E_PREFIX_SYNTAX'],
    ['2001:db8::/032', 'E_PREFIX_SYNTAX'],
    ['2001:db8::/+32', 'E_PREFIX_SYNTAX'],
    ['2001:db8::/ 32', 'E_PREFIX_SYNTAX'],
    ['2001:db8::/3x', 'E_PREFIX_SYNTAX'],
    ['2001:db8::/129', 'E_PREFIX_LENGTH'],
    ['2001:db8::/99999999999999999999', 'E_PREFIX_LENGTH'],
    ['2001:db8::/000000000064', 'E_PREFIX_SYNTAX'],
    ['2001:db8::/-1', 'E_PREFIX_SYNTAX'],
    ['/64', 'E_IP_SYNTAX'],
    ['fe80::%eth0/64', 'E_IP_ZONE'],
  ])('%s → %s', (text, code) => {
    const r = Ipv6Prefix.tryParse(text);
    if (code === 'E_IP_SYNTAX_OK') {
      // Syntactically valid (it is another prefix than the RFC's intended one), so it parses.
      expect(r.ok).toBe(true);
      return;
    }
    expect(r).toMatchObject({ ok: false, code });
    expect(() => p6(text)).toThrow(IpParseError);
  });

  it('IPv4 prefixes', () => {
    expect(p4('10.0.0.0/8').toString()).toBe('10.0.0.0/8');
    expect(p4('10.1.2.3/8').hasHostBits()).toBe(true);
    expect(Ipv4Prefix.tryParse('10.0.0.0/33')).toMatchObject({ ok: false, code: 'E_PREFIX_LENGTH' });
    expect(Ipv4Prefix.tryParse('10.0.0/8')).toMatchObject({ ok: false, code: 'E_IP_SYNTAX' });
    expect(Ipv4Prefix.tryParse('10.0.0.0')).toMatchObject({ ok: false, code: 'E_PREFIX_SYNTAX' });
    expect(parsePrefix('192.0.2.0/24').family).toBe(4);
    expect(parsePrefix('2001:db8::/32').family).toBe(6);
    expect(tryParsePrefix('2001:db8::/200')).toMatchObject({ ok: false, code: 'E_PREFIX_LENGTH' });
  });
});

describe('prefix arithmetic', () => {
  it('network, first, last, size', () => {
    const p = p6('2001:db8:1:2::3/48');
    expect(p.network().toString()).toBe('2001:db8:1::/48');
    expect(p.first().toString()).toBe('2001:db8:1::');
    expect(p.last().toString()).toBe('2001:db8:1:ffff:ffff:ffff:ffff:ffff');
    expect(p.size()).toBe(1n << 80n);
    expect(p6('::/0').size()).toBe(1n << 128n);
    expect(p6('::1/128').size()).toBe(1n);
    expect(p4('0.0.0.0/0').size()).toBe(1n << 32n);
    const n = p6('2001:db8::/32');
    expect(n.network()).toBe(n);
  });

  it('contains and overlaps', () => {
    const p = p6('2001:db8::/32');
    expect(p.contains(a6('2001:db8::1'))).toBe(true);
    expect(p.contains(a6('2001:db9::'))).toBe(false);
    expect(p.contains(p6('2001:db8:ffff::/48'))).toBe(true);
    expect(p.contains(p6('2001:db8::/31'))).toBe(false);
    expect(p.contains(p)).toBe(true);
    expect(p.contains(Ipv4Address.parse('1.2.3.4'))).toBe(false);
    expect(p.contains(p4('0.0.0.0/0'))).toBe(false);
    expect(p.overlaps(p6('2001:db8:5::/48'))).toBe(true);
    expect(p6('2001:db8:5::/48').overlaps(p)).toBe(true);
    expect(p.overlaps(p6('2001:db9::/32'))).toBe(false);
    expect(p.overlaps(p4('0.0.0.0/0'))).toBe(false);
    // Host bits do not change what a prefix contains.
    expect(p6('2001:db8::1/32').contains(a6('2001:db8:ffff::'))).toBe(true);
  });

  it('subnet, subnetCount, supernet, nth', () => {
    const p = p6('2001:db8::/48');
    expect(p.subnetCount(64)).toBe(65536n);
    expect(p.subnet(0, 64).toString()).toBe('2001:db8::/64');
    expect(p.subnet(0xffffn, 64).toString()).toBe('2001:db8:0:ffff::/64');
    expect(p.subnet(5, 56).toString()).toBe('2001:db8:0:500::/56');
    expect(p.subnet(0, 48).toString()).toBe('2001:db8::/48');
    expect(codeOf(() => p.subnet(65536, 64))).toBe('E_PREFIX_RANGE');
    expect(codeOf(() => p.subnet(-1, 64))).toBe('E_PREFIX_RANGE');
    expect(codeOf(() => p.subnet(0.5, 64))).toBe('E_PREFIX_RANGE');
    expect(codeOf(() => p.subnet(0, 47))).toBe('E_PREFIX_RANGE');
    expect(codeOf(() => p.subnet(0, 129))).toBe('E_PREFIX_RANGE');
    expect(p.supernet(32).toString()).toBe('2001:db8::/32');
    expect(p6('2001:db8:8000::/33').supernet(32).toString()).toBe('2001:db8::/32');
    expect(p.supernet(0).toString()).toBe('::/0');
    expect(codeOf(() => p.supernet(49))).toBe('E_PREFIX_RANGE');
    expect(p.nth(0).toString()).toBe('2001:db8::');
    expect(p.nth(0x10001n).toString()).toBe('2001:db8::1:1');
    expect(codeOf(() => p.nth(p.size()))).toBe('E_PREFIX_RANGE');
    expect(p4('10.0.0.0/24').nth(255).toString()).toBe('10.0.0.255');
  });

  it('subnets and addresses iterate in order', () => {
    expect([...p6('2001:db8::/62').subnets(64)].map(String)).toEqual([
      '2001:db8::/64',
      '2001:db8:0:1::/64',
      '2001:db8:0:2::/64',
      '2001:db8:0:3::/64',
    ]);
    expect([...p4('192.0.2.4/30').addresses()].map(String)).toEqual([
      '192.0.2.4',
      '192.0.2.5',
      '192.0.2.6',
      '192.0.2.7',
    ]);
    expect([...p6('::/126').addresses()].map(String)).toEqual(['::', '::1', '::2', '::3']);
  });

  it('equals and compare', () => {
    expect(p6('2001:db8::1/48').equals(p6('2001:db8::/48'))).toBe(false);
    expect(p6('2001:db8::/48').equals(p6('2001:db8:0::/48'))).toBe(true);
    expect(p6('2001:db8::/48').equals(p4('10.0.0.0/8'))).toBe(false);
    const sorted = ['2001:db8::/48', '2001:db8::/32', '::/0', '2001:db8::1/48', '2001:db7::/48', '10.0.0.0/8']
      .map(parsePrefix)
      .sort((a, b) => a.compare(b))
      .map(String);
    expect(sorted).toEqual(['10.0.0.0/8', '::/0', '2001:db7::/48', '2001:db8::/32', '2001:db8::/48', '2001:db8::1/48']);
  });

  it('of() validates length, family and zone', () => {
    expect(Ipv6Prefix.of(a6('2001:db8::'), 32).toString()).toBe('2001:db8::/32');
    expect(codeOf(() => Ipv6Prefix.of(a6('::'), 129))).toBe('E_PREFIX_LENGTH');
    expect(codeOf(() => Ipv6Prefix.of(a6('::'), -1))).toBe('E_PREFIX_LENGTH');
    expect(codeOf(() => Ipv4Prefix.of(Ipv4Address.parse('1.2.3.4'), 33))).toBe('E_PREFIX_LENGTH');
    expect(codeOf(() => Ipv6Prefix.of(Ipv6Address.parse('fe80::%eth0', { allowZone: true }), 64))).toBe('E_IP_ZONE');
    expect(() => Ipv6Prefix.of(a6('::'), 129)).toThrow(IpRangeError);
  });
});

describe('address helpers', () => {
  it('bytes and bigint round trips', () => {
    const a = a6('2001:db8::102:304');
    expect(Array.from(a.toBytes())).toEqual([0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    expect(Ipv6Address.fromBytes(a.toBytes()).equals(a)).toBe(true);
    expect(Ipv6Address.fromBigInt(a.toBigInt()).equals(a)).toBe(true);
    expect(codeOf(() => Ipv6Address.fromBytes(new Uint8Array(4)))).toBe('E_IP_RANGE');
    expect(codeOf(() => Ipv6Address.fromBigInt(1n << 128n))).toBe('E_IP_RANGE');
    expect(codeOf(() => Ipv6Address.fromBigInt(-1n))).toBe('E_IP_RANGE');
    const b = Ipv4Address.parse('203.0.113.9');
    expect(Array.from(b.toBytes())).toEqual([203, 0, 113, 9]);
    expect(Ipv4Address.fromBytes(b.toBytes()).equals(b)).toBe(true);
    expect(Ipv4Address.fromNumber(0xffffffff).toString()).toBe('255.255.255.255');
    expect(codeOf(() => Ipv4Address.fromNumber(2 ** 32))).toBe('E_IP_RANGE');
    expect(codeOf(() => Ipv4Address.fromBigInt(-1n))).toBe('E_IP_RANGE');
  });

  it('structural equality (toEqual) and JSON see the value', () => {
    expect(a6('::1')).not.toEqual(a6('::2'));
    expect(a6('::1')).toEqual(a6('0::1'));
    expect(p6('2001:db8::/48')).not.toEqual(p6('2001:db9::/48'));
    expect(p6('2001:db8::/48')).not.toEqual(p6('2001:db8::1/48'));
    expect(Ipv4Address.parse('1.2.3.4')).not.toEqual(Ipv4Address.parse('1.2.3.5'));
    expect(JSON.stringify({ a: a6('2001:DB8::1'), p: p4('10.0.0.0/8') })).toBe('{"a":"2001:db8::1","p":"10.0.0.0/8"}');
  });

  it('add and overflow', () => {
    expect(a6('::ffff').add(1n).toString()).toBe('::1:0');
    expect(a6('::1').add(-1n).toString()).toBe('::');
    expect(codeOf(() => a6('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff').add(1n))).toBe('E_IP_RANGE');
    expect(codeOf(() => a6('::').add(-1n))).toBe('E_IP_RANGE');
    expect(Ipv4Address.parse('10.0.0.255').add(1n).toString()).toBe('10.0.1.0');
    expect(codeOf(() => Ipv4Address.parse('255.255.255.255').add(1n))).toBe('E_IP_RANGE');
  });

  it('compare orders IPv4 before IPv6, then by value', () => {
    const list = ['::1', '10.0.0.1', '::', '9.255.255.255', 'fe80::'].map((t) =>
      t.includes(':') ? a6(t) : Ipv4Address.parse(t),
    );
    list.sort((a, b) => a.compare(b));
    expect(list.map(String)).toEqual(['9.255.255.255', '10.0.0.1', '::', '::1', 'fe80::']);
  });

  it('IPv6 classification', () => {
    const cls = (t: string) => {
      const a = a6(t);
      return [
        a.isUnspecified(),
        a.isLoopback(),
        a.isLinkLocal(),
        a.isUniqueLocal(),
        a.isMulticast(),
        a.isDocumentation(),
        a.isIpv4Mapped(),
        a.isGlobalUnicast(),
      ]
        .map((b) => (b ? 1 : 0))
        .join('');
    };
    expect(cls('::')).toBe('10000000');
    expect(cls('::1')).toBe('01000000');
    expect(cls('fe80::1')).toBe('00100000');
    expect(cls('febf:ffff::')).toBe('00100000');
    expect(cls('fec0::')).toBe('00000000');
    expect(cls('fc00::')).toBe('00010000');
    expect(cls('fdff::1')).toBe('00010000');
    expect(cls('fe00::')).toBe('00000000');
    expect(cls('ff02::1')).toBe('00001000');
    expect(cls('2001:db8::1')).toBe('00000100');
    expect(cls('3fff:fff::')).toBe('00000100');
    expect(cls('3fff:1000::')).toBe('00000001');
    expect(cls('::ffff:1.2.3.4')).toBe('00000010');
    expect(cls('2a0e:97c0:ae3::1')).toBe('00000001');
    expect(cls('2000::')).toBe('00000001');
    expect(cls('4000::')).toBe('00000000');
    expect(a6('::ffff:1.2.3.4').toIpv4Mapped()?.toString()).toBe('1.2.3.4');
    expect(a6('::1.2.3.4').toIpv4Mapped()).toBeUndefined();
    expect(Ipv6Address.fromIpv4Mapped(Ipv4Address.parse('1.2.3.4')).toString()).toBe('::ffff:1.2.3.4');
  });

  it('IPv4 classification', () => {
    const v4 = (t: string) => Ipv4Address.parse(t);
    expect(['10.1.1.1', '172.16.0.1', '172.31.255.255', '192.168.0.1'].every((t) => v4(t).isPrivate())).toBe(true);
    expect(['11.0.0.0', '172.15.255.255', '172.32.0.0', '192.169.0.0'].some((t) => v4(t).isPrivate())).toBe(false);
    expect(v4('224.0.0.1').isMulticast()).toBe(true);
    expect(v4('239.255.255.255').isMulticast()).toBe(true);
    expect(v4('240.0.0.0').isMulticast()).toBe(false);
    expect(v4('0.0.0.0').isUnspecified()).toBe(true);
    expect(v4('127.9.9.9').isLoopback()).toBe(true);
    expect(v4('169.254.3.4').isLinkLocal()).toBe(true);
    expect(v4('169.253.3.4').isLinkLocal()).toBe(false);
    expect(['192.0.2.1', '198.51.100.7', '203.0.113.255'].every((t) => v4(t).isDocumentation())).toBe(true);
    expect(v4('192.0.3.1').isDocumentation()).toBe(false);
  });
});
