/**
 * Defaults the planner fills in. They follow Cilium's own defaults where Cilium has one (CiliumBGPPeerConfig
 * timers 90/30/120, ebgpMultihop 1, graceful restart off with 120 s, kube-system secrets namespace), so an
 * omitted field renders to what Cilium would do anyway.
 */
import type { LabelSelector } from './schema.js';

export const BGP_DEFAULTS = {
  clusterConfigName: 'cilium-bgp',
  peerConfigName: 'cilium-peer',
  secretsNamespace: 'kube-system',
  holdTimeSec: 90,
  keepaliveTimeSec: 30,
  connectRetryTimeSec: 120,
  ebgpMultihop: 1,
  gracefulRestartEnabled: false,
  gracefulRestartTimeSec: 120,
  families: ['ipv6-unicast'] as const,
  advertisementLabels: { advertise: 'bgp' } as Readonly<Record<string, string>>,
} as const;

/** BGP instance name of a cluster ASN (`instance-65500`), as in the seed. */
export function defaultInstanceName(asn: number): string {
  return `instance-${asn}`;
}

/** kube-controller-manager's --node-cidr-mask-size-ipv6 default. */
export const DEFAULT_NODE_MASK_SIZE_IPV6 = 64;

/** What a router exports to the nodes when the spec does not say. */
export const DEFAULT_EXPORT_TO_NODES = 'default-route' as const;

/** LB-IPAM hands out the first and last address of a CIDR unless told not to (current Cilium: unset = Yes). */
export const DEFAULT_ALLOW_FIRST_LAST_IPS = true;

/** Service addresses a Service advertisement announces when `addresses` is given (it is required). */
export const ALL_SERVICE_ADDRESSES = ['LoadBalancerIP', 'ClusterIP', 'ExternalIP'] as const;

/**
 * Headroom in the derived maximum-prefix for Services created outside the spec: each Service address is one /128
 * path per node session, and clusters grow Services without the spec knowing.
 */
export const MAXIMUM_PREFIX_SERVICE_HEADROOM = 1000;

/** Labels every Node carries, before the spec's own labels (which may add to or override them). */
export function defaultNodeLabels(name: string, role: 'control-plane' | 'worker'): Record<string, string> {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' };
  if (role === 'control-plane') labels['node-role.kubernetes.io/control-plane'] = '';
  return labels;
}

/** The selector meaning "every Service". */
export const SELECT_ALL: LabelSelector | 'all' = 'all';
