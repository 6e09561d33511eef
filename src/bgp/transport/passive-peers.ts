/**
 * The passive side's table of peers (address or prefix → MD5 key and TTL policy), most specific match first.
 * Shared by the TCP and the in-memory transport. Pure.
 */
import { TRANSPORT_ERROR_CODES, TransportError } from '../../core/transport.js';
import { type IpAddress, Ipv6Address } from '../../ip/index.js';
import { maxPrefixLength, parseSocketAddress } from './sockaddr.js';
import type { PassivePeer } from './types.js';

interface Entry {
  readonly peer: PassivePeer;
  readonly address: IpAddress;
  /** The address as a 128-bit value (IPv4 as ::ffff:a.b.c.d) and the prefix length in that space. */
  readonly value: bigint;
  readonly bits: number;
}

function toMapped(address: IpAddress): bigint {
  return (address.family === 4 ? Ipv6Address.fromIpv4Mapped(address) : address).toBigInt();
}

function mask(bits: number): bigint {
  return bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits);
}

/** The canonical key of an entry: address text and prefix length (host entries have the full length). */
export function passivePeerKey(address: string, prefixLength?: number): string {
  const parsed = parseSocketAddress(address);
  const length = prefixLength ?? maxPrefixLength(parsed);
  const v4 = parsed.family === 4 ? parsed : parsed.toIpv4Mapped();
  return `${(v4 ?? parsed).toString()}/${length}`;
}

export class PassivePeerTable {
  private readonly entries = new Map<string, Entry>();

  /** Validates and stores `peer`; returns the entry it replaced, if any. */
  set(peer: PassivePeer): PassivePeer | undefined {
    const address = parseSocketAddress(peer.address);
    const max = maxPrefixLength(address);
    const length = peer.prefixLength ?? max;
    if (!Number.isInteger(length) || length < 0 || length > max) {
      throw new TransportError(TRANSPORT_ERROR_CODES.invalidOption, `bad prefix length ${String(peer.prefixLength)}`);
    }
    const bits = length + (max === 32 ? 96 : 0);
    const key = passivePeerKey(peer.address, peer.prefixLength);
    const previous = this.entries.get(key)?.peer;
    this.entries.set(key, { peer, address, value: toMapped(address) & mask(bits), bits });
    return previous;
  }

  delete(address: string, prefixLength?: number): PassivePeer | undefined {
    const key = passivePeerKey(address, prefixLength);
    const previous = this.entries.get(key)?.peer;
    this.entries.delete(key);
    return previous;
  }

  /** The most specific entry covering `remoteAddress`, if any. */
  match(remoteAddress: string): PassivePeer | undefined {
    const parsed = parseSocketAddress(remoteAddress);
    const value = toMapped(parsed);
    let best: Entry | undefined;
    for (const entry of this.entries.values()) {
      if ((value & mask(entry.bits)) !== entry.value) continue;
      if (best === undefined || entry.bits > best.bits) best = entry;
    }
    return best?.peer;
  }

  all(): PassivePeer[] {
    return [...this.entries.values()].map((e) => e.peer);
  }
}
