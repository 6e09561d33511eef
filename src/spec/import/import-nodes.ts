/**
 * The nodes of an imported spec: from Node objects (`kubectl get nodes -o yaml`) when present, else the names the
 * CiliumBGPNodeConfigOverrides give, with placeholder addresses that are reported. Pure.
 */
import { Ipv4Address, Ipv6Address, Ipv6Prefix } from '../../ip/index.js';
import { annotationRouterIdText, virtualRouterAnnotationKey } from '../../k8s/bgp-annotations.js';
import type { NodeSpec } from '../schema.js';
import type { RepoArtifacts } from './artifacts.js';
import { atObj, type ImportNote, importNote } from './import-cluster.js';

/**
 * Nodes: from Node objects when present (name, IPv6 InternalIP inside the node network, role, PodCIDR, router ID
 * from an override or the v1 annotation); otherwise from the node config overrides, with an address placeholder in
 * the node network that the user must replace (reported).
 */
export function importNodes(
  a: RepoArtifacts,
  asn: number | undefined,
  nodeNetwork: Ipv6Prefix | undefined,
  taken: readonly Ipv6Address[],
  notes: ImportNote[],
): NodeSpec[] {
  const k = a.inventory.byKind;
  const routerIds = new Map<string, string>();
  for (const o of k.CiliumBGPNodeConfigOverride)
    for (const inst of o.object.spec.bgpInstances ?? [])
      if (inst.routerID !== undefined) routerIds.set(o.object.metadata.name, inst.routerID);
  const out: NodeSpec[] = [];
  for (const n of k.Node) {
    const name = n.object.metadata.name;
    const addrs = (n.object.status?.addresses ?? [])
      .filter((x) => x.type === 'InternalIP' || x.type === 'ExternalIP')
      .map((x) => Ipv6Address.tryParse(x.address))
      .filter((r) => r.ok === true)
      .map((r) => r.value);
    const address = addrs.find((x) => nodeNetwork?.contains(x)) ?? addrs[0];
    if (address === undefined) {
      notes.push(importNote('node-not-imported', 'warning', `node '${name}' has no IPv6 address; left out`, atObj(n)));
      continue;
    }
    const annotation = asn === undefined ? undefined : n.object.metadata.annotations?.[virtualRouterAnnotationKey(asn)];
    const routerId = routerIds.get(name) ?? (annotation === undefined ? undefined : annotationRouterIdText(annotation));
    const labels = n.object.metadata.labels ?? {};
    const controlPlane =
      'node-role.kubernetes.io/control-plane' in labels || 'node-role.kubernetes.io/master' in labels;
    const pod = n.object.spec?.podCIDRs?.find((c) => c.includes(':')) ?? n.object.spec?.podCIDR;
    out.push({
      name,
      role: controlPlane ? 'control-plane' : 'worker',
      address: address.toString(),
      ...(routerId !== undefined && Ipv4Address.tryParse(routerId).ok === true ? { routerId } : {}),
      ...(pod?.includes(':') ? { podCidr: Ipv6Prefix.parse(pod).toString() } : {}),
    });
  }
  if (out.length > 0 || nodeNetwork === undefined) return out;
  // No Node objects: the override names are the nodes; addresses are placeholders.
  const used = new Set(taken.map((x) => x.toBigInt()));
  let next = 0x100n;
  for (const o of k.CiliumBGPNodeConfigOverride) {
    while (used.has(nodeNetwork.nth(next).toBigInt())) next++;
    const address = nodeNetwork.nth(next++);
    const routerId = routerIds.get(o.object.metadata.name);
    out.push({
      name: o.object.metadata.name,
      role: 'worker',
      address: address.toString(),
      ...(routerId !== undefined ? { routerId } : {}),
    });
    notes.push(
      importNote(
        'node-address-unknown',
        'warning',
        `node '${o.object.metadata.name}' is known only from its CiliumBGPNodeConfigOverride: address ${address} and role worker are placeholders`,
        atObj(o),
        'replace them with the real values (or import `kubectl get nodes -o yaml` output along with the repo)',
      ),
    );
  }
  return out;
}
