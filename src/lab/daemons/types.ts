/**
 * The small typed description every lab daemon is configured from, and the typed data it is queried into. One
 * vocabulary for FRR, BIRD, GoBGP and ExaBGP, so a test can ask the same question of each.
 */

/** A BGP neighbor as a lab daemon sees it. */
export interface LabPeerConfig {
  readonly address: string;
  readonly asn: number;
  /** TCP port of the neighbor (default 179). */
  readonly port?: number;
  /** TCP-MD5 key (RFC 2385). */
  readonly password?: string;
  readonly holdTimeSec?: number;
  readonly keepaliveTimeSec?: number;
  /** Never dial; wait for the neighbor. */
  readonly passive?: boolean;
  /** This session's own address, when it differs from the daemon's `localAddress` (several links). */
  readonly localAddress?: string;
  /**
   * Treat the neighbor as multihop (BIRD only): then no link-local next hop is sent, which FRR running without zebra
   * cannot use ("sent a v6 LL next-hop and there's no peer interface information").
   */
  readonly multihop?: number;
}

/** Neighbors whose address falls in `prefix` may dial in and are accepted (a dynamic neighbor / listen range). */
export interface LabListenRange {
  readonly prefix: string;
  readonly asn: number;
  readonly password?: string;
  readonly holdTimeSec?: number;
  readonly keepaliveTimeSec?: number;
}

/** A route the daemon originates. Communities are `"65000:1"`, large communities `"65000:1:2"`. */
export interface LabRouteConfig {
  readonly prefix: string;
  readonly communities?: readonly string[];
  readonly largeCommunities?: readonly string[];
  readonly med?: number;
  /** AS numbers prepended before the daemon's own AS. */
  readonly asPathPrepend?: readonly number[];
}

export interface LabDaemonConfig {
  readonly asn: number;
  readonly routerId: string;
  /** The daemon's own address on the lab link (used as source and next hop). */
  readonly localAddress: string;
  /** TCP port the daemon listens on (default 179). */
  readonly listenPort?: number;
  readonly peers: readonly LabPeerConfig[];
  readonly listenRanges?: readonly LabListenRange[];
  readonly routes: readonly LabRouteConfig[];
  /** RFC 4724 graceful restart on every session, announcing `restartTimeSec`. */
  readonly gracefulRestart?: { readonly restartTimeSec: number };
  /**
   * Start as a restarting speaker (R bit, forwarding state kept): BIRD `-R`, v6net `restarting`. FRR's bgpd has no
   * switch for it: with graceful restart configured it sets the R bit by itself during its startup period.
   */
  readonly restarting?: boolean;
}

export type LabSessionState = 'idle' | 'connect' | 'active' | 'opensent' | 'openconfirm' | 'established' | 'unknown';

export interface LabNeighbor {
  readonly address: string;
  readonly state: LabSessionState;
  /** The daemon's own word for the state, unchanged. */
  readonly rawState: string;
}

/** A received IPv6 unicast route as the daemon shows it (best path of the prefix). */
export interface LabRoute {
  readonly prefix: string;
  readonly nextHop?: string;
  readonly asPath: readonly number[];
  readonly communities: readonly string[];
  readonly largeCommunities: readonly string[];
  readonly med?: number;
}

/** What every lab daemon can do once started. */
export interface LabDaemon {
  readonly kind: LabDaemonKind;
  readonly config: LabDaemonConfig;
  neighbors(): Promise<LabNeighbor[]>;
  /** IPv6 unicast routes learned from neighbors (the daemon's own originated routes are left out). */
  receivedRoutes(): Promise<LabRoute[]>;
  /** Starts originating `route` at run time. */
  announce(route: LabRouteConfig): Promise<void>;
  /** Stops originating `prefix`. */
  withdraw(prefix: string): Promise<void>;
  /** Graceful stop (the daemon may send a NOTIFICATION). */
  stop(): Promise<void>;
  /** SIGKILL: the daemon sends nothing more. */
  kill(): Promise<void>;
  /** Recent output of the daemon process, for failure messages. */
  recentOutput(): string;
}

export type LabDaemonKind = 'frr' | 'bird' | 'gobgp' | 'exabgp' | 'v6net';

/** Maps a daemon's state word (any case, with or without separators) to the RFC 4271 state. */
export function normalizeSessionState(raw: string): LabSessionState {
  const word = raw.toLowerCase().replace(/[^a-z]/g, '');
  switch (word) {
    case 'idle':
    case 'down':
      return 'idle';
    case 'connect':
      return 'connect';
    case 'active':
      return 'active';
    case 'opensent':
      return 'opensent';
    case 'openconfirm':
      return 'openconfirm';
    case 'established':
    case 'up':
      return 'established';
    default:
      return 'unknown';
  }
}

/** Formats a `[asn, value]` pair as `asn:value`. */
export function formatCommunity(high: number, low: number): string {
  return `${high}:${low}`;
}

/** Splits a 32-bit community into `high:low`. */
export function formatCommunityNumber(value: number): string {
  return formatCommunity(Math.floor(value / 65536), value % 65536);
}

/** Sorted copy, so route comparisons do not depend on the order a daemon prints communities in. */
export function sortedStrings(values: Iterable<string>): string[] {
  return [...values].sort();
}
