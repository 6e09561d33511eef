/**
 * Maps the VyOS `protocols bgp` and `policy` subtrees to FRR configuration the way VyOS 1.4/1.5 renders them
 * (`bgpd.frr.j2`, `policy.frr.j2`; reference §2–§4): always `no bgp default ipv4-unicast` and
 * `no bgp network import-check`, `no bgp ebgp-requires-policy` unless the parameter is set, the
 * `conditional-advertisement timer 60` default, peer groups before neighbors, one address-family block per
 * configured AF of each peer ending in `activate`, export→`out`, import→`in`, ospfv3→ospf6.
 *
 * It reads the tree through a small structural view (VyosTree satisfies it), so this layer does not import
 * src/vyos (same rank).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { emptyFrrConfig, type FrrAddressFamily, type FrrBgpPeer, type FrrConfig } from './model.js';
import { translatePolicy } from './translate-policy.js';

/** The read-only part of a VyOS configuration tree the translator needs (children in canonical order). */
export interface VyosTreeView {
  exists(path: readonly string[]): boolean;
  value(path: readonly string[]): string | undefined;
  values(path: readonly string[]): string[];
  childNames(path: readonly string[]): string[];
}

export interface TranslateOptions {
  /**
   * `include` (default) copies BGP passwords into `neighbor … password` as VyOS does; `omit` leaves the lines out
   * (for files that must not hold secrets).
   */
  readonly passwords?: 'include' | 'omit';
}

export interface FrrTranslation {
  readonly config: FrrConfig;
  readonly diagnostics: Diagnostic[];
}

const BGP = ['protocols', 'bgp'];
type Stmts = string[][];

/** VyOS AF node name → FRR `afi safi`. */
export function frrAfName(vyosAf: string): [string, string] | undefined {
  const m = /^(ipv4|ipv6)-(unicast|multicast|labeled-unicast|vpn|flowspec)$/.exec(vyosAf);
  if (m) return [m[1]!, m[2]!];
  if (vyosAf === 'l2vpn-evpn') return ['l2vpn', 'evpn'];
  return undefined;
}

function globalAf(t: VyosTreeView, afName: string): Stmts {
  const p = [...BGP, 'address-family', afName];
  const out: Stmts = [];
  for (const prefix of t.childNames([...p, 'aggregate-address'])) {
    const a = [...p, 'aggregate-address', prefix];
    const rm = t.value([...a, 'route-map']);
    out.push([
      'aggregate-address',
      prefix,
      ...(t.exists([...a, 'as-set']) ? ['as-set'] : []),
      ...(t.exists([...a, 'summary-only']) ? ['summary-only'] : []),
      ...(rm === undefined ? [] : ['route-map', rm]),
    ]);
  }
  const ebgp = t.value([...p, 'maximum-paths', 'ebgp']);
  if (ebgp !== undefined) out.push(['maximum-paths', ebgp]);
  const ibgp = t.value([...p, 'maximum-paths', 'ibgp']);
  if (ibgp !== undefined) out.push(['maximum-paths', 'ibgp', ibgp]);
  for (const proto of t.childNames([...p, 'redistribute'])) {
    const r = [...p, 'redistribute', proto];
    const opts = (path: string[]): string[] => {
      const metric = t.value([...path, 'metric']);
      const rm = t.value([...path, 'route-map']);
      return [...(metric === undefined ? [] : ['metric', metric]), ...(rm === undefined ? [] : ['route-map', rm])];
    };
    if (proto === 'table') {
      for (const table of t.childNames(r)) out.push(['redistribute', 'table', table, ...opts([...r, table])]);
    } else out.push(['redistribute', proto === 'ospfv3' ? 'ospf6' : proto, ...opts(r)]);
  }
  for (const prefix of t.childNames([...p, 'network'])) {
    const n = [...p, 'network', prefix];
    const rm = t.value([...n, 'route-map']);
    out.push([
      'network',
      prefix,
      ...(rm === undefined ? [] : ['route-map', rm]),
      ...(t.exists([...n, 'backdoor']) ? ['backdoor'] : []),
    ]);
  }
  const d = [...p, 'distance'];
  const [ext, int, loc] = ['external', 'internal', 'local'].map((k) => t.value([...d, k]));
  if (ext !== undefined && int !== undefined && loc !== undefined) out.push(['distance', 'bgp', ext, int, loc]);
  for (const prefix of t.childNames([...d, 'prefix'])) {
    const dist = t.value([...d, 'prefix', prefix, 'distance']);
    if (dist !== undefined) out.push(['distance', dist, prefix]);
  }
  return out;
}

function peerAf(t: VyosTreeView, p: string[]): Stmts {
  const out: Stmts = [];
  const has = (...r: string[]): boolean => t.exists([...p, ...r]);
  const val = (...r: string[]): string | undefined => t.value([...p, ...r]);
  const push = (cond: boolean, words: string[]): void => {
    if (cond) out.push(words);
  };
  push(has('addpath-tx-all'), ['addpath-tx-all-paths']);
  push(has('addpath-tx-per-as'), ['addpath-tx-bestpath-per-AS']);
  const allowas = val('allowas-in', 'number');
  push(has('allowas-in'), ['allowas-in', ...(allowas === undefined ? [] : [allowas])]);
  push(has('as-override'), ['as-override']);
  const adv = val('conditionally-advertise', 'advertise-map');
  if (adv !== undefined) {
    const exist = val('conditionally-advertise', 'exist-map');
    const nonExist = val('conditionally-advertise', 'non-exist-map');
    const tail =
      exist !== undefined ? ['exist-map', exist] : nonExist !== undefined ? ['non-exist-map', nonExist] : ['exist-map'];
    out.push(['advertise-map', adv, ...tail]);
  }
  push(has('remove-private-as'), ['remove-private-AS', ...(has('remove-private-as', 'all') ? ['all'] : [])]);
  push(has('route-reflector-client'), ['route-reflector-client']);
  const weight = val('weight');
  push(weight !== undefined, ['weight', weight ?? '']);
  if (has('attribute-unchanged')) {
    out.push([
      'attribute-unchanged',
      ...(['as-path', 'med', 'next-hop'] as const).filter((k) => has('attribute-unchanged', k)),
    ]);
  }
  push(has('capability', 'orf', 'prefix-list', 'send'), ['capability', 'orf', 'prefix-list', 'send']);
  push(has('capability', 'orf', 'prefix-list', 'receive'), ['capability', 'orf', 'prefix-list', 'receive']);
  const dorm = val('default-originate', 'route-map');
  push(has('default-originate'), ['default-originate', ...(dorm === undefined ? [] : ['route-map', dorm])]);
  for (const [node, kw] of [
    ['distribute-list', 'distribute-list'],
    ['filter-list', 'filter-list'],
  ] as const) {
    const ex = val(node, 'export');
    if (ex !== undefined) out.push([kw, ex, 'out']);
    const im = val(node, 'import');
    if (im !== undefined) out.push([kw, im, 'in']);
  }
  const mp = val('maximum-prefix');
  push(mp !== undefined, ['maximum-prefix', mp ?? '']);
  const mpo = val('maximum-prefix-out');
  push(mpo !== undefined, ['maximum-prefix-out', mpo ?? '']);
  push(has('nexthop-self'), ['next-hop-self', ...(has('nexthop-self', 'force') ? ['force'] : [])]);
  push(has('route-server-client'), ['route-server-client']);
  for (const node of ['route-map', 'prefix-list'] as const) {
    const ex = val(node, 'export');
    if (ex !== undefined) out.push([node, ex, 'out']);
    const im = val(node, 'import');
    if (im !== undefined) out.push([node, im, 'in']);
  }
  push(has('soft-reconfiguration', 'inbound'), ['soft-reconfiguration', 'inbound']);
  const usm = val('unsuppress-map');
  push(usm !== undefined, ['unsuppress-map', usm ?? '']);
  push(has('disable-send-community', 'extended'), ['no', 'send-community', 'extended']);
  push(has('disable-send-community', 'standard'), ['no', 'send-community', 'standard']);
  out.push(['activate']);
  return out;
}

function peer(t: VyosTreeView, kind: 'neighbor' | 'peer-group', name: string, opts: TranslateOptions): FrrBgpPeer {
  const p = [...BGP, kind, name];
  const out: Stmts = [];
  const has = (...r: string[]): boolean => t.exists([...p, ...r]);
  const val = (...r: string[]): string | undefined => t.value([...p, ...r]);
  const opt = (words: string[], ...r: string[]): void => {
    const v = val(...r);
    if (v !== undefined) out.push([...words, v]);
  };
  const flag = (words: string[], ...r: string[]): void => {
    if (has(...r)) out.push(words);
  };
  if (kind === 'peer-group') out.push(['peer-group']);
  else opt(['peer-group'], 'peer-group');
  opt(['remote-as'], 'remote-as');
  for (const role of t.childNames([...p, 'local-role'])) {
    out.push(['local-role', role, ...(has('local-role', role, 'strict') ? ['strict-mode'] : [])]);
  }
  opt(['interface', 'remote-as'], 'interface', 'remote-as');
  opt(['advertisement-interval'], 'advertisement-interval');
  if (has('bfd')) {
    out.push(['bfd']);
    flag(['bfd', 'check-control-plane-failure'], 'bfd', 'check-control-plane-failure');
    opt(['bfd', 'profile'], 'bfd', 'profile');
  }
  flag(['capability', 'dynamic'], 'capability', 'dynamic');
  flag(['capability', 'extended-nexthop'], 'capability', 'extended-nexthop');
  flag(['capability', 'software-version'], 'capability', 'software-version');
  opt(['description'], 'description');
  flag(['dont-capability-negotiate'], 'disable-capability-negotiation');
  flag(['disable-connected-check'], 'disable-connected-check');
  opt(['ebgp-multihop'], 'ebgp-multihop');
  const gr = val('graceful-restart');
  if (gr !== undefined) {
    const kw = {
      enable: 'graceful-restart',
      disable: 'graceful-restart-disable',
      'restart-helper': 'graceful-restart-helper',
    }[gr];
    if (kw !== undefined) out.push([kw]);
  }
  for (const asn of t.childNames([...p, 'local-as']).slice(0, 1)) {
    const np = has('local-as', asn, 'no-prepend');
    out.push([
      'local-as',
      asn,
      ...(np ? ['no-prepend'] : []),
      ...(np && has('local-as', asn, 'no-prepend', 'replace-as') ? ['replace-as'] : []),
    ]);
  }
  flag(['override-capability'], 'override-capability');
  flag(['passive'], 'passive');
  if (opts.passwords !== 'omit') opt(['password'], 'password');
  const discard = t.values([...p, 'path-attribute', 'discard']);
  if (discard.length > 0) out.push(['path-attribute', 'discard', ...discard]);
  opt(['path-attribute', 'treat-as-withdraw'], 'path-attribute', 'treat-as-withdraw');
  opt(['port'], 'port');
  flag(['shutdown'], 'shutdown');
  flag(['solo'], 'solo');
  flag(['enforce-first-as'], 'enforce-first-as');
  flag(['strict-capability-match'], 'strict-capability-match');
  opt(['ttl-security', 'hops'], 'ttl-security', 'hops');
  opt(['timers', 'connect'], 'timers', 'connect');
  const ka = val('timers', 'keepalive');
  const hold = val('timers', 'holdtime');
  if (ka !== undefined && hold !== undefined) out.push(['timers', ka, hold]);
  opt(['update-source'], 'update-source');
  opt(['interface', 'peer-group'], 'interface', 'peer-group');
  const srcIf = val('interface', 'source-interface');
  if (srcIf !== undefined) out.push(['interface', srcIf]);
  opt(['interface', 'v6only', 'peer-group'], 'interface', 'v6only', 'peer-group');
  opt(['interface', 'v6only', 'remote-as'], 'interface', 'v6only', 'remote-as');

  const afs: FrrAddressFamily[] = [];
  for (const af of t.childNames([...p, 'address-family'])) {
    const name2 = frrAfName(af);
    if (name2 === undefined) continue;
    afs.push({ afi: name2[0], safi: name2[1], statements: peerAf(t, [...p, 'address-family', af]) });
  }
  return { kind, name, statements: out, addressFamilies: afs };
}

/** Router-level statements after the peers, in template order. */
function trailer(t: VyosTreeView): Stmts {
  const out: Stmts = [];
  const par = [...BGP, 'parameters'];
  const has = (...r: string[]): boolean => t.exists([...par, ...r]);
  const val = (...r: string[]): string | undefined => t.value([...par, ...r]);
  const flag = (words: string[], ...r: string[]): void => {
    if (has(...r)) out.push(words);
  };
  const lim = t.value([...BGP, 'listen', 'limit']);
  if (lim !== undefined) out.push(['bgp', 'listen', 'limit', lim]);
  for (const prefix of t.childNames([...BGP, 'listen', 'range'])) {
    const pg = t.value([...BGP, 'listen', 'range', prefix, 'peer-group']);
    if (pg !== undefined) out.push(['bgp', 'listen', 'range', prefix, 'peer-group', pg]);
  }
  flag(['bgp', 'allow-martian-nexthop'], 'allow-martian-nexthop');
  flag(['bgp', 'disable-ebgp-connected-route-check'], 'disable-ebgp-connected-route-check');
  flag(['bgp', 'always-compare-med'], 'always-compare-med');
  for (const o of t.childNames([...par, 'bestpath', 'as-path'])) out.push(['bgp', 'bestpath', 'as-path', o]);
  const bw = val('bestpath', 'bandwidth');
  if (bw !== undefined) out.push(['bgp', 'bestpath', 'bandwidth', bw]);
  flag(['bgp', 'bestpath', 'compare-routerid'], 'bestpath', 'compare-routerid');
  const med = t.values([...par, 'bestpath', 'med']);
  if (med.length > 0) out.push(['bgp', 'bestpath', 'med', ...med]);
  if (has('bestpath', 'peer-type')) {
    out.push([
      'bgp',
      'bestpath',
      'peer-type',
      ...(has('bestpath', 'peer-type', 'multipath-relax') ? ['multipath-relax'] : []),
    ]);
  }
  const cid = val('cluster-id');
  if (cid !== undefined) out.push(['bgp', 'cluster-id', cid]);
  // VyOS merges the XML default (60) into the dict, so the line is always there.
  out.push(['bgp', 'conditional-advertisement', 'timer', val('conditional-advertisement', 'timer') ?? '60']);
  const cfid = val('confederation', 'identifier');
  if (cfid !== undefined) out.push(['bgp', 'confederation', 'identifier', cfid]);
  const cfp = t.values([...par, 'confederation', 'peers']);
  if (cfp.length > 0) out.push(['bgp', 'confederation', 'peers', ...cfp]);
  const hl = val('dampening', 'half-life');
  if (hl !== undefined) {
    const rest = ['re-use', 'start-suppress-time', 'max-suppress-time'].map((k) => val('dampening', k));
    out.push(['bgp', 'dampening', hl, ...rest.filter((x): x is string => x !== undefined)]);
  }
  const lp = val('default', 'local-pref');
  if (lp !== undefined) out.push(['bgp', 'default', 'local-preference', lp]);
  flag(['bgp', 'deterministic-med'], 'deterministic-med');
  const [de, di, dl] = ['external', 'internal', 'local'].map((k) => val('distance', 'global', k));
  if (de !== undefined && di !== undefined && dl !== undefined) out.push(['distance', 'bgp', de, di, dl]);
  for (const prefix of t.childNames([...par, 'distance', 'prefix'])) {
    const d = val('distance', 'prefix', prefix, 'distance');
    if (d !== undefined) out.push(['distance', d, prefix]);
  }
  flag(['bgp', 'fast-convergence'], 'fast-convergence');
  if (has('graceful-restart')) {
    const st = val('graceful-restart', 'stalepath-time');
    out.push(['bgp', 'graceful-restart', ...(st === undefined ? [] : ['stalepath-time', st])]);
    // UNCONFIRMED for VyOS: restart-time is mapped like FRR's own command when present.
    const rt = val('graceful-restart', 'restart-time');
    if (rt !== undefined) out.push(['bgp', 'graceful-restart', 'restart-time', rt]);
  }
  flag(['bgp', 'graceful-shutdown'], 'graceful-shutdown');
  flag(['no', 'bgp', 'hard-administrative-reset'], 'no-hard-administrative-reset');
  const lu = val('labeled-unicast');
  if (lu !== undefined) out.push(['bgp', 'labeled-unicast', lu]);
  flag(['bgp', 'log-neighbor-changes'], 'log-neighbor-changes');
  const mh = val('minimum-holdtime');
  if (mh !== undefined) out.push(['bgp', 'minimum-holdtime', mh]);
  flag(['bgp', 'network', 'import-check'], 'network-import-check');
  flag(['bgp', 'route-reflector', 'allow-outbound-policy'], 'route-reflector-allow-outbound-policy');
  flag(['no', 'bgp', 'client-to-client', 'reflection'], 'no-client-to-client-reflection');
  flag(['no', 'bgp', 'fast-external-failover'], 'no-fast-external-failover');
  flag(['no', 'bgp', 'suppress-duplicates'], 'no-suppress-duplicates');
  flag(['bgp', 'reject-as-sets'], 'reject-as-sets');
  const rid = val('router-id');
  if (rid !== undefined) out.push(['bgp', 'router-id', rid]);
  flag(['bgp', 'shutdown'], 'shutdown');
  flag(['bgp', 'suppress-fib-pending'], 'suppress-fib-pending');
  const tk = ['idle', 'interval', 'probes'].map((k) => val('tcp-keepalive', k));
  if (tk.every((x) => x !== undefined)) out.push(['bgp', 'tcp-keepalive', ...(tk as string[])]);
  const ka = t.value([...BGP, 'timers', 'keepalive']);
  const hold = t.value([...BGP, 'timers', 'holdtime']);
  if (ka !== undefined && hold !== undefined) out.push(['timers', 'bgp', ka, hold]);
  return out;
}

/** Translates the BGP and policy subtrees of a VyOS tree into FRR configuration (VyOS 1.4/1.5 rendering). */
export function translateVyosToFrr(tree: VyosTreeView, options: TranslateOptions = {}): FrrTranslation {
  const config = emptyFrrConfig();
  const diagnostics: Diagnostic[] = [];
  if (tree.exists(BGP)) {
    const asText = tree.value([...BGP, 'system-as']);
    const asn = asText !== undefined && /^\d+$/.test(asText) ? Number(asText) : Number.NaN;
    if (!Number.isSafeInteger(asn) || asn < 1 || asn > 4294967294) {
      diagnostics.push({
        code: 'E_FRR_NO_SYSTEM_AS',
        severity: 'error',
        message: 'protocols bgp needs a valid system-as; no router bgp block was produced',
        path: [...BGP, 'system-as'],
      });
    } else {
      const header: Stmts = [
        tree.exists([...BGP, 'parameters', 'ebgp-requires-policy'])
          ? ['bgp', 'ebgp-requires-policy']
          : ['no', 'bgp', 'ebgp-requires-policy'],
        ['no', 'bgp', 'default', 'ipv4-unicast'],
        ['no', 'bgp', 'network', 'import-check'],
      ];
      const addressFamilies: FrrAddressFamily[] = [];
      for (const af of tree.childNames([...BGP, 'address-family'])) {
        const n = frrAfName(af);
        if (n === undefined) {
          diagnostics.push({
            code: 'W_FRR_UNSUPPORTED',
            severity: 'warning',
            message: `address family '${af}' is not translated`,
            path: [...BGP, 'address-family', af],
          });
          continue;
        }
        addressFamilies.push({ afi: n[0], safi: n[1], statements: globalAf(tree, af) });
      }
      config.routerBgp.push({
        asn,
        statements: [...header, ...trailer(tree)],
        addressFamilies,
        peerGroups: tree.childNames([...BGP, 'peer-group']).map((n) => peer(tree, 'peer-group', n, options)),
        neighbors: tree.childNames([...BGP, 'neighbor']).map((n) => peer(tree, 'neighbor', n, options)),
      });
    }
  }
  translatePolicy(tree, config);
  return { config, diagnostics };
}
