/**
 * The view of a node the Cilium semantics need, from a Kubernetes Node or a CiliumNode (reference §2: CiliumNode
 * labels and annotations are copied from the Node, so Node labels are what selectors see; §6: with IPAM
 * `kubernetes` the PodCIDRs come from Node.spec.podCIDR(s), IPv4 first then IPv6).
 */
import type { CiliumNode, K8sNode } from '../k8s/objects-core.js';
import { tryParseAddress } from '../ip/parse.js';
import type { Labels } from './selector.js';

export interface NodeView {
  readonly name: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** Addresses in priority order: InternalIP, then ExternalIP, then any other type (CiliumNode.GetIP order). */
  readonly addresses: readonly { readonly type: string; readonly ip: string }[];
  /** `CiliumNode.spec.ipam.podCIDRs` (or the Node's podCIDRs, IPv4 first). */
  readonly podCIDRs: readonly string[];
  /** MAC of the node's `cilium_host` device, when known (IPv6-only router ID, reference §3.2). */
  readonly ciliumHostMac?: string;
}

const typeRank = (t: string): number => (t === 'InternalIP' ? 0 : t === 'ExternalIP' ? 1 : 2);

function sortAddresses(list: readonly { type: string; ip: string }[]): { type: string; ip: string }[] {
  return list
    .map((a, i) => ({ a, i }))
    .sort((x, y) => typeRank(x.a.type) - typeRank(y.a.type) || x.i - y.i)
    .map((x) => x.a);
}

function familyOf(text: string): 4 | 6 | undefined {
  const r = tryParseAddress(text);
  return r.ok ? r.value.family : undefined;
}

export interface NodeViewOptions {
  readonly ciliumHostMac?: string;
}

/** A NodeView from a Kubernetes Node (IPAM `kubernetes`: PodCIDRs = Node.spec.podCIDRs, IPv4 first, then IPv6). */
export function nodeViewFromNode(node: K8sNode, options: NodeViewOptions = {}): NodeView {
  const cidrs = node.spec?.podCIDRs ?? (node.spec?.podCIDR !== undefined ? [node.spec.podCIDR] : []);
  const fam = (c: string): number => (familyOf(c.split('/')[0] ?? '') === 4 ? 0 : 1);
  const podCIDRs = [...cidrs]
    .map((c, i) => ({ c, i }))
    .sort((a, b) => fam(a.c) - fam(b.c) || a.i - b.i)
    .map((x) => x.c);
  return {
    name: node.metadata.name,
    labels: node.metadata.labels ?? {},
    annotations: node.metadata.annotations ?? {},
    addresses: sortAddresses(
      (node.status?.addresses ?? [])
        .filter((a) => familyOf(a.address) !== undefined)
        .map((a) => ({ type: a.type, ip: a.address })),
    ),
    podCIDRs,
    ...(options.ciliumHostMac !== undefined ? { ciliumHostMac: options.ciliumHostMac } : {}),
  };
}

/** A NodeView from a CiliumNode. */
export function nodeViewFromCiliumNode(node: CiliumNode, options: NodeViewOptions = {}): NodeView {
  return {
    name: node.metadata.name,
    labels: node.metadata.labels ?? {},
    annotations: node.metadata.annotations ?? {},
    addresses: sortAddresses(node.spec.addresses ?? []),
    podCIDRs: node.spec.ipam?.podCIDRs ?? [],
    ...(options.ciliumHostMac !== undefined ? { ciliumHostMac: options.ciliumHostMac } : {}),
  };
}

/** The node's first address of a family in priority order (CiliumNode.GetIP(ipv6)). */
export function nodeAddress(node: NodeView, family: 4 | 6): string | undefined {
  return node.addresses.find((a) => familyOf(a.ip) === family)?.ip;
}
