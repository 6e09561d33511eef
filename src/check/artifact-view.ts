/**
 * The facts the artifact rules share, derived once per set of artifacts: the Cilium BGP peers (with their peer
 * config, local ASN and the router that owns their address), the nodes (Node / CiliumNode objects, or only the
 * names the node overrides give), which nodes each cluster config selects, the router IDs nodes end up with, and
 * for each Cilium peer the router configuration that serves the node sessions. Only objects the API server would
 * accept (`valid`) are used: the decoder already reported the others.
 */
import type { SourcePosition } from '../core/diagnostic.js';
import { compileSelector } from '../cilium/selector.js';
import { Ipv4Address, Ipv6Address } from '../ip/index.js';
import type { Decoded } from '../k8s/decode.js';
import type {
  CiliumBgpAdvertisement,
  CiliumBgpClusterConfig,
  CiliumBgpNodeConfigOverride,
  CiliumBgpPeerConfig,
  CiliumBgpPeeringPolicy,
  CiliumLoadBalancerIpPool,
} from '../k8s/kinds.js';
import type { CiliumNode, K8sNode, K8sSecret, K8sService } from '../k8s/objects-core.js';
import type { CiliumBgpInstance, CiliumBgpPeer, K8sLabelSelector } from '../k8s/objects.js';
import type { RouterModel } from '../router/model.js';
import {
  hasNoInterfaceAddresses,
  onLinkInterface,
  routerForPeer,
  type SessionConfig,
  sessionFor,
} from '../router/peers.js';
import type { RepoArtifacts } from '../spec/import/artifacts.js';
import type { DataPath } from '../spec/plan-types.js';
import { v1PeerViews } from './v1-peers.js';

export const DEFAULT_SECRETS_NAMESPACE = 'kube-system';

export interface NodeView {
  readonly name: string;
  /** False when the node is only known by name (from a node override): labels and addresses unknown. */
  readonly known: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** IPv6 node addresses, InternalIP first. */
  readonly ipv6: readonly { readonly address: Ipv6Address; readonly source: SourcePosition }[];
  readonly hasIpv4: boolean;
  readonly podCidrs: readonly { readonly text: string; readonly source: SourcePosition }[];
  readonly source: SourcePosition;
  locate(path: DataPath): SourcePosition;
}

export interface CiliumPeerView {
  readonly config: Decoded<CiliumBgpClusterConfig>;
  readonly instance: CiliumBgpInstance;
  readonly peer: CiliumBgpPeer;
  /** Path of the peer inside the ClusterConfig. */
  readonly path: DataPath;
  readonly instancePath: DataPath;
  readonly address?: Ipv6Address;
  readonly peerConfig?: Decoded<CiliumBgpPeerConfig>;
  /** The imported router that owns the peer address (or, when its config lists no interface addresses, is named like the peer). */
  readonly router?: RouterModel;
  /** False when the router was matched by name only: its config lists no interface address to check against. */
  readonly addressVerified?: boolean;
  /** A neighbor of a v1 CiliumBGPPeeringPolicy, seen as a v2 peer (its config and peer config are views). */
  readonly v1?: boolean;
  /** Position of a field of the peer (or of the instance with `instance: true`). */
  at(field?: string | readonly (string | number)[]): SourcePosition;
}

/** How one router serves the node sessions of one Cilium peer. */
export interface PeerSessions {
  readonly peer: CiliumPeerView;
  readonly router: RouterModel;
  /** The configuration the sessions get; undefined when the router refuses them. */
  readonly session?: SessionConfig;
  /** Nodes whose session this is (empty when nodes are unknown and the session was inferred from the segment). */
  readonly nodes: readonly NodeView[];
  /** Selected nodes the router refuses (outside every listen range, not a neighbor). */
  readonly refused: readonly NodeView[];
}

export interface ArtifactView {
  readonly artifacts: RepoArtifacts;
  readonly clusterConfigs: readonly Decoded<CiliumBgpClusterConfig>[];
  readonly peerConfigs: readonly Decoded<CiliumBgpPeerConfig>[];
  readonly advertisements: readonly Decoded<CiliumBgpAdvertisement>[];
  readonly overrides: readonly Decoded<CiliumBgpNodeConfigOverride>[];
  readonly pools: readonly Decoded<CiliumLoadBalancerIpPool>[];
  readonly policies: readonly Decoded<CiliumBgpPeeringPolicy>[];
  readonly services: readonly Decoded<K8sService>[];
  readonly secrets: readonly Decoded<K8sSecret>[];
  readonly nodes: readonly NodeView[];
  readonly peers: readonly CiliumPeerView[];
  readonly routers: readonly RouterModel[];
  readonly secretsNamespace: { readonly value: string; readonly source?: SourcePosition };
  /** Nodes a cluster config selects (nil selector = all; name-only nodes count as selected). */
  selectedNodes(config: Decoded<CiliumBgpClusterConfig>): NodeView[];
  /** Peer configs by name. */
  peerConfig(name: string): Decoded<CiliumBgpPeerConfig> | undefined;
  /** How each router serves each Cilium peer's node sessions, one entry per (peer, router configuration). */
  sessions(): PeerSessions[];
}

function valid<T>(list: readonly Decoded<T>[]): Decoded<T>[] {
  return list.filter((d) => d.valid);
}

export function parseIpv6(text: unknown): Ipv6Address | undefined {
  if (typeof text !== 'string') return undefined;
  const r = Ipv6Address.tryParse(text);
  return r.ok ? r.value : undefined;
}

function nodeViews(a: RepoArtifacts): NodeView[] {
  const out = new Map<string, NodeView>();
  for (const d of valid(a.inventory.byKind.Node)) {
    const n: K8sNode = d.object;
    const locate = (p: DataPath) => d.read.locate(p) ?? d.read.source;
    const addrs = n.status?.addresses ?? [];
    const order = (t: string) => (t === 'InternalIP' ? 0 : t === 'ExternalIP' ? 1 : 2);
    const ipv6 = addrs
      .map((x, i) => ({ x, i, a: parseIpv6(x.address) }))
      .filter((e) => e.a !== undefined && e.x.type !== 'Hostname')
      .sort((p, q) => order(p.x.type) - order(q.x.type))
      .map((e) => ({ address: e.a!, source: locate(['status', 'addresses', e.i, 'address']) }));
    const podCidrs = (n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : [])).map((text, i) => ({
      text,
      source: locate(n.spec?.podCIDRs ? ['spec', 'podCIDRs', i] : ['spec', 'podCIDR']),
    }));
    out.set(n.metadata.name, {
      name: n.metadata.name,
      known: true,
      labels: n.metadata.labels ?? {},
      annotations: n.metadata.annotations ?? {},
      ipv6,
      hasIpv4: addrs.some((x) => x.type !== 'Hostname' && Ipv4Address.tryParse(x.address).ok),
      podCidrs,
      source: d.read.source,
      locate,
    });
  }
  for (const d of valid(a.inventory.byKind.CiliumNode)) {
    const c: CiliumNode = d.object;
    const locate = (p: DataPath) => d.read.locate(p) ?? d.read.source;
    const prior = out.get(c.metadata.name);
    const podCidrs = (c.spec.ipam?.podCIDRs ?? []).map((text, i) => ({
      text,
      source: locate(['spec', 'ipam', 'podCIDRs', i]),
    }));
    if (prior !== undefined) {
      if (prior.podCidrs.length === 0 && podCidrs.length > 0) out.set(prior.name, { ...prior, podCidrs });
      continue;
    }
    const ipv6 = (c.spec.addresses ?? [])
      .map((x, i) => ({ x, i, a: parseIpv6(x.ip) }))
      .filter((e) => e.a !== undefined)
      .map((e) => ({ address: e.a!, source: locate(['spec', 'addresses', e.i, 'ip']) }));
    out.set(c.metadata.name, {
      name: c.metadata.name,
      known: true,
      labels: c.metadata.labels ?? {},
      annotations: c.metadata.annotations ?? {},
      ipv6,
      hasIpv4: (c.spec.addresses ?? []).some((x) => Ipv4Address.tryParse(x.ip).ok),
      podCidrs,
      source: d.read.source,
      locate,
    });
  }
  if (out.size === 0) {
    for (const d of valid(a.inventory.byKind.CiliumBGPNodeConfigOverride)) {
      const name = d.object.metadata.name;
      if (out.has(name)) continue;
      const locate = (p: DataPath) => d.read.locate(p) ?? d.read.source;
      out.set(name, {
        name,
        known: false,
        labels: {},
        annotations: {},
        ipv6: [],
        hasIpv4: false,
        podCidrs: [],
        source: d.read.source,
        locate,
      });
    }
  }
  return [...out.values()];
}

/** A selector matcher that never throws: a selector Cilium cannot convert selects nothing (another rule says why). */
export function selects(
  selector: K8sLabelSelector | undefined,
  nilMeans: 'nothing' | 'everything',
  labels: Readonly<Record<string, string>>,
): boolean {
  try {
    return compileSelector(selector, nilMeans).matches(labels);
  } catch {
    return false;
  }
}

function buildView(a: RepoArtifacts): ArtifactView {
  const inv = a.inventory.byKind;
  const clusterConfigs = valid(inv.CiliumBGPClusterConfig);
  const peerConfigs = valid(inv.CiliumBGPPeerConfig);
  const nodes = nodeViews(a);
  const routers = a.routers;
  const helmNs = a.helmValues.find((h) => h.secretsNamespace !== undefined)?.secretsNamespace;
  const peers: CiliumPeerView[] = [];
  // v1 peering policies take part in the per-peer cross-checks through v2-shaped views (v1-peers.ts).
  const v1 = v1PeerViews(valid(inv.CiliumBGPPeeringPolicy));
  const sources = [
    ...clusterConfigs.map((config) => ({ config, configs: peerConfigs, v1: false })),
    ...v1.map((x) => ({ config: x.config, configs: x.peerConfigs, v1: true })),
  ];
  for (const { config, configs, v1: fromV1 } of sources) {
    config.object.spec.bgpInstances.forEach((instance, i) => {
      (instance.peers ?? []).forEach((peer, j) => {
        const path: DataPath = ['spec', 'bgpInstances', i, 'peers', j];
        const address = parseIpv6(peer.peerAddress);
        const ref = peer.peerConfigRef?.name;
        const peerConfig = ref === undefined ? undefined : configs.find((p) => p.object.metadata.name === ref);
        const owner = address === undefined ? undefined : routerForPeer(routers, address, peer.name);
        const router = owner?.router;
        peers.push({
          config,
          instance,
          peer,
          path,
          instancePath: ['spec', 'bgpInstances', i],
          ...(address ? { address } : {}),
          ...(peerConfig ? { peerConfig } : {}),
          ...(router ? { router, addressVerified: owner!.verified } : {}),
          ...(fromV1 ? { v1: true } : {}),
          at(field) {
            const rest = field === undefined ? [] : typeof field === 'string' ? [field] : field;
            return config.read.locate([...path, ...rest]) ?? config.read.source;
          },
        });
      });
    });
  }
  const selectedCache = new Map<Decoded<CiliumBgpClusterConfig>, NodeView[]>();
  const selectedNodes = (config: Decoded<CiliumBgpClusterConfig>): NodeView[] => {
    let s = selectedCache.get(config);
    if (s === undefined) {
      s = nodes.filter((n) => !n.known || selects(config.object.spec.nodeSelector, 'everything', n.labels));
      selectedCache.set(config, s);
    }
    return s;
  };
  let sessionCache: PeerSessions[] | undefined;
  const view: ArtifactView = {
    artifacts: a,
    clusterConfigs,
    peerConfigs,
    advertisements: valid(inv.CiliumBGPAdvertisement),
    overrides: valid(inv.CiliumBGPNodeConfigOverride),
    pools: valid(inv.CiliumLoadBalancerIPPool),
    policies: valid(inv.CiliumBGPPeeringPolicy),
    services: valid(inv.Service),
    secrets: valid(inv.Secret),
    nodes,
    peers,
    routers,
    secretsNamespace: helmNs ?? { value: DEFAULT_SECRETS_NAMESPACE },
    selectedNodes,
    peerConfig: (name) => peerConfigs.find((p) => p.object.metadata.name === name),
    sessions() {
      sessionCache ??= computeSessions(
        peers,
        selectedNodes,
        nodes.some((n) => n.known),
      );
      return sessionCache;
    },
  };
  return view;
}

/** The listen-range group serving the router's segment of `address`, when the nodes themselves are unknown. */
function segmentSession(router: RouterModel, address: Ipv6Address): SessionConfig | undefined {
  const iface = onLinkInterface(router, address);
  const segment = iface?.addresses.find((x) => x.value.network().contains(address))?.value.network();
  // Without interface addresses (FRR bgpd config alone), the listen ranges around the peer address stand in.
  if (segment === undefined && !hasNoInterfaceAddresses(router)) return undefined;
  const ranges = router.listenRanges.filter((r) =>
    segment === undefined ? r.prefix?.contains(address) : r.prefix?.overlaps(segment),
  );
  ranges.sort((x, y) => x.prefix!.length - y.prefix!.length);
  for (const range of ranges) {
    const group = router.peerGroups.find((g) => g.name === range.peerGroup?.value);
    if (group !== undefined) return { peer: group, via: 'listen-range', range };
  }
  return undefined;
}

function computeSessions(
  peers: readonly CiliumPeerView[],
  selectedNodes: (c: Decoded<CiliumBgpClusterConfig>) => NodeView[],
  anyNodeKnown: boolean,
): PeerSessions[] {
  const out: PeerSessions[] = [];
  for (const peer of peers) {
    const router = peer.router;
    // A peerConfigRef to a missing peer config: the agent does not configure the peer at all (no session).
    const unconfigured =
      peer.peer.peerConfigRef !== undefined && peer.peer.peerConfigRef.name !== '' && peer.peerConfig === undefined;
    if (router === undefined || peer.address === undefined || unconfigured) continue;
    const selected = selectedNodes(peer.config);
    // Nodes are known and the config selects none of them: no node runs these sessions (another rule says so).
    if (selected.length === 0 && anyNodeKnown) continue;
    const nodes = selected.filter((n) => n.ipv6.length > 0);
    if (nodes.length === 0) {
      const session = segmentSession(router, peer.address);
      out.push({ peer, router, ...(session ? { session } : {}), nodes: [], refused: [] });
      continue;
    }
    const byPeer = new Map<string, { session: SessionConfig; nodes: NodeView[] }>();
    const refused: NodeView[] = [];
    for (const n of nodes) {
      const s = sessionFor(router, n.ipv6[0]!.address);
      if (s === undefined) {
        refused.push(n);
        continue;
      }
      const key = `${s.via}:${s.peer.name}`;
      const entry = byPeer.get(key) ?? { session: s, nodes: [] };
      entry.nodes.push(n);
      byPeer.set(key, entry);
    }
    if (byPeer.size === 0) out.push({ peer, router, nodes: [], refused });
    [...byPeer.values()].forEach((e, i) => {
      out.push({ peer, router, session: e.session, nodes: e.nodes, refused: i === 0 ? refused : [] });
    });
  }
  return out;
}

const views = new WeakMap<RepoArtifacts, ArtifactView>();

export function artifactView(a: RepoArtifacts): ArtifactView {
  let v = views.get(a);
  if (v === undefined) {
    v = buildView(a);
    views.set(a, v);
  }
  return v;
}

/** Position of a field of a decoded object (or the object's start). */
export function at<T>(d: Decoded<T>, path: DataPath = []): SourcePosition {
  return d.read.locate(path) ?? d.read.source;
}
