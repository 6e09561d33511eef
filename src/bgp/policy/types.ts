/**
 * Routing policy as plain data, with FRR's semantics (VyOS renders its `policy` tree into exactly these FRR
 * constructs): prefix lists, community / large-community lists (standard and expanded), AS-path access lists and
 * route maps. No closures: a later layer builds this from a VyOS or FRR configuration, and tests write it by hand.
 */

export type PolicyAction = 'permit' | 'deny';

/** One `ipv6 prefix-list NAME seq N permit|deny PREFIX [ge G] [le L]` line. */
export interface PrefixListEntry {
  readonly seq: number;
  readonly action: PolicyAction;
  /** `2001:db8::/32`, or `any` (every prefix of the list's family). */
  readonly prefix: string;
  readonly ge?: number;
  readonly le?: number;
}

export interface PrefixList {
  readonly name: string;
  /** FRR keeps `ip prefix-list` and `ipv6 prefix-list` apart. */
  readonly afi: 'ipv4' | 'ipv6';
  readonly entries: readonly PrefixListEntry[];
}

/** One entry of a community list: standard (all listed values present) or expanded (a regex over the text form). */
export type CommunityListEntry =
  | { readonly action: PolicyAction; readonly kind: 'standard'; readonly values: readonly string[] }
  | { readonly action: PolicyAction; readonly kind: 'expanded'; readonly regex: string };

export interface CommunityList {
  readonly name: string;
  readonly entries: readonly CommunityListEntry[];
}

/** One `bgp as-path access-list NAME permit|deny REGEX` line (FRR regex, `_` a delimiter). */
export interface AsPathListEntry {
  readonly action: PolicyAction;
  readonly regex: string;
}

export interface AsPathList {
  readonly name: string;
  readonly entries: readonly AsPathListEntry[];
}

/** Conditions of a route-map rule; all given ones must hold (an empty match always matches). */
export interface RouteMapMatch {
  /** `match ipv6 address prefix-list` / `match ip address prefix-list` (by the route's family). */
  readonly prefixList?: string;
  /** `match ipv6 next-hop prefix-list`: the next hop as a host prefix. */
  readonly nextHopPrefixList?: string;
  /** `match ipv6 next-hop address X`. */
  readonly nextHop?: string;
  readonly community?: { readonly list: string; readonly exactMatch?: boolean };
  readonly largeCommunity?: { readonly list: string; readonly exactMatch?: boolean };
  readonly asPath?: string;
  readonly origin?: 'igp' | 'egp' | 'incomplete';
  readonly localPref?: number;
  readonly med?: number;
  /** `match peer ADDRESS` (the peer the route came from, or goes to on export). */
  readonly peer?: string;
}

/** A change to a numeric attribute: a value, or `+n` / `-n` relative to the current one. */
export type MetricChange = number | { readonly add: number } | { readonly subtract: number };

/**
 * Actions of a permit rule, applied in this order: origin, local-pref, metric, weight, community deletes, community
 * set/add, large-community deletes, large-community set/add, as-path exclude, as-path prepend, next hop.
 */
export interface RouteMapSet {
  readonly origin?: 'igp' | 'egp' | 'incomplete';
  readonly localPref?: MetricChange;
  readonly med?: MetricChange;
  readonly weight?: number;
  /** `set comm-list NAME delete`: drop communities the (standard or expanded) list permits. */
  readonly communityDelete?: string;
  /** `set community A B [additive]` / `set community none`. */
  readonly communities?: { readonly values: readonly string[]; readonly additive?: boolean } | { readonly none: true };
  readonly largeCommunityDelete?: string;
  readonly largeCommunities?:
    | { readonly values: readonly string[]; readonly additive?: boolean }
    | { readonly none: true };
  /** `set as-path exclude A B`. */
  readonly asPathExclude?: readonly number[];
  /** `set as-path prepend A B` or `set as-path prepend last-as N`. */
  readonly asPathPrepend?: readonly number[] | { readonly lastAs: number };
  /** `set ipv6 next-hop global X` / `set ip next-hop X`, or `peer-address`. */
  readonly nextHop?: string | 'peer-address';
  /** `set ipv6 next-hop prefer-global` (recorded; v6net always forwards on the global next hop). */
  readonly nextHopPreferGlobal?: boolean;
}

export interface RouteMapRule {
  /** Sequence number (FRR 1..65535); rules run in ascending order. */
  readonly seq: number;
  readonly action: PolicyAction;
  readonly match?: RouteMapMatch;
  readonly set?: RouteMapSet;
  /** `call NAME`: run another route map after the sets; its deny denies the route. */
  readonly call?: string;
  /** `on-match next` / `on-match goto N` (FRR `continue N` is the same goto). Permit rules only. */
  readonly onMatch?: 'next' | { readonly goto: number };
}

export interface RouteMap {
  readonly name: string;
  readonly rules: readonly RouteMapRule[];
}

export interface PolicyConfig {
  readonly prefixLists?: readonly PrefixList[];
  readonly communityLists?: readonly CommunityList[];
  readonly largeCommunityLists?: readonly CommunityList[];
  readonly asPathLists?: readonly AsPathList[];
  readonly routeMaps?: readonly RouteMap[];
}

/** Route maps attached to a peer (`neighbor X route-map NAME in|out`). */
export interface PeerPolicy {
  readonly import?: string;
  readonly export?: string;
}
