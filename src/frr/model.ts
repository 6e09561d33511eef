/**
 * FRR configuration as data: the parts v6net writes and reads (`router bgp` with its address families, peer groups
 * and neighbors; prefix lists; community / as-path lists; route maps). Statements are kept as word lists after their
 * scope prefix (`neighbor K8S remote-as external` → peer `K8S`, words `['remote-as', 'external']`; a negated form
 * keeps a leading `'no'`), so every FRR line survives a parse → print round trip even when v6net has no typed
 * meaning for it.
 */
import type { SourcePosition } from '../core/diagnostic.js';

export type FrrStatement = readonly string[];

export interface FrrAddressFamily {
  /** `ipv4` | `ipv6` | `l2vpn` … */
  readonly afi: string;
  /** `unicast` | `multicast` | `evpn` … */
  readonly safi: string;
  readonly statements: FrrStatement[];
  readonly source?: SourcePosition;
}

export interface FrrBgpPeer {
  readonly kind: 'neighbor' | 'peer-group';
  /** Address, interface name or peer-group name. */
  readonly name: string;
  readonly statements: FrrStatement[];
  readonly addressFamilies: FrrAddressFamily[];
  readonly source?: SourcePosition;
}

export interface FrrRouterBgp {
  readonly asn: number;
  readonly vrf?: string;
  /** Router-level statements (`bgp router-id …`, `bgp listen range …`, `timers bgp …`, `no bgp …`) in order. */
  readonly statements: FrrStatement[];
  readonly addressFamilies: FrrAddressFamily[];
  readonly peerGroups: FrrBgpPeer[];
  readonly neighbors: FrrBgpPeer[];
  readonly source?: SourcePosition;
}

export interface FrrPrefixListEntry {
  readonly seq?: number;
  readonly action: 'permit' | 'deny';
  /** `any` or a prefix. */
  readonly prefix: string;
  readonly ge?: number;
  readonly le?: number;
  readonly source?: SourcePosition;
}

export interface FrrPrefixList {
  readonly afi: 'ip' | 'ipv6';
  readonly name: string;
  description?: string;
  readonly entries: FrrPrefixListEntry[];
}

export interface FrrRegexListEntry {
  readonly seq?: number;
  readonly action: 'permit' | 'deny';
  /** Regex (expanded lists) or community values (standard lists), verbatim. */
  readonly value: string;
  readonly source?: SourcePosition;
}

export interface FrrCommunityList {
  readonly kind: 'community-list' | 'large-community-list' | 'extcommunity-list';
  /** `standard`, `expanded`, or `numbered` (FRR decides by number: 1-99 standard, 100-500 expanded). */
  readonly type: 'standard' | 'expanded' | 'numbered';
  readonly name: string;
  readonly entries: FrrRegexListEntry[];
}

export interface FrrAsPathList {
  readonly name: string;
  readonly entries: FrrRegexListEntry[];
}

export interface FrrRouteMapEntry {
  readonly name: string;
  readonly action: 'permit' | 'deny';
  readonly seq: number;
  /** `call X`, `on-match goto N`, `description …`, `match …`, `on-match next`, `set …` in order. */
  readonly statements: FrrStatement[];
  readonly source?: SourcePosition;
}

export interface FrrConfig {
  /** Lines before the first known block (`frr defaults …`, `hostname …`, `log …`), verbatim. */
  readonly preamble: string[];
  readonly routerBgp: FrrRouterBgp[];
  readonly asPathLists: FrrAsPathList[];
  readonly communityLists: FrrCommunityList[];
  readonly prefixLists: FrrPrefixList[];
  readonly routeMaps: FrrRouteMapEntry[];
  /** Other top-level lines v6net does not model (interfaces, zebra settings, …), verbatim. */
  readonly other: string[];
}

export function emptyFrrConfig(): FrrConfig {
  return {
    preamble: [],
    routerBgp: [],
    asPathLists: [],
    communityLists: [],
    prefixLists: [],
    routeMaps: [],
    other: [],
  };
}

/** The first statement of `stmts` that starts with `prefix` (word by word); returns the remaining words. */
export function findStatement(stmts: readonly FrrStatement[], ...prefix: string[]): string[] | undefined {
  for (const s of stmts) {
    if (s.length >= prefix.length && prefix.every((w, i) => s[i] === w)) return s.slice(prefix.length);
  }
  return undefined;
}

/** A neighbor or peer group by name. */
export function findPeer(router: FrrRouterBgp, name: string): FrrBgpPeer | undefined {
  return router.peerGroups.find((p) => p.name === name) ?? router.neighbors.find((p) => p.name === name);
}

/** The address family block `afi safi` of a peer or router. */
export function findAf(
  holder: { readonly addressFamilies: readonly FrrAddressFamily[] },
  afi: string,
  safi = 'unicast',
): FrrAddressFamily | undefined {
  return holder.addressFamilies.find((a) => a.afi === afi && a.safi === safi);
}
