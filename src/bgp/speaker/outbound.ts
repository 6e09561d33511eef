/**
 * What the speaker sends a given peer for an originated route (pure): RFC 4271 §5.1.2 AS_PATH prepending on eBGP,
 * next hop self/explicit, LOCAL_PREF only on iBGP (RFC 4271 §5.1.5).
 */
import type { RouteConfig } from './config-types.js';
import { familyOf, type RouteAttributes } from './route.js';

export interface SessionFacts {
  readonly localAsn: number;
  readonly internal: boolean;
  /** The session's local address (the `self` next hop). */
  readonly localAddress: string;
}

export type OutboundResult =
  | { readonly ok: true; readonly attributes: RouteAttributes }
  | { readonly ok: false; readonly code: 'E_NEXT_HOP_FAMILY'; readonly message: string };

const V4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** The `self` next hop for a route of the prefix's family over a session with this local address. */
export function selfNextHop(prefix: string, localAddress: string): string | undefined {
  const v6Route = familyOf(prefix) === 'ipv6-unicast';
  const mapped = V4_MAPPED.exec(localAddress)?.[1];
  const local = mapped ?? localAddress;
  const localIsV6 = local.includes(':');
  if (v6Route) return localIsV6 ? local : `::ffff:${local}`; // IPv4-mapped next hop, as FRR and GoBGP send it
  return localIsV6 ? undefined : local;
}

export function buildOutboundAttributes(route: RouteConfig, facts: SessionFacts): OutboundResult {
  const nextHop = route.nextHop === 'self' ? selfNextHop(route.prefix, facts.localAddress) : route.nextHop;
  if (nextHop === undefined || (familyOf(route.prefix) === 'ipv4-unicast' && nextHop.includes(':'))) {
    return {
      ok: false,
      code: 'E_NEXT_HOP_FAMILY',
      message: `no IPv4 next hop for ${route.prefix} over a session from ${facts.localAddress} (extended next hop is not supported)`,
    };
  }
  // RFC 4271 §5.1.2: an eBGP speaker prepends its own AS; iBGP sends the path unchanged.
  const asns = facts.internal ? [...route.asPath] : [facts.localAsn, ...route.asPath];
  const attributes: RouteAttributes = {
    origin: route.origin,
    asPath: asns.length > 0 ? [{ type: 'sequence', asns }] : [],
    nextHop,
    communities: route.communities,
    largeCommunities: route.largeCommunities,
    ...(route.med !== undefined ? { med: route.med } : {}),
    // RFC 4271 §5.1.5: LOCAL_PREF is only sent to internal peers (default 100 there).
    ...(facts.internal ? { localPref: route.localPref ?? 100 } : {}),
  };
  return { ok: true, attributes };
}
