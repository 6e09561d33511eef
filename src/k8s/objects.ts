/**
 * Typed Kubernetes and Cilium objects as plain data (the shapes v6net renders and reads). Only the fields v6net
 * uses are typed; everything else passes through as unknown.
 */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface K8sObject<S = unknown> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec?: S;
  readonly [extra: string]: unknown;
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface K8sLabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export type CiliumApiVersion = 'cilium.io/v2' | 'cilium.io/v2alpha1';

export interface CiliumBgpAutoDiscovery {
  readonly mode: 'DefaultGateway' | 'Unnumbered';
  readonly defaultGateway?: { readonly addressFamily: 'ipv4' | 'ipv6' };
  readonly unnumbered?: { readonly interface: string };
}

export interface CiliumBgpPeer {
  readonly name: string;
  readonly peerASN?: number;
  readonly peerAddress?: string;
  /** v2alpha1 adds optional `group`/`kind` (defaults cilium.io / CiliumBGPPeerConfig). */
  readonly peerConfigRef?: { readonly name: string; readonly group?: string; readonly kind?: string };
  /** v2 only. */
  readonly autoDiscovery?: CiliumBgpAutoDiscovery;
  /** v2, newest releases only. */
  readonly peerInterface?: string;
}

export interface CiliumBgpInstance {
  readonly name: string;
  readonly localASN?: number;
  readonly localPort?: number;
  readonly peers?: readonly CiliumBgpPeer[];
}

export interface CiliumBgpClusterConfigSpec {
  readonly nodeSelector?: K8sLabelSelector;
  readonly bgpInstances: readonly CiliumBgpInstance[];
}

export interface CiliumBgpFamily {
  readonly afi: string;
  readonly safi: string;
  readonly advertisements?: K8sLabelSelector;
}

export interface CiliumBgpPeerConfigSpec {
  /** `sourceInterface` is v2 only; `localPort` v2alpha1 only (deprecated). */
  readonly transport?: { readonly peerPort?: number; readonly sourceInterface?: string; readonly localPort?: number };
  readonly timers?: {
    readonly connectRetryTimeSeconds?: number;
    readonly holdTimeSeconds?: number;
    readonly keepAliveTimeSeconds?: number;
  };
  readonly authSecretRef?: string;
  readonly gracefulRestart?: { readonly enabled: boolean; readonly restartTimeSeconds?: number };
  readonly ebgpMultihop?: number;
  readonly families?: readonly CiliumBgpFamily[];
}

export interface CiliumBgpAdvertisementEntry {
  readonly advertisementType: string;
  readonly service?: {
    readonly addresses: readonly ('LoadBalancerIP' | 'ClusterIP' | 'ExternalIP')[];
    readonly aggregationLengthIPv4?: number;
    readonly aggregationLengthIPv6?: number;
  };
  /** The local interface whose addresses are advertised (type Interface, newer releases). */
  readonly interface?: { readonly name: string };
  readonly selector?: K8sLabelSelector;
  readonly attributes?: {
    readonly communities?: CiliumBgpCommunities;
    readonly localPreference?: number;
  };
}

export interface CiliumBgpAdvertisementSpec {
  readonly advertisements: readonly CiliumBgpAdvertisementEntry[];
}

export interface CiliumBgpNodeConfigOverrideSpec {
  readonly bgpInstances: readonly {
    readonly name: string;
    readonly routerID?: string;
    readonly localPort?: number;
    readonly localASN?: number;
    readonly peers?: readonly {
      readonly name: string;
      readonly localAddress?: string;
      /** Deprecated, no effect (the source port is ephemeral). */
      readonly localPort?: number;
      readonly peerInterface?: string;
    }[];
  }[];
}

/** CiliumBGPNodeConfig spec (operator-written, one per node). */
export interface CiliumBgpNodeConfigSpec {
  readonly bgpInstances: readonly {
    readonly name: string;
    readonly localASN?: number;
    readonly routerID?: string;
    readonly localPort?: number;
    readonly peers?: readonly (CiliumBgpPeer & { readonly localAddress?: string })[];
  }[];
}

export interface CiliumBgpCommunities {
  readonly standard?: readonly string[];
  readonly large?: readonly string[];
  readonly wellKnown?: readonly string[];
}

/** The v1 CiliumBGPPeeringPolicy spec (cilium.io/v2alpha1; removed in Cilium 1.19). */
export interface CiliumBgpPeeringPolicySpec {
  readonly nodeSelector?: K8sLabelSelector;
  readonly virtualRouters: readonly {
    readonly localASN: number;
    readonly exportPodCIDR?: boolean;
    readonly podIPPoolSelector?: K8sLabelSelector;
    readonly serviceSelector?: K8sLabelSelector;
    readonly serviceAdvertisements?: readonly ('LoadBalancerIP' | 'ClusterIP' | 'ExternalIP')[];
    readonly neighbors: readonly {
      /** A CIDR naming one peer, e.g. `10.0.0.1/32`. */
      readonly peerAddress: string;
      readonly peerPort?: number;
      readonly peerASN: number;
      readonly authSecretRef?: string;
      readonly eBGPMultihopTTL?: number;
      readonly connectRetryTimeSeconds?: number;
      readonly holdTimeSeconds?: number;
      readonly keepAliveTimeSeconds?: number;
      readonly gracefulRestart?: { readonly enabled: boolean; readonly restartTimeSeconds?: number };
      readonly families?: readonly { readonly afi: string; readonly safi: string }[];
      readonly advertisedPathAttributes?: readonly {
        readonly selectorType: 'PodCIDR' | 'CiliumLoadBalancerIPPool' | 'CiliumPodIPPool';
        readonly selector?: K8sLabelSelector;
        readonly communities?: CiliumBgpCommunities;
        readonly localPreference?: number;
      }[];
    }[];
  }[];
}

export interface CiliumLoadBalancerIpPoolSpec {
  readonly blocks?: readonly { readonly cidr?: string; readonly start?: string; readonly stop?: string }[];
  /** Deprecated spelling of `blocks` (Cilium issue #32693). */
  readonly cidrs?: readonly { readonly cidr?: string; readonly start?: string; readonly stop?: string }[];
  readonly serviceSelector?: K8sLabelSelector;
  readonly allowFirstLastIPs?: 'Yes' | 'No';
  readonly disabled?: boolean;
}

export const CILIUM_BGP_LOADBALANCER_CLASS = 'io.cilium/bgp-control-plane';

export const ciliumKinds = {
  clusterConfig: 'CiliumBGPClusterConfig',
  peerConfig: 'CiliumBGPPeerConfig',
  advertisement: 'CiliumBGPAdvertisement',
  nodeConfig: 'CiliumBGPNodeConfig',
  nodeConfigOverride: 'CiliumBGPNodeConfigOverride',
  loadBalancerIpPool: 'CiliumLoadBalancerIPPool',
  peeringPolicy: 'CiliumBGPPeeringPolicy',
} as const;
