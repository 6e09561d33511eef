/**
 * Schema pieces shared by the Kubernetes kinds v6net reads: metadata, label selectors and the `format`s whose text
 * the decoder parses with `src/ip` (reference: Kubernetes API conventions; Cilium's slim LabelSelector).
 */
import { type TProperties, type TSchema, Type } from '@sinclair/typebox';

/** `format` names the decoder checks itself (the API server checks the same with its regexes). */
export const K8sFormat = {
  /** An IPv4 or IPv6 address; a `%zone` suffix is allowed (Cilium's peerAddress pattern allows it). */
  ipAddress: 'k8s-ip-address',
  /** An IPv4 or IPv6 address without zone. */
  ipAddressNoZone: 'k8s-ip-address-no-zone',
  /** An IPv4 address (BGP router ID). */
  ipv4Address: 'k8s-ipv4-address',
  /** An IPv4 or IPv6 prefix in CIDR notation. */
  cidr: 'k8s-cidr',
  /** RFC 1997 community: `asn:value` (each 0..65535) or one decimal 0..4294967295. */
  standardCommunity: 'k8s-standard-community',
  /** RFC 8092 large community `global:local1:local2`, each 0..4294967295. */
  largeCommunity: 'k8s-large-community',
} as const;
export type K8sFormatName = (typeof K8sFormat)[keyof typeof K8sFormat];

/** A map that tolerates fields v6net does not model (core kinds carry many). */
export function open<T extends TProperties>(properties: T) {
  return Type.Object(properties, { additionalProperties: true });
}

/** A map whose unknown fields are reported (CRD structural schemas prune or refuse them). */
export function closed<T extends TProperties>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

export function opt<T extends TSchema>(schema: T) {
  return Type.Optional(schema);
}

export function oneOf<const T extends readonly string[]>(values: T) {
  return Type.Union(values.map((v) => Type.Literal(v)));
}

export const StringMap = Type.Record(Type.String(), Type.String());

export const ObjectMetaSchema = open({
  name: opt(Type.String()),
  namespace: opt(Type.String()),
  labels: opt(StringMap),
  annotations: opt(StringMap),
  uid: opt(Type.String()),
  creationTimestamp: opt(Type.String()),
  generation: opt(Type.Integer()),
  ownerReferences: opt(
    Type.Array(
      open({
        apiVersion: Type.String(),
        kind: Type.String(),
        name: Type.String(),
        uid: Type.String(),
        controller: opt(Type.Boolean()),
      }),
    ),
  ),
});

export const LabelSelectorSchema = closed({
  matchLabels: opt(StringMap),
  matchExpressions: opt(
    Type.Array(
      closed({
        key: Type.String({ minLength: 1 }),
        operator: oneOf(['In', 'NotIn', 'Exists', 'DoesNotExist'] as const),
        values: opt(Type.Array(Type.String())),
      }),
    ),
  ),
});

export const Int32 = (options: { minimum?: number; maximum?: number } = {}) =>
  Type.Integer({ minimum: options.minimum ?? -2147483648, maximum: options.maximum ?? 2147483647 });
export const Uint32Asn = (minimum: number) => Type.Integer({ minimum, maximum: 4294967295 });

/** The top level every object shares; `spec`/`status` come from the kind. */
export function objectSchema(kinds: { spec?: TSchema; status?: TSchema; extra?: TProperties }) {
  return open({
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: ObjectMetaSchema,
    ...(kinds.spec ? { spec: kinds.spec } : {}),
    ...(kinds.status ? { status: opt(kinds.status) } : {}),
    ...(kinds.extra ?? {}),
  });
}
