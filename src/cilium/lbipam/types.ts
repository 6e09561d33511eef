/**
 * LB-IPAM (reference §7) vocabulary: the operator options that change its behaviour, the annotations it reads, the
 * condition types it writes, and the result of a run (each Service's ingress and condition, each pool's conditions).
 */
import type { K8sCondition } from '../../k8s/objects-core.js';

export interface LbIpamOptions {
  /** The cluster's `enable-ipv4` (family selection, §7.3). */
  readonly ipv4Enabled: boolean;
  /** The cluster's `enable-ipv6`. */
  readonly ipv6Enabled: boolean;
  /** `--default-lb-service-ipam` (§7.1): who serves LoadBalancer Services without a class. */
  readonly defaultLbServiceIpam: 'lbipam' | 'nodeipam' | 'none';
  /** BGP control plane enabled: the class `io.cilium/bgp-control-plane` is LB-IPAM's (§7.1). */
  readonly bgpControlPlaneEnabled: boolean;
  /** L2 announcements enabled: the class `io.cilium/l2-announcer` is LB-IPAM's (§7.1). */
  readonly l2AnnouncementsEnabled: boolean;
}

/** The v6net network is IPv6-only (the rendered Helm values set ipv4.enabled=false, ipv6.enabled=true). */
export const v6netLbIpamOptions: LbIpamOptions = {
  ipv4Enabled: false,
  ipv6Enabled: true,
  defaultLbServiceIpam: 'lbipam',
  bgpControlPlaneEnabled: true,
  l2AnnouncementsEnabled: false,
};

/** Service annotations LB-IPAM reads (§7.2, §7.5): the current key first, then its alias. */
export const LbIpamAnnotation = {
  ips: ['lbipam.cilium.io/ips', 'io.cilium/lb-ipam-ips'],
  sharingKey: ['lbipam.cilium.io/sharing-key', 'io.cilium/lb-ipam-sharing-key'],
  sharingCrossNamespace: ['lbipam.cilium.io/sharing-cross-namespace', 'io.cilium/lb-ipam-sharing-cross-namespace'],
} as const;

export const LB_CLASS_BGP = 'io.cilium/bgp-control-plane';
export const LB_CLASS_L2 = 'io.cilium/l2-announcer';

/** Condition types (§7.6). */
export const LbIpamCondition = {
  requestSatisfied: 'cilium.io/IPAMRequestSatisfied',
  ipsTotal: 'cilium.io/IPsTotal',
  ipsAvailable: 'cilium.io/IPsAvailable',
  ipsUsed: 'cilium.io/IPsUsed',
  poolConflict: 'cilium.io/PoolConflict',
} as const;

/** Reasons of an unsatisfied `cilium.io/IPAMRequestSatisfied` condition (§7.2, §7.4). */
export type UnsatisfiedReason =
  | 'no_pool'
  | 'pool_selector_mismatch'
  | 'already_allocated'
  | 'already_allocated_incompatible_service'
  | 'out_of_ips';

export interface LbIpamServiceResult {
  readonly namespace: string;
  readonly name: string;
  /** LB-IPAM serves this Service (§7.1); when false, its status is left as it was. */
  readonly responsible: boolean;
  /** `status.loadBalancer.ingress[*].ip`, in order. */
  readonly ingress: readonly string[];
  /** `cilium.io/IPAMRequestSatisfied`, when LB-IPAM is responsible. */
  readonly condition?: K8sCondition;
}

export interface LbIpamPoolResult {
  readonly name: string;
  readonly conflicting: boolean;
  readonly disabled: boolean;
  /** In the order Cilium first sets them: PoolConflict, IPsTotal, IPsAvailable, IPsUsed. */
  readonly conditions: readonly K8sCondition[];
}

/** Something LB-IPAM logs (an unparsable requested IP or block); never fatal. */
export interface LbIpamProblem {
  readonly code: 'E_LBIPAM_REQUESTED_IP' | 'E_LBIPAM_BLOCK' | 'E_LBIPAM_SELECTOR';
  readonly object: string;
  readonly message: string;
}

export interface LbIpamResult {
  /** Every Service given, in input order. */
  readonly services: readonly LbIpamServiceResult[];
  /** Every pool, in input order. */
  readonly pools: readonly LbIpamPoolResult[];
  readonly problems: readonly LbIpamProblem[];
}
