/**
 * A VyOS configuration tree (either format) as a {@link RouterModel}: built on the typed readers of `src/vyos`
 * (BGP, policy, interfaces), plus static routes and the host name. Positions come from the tree, so findings point
 * at the exact `set` line or config.boot line. Never throws.
 */
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import { Ipv4Prefix, Ipv6Prefix } from '../ip/index.js';
import { readVyosBgp, type VyosBgpPeer, type VyosBgpPeerAf } from '../vyos/bgp-reader.js';
import { readVyosInterfaces } from '../vyos/interfaces-reader.js';
import {
  readVyosPolicy,
  type VyosNamedList,
  type VyosPrefixListRule,
  type VyosRegexListRule,
  type VyosRouteMapRule,
} from '../vyos/policy-reader.js';
import type { Located, VyosTree } from '../vyos/tree.js';
import {
  isPlaceholderPassword,
  type RouteMapMatch,
  type RouterCommunityList,
  type RouterFormat,
  type RouterInterface,
  type RouterModel,
  type RouterOrigination,
  type RouterPeer,
  type RouterPeerAf,
  type RouterPrefixList,
  type RouterRouteMap,
} from './model.js';

function opt<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}

function action(a: Located<string> | undefined): 'permit' | 'deny' | undefined {
  return a?.value === 'permit' || a?.value === 'deny' ? a.value : undefined;
}

function peerAf(af: VyosBgpPeerAf): RouterPeerAf {
  return {
    afi: af.afi,
    activated: true,
    ...opt('source', af.source),
    ...opt('routeMapImport', af.routeMapImport),
    ...opt('routeMapExport', af.routeMapExport),
    ...opt('prefixListImport', af.prefixListImport),
    ...opt('prefixListExport', af.prefixListExport),
    otherImportFilters: [af.filterListImport, af.distributeListImport].filter((x) => x !== undefined),
    otherExportFilters: [af.filterListExport, af.distributeListExport].filter((x) => x !== undefined),
    ...opt('maximumPrefix', af.maximumPrefix),
    ...opt('defaultOriginate', af.defaultOriginate === undefined ? undefined : {}),
  };
}

function peer(tree: VyosTree, p: VyosBgpPeer): RouterPeer {
  const raw = tree.value(['protocols', 'bgp', p.kind, p.name, 'password']);
  return {
    kind: p.kind,
    name: p.name,
    ...opt('source', p.source),
    ...opt('remoteAs', p.remoteAs),
    ...opt('peerGroup', p.peerGroup),
    ...opt(
      'password',
      p.password === undefined
        ? undefined
        : {
            sha256: p.password.sha256,
            placeholder: isPlaceholderPassword(raw ?? ''),
            ...opt('source', p.password.source),
          },
    ),
    ...opt('ebgpMultihop', p.ebgpMultihop),
    ...opt('ttlSecurityHops', p.ttlSecurityHops),
    disableConnectedCheck: p.disableConnectedCheck,
    timers: { ...opt('keepaliveSec', p.timers.keepaliveSec), ...opt('holdTimeSec', p.timers.holdTimeSec) },
    ...opt('gracefulRestart', p.gracefulRestart),
    ...opt('description', p.description),
    shutdown: p.shutdown,
    addressFamilies: p.addressFamilies.map(peerAf),
  };
}

function prefixLists(
  lists: readonly VyosNamedList<VyosPrefixListRule>[],
  family: 'ipv4' | 'ipv6',
  problems: Diagnostic[],
) {
  const out = new Map<string, RouterPrefixList>();
  for (const list of lists) {
    const rules = list.rules.map((r) => {
      const parsed =
        r.prefix === undefined
          ? undefined
          : family === 'ipv6'
            ? Ipv6Prefix.tryParse(r.prefix.value)
            : Ipv4Prefix.tryParse(r.prefix.value);
      if (parsed !== undefined && !parsed.ok) {
        const d: Diagnostic = {
          code: 'E_VYOS_VALUE',
          severity: 'error',
          message: `prefix-list ${list.name} rule ${r.rule}: '${r.prefix!.value}' is not an ${family === 'ipv6' ? 'IPv6' : 'IPv4'} prefix`,
          path: ['policy', family === 'ipv6' ? 'prefix-list6' : 'prefix-list', list.name, 'rule', r.rule],
        };
        problems.push(r.prefix!.source === undefined ? d : { ...d, source: r.prefix!.source });
      }
      return {
        seq: r.rule,
        ...opt('action', action(r.action)),
        ...opt('prefix', parsed?.ok ? parsed.value.network() : undefined),
        ...opt('ge', r.ge?.value),
        ...opt('le', r.le?.value),
        ...opt('source', r.source),
      };
    });
    out.set(list.name, { name: list.name, family, ...opt('source', list.source), rules });
  }
  return out;
}

function matches(rule: VyosRouteMapRule): RouteMapMatch[] {
  const m = rule.match;
  const out: RouteMapMatch[] = [];
  if (m.ipv6AddressPrefixList)
    out.push({
      kind: 'prefix-list',
      family: 'ipv6',
      name: m.ipv6AddressPrefixList.value,
      ...opt('source', m.ipv6AddressPrefixList.source),
    });
  if (m.ipAddressPrefixList)
    out.push({
      kind: 'prefix-list',
      family: 'ipv4',
      name: m.ipAddressPrefixList.value,
      ...opt('source', m.ipAddressPrefixList.source),
    });
  if (m.communityList)
    out.push({
      kind: 'community-list',
      name: m.communityList.value,
      exact: m.communityExactMatch,
      ...opt('source', m.communityList.source),
    });
  const others: [string, Located<unknown> | undefined][] = [
    ['as-path', m.asPath],
    ['large-community', m.largeCommunityList],
    ['extcommunity', m.extcommunity],
    ['ip address access-list', m.ipAddressAccessList],
    ['ipv6 address access-list', m.ipv6AddressAccessList],
    ['ipv6 address prefix-len', m.ipv6AddressPrefixLen],
    ['ipv6 nexthop', m.ipv6NexthopAddress ?? m.ipv6NexthopPrefixList ?? m.ipv6NexthopAccessList ?? m.ipv6NexthopType],
    ['interface', m.interface],
    ['local-preference', m.localPreference],
    ['metric', m.metric],
    ['origin', m.origin],
    ['peer', m.peer],
    ['protocol', m.protocol],
    ['rpki', m.rpki],
    ['tag', m.tag],
  ];
  for (const [what, v] of others) if (v !== undefined) out.push({ kind: 'other', what, ...opt('source', v.source) });
  return out;
}

function routeMaps(lists: readonly VyosNamedList<VyosRouteMapRule>[]): Map<string, RouterRouteMap> {
  const out = new Map<string, RouterRouteMap>();
  for (const list of lists) {
    out.set(list.name, {
      name: list.name,
      ...opt('source', list.source),
      rules: list.rules.map((r) => ({
        seq: r.rule,
        ...opt('action', action(r.action)),
        ...opt('source', r.source),
        matches: matches(r),
        ...opt('call', r.call?.value),
        // VyOS `continue N` renders as FRR `on-match goto N`.
        onMatchNext: r.onMatchNext,
        ...opt('onMatchGoto', r.onMatchGoto?.value ?? r.continue?.value),
        setsCommunities: r.set.community !== undefined || r.set.largeCommunity !== undefined,
      })),
    });
  }
  return out;
}

function communityLists(lists: readonly VyosNamedList<VyosRegexListRule>[]): Map<string, RouterCommunityList> {
  const out = new Map<string, RouterCommunityList>();
  for (const list of lists) {
    out.set(list.name, {
      name: list.name,
      // Named VyOS lists are rendered as FRR expanded (regex) lists; numbered 1-99 are standard.
      expanded: !(/^\d+$/.test(list.name) && Number(list.name) < 100),
      rules: list.rules.map((r) => ({
        ...opt('action', action(r.action)),
        value: r.regex?.value ?? '',
        ...opt('source', r.source),
      })),
    });
  }
  return out;
}

function interfaces(tree: VyosTree, problems: Diagnostic[]): RouterInterface[] {
  return readVyosInterfaces(tree).map((i) => {
    const addresses: Located<Ipv6Prefix>[] = [];
    for (const a of i.addresses) {
      if (!a.value.includes(':')) continue; // IPv4 or dhcp/dhcpv6
      const p = Ipv6Prefix.tryParse(a.value);
      if (p.ok) addresses.push({ value: p.value, ...opt('source', a.source) });
      else {
        const d: Diagnostic = {
          code: 'E_VYOS_VALUE',
          severity: 'error',
          message: `interface ${i.name} address '${a.value}' is not an IPv6 prefix`,
          path: ['interfaces', i.type, i.name, 'address'],
        };
        problems.push(a.source === undefined ? d : { ...d, source: a.source });
      }
    }
    return {
      name: i.name,
      type: i.type,
      ...opt('parent', i.parent),
      ...opt('vlanId', i.vlanId),
      ...opt('source', i.source),
      addresses,
      ...opt('description', i.description),
      loopback: i.type === 'loopback' || i.type === 'dummy',
    };
  });
}

function originations(names: readonly { prefix: Located<string> }[]): RouterOrigination[] {
  const out: RouterOrigination[] = [];
  for (const n of names) {
    const p = Ipv6Prefix.tryParse(n.prefix.value);
    if (p.ok) out.push({ prefix: p.value.network(), ...opt('source', n.prefix.source) });
  }
  return out;
}

function staticRoutes(tree: VyosTree): (RouterOrigination & { blackhole: boolean })[] {
  const out: (RouterOrigination & { blackhole: boolean })[] = [];
  const base = ['protocols', 'static', 'route6'];
  for (const node of tree.children(base)) {
    const p = Ipv6Prefix.tryParse(node.name);
    if (!p.ok) continue;
    out.push({
      prefix: p.value.network(),
      blackhole: tree.exists([...base, node.name, 'blackhole']),
      ...opt('source', node.source),
    });
  }
  return out;
}

/** Builds the router of a parsed VyOS tree; `stem` names it when the config sets no host name. */
export function routerFromVyos(tree: VyosTree, file: string, format: RouterFormat, stem: string): RouterModel {
  const problems: Diagnostic[] = [];
  const bgp = readVyosBgp(tree);
  const policy = readVyosPolicy(tree);
  problems.push(...(bgp?.diagnostics ?? []), ...policy.diagnostics);
  const af = bgp?.addressFamilies.find((a) => a.afi === 'ipv6-unicast');
  const hostName = tree.located(['system', 'host-name']);
  const source: SourcePosition = { file, line: 1, column: 1 };
  return {
    name: hostName?.value ?? stem,
    file,
    format,
    source,
    ...opt('hostName', hostName),
    ...opt('domainName', tree.located(['system', 'domain-name'])),
    ...opt('bgpSource', bgp?.source),
    ...opt('systemAs', bgp?.systemAs),
    ...opt('routerId', bgp?.routerId),
    interfaces: interfaces(tree, problems),
    peerGroups: (bgp?.peerGroups ?? []).map((p) => peer(tree, p)),
    neighbors: (bgp?.neighbors ?? []).map((p) => peer(tree, p)),
    listenRanges: (bgp?.listenRanges ?? []).map((r) => {
      const p = Ipv6Prefix.tryParse(r.prefix.value);
      return {
        text: r.prefix,
        ...opt('prefix', p.ok ? p.value.network() : undefined),
        ...opt('peerGroup', r.peerGroup),
      };
    }),
    timers: { ...opt('keepaliveSec', bgp?.timers.keepaliveSec), ...opt('holdTimeSec', bgp?.timers.holdTimeSec) },
    ...opt(
      'gracefulRestart',
      bgp?.parameters.gracefulRestart === undefined
        ? undefined
        : { ...opt('source', bgp.parameters.gracefulRestart.source) },
    ),
    ebgpRequiresPolicy: bgp?.parameters.ebgpRequiresPolicy ?? false,
    networks: originations(af?.networks ?? []),
    aggregates: originations(af?.aggregates ?? []),
    redistribute: (af?.redistribute ?? []).map((r) => ({
      protocol: r.protocol,
      ...opt('routeMap', r.routeMap),
      ...opt('source', r.source),
    })),
    staticRoutes: staticRoutes(tree),
    prefixLists6: prefixLists(policy.prefixLists6, 'ipv6', problems),
    prefixLists4: prefixLists(policy.prefixLists, 'ipv4', problems),
    routeMaps: routeMaps(policy.routeMaps),
    communityLists: communityLists(policy.communityLists),
    diagnostics: problems,
  };
}
