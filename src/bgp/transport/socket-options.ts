/**
 * setsockopt/getsockopt wrappers for the options BGP sessions need: TCP-MD5 keys (RFC 2385), TTL / hop limit and
 * GTSM minimum TTL (RFC 5082). Every failure is a `TransportError` carrying the errno.
 */
import { TRANSPORT_ERROR_CODES, TransportError } from '../../core/transport.js';
import type { IpAddress } from '../../ip/index.js';
import { LINUX, libc } from './libc.js';
import { AF_INET, AF_INET6, addressForFamily, encodeTcpMd5sig, maxPrefixLength, TCP_MD5SIG_SIZE } from './sockaddr.js';
import type { TtlSecurity } from './types.js';

export type SocketFamily = typeof AF_INET | typeof AF_INET6;

function check(result: number, what: string): void {
  if (result === 0) return;
  const errno = libc().errno();
  throw new TransportError(TRANSPORT_ERROR_CODES.invalidOption, `${what} failed (errno ${errno})`, { errno });
}

function intBytes(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value, true);
  return out;
}

export function setIntOption(fd: number, level: number, name: number, value: number, what: string): void {
  check(libc().setsockopt(fd, level, name, intBytes(value), 4), what);
}

export function getIntOption(fd: number, level: number, name: number): number {
  const value = new Uint8Array(4);
  const length = intBytes(4);
  check(libc().getsockopt(fd, level, name, value, length), 'getsockopt');
  return new DataView(value.buffer).getInt32(0, true);
}

/**
 * Installs (key given) or removes (key undefined) the TCP-MD5 key for `peer` on socket `fd` of `family`. With
 * `prefixLength` the key covers a whole prefix (TCP_MD5SIG_EXT + TCP_MD5SIG_FLAG_PREFIX): a listen range.
 */
export function setMd5Key(
  fd: number,
  family: SocketFamily,
  peer: IpAddress,
  key: string | undefined,
  prefixLength?: number,
): void {
  const address = addressForFamily(peer, family);
  const isPrefix = prefixLength !== undefined && prefixLength < maxPrefixLength(peer);
  if (prefixLength !== undefined && (prefixLength < 0 || prefixLength > maxPrefixLength(peer))) {
    throw new TransportError(TRANSPORT_ERROR_CODES.invalidOption, `bad prefix length ${prefixLength}`);
  }
  const struct = encodeTcpMd5sig(address, key, isPrefix ? prefixLength : undefined);
  const option = isPrefix ? LINUX.TCP_MD5SIG_EXT : LINUX.TCP_MD5SIG;
  check(libc().setsockopt(fd, LINUX.IPPROTO_TCP, option, struct, TCP_MD5SIG_SIZE), 'TCP_MD5SIG');
}

/** Unicast TTL (IPv4, and IPv4-mapped peers of an IPv6 socket) or hop limit (IPv6). */
export function setTtl(fd: number, family: SocketFamily, ttl: number, mappedPeer: boolean): void {
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 255) {
    throw new TransportError(TRANSPORT_ERROR_CODES.invalidOption, `TTL must be 1..255, got ${ttl}`);
  }
  if (family === AF_INET || mappedPeer) setIntOption(fd, LINUX.IPPROTO_IP, LINUX.IP_TTL, ttl, 'IP_TTL');
  if (family === AF_INET6) setIntOption(fd, LINUX.IPPROTO_IPV6, LINUX.IPV6_UNICAST_HOPS, ttl, 'IPV6_UNICAST_HOPS');
}

export function getTtl(fd: number, family: SocketFamily): number {
  return family === AF_INET
    ? getIntOption(fd, LINUX.IPPROTO_IP, LINUX.IP_TTL)
    : getIntOption(fd, LINUX.IPPROTO_IPV6, LINUX.IPV6_UNICAST_HOPS);
}

/** Drop incoming packets whose TTL / hop limit is below `minTtl` (IP_MINTTL / IPV6_MINHOPCOUNT). */
export function setMinTtl(fd: number, family: SocketFamily, minTtl: number, mappedPeer: boolean): void {
  if (family === AF_INET || mappedPeer) setIntOption(fd, LINUX.IPPROTO_IP, LINUX.IP_MINTTL, minTtl, 'IP_MINTTL');
  if (family === AF_INET6) {
    setIntOption(fd, LINUX.IPPROTO_IPV6, LINUX.IPV6_MINHOPCOUNT, minTtl, 'IPV6_MINHOPCOUNT');
  }
}

export function getMinTtl(fd: number, family: SocketFamily): number {
  return family === AF_INET
    ? getIntOption(fd, LINUX.IPPROTO_IP, LINUX.IP_MINTTL)
    : getIntOption(fd, LINUX.IPPROTO_IPV6, LINUX.IPV6_MINHOPCOUNT);
}

/** Applies a session's TTL policy: plain TTL, or GTSM (send 255, accept only ≥ 256 - hops). */
export function applyTtlSecurity(fd: number, family: SocketFamily, ttl: TtlSecurity, mappedPeer: boolean): void {
  if (ttl.mode === 'ttl') {
    setTtl(fd, family, ttl.ttl, mappedPeer);
    return;
  }
  if (!Number.isInteger(ttl.hops) || ttl.hops < 1 || ttl.hops > 254) {
    throw new TransportError(TRANSPORT_ERROR_CODES.invalidOption, `GTSM hops must be 1..254, got ${ttl.hops}`);
  }
  // RFC 5082 §3: send with TTL 255, discard below 255 - (hops - 1).
  setTtl(fd, family, 255, mappedPeer);
  setMinTtl(fd, family, 256 - ttl.hops, mappedPeer);
}
