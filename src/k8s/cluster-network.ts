/**
 * The cluster's network settings as the distributions write them: a kubeadm ClusterConfiguration
 * (`networking.podSubnet`/`serviceSubnet`, `controllerManager.extraArgs` node-cidr-mask-size-ipv6), a Talos machine
 * config or patch (`cluster.network.podSubnets`/`serviceSubnets`, `machine.kubelet.nodeIP.validSubnets`) or a k3s
 * `config.yaml` (`cluster-cidr`, `service-cidr`). Only IPv6 entries matter to v6net; text is kept as written.
 * Pure.
 */
import type { SourcePosition } from '../core/diagnostic.js';
import type { HelmValue } from './helm-values.js';
import { asMap, valueAt, type YamlPath } from './yaml-docs.js';

export type Distribution = 'kubeadm' | 'talos' | 'k3s';

export interface ClusterNetworkFacts {
  readonly distribution: Distribution;
  readonly file: string;
  readonly source: SourcePosition;
  readonly clusterName?: HelmValue<string>;
  readonly podSubnets: readonly HelmValue<string>[];
  readonly serviceSubnets: readonly HelmValue<string>[];
  readonly nodeMaskSizeIpv6?: HelmValue<number>;
  /** Subnets the node IPs come from (Talos `validSubnets`). */
  readonly nodeSubnets: readonly HelmValue<string>[];
}

/** Which distribution's config `value` is, if any. */
export function clusterConfigKind(value: unknown): Distribution | undefined {
  const m = asMap(value);
  if (m === undefined) return undefined;
  if (typeof m['apiVersion'] === 'string' && m['apiVersion'].startsWith('kubeadm.k8s.io/')) {
    return m['kind'] === 'ClusterConfiguration' ? 'kubeadm' : undefined;
  }
  if (m['apiVersion'] !== undefined || m['kind'] !== undefined) return undefined;
  if (asMap(m['machine']) !== undefined || asMap(asMap(m['cluster'])?.['network']) !== undefined) return 'talos';
  if (typeof m['cluster-cidr'] === 'string' || typeof m['service-cidr'] === 'string') return 'k3s';
  return undefined;
}

/** Comma-separated lists (dual-stack `a,b`) or YAML lists, each entry located. */
function subnets(value: unknown, path: YamlPath, locate: (p: YamlPath) => SourcePosition): HelmValue<string>[] {
  const v = valueAt(value, path);
  if (typeof v === 'string') {
    return v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => ({ value: s, source: locate(path) }));
  }
  if (!Array.isArray(v)) return [];
  return v.flatMap((s, i) => (typeof s === 'string' ? [{ value: s.trim(), source: locate([...path, i]) }] : []));
}

function maskArg(
  value: unknown,
  path: YamlPath,
  locate: (p: YamlPath) => SourcePosition,
): HelmValue<number> | undefined {
  const args = valueAt(value, path);
  const names = ['node-cidr-mask-size-ipv6', 'node-cidr-mask-size'];
  const num = (v: unknown) =>
    typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
  if (Array.isArray(args)) {
    // kubeadm v1beta4: a list of {name, value}; k3s: a list of "name=value" strings.
    for (const name of names) {
      const i = args.findIndex(
        (a) => asMap(a)?.['name'] === name || (typeof a === 'string' && a.startsWith(`${name}=`)),
      );
      const entry = args[i];
      const n = typeof entry === 'string' ? num(entry.slice(name.length + 1)) : num(asMap(entry)?.['value']);
      if (i >= 0 && n !== undefined)
        return { value: n, source: locate(typeof entry === 'string' ? [...path, i] : [...path, i, 'value']) };
    }
    return undefined;
  }
  for (const name of names) {
    const n = num(asMap(args)?.[name]);
    if (n !== undefined) return { value: n, source: locate([...path, name]) };
  }
  return undefined;
}

export function readClusterNetwork(
  value: unknown,
  locate: (path: YamlPath) => SourcePosition,
  file: string,
): ClusterNetworkFacts | undefined {
  const kind = clusterConfigKind(value);
  if (kind === undefined) return undefined;
  const str = (path: YamlPath): HelmValue<string> | undefined => {
    const v = valueAt(value, path);
    return typeof v === 'string' && v !== '' ? { value: v, source: locate(path) } : undefined;
  };
  const base = { distribution: kind, file, source: locate([]) };
  const opt = <T>(key: string, v: T | undefined) => (v === undefined ? {} : { [key]: v });
  switch (kind) {
    case 'kubeadm':
      return {
        ...base,
        ...opt('clusterName', str(['clusterName'])),
        podSubnets: subnets(value, ['networking', 'podSubnet'], locate),
        serviceSubnets: subnets(value, ['networking', 'serviceSubnet'], locate),
        ...opt('nodeMaskSizeIpv6', maskArg(value, ['controllerManager', 'extraArgs'], locate)),
        nodeSubnets: [],
      };
    case 'talos':
      return {
        ...base,
        ...opt('clusterName', str(['cluster', 'clusterName'])),
        podSubnets: subnets(value, ['cluster', 'network', 'podSubnets'], locate),
        serviceSubnets: subnets(value, ['cluster', 'network', 'serviceSubnets'], locate),
        ...opt('nodeMaskSizeIpv6', maskArg(value, ['cluster', 'controllerManager', 'extraArgs'], locate)),
        nodeSubnets: subnets(value, ['machine', 'kubelet', 'nodeIP', 'validSubnets'], locate),
      };
    case 'k3s':
      return {
        ...base,
        podSubnets: subnets(value, ['cluster-cidr'], locate),
        serviceSubnets: subnets(value, ['service-cidr'], locate),
        ...opt('nodeMaskSizeIpv6', maskArg(value, ['kube-controller-manager-arg'], locate)),
        nodeSubnets: [],
      };
  }
}
