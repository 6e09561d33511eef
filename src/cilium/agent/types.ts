/**
 * The desired BGP state of one node as Cilium's agent would configure it (reference §3, §4, §5, §6, §8): per BGP
 * instance, the peers with their resolved PeerConfig, and per peer and family the paths to announce with their
 * attributes and the reasons they are there. Plain data: the reconciler diffs it against the running speaker.
 */

/** Agent flags that change what is announced. */
export interface AgentOptions {
  /** `--bgp-router-id-allocation-mode` (§3.2, §3.3). */
  readonly routerIdMode: 'default' | 'ip-pool';
  /** MAC of the node's `cilium_host` device: the IPv6-only router ID (§3.2). */
  readonly ciliumHostMac?: string;
  /** `--bgp-secrets-namespace` (§1.2); undefined = not configured. */
  readonly secretsNamespace: string | undefined;
  /** IPAM mode: PodCIDR advertisements exist only for `kubernetes` and `cluster-pool` (§4.2, §6). */
  readonly ipamMode: string;
  /**
   * Overlapping Service advertisements (§4.4): `union` (1.18+: communities unioned, local-pref max) or `last-wins`
   * (≤1.17: the last matching advertisement's attributes).
   */
  readonly advertisementMerge: 'union' | 'last-wins';
  /** `--enable-no-service-endpoints-routable` (§5.2, 1.19+, default true). */
  readonly noServiceEndpointsRoutable: boolean;
  /** `--enable-bgp-legacy-origin-attribute` (§5.4): LoadBalancerIP paths get ORIGIN incomplete. */
  readonly legacyOriginAttribute: boolean;
  /** Local interfaces and their addresses, for `transport.sourceInterface` (§1.2); unknown when absent. */
  readonly interfaces?: Readonly<Record<string, readonly string[]>>;
}

export const defaultAgentOptions: AgentOptions = {
  routerIdMode: 'default',
  secretsNamespace: 'kube-system',
  ipamMode: 'kubernetes',
  advertisementMerge: 'union',
  noServiceEndpointsRoutable: true,
  legacyOriginAttribute: false,
};

/** An (afi, safi) pair as written in a PeerConfig, e.g. `ipv6/unicast`. */
export interface AfiSafi {
  readonly afi: string;
  readonly safi: string;
}

export const afiSafiText = (f: AfiSafi): string => `${f.afi}/${f.safi}`;

export type AdvertisementType = 'PodCIDR' | 'Service' | 'CiliumPodIPPool' | 'Interface';
export type ServiceAddressType = 'LoadBalancerIP' | 'ClusterIP' | 'ExternalIP';

/** Why a path is announced: which advertisement (object and entry) and which Service address or PodCIDR. */
export interface PathReason {
  readonly advertisement: string;
  readonly entry: number;
  readonly type: AdvertisementType;
  /** `namespace/name` for Service paths. */
  readonly service?: string;
  readonly addressType?: ServiceAddressType;
  /** The Service address the prefix was made from (before aggregation). */
  readonly address?: string;
  readonly podCidr?: string;
  /** The local interface of an Interface advertisement path. */
  readonly interface?: string;
}

export interface DesiredPath {
  readonly prefix: string;
  /** Standard and well-known communities as the advertisements wrote them. */
  readonly communities: readonly string[];
  readonly largeCommunities: readonly string[];
  /** LOCAL_PREF set by the advertisements; sent to iBGP peers only (§4.5). */
  readonly localPref?: number;
  /** The advertisements' LOCAL_PREF that is not sent because the peer is eBGP (§4.5, gotcha 5). */
  readonly localPrefNotSent?: number;
  readonly origin: 'igp' | 'incomplete';
  readonly reasons: readonly PathReason[];
}

export interface DesiredFamily {
  readonly family: AfiSafi;
  readonly paths: readonly DesiredPath[];
}

/** A peer with its PeerConfig resolved (§1.2 defaults, §8). The password itself is never in this structure's JSON. */
export interface DesiredPeer {
  readonly name: string;
  readonly address: string;
  /** 0 = accept any AS (§1.1). */
  readonly peerAsn: number;
  /** True when peerAsn equals the local AS; undefined when peerAsn is 0 (learned at OPEN time). */
  readonly internal: boolean | undefined;
  readonly peerConfig?: string;
  readonly port: number;
  readonly localAddress?: string;
  readonly connectRetrySec: number;
  readonly holdTimeSec: number;
  readonly keepaliveTimeSec: number;
  readonly gracefulRestart?: { readonly restartTimeSec: number };
  /** TTL of the session's packets (§8.4); undefined = the OS default (iBGP, or peerASN 0). */
  readonly ttl?: number;
  /** The auth Secret's name, when one is used; `passwordSet` says whether a password was found. */
  readonly authSecret?: string;
  readonly passwordSet: boolean;
  /** Families negotiated (defaults applied: ipv6+ipv4 unicast when none are written). */
  readonly families: readonly AfiSafi[];
  /** Per family (as written in the PeerConfig), the paths announced to this peer. */
  readonly advertised: readonly DesiredFamily[];
}

export interface DesiredInstance {
  readonly name: string;
  readonly localAsn: number;
  readonly routerId: string;
  readonly routerIdSource: string;
  /** undefined: no listener, the instance only dials out (§1.1). */
  readonly localPort?: number;
  readonly peers: readonly DesiredPeer[];
  /**
   * Reconcile errors (e.g. a selector that does not convert): Cilium then keeps the previous advertisements, so the
   * reconciler leaves this instance's routes untouched.
   */
  readonly reconcileErrors: readonly string[];
}

/** A problem found while computing the desired state, with the object it concerns. */
export interface AgentProblem {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly object: string;
  readonly message: string;
}

/** Why an address of a Service is not announced by a Service advertisement on this node (the dry-run's answer). */
export interface ServiceNote {
  readonly service: string;
  readonly advertisement: string;
  readonly addressType?: ServiceAddressType;
  readonly address?: string;
  readonly reason: string;
}

export interface NodeDesiredState {
  readonly node: string;
  readonly instances: readonly DesiredInstance[];
  /** Instances of the NodeConfig that cannot start (no ASN, no router ID). */
  readonly skippedInstances: readonly { readonly name: string; readonly reason: string }[];
  readonly problems: readonly AgentProblem[];
  readonly serviceNotes: readonly ServiceNote[];
  /** Peer passwords by `instance/peerAddress` (kept apart so the rest of the state can be printed). */
  readonly passwords: ReadonlyMap<string, string>;
}
