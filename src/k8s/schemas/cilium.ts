/**
 * Structural schemas of the Cilium kinds v6net reads, per served version (`cilium.io/v2` and `cilium.io/v2alpha1`),
 * following the CRDs: types, enums, ranges, required fields. Sources: shared/reference/cilium-bgp-semantics.md §1
 * (every field, default and validation) and §1.0 (LabelSelector). CEL rules that relate fields (e.g. keepalive ≤
 * hold) are semantic and live with the checks and `src/cilium`, not here.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { closed, Int32, K8sFormat, LabelSelectorSchema, objectSchema, oneOf, opt, Uint32Asn } from './common.js';

export type CiliumVersion = 'v2' | 'v2alpha1';

const name255 = Type.String({ minLength: 1, maxLength: 255 });
const port = Type.Integer({ minimum: 1, maximum: 65535 });
const ipText = Type.String({ format: K8sFormat.ipAddress });

function peerConfigRef(v: CiliumVersion) {
  return v === 'v2'
    ? closed({ name: Type.String() })
    : closed({ name: Type.String(), group: opt(Type.String()), kind: opt(Type.String()) });
}

const autoDiscovery = closed({
  mode: oneOf(['DefaultGateway', 'Unnumbered'] as const),
  defaultGateway: opt(closed({ addressFamily: oneOf(['ipv4', 'ipv6'] as const) })),
  unnumbered: opt(closed({ interface: name255 })),
});

/** §1.1 CiliumBGPClusterConfig. */
export function clusterConfigSpec(v: CiliumVersion): TSchema {
  const peer = closed({
    name: name255,
    peerAddress: opt(ipText),
    peerASN: opt(Uint32Asn(0)),
    peerConfigRef: opt(peerConfigRef(v)),
    ...(v === 'v2' ? { autoDiscovery: opt(autoDiscovery), peerInterface: opt(name255) } : {}),
  });
  return closed({
    nodeSelector: opt(LabelSelectorSchema),
    bgpInstances: Type.Array(
      closed({
        name: name255,
        localASN: opt(Uint32Asn(1)),
        localPort: opt(port),
        peers: opt(Type.Array(peer)),
      }),
      { minItems: 1, maxItems: 16 },
    ),
  });
}

/** §1.2 CiliumBGPPeerConfig. */
export function peerConfigSpec(v: CiliumVersion): TSchema {
  return closed({
    transport: opt(
      closed({
        peerPort: opt(port),
        ...(v === 'v2' ? { sourceInterface: opt(Type.String()) } : { localPort: opt(port) }),
      }),
    ),
    timers: opt(
      closed({
        connectRetryTimeSeconds: opt(Type.Integer({ minimum: 1, maximum: 2147483647 })),
        holdTimeSeconds: opt(Type.Integer({ minimum: 3, maximum: 65535 })),
        keepAliveTimeSeconds: opt(Type.Integer({ minimum: 1, maximum: 65535 })),
      }),
    ),
    authSecretRef: opt(Type.String()),
    gracefulRestart: opt(
      closed({
        enabled: Type.Boolean(),
        restartTimeSeconds: opt(Type.Integer({ minimum: 1, maximum: 4095 })),
      }),
    ),
    ebgpMultihop: opt(Type.Integer({ minimum: 1, maximum: 255 })),
    families: opt(
      Type.Array(
        closed({
          afi: oneOf(['ipv4', 'ipv6', 'l2vpn', 'ls', 'opaque'] as const),
          safi: oneOf([
            'unicast',
            'multicast',
            'mpls_label',
            'encapsulation',
            'vpls',
            'evpn',
            'ls',
            'sr_policy',
            'mup',
            'mpls_vpn',
            'mpls_vpn_multicast',
            'route_target_constraints',
            'flowspec_unicast',
            'flowspec_vpn',
            'key_value',
          ] as const),
          advertisements: opt(LabelSelectorSchema),
        }),
      ),
    ),
  });
}

/** Cilium's well-known community names (reference §1.3), in the CRD's order. */
export const CILIUM_WELL_KNOWN_COMMUNITIES = [
  'internet',
  'planned-shut',
  'accept-own',
  'route-filter-translated-v4',
  'route-filter-v4',
  'route-filter-translated-v6',
  'route-filter-v6',
  'llgr-stale',
  'no-llgr',
  'blackhole',
  'no-export',
  'no-advertise',
  'no-export-subconfed',
  'no-peer',
] as const;

const pathAttributes = closed({
  communities: opt(
    closed({
      standard: opt(Type.Array(Type.String({ format: K8sFormat.standardCommunity }))),
      wellKnown: opt(Type.Array(oneOf(CILIUM_WELL_KNOWN_COMMUNITIES))),
      large: opt(Type.Array(Type.String({ format: K8sFormat.largeCommunity }))),
    }),
  ),
  localPreference: opt(Type.Integer()),
});

/**
 * §1.3 CiliumBGPAdvertisement. The `advertisementType` is read as text: consumers must tolerate types added by
 * newer releases (Interface), so an unknown value is a finding of the checks, not a decode error.
 */
export function advertisementSpec(_v: CiliumVersion): TSchema {
  return closed({
    advertisements: Type.Array(
      closed({
        advertisementType: Type.String({ minLength: 1 }),
        service: opt(
          closed({
            addresses: Type.Array(oneOf(['LoadBalancerIP', 'ClusterIP', 'ExternalIP'] as const), { minItems: 1 }),
            aggregationLengthIPv4: opt(Type.Integer({ minimum: 0, maximum: 31 })),
            aggregationLengthIPv6: opt(Type.Integer({ minimum: 0, maximum: 127 })),
          }),
        ),
        interface: opt(closed({ name: Type.String({ minLength: 1 }) })),
        selector: opt(LabelSelectorSchema),
        attributes: opt(pathAttributes),
      }),
    ),
  });
}

/** §1.5 CiliumBGPNodeConfigOverride. */
export function nodeConfigOverrideSpec(v: CiliumVersion): TSchema {
  return closed({
    bgpInstances: Type.Array(
      closed({
        name: name255,
        routerID: opt(Type.String({ format: K8sFormat.ipv4Address })),
        localPort: opt(Int32()),
        localASN: opt(Uint32Asn(1)),
        peers: opt(
          Type.Array(
            closed({
              name: name255,
              localAddress: opt(ipText),
              localPort: opt(Int32()),
              ...(v === 'v2' ? { peerInterface: opt(name255) } : {}),
            }),
          ),
        ),
      }),
      { minItems: 1 },
    ),
  });
}

/** §1.4 CiliumBGPNodeConfig (written by the operator; read when a repo or a live cluster carries them). */
export function nodeConfigSpec(v: CiliumVersion): TSchema {
  return closed({
    bgpInstances: Type.Array(
      closed({
        name: name255,
        localASN: opt(Uint32Asn(1)),
        routerID: opt(Type.String({ format: K8sFormat.ipv4Address })),
        localPort: opt(port),
        peers: opt(
          Type.Array(
            closed({
              name: name255,
              peerAddress: opt(ipText),
              peerASN: opt(Uint32Asn(0)),
              localAddress: opt(ipText),
              peerConfigRef: opt(peerConfigRef(v)),
              ...(v === 'v2' ? { autoDiscovery: opt(autoDiscovery), peerInterface: opt(name255) } : {}),
            }),
          ),
        ),
      }),
    ),
  });
}

const ipBlock = closed({
  cidr: opt(Type.String({ format: K8sFormat.cidr })),
  start: opt(Type.String({ format: K8sFormat.ipAddressNoZone })),
  stop: opt(Type.String({ format: K8sFormat.ipAddressNoZone })),
});

/** §1.6 CiliumLoadBalancerIPPool (`cidrs` is the deprecated spelling of `blocks`, Cilium issue #32693). */
export function loadBalancerIpPoolSpec(_v: CiliumVersion): TSchema {
  return closed({
    blocks: opt(Type.Array(ipBlock)),
    cidrs: opt(Type.Array(ipBlock)),
    serviceSelector: opt(LabelSelectorSchema),
    allowFirstLastIPs: opt(oneOf(['Yes', 'No'] as const)),
    disabled: opt(Type.Boolean()),
  });
}

/**
 * The v1 CiliumBGPPeeringPolicy (`cilium.io/v2alpha1` only; removed in Cilium 1.19). Neighbors name their peer as a
 * CIDR (`10.0.0.1/32`); path attributes select by `PodCIDR` or `CiliumLoadBalancerIPPool`.
 */
export const peeringPolicySpec: TSchema = closed({
  nodeSelector: opt(LabelSelectorSchema),
  virtualRouters: Type.Array(
    closed({
      localASN: Uint32Asn(1),
      exportPodCIDR: opt(Type.Boolean()),
      podIPPoolSelector: opt(LabelSelectorSchema),
      serviceSelector: opt(LabelSelectorSchema),
      serviceAdvertisements: opt(Type.Array(oneOf(['LoadBalancerIP', 'ClusterIP', 'ExternalIP'] as const))),
      neighbors: Type.Array(
        closed({
          peerAddress: Type.String({ format: K8sFormat.cidr }),
          peerPort: opt(port),
          peerASN: Uint32Asn(0),
          authSecretRef: opt(Type.String()),
          eBGPMultihopTTL: opt(Type.Integer({ minimum: 1, maximum: 255 })),
          connectRetryTimeSeconds: opt(Type.Integer({ minimum: 1, maximum: 2147483647 })),
          holdTimeSeconds: opt(Type.Integer({ minimum: 3, maximum: 65535 })),
          keepAliveTimeSeconds: opt(Type.Integer({ minimum: 1, maximum: 65535 })),
          gracefulRestart: opt(
            closed({ enabled: Type.Boolean(), restartTimeSeconds: opt(Type.Integer({ minimum: 1, maximum: 4095 })) }),
          ),
          families: opt(Type.Array(closed({ afi: Type.String(), safi: Type.String() }))),
          advertisedPathAttributes: opt(
            Type.Array(
              closed({
                selectorType: oneOf(['PodCIDR', 'CiliumLoadBalancerIPPool', 'CiliumPodIPPool'] as const),
                selector: opt(LabelSelectorSchema),
                communities: opt(
                  closed({
                    standard: opt(Type.Array(Type.String({ format: K8sFormat.standardCommunity }))),
                    wellKnown: opt(Type.Array(oneOf(CILIUM_WELL_KNOWN_COMMUNITIES))),
                    large: opt(Type.Array(Type.String({ format: K8sFormat.largeCommunity }))),
                  }),
                ),
                localPreference: opt(Type.Integer()),
              }),
            ),
          ),
        }),
      ),
    }),
    { minItems: 1 },
  ),
});

/** CiliumNode (`cilium.io/v2`): the fields the BGP semantics read. */
export const ciliumNodeSpec: TSchema = Type.Object(
  {
    addresses: opt(Type.Array(Type.Object({ type: Type.String(), ip: Type.String() }))),
    ipam: opt(Type.Object({ podCIDRs: opt(Type.Array(Type.String({ format: K8sFormat.cidr }))) })),
  },
  { additionalProperties: true },
);

/** Which Cilium kinds exist in which version (the API server refuses the rest). */
export const ciliumKindVersions: Readonly<Record<string, readonly CiliumVersion[]>> = {
  CiliumBGPClusterConfig: ['v2', 'v2alpha1'],
  CiliumBGPPeerConfig: ['v2', 'v2alpha1'],
  CiliumBGPAdvertisement: ['v2', 'v2alpha1'],
  CiliumBGPNodeConfig: ['v2', 'v2alpha1'],
  CiliumBGPNodeConfigOverride: ['v2', 'v2alpha1'],
  CiliumLoadBalancerIPPool: ['v2', 'v2alpha1'],
  CiliumBGPPeeringPolicy: ['v2alpha1'],
  CiliumNode: ['v2'],
};

/** The schema of a whole Cilium object of `kind` at `version`. */
export function ciliumObjectSchema(kind: string, v: CiliumVersion): TSchema | undefined {
  switch (kind) {
    case 'CiliumBGPClusterConfig':
      return objectSchema({ spec: clusterConfigSpec(v), status: Type.Unknown() });
    case 'CiliumBGPPeerConfig':
      return objectSchema({ spec: peerConfigSpec(v), status: Type.Unknown() });
    case 'CiliumBGPAdvertisement':
      return objectSchema({ spec: advertisementSpec(v) });
    case 'CiliumBGPNodeConfigOverride':
      return objectSchema({ spec: nodeConfigOverrideSpec(v) });
    case 'CiliumBGPNodeConfig':
      return objectSchema({ spec: nodeConfigSpec(v), status: Type.Unknown() });
    case 'CiliumLoadBalancerIPPool':
      return objectSchema({ spec: loadBalancerIpPoolSpec(v), status: Type.Unknown() });
    case 'CiliumBGPPeeringPolicy':
      return objectSchema({ spec: peeringPolicySpec });
    case 'CiliumNode':
      return objectSchema({ spec: ciliumNodeSpec, status: Type.Unknown() });
    default:
      return undefined;
  }
}
