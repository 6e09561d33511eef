/**
 * Typed view of `policy` (reference §3): prefix-list / prefix-list6, route-map (match/set), community-list,
 * large-community-list, extcommunity-list and as-path-list. Rules are in canonical (numeric) order; values keep
 * their positions.
 */
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import { dropUndefined, TreeReader } from './read-helpers.js';
import type { Located, VyosTree } from './tree.js';

export type VyosPolicyAction = 'permit' | 'deny';

export interface VyosPrefixListRule {
  readonly rule: number;
  readonly source?: SourcePosition;
  readonly action?: Located<string>;
  readonly prefix?: Located<string>;
  readonly ge?: Located<number>;
  readonly le?: Located<number>;
  readonly description?: string;
}

export interface VyosNamedList<R> {
  readonly name: string;
  readonly source?: SourcePosition;
  readonly description?: string;
  readonly rules: readonly R[];
}

export interface VyosRegexListRule {
  readonly rule: number;
  readonly source?: SourcePosition;
  readonly action?: Located<string>;
  readonly regex?: Located<string>;
  readonly description?: string;
}

export interface VyosRouteMapMatch {
  readonly asPath?: Located<string>;
  readonly communityList?: Located<string>;
  readonly communityExactMatch: boolean;
  readonly largeCommunityList?: Located<string>;
  readonly extcommunity?: Located<string>;
  readonly ipAddressPrefixList?: Located<string>;
  readonly ipAddressAccessList?: Located<string>;
  readonly ipv6AddressPrefixList?: Located<string>;
  readonly ipv6AddressAccessList?: Located<string>;
  readonly ipv6AddressPrefixLen?: Located<number>;
  readonly ipv6NexthopAddress?: Located<string>;
  readonly ipv6NexthopPrefixList?: Located<string>;
  readonly ipv6NexthopAccessList?: Located<string>;
  readonly ipv6NexthopType?: Located<string>;
  readonly interface?: Located<string>;
  readonly localPreference?: Located<number>;
  readonly metric?: Located<number>;
  readonly origin?: Located<string>;
  readonly peer?: Located<string>;
  readonly protocol?: Located<string>;
  readonly rpki?: Located<string>;
  readonly tag?: Located<number>;
}

export interface VyosCommunitySet {
  readonly add: readonly string[];
  readonly replace: readonly string[];
  readonly none: boolean;
  readonly delete?: string;
}

export interface VyosRouteMapSet {
  readonly localPreference?: Located<number>;
  readonly metric?: Located<string>;
  readonly origin?: Located<string>;
  readonly weight?: Located<number>;
  readonly tag?: Located<number>;
  readonly asPathPrepend?: Located<string>;
  readonly asPathPrependLastAs?: Located<number>;
  readonly asPathExclude?: Located<string>;
  readonly community?: VyosCommunitySet;
  readonly largeCommunity?: VyosCommunitySet;
  readonly ipv6NextHopGlobal?: Located<string>;
  readonly ipv6NextHopLocal?: Located<string>;
  readonly ipv6NextHopPeerAddress: boolean;
  readonly ipv6NextHopPreferGlobal: boolean;
  readonly src?: Located<string>;
  readonly table?: Located<number>;
  readonly distance?: Located<number>;
  readonly atomicAggregate: boolean;
}

export interface VyosRouteMapRule {
  readonly rule: number;
  readonly source?: SourcePosition;
  readonly action?: Located<string>;
  readonly call?: Located<string>;
  readonly continue?: Located<number>;
  readonly description?: string;
  readonly onMatchNext: boolean;
  readonly onMatchGoto?: Located<number>;
  readonly match: VyosRouteMapMatch;
  readonly set: VyosRouteMapSet;
}

export interface VyosPolicy {
  readonly prefixLists: readonly VyosNamedList<VyosPrefixListRule>[];
  readonly prefixLists6: readonly VyosNamedList<VyosPrefixListRule>[];
  readonly routeMaps: readonly VyosNamedList<VyosRouteMapRule>[];
  readonly communityLists: readonly VyosNamedList<VyosRegexListRule>[];
  readonly largeCommunityLists: readonly VyosNamedList<VyosRegexListRule>[];
  readonly extcommunityLists: readonly VyosNamedList<VyosRegexListRule>[];
  readonly asPathLists: readonly VyosNamedList<VyosRegexListRule>[];
  readonly diagnostics: readonly Diagnostic[];
}

const POLICY = ['policy'];

function ruleNumbers(r: TreeReader, path: string[]): { rule: number; name: string }[] {
  const out: { rule: number; name: string }[] = [];
  for (const name of r.names(path)) {
    const n = /^\d+$/.test(name) ? Number(name) : Number.NaN;
    if (Number.isSafeInteger(n) && n >= 1 && n <= 4294967295) out.push({ rule: n, name });
    else {
      const d: Diagnostic = {
        code: 'E_VYOS_VALUE',
        severity: 'error',
        message: `rule '${name}' is not a number`,
        path: [...path, name],
      };
      const source = r.source([...path, name]);
      r.diagnostics.push(source === undefined ? d : { ...d, source });
    }
  }
  return out;
}

function namedLists<R>(r: TreeReader, kind: string, readRule: (path: string[], rule: number) => R): VyosNamedList<R>[] {
  return r.names([...POLICY, kind]).map((name) => {
    const p = [...POLICY, kind, name];
    return dropUndefined({
      name,
      source: r.source(p),
      description: r.str([...p, 'description'])?.value,
      rules: ruleNumbers(r, [...p, 'rule']).map(({ rule, name: rn }) => readRule([...p, 'rule', rn], rule)),
    });
  });
}

function prefixRule(r: TreeReader, p: string[], rule: number): VyosPrefixListRule {
  return dropUndefined({
    rule,
    source: r.source(p),
    action: r.str([...p, 'action']),
    prefix: r.str([...p, 'prefix']),
    ge: r.int([...p, 'ge'], 0, 128),
    le: r.int([...p, 'le'], 0, 128),
    description: r.str([...p, 'description'])?.value,
  });
}

function regexRule(r: TreeReader, p: string[], rule: number): VyosRegexListRule {
  return dropUndefined({
    rule,
    source: r.source(p),
    action: r.str([...p, 'action']),
    regex: r.str([...p, 'regex']),
    description: r.str([...p, 'description'])?.value,
  });
}

function communitySet(r: TreeReader, p: string[]): VyosCommunitySet | undefined {
  if (!r.has(p)) return undefined;
  return dropUndefined({
    add: r.strs([...p, 'add']).map((v) => v.value),
    replace: r.strs([...p, 'replace']).map((v) => v.value),
    none: r.has([...p, 'none']),
    delete: r.str([...p, 'delete'])?.value,
  });
}

function routeMapRule(r: TreeReader, p: string[], rule: number): VyosRouteMapRule {
  const m = [...p, 'match'];
  const s = [...p, 'set'];
  const ms = (...rest: string[]): Located<string> | undefined => r.str([...m, ...rest]);
  const ss = (...rest: string[]): Located<string> | undefined => r.str([...s, ...rest]);
  const U32 = 4294967295;
  const match: VyosRouteMapMatch = dropUndefined({
    asPath: ms('as-path'),
    communityList: ms('community', 'community-list'),
    communityExactMatch: r.has([...m, 'community', 'exact-match']),
    largeCommunityList: ms('large-community', 'large-community-list'),
    extcommunity: ms('extcommunity'),
    ipAddressPrefixList: ms('ip', 'address', 'prefix-list'),
    ipAddressAccessList: ms('ip', 'address', 'access-list'),
    ipv6AddressPrefixList: ms('ipv6', 'address', 'prefix-list'),
    ipv6AddressAccessList: ms('ipv6', 'address', 'access-list'),
    ipv6AddressPrefixLen: r.int([...m, 'ipv6', 'address', 'prefix-len'], 0, 128),
    ipv6NexthopAddress: ms('ipv6', 'nexthop', 'address'),
    ipv6NexthopPrefixList: ms('ipv6', 'nexthop', 'prefix-list'),
    ipv6NexthopAccessList: ms('ipv6', 'nexthop', 'access-list'),
    ipv6NexthopType: ms('ipv6', 'nexthop', 'type'),
    interface: ms('interface'),
    localPreference: r.int([...m, 'local-preference'], 0, U32),
    metric: r.int([...m, 'metric'], 0, U32),
    origin: ms('origin'),
    peer: ms('peer'),
    protocol: ms('protocol'),
    rpki: ms('rpki'),
    tag: r.int([...m, 'tag'], 1, 65535),
  });
  const set: VyosRouteMapSet = dropUndefined({
    localPreference: r.int([...s, 'local-preference'], 0, U32),
    metric: ss('metric'),
    origin: ss('origin'),
    weight: r.int([...s, 'weight'], 0, U32),
    tag: r.int([...s, 'tag'], 1, 65535),
    asPathPrepend: ss('as-path', 'prepend'),
    asPathPrependLastAs: r.int([...s, 'as-path', 'prepend-last-as'], 1, 10),
    asPathExclude: ss('as-path', 'exclude'),
    community: communitySet(r, [...s, 'community']),
    largeCommunity: communitySet(r, [...s, 'large-community']),
    ipv6NextHopGlobal: ss('ipv6-next-hop', 'global'),
    ipv6NextHopLocal: ss('ipv6-next-hop', 'local'),
    ipv6NextHopPeerAddress: r.has([...s, 'ipv6-next-hop', 'peer-address']),
    ipv6NextHopPreferGlobal: r.has([...s, 'ipv6-next-hop', 'prefer-global']),
    src: ss('src'),
    table: r.int([...s, 'table'], 1, U32),
    distance: r.int([...s, 'distance'], 1, 255),
    atomicAggregate: r.has([...s, 'atomic-aggregate']),
  });
  return dropUndefined({
    rule,
    source: r.source(p),
    action: r.str([...p, 'action']),
    call: r.str([...p, 'call']),
    continue: r.int([...p, 'continue'], 1, 65535),
    description: r.str([...p, 'description'])?.value,
    onMatchNext: r.has([...p, 'on-match', 'next']),
    onMatchGoto: r.int([...p, 'on-match', 'goto'], 1, 65535),
    match,
    set,
  });
}

export function readVyosPolicy(tree: VyosTree): VyosPolicy {
  const r = new TreeReader(tree);
  return {
    prefixLists: namedLists(r, 'prefix-list', (p, n) => prefixRule(r, p, n)),
    prefixLists6: namedLists(r, 'prefix-list6', (p, n) => prefixRule(r, p, n)),
    routeMaps: namedLists(r, 'route-map', (p, n) => routeMapRule(r, p, n)),
    communityLists: namedLists(r, 'community-list', (p, n) => regexRule(r, p, n)),
    largeCommunityLists: namedLists(r, 'large-community-list', (p, n) => regexRule(r, p, n)),
    extcommunityLists: namedLists(r, 'extcommunity-list', (p, n) => regexRule(r, p, n)),
    asPathLists: namedLists(r, 'as-path-list', (p, n) => regexRule(r, p, n)),
    diagnostics: r.diagnostics,
  };
}
