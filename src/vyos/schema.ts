/**
 * The part of the VyOS 1.4/1.5 configuration schema (vyos-1x `interface-definitions`) that v6net needs to read `set`
 * commands without quotes: which nodes are tag nodes (the next word is a tag value), which leaves take one value,
 * which take many (`multi`), which take none (`flag`). Paths outside this table are read by the quoting rule: a
 * quoted last word is a value, a bare one is a node. Reference: shared/reference/vyos-frr.md §1.1, §1.6, §2, §3.
 */
export type SchemaNode =
  | { readonly kind: 'node'; readonly children: Readonly<Record<string, SchemaNode>> }
  | { readonly kind: 'tag'; readonly entry: SchemaNode }
  | { readonly kind: 'leaf' }
  | { readonly kind: 'multi' }
  | { readonly kind: 'flag' };

const leaf: SchemaNode = { kind: 'leaf' };
const multi: SchemaNode = { kind: 'multi' };
const flag: SchemaNode = { kind: 'flag' };
const node = (children: Record<string, SchemaNode>): SchemaNode => ({ kind: 'node', children });
const tag = (children: Record<string, SchemaNode>): SchemaNode => ({ kind: 'tag', entry: node(children) });
const leaves = (...names: string[]): Record<string, SchemaNode> => Object.fromEntries(names.map((n) => [n, leaf]));
const flags = (...names: string[]): Record<string, SchemaNode> => Object.fromEntries(names.map((n) => [n, flag]));
const importExport = node(leaves('import', 'export'));

// ---- interfaces -------------------------------------------------------------------------------------------------
const ipv6If = node({
  address: node({ autoconf: flag, eui64: multi, 'no-default-link-local': flag }),
  'adjust-mss': leaf,
  'disable-forwarding': flag,
});
const ifCommon = {
  address: multi,
  description: leaf,
  mtu: leaf,
  disable: flag,
  vrf: leaf,
  ipv6: ipv6If,
  ip: node({ 'adjust-mss': leaf, 'disable-forwarding': flag }),
  redirect: leaf,
};
const vif = tag({ ...ifCommon });
const ethernet = tag({
  ...ifCommon,
  'hw-id': leaf,
  duplex: leaf,
  speed: leaf,
  mac: leaf,
  vif,
  offload: node(flags('gro', 'gso', 'lro', 'rps', 'sg', 'tso')),
});
const interfaces = node({
  ethernet,
  loopback: tag({ address: multi, description: leaf }),
  dummy: tag({ ...ifCommon }),
  bonding: tag({ ...ifCommon, vif, mode: leaf, 'hash-policy': leaf, member: node({ interface: multi }) }),
  bridge: tag({ ...ifCommon, vif, member: node({ interface: tag({}) }) }),
  wireguard: tag({ ...ifCommon, port: leaf, 'private-key': leaf, peer: tag({}) }),
});

// ---- protocols bgp ----------------------------------------------------------------------------------------------
const redistributeProto = node({ metric: leaf, 'route-map': leaf });
const globalAf = node({
  network: tag({ 'route-map': leaf, backdoor: flag, 'path-limit': leaf, rd: leaf, label: leaf }),
  'aggregate-address': tag({ 'as-set': flag, 'summary-only': flag, 'route-map': leaf }),
  'maximum-paths': node(leaves('ebgp', 'ibgp')),
  redistribute: node({
    connected: redistributeProto,
    kernel: redistributeProto,
    static: redistributeProto,
    ospf: redistributeProto,
    ospfv3: redistributeProto,
    rip: redistributeProto,
    ripng: redistributeProto,
    babel: redistributeProto,
    isis: redistributeProto,
    table: tag({ metric: leaf, 'route-map': leaf }),
  }),
  distance: node({ ...leaves('external', 'internal', 'local'), prefix: tag({ distance: leaf }) }),
});
const peerAf = node({
  'route-map': importExport,
  'prefix-list': importExport,
  'filter-list': importExport,
  'distribute-list': importExport,
  'maximum-prefix': leaf,
  'maximum-prefix-out': leaf,
  'soft-reconfiguration': node(flags('inbound')),
  'nexthop-self': node(flags('force')),
  'allowas-in': node(leaves('number')),
  'remove-private-as': node(flags('all')),
  'attribute-unchanged': node(flags('as-path', 'med', 'next-hop')),
  'default-originate': node(leaves('route-map')),
  'conditionally-advertise': node(leaves('advertise-map', 'exist-map', 'non-exist-map')),
  'disable-send-community': node(flags('extended', 'standard')),
  capability: node({ orf: node({ 'prefix-list': node(flags('send', 'receive')) }) }),
  'nexthop-local': node(flags('unchanged')),
  ...flags('as-override', 'route-reflector-client', 'route-server-client', 'addpath-tx-all', 'addpath-tx-per-as'),
  ...leaves('weight', 'unsuppress-map'),
});
const peerCommon = {
  ...leaves('remote-as', 'password', 'description', 'ebgp-multihop', 'update-source', 'port', 'graceful-restart'),
  ...leaves('advertisement-interval'),
  ...flags('passive', 'shutdown', 'solo', 'enforce-first-as', 'strict-capability-match', 'override-capability'),
  ...flags('disable-connected-check', 'disable-capability-negotiation'),
  'ttl-security': node(leaves('hops')),
  timers: node(leaves('keepalive', 'holdtime', 'connect')),
  capability: node(flags('dynamic', 'extended-nexthop', 'software-version')),
  'local-as': tag({ 'no-prepend': node(flags('replace-as')) }),
  'local-role': tag(flags('strict')),
  bfd: node({ profile: leaf, 'check-control-plane-failure': flag }),
  'address-family': node({ 'ipv4-unicast': peerAf, 'ipv6-unicast': peerAf }),
  'path-attribute': node({ discard: multi, 'treat-as-withdraw': leaf }),
};
const bgp = node({
  'system-as': leaf,
  'address-family': node({ 'ipv4-unicast': globalAf, 'ipv6-unicast': globalAf }),
  listen: node({ limit: leaf, range: tag({ 'peer-group': leaf }) }),
  neighbor: tag({
    ...peerCommon,
    'peer-group': leaf,
    interface: node({
      ...leaves('peer-group', 'remote-as', 'source-interface'),
      v6only: node(leaves('peer-group', 'remote-as')),
    }),
  }),
  'peer-group': tag(peerCommon),
  parameters: node({
    ...leaves('router-id', 'cluster-id', 'minimum-holdtime', 'labeled-unicast', 'as-notation'),
    ...flags('log-neighbor-changes', 'graceful-shutdown', 'always-compare-med', 'deterministic-med'),
    ...flags('ebgp-requires-policy', 'network-import-check', 'fast-convergence', 'no-client-to-client-reflection'),
    ...flags('no-fast-external-failover', 'no-suppress-duplicates', 'reject-as-sets', 'shutdown'),
    ...flags('suppress-fib-pending', 'allow-martian-nexthop', 'disable-ebgp-connected-route-check'),
    ...flags('no-hard-administrative-reset', 'route-reflector-allow-outbound-policy', 'no-ipv6-auto-ra'),
    'graceful-restart': node(leaves('stalepath-time', 'restart-time')),
    bestpath: node({
      'as-path': node(flags('confed', 'ignore', 'multipath-relax')),
      'compare-routerid': flag,
      med: multi,
      'peer-type': node(flags('multipath-relax')),
      bandwidth: leaf,
    }),
    default: node(leaves('local-pref')),
    confederation: node({ identifier: leaf, peers: multi }),
    dampening: node(leaves('half-life', 're-use', 'start-suppress-time', 'max-suppress-time')),
    distance: node({ global: node(leaves('external', 'internal', 'local')), prefix: tag({ distance: leaf }) }),
    'tcp-keepalive': node(leaves('idle', 'interval', 'probes')),
    'conditional-advertisement': node(leaves('timer')),
    'update-delay': node(leaves('max-delay', 'establish-wait')),
  }),
  timers: node(leaves('keepalive', 'holdtime')),
});

const staticRoute = tag({
  'next-hop': tag({ distance: leaf, interface: leaf, disable: flag }),
  interface: tag({ distance: leaf, disable: flag }),
  blackhole: node({ distance: leaf, tag: leaf }),
  description: leaf,
});
const protocols = node({ bgp, static: node({ route: staticRoute, route6: staticRoute }) });

// ---- policy -----------------------------------------------------------------------------------------------------
const prefixList = tag({ description: leaf, rule: tag(leaves('action', 'description', 'ge', 'le', 'prefix')) });
const regexList = tag({ description: leaf, rule: tag(leaves('action', 'description', 'regex')) });
const addressMatch = node(leaves('access-list', 'prefix-list', 'prefix-len'));
const nexthopMatch = node(leaves('access-list', 'address', 'prefix-len', 'prefix-list', 'type'));
const communitySet = node({ add: multi, replace: multi, none: flag, delete: leaf });
const routeMapRule = tag({
  ...leaves('action', 'call', 'continue', 'description'),
  match: node({
    ...leaves('as-path', 'extcommunity', 'interface', 'local-preference', 'metric', 'origin', 'peer', 'protocol'),
    ...leaves('rpki', 'tag', 'source-vrf'),
    community: node({ 'community-list': leaf, 'exact-match': flag }),
    'large-community': node(leaves('large-community-list')),
    ip: node({ address: addressMatch, nexthop: nexthopMatch, 'route-source': addressMatch }),
    ipv6: node({ address: addressMatch, nexthop: nexthopMatch }),
  }),
  'on-match': node({ goto: leaf, next: flag }),
  set: node({
    ...leaves('distance', 'ip-next-hop', 'local-preference', 'metric', 'metric-type', 'origin', 'originator-id'),
    ...leaves('src', 'table', 'tag', 'weight'),
    aggregator: node(leaves('as', 'ip')),
    'as-path': node(leaves('exclude', 'prepend', 'prepend-last-as')),
    'atomic-aggregate': flag,
    community: communitySet,
    'large-community': communitySet,
    extcommunity: node({ rt: multi, soo: multi, bandwidth: leaf, 'bandwidth-non-transitive': flag, none: flag }),
    'ipv6-next-hop': node({ global: leaf, local: leaf, 'peer-address': flag, 'prefer-global': flag }),
  }),
});
const accessRule = tag({
  ...leaves('action', 'description'),
  source: node({ any: flag, host: leaf, network: leaf, 'inverse-mask': leaf, 'exact-match': flag }),
  destination: node({ any: flag, host: leaf, network: leaf, 'inverse-mask': leaf }),
});
const policy = node({
  'prefix-list': prefixList,
  'prefix-list6': prefixList,
  'route-map': tag({ description: leaf, rule: routeMapRule }),
  'community-list': regexList,
  'large-community-list': regexList,
  'extcommunity-list': regexList,
  'as-path-list': regexList,
  'access-list': tag({ description: leaf, rule: accessRule }),
  'access-list6': tag({ description: leaf, rule: accessRule }),
});

// ---- firewall (only what router configs in scope use) -------------------------------------------------------------
const fwMatch = node({
  ...leaves('address', 'port'),
  group: node(leaves('address-group', 'network-group', 'port-group')),
});
const fwRule = tag({
  ...leaves('action', 'description', 'protocol', 'jump-target'),
  ...flags('disable', 'log'),
  destination: fwMatch,
  source: fwMatch,
  // vyos-1x include/firewall/state.xml.i (1.4.0 and later): one multi leaf, `state 'established'`.
  state: multi,
  'inbound-interface': node(leaves('name', 'group')),
  'outbound-interface': node(leaves('name', 'group')),
  icmpv6: node(leaves('type', 'type-name')),
});
const fwChain = node({ filter: node({ 'default-action': leaf, rule: fwRule }) });
const fwFamily = node({
  input: fwChain,
  output: fwChain,
  forward: fwChain,
  name: tag({ 'default-action': leaf, description: leaf, rule: fwRule }),
});
const firewall = node({
  ipv6: fwFamily,
  ipv4: fwFamily,
  group: node({
    'address-group': tag({ address: multi, description: leaf }),
    'ipv6-address-group': tag({ address: multi, description: leaf }),
    'network-group': tag({ network: multi, description: leaf }),
    'ipv6-network-group': tag({ network: multi, description: leaf }),
    'port-group': tag({ port: multi, description: leaf }),
  }),
});

// ---- system / service (common lines of a router config) --------------------------------------------------------
const system = node({
  ...leaves('host-name', 'domain-name', 'time-zone'),
  'name-server': multi,
  'domain-search': multi,
  login: node({
    user: tag({
      'full-name': leaf,
      authentication: node({
        ...leaves('encrypted-password', 'plaintext-password'),
        'public-keys': tag(leaves('key', 'type')),
      }),
    }),
  }),
  ntp: node({ server: tag(flags('prefer', 'pool')) }),
  syslog: node({ global: node({ facility: tag(leaves('level')) }) }),
  'static-host-mapping': node({ 'host-name': tag({ inet: multi, alias: multi }) }),
  console: node({ device: tag(leaves('speed')) }),
  'config-management': node(leaves('commit-revisions')),
});
const service = node({
  ssh: node({ port: multi, 'listen-address': multi, 'disable-password-authentication': flag }),
  ntp: node({
    server: tag(flags('prefer', 'pool')),
    'listen-address': multi,
    'allow-client': node({ address: multi }),
  }),
  https: node({ api: node({ keys: node({ id: tag(leaves('key')) }), rest: flag }), 'listen-address': multi }),
  'router-advert': node({
    interface: tag({
      ...leaves('default-lifetime', 'default-preference', 'hop-limit', 'link-mtu', 'reachable-time'),
      'name-server': multi,
      prefix: tag({ ...leaves('preferred-lifetime', 'valid-lifetime'), ...flags('no-autonomous-flag') }),
      ...flags('managed-flag', 'other-config-flag'),
    }),
  }),
});

export const vyosSchema: SchemaNode = node({ interfaces, protocols, policy, firewall, system, service });

/** The schema node at `path` (tag values are walked through), or undefined when the path leaves the table. */
export function schemaAt(path: readonly string[], root: SchemaNode = vyosSchema): SchemaNode | undefined {
  let cur: SchemaNode | undefined = root;
  for (const name of path) {
    if (cur === undefined) return undefined;
    if (cur.kind === 'tag') cur = cur.entry;
    else if (cur.kind === 'node') cur = Object.hasOwn(cur.children, name) ? cur.children[name] : undefined;
    else return undefined;
  }
  return cur;
}
