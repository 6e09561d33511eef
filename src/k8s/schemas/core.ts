/**
 * Structural schemas of the core Kubernetes kinds the Cilium semantics read (core/v1 Node, Service, Secret;
 * discovery.k8s.io/v1 EndpointSlice), lenient about fields v6net does not model: those kinds carry many, and a
 * manifest exported from a live cluster has all of them.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { K8sFormat, objectSchema, oneOf, open, opt, StringMap } from './common.js';

const trafficPolicy = oneOf(['Cluster', 'Local'] as const);
const ipFamily = oneOf(['IPv4', 'IPv6'] as const);

export const nodeSchema: TSchema = objectSchema({
  spec: opt(
    open({
      podCIDR: opt(Type.String({ format: K8sFormat.cidr })),
      podCIDRs: opt(Type.Array(Type.String({ format: K8sFormat.cidr }))),
    }),
  ),
  status: open({
    addresses: opt(Type.Array(open({ type: Type.String(), address: Type.String() }))),
  }),
});

export const serviceSchema: TSchema = objectSchema({
  spec: opt(
    open({
      type: opt(oneOf(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const)),
      clusterIP: opt(Type.String()),
      clusterIPs: opt(Type.Array(Type.String())),
      externalIPs: opt(Type.Array(Type.String())),
      loadBalancerIP: opt(Type.String()),
      loadBalancerClass: opt(Type.String()),
      ipFamilies: opt(Type.Array(ipFamily)),
      ipFamilyPolicy: opt(oneOf(['SingleStack', 'PreferDualStack', 'RequireDualStack'] as const)),
      externalTrafficPolicy: opt(trafficPolicy),
      internalTrafficPolicy: opt(trafficPolicy),
      ports: opt(
        Type.Array(
          open({
            name: opt(Type.String()),
            port: Type.Integer({ minimum: 1, maximum: 65535 }),
            protocol: opt(oneOf(['TCP', 'UDP', 'SCTP'] as const)),
            targetPort: opt(Type.Union([Type.Integer(), Type.String()])),
          }),
        ),
      ),
      selector: opt(StringMap),
    }),
  ),
  status: open({
    loadBalancer: opt(
      open({ ingress: opt(Type.Array(open({ ip: opt(Type.String()), hostname: opt(Type.String()) }))) }),
    ),
  }),
});

export const endpointSliceSchema: TSchema = objectSchema({
  extra: {
    addressType: opt(oneOf(['IPv4', 'IPv6', 'FQDN'] as const)),
    endpoints: opt(
      Type.Array(
        open({
          addresses: Type.Array(Type.String()),
          conditions: opt(
            open({ ready: opt(Type.Boolean()), serving: opt(Type.Boolean()), terminating: opt(Type.Boolean()) }),
          ),
          nodeName: opt(Type.String()),
        }),
      ),
    ),
  },
});

export const secretSchema: TSchema = objectSchema({
  extra: { data: opt(StringMap), stringData: opt(StringMap), type: opt(Type.String()) },
});
