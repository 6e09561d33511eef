import { describe, expect, it } from 'vitest';
import { TransportError } from '../../core/transport.js';
import { PassivePeerTable, passivePeerKey } from './passive-peers.js';
import {
  AF_INET,
  AF_INET6,
  addressForFamily,
  decodeSockaddr,
  encodeSockaddr,
  encodeTcpMd5sig,
  parseSocketAddress,
  TCP_MD5SIG_SIZE,
} from './sockaddr.js';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('sockaddr layouts', () => {
  it('sockaddr_in6: family LE, port BE, flowinfo, address, scope id (28 bytes)', () => {
    const sa = encodeSockaddr(parseSocketAddress('2001:db8::1'), 179);
    expect(sa.length).toBe(28);
    expect(hex(sa)).toBe(`0a00${'00b3'}00000000${'20010db8000000000000000000000001'}00000000`);
  });

  it('sockaddr_in: family LE, port BE, address, zero padding (16 bytes)', () => {
    expect(hex(encodeSockaddr(parseSocketAddress('192.0.2.7'), 179))).toBe(`0200${'00b3'}c0000207${'00'.repeat(8)}`);
  });

  it('decodes what it encodes', () => {
    for (const [address, port] of [
      ['2001:db8::1', 179],
      ['10.1.2.3', 65535],
    ] as const) {
      expect(decodeSockaddr(encodeSockaddr(parseSocketAddress(address), port))).toEqual({ address, port });
    }
    expect(decodeSockaddr(new Uint8Array(1))).toBeUndefined();
  });

  it('maps IPv4 to ::ffff:a.b.c.d on IPv6 sockets and back', () => {
    const v4 = parseSocketAddress('127.0.0.1');
    expect(addressForFamily(v4, AF_INET6).toString()).toBe('::ffff:127.0.0.1');
    expect(addressForFamily(parseSocketAddress('::ffff:127.0.0.1'), AF_INET).toString()).toBe('127.0.0.1');
    expect(() => addressForFamily(parseSocketAddress('::1'), AF_INET)).toThrow(TransportError);
  });
});

describe('struct tcp_md5sig (216 bytes)', () => {
  it('puts address, flags, prefix length, key length and key at the kernel offsets', () => {
    const s = encodeTcpMd5sig(parseSocketAddress('2001:db8::'), 'abc', 64);
    expect(s.length).toBe(TCP_MD5SIG_SIZE);
    expect(hex(s.subarray(0, 2))).toBe('0a00');
    expect(hex(s.subarray(8, 24))).toBe('20010db8000000000000000000000000');
    expect(s[128]).toBe(1); // TCP_MD5SIG_FLAG_PREFIX
    expect(s[129]).toBe(64);
    expect(hex(s.subarray(130, 132))).toBe('0300'); // keylen 3, little-endian
    expect(hex(s.subarray(132, 136))).toBe('00000000'); // ifindex
    expect(new TextDecoder().decode(s.subarray(136, 139))).toBe('abc');
    expect(s.subarray(139).every((b) => b === 0)).toBe(true);
  });

  it('a host key has no prefix flag; no key means keylen 0 (delete)', () => {
    const s = encodeTcpMd5sig(parseSocketAddress('192.0.2.1'), undefined);
    expect(hex(s.subarray(0, 2))).toBe(hex(Uint8Array.of(AF_INET, 0)));
    expect([s[128], s[129], s[130], s[131]]).toEqual([0, 0, 0, 0]);
  });

  it('rejects empty keys and keys over 80 bytes', () => {
    const address = parseSocketAddress('::1');
    expect(() => encodeTcpMd5sig(address, '')).toThrow(TransportError);
    expect(() => encodeTcpMd5sig(address, 'x'.repeat(81))).toThrow(TransportError);
    expect(encodeTcpMd5sig(address, 'x'.repeat(80))[130]).toBe(80);
  });

  it('rejects text that is not an address with E_TRANSPORT_OPTION', () => {
    try {
      parseSocketAddress('router1');
      expect.unreachable();
    } catch (err) {
      expect((err as TransportError).code).toBe('E_TRANSPORT_OPTION');
    }
  });
});

describe('PassivePeerTable', () => {
  it('picks the most specific entry, across IPv4 and IPv4-mapped forms', () => {
    const table = new PassivePeerTable();
    table.set({ address: '2001:db8::', prefixLength: 32, md5Key: 'wide' });
    table.set({ address: '2001:db8:1::', prefixLength: 48, md5Key: 'narrow' });
    table.set({ address: '2001:db8:1::5', md5Key: 'host' });
    table.set({ address: '10.0.0.0', prefixLength: 8, md5Key: 'v4' });
    expect(table.match('2001:db8:1::5')?.md5Key).toBe('host');
    expect(table.match('2001:db8:1::6')?.md5Key).toBe('narrow');
    expect(table.match('2001:db8:2::1')?.md5Key).toBe('wide');
    expect(table.match('2001:db9::1')).toBeUndefined();
    expect(table.match('::ffff:10.1.2.3')?.md5Key).toBe('v4');
    expect(table.match('10.9.9.9')?.md5Key).toBe('v4');
  });

  it('replaces and deletes by canonical key', () => {
    const table = new PassivePeerTable();
    expect(table.set({ address: '2001:DB8::1', md5Key: 'a' })).toBeUndefined();
    expect(table.set({ address: '2001:db8:0::1', prefixLength: 128, md5Key: 'b' })?.md5Key).toBe('a');
    expect(passivePeerKey('::ffff:10.0.0.1')).toBe('10.0.0.1/32');
    expect(table.delete('2001:db8::1')?.md5Key).toBe('b');
    expect(table.all()).toEqual([]);
  });

  it('rejects a prefix length beyond the address family', () => {
    const table = new PassivePeerTable();
    expect(() => table.set({ address: '10.0.0.0', prefixLength: 33 })).toThrow(TransportError);
    expect(() => table.set({ address: '::', prefixLength: 129 })).toThrow(TransportError);
  });
});
