import type { PolicyConfig } from '../policy/types.js';
import type { BestPathOptions } from '../rib/best-path-steps.js';

/**
 * The speaker's configuration as plain, validated data (what `loadSpeakerConfig` returns and what tests build by
 * hand). Times are in seconds as in every BGP configuration language; the session driver converts them to ms.
 */

/** Address families the speaker negotiates (RFC 4760 AFI/SAFI pairs by their usual names). */
export type BgpFamily = 'ipv6-unicast' | 'ipv4-unicast';
export const BGP_FAMILIES: readonly BgpFamily[] = ['ipv6-unicast', 'ipv4-unicast'];

export type OriginName = 'igp' | 'egp' | 'incomplete';

/** Settings shared by a configured peer and a listen range (peer group). */
export interface PeerSettings {
  /** Remote AS; `external` (listen ranges only) accepts any AS other than the local one. */
  readonly asn: number | 'external';
  /** Never connect out; wait for the peer. */
  readonly passive: boolean;
  /** TCP-MD5 key (RFC 2385). Never logged. */
  readonly password?: string;
  readonly holdTimeSec: number;
  readonly keepaliveTimeSec: number;
  readonly connectRetrySec: number;
  /** eBGP multihop: TTL of outgoing packets (1 = directly connected). */
  readonly multihop?: number;
  /** GTSM (RFC 5082): accept only packets with TTL >= 256 - hops; sends with TTL 255. */
  readonly ttlSecurity?: number;
  readonly localAddress?: string;
  readonly families: readonly BgpFamily[];
  readonly description?: string;
  readonly gracefulRestart?: { readonly restartTimeSec: number };
  /** `neighbor X route-map NAME in`: a route map of the speaker's `policy`. */
  readonly importPolicy?: string;
  /** `neighbor X route-map NAME out`. */
  readonly exportPolicy?: string;
  /** FRR `soft-reconfiguration inbound`: keep the pre-policy Adj-RIB-In. */
  readonly softReconfigurationInbound?: boolean;
  /** `next-hop-self` towards an iBGP peer. */
  readonly nextHopSelf?: boolean;
}

export interface PeerConfig extends PeerSettings {
  readonly asn: number;
  readonly address: string;
  /** Remote TCP port to connect to (default 179). */
  readonly port: number;
}

export interface ListenRangeConfig extends PeerSettings {
  /** Accept incoming sessions from any address inside this prefix. */
  readonly prefix: string;
  /** At most this many dynamic neighbors at once from the range. */
  readonly limit: number;
}

export interface RouteConfig {
  readonly prefix: string;
  /** Explicit next hop, or `self` (the session's local address). */
  readonly nextHop: string | 'self';
  /** RFC 1997 communities as `asn:value` text or well-known names (`no-export`). */
  readonly communities: readonly string[];
  /** RFC 8092 large communities as `global:local1:local2`. */
  readonly largeCommunities: readonly string[];
  readonly med?: number;
  readonly localPref?: number;
  readonly origin: OriginName;
  /** AS numbers placed after the local AS (eBGP) or as the whole path (iBGP). */
  readonly asPath: readonly number[];
}

export interface ListenConfig {
  readonly address: string;
  readonly port: number;
}

export type ControlConfig =
  | { readonly kind: 'tcp'; readonly address: string; readonly port: number }
  | { readonly kind: 'socket'; readonly socket: string };

export interface SpeakerConfig {
  readonly asn: number;
  /** Prefix lists, community lists, AS-path lists and route maps (FRR semantics) the peers' policies name. */
  readonly policy?: PolicyConfig;
  /** Decision process options (`bgp bestpath …`, `maximum-paths`). */
  readonly bestPath?: BestPathOptions;
  /** RFC 8212 (`bgp ebgp-requires-policy`); off by default, as VyOS renders it. */
  readonly ebgpRequiresPolicy?: boolean;
  /**
   * RFC 4724 §4.1: this start is a graceful restart: OPENs carry the Restart State (and Forwarding State) bits and
   * nothing is advertised until every graceful-restart peer sent End-of-RIB or the selection deferral timer expires.
   */
  readonly restarting?: boolean;
  /** Selection deferral limit while restarting (FRR `select-defer-time`, default 360 s). */
  readonly selectionDeferralSec?: number;
  readonly routerId: string;
  readonly listen: readonly ListenConfig[];
  readonly peers: readonly PeerConfig[];
  readonly listenRanges: readonly ListenRangeConfig[];
  readonly routes: readonly RouteConfig[];
  readonly control?: ControlConfig;
}

export const DEFAULT_BGP_PORT = 179;
export const DEFAULT_PEER_SETTINGS = {
  passive: false,
  holdTimeSec: 90,
  keepaliveTimeSec: 30,
  connectRetrySec: 30,
  families: ['ipv6-unicast'] as readonly BgpFamily[],
} as const;
