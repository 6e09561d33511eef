/**
 * The v6net spec: the single source of truth for the `v6net.yaml` format. TypeScript types are derived from these
 * TypeBox schemas (`Static<>`), and `v6net schema` prints the JSON Schema built from them, so editors autocomplete
 * exactly what the loader accepts. Semantic validation (prefix syntax, overlaps, ...) happens in the loader and
 * the checks; the schema carries structure, enums, ranges and documentation.
 */
import { FormatRegistry, type Static, type TSchema, Type } from '@sinclair/typebox';
import { Ipv4Address, Ipv4Prefix, Ipv6Address, Ipv6Prefix } from '../ip/index.js';
import { CILIUM_WELL_KNOWN_COMMUNITIES } from '../k8s/schemas/cilium.js';

/**
 * `format` values of the text fields that hold addresses or prefixes. The loader parses every field carrying one of
 * these with `src/ip` (E_PREFIX_SYNTAX / E_ADDRESS_SYNTAX / E_ZONE_NOT_ALLOWED); they are also registered with
 * TypeBox's FormatRegistry so `Value.Check(SpecSchema, x)` agrees with the loader. Editors ignore unknown formats.
 */
export const IpFormat = {
  ipv6Prefix: 'ipv6-prefix',
  ipv6Address: 'ipv6-address',
  ipv6InterfaceAddress: 'ipv6-interface-address',
  ipv4Address: 'ipv4-address',
  ipv4Prefix: 'ipv4-prefix',
} as const;
export type IpFormatName = (typeof IpFormat)[keyof typeof IpFormat];

/** True if `text` is valid for the given ip format (used by FormatRegistry and the loader). */
export function isValidIpFormat(format: IpFormatName, text: string): boolean {
  switch (format) {
    case 'ipv6-prefix':
    case 'ipv6-interface-address':
      return Ipv6Prefix.tryParse(text).ok;
    case 'ipv6-address':
      return Ipv6Address.tryParse(text).ok;
    case 'ipv4-address':
      return Ipv4Address.tryParse(text).ok;
    case 'ipv4-prefix':
      return Ipv4Prefix.tryParse(text).ok;
  }
}
for (const format of Object.values(IpFormat)) {
  if (!FormatRegistry.Has(format)) FormatRegistry.Set(format, (text) => isValidIpFormat(format, text));
}

const strict = { additionalProperties: false } as const;

/** An optional field with a description. */
function opt<T extends TSchema>(schema: T) {
  return Type.Optional(schema);
}

export const AsnSchema = Type.Integer({
  minimum: 1,
  maximum: 4294967295,
  description: 'Autonomous system number (4-octet, 1..4294967295). Private ranges: 64512-65534, 4200000000-4294967294.',
});

export const Ipv6PrefixText = Type.String({
  format: IpFormat.ipv6Prefix,
  description: 'IPv6 prefix in CIDR notation, e.g. 2001:db8:1::/48',
  examples: ['2001:db8::/48'],
});
export const Ipv6AddressText = Type.String({
  format: IpFormat.ipv6Address,
  description: 'IPv6 address without prefix length, e.g. 2001:db8::1',
  examples: ['2001:db8::1'],
});
export const Ipv6InterfaceAddressText = Type.String({
  format: IpFormat.ipv6InterfaceAddress,
  description: 'IPv6 interface address with prefix length, e.g. 2001:db8::1/64',
  examples: ['2001:db8::1/64'],
});
export const Ipv4AddressText = Type.String({
  format: IpFormat.ipv4Address,
  description: 'IPv4 address in dotted-quad notation (used as a BGP router ID)',
  examples: ['10.255.0.1'],
});
export const Ipv4PrefixText = Type.String({
  format: IpFormat.ipv4Prefix,
  description: 'IPv4 prefix in CIDR notation',
  examples: ['10.255.0.0/24'],
});
export const NameText = Type.String({
  minLength: 1,
  maxLength: 63,
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  description: 'A DNS-label style name (lowercase letters, digits, dashes)',
});
export const CommunityText = Type.String({
  pattern: '^([0-9]{1,5}:[0-9]{1,5}|[0-9]{1,10})$',
  description: 'Standard BGP community (RFC 1997) as ASN:value, e.g. 65000:99',
});
export const LargeCommunityText = Type.String({
  pattern: '^[0-9]{1,10}:[0-9]{1,10}:[0-9]{1,10}$',
  description: 'Large BGP community (RFC 8092) as global:local1:local2',
});

export const LabelSelectorSchema = Type.Object(
  {
    matchLabels: opt(Type.Record(Type.String(), Type.String(), { description: 'Labels that must all match' })),
    matchExpressions: opt(
      Type.Array(
        Type.Object(
          {
            key: Type.String(),
            operator: Type.Union([
              Type.Literal('In'),
              Type.Literal('NotIn'),
              Type.Literal('Exists'),
              Type.Literal('DoesNotExist'),
            ]),
            values: opt(Type.Array(Type.String())),
          },
          strict,
        ),
      ),
    ),
  },
  { ...strict, description: 'Kubernetes label selector. An empty selector {} selects everything.' },
);

export const PlanRoleSchema = Type.Union(
  [
    Type.Literal('service-cidr'),
    Type.Literal('pod-cidr'),
    Type.Literal('lb-pool'),
    Type.Literal('node-network'),
    Type.Literal('loopbacks'),
    Type.Literal('router-uplink'),
    Type.Literal('reserved'),
  ],
  {
    description:
      'What the prefix is for: service-cidr (Kubernetes Services), pod-cidr (split into per-node PodCIDRs), lb-pool ' +
      '(Cilium LB-IPAM pool), node-network (the node segment the routers share), loopbacks (router /128s), ' +
      'router-uplink (transfer net towards upstream), reserved (kept free on purpose).',
  },
);

export const PlanEntrySchema = Type.Object(
  {
    name: NameText,
    prefix: Ipv6PrefixText,
    role: PlanRoleSchema,
    description: opt(Type.String({ description: 'Free text for the docs table (the "Use" column)' })),
    location: opt(Type.String({ description: 'Free text for the docs table (the "Location" column)' })),
    nodeMaskSize: opt(
      Type.Integer({ minimum: 1, maximum: 128, description: "pod-cidr only: prefix length of each node's PodCIDR" }),
    ),
    vlan: opt(Type.Integer({ minimum: 1, maximum: 4094, description: 'node-network / router-uplink: 802.1Q VLAN id' })),
    serviceSelector: opt(LabelSelectorSchema),
    allowFirstLastIPs: opt(
      Type.Boolean({ description: 'lb-pool only: allocate the first and last address (default true)' }),
    ),
  },
  { ...strict, description: 'One entry of the address plan.' },
);

export const NodeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 253, description: 'Kubernetes node name' }),
    role: Type.Union([Type.Literal('control-plane'), Type.Literal('worker')]),
    address: Ipv6AddressText,
    routerId: opt(Ipv4AddressText),
    podCidr: opt(
      Type.String({
        format: IpFormat.ipv6Prefix,
        description: "Pin this node's PodCIDR (otherwise allocated in list order, first free)",
      }),
    ),
    macAddress: opt(
      Type.String({
        pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$',
        description: 'MAC of the node interface (Cilium derives IPv6-only router IDs from it)',
      }),
    ),
    labels: opt(Type.Record(Type.String(), Type.String(), { description: 'Extra Kubernetes node labels' })),
  },
  strict,
);

export const ServiceAddressKind = Type.Union([
  Type.Literal('LoadBalancerIP'),
  Type.Literal('ClusterIP'),
  Type.Literal('ExternalIP'),
]);

export const CommunitiesSchema = Type.Object(
  {
    standard: opt(Type.Array(CommunityText)),
    large: opt(Type.Array(LargeCommunityText)),
    wellKnown: opt(Type.Array(Type.Union(CILIUM_WELL_KNOWN_COMMUNITIES.map((v) => Type.Literal(v))))),
  },
  strict,
);

export const AdvertisementSchema = Type.Object(
  {
    name: NameText,
    type: Type.Union([Type.Literal('Service'), Type.Literal('PodCIDR')]),
    addresses: opt(
      Type.Array(ServiceAddressKind, {
        minItems: 1,
        description: 'Service only: which Service addresses to announce',
      }),
    ),
    selector: opt(
      Type.Union([LabelSelectorSchema, Type.Literal('all')], {
        description:
          'Service only: which Services. Omitted or "all" = every Service (rendered so that it really selects).',
      }),
    ),
    aggregationLengthIPv6: opt(Type.Integer({ minimum: 0, maximum: 127 })),
    communities: opt(CommunitiesSchema),
    localPreference: opt(Type.Integer({ minimum: 0, maximum: 4294967295, description: 'Sent to iBGP peers only' })),
  },
  strict,
);

export const TimersSchema = Type.Object(
  {
    holdTimeSec: Type.Integer({ minimum: 0, maximum: 65535, description: 'BGP hold time (0 or >= 3)' }),
    keepaliveTimeSec: Type.Integer({ minimum: 0, maximum: 65535 }),
    connectRetryTimeSec: opt(Type.Integer({ minimum: 1, maximum: 65535 })),
  },
  strict,
);

export const GracefulRestartSchema = Type.Object(
  {
    enabled: Type.Boolean(),
    restartTimeSec: opt(Type.Integer({ minimum: 1, maximum: 4095 })),
  },
  strict,
);

export const ClusterBgpSchema = Type.Object(
  {
    instanceName: opt(Type.String({ description: 'BGP instance name (default instance-<asn>)' })),
    clusterConfigName: opt(NameText),
    peerConfigName: opt(NameText),
    nodeSelector: opt(LabelSelectorSchema),
    authSecretRef: opt(
      Type.String({ description: 'Name of the Secret (key "password") holding the TCP-MD5 password; omit for none' }),
    ),
    secretsNamespace: opt(
      Type.String({ description: 'Cilium bgpControlPlane.secretsNamespace (default kube-system)' }),
    ),
    timers: opt(TimersSchema),
    ebgpMultihop: opt(Type.Integer({ minimum: 1, maximum: 255 })),
    gracefulRestart: opt(GracefulRestartSchema),
    families: opt(
      Type.Array(Type.Union([Type.Literal('ipv6-unicast'), Type.Literal('ipv4-unicast')]), { minItems: 1 }),
    ),
    advertisementLabels: opt(
      Type.Record(Type.String(), Type.String(), {
        description: 'Labels put on the advertisements and matched by the peer config (default advertise: bgp)',
      }),
    ),
  },
  strict,
);

export const ClusterSchema = Type.Object(
  {
    name: NameText,
    asn: AsnSchema,
    distribution: opt(
      Type.Union([Type.Literal('kubeadm'), Type.Literal('talos'), Type.Literal('k3s'), Type.Literal('other')]),
    ),
    routerIdPool: opt(Ipv4PrefixText),
    nodes: Type.Array(NodeSchema, { minItems: 1 }),
    bgp: opt(ClusterBgpSchema),
    advertisements: opt(Type.Array(AdvertisementSchema)),
  },
  strict,
);

export const ExportToNodesSchema = Type.Union(
  [Type.Literal('default-route'), Type.Literal('none'), Type.Literal('all')],
  { description: 'What the router exports to the nodes: only ::/0 (default), nothing, or its whole table' },
);

export const RouterSchema = Type.Object(
  {
    name: NameText,
    fqdn: opt(Type.String()),
    asn: AsnSchema,
    routerId: Ipv4AddressText,
    nodeInterface: Type.Object(
      {
        name: Type.String({ description: 'Interface name, e.g. eth1' }),
        vlan: opt(Type.Integer({ minimum: 1, maximum: 4094 })),
        address: Ipv6InterfaceAddressText,
      },
      strict,
    ),
    loopback: opt(Ipv6InterfaceAddressText),
    uplinks: opt(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ description: 'Interface name, e.g. eth0' }),
            vlan: opt(Type.Integer({ minimum: 1, maximum: 4094 })),
            address: Ipv6InterfaceAddressText,
          },
          strict,
        ),
      ),
    ),
    listenRange: opt(Ipv6PrefixText),
    exportToNodes: opt(ExportToNodesSchema),
    maximumPrefix: opt(Type.Integer({ minimum: 1, maximum: 4294967295 })),
  },
  strict,
);

export const UpstreamSchema = Type.Object(
  {
    name: opt(Type.String()),
    asn: AsnSchema,
    neighbors: Type.Array(
      Type.Object(
        {
          router: NameText,
          address: Ipv6AddressText,
          description: opt(Type.String()),
        },
        strict,
      ),
      { minItems: 1 },
    ),
  },
  strict,
);

export const ServiceSchema = Type.Object(
  {
    name: NameText,
    namespace: opt(NameText),
    type: Type.Union([Type.Literal('LoadBalancer'), Type.Literal('ClusterIP'), Type.Literal('NodePort')]),
    labels: opt(Type.Record(Type.String(), Type.String())),
    loadBalancerClass: opt(Type.String()),
    requestedIPs: opt(Type.Array(Ipv6AddressText)),
    externalIPs: opt(Type.Array(Ipv6AddressText)),
    externalTrafficPolicy: opt(Type.Union([Type.Literal('Cluster'), Type.Literal('Local')])),
    internalTrafficPolicy: opt(Type.Union([Type.Literal('Cluster'), Type.Literal('Local')])),
    sharingKey: opt(Type.String()),
    ports: opt(Type.Array(Type.Integer({ minimum: 1, maximum: 65535 }))),
    endpoints: opt(Type.Array(Type.String(), { description: 'Names of the nodes running ready endpoints' })),
  },
  strict,
);

export const SpecSchema = Type.Object(
  {
    $schema: opt(Type.String()),
    version: Type.Literal(1, { description: 'Spec format version' }),
    name: NameText,
    description: opt(Type.String()),
    aggregate: Ipv6PrefixText,
    plan: Type.Array(PlanEntrySchema, { minItems: 1 }),
    cluster: ClusterSchema,
    routers: Type.Array(RouterSchema, { minItems: 1 }),
    upstream: opt(UpstreamSchema),
    workloads: opt(Type.Object({ services: opt(Type.Array(ServiceSchema)) }, strict)),
  },
  {
    ...strict,
    $id: 'https://v6net.dev/schema/v6net.schema.json',
    title: 'v6net network spec',
    description: 'An IPv6-only Kubernetes network: address plan, Cilium BGP cluster, VyOS routers and upstream.',
  },
);

export type Spec = Static<typeof SpecSchema>;
export type PlanEntry = Static<typeof PlanEntrySchema>;
export type PlanRole = Static<typeof PlanRoleSchema>;
export type NodeSpec = Static<typeof NodeSchema>;
export type ClusterSpec = Static<typeof ClusterSchema>;
export type ClusterBgpSpec = Static<typeof ClusterBgpSchema>;
export type AdvertisementSpec = Static<typeof AdvertisementSchema>;
export type RouterSpec = Static<typeof RouterSchema>;
export type UpstreamSpec = Static<typeof UpstreamSchema>;
export type ServiceSpec = Static<typeof ServiceSchema>;
export type LabelSelector = Static<typeof LabelSelectorSchema>;
export type Communities = Static<typeof CommunitiesSchema>;
export type ExportToNodes = Static<typeof ExportToNodesSchema>;
