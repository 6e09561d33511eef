/**
 * The plan: the spec resolved into concrete, allocated values with every default filled in. Renderers and checks
 * read the plan, never raw spec defaults. Produced by `planNetwork()` (pure).
 */
import type { SourcePosition } from '../core/diagnostic.js';
import type { Ipv4Address, Ipv4Prefix, Ipv6Address, Ipv6Prefix } from '../ip/index.js';
import type { Communities, ExportToNodes, LabelSelector, PlanRole, ServiceSpec, Spec } from './schema.js';

export type DataPath = readonly (string | number)[];

/** Maps a data path of the spec to where it was written (undefined for TS-API specs or defaults). */
export type Locator = (path: DataPath) => SourcePosition | undefined;

export interface PlannedEntry {
  readonly name: string;
  readonly role: PlanRole;
  readonly prefix: Ipv6Prefix;
  readonly description?: string;
  readonly location?: string;
  /** Data path of the entry in the spec, e.g. ['plan', 2]. */
  readonly path: DataPath;
}

export interface PlannedPodCidr {
  readonly prefix: Ipv6Prefix;
  readonly nodeMaskSize: number;
  /** How many node PodCIDRs fit. */
  readonly capacity: bigint;
}

export interface PlannedLbPool {
  readonly name: string;
  readonly prefix: Ipv6Prefix;
  /** Allocatable addresses (first/last excluded when allowFirstLastIPs is false). */
  readonly capacity: bigint;
  readonly allowFirstLastIPs: boolean;
  readonly serviceSelector?: LabelSelector;
  readonly path: DataPath;
}

export interface PlannedNode {
  readonly name: string;
  readonly role: 'control-plane' | 'worker';
  readonly address: Ipv6Address;
  /** Undefined when the pod prefix is exhausted (a check reports it). */
  readonly podCidr?: Ipv6Prefix;
  readonly podCidrSource: 'pinned' | 'allocated' | 'none';
  readonly routerId?: Ipv4Address;
  /** explicit: routerId in the spec; pool: from cluster.routerIdPool; none: nothing derivable. */
  readonly routerIdSource: 'explicit' | 'pool' | 'none';
  readonly macAddress?: string;
  /** All labels the Node carries: spec labels plus kubernetes.io/os=linux, kubernetes.io/hostname, role label. */
  readonly labels: Readonly<Record<string, string>>;
  readonly path: DataPath;
}

export interface PlannedRouterInterface {
  readonly name: string;
  readonly vlan?: number;
  /** Interface address (host part) and its on-link prefix. */
  readonly address: Ipv6Address;
  readonly prefix: Ipv6Prefix;
}

export interface PlannedUpstreamNeighbor {
  readonly address: Ipv6Address;
  readonly asn: number;
  readonly description?: string;
  readonly path: DataPath;
}

export interface PlannedRouter {
  readonly name: string;
  readonly fqdn?: string;
  readonly asn: number;
  readonly routerId: Ipv4Address;
  readonly nodeInterface: PlannedRouterInterface;
  readonly loopback?: PlannedRouterInterface;
  readonly uplinks: readonly PlannedRouterInterface[];
  /** Dynamic-neighbor range for the nodes (default: the node network). */
  readonly listenRange: Ipv6Prefix;
  readonly exportToNodes: ExportToNodes;
  /** maximum-prefix for the node peer group (default: derived from node count and pools, see planner). */
  readonly maximumPrefix: number;
  readonly upstreamNeighbors: readonly PlannedUpstreamNeighbor[];
  readonly path: DataPath;
}

export interface ResolvedClusterBgp {
  readonly instanceName: string;
  readonly clusterConfigName: string;
  readonly peerConfigName: string;
  /** Undefined = select all nodes. */
  readonly nodeSelector?: LabelSelector;
  readonly authSecretRef?: string;
  readonly secretsNamespace: string;
  readonly timers: {
    readonly holdTimeSec: number;
    readonly keepaliveTimeSec: number;
    readonly connectRetryTimeSec: number;
  };
  readonly ebgpMultihop: number;
  readonly gracefulRestart: { readonly enabled: boolean; readonly restartTimeSec: number };
  readonly families: readonly ('ipv6-unicast' | 'ipv4-unicast')[];
  readonly advertisementLabels: Readonly<Record<string, string>>;
}

export interface ResolvedAdvertisement {
  readonly name: string;
  readonly type: 'Service' | 'PodCIDR';
  readonly addresses: readonly ('LoadBalancerIP' | 'ClusterIP' | 'ExternalIP')[];
  /** 'all' = every Service. Undefined for PodCIDR. */
  readonly selector?: LabelSelector | 'all';
  readonly aggregationLengthIPv6?: number;
  readonly communities: Communities;
  readonly localPreference?: number;
  readonly path: DataPath;
}

export interface Plan {
  /** The spec as loaded (no defaults applied: defaults live in the resolved fields below). */
  readonly spec: Spec;
  readonly aggregate: Ipv6Prefix;
  readonly entries: readonly PlannedEntry[];
  readonly serviceCidr?: Ipv6Prefix;
  /** First address of the service CIDR + 1: kubernetes.default (the API server's ClusterIP). */
  readonly kubernetesServiceIp?: Ipv6Address;
  readonly podCidr?: PlannedPodCidr;
  readonly lbPools: readonly PlannedLbPool[];
  readonly nodeNetwork?: { readonly prefix: Ipv6Prefix; readonly vlan?: number };
  readonly loopbacks?: Ipv6Prefix;
  readonly routerIdPool?: Ipv4Prefix;
  readonly clusterName: string;
  readonly clusterAsn: number;
  readonly nodes: readonly PlannedNode[];
  readonly bgp: ResolvedClusterBgp;
  readonly advertisements: readonly ResolvedAdvertisement[];
  readonly routers: readonly PlannedRouter[];
  readonly upstream?: { readonly name?: string; readonly asn: number };
  readonly services: readonly ServiceSpec[];
}
