/**
 * Routes as the speaker sees them: plain, JSON-ready data (prefix and addresses as RFC 5952 text). The wire codec's
 * attribute structures are converted at the session boundary (see `update-convert.ts`).
 */
import type { BgpFamily, OriginName } from './config-types.js';

export interface AsPathSegmentText {
  readonly type: 'sequence' | 'set' | 'confedSequence' | 'confedSet';
  readonly asns: readonly number[];
}

/** The path attributes the speaker understands (everything else passes through untouched or is dropped). */
export interface RouteAttributes {
  readonly origin: OriginName;
  readonly asPath: readonly AsPathSegmentText[];
  /** Next hop text; for IPv6 the global address (a link-local second next hop is kept apart). */
  readonly nextHop: string;
  readonly nextHopLinkLocal?: string;
  readonly med?: number;
  readonly localPref?: number;
  /** RFC 1997 communities as text (`65000:1`, `no-export`). */
  readonly communities: readonly string[];
  /** RFC 8092 large communities as text. */
  readonly largeCommunities: readonly string[];
  readonly atomicAggregate?: boolean;
}

/** A route received from a peer (an Adj-RIB-In entry). */
export interface LearnedRoute extends RouteAttributes {
  readonly prefix: string;
  readonly family: BgpFamily;
  /** RFC 4724: kept from a session that failed, waiting to be refreshed by the restarted peer. */
  readonly stale?: true;
}

/** `65001 65002 {65003,65004}` (the form `show bgp` prints). */
export function formatAsPath(segments: readonly AsPathSegmentText[]): string {
  return segments
    .map((s) => {
      if (s.type === 'sequence') return s.asns.join(' ');
      if (s.type === 'set') return `{${s.asns.join(',')}}`;
      if (s.type === 'confedSequence') return `(${s.asns.join(' ')})`;
      return `[${s.asns.join(',')}]`;
    })
    .filter((t) => t !== '')
    .join(' ');
}

/** Family of a prefix or address text. */
export function familyOf(text: string): BgpFamily {
  return text.includes(':') ? 'ipv6-unicast' : 'ipv4-unicast';
}

/** One received UPDATE in the speaker's terms (converted from the wire form by `wire-adapter.ts`). */
export interface InboundUpdate {
  readonly withdrawn: readonly string[];
  /** Announced prefixes grouped by attributes (IPv4 NLRI and MP_REACH NLRI differ in next hop). */
  readonly announced: readonly { readonly prefixes: readonly string[]; readonly attributes: RouteAttributes }[];
  /** RFC 7606 treat-as-withdraw: the announced prefixes must be handled as withdrawn. */
  readonly treatAsWithdraw: boolean;
  /** Set when the UPDATE is an End-of-RIB marker (RFC 4724 §2). */
  readonly endOfRib: BgpFamily | undefined;
}
