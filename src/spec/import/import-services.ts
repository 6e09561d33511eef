/** Services (and their EndpointSlices) as the workloads of an imported spec. Pure. */
import { Ipv6Address } from '../../ip/index.js';
import type { ServiceSpec } from '../schema.js';
import type { RepoArtifacts } from './artifacts.js';

/** Services as workloads (for the twin's simulation; they do not change rendered files). */
export function importServices(a: RepoArtifacts): ServiceSpec[] {
  const endpoints = new Map<string, Set<string>>();
  for (const s of a.inventory.byKind.EndpointSlice) {
    const svc = s.object.metadata.labels?.['kubernetes.io/service-name'];
    if (svc === undefined) continue;
    const key = `${s.object.metadata.namespace ?? 'default'}/${svc}`;
    const set = endpoints.get(key) ?? new Set<string>();
    for (const e of s.object.endpoints ?? [])
      if (e.nodeName !== undefined && e.conditions?.ready !== false) set.add(e.nodeName);
    endpoints.set(key, set);
  }
  const out: ServiceSpec[] = [];
  for (const d of a.inventory.byKind.Service) {
    const s = d.object;
    const type = s.spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') continue;
    const ns = s.metadata.namespace ?? 'default';
    const requested = [
      ...(s.spec.loadBalancerIP ? [s.spec.loadBalancerIP] : []),
      ...(s.metadata.annotations?.['lbipam.cilium.io/ips'] ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    ].filter((x) => Ipv6Address.tryParse(x).ok === true);
    const external = (s.spec.externalIPs ?? []).filter((x) => Ipv6Address.tryParse(x).ok === true);
    const eps = endpoints.get(`${ns}/${s.metadata.name}`);
    const sharing = s.metadata.annotations?.['lbipam.cilium.io/sharing-key'];
    out.push({
      name: s.metadata.name,
      namespace: ns,
      type,
      ...(s.metadata.labels && Object.keys(s.metadata.labels).length > 0 ? { labels: { ...s.metadata.labels } } : {}),
      ...(s.spec.loadBalancerClass !== undefined ? { loadBalancerClass: s.spec.loadBalancerClass } : {}),
      ...(requested.length > 0 ? { requestedIPs: requested } : {}),
      ...(external.length > 0 ? { externalIPs: external } : {}),
      ...(s.spec.externalTrafficPolicy !== undefined ? { externalTrafficPolicy: s.spec.externalTrafficPolicy } : {}),
      ...(s.spec.internalTrafficPolicy !== undefined ? { internalTrafficPolicy: s.spec.internalTrafficPolicy } : {}),
      ...(sharing !== undefined ? { sharingKey: sharing } : {}),
      ...(s.spec.ports?.length ? { ports: [...new Set(s.spec.ports.map((p) => p.port))] } : {}),
      ...(eps !== undefined && eps.size > 0 ? { endpoints: [...eps].sort() } : {}),
    });
  }
  return out;
}
