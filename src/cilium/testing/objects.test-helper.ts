/**
 * Terse builders of the Kubernetes and Cilium objects the semantics read, for table-driven tests. They produce the
 * same typed shapes the decoder returns (`src/k8s/kinds.ts`).
 */
import type {
  CiliumBgpAdvertisement,
  CiliumBgpClusterConfig,
  CiliumBgpNodeConfigOverride,
  CiliumBgpPeerConfig,
  CiliumLoadBalancerIpPool,
} from '../../k8s/kinds.js';
import type {
  FullObjectMeta,
  K8sEndpoint,
  K8sEndpointSlice,
  K8sNode,
  K8sSecret,
  K8sService,
  K8sServiceSpec,
} from '../../k8s/objects-core.js';
import type {
  CiliumBgpAdvertisementEntry,
  CiliumBgpClusterConfigSpec,
  CiliumBgpNodeConfigOverrideSpec,
  CiliumBgpPeerConfigSpec,
  CiliumLoadBalancerIpPoolSpec,
} from '../../k8s/objects.js';

type Meta = Partial<FullObjectMeta>;

export function pool(name: string, spec: CiliumLoadBalancerIpPoolSpec, meta: Meta = {}): CiliumLoadBalancerIpPool {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumLoadBalancerIPPool', metadata: { name, ...meta }, spec };
}

export function service(
  name: string,
  spec: Partial<K8sServiceSpec> = {},
  meta: Meta = {},
  status?: K8sService['status'],
): K8sService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', ...meta },
    spec: { type: 'LoadBalancer', ...spec },
    ...(status !== undefined ? { status } : {}),
  };
}

export function lbStatus(...ips: string[]): K8sService['status'] {
  return { loadBalancer: { ingress: ips.map((ip) => ({ ip })) } };
}

export function node(
  name: string,
  options: { labels?: Record<string, string>; addresses?: string[]; podCIDRs?: string[] } = {},
): K8sNode {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: options.labels ?? { 'kubernetes.io/os': 'linux' } },
    spec: { podCIDRs: options.podCIDRs ?? [] },
    status: { addresses: (options.addresses ?? []).map((address) => ({ type: 'InternalIP', address })) },
  };
}

export function clusterConfig(name: string, spec: CiliumBgpClusterConfigSpec, meta: Meta = {}): CiliumBgpClusterConfig {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumBGPClusterConfig', metadata: { name, ...meta }, spec };
}

export function peerConfig(name: string, spec: CiliumBgpPeerConfigSpec = {}, meta: Meta = {}): CiliumBgpPeerConfig {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumBGPPeerConfig', metadata: { name, ...meta }, spec };
}

export function advertisement(
  name: string,
  labels: Record<string, string>,
  advertisements: CiliumBgpAdvertisementEntry[],
): CiliumBgpAdvertisement {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumBGPAdvertisement',
    metadata: { name, labels },
    spec: { advertisements },
  };
}

export function override(name: string, spec: CiliumBgpNodeConfigOverrideSpec): CiliumBgpNodeConfigOverride {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumBGPNodeConfigOverride', metadata: { name }, spec };
}

export function secret(name: string, password: string | undefined, namespace = 'kube-system'): K8sSecret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    ...(password !== undefined ? { data: { password: Buffer.from(password).toString('base64') } } : { data: {} }),
  };
}

export function endpointSlice(
  serviceName: string,
  endpoints: K8sEndpoint[],
  namespace = 'default',
  sliceName = `${serviceName}-x`,
): K8sEndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: sliceName, namespace, labels: { 'kubernetes.io/service-name': serviceName } },
    addressType: 'IPv6',
    endpoints,
  };
}
