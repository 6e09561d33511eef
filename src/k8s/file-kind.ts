/**
 * What a YAML document is, decided by its content (file names lie in real repos): a Kubernetes object, a
 * kustomization, Cilium Helm values, a distribution's cluster config (kubeadm/Talos/k3s), a v6net spec, or
 * something v6net does not read. Pure.
 */
import { clusterConfigKind } from './cluster-network.js';
import { looksLikeCiliumValues } from './helm-values.js';
import { isKustomizationValue } from './kustomization.js';
import { asMap } from './yaml-docs.js';

export type YamlDocKind = 'k8s-object' | 'kustomization' | 'helm-values' | 'cluster-network' | 'v6net-spec' | 'other';

/** A v6net spec: `version: 1` with the spec's top-level sections. */
export function looksLikeV6netSpec(value: unknown): boolean {
  const m = asMap(value);
  return (
    m !== undefined &&
    m['apiVersion'] === undefined &&
    m['version'] !== undefined &&
    ['aggregate', 'plan', 'cluster', 'routers'].filter((k) => m[k] !== undefined).length >= 2
  );
}

export function yamlDocKind(value: unknown): YamlDocKind {
  const m = asMap(value);
  if (m === undefined) return 'other';
  if (isKustomizationValue(m)) return 'kustomization';
  if (clusterConfigKind(m) !== undefined) return 'cluster-network';
  if (typeof m['apiVersion'] === 'string' && typeof m['kind'] === 'string') return 'k8s-object';
  if (looksLikeV6netSpec(m)) return 'v6net-spec';
  if (looksLikeCiliumValues(m)) return 'helm-values';
  return 'other';
}
