/**
 * One router as the checks see it, whichever file it came from (VyOS `set` commands, VyOS config.boot, FRR
 * config): BGP identity, peers and peer groups with their per-family policies, listen ranges, interfaces with
 * addresses, originated prefixes and the routing policy objects. Every value keeps the position it was written at,
 * so a finding can point at the router's side of a disagreement. Passwords exist only as SHA-256 hashes plus a
 * "looks like a placeholder" flag.
 */
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import type { Ipv4Prefix, Ipv6Prefix } from '../ip/index.js';
import type { Located } from '../vyos/tree.js';

export type { Located };

export type RemoteAs = number | 'external' | 'internal';
export type RouterFormat = 'vyos-set' | 'vyos-boot' | 'frr';

export interface RouterPeerAf {
  /** VyOS spelling: `ipv6-unicast`, `ipv4-unicast`. */
  readonly afi: string;
  readonly source?: SourcePosition;
  /** VyOS: the AF node exists. FRR: `neighbor X activate` in the AF block. */
  readonly activated: boolean;
  readonly routeMapImport?: Located<string>;
  readonly routeMapExport?: Located<string>;
  readonly prefixListImport?: Located<string>;
  readonly prefixListExport?: Located<string>;
  /** filter-list / distribute-list names: filters v6net does not evaluate. */
  readonly otherImportFilters: readonly Located<string>[];
  readonly otherExportFilters: readonly Located<string>[];
  readonly maximumPrefix?: Located<number>;
  readonly defaultOriginate?: { readonly source?: SourcePosition };
}

export interface RouterPassword {
  readonly sha256: string;
  /** A value like REPLACEWITHPASSWORD, CHANGE-ME…, {{ var }}: not a real secret, so not compared. */
  readonly placeholder: boolean;
  readonly source?: SourcePosition;
}

export interface RouterPeer {
  readonly kind: 'neighbor' | 'peer-group';
  /** Neighbor address (or interface), or the group name. */
  readonly name: string;
  readonly source?: SourcePosition;
  readonly remoteAs?: Located<RemoteAs>;
  readonly peerGroup?: Located<string>;
  readonly password?: RouterPassword;
  readonly ebgpMultihop?: Located<number>;
  readonly ttlSecurityHops?: Located<number>;
  readonly disableConnectedCheck: boolean;
  readonly timers: { readonly keepaliveSec?: Located<number>; readonly holdTimeSec?: Located<number> };
  /** `enable`, `disable` or `restart-helper` (VyOS words; FRR's forms are mapped onto them). */
  readonly gracefulRestart?: Located<string>;
  readonly description?: Located<string>;
  readonly shutdown: boolean;
  readonly addressFamilies: readonly RouterPeerAf[];
}

export interface RouterInterface {
  /** Linux name (`eth1`, `eth1.2502`, `lo`). */
  readonly name: string;
  /** VyOS type node (`ethernet`, `loopback`, …); `interface` for FRR. */
  readonly type: string;
  readonly parent?: string;
  readonly vlanId?: number;
  readonly source?: SourcePosition;
  /** IPv6 interface addresses (address with its on-link prefix length). */
  readonly addresses: readonly Located<Ipv6Prefix>[];
  readonly description?: Located<string>;
  readonly loopback: boolean;
}

export interface RouterPrefixListRule {
  readonly seq: number;
  readonly action?: 'permit' | 'deny';
  /** Undefined when the rule has no (valid) prefix: FRR skips it. */
  readonly prefix?: Ipv6Prefix | Ipv4Prefix;
  readonly ge?: number;
  readonly le?: number;
  readonly source?: SourcePosition;
}

export interface RouterPrefixList {
  readonly name: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly source?: SourcePosition;
  /** Ascending by seq. */
  readonly rules: readonly RouterPrefixListRule[];
}

export type RouteMapMatch =
  | {
      readonly kind: 'prefix-list';
      readonly family: 'ipv4' | 'ipv6';
      readonly name: string;
      readonly source?: SourcePosition;
    }
  | {
      readonly kind: 'community-list';
      readonly name: string;
      readonly exact: boolean;
      readonly source?: SourcePosition;
    }
  /** A condition v6net does not evaluate (as-path, next hop, peer, tag, …): the result is unknown. */
  | { readonly kind: 'other'; readonly what: string; readonly source?: SourcePosition };

export interface RouterRouteMapRule {
  readonly seq: number;
  readonly action?: 'permit' | 'deny';
  readonly source?: SourcePosition;
  readonly matches: readonly RouteMapMatch[];
  readonly call?: string;
  readonly onMatchNext: boolean;
  readonly onMatchGoto?: number;
  /** The rule changes the route's communities (add, replace, none, delete). */
  readonly setsCommunities: boolean;
}

export interface RouterRouteMap {
  readonly name: string;
  readonly source?: SourcePosition;
  /** Ascending by seq. */
  readonly rules: readonly RouterRouteMapRule[];
}

export interface RouterCommunityList {
  readonly name: string;
  /** Expanded lists match a regular expression against the route's community string. */
  readonly expanded: boolean;
  readonly rules: readonly {
    readonly action?: 'permit' | 'deny';
    readonly value: string;
    readonly source?: SourcePosition;
  }[];
}

export interface RouterListenRange {
  readonly text: Located<string>;
  /** Undefined when the text is not an IPv6 prefix. */
  readonly prefix?: Ipv6Prefix;
  readonly peerGroup?: Located<string>;
}

export interface RouterOrigination {
  readonly prefix: Ipv6Prefix;
  readonly source?: SourcePosition;
}

export interface RouterModel {
  /** The host name when set, else the file's stem. */
  readonly name: string;
  readonly file: string;
  readonly format: RouterFormat;
  readonly source: SourcePosition;
  readonly hostName?: Located<string>;
  readonly domainName?: Located<string>;
  /** Where the BGP configuration starts (`protocols bgp` / `router bgp`), if any. */
  readonly bgpSource?: SourcePosition;
  readonly systemAs?: Located<number>;
  readonly routerId?: Located<string>;
  readonly interfaces: readonly RouterInterface[];
  readonly peerGroups: readonly RouterPeer[];
  readonly neighbors: readonly RouterPeer[];
  readonly listenRanges: readonly RouterListenRange[];
  readonly timers: { readonly keepaliveSec?: Located<number>; readonly holdTimeSec?: Located<number> };
  readonly gracefulRestart?: { readonly source?: SourcePosition };
  /** RFC 8212: with it, an eBGP peer without an import (export) policy accepts (sends) nothing. */
  readonly ebgpRequiresPolicy: boolean;
  readonly networks: readonly RouterOrigination[];
  readonly aggregates: readonly RouterOrigination[];
  readonly redistribute: readonly {
    readonly protocol: string;
    readonly routeMap?: string;
    readonly source?: SourcePosition;
  }[];
  readonly staticRoutes: readonly (RouterOrigination & { readonly blackhole: boolean })[];
  readonly prefixLists6: ReadonlyMap<string, RouterPrefixList>;
  readonly prefixLists4: ReadonlyMap<string, RouterPrefixList>;
  readonly routeMaps: ReadonlyMap<string, RouterRouteMap>;
  readonly communityLists: ReadonlyMap<string, RouterCommunityList>;
  /** Values the reader could not use (bad numbers, bad prefixes). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Passwords that are obviously not real: templates and "replace me" markers. */
const PLACEHOLDER =
  /^(\{\{.*\}\}|\$\{.*\}|\$[A-Z_]+|<[^>]*>|x{3,}|\*{3,}|changeme|password|secret)$|REPLACE|CHANGE-?ME|CHANGE_ME|PLACEHOLDER|TODO|FIXME/i;

export function isPlaceholderPassword(text: string): boolean {
  return text.trim() === '' || PLACEHOLDER.test(text.trim());
}
