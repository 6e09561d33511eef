/**
 * Typed view of `protocols bgp` (reference §2): system AS, router id, parameters, peer groups, neighbors, listen
 * ranges and address families, every value with its source position. The BGP password is never exposed: only its
 * SHA-256 (hex) is, so checks can compare passwords without holding them.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import { dropUndefined, located, TreeReader } from './read-helpers.js';
import type { Located, VyosTree } from './tree.js';

export type VyosRemoteAs = number | 'external' | 'internal';

export interface VyosBgpPeerAf {
  /** VyOS AF name, e.g. `ipv6-unicast`. */
  readonly afi: string;
  readonly source?: SourcePosition;
  readonly routeMapImport?: Located<string>;
  readonly routeMapExport?: Located<string>;
  readonly prefixListImport?: Located<string>;
  readonly prefixListExport?: Located<string>;
  readonly filterListImport?: Located<string>;
  readonly filterListExport?: Located<string>;
  readonly distributeListImport?: Located<string>;
  readonly distributeListExport?: Located<string>;
  readonly maximumPrefix?: Located<number>;
  readonly maximumPrefixOut?: Located<number>;
  readonly weight?: Located<number>;
  readonly unsuppressMap?: Located<string>;
  readonly softReconfigurationInbound: boolean;
  readonly nexthopSelf?: { readonly force: boolean };
  readonly allowasIn?: { readonly number?: number };
  readonly removePrivateAs?: { readonly all: boolean };
  readonly defaultOriginate?: { readonly routeMap?: string };
  readonly asOverride: boolean;
  readonly routeReflectorClient: boolean;
  readonly routeServerClient: boolean;
  readonly addpathTxAll: boolean;
  readonly addpathTxPerAs: boolean;
  readonly attributeUnchanged: { readonly asPath: boolean; readonly med: boolean; readonly nextHop: boolean };
  readonly disableSendCommunity: { readonly extended: boolean; readonly standard: boolean };
  /** Defined in the VyOS schema but not rendered to FRR by VyOS (reference §2.3). */
  readonly nexthopLocalUnchanged: boolean;
}

export interface VyosBgpPeer {
  readonly kind: 'neighbor' | 'peer-group';
  /** Neighbor address or interface name, or the peer-group name. */
  readonly name: string;
  readonly source?: SourcePosition;
  readonly remoteAs?: Located<VyosRemoteAs>;
  /** Neighbors only. */
  readonly peerGroup?: Located<string>;
  readonly password?: { readonly sha256: string; readonly source?: SourcePosition };
  readonly description?: Located<string>;
  readonly updateSource?: Located<string>;
  readonly ebgpMultihop?: Located<number>;
  readonly ttlSecurityHops?: Located<number>;
  readonly port?: Located<number>;
  readonly advertisementIntervalSec?: Located<number>;
  readonly timers: {
    readonly keepaliveSec?: Located<number>;
    readonly holdTimeSec?: Located<number>;
    readonly connectSec?: Located<number>;
  };
  readonly passive: boolean;
  readonly shutdown: boolean;
  readonly solo: boolean;
  readonly enforceFirstAs: boolean;
  readonly disableConnectedCheck: boolean;
  readonly capability: { readonly dynamic: boolean; readonly extendedNexthop: boolean };
  readonly gracefulRestart?: Located<string>;
  readonly localAs?: { readonly asn: Located<number>; readonly noPrepend: boolean; readonly replaceAs: boolean };
  readonly bfd?: { readonly profile?: string; readonly checkControlPlaneFailure: boolean };
  readonly addressFamilies: readonly VyosBgpPeerAf[];
}

export interface VyosBgpGlobalAf {
  readonly afi: string;
  readonly source?: SourcePosition;
  readonly networks: readonly {
    readonly prefix: Located<string>;
    readonly routeMap?: string;
    readonly backdoor: boolean;
  }[];
  readonly aggregates: readonly {
    readonly prefix: Located<string>;
    readonly asSet: boolean;
    readonly summaryOnly: boolean;
    readonly routeMap?: string;
  }[];
  readonly redistribute: readonly {
    readonly protocol: string;
    readonly source?: SourcePosition;
    readonly metric?: number;
    readonly routeMap?: string;
  }[];
  readonly maximumPaths: { readonly ebgp?: Located<number>; readonly ibgp?: Located<number> };
}

export interface VyosBgpParameters {
  readonly routerId?: Located<string>;
  readonly logNeighborChanges: boolean;
  readonly gracefulRestart?: {
    readonly source?: SourcePosition;
    readonly stalepathTimeSec?: Located<number>;
    readonly restartTimeSec?: Located<number>;
  };
  readonly gracefulShutdown: boolean;
  /** `parameters ebgp-requires-policy` set. Absent ⇒ VyOS renders `no bgp ebgp-requires-policy` (RFC 8212 off). */
  readonly ebgpRequiresPolicy: boolean;
  readonly networkImportCheck: boolean;
  readonly alwaysCompareMed: boolean;
  readonly deterministicMed: boolean;
  readonly compareRouterId: boolean;
  readonly asPathMultipathRelax: boolean;
  readonly defaultLocalPref?: Located<number>;
  readonly clusterId?: Located<string>;
  readonly conditionalAdvertisementTimerSec?: Located<number>;
  readonly rejectAsSets: boolean;
  readonly shutdown: boolean;
}

export interface VyosBgpConfig {
  readonly source?: SourcePosition;
  readonly systemAs?: Located<number>;
  /** Same as `parameters.routerId`. */
  readonly routerId?: Located<string>;
  readonly parameters: VyosBgpParameters;
  readonly timers: { readonly keepaliveSec?: Located<number>; readonly holdTimeSec?: Located<number> };
  readonly neighbors: readonly VyosBgpPeer[];
  readonly peerGroups: readonly VyosBgpPeer[];
  readonly listenLimit?: Located<number>;
  readonly listenRanges: readonly {
    readonly prefix: Located<string>;
    readonly peerGroup?: Located<string>;
  }[];
  readonly addressFamilies: readonly VyosBgpGlobalAf[];
  /** Values that could not be read (bad numbers). */
  readonly diagnostics: readonly Diagnostic[];
}

const BGP = ['protocols', 'bgp'];

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function readPeerAf(r: TreeReader, base: string[], afi: string): VyosBgpPeerAf {
  const p = [...base, afi];
  const f = (...rest: string[]): boolean => r.has([...p, ...rest]);
  const s = (...rest: string[]): Located<string> | undefined => r.str([...p, ...rest]);
  const out: Record<string, unknown> = {
    afi,
    source: r.source(p),
    routeMapImport: s('route-map', 'import'),
    routeMapExport: s('route-map', 'export'),
    prefixListImport: s('prefix-list', 'import'),
    prefixListExport: s('prefix-list', 'export'),
    filterListImport: s('filter-list', 'import'),
    filterListExport: s('filter-list', 'export'),
    distributeListImport: s('distribute-list', 'import'),
    distributeListExport: s('distribute-list', 'export'),
    maximumPrefix: r.int([...p, 'maximum-prefix'], 1, 4294967295),
    maximumPrefixOut: r.int([...p, 'maximum-prefix-out'], 1, 4294967295),
    weight: r.int([...p, 'weight'], 0, 65535),
    unsuppressMap: s('unsuppress-map'),
    softReconfigurationInbound: f('soft-reconfiguration', 'inbound'),
    nexthopSelf: f('nexthop-self') ? { force: f('nexthop-self', 'force') } : undefined,
    allowasIn: f('allowas-in')
      ? dropUndefined({ number: r.int([...p, 'allowas-in', 'number'], 1, 10)?.value })
      : undefined,
    removePrivateAs: f('remove-private-as') ? { all: f('remove-private-as', 'all') } : undefined,
    defaultOriginate: f('default-originate')
      ? dropUndefined({ routeMap: s('default-originate', 'route-map')?.value })
      : undefined,
    asOverride: f('as-override'),
    routeReflectorClient: f('route-reflector-client'),
    routeServerClient: f('route-server-client'),
    addpathTxAll: f('addpath-tx-all'),
    addpathTxPerAs: f('addpath-tx-per-as'),
    attributeUnchanged: {
      asPath: f('attribute-unchanged', 'as-path'),
      med: f('attribute-unchanged', 'med'),
      nextHop: f('attribute-unchanged', 'next-hop'),
    },
    disableSendCommunity: {
      extended: f('disable-send-community', 'extended'),
      standard: f('disable-send-community', 'standard'),
    },
    nexthopLocalUnchanged: f('nexthop-local', 'unchanged'),
  };
  return dropUndefined(out) as unknown as VyosBgpPeerAf;
}

function readRemoteAs(r: TreeReader, path: string[]): Located<VyosRemoteAs> | undefined {
  const s = r.str(path);
  if (s === undefined) return undefined;
  if (s.value === 'external' || s.value === 'internal') return located(s.value, s.source);
  const n = r.int(path, 1, 4294967294);
  return n;
}

function readPeer(r: TreeReader, kind: 'neighbor' | 'peer-group', name: string): VyosBgpPeer {
  const p = [...BGP, kind, name];
  const f = (...rest: string[]): boolean => r.has([...p, ...rest]);
  const s = (...rest: string[]): Located<string> | undefined => r.str([...p, ...rest]);
  const i = (min: number, max: number, ...rest: string[]): Located<number> | undefined =>
    r.int([...p, ...rest], min, max);
  const pw = s('password');
  const localAsName = r.names([...p, 'local-as'])[0];
  const afBase = [...p, 'address-family'];
  const out: Record<string, unknown> = {
    kind,
    name,
    source: r.source(p),
    remoteAs: readRemoteAs(r, [...p, 'remote-as']),
    peerGroup: kind === 'neighbor' ? s('peer-group') : undefined,
    password: pw === undefined ? undefined : dropUndefined({ sha256: sha256Hex(pw.value), source: pw.source }),
    description: s('description'),
    updateSource: s('update-source'),
    ebgpMultihop: i(1, 255, 'ebgp-multihop'),
    ttlSecurityHops: i(1, 254, 'ttl-security', 'hops'),
    port: i(1, 65535, 'port'),
    advertisementIntervalSec: i(0, 600, 'advertisement-interval'),
    timers: dropUndefined({
      keepaliveSec: i(1, 65535, 'timers', 'keepalive'),
      holdTimeSec: i(0, 65535, 'timers', 'holdtime'),
      connectSec: i(0, 65535, 'timers', 'connect'),
    }),
    passive: f('passive'),
    shutdown: f('shutdown'),
    solo: f('solo'),
    enforceFirstAs: f('enforce-first-as'),
    disableConnectedCheck: f('disable-connected-check'),
    capability: { dynamic: f('capability', 'dynamic'), extendedNexthop: f('capability', 'extended-nexthop') },
    gracefulRestart: s('graceful-restart'),
    localAs: undefined,
    bfd: f('bfd')
      ? dropUndefined({
          profile: s('bfd', 'profile')?.value,
          checkControlPlaneFailure: f('bfd', 'check-control-plane-failure'),
        })
      : undefined,
    addressFamilies: r.names(afBase).map((afi) => readPeerAf(r, afBase, afi)),
  };
  if (localAsName !== undefined) {
    const asn = /^\d+$/.test(localAsName) ? Number(localAsName) : Number.NaN;
    if (Number.isSafeInteger(asn)) {
      out.localAs = {
        asn: located(asn, r.source([...p, 'local-as', localAsName])),
        noPrepend: f('local-as', localAsName, 'no-prepend'),
        replaceAs: f('local-as', localAsName, 'no-prepend', 'replace-as'),
      };
    }
  }
  return dropUndefined(out) as unknown as VyosBgpPeer;
}

function readGlobalAf(r: TreeReader, afi: string): VyosBgpGlobalAf {
  const p = [...BGP, 'address-family', afi];
  return dropUndefined({
    afi,
    source: r.source(p),
    networks: r.names([...p, 'network']).map((prefix) =>
      dropUndefined({
        prefix: located(prefix, r.source([...p, 'network', prefix])),
        routeMap: r.str([...p, 'network', prefix, 'route-map'])?.value,
        backdoor: r.has([...p, 'network', prefix, 'backdoor']),
      }),
    ),
    aggregates: r.names([...p, 'aggregate-address']).map((prefix) =>
      dropUndefined({
        prefix: located(prefix, r.source([...p, 'aggregate-address', prefix])),
        asSet: r.has([...p, 'aggregate-address', prefix, 'as-set']),
        summaryOnly: r.has([...p, 'aggregate-address', prefix, 'summary-only']),
        routeMap: r.str([...p, 'aggregate-address', prefix, 'route-map'])?.value,
      }),
    ),
    redistribute: r.names([...p, 'redistribute']).map((protocol) =>
      dropUndefined({
        protocol,
        source: r.source([...p, 'redistribute', protocol]),
        metric: r.int([...p, 'redistribute', protocol, 'metric'], 0, 4294967295)?.value,
        routeMap: r.str([...p, 'redistribute', protocol, 'route-map'])?.value,
      }),
    ),
    maximumPaths: dropUndefined({
      ebgp: r.int([...p, 'maximum-paths', 'ebgp'], 1, 256),
      ibgp: r.int([...p, 'maximum-paths', 'ibgp'], 1, 256),
    }),
  }) as unknown as VyosBgpGlobalAf;
}

/** Reads `protocols bgp`; undefined when the tree has no BGP configuration. */
export function readVyosBgp(tree: VyosTree): VyosBgpConfig | undefined {
  if (!tree.exists(BGP)) return undefined;
  const r = new TreeReader(tree);
  const par = [...BGP, 'parameters'];
  const f = (...rest: string[]): boolean => r.has([...par, ...rest]);
  const gr = [...par, 'graceful-restart'];
  const parameters = dropUndefined({
    routerId: r.str([...par, 'router-id']),
    logNeighborChanges: f('log-neighbor-changes'),
    gracefulRestart: r.has(gr)
      ? dropUndefined({
          source: r.source(gr),
          stalepathTimeSec: r.int([...gr, 'stalepath-time'], 1, 4095),
          restartTimeSec: r.int([...gr, 'restart-time'], 0, 4095),
        })
      : undefined,
    gracefulShutdown: f('graceful-shutdown'),
    ebgpRequiresPolicy: f('ebgp-requires-policy'),
    networkImportCheck: f('network-import-check'),
    alwaysCompareMed: f('always-compare-med'),
    deterministicMed: f('deterministic-med'),
    compareRouterId: f('bestpath', 'compare-routerid'),
    asPathMultipathRelax: f('bestpath', 'as-path', 'multipath-relax'),
    defaultLocalPref: r.int([...par, 'default', 'local-pref'], 0, 4294967295),
    clusterId: r.str([...par, 'cluster-id']),
    conditionalAdvertisementTimerSec: r.int([...par, 'conditional-advertisement', 'timer'], 5, 240),
    rejectAsSets: f('reject-as-sets'),
    shutdown: f('shutdown'),
  }) as unknown as VyosBgpParameters;
  const out = dropUndefined({
    source: r.source(BGP),
    systemAs: r.int([...BGP, 'system-as'], 1, 4294967294),
    routerId: parameters.routerId,
    parameters,
    timers: dropUndefined({
      keepaliveSec: r.int([...BGP, 'timers', 'keepalive'], 1, 65535),
      holdTimeSec: r.int([...BGP, 'timers', 'holdtime'], 0, 65535),
    }),
    peerGroups: r.names([...BGP, 'peer-group']).map((n) => readPeer(r, 'peer-group', n)),
    neighbors: r.names([...BGP, 'neighbor']).map((n) => readPeer(r, 'neighbor', n)),
    listenLimit: r.int([...BGP, 'listen', 'limit'], 1, 5000),
    listenRanges: r.names([...BGP, 'listen', 'range']).map((prefix) =>
      dropUndefined({
        prefix: located(prefix, r.source([...BGP, 'listen', 'range', prefix])),
        peerGroup: r.str([...BGP, 'listen', 'range', prefix, 'peer-group']),
      }),
    ),
    addressFamilies: r.names([...BGP, 'address-family']).map((afi) => readGlobalAf(r, afi)),
    diagnostics: r.diagnostics,
  });
  return out as unknown as VyosBgpConfig;
}

/** The address family `afi` (default `ipv6-unicast`) of a peer, if configured. */
export function peerAf(peer: VyosBgpPeer, afi = 'ipv6-unicast'): VyosBgpPeerAf | undefined {
  return peer.addressFamilies.find((a) => a.afi === afi);
}
