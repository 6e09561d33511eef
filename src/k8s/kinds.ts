/**
 * Whole typed objects of every kind v6net reads, as the decoder (`decode.ts`) returns them: the Cilium BGP v2 kinds
 * (either served version), the LB-IPAM pool, the v1 peering policy, CiliumNode, and the core kinds.
 */
import type { CiliumNode, FullObjectMeta, K8sEndpointSlice, K8sNode, K8sSecret, K8sService } from './objects-core.js';
import type {
  CiliumApiVersion,
  CiliumBgpAdvertisementSpec,
  CiliumBgpClusterConfigSpec,
  CiliumBgpNodeConfigOverrideSpec,
  CiliumBgpNodeConfigSpec,
  CiliumBgpPeerConfigSpec,
  CiliumBgpPeeringPolicySpec,
  CiliumLoadBalancerIpPoolSpec,
} from './objects.js';

export interface CiliumObject<K extends string, S> {
  readonly apiVersion: CiliumApiVersion;
  readonly kind: K;
  readonly metadata: FullObjectMeta;
  readonly spec: S;
  readonly status?: unknown;
}

export type CiliumBgpClusterConfig = CiliumObject<'CiliumBGPClusterConfig', CiliumBgpClusterConfigSpec>;
export type CiliumBgpPeerConfig = CiliumObject<'CiliumBGPPeerConfig', CiliumBgpPeerConfigSpec>;
export type CiliumBgpAdvertisement = CiliumObject<'CiliumBGPAdvertisement', CiliumBgpAdvertisementSpec>;
export type CiliumBgpNodeConfigOverride = CiliumObject<'CiliumBGPNodeConfigOverride', CiliumBgpNodeConfigOverrideSpec>;
export type CiliumBgpNodeConfig = CiliumObject<'CiliumBGPNodeConfig', CiliumBgpNodeConfigSpec>;
export type CiliumLoadBalancerIpPool = CiliumObject<'CiliumLoadBalancerIPPool', CiliumLoadBalancerIpPoolSpec>;
export type CiliumBgpPeeringPolicy = CiliumObject<'CiliumBGPPeeringPolicy', CiliumBgpPeeringPolicySpec>;

/** Every kind the decoder types, by kind name. */
export interface DecodedKinds {
  readonly CiliumBGPClusterConfig: CiliumBgpClusterConfig;
  readonly CiliumBGPPeerConfig: CiliumBgpPeerConfig;
  readonly CiliumBGPAdvertisement: CiliumBgpAdvertisement;
  readonly CiliumBGPNodeConfigOverride: CiliumBgpNodeConfigOverride;
  readonly CiliumBGPNodeConfig: CiliumBgpNodeConfig;
  readonly CiliumLoadBalancerIPPool: CiliumLoadBalancerIpPool;
  readonly CiliumBGPPeeringPolicy: CiliumBgpPeeringPolicy;
  readonly CiliumNode: CiliumNode;
  readonly Node: K8sNode;
  readonly Service: K8sService;
  readonly EndpointSlice: K8sEndpointSlice;
  readonly Secret: K8sSecret;
}
export type DecodedKindName = keyof DecodedKinds;
