/** Inputs and outputs of the operator semantics (ClusterConfig × Nodes → per-node CiliumBGPNodeConfig). */
import type { K8sCondition, FullObjectMeta, K8sSecret, OwnerReference } from '../../k8s/objects-core.js';
import type {
  CiliumBgpClusterConfigSpec,
  CiliumBgpNodeConfigOverrideSpec,
  CiliumBgpPeerConfigSpec,
} from '../../k8s/objects.js';
import type { NodeView } from '../node-view.js';
import type { RouterIdAllocation } from './router-id.js';

export interface ClusterConfigObject {
  readonly metadata: FullObjectMeta;
  readonly spec: CiliumBgpClusterConfigSpec;
}
export interface PeerConfigObject {
  readonly metadata: FullObjectMeta;
  readonly spec: CiliumBgpPeerConfigSpec;
}
export interface NodeConfigOverrideObject {
  readonly metadata: FullObjectMeta;
  readonly spec: CiliumBgpNodeConfigOverrideSpec;
}

export interface NodeConfigPeer {
  readonly name: string;
  readonly peerAddress?: string;
  readonly peerASN?: number;
  readonly autoDiscovery?: unknown;
  readonly localAddress?: string;
  readonly peerConfigRef?: { readonly name: string };
}

export interface NodeConfigInstance {
  readonly name: string;
  readonly localASN?: number;
  readonly routerID?: string;
  readonly localPort?: number;
  readonly peers: readonly NodeConfigPeer[];
}

/** CiliumBGPNodeConfig (`metadata.name` = node name, owned by one ClusterConfig). */
export interface NodeConfigObject {
  readonly apiVersion: 'cilium.io/v2';
  readonly kind: 'CiliumBGPNodeConfig';
  readonly metadata: FullObjectMeta & { readonly ownerReferences: readonly OwnerReference[] };
  readonly spec: { readonly bgpInstances: readonly NodeConfigInstance[] };
}

export interface OperatorOptions {
  readonly routerIdAllocation: RouterIdAllocation;
  /**
   * `--bgp-secrets-namespace` (Helm default `kube-system`). Undefined: not configured — the operator then does not
   * report `cilium.io/MissingAuthSecret` at all.
   */
  readonly secretsNamespace: string | undefined;
  /** `--enable-bgp-control-plane-status-report` (default true); when false, conditions are removed. */
  readonly statusReport: boolean;
}

export const defaultOperatorOptions: OperatorOptions = {
  routerIdAllocation: { mode: 'default' },
  secretsNamespace: 'kube-system',
  statusReport: true,
};

export interface OperatorInput {
  /** Processed in this order (Cilium: store list order). */
  readonly clusterConfigs: readonly ClusterConfigObject[];
  /** CiliumNodes (labels copied from the k8s Node). */
  readonly nodes: readonly NodeView[];
  readonly overrides: readonly NodeConfigOverrideObject[];
  readonly peerConfigs: readonly PeerConfigObject[];
  readonly secrets: readonly K8sSecret[];
  /** NodeConfigs already in the cluster (ownership decides conflicts; ip-pool IDs are restored from them). */
  readonly existingNodeConfigs?: readonly NodeConfigObject[];
}

export interface OperatorProblem {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Object the problem belongs to, e.g. `CiliumBGPClusterConfig/cilium-bgp`, and the node/instance key. */
  readonly object: string;
  readonly key?: string;
}

export interface OperatorResult {
  /** Every NodeConfig after this reconcile, sorted by name. */
  readonly nodeConfigs: readonly NodeConfigObject[];
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly deleted: readonly string[];
  /** ClusterConfig name → status.conditions (sorted by type; empty with statusReport off). */
  readonly clusterConfigConditions: ReadonlyMap<string, readonly K8sCondition[]>;
  /** PeerConfig name → status.conditions. */
  readonly peerConfigConditions: ReadonlyMap<string, readonly K8sCondition[]>;
  readonly problems: readonly OperatorProblem[];
}

export const ClusterConfigCondition = {
  noMatchingNode: 'cilium.io/NoMatchingNode',
  missingPeerConfigs: 'cilium.io/MissingPeerConfigs',
  conflictingClusterConfig: 'cilium.io/ConflictingClusterConfig',
} as const;

export const PeerConfigCondition = {
  missingAuthSecret: 'cilium.io/MissingAuthSecret',
} as const;
