/**
 * Core Kubernetes objects (Node, Service, EndpointSlice, Secret) and CiliumNode as plain data: only the fields the
 * Cilium semantics in `src/cilium` read are typed. Shapes follow the Kubernetes API (core/v1, discovery.k8s.io/v1)
 * and Cilium's `cilium.io/v2` CiliumNode.
 */
import type { K8sObject, ObjectMeta } from './objects.js';

/** ObjectMeta with the server-set fields semantics need (ownership, age, generation). */
export interface FullObjectMeta extends ObjectMeta {
  readonly uid?: string;
  /** RFC 3339 text, e.g. `2026-01-01T00:00:00Z`. */
  readonly creationTimestamp?: string;
  readonly generation?: number;
  readonly ownerReferences?: readonly OwnerReference[];
}

export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
}

/** metav1.Condition. */
export interface K8sCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  readonly observedGeneration?: number;
}

export interface K8sNodeAddress {
  /** `InternalIP`, `ExternalIP`, `Hostname`, … */
  readonly type: string;
  readonly address: string;
}

export interface K8sNode extends K8sObject<{ readonly podCIDR?: string; readonly podCIDRs?: readonly string[] }> {
  readonly kind: 'Node';
  readonly metadata: FullObjectMeta;
  readonly status?: { readonly addresses?: readonly K8sNodeAddress[] };
}

export interface K8sServicePort {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  readonly targetPort?: number | string;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type TrafficPolicy = 'Cluster' | 'Local';

export interface K8sServiceSpec {
  readonly type?: ServiceType;
  readonly clusterIP?: string;
  readonly clusterIPs?: readonly string[];
  readonly externalIPs?: readonly string[];
  /** Deprecated single requested LB IP. */
  readonly loadBalancerIP?: string;
  readonly loadBalancerClass?: string;
  readonly ipFamilies?: readonly ('IPv4' | 'IPv6')[];
  readonly ipFamilyPolicy?: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
  readonly externalTrafficPolicy?: TrafficPolicy;
  readonly internalTrafficPolicy?: TrafficPolicy;
  readonly ports?: readonly K8sServicePort[];
  /** Pod selector. */
  readonly selector?: Readonly<Record<string, string>>;
}

export interface K8sLoadBalancerIngress {
  readonly ip?: string;
  readonly hostname?: string;
}

export interface K8sServiceStatus {
  readonly loadBalancer?: { readonly ingress?: readonly K8sLoadBalancerIngress[] };
  readonly conditions?: readonly K8sCondition[];
}

export interface K8sService extends K8sObject<K8sServiceSpec> {
  readonly kind: 'Service';
  readonly metadata: FullObjectMeta;
  readonly spec: K8sServiceSpec;
  readonly status?: K8sServiceStatus;
}

export interface K8sEndpoint {
  readonly addresses: readonly string[];
  readonly conditions?: { readonly ready?: boolean; readonly serving?: boolean; readonly terminating?: boolean };
  readonly nodeName?: string;
}

/** discovery.k8s.io/v1 EndpointSlice; the Service is named by the `kubernetes.io/service-name` label. */
export interface K8sEndpointSlice extends K8sObject {
  readonly kind: 'EndpointSlice';
  readonly metadata: FullObjectMeta;
  readonly addressType?: 'IPv4' | 'IPv6' | 'FQDN';
  readonly endpoints?: readonly K8sEndpoint[];
}

export const ENDPOINT_SLICE_SERVICE_LABEL = 'kubernetes.io/service-name';

export interface K8sSecret extends K8sObject {
  readonly kind: 'Secret';
  readonly metadata: FullObjectMeta;
  /** Base64 values, as the API server returns them. */
  readonly data?: Readonly<Record<string, string>>;
  /** Plain values, as written in manifests (the API server merges them into `data`). */
  readonly stringData?: Readonly<Record<string, string>>;
}

export interface CiliumNodeSpec {
  readonly addresses?: readonly { readonly type: string; readonly ip: string }[];
  readonly ipam?: { readonly podCIDRs?: readonly string[] };
}

export interface CiliumNode extends K8sObject<CiliumNodeSpec> {
  readonly kind: 'CiliumNode';
  readonly metadata: FullObjectMeta;
  readonly spec: CiliumNodeSpec;
}
