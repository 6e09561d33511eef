/**
 * Service advertisements (reference §5) and PodCIDR advertisements (§6): which prefixes one advertisement entry
 * yields for one family on this node, and — for the dry-run — why a Service address yields nothing.
 */
import type { K8sEndpointSlice, K8sService } from '../../k8s/objects-core.js';
import { ENDPOINT_SLICE_SERVICE_LABEL } from '../../k8s/objects-core.js';
import { CILIUM_BGP_LOADBALANCER_CLASS } from '../../k8s/objects.js';
import { tryParseAddress, tryParsePrefix } from '../../ip/parse.js';
import { compileSelector, serviceSelectorLabels } from '../selector.js';
import type { SelectedAdvertisement } from './advertisements.js';
import type { AfiSafi, ServiceAddressType } from './types.js';

/** A prefix one Service address yields, or the reason it yields none. */
export type ServiceAddressOutcome =
  | {
      readonly service: string;
      readonly addressType: ServiceAddressType;
      readonly address: string;
      readonly prefix: string;
    }
  | {
      readonly service: string;
      readonly addressType?: ServiceAddressType;
      readonly address?: string;
      readonly skipped: string;
    };

/** Active backends of each Service, per node (§5.2: ready, not terminating). */
export class EndpointIndex {
  readonly #byService = new Map<string, { total: number; nodes: Map<string, number> }>();

  constructor(slices: readonly K8sEndpointSlice[]) {
    for (const slice of slices) {
      const name = slice.metadata.labels?.[ENDPOINT_SLICE_SERVICE_LABEL];
      if (name === undefined) continue;
      const key = `${slice.metadata.namespace ?? 'default'}/${name}`;
      let entry = this.#byService.get(key);
      if (entry === undefined) {
        entry = { total: 0, nodes: new Map() };
        this.#byService.set(key, entry);
      }
      for (const ep of slice.endpoints ?? []) {
        // EndpointConditions: a nil `ready` means ready; a terminating endpoint is not an active backend.
        if (ep.conditions?.ready === false || ep.conditions?.terminating === true) continue;
        entry.total++;
        if (ep.nodeName !== undefined) entry.nodes.set(ep.nodeName, (entry.nodes.get(ep.nodeName) ?? 0) + 1);
      }
    }
  }

  local(service: string, node: string): number {
    return this.#byService.get(service)?.nodes.get(node) ?? 0;
  }

  total(service: string): number {
    return this.#byService.get(service)?.total ?? 0;
  }
}

const familyOfAfi = (afi: string): 4 | 6 | undefined => (afi === 'ipv4' ? 4 : afi === 'ipv6' ? 6 : undefined);

/** §5.1: the addresses of one type. */
function addressesOf(svc: K8sService, type: ServiceAddressType): { list: string[]; skipped?: string } {
  switch (type) {
    case 'LoadBalancerIP': {
      const cls = svc.spec.loadBalancerClass;
      if (cls !== undefined && cls !== CILIUM_BGP_LOADBALANCER_CLASS) {
        return { list: [], skipped: `loadBalancerClass ${cls} is not ${CILIUM_BGP_LOADBALANCER_CLASS}` };
      }
      const list = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter((ip) => ip !== '');
      return list.length === 0 ? { list, skipped: 'no LoadBalancer ingress IP' } : { list };
    }
    case 'ClusterIP': {
      const list = [...new Set([svc.spec.clusterIP ?? '', ...(svc.spec.clusterIPs ?? [])])].filter(
        (ip) => ip !== '' && ip !== 'None',
      );
      return list.length === 0 ? { list, skipped: 'no cluster IP (headless or unset)' } : { list };
    }
    case 'ExternalIP': {
      const list = svc.spec.externalIPs ?? [];
      return list.length === 0 ? { list: [], skipped: 'no externalIPs' } : { list: [...list] };
    }
  }
}

export interface ServicePathContext {
  readonly node: string;
  readonly endpoints: EndpointIndex;
  /** `--enable-no-service-endpoints-routable` (default true). */
  readonly noServiceEndpointsRoutable: boolean;
}

/**
 * §5: the prefixes one Service advertisement entry yields for `family` on this node. A nil selector (or missing
 * `service`) selects no Service (§4.3); the selector sees the Service labels plus the implicit name/namespace
 * labels. Throws `E_CILIUM_SELECTOR_VALUES` like Cilium's conversion (the reconcile then fails).
 */
export function servicePrefixes(
  sel: SelectedAdvertisement,
  family: AfiSafi,
  services: readonly K8sService[],
  ctx: ServicePathContext,
): ServiceAddressOutcome[] {
  const advert = sel.advert;
  if (advert.selector === undefined || advert.service === undefined) {
    return [{ service: '*', skipped: 'the advertisement has no selector: it selects no Service (§4.3)' }];
  }
  const matcher = compileSelector(advert.selector, 'nothing');
  const want = familyOfAfi(family.afi);
  const out: ServiceAddressOutcome[] = [];
  for (const svc of services) {
    const namespace = svc.metadata.namespace ?? 'default';
    const key = `${namespace}/${svc.metadata.name}`;
    const labels = serviceSelectorLabels({
      name: svc.metadata.name,
      namespace,
      ...(svc.metadata.labels ? { labels: svc.metadata.labels } : {}),
    });
    if (!matcher.matches(labels)) continue;
    for (const type of advert.service.addresses) {
      const { list, skipped } = addressesOf(svc, type);
      if (skipped !== undefined) {
        out.push({ service: key, addressType: type, skipped });
        continue;
      }
      // §5.2: LoadBalancerIP and ExternalIP follow externalTrafficPolicy, ClusterIP internalTrafficPolicy.
      const policy = type === 'ClusterIP' ? svc.spec.internalTrafficPolicy : svc.spec.externalTrafficPolicy;
      const local = policy === 'Local';
      if (local && ctx.endpoints.local(key, ctx.node) === 0) {
        const which = type === 'ClusterIP' ? 'internalTrafficPolicy' : 'externalTrafficPolicy';
        for (const address of list) {
          out.push({
            service: key,
            addressType: type,
            address,
            skipped: `${which}=Local and no local active endpoint on ${ctx.node}`,
          });
        }
        continue;
      }
      if (!ctx.noServiceEndpointsRoutable && ctx.endpoints.total(key) === 0) {
        for (const address of list) {
          out.push({
            service: key,
            addressType: type,
            address,
            skipped: 'no active endpoint (enable-no-service-endpoints-routable=false)',
          });
        }
        continue;
      }
      for (const address of list) {
        const parsed = tryParseAddress(address);
        if (!parsed.ok) {
          out.push({ service: key, addressType: type, address, skipped: 'the address does not parse' });
          continue;
        }
        if (parsed.value.family !== want) {
          out.push({ service: key, addressType: type, address, skipped: `not an ${family.afi} address` });
          continue;
        }
        // §5.3: a host route, or the aggregate when aggregationLength is set and the policy is not Local.
        const hostLength = parsed.value.family === 4 ? 32 : 128;
        const agg =
          parsed.value.family === 4 ? advert.service.aggregationLengthIPv4 : advert.service.aggregationLengthIPv6;
        const length = !local && agg !== undefined ? agg : hostLength;
        const prefix = tryParsePrefix(`${parsed.value.toString()}/${length}`);
        if (!prefix.ok) continue;
        out.push({ service: key, addressType: type, address, prefix: prefix.value.network().toString() });
      }
    }
  }
  return out;
}

/** §6: the node's PodCIDRs of the family's AFI (a CIDR that does not parse fails the reconcile). */
export function podCidrPrefixes(
  podCIDRs: readonly string[],
  family: AfiSafi,
): { prefixes: string[]; errors: string[] } {
  const want = familyOfAfi(family.afi);
  const prefixes: string[] = [];
  const errors: string[] = [];
  for (const text of podCIDRs) {
    const r = tryParsePrefix(text);
    if (!r.ok) errors.push(`PodCIDR ${JSON.stringify(text)} does not parse`);
    else if (r.value.family === want) prefixes.push(r.value.network().toString());
  }
  return { prefixes, errors };
}
