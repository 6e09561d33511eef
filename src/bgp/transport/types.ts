/**
 * BGP-specific options of the byte-stream Transport (src/core/transport.ts): TCP-MD5 keys (RFC 2385) and the IP
 * TTL / IPv6 hop limit (single-hop eBGP, multihop, GTSM RFC 5082). Both the real TCP transport and the in-memory one
 * implement `BgpTransport`, so the speaker is written once.
 */
import type { Listener, Transport } from '../../core/transport.js';

/** TTL handling of one session. */
export type TtlSecurity =
  /** Send with this TTL / hop limit (1 for single-hop eBGP, N for `ebgp-multihop N`, 64/255 for iBGP). */
  | { readonly mode: 'ttl'; readonly ttl: number }
  /**
   * GTSM (RFC 5082): send with 255 and drop anything that arrives with a TTL below 256 - hops
   * (IP_MINTTL / IPV6_MINHOPCOUNT).
   */
  | { readonly mode: 'gtsm'; readonly hops: number };

export interface BgpConnectExtra {
  /** TCP-MD5 password (RFC 2385); at most 80 bytes. */
  readonly md5Key?: string;
  readonly ttlSecurity?: TtlSecurity;
}

/** Per-peer passive-side settings, for one address or a whole prefix (a listen range). */
export interface PassivePeer {
  /** Peer address (IPv6 or IPv4 text). */
  readonly address: string;
  /** Prefix length when this entry covers a range (listen range / dynamic neighbors); absent = host. */
  readonly prefixLength?: number;
  readonly md5Key?: string;
  readonly ttlSecurity?: TtlSecurity;
}

export interface BgpListenExtra {
  /** Peers known when listening starts (more can be added with `setPeer`). */
  readonly peers?: readonly PassivePeer[];
}

export interface BgpListener extends Listener {
  /**
   * Adds or replaces the settings for `address/prefixLength`: the MD5 key is installed on the listening socket at
   * once (incoming SYNs from that peer must then be signed) and the TTL settings apply to connections accepted from
   * it. The most specific entry wins.
   */
  setPeer(peer: PassivePeer): void;
  /** Removes an entry (and its MD5 key). Unknown entries are ignored. */
  removePeer(address: string, prefixLength?: number): void;
}

export type BgpTransport = Transport<BgpConnectExtra, BgpListenExtra, BgpListener>;

/** RFC 2385 keys are at most 80 octets (TCP_MD5SIG_MAXKEYLEN). */
export const MD5_MAX_KEY_BYTES = 80;
