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

export interface CiliumBgpPeer {
  readonly name: string;
  readonly peerASN?: number;
  readonly peerAddress?: string;
  readonly peerConfigRef?: { readonly name: string; readonly group?: string; readonly kind?: string };
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
    readonly addresses: readonly string[];
    readonly aggregationLengthIPv4?: number;
    readonly aggregationLengthIPv6?: number;
  };
  readonly selector?: K8sLabelSelector;
  readonly attributes?: {
    readonly communities?: {
      readonly standard?: readonly string[];
      readonly large?: readonly string[];
      readonly wellKnown?: readonly string[];
    };
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
    readonly peers?: readonly { readonly name: string; readonly localAddress?: string }[];
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
