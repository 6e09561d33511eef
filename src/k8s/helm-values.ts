/**
 * Cilium Helm values (a `values.yaml`, a Flux HelmRelease's `spec.values`, a kustomization `helmCharts` entry): the
 * settings the BGP checks and the import need, each with the position it was written at. Unknown keys are ignored
 * (the chart has hundreds). Pure.
 */
import type { SourcePosition } from '../core/diagnostic.js';
import { asMap, valueAt, type YamlPath } from './yaml-docs.js';

export interface HelmValue<T> {
  readonly value: T;
  readonly source: SourcePosition;
}

export interface CiliumHelmValues {
  readonly file: string;
  readonly source: SourcePosition;
  readonly bgpControlPlaneEnabled?: HelmValue<boolean>;
  /** `bgpControlPlane.secretsNamespace.name` (chart default kube-system). */
  readonly secretsNamespace?: HelmValue<string>;
  readonly routerIdAllocationMode?: HelmValue<string>;
  readonly ipv4Enabled?: HelmValue<boolean>;
  readonly ipv6Enabled?: HelmValue<boolean>;
  readonly routingMode?: HelmValue<string>;
  readonly ipv6NativeRoutingCidr?: HelmValue<string>;
  readonly ipamMode?: HelmValue<string>;
  readonly clusterPoolIpv6PodCidrs: readonly HelmValue<string>[];
  readonly clusterPoolIpv6MaskSize?: HelmValue<number>;
  readonly defaultLbServiceIpam?: HelmValue<string>;
  readonly l2AnnouncementsEnabled?: HelmValue<boolean>;
  readonly gatewayApiEnabled?: HelmValue<boolean>;
}

/** Top-level keys only the Cilium chart has; two of them make a map Cilium values. */
const CILIUM_KEYS = [
  'bgpControlPlane',
  'routingMode',
  'kubeProxyReplacement',
  'ipv6NativeRoutingCIDR',
  'ipv4NativeRoutingCIDR',
  'autoDirectNodeRoutes',
  'enableIPv6Masquerade',
  'enableIPv4Masquerade',
  'l2announcements',
  'gatewayAPI',
  'tunnelProtocol',
  'k8sServiceHost',
  'hubble',
  'ipam',
  'bpf',
  'envoy',
  'devices',
];

export function looksLikeCiliumValues(value: unknown): boolean {
  const m = asMap(value);
  if (m === undefined || m['apiVersion'] !== undefined || m['kind'] !== undefined) return false;
  return CILIUM_KEYS.filter((k) => m[k] !== undefined).length >= 2;
}

/** Reads the values map `value`; `locate` gives the position of a path inside it. */
export function readCiliumHelmValues(
  value: unknown,
  locate: (path: YamlPath) => SourcePosition,
  file: string,
): CiliumHelmValues {
  const get = <T>(path: YamlPath, type: 'boolean' | 'string' | 'number'): HelmValue<T> | undefined => {
    let v = valueAt(value, path);
    // Helm users write "true"/"false" strings and numbers as strings; the chart's templates accept both.
    if (type === 'boolean' && (v === 'true' || v === 'false')) v = v === 'true';
    if (type === 'number' && typeof v === 'string' && /^\d+$/.test(v)) v = Number(v);
    return typeof v === type ? { value: v as T, source: locate(path) } : undefined;
  };
  const poolPath = ['ipam', 'operator', 'clusterPoolIPv6PodCIDRList'];
  const pools = valueAt(value, poolPath);
  const poolList = typeof pools === 'string' ? [pools] : Array.isArray(pools) ? pools : [];
  const out: Record<string, unknown> = {
    file,
    source: locate([]),
    bgpControlPlaneEnabled: get(['bgpControlPlane', 'enabled'], 'boolean'),
    secretsNamespace: get(['bgpControlPlane', 'secretsNamespace', 'name'], 'string'),
    routerIdAllocationMode: get(['bgpControlPlane', 'routerIDAllocation', 'mode'], 'string'),
    ipv4Enabled: get(['ipv4', 'enabled'], 'boolean'),
    ipv6Enabled: get(['ipv6', 'enabled'], 'boolean'),
    routingMode: get(['routingMode'], 'string'),
    ipv6NativeRoutingCidr: get(['ipv6NativeRoutingCIDR'], 'string'),
    ipamMode: get(['ipam', 'mode'], 'string'),
    clusterPoolIpv6PodCidrs: poolList
      .map((p, i) =>
        typeof p === 'string'
          ? { value: p, source: locate(typeof pools === 'string' ? poolPath : [...poolPath, i]) }
          : undefined,
      )
      .filter((p) => p !== undefined),
    clusterPoolIpv6MaskSize: get(['ipam', 'operator', 'clusterPoolIPv6MaskSize'], 'number'),
    defaultLbServiceIpam: get(['defaultLBServiceIPAM'], 'string'),
    l2AnnouncementsEnabled: get(['l2announcements', 'enabled'], 'boolean'),
    gatewayApiEnabled: get(['gatewayAPI', 'enabled'], 'boolean'),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as CiliumHelmValues;
}
