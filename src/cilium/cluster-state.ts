/**
 * The cluster as the Cilium semantics see it, from decoded artifacts: the valid objects of each kind (what the API
 * server would hold) and one NodeView per node (reference §2: CiliumNode labels are copied from the Node, so the
 * Node's labels count; §6: PodCIDRs from CiliumNode `spec.ipam.podCIDRs`, else from Node `spec.podCIDRs`).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { type Decoded, type K8sInventory, validObjects } from '../k8s/decode.js';
import type {
  CiliumBgpAdvertisement,
  CiliumBgpClusterConfig,
  CiliumBgpNodeConfig,
  CiliumBgpNodeConfigOverride,
  CiliumBgpPeerConfig,
  CiliumBgpPeeringPolicy,
  CiliumLoadBalancerIpPool,
} from '../k8s/kinds.js';
import type { CiliumNode, K8sEndpointSlice, K8sNode, K8sSecret, K8sService } from '../k8s/objects-core.js';
import { advertisementCelViolations, type CelViolation, peerConfigCelViolations } from './cel.js';
import { type NodeView, nodeViewFromCiliumNode, nodeViewFromNode } from './node-view.js';
import type { NodeConfigObject } from './operator/types.js';

export interface CiliumClusterObjects {
  readonly clusterConfigs: readonly CiliumBgpClusterConfig[];
  readonly peerConfigs: readonly CiliumBgpPeerConfig[];
  readonly advertisements: readonly CiliumBgpAdvertisement[];
  readonly overrides: readonly CiliumBgpNodeConfigOverride[];
  /** NodeConfigs found in the artifacts (an export of a live cluster); ownership decides conflicts. */
  readonly nodeConfigs: readonly NodeConfigObject[];
  readonly pools: readonly CiliumLoadBalancerIpPool[];
  readonly peeringPolicies: readonly CiliumBgpPeeringPolicy[];
  readonly nodes: readonly NodeView[];
  readonly services: readonly K8sService[];
  readonly endpointSlices: readonly K8sEndpointSlice[];
  readonly secrets: readonly K8sSecret[];
}

/** One view per node name: a CiliumNode's addresses and PodCIDRs when there is one, the Node's labels when there is one. */
export function mergeNodeViews(nodes: readonly K8sNode[], ciliumNodes: readonly CiliumNode[]): NodeView[] {
  const out = new Map<string, NodeView>();
  for (const n of nodes) out.set(n.metadata.name, nodeViewFromNode(n));
  for (const cn of ciliumNodes) {
    const fromCilium = nodeViewFromCiliumNode(cn);
    const fromNode = out.get(cn.metadata.name);
    out.set(
      cn.metadata.name,
      fromNode === undefined
        ? fromCilium
        : {
            ...fromCilium,
            labels: fromNode.labels,
            annotations: fromNode.annotations,
            addresses: fromCilium.addresses.length > 0 ? fromCilium.addresses : fromNode.addresses,
            podCIDRs: cn.spec.ipam?.podCIDRs !== undefined ? fromCilium.podCIDRs : fromNode.podCIDRs,
          },
    );
  }
  return [...out.values()];
}

function toNodeConfig(nc: CiliumBgpNodeConfig): NodeConfigObject {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumBGPNodeConfig',
    metadata: { ...nc.metadata, ownerReferences: nc.metadata.ownerReferences ?? [] },
    spec: {
      bgpInstances: nc.spec.bgpInstances.map((i) => ({
        ...i,
        peers: (i.peers ?? []).map((p) => ({
          ...p,
          ...(p.peerConfigRef ? { peerConfigRef: { name: p.peerConfigRef.name } } : {}),
        })),
      })),
    },
  };
}

/**
 * Objects the API server would refuse by the CRDs' CEL rules (§1.2, §1.3), as located diagnostics
 * (`E_CILIUM_CEL`); {@link clusterObjectsFromInventory} leaves these objects out.
 */
export function celDiagnostics(inv: K8sInventory): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = <T extends { readonly metadata: { readonly name: string } }>(
    list: readonly Decoded<T>[],
    kind: string,
    rules: (o: T) => readonly CelViolation[],
  ) => {
    for (const d of list) {
      if (!d.valid) continue;
      for (const v of rules(d.object)) {
        const source = d.read.locate(v.path) ?? d.read.source;
        out.push({
          code: 'E_CILIUM_CEL',
          severity: 'error',
          message: `${kind}/${d.object.metadata.name}: ${v.message} (the API server refuses this object)`,
          path: v.path,
          ...(source !== undefined ? { source } : {}),
        });
      }
    }
  };
  check(inv.byKind.CiliumBGPPeerConfig, 'CiliumBGPPeerConfig', peerConfigCelViolations);
  check(inv.byKind.CiliumBGPAdvertisement, 'CiliumBGPAdvertisement', advertisementCelViolations);
  return out;
}

export function clusterObjectsFromInventory(inv: K8sInventory): CiliumClusterObjects {
  return {
    clusterConfigs: validObjects(inv, 'CiliumBGPClusterConfig'),
    peerConfigs: validObjects(inv, 'CiliumBGPPeerConfig').filter((o) => peerConfigCelViolations(o).length === 0),
    advertisements: validObjects(inv, 'CiliumBGPAdvertisement').filter(
      (o) => advertisementCelViolations(o).length === 0,
    ),
    overrides: validObjects(inv, 'CiliumBGPNodeConfigOverride'),
    nodeConfigs: validObjects(inv, 'CiliumBGPNodeConfig').map(toNodeConfig),
    pools: validObjects(inv, 'CiliumLoadBalancerIPPool'),
    peeringPolicies: validObjects(inv, 'CiliumBGPPeeringPolicy'),
    nodes: mergeNodeViews(validObjects(inv, 'Node'), validObjects(inv, 'CiliumNode')),
    services: validObjects(inv, 'Service'),
    endpointSlices: validObjects(inv, 'EndpointSlice'),
    secrets: validObjects(inv, 'Secret'),
  };
}
