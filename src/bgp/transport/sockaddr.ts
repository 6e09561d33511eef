/**
 * Byte layouts of the Linux socket structures the TCP transport hands to libc (x86_64 / aarch64, little-endian
 * hosts): sockaddr_in, sockaddr_in6 and struct tcp_md5sig. Pure functions, tested without sockets.
 */
import { TRANSPORT_ERROR_CODES, TransportError } from '../../core/transport.js';
import { type IpAddress, Ipv6Address, tryParseAddress } from '../../ip/index.js';
import { MD5_MAX_KEY_BYTES } from './types.js';

export const AF_INET = 2;
export const AF_INET6 = 10;
export const SOCKADDR_IN_SIZE = 16;
export const SOCKADDR_IN6_SIZE = 28;
export const SOCKADDR_STORAGE_SIZE = 128;
export const TCP_MD5SIG_SIZE = 216;

/** include/uapi/linux/tcp.h */
export const TCP_MD5SIG_FLAG_PREFIX = 0x1;

export function parseSocketAddress(text: string): IpAddress {
  const parsed = tryParseAddress(text);
  if (!parsed.ok) throw new TransportError(TRANSPORT_ERROR_CODES.invalidOption, `not an IP address: ${text}`);
  return parsed.value;
}

/** The address as the given socket family sees it: IPv4 on an AF_INET6 socket becomes ::ffff:a.b.c.d. */
export function addressForFamily(address: IpAddress, family: typeof AF_INET | typeof AF_INET6): IpAddress {
  if (family === AF_INET6 && address.family === 4) return Ipv6Address.fromIpv4Mapped(address);
  if (family === AF_INET && address.family === 6) {
    const v4 = address.toIpv4Mapped();
    if (v4 === undefined) {
      throw new TransportError(TRANSPORT_ERROR_CODES.invalidOption, 'an IPv6 peer cannot use an IPv4 socket');
    }
    return v4;
  }
  return address;
}

/** Writes a sockaddr_in / sockaddr_in6 at the start of `out`; returns its length. */
export function writeSockaddr(out: Uint8Array, address: IpAddress, port: number): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (address.family === 4) {
    view.setUint16(0, AF_INET, true); // sa_family_t in host order
    view.setUint16(2, port, false); // sin_port in network order
    out.set(address.toBytes(), 4);
    return SOCKADDR_IN_SIZE;
  }
  view.setUint16(0, AF_INET6, true);
  view.setUint16(2, port, false);
  view.setUint32(4, 0, false); // sin6_flowinfo
  out.set(address.toBytes(), 8);
  view.setUint32(24, 0, true); // sin6_scope_id
  return SOCKADDR_IN6_SIZE;
}

export function encodeSockaddr(address: IpAddress, port: number): Uint8Array {
  const out = new Uint8Array(address.family === 4 ? SOCKADDR_IN_SIZE : SOCKADDR_IN6_SIZE);
  writeSockaddr(out, address, port);
  return out;
}

/** Reads the address family, text and port of a sockaddr (as filled by getsockname/getpeername). */
export function decodeSockaddr(bytes: Uint8Array): { address: string; port: number } | undefined {
  if (bytes.length < 2) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const family = view.getUint16(0, true);
  if (family === AF_INET && bytes.length >= SOCKADDR_IN_SIZE) {
    return { address: Array.from(bytes.subarray(4, 8)).join('.'), port: view.getUint16(2, false) };
  }
  if (family === AF_INET6 && bytes.length >= SOCKADDR_IN6_SIZE) {
    return { address: Ipv6Address.fromBytes(bytes.slice(8, 24)).toString(), port: view.getUint16(2, false) };
  }
  return undefined;
}

export function md5KeyBytes(key: string): Uint8Array {
  const bytes = new TextEncoder().encode(key);
  // RFC 2385 / Linux TCP_MD5SIG_MAXKEYLEN: 80 octets.
  if (bytes.length === 0 || bytes.length > MD5_MAX_KEY_BYTES) {
    throw new TransportError(TRANSPORT_ERROR_CODES.invalidOption, 'TCP-MD5 key must be 1..80 bytes');
  }
  return bytes;
}

/**
 * struct tcp_md5sig: sockaddr_storage tcpm_addr (128), u8 tcpm_flags (128), u8 tcpm_prefixlen (129),
 * u16 tcpm_keylen (130), u32 tcpm_ifindex (132), u8 tcpm_key[80] (136) = 216 bytes. An absent key (keylen 0)
 * deletes the entry. `prefixLength` needs TCP_MD5SIG_EXT; for an IPv4-mapped address it counts IPv4 bits.
 */
export function encodeTcpMd5sig(address: IpAddress, key: string | undefined, prefixLength?: number): Uint8Array {
  const out = new Uint8Array(TCP_MD5SIG_SIZE);
  writeSockaddr(out, address, 0);
  const view = new DataView(out.buffer);
  if (prefixLength !== undefined) {
    out[128] = TCP_MD5SIG_FLAG_PREFIX;
    out[129] = prefixLength;
  }
  if (key !== undefined) {
    const bytes = md5KeyBytes(key);
    view.setUint16(130, bytes.length, true);
    out.set(bytes, 136);
  }
  return out;
}

/** Bits of the address a prefix length refers to (IPv4 peers on an IPv6 socket count IPv4 bits). */
export function maxPrefixLength(address: IpAddress): number {
  if (address.family === 4) return 32;
  return address.isIpv4Mapped() ? 32 : 128;
}
