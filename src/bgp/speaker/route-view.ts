/** RIB paths as the control API shows them: plain JSON-ready text (`LearnedRoute`). */
import type { RibAttributes } from '../rib/attributes.js';
import { formatPrefixKey, keyAfi, type PrefixKey } from '../rib/prefix-key.js';
import { formatCommunity, formatLargeCommunity } from './communities.js';
import type { OriginName } from './config-types.js';
import type { LearnedRoute, RouteAttributes } from './route.js';

const ORIGIN_NAME: readonly OriginName[] = ['igp', 'egp', 'incomplete'];

export function routeAttributesView(a: RibAttributes): RouteAttributes {
  return {
    origin: ORIGIN_NAME[a.origin] ?? 'incomplete',
    asPath: a.asPath,
    nextHop: a.nextHop,
    ...(a.nextHopLinkLocal !== undefined ? { nextHopLinkLocal: a.nextHopLinkLocal } : {}),
    ...(a.med !== undefined ? { med: a.med } : {}),
    ...(a.localPref !== undefined ? { localPref: a.localPref } : {}),
    communities: (a.communities ?? []).map(formatCommunity),
    largeCommunities: (a.largeCommunities ?? []).map(formatLargeCommunity),
    ...(a.atomicAggregate ? { atomicAggregate: true } : {}),
  };
}

export function learnedRouteView(key: PrefixKey, a: RibAttributes, stale: boolean): LearnedRoute {
  return {
    ...routeAttributesView(a),
    prefix: formatPrefixKey(key),
    family: keyAfi(key) === 2 ? 'ipv6-unicast' : 'ipv4-unicast',
    ...(stale ? { stale: true } : {}),
  };
}
