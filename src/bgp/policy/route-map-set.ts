/**
 * The set actions of a permit route-map rule (FRR bgpd/bgp_routemap.c `route_set_*`), applied to the route being
 * evaluated in the order documented on `RouteMapSet`.
 */
import type { RibAttributesDraft } from '../rib/attributes.js';
import type { PrefixKey } from '../rib/prefix-key.js';
import { Origin } from '../wire/codes.js';
import { parseLargeCommunity } from '../wire/community.js';
import type { AsPathSegment, LargeCommunity } from '../wire/path-attributes.js';
import { parsePolicyCommunity } from './community-list.js';
import type { PolicyLists } from './lists.js';
import type { MetricChange, RouteMapSet } from './types.js';

/** The route a route map evaluates and may change. */
export interface PolicyRoute {
  readonly prefix: PrefixKey;
  readonly direction: 'import' | 'export';
  /** The peer the route came from (import) or is sent to (export). */
  readonly peerAddress: string;
  /** The session's local address (`set ipv6 next-hop peer-address` on export means "self"). */
  readonly localAddress?: string;
  attrs: RibAttributesDraft;
  /** Set by a `set ... next-hop`: the export rules then keep this next hop instead of "self". */
  nextHopSet: boolean;
}

const U32_MAX = 0xffffffff;
const ORIGIN_CODE = { igp: Origin.igp, egp: Origin.egp, incomplete: Origin.incomplete } as const;

function adjust(change: MetricChange, current: number): number {
  const v = typeof change === 'number' ? change : 'add' in change ? current + change.add : current - change.subtract;
  return Math.min(U32_MAX, Math.max(0, v)); // FRR route_value_adjust clamps to 0..UINT32_MAX
}

function sortedUniqueCommunities(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function sortedUniqueLarge(values: readonly LargeCommunity[]): LargeCommunity[] {
  const seen = new Map<string, LargeCommunity>();
  for (const v of values) seen.set(`${v[0]}:${v[1]}:${v[2]}`, v);
  return [...seen.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
}

/** Prepends `asns` (in order) to the path: into a leading AS_SEQUENCE, or as a new one (RFC 4271 §5.1.2). */
export function prependAsns(path: readonly AsPathSegment[], asns: readonly number[]): AsPathSegment[] {
  if (asns.length === 0) return [...path];
  const first = path[0];
  if (first !== undefined && first.type === 'sequence' && first.asns.length + asns.length <= 255)
    return [{ type: 'sequence', asns: [...asns, ...first.asns] }, ...path.slice(1)];
  return [{ type: 'sequence', asns: [...asns] }, ...path];
}

function leftmostAs(path: readonly AsPathSegment[]): number | undefined {
  for (const s of path) if (s.type === 'sequence' || s.type === 'set') return s.asns[0];
  return undefined;
}

export function applySet(set: RouteMapSet, route: PolicyRoute, lists: PolicyLists): void {
  const a = route.attrs;
  if (set.origin !== undefined) a.origin = ORIGIN_CODE[set.origin];
  if (set.localPref !== undefined) a.localPref = adjust(set.localPref, a.localPref ?? 100);
  if (set.med !== undefined) a.med = adjust(set.med, a.med ?? 0);
  if (set.weight !== undefined) a.weight = set.weight;
  if (set.communityDelete !== undefined) {
    const list = lists.communityList(set.communityDelete);
    if (list !== undefined && a.communities !== undefined) a.communities = list.deleteFrom(a.communities);
  }
  if (set.communities !== undefined) {
    if ('none' in set.communities) delete a.communities;
    else {
      const values = set.communities.values.map(parsePolicyCommunity);
      a.communities = sortedUniqueCommunities(
        set.communities.additive === true ? [...(a.communities ?? []), ...values] : values,
      );
    }
  }
  if (set.largeCommunityDelete !== undefined) {
    const list = lists.largeCommunityList(set.largeCommunityDelete);
    if (list !== undefined && a.largeCommunities !== undefined)
      a.largeCommunities = list.deleteFrom(a.largeCommunities);
  }
  if (set.largeCommunities !== undefined) {
    if ('none' in set.largeCommunities) delete a.largeCommunities;
    else {
      const values = set.largeCommunities.values.map(parseLargeCommunity);
      a.largeCommunities = sortedUniqueLarge(
        set.largeCommunities.additive === true ? [...(a.largeCommunities ?? []), ...values] : values,
      );
    }
  }
  if (a.communities !== undefined && a.communities.length === 0) delete a.communities;
  if (a.largeCommunities !== undefined && a.largeCommunities.length === 0) delete a.largeCommunities;
  if (set.asPathExclude !== undefined) {
    const drop = new Set(set.asPathExclude);
    a.asPath = a.asPath
      .map((s) => ({ type: s.type, asns: s.asns.filter((x) => !drop.has(x)) }))
      .filter((s) => s.asns.length > 0);
  }
  if (set.asPathPrepend !== undefined) {
    if (Array.isArray(set.asPathPrepend)) a.asPath = prependAsns(a.asPath, set.asPathPrepend);
    else {
      // FRR `last-as N`: the leftmost AS of the path, N times
      const asn = leftmostAs(a.asPath);
      const n = (set.asPathPrepend as { lastAs: number }).lastAs;
      if (asn !== undefined) a.asPath = prependAsns(a.asPath, new Array<number>(n).fill(asn));
    }
  }
  if (set.nextHop !== undefined) {
    const hop =
      set.nextHop === 'peer-address'
        ? route.direction === 'import'
          ? route.peerAddress
          : route.localAddress
        : set.nextHop;
    if (hop !== undefined) {
      a.nextHop = hop;
      delete a.nextHopLinkLocal;
      route.nextHopSet = true;
    }
  }
}
