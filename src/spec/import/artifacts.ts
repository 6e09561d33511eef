/**
 * What `check PATH...` and `import` found in a set of files: Kubernetes objects (decoded by kind), kustomizations,
 * Cilium Helm values, the distribution's cluster network config, routers (VyOS or FRR), v6net specs, and every
 * reader diagnostic (parse errors, schema problems, notes about skipped files). Plain data; rules read it through
 * the check context.
 */
import type { Diagnostic } from '../../core/diagnostic.js';
import type { ClusterNetworkFacts } from '../../k8s/cluster-network.js';
import type { K8sInventory } from '../../k8s/decode.js';
import type { CiliumHelmValues } from '../../k8s/helm-values.js';
import type { Kustomization } from '../../k8s/kustomization.js';
import type { ReadObject } from '../../k8s/yaml-read.js';
import type { RouterModel } from '../../router/model.js';

export type RepoFileKind =
  | 'kubernetes'
  | 'kustomization'
  | 'helm-values'
  | 'cluster-config'
  | 'vyos-set'
  | 'vyos-boot'
  | 'frr'
  | 'v6net-spec'
  | 'unknown'
  | 'ignored';

export interface RepoFile {
  readonly path: string;
  /** What it was read as; a YAML stream with several kinds of documents lists the first. */
  readonly kind: RepoFileKind;
  /** For a second file describing a router already read (`r01.boot` next to `r01.set`): that router's file. */
  readonly sameRouterAs?: string;
}

export interface RepoArtifacts {
  readonly files: readonly RepoFile[];
  /** Every Kubernetes object read (Lists expanded, kustomization namespaces applied). */
  readonly objects: readonly ReadObject[];
  readonly inventory: K8sInventory;
  readonly kustomizations: readonly Kustomization[];
  readonly helmValues: readonly CiliumHelmValues[];
  readonly clusterNetworks: readonly ClusterNetworkFacts[];
  readonly routers: readonly RouterModel[];
  /** v6net spec files found among the inputs (checked as specs, not as artifacts). */
  readonly specs: readonly { readonly path: string; readonly text: string }[];
  readonly diagnostics: readonly Diagnostic[];
}
