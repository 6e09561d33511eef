/**
 * An FRR configuration (`frr.conf`, `bgpd.conf`, `show running-config`) as a {@link RouterModel}: the first
 * default-VRF `router bgp` block, its peers (FRR statements mapped onto the VyOS vocabulary the model uses),
 * prefix lists, route maps, community lists, `interface` addresses and `ipv6 route` statics. The FRR parser keeps
 * statements as words; positions are recovered from the text by a line index. Never throws.
 */
import type { SourcePosition } from '../core/diagnostic.js';
import { Ipv4Prefix, Ipv6Prefix } from '../ip/index.js';
import type { FrrBgpPeer, FrrConfig, FrrStatement } from '../frr/model.js';
import { sha256Hex } from '../vyos/bgp-reader.js';
import {
  isPlaceholderPassword,
  type Located,
  type RemoteAs,
  type RouteMapMatch,
  type RouterCommunityList,
  type RouterInterface,
  type RouterModel,
  type RouterOrigination,
  type RouterPeer,
  type RouterPeerAf,
  type RouterPrefixList,
  type RouterRouteMap,
  type RouterRouteMapRule,
} from './model.js';

/** First position of each statement text, per address-family context (`''` outside one). */
class LineIndex {
  private readonly at = new Map<string, SourcePosition>();

  constructor(text: string, file: string) {
    let af = '';
    text.split('\n').forEach((raw, i) => {
      const line = raw.trim().replace(/\s+/g, ' ');
      if (line === '') return;
      if (/^address-family /.test(line)) af = line.slice('address-family '.length).replace(/ unicast$/, '');
      else if (line === 'exit-address-family' || (raw === raw.trimStart() && line !== 'exit')) af = '';
      const key = `${af}|${line}`;
      if (!this.at.has(key)) this.at.set(key, { file, line: i + 1, column: raw.length - raw.trimStart().length + 1 });
      if (!this.at.has(`*|${line}`))
        this.at.set(`*|${line}`, { file, line: i + 1, column: raw.length - raw.trimStart().length + 1 });
    });
  }

  find(af: string, words: readonly string[]): SourcePosition | undefined {
    const line = words.join(' ');
    return this.at.get(`${af}|${line}`) ?? this.at.get(`*|${line}`);
  }
}

function located<T>(value: T, source: SourcePosition | undefined): Located<T> {
  return source === undefined ? { value } : { value, source };
}

function int(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

function peerModel(p: FrrBgpPeer, lines: LineIndex): RouterPeer {
  const at = (words: readonly string[], af = '') => lines.find(af, ['neighbor', p.name, ...words]);
  const find = (...prefix: string[]) => p.statements.find((s) => prefix.every((w, i) => s[i] === w));
  const out: { -readonly [K in keyof RouterPeer]: RouterPeer[K] } = {
    kind: p.kind,
    name: p.name,
    disableConnectedCheck: find('disable-connected-check') !== undefined,
    timers: {},
    shutdown: find('shutdown') !== undefined,
    addressFamilies: [],
  };
  if (p.source !== undefined) out.source = p.source;
  const remote = find('remote-as');
  if (remote?.[1] !== undefined) {
    const v = remote[1] === 'external' || remote[1] === 'internal' ? remote[1] : int(remote[1]);
    if (v !== undefined) out.remoteAs = located<RemoteAs>(v, at(remote));
  }
  const group = p.kind === 'neighbor' ? find('peer-group') : undefined;
  if (group?.[1] !== undefined) out.peerGroup = located(group[1], at(group));
  const pw = find('password');
  if (pw !== undefined && pw.length > 1) {
    const text = pw.slice(1).join(' ');
    const source = at(pw);
    out.password = { sha256: sha256Hex(text), placeholder: isPlaceholderPassword(text), ...(source ? { source } : {}) };
  }
  const hop = find('ebgp-multihop');
  if (hop !== undefined) out.ebgpMultihop = located(int(hop[1]) ?? 255, at(hop));
  const ttl = find('ttl-security', 'hops');
  const ttlHops = int(ttl?.[2]);
  if (ttl !== undefined && ttlHops !== undefined) out.ttlSecurityHops = located(ttlHops, at(ttl));
  const timers = p.statements.find((s) => s[0] === 'timers' && int(s[1]) !== undefined && int(s[2]) !== undefined);
  if (timers !== undefined) {
    out.timers = {
      keepaliveSec: located(int(timers[1])!, at(timers)),
      holdTimeSec: located(int(timers[2])!, at(timers)),
    };
  }
  const gr = p.statements.find((s) => /^graceful-restart(-disable|-helper)?$/.test(s[0] ?? ''));
  if (gr !== undefined) {
    const word =
      gr[0] === 'graceful-restart' ? 'enable' : gr[0] === 'graceful-restart-disable' ? 'disable' : 'restart-helper';
    out.gracefulRestart = located(word, at(gr));
  }
  const desc = find('description');
  if (desc !== undefined) out.description = located(desc.slice(1).join(' '), at(desc));
  out.addressFamilies = p.addressFamilies.map((af) =>
    peerAf(
      af.afi,
      af.safi,
      af.statements,
      (w) => at(w, `${af.afi}${af.safi === 'unicast' ? '' : ` ${af.safi}`}`),
      af.source,
    ),
  );
  return out;
}

function peerAf(
  afi: string,
  safi: string,
  statements: readonly FrrStatement[],
  at: (words: readonly string[]) => SourcePosition | undefined,
  source: SourcePosition | undefined,
): RouterPeerAf {
  const dir = (kind: string, direction: 'in' | 'out') => {
    const s = statements.find((x) => x[0] === kind && x[2] === direction && x[1] !== undefined);
    return s === undefined ? undefined : located(s[1]!, at(s));
  };
  const others = (direction: 'in' | 'out') =>
    ['filter-list', 'distribute-list'].map((k) => dir(k, direction)).filter((x) => x !== undefined);
  const max = statements.find((s) => s[0] === 'maximum-prefix' && int(s[1]) !== undefined);
  const orig = statements.find((s) => s[0] === 'default-originate');
  const out: { -readonly [K in keyof RouterPeerAf]: RouterPeerAf[K] } = {
    afi: `${afi}-${safi}`,
    activated: statements.some((s) => s.length === 1 && s[0] === 'activate'),
    otherImportFilters: others('in'),
    otherExportFilters: others('out'),
  };
  if (source !== undefined) out.source = source;
  const rmIn = dir('route-map', 'in');
  const rmOut = dir('route-map', 'out');
  const plIn = dir('prefix-list', 'in');
  const plOut = dir('prefix-list', 'out');
  if (rmIn) out.routeMapImport = rmIn;
  if (rmOut) out.routeMapExport = rmOut;
  if (plIn) out.prefixListImport = plIn;
  if (plOut) out.prefixListExport = plOut;
  if (max !== undefined) out.maximumPrefix = located(int(max[1])!, at(max));
  if (orig !== undefined) {
    const s = at(orig);
    out.defaultOriginate = s ? { source: s } : {};
  }
  return out;
}

function prefixLists(config: FrrConfig, family: 'ipv4' | 'ipv6'): Map<string, RouterPrefixList> {
  const out = new Map<string, RouterPrefixList>();
  for (const list of config.prefixLists.filter((l) => l.afi === (family === 'ipv6' ? 'ipv6' : 'ip'))) {
    let auto = 0;
    const rules = list.entries.map((e) => {
      // FRR numbers entries without `seq` in steps of 5 after the highest so far.
      auto = e.seq ?? auto + 5;
      const parsed =
        e.prefix === 'any'
          ? undefined
          : family === 'ipv6'
            ? Ipv6Prefix.tryParse(e.prefix)
            : Ipv4Prefix.tryParse(e.prefix);
      const prefix =
        e.prefix === 'any'
          ? family === 'ipv6'
            ? Ipv6Prefix.parse('::/0')
            : Ipv4Prefix.parse('0.0.0.0/0')
          : parsed?.ok
            ? parsed.value.network()
            : undefined;
      const le = e.prefix === 'any' ? (family === 'ipv6' ? 128 : 32) : e.le;
      return {
        seq: auto,
        action: e.action,
        ...(prefix ? { prefix } : {}),
        ...(e.ge !== undefined ? { ge: e.ge } : {}),
        ...(le !== undefined ? { le } : {}),
        ...(e.source ? { source: e.source } : {}),
      };
    });
    out.set(list.name, {
      name: list.name,
      family,
      ...(rules[0]?.source ? { source: rules[0].source } : {}),
      rules: rules.sort((a, b) => a.seq - b.seq),
    });
  }
  return out;
}

function routeMapMatch(s: FrrStatement, source: SourcePosition | undefined): RouteMapMatch | undefined {
  if (s[0] !== 'match') return undefined;
  const src = source ? { source } : {};
  if ((s[1] === 'ipv6' || s[1] === 'ip') && s[2] === 'address' && s[3] === 'prefix-list' && s[4] !== undefined) {
    return { kind: 'prefix-list', family: s[1] === 'ipv6' ? 'ipv6' : 'ipv4', name: s[4], ...src };
  }
  if (s[1] === 'community' && s[2] !== undefined)
    return { kind: 'community-list', name: s[2], exact: s[3] === 'exact-match', ...src };
  return { kind: 'other', what: s.slice(1).join(' '), ...src };
}

function routeMaps(config: FrrConfig, lines: LineIndex): Map<string, RouterRouteMap> {
  const out = new Map<string, RouterRouteMap & { rules: RouterRouteMapRule[] }>();
  for (const e of config.routeMaps) {
    const map = out.get(e.name) ?? { name: e.name, ...(e.source ? { source: e.source } : {}), rules: [] };
    const onMatch = e.statements.find((s) => s[0] === 'on-match' || s[0] === 'continue');
    const call = e.statements.find((s) => s[0] === 'call');
    map.rules.push({
      seq: e.seq,
      action: e.action,
      ...(e.source ? { source: e.source } : {}),
      matches: e.statements.flatMap((s) => routeMapMatch(s, lines.find('', s)) ?? []),
      ...(call?.[1] !== undefined ? { call: call[1] } : {}),
      onMatchNext: onMatch?.[1] === 'next' || (onMatch?.[0] === 'continue' && onMatch[1] === undefined),
      ...(int(onMatch?.[0] === 'continue' ? onMatch?.[1] : onMatch?.[2]) !== undefined
        ? { onMatchGoto: int(onMatch?.[0] === 'continue' ? onMatch?.[1] : onMatch?.[2])! }
        : {}),
      setsCommunities: e.statements.some(
        (s) => s[0] === 'set' && /^(community|comm-list|large-community|large-comm-list)$/.test(s[1] ?? ''),
      ),
    });
    out.set(e.name, map);
  }
  for (const m of out.values()) m.rules.sort((a, b) => a.seq - b.seq);
  return out;
}

function communityLists(config: FrrConfig): Map<string, RouterCommunityList> {
  const out = new Map<string, RouterCommunityList>();
  for (const l of config.communityLists.filter((c) => c.kind === 'community-list')) {
    const n = int(l.name);
    out.set(l.name, {
      name: l.name,
      expanded: l.type === 'expanded' || (l.type === 'numbered' && n !== undefined && n >= 100),
      rules: l.entries.map((e) => ({ action: e.action, value: e.value, ...(e.source ? { source: e.source } : {}) })),
    });
  }
  return out;
}

/** `interface X` blocks with ` ipv6 address P` lines, and `ipv6 route P blackhole|Null0|…` statics, from the text. */
function scanZebra(text: string, file: string) {
  const interfaces: RouterInterface[] = [];
  const statics: (RouterOrigination & { blackhole: boolean })[] = [];
  let current: { name: string; source: SourcePosition; addresses: Located<Ipv6Prefix>[] } | undefined;
  const flush = () => {
    if (current !== undefined) {
      interfaces.push({
        name: current.name,
        type: 'interface',
        source: current.source,
        addresses: current.addresses,
        loopback: current.name === 'lo' || current.name.startsWith('dum'),
      });
    }
    current = undefined;
  };
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const source: SourcePosition = { file, line: i + 1, column: raw.length - raw.trimStart().length + 1 };
    const iface = /^interface (\S+)/.exec(line);
    if (raw === raw.trimStart() && line !== '') flush();
    if (iface !== null && raw === raw.trimStart()) {
      current = { name: iface[1]!, source, addresses: [] };
      return;
    }
    const addr = /^ipv6 address (\S+)/.exec(line);
    if (current !== undefined && addr !== null) {
      const p = Ipv6Prefix.tryParse(addr[1]!);
      if (p.ok) current.addresses.push({ value: p.value, source });
    }
    const route = /^ipv6 route (\S+)\s+(\S+)/.exec(line);
    if (route !== null && raw === raw.trimStart()) {
      const p = Ipv6Prefix.tryParse(route[1]!);
      if (p.ok)
        statics.push({ prefix: p.value.network(), blackhole: /^(blackhole|Null0|reject)$/.test(route[2]!), source });
    }
  });
  flush();
  return { interfaces, statics };
}

/** Builds the router of a parsed FRR config; `stem` names it when there is no `hostname` line. */
export function routerFromFrr(config: FrrConfig, text: string, file: string, stem: string): RouterModel {
  const lines = new LineIndex(text, file);
  const router = config.routerBgp.find((r) => r.vrf === undefined);
  const hostLine = [...config.preamble, ...config.other]
    .map((l) => /^hostname (\S+)/.exec(l.trim()))
    .find((m) => m !== null);
  const hostName = hostLine ? located(hostLine[1]!, lines.find('', ['hostname', hostLine[1]!])) : undefined;
  const datacenter = config.preamble.some((l) => /^frr defaults datacenter/.test(l.trim()));
  const stmt = (...prefix: string[]) => router?.statements.find((s) => prefix.every((w, i) => s[i] === w));
  const zebra = scanZebra(text, file);
  const rid = stmt('bgp', 'router-id');
  const timers = stmt('timers', 'bgp');
  const gr = stmt('bgp', 'graceful-restart');
  const globalAf = router?.addressFamilies.find((a) => a.afi === 'ipv6' && a.safi === 'unicast');
  const orig = (kind: string): RouterOrigination[] =>
    (globalAf?.statements ?? []).flatMap((s) => {
      const p = s[0] === kind && s[1] !== undefined ? Ipv6Prefix.tryParse(s[1]) : undefined;
      const source = lines.find('ipv6', s);
      return p?.ok ? [{ prefix: p.value.network(), ...(source ? { source } : {}) }] : [];
    });
  const requiresPolicy =
    stmt('bgp', 'ebgp-requires-policy') !== undefined ||
    (stmt('no', 'bgp', 'ebgp-requires-policy') === undefined && !datacenter);
  return {
    name: hostName?.value ?? stem,
    file,
    format: 'frr',
    source: { file, line: 1, column: 1 },
    ...(hostName ? { hostName } : {}),
    ...(router?.source ? { bgpSource: router.source } : {}),
    ...(router ? { systemAs: located(router.asn, router.source) } : {}),
    ...(rid?.[2] !== undefined ? { routerId: located(rid[2], lines.find('', rid)) } : {}),
    interfaces: zebra.interfaces,
    peerGroups: (router?.peerGroups ?? []).map((p) => peerModel(p, lines)),
    neighbors: (router?.neighbors ?? []).map((p) => peerModel(p, lines)),
    listenRanges: (router?.statements ?? [])
      .filter((s) => s[0] === 'bgp' && s[1] === 'listen' && s[2] === 'range' && s[3] !== undefined)
      .map((s) => {
        const source = lines.find('', s);
        const p = Ipv6Prefix.tryParse(s[3]!);
        return {
          text: located(s[3]!, source),
          ...(p.ok ? { prefix: p.value.network() } : {}),
          ...(s[4] === 'peer-group' && s[5] !== undefined ? { peerGroup: located(s[5], source) } : {}),
        };
      }),
    timers:
      timers !== undefined && int(timers[2]) !== undefined && int(timers[3]) !== undefined
        ? {
            keepaliveSec: located(int(timers[2])!, lines.find('', timers)),
            holdTimeSec: located(int(timers[3])!, lines.find('', timers)),
          }
        : {},
    ...(gr !== undefined ? { gracefulRestart: lines.find('', gr) ? { source: lines.find('', gr)! } : {} } : {}),
    ebgpRequiresPolicy: requiresPolicy,
    networks: orig('network'),
    aggregates: orig('aggregate-address'),
    redistribute: (globalAf?.statements ?? [])
      .filter((s) => s[0] === 'redistribute' && s[1] !== undefined)
      .map((s) => {
        const source = lines.find('ipv6', s);
        const rm = s.indexOf('route-map');
        return {
          protocol: s[1]!,
          ...(rm > 0 && s[rm + 1] ? { routeMap: s[rm + 1]! } : {}),
          ...(source ? { source } : {}),
        };
      }),
    staticRoutes: zebra.statics,
    prefixLists6: prefixLists(config, 'ipv6'),
    prefixLists4: prefixLists(config, 'ipv4'),
    routeMaps: routeMaps(config, lines),
    communityLists: communityLists(config),
    diagnostics: [],
  };
}
