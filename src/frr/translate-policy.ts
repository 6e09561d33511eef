/**
 * VyOS `policy` → FRR lists and route maps, as `policy.frr.j2` renders them (reference §3): rules in canonical
 * order; a rule without `prefix`/`regex` is skipped like the template does; named community lists become FRR
 * *expanded* lists, numeric names keep FRR's numbered form; route-map lines in template order.
 */
import type { FrrAsPathList, FrrCommunityList, FrrConfig, FrrPrefixList, FrrRouteMapEntry } from './model.js';
import type { VyosTreeView } from './translate.js';

const POLICY = ['policy'];

function action(v: string | undefined): 'permit' | 'deny' | undefined {
  return v === 'permit' || v === 'deny' ? v : undefined;
}

function prefixLists(t: VyosTreeView, kind: 'prefix-list' | 'prefix-list6'): FrrPrefixList[] {
  const afi = kind === 'prefix-list' ? 'ip' : 'ipv6';
  return t.childNames([...POLICY, kind]).map((name) => {
    const p = [...POLICY, kind, name];
    const list: FrrPrefixList = { afi, name, entries: [] };
    const desc = t.value([...p, 'description']);
    if (desc !== undefined) list.description = desc;
    for (const rule of t.childNames([...p, 'rule'])) {
      const r = [...p, 'rule', rule];
      const prefix = t.value([...r, 'prefix']);
      const act = action(t.value([...r, 'action']));
      if (prefix === undefined || act === undefined || !/^\d+$/.test(rule)) continue;
      const ge = t.value([...r, 'ge']);
      const le = t.value([...r, 'le']);
      list.entries.push({
        seq: Number(rule),
        action: act,
        prefix,
        ...(ge === undefined ? {} : { ge: Number(ge) }),
        ...(le === undefined ? {} : { le: Number(le) }),
      });
    }
    return list;
  });
}

function regexEntries(t: VyosTreeView, p: string[]): FrrAsPathList['entries'] {
  const out: FrrAsPathList['entries'] = [];
  for (const rule of t.childNames([...p, 'rule'])) {
    const r = [...p, 'rule', rule];
    const regex = t.value([...r, 'regex']);
    const act = action(t.value([...r, 'action']));
    if (regex === undefined || act === undefined || !/^\d+$/.test(rule)) continue;
    out.push({ seq: Number(rule), action: act, value: regex });
  }
  return out;
}

function communityLists(t: VyosTreeView, kind: FrrCommunityList['kind']): FrrCommunityList[] {
  return t.childNames([...POLICY, kind]).map((name) => ({
    kind,
    // Jinja's `list | int != 0`: a non-zero integer name keeps FRR's numbered form.
    type: /^\d+$/.test(name) && Number(name) !== 0 ? 'numbered' : 'expanded',
    name,
    entries: regexEntries(t, [...POLICY, kind, name]),
  }));
}

function routeMapEntry(t: VyosTreeView, name: string, rule: string): FrrRouteMapEntry | undefined {
  const p = [...POLICY, 'route-map', name, 'rule', rule];
  const act = action(t.value([...p, 'action']));
  if (act === undefined || !/^\d+$/.test(rule)) return undefined;
  const s: string[][] = [];
  const v = (...r: string[]): string | undefined => t.value([...p, ...r]);
  const has = (...r: string[]): boolean => t.exists([...p, ...r]);
  const opt = (words: string[], ...r: string[]): void => {
    const x = v(...r);
    if (x !== undefined) s.push([...words, x]);
  };
  opt(['call'], 'call');
  opt(['on-match', 'goto'], 'continue');
  opt(['description'], 'description');
  const m = ['match'];
  opt(['match', 'as-path'], ...m, 'as-path');
  const cl = v(...m, 'community', 'community-list');
  if (cl !== undefined)
    s.push(['match', 'community', cl, ...(has(...m, 'community', 'exact-match') ? ['exact-match'] : [])]);
  opt(['match', 'extcommunity'], ...m, 'extcommunity');
  opt(['match', 'interface'], ...m, 'interface');
  opt(['match', 'ip', 'address'], ...m, 'ip', 'address', 'access-list');
  opt(['match', 'ip', 'address', 'prefix-list'], ...m, 'ip', 'address', 'prefix-list');
  opt(['match', 'ip', 'address', 'prefix-len'], ...m, 'ip', 'address', 'prefix-len');
  opt(['match', 'ip', 'next-hop'], ...m, 'ip', 'nexthop', 'access-list');
  opt(['match', 'ip', 'next-hop', 'address'], ...m, 'ip', 'nexthop', 'address');
  opt(['match', 'ip', 'next-hop', 'prefix-len'], ...m, 'ip', 'nexthop', 'prefix-len');
  opt(['match', 'ip', 'next-hop', 'prefix-list'], ...m, 'ip', 'nexthop', 'prefix-list');
  opt(['match', 'ip', 'next-hop', 'type'], ...m, 'ip', 'nexthop', 'type');
  opt(['match', 'ip', 'route-source'], ...m, 'ip', 'route-source', 'access-list');
  opt(['match', 'ip', 'route-source', 'prefix-list'], ...m, 'ip', 'route-source', 'prefix-list');
  opt(['match', 'ipv6', 'address'], ...m, 'ipv6', 'address', 'access-list');
  opt(['match', 'ipv6', 'address', 'prefix-list'], ...m, 'ipv6', 'address', 'prefix-list');
  opt(['match', 'ipv6', 'address', 'prefix-len'], ...m, 'ipv6', 'address', 'prefix-len');
  opt(['match', 'ipv6', 'next-hop', 'address'], ...m, 'ipv6', 'nexthop', 'address');
  opt(['match', 'ipv6', 'next-hop'], ...m, 'ipv6', 'nexthop', 'access-list');
  opt(['match', 'ipv6', 'next-hop', 'prefix-list'], ...m, 'ipv6', 'nexthop', 'prefix-list');
  opt(['match', 'ipv6', 'next-hop', 'type'], ...m, 'ipv6', 'nexthop', 'type');
  opt(['match', 'large-community'], ...m, 'large-community', 'large-community-list');
  opt(['match', 'local-preference'], ...m, 'local-preference');
  opt(['match', 'metric'], ...m, 'metric');
  opt(['match', 'origin'], ...m, 'origin');
  opt(['match', 'peer'], ...m, 'peer');
  const proto = v(...m, 'protocol');
  if (proto !== undefined) s.push(['match', 'source-protocol', proto === 'ospfv3' ? 'ospf6' : proto]);
  opt(['match', 'rpki'], ...m, 'rpki');
  opt(['match', 'source-vrf'], ...m, 'source-vrf');
  opt(['match', 'tag'], ...m, 'tag');
  if (has('on-match', 'next')) s.push(['on-match', 'next']);
  opt(['on-match', 'goto'], 'on-match', 'goto');
  const st = ['set'];
  const aggAs = v(...st, 'aggregator', 'as');
  const aggIp = v(...st, 'aggregator', 'ip');
  if (aggAs !== undefined && aggIp !== undefined) s.push(['set', 'aggregator', 'as', aggAs, aggIp]);
  opt(['set', 'as-path', 'exclude'], ...st, 'as-path', 'exclude');
  opt(['set', 'as-path', 'prepend'], ...st, 'as-path', 'prepend');
  opt(['set', 'as-path', 'prepend', 'last-as'], ...st, 'as-path', 'prepend-last-as');
  if (has(...st, 'atomic-aggregate')) s.push(['set', 'atomic-aggregate']);
  const localAs = (xs: string[]): string[] => xs.map((x) => x.replaceAll('local-as', 'local-AS'));
  opt(['set', 'comm-list'], ...st, 'community', 'delete');
  if (s.at(-1)?.[1] === 'comm-list') s.at(-1)!.push('delete');
  const crep = t.values([...p, ...st, 'community', 'replace']);
  if (crep.length > 0) s.push(['set', 'community', ...localAs(crep)]);
  const cadd = t.values([...p, ...st, 'community', 'add']);
  if (cadd.length > 0) s.push(['set', 'community', ...localAs(cadd), 'additive']);
  if (has(...st, 'community', 'none')) s.push(['set', 'community', 'none']);
  opt(['set', 'distance'], ...st, 'distance');
  const rt = t.values([...p, ...st, 'extcommunity', 'rt']);
  if (rt.length > 0) s.push(['set', 'extcommunity', 'rt', ...rt]);
  const soo = t.values([...p, ...st, 'extcommunity', 'soo']);
  if (soo.length > 0) s.push(['set', 'extcommunity', 'soo', ...soo]);
  if (has(...st, 'extcommunity', 'none')) s.push(['set', 'extcommunity', 'none']);
  opt(['set', 'ip', 'next-hop'], ...st, 'ip-next-hop');
  opt(['set', 'ipv6', 'next-hop', 'global'], ...st, 'ipv6-next-hop', 'global');
  opt(['set', 'ipv6', 'next-hop', 'local'], ...st, 'ipv6-next-hop', 'local');
  if (has(...st, 'ipv6-next-hop', 'peer-address')) s.push(['set', 'ipv6', 'next-hop', 'peer-address']);
  if (has(...st, 'ipv6-next-hop', 'prefer-global')) s.push(['set', 'ipv6', 'next-hop', 'prefer-global']);
  const lrep = t.values([...p, ...st, 'large-community', 'replace']);
  if (lrep.length > 0) s.push(['set', 'large-community', ...lrep]);
  const ladd = t.values([...p, ...st, 'large-community', 'add']);
  if (ladd.length > 0) s.push(['set', 'large-community', ...ladd, 'additive']);
  if (has(...st, 'large-community', 'none')) s.push(['set', 'large-community', 'none']);
  const ldel = v(...st, 'large-community', 'delete');
  if (ldel !== undefined) s.push(['set', 'large-comm-list', ldel, 'delete']);
  for (const k of [
    'local-preference',
    'metric',
    'metric-type',
    'origin',
    'originator-id',
    'src',
    'table',
    'tag',
    'weight',
  ]) {
    opt(['set', k], ...st, k);
  }
  return { name, action: act, seq: Number(rule), statements: s };
}

/** Adds the translated `policy` subtree to `config`. */
export function translatePolicy(t: VyosTreeView, config: FrrConfig): void {
  for (const name of t.childNames([...POLICY, 'as-path-list'])) {
    config.asPathLists.push({ name, entries: regexEntries(t, [...POLICY, 'as-path-list', name]) });
  }
  for (const kind of ['community-list', 'extcommunity-list', 'large-community-list'] as const) {
    config.communityLists.push(...communityLists(t, kind));
  }
  config.prefixLists.push(...prefixLists(t, 'prefix-list'), ...prefixLists(t, 'prefix-list6'));
  for (const name of t.childNames([...POLICY, 'route-map'])) {
    for (const rule of t.childNames([...POLICY, 'route-map', name, 'rule'])) {
      const e = routeMapEntry(t, name, rule);
      if (e !== undefined) config.routeMaps.push(e);
    }
  }
}
