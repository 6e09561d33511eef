/**
 * `planNetwork`: the loaded spec resolved into concrete values (pure, deterministic, never throws).
 * Allocation rules live in `plan-pod-cidrs.ts` and `plan-router-ids.ts`, defaults in `plan-defaults.ts`.
 * Only problems that prevent allocation are reported here (E_POD_CIDR_EXHAUSTED, E_PINNED_POD_CIDR_CONFLICT,
 * E_ROUTER_ID_POOL_EXHAUSTED, E_NODE_MASK_SIZE); everything else is for the checks (`src/check`).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { compareDiagnostics } from '../core/diagnostic.js';
import { Ipv4Address, Ipv4Prefix, Ipv6Address, Ipv6Prefix } from '../ip/index.js';
import type { LoadedSpec } from './load.js';
import {
  ALL_SERVICE_ADDRESSES,
  BGP_DEFAULTS,
  DEFAULT_ALLOW_FIRST_LAST_IPS,
  DEFAULT_EXPORT_TO_NODES,
  DEFAULT_NODE_MASK_SIZE_IPV6,
  defaultInstanceName,
  defaultNodeLabels,
  MAXIMUM_PREFIX_SERVICE_HEADROOM,
} from './plan-defaults.js';
import { allocatePodCidrs } from './plan-pod-cidrs.js';
import { allocateRouterIds } from './plan-router-ids.js';
import type {
  Plan,
  PlannedEntry,
  PlannedLbPool,
  PlannedNode,
  PlannedRouter,
  PlannedRouterInterface,
  ResolvedAdvertisement,
  ResolvedClusterBgp,
} from './plan-types.js';
import { Reporter } from './reporter.js';
import type { ClusterBgpSpec, ServiceSpec, Spec } from './schema.js';

export interface PlanResult {
  /** Undefined when the spec did not load (its diagnostics are in the LoadedSpec, not repeated here). */
  readonly plan?: Plan;
  /** Problems found while planning (not the loader's). */
  readonly diagnostics: Diagnostic[];
}

/** Size of an LB pool as LB-IPAM counts it: first/last are reserved only for CIDRs of 4+ addresses (/126 or shorter). */
export function lbPoolCapacity(prefix: Ipv6Prefix, allowFirstLastIPs: boolean): bigint {
  const size = prefix.size();
  return !allowFirstLastIPs && prefix.length <= 126 ? size - 2n : size;
}

export function resolveClusterBgp(asn: number, bgp: ClusterBgpSpec | undefined): ResolvedClusterBgp {
  const b = bgp ?? {};
  return {
    instanceName: b.instanceName ?? defaultInstanceName(asn),
    clusterConfigName: b.clusterConfigName ?? BGP_DEFAULTS.clusterConfigName,
    peerConfigName: b.peerConfigName ?? BGP_DEFAULTS.peerConfigName,
    ...(b.nodeSelector ? { nodeSelector: b.nodeSelector } : {}),
    ...(b.authSecretRef !== undefined ? { authSecretRef: b.authSecretRef } : {}),
    secretsNamespace: b.secretsNamespace ?? BGP_DEFAULTS.secretsNamespace,
    timers: {
      holdTimeSec: b.timers?.holdTimeSec ?? BGP_DEFAULTS.holdTimeSec,
      keepaliveTimeSec: b.timers?.keepaliveTimeSec ?? BGP_DEFAULTS.keepaliveTimeSec,
      connectRetryTimeSec: b.timers?.connectRetryTimeSec ?? BGP_DEFAULTS.connectRetryTimeSec,
    },
    ebgpMultihop: b.ebgpMultihop ?? BGP_DEFAULTS.ebgpMultihop,
    gracefulRestart: {
      enabled: b.gracefulRestart?.enabled ?? BGP_DEFAULTS.gracefulRestartEnabled,
      restartTimeSec: b.gracefulRestart?.restartTimeSec ?? BGP_DEFAULTS.gracefulRestartTimeSec,
    },
    families: b.families ? [...b.families] : [...BGP_DEFAULTS.families],
    advertisementLabels: { ...(b.advertisementLabels ?? BGP_DEFAULTS.advertisementLabels) },
  };
}

/** Service addresses the spec's workloads would advertise (one /128 path each per node session). */
function knownServiceAddresses(
  services: readonly ServiceSpec[],
  advertisements: readonly ResolvedAdvertisement[],
): number {
  const kinds = new Set(advertisements.flatMap((a) => a.addresses));
  let count = 0;
  for (const svc of services) {
    if (kinds.has('ClusterIP')) count++;
    if (kinds.has('LoadBalancerIP') && svc.type === 'LoadBalancer') count += Math.max(1, svc.requestedIPs?.length ?? 0);
    if (kinds.has('ExternalIP')) count += svc.externalIPs?.length ?? 0;
  }
  return count;
}

/**
 * Default maximum-prefix for a router's node peer group (it applies per node session):
 * 1 PodCIDR per node + 1 per LB pool and 1 for the service CIDR (aggregated announcements) + the Service
 * addresses the spec's workloads advertise + MAXIMUM_PREFIX_SERVICE_HEADROOM (1000) for Services created outside
 * the spec. For the homelab example: 1 + 1 + 1 + 7 + 1000 = 1010.
 */
export function defaultMaximumPrefix(lbPools: number, serviceAddresses: number): number {
  return 1 + lbPools + 1 + serviceAddresses + MAXIMUM_PREFIX_SERVICE_HEADROOM;
}

function routerInterface(name: string, vlan: number | undefined, text: string): PlannedRouterInterface {
  const p = Ipv6Prefix.parse(text);
  return { name, ...(vlan !== undefined ? { vlan } : {}), address: p.address, prefix: p.network() };
}

function buildPlan(spec: Spec, r: Reporter): Plan {
  const entries: PlannedEntry[] = spec.plan.map((e, i) => ({
    name: e.name,
    role: e.role,
    prefix: Ipv6Prefix.parse(e.prefix),
    ...(e.description !== undefined ? { description: e.description } : {}),
    ...(e.location !== undefined ? { location: e.location } : {}),
    path: ['plan', i],
  }));
  const entryIndex = (role: string) => spec.plan.findIndex((e) => e.role === role);
  const serviceIndex = entryIndex('service-cidr');
  const podIndex = entryIndex('pod-cidr');
  const nodeNetIndex = entryIndex('node-network');
  const loopIndex = entryIndex('loopbacks');

  const serviceCidr = serviceIndex >= 0 ? entries[serviceIndex]!.prefix.network() : undefined;
  const kubernetesServiceIp = serviceCidr && serviceCidr.size() > 1n ? serviceCidr.nth(1n) : undefined;

  const podEntry = podIndex >= 0 ? spec.plan[podIndex]! : undefined;
  const podPrefix = podIndex >= 0 ? entries[podIndex]!.prefix.network() : undefined;
  const nodeMaskSize = podEntry?.nodeMaskSize ?? DEFAULT_NODE_MASK_SIZE_IPV6;
  const podCidr =
    podPrefix && nodeMaskSize >= podPrefix.length
      ? { prefix: podPrefix, nodeMaskSize, capacity: podPrefix.subnetCount(nodeMaskSize) }
      : undefined;

  const lbPools: PlannedLbPool[] = [];
  spec.plan.forEach((e, i) => {
    if (e.role !== 'lb-pool') return;
    const prefix = entries[i]!.prefix.network();
    const allow = e.allowFirstLastIPs ?? DEFAULT_ALLOW_FIRST_LAST_IPS;
    lbPools.push({
      name: e.name,
      prefix,
      capacity: lbPoolCapacity(prefix, allow),
      allowFirstLastIPs: allow,
      ...(e.serviceSelector ? { serviceSelector: e.serviceSelector } : {}),
      path: ['plan', i],
    });
  });

  const nodeNetwork =
    nodeNetIndex >= 0
      ? {
          prefix: entries[nodeNetIndex]!.prefix.network(),
          ...(spec.plan[nodeNetIndex]!.vlan !== undefined ? { vlan: spec.plan[nodeNetIndex]!.vlan } : {}),
        }
      : undefined;

  const cluster = spec.cluster;
  const pods = allocatePodCidrs(cluster.nodes, podPrefix, nodeMaskSize, ['plan', podIndex], r);
  const ids = allocateRouterIds(cluster.nodes, spec.routers, cluster.asn, cluster.routerIdPool, r);
  const nodes: PlannedNode[] = cluster.nodes.map((n, i) => ({
    name: n.name,
    role: n.role,
    address: Ipv6Address.parse(n.address),
    ...(pods[i]!.podCidr ? { podCidr: pods[i]!.podCidr } : {}),
    podCidrSource: pods[i]!.source,
    ...(ids[i]!.routerId ? { routerId: ids[i]!.routerId } : {}),
    routerIdSource: ids[i]!.source,
    ...(n.macAddress !== undefined ? { macAddress: n.macAddress } : {}),
    labels: { ...defaultNodeLabels(n.name, n.role), ...(n.labels ?? {}) },
    path: ['cluster', 'nodes', i],
  }));

  const advertisements: ResolvedAdvertisement[] = (cluster.advertisements ?? []).map((a, i) => ({
    name: a.name,
    type: a.type,
    addresses: a.type === 'Service' ? [...(a.addresses ?? ALL_SERVICE_ADDRESSES)] : [],
    ...(a.type === 'Service' ? { selector: a.selector ?? 'all' } : {}),
    ...(a.aggregationLengthIPv6 !== undefined ? { aggregationLengthIPv6: a.aggregationLengthIPv6 } : {}),
    communities: a.communities ?? {},
    ...(a.localPreference !== undefined ? { localPreference: a.localPreference } : {}),
    path: ['cluster', 'advertisements', i],
  }));

  const services = spec.workloads?.services ?? [];
  const maximumPrefix = defaultMaximumPrefix(lbPools.length, knownServiceAddresses(services, advertisements));
  const upstream = spec.upstream;
  const routers: PlannedRouter[] = spec.routers.map((rt, i) => {
    const nodeInterface = routerInterface(rt.nodeInterface.name, rt.nodeInterface.vlan, rt.nodeInterface.address);
    return {
      name: rt.name,
      ...(rt.fqdn !== undefined ? { fqdn: rt.fqdn } : {}),
      asn: rt.asn,
      routerId: Ipv4Address.parse(rt.routerId),
      nodeInterface,
      ...(rt.loopback !== undefined ? { loopback: routerInterface('lo', undefined, rt.loopback) } : {}),
      uplinks: (rt.uplinks ?? []).map((u) => routerInterface(u.name, u.vlan, u.address)),
      listenRange:
        rt.listenRange !== undefined
          ? Ipv6Prefix.parse(rt.listenRange).network()
          : (nodeNetwork?.prefix ?? nodeInterface.prefix),
      exportToNodes: rt.exportToNodes ?? DEFAULT_EXPORT_TO_NODES,
      maximumPrefix: rt.maximumPrefix ?? maximumPrefix,
      upstreamNeighbors: (upstream?.neighbors ?? []).flatMap((nb, j) =>
        nb.router === rt.name
          ? [
              {
                address: Ipv6Address.parse(nb.address),
                asn: upstream!.asn,
                ...(nb.description !== undefined ? { description: nb.description } : {}),
                path: ['upstream', 'neighbors', j],
              },
            ]
          : [],
      ),
      path: ['routers', i],
    };
  });

  return {
    spec,
    aggregate: Ipv6Prefix.parse(spec.aggregate),
    entries,
    ...(serviceCidr ? { serviceCidr } : {}),
    ...(kubernetesServiceIp ? { kubernetesServiceIp } : {}),
    ...(podCidr ? { podCidr } : {}),
    lbPools,
    ...(nodeNetwork ? { nodeNetwork } : {}),
    ...(loopIndex >= 0 ? { loopbacks: entries[loopIndex]!.prefix.network() } : {}),
    ...(cluster.routerIdPool !== undefined ? { routerIdPool: Ipv4Prefix.parse(cluster.routerIdPool).network() } : {}),
    clusterName: cluster.name,
    clusterAsn: cluster.asn,
    nodes,
    bgp: resolveClusterBgp(cluster.asn, cluster.bgp),
    advertisements,
    routers,
    ...(upstream
      ? { upstream: { ...(upstream.name !== undefined ? { name: upstream.name } : {}), asn: upstream.asn } }
      : {}),
    services,
  };
}

/**
 * Plans a loaded spec. Pure and deterministic: the same spec always gives the same plan. Returns no plan when the
 * spec did not load; allocation problems come back as diagnostics (the plan is still returned, with the affected
 * nodes lacking a PodCIDR or router ID).
 */
export function planNetwork(loaded: LoadedSpec): PlanResult {
  if (!loaded.spec) return { diagnostics: [] };
  const reporter = new Reporter((path) => loaded.locate(path));
  try {
    const plan = buildPlan(loaded.spec, reporter);
    return { plan, diagnostics: [...reporter.diagnostics].sort(compareDiagnostics) };
  } catch (error) {
    // Defensive: the loader validated every value this parses; report rather than crash if that ever fails.
    reporter.report(
      'E_INTERNAL',
      [],
      `planning failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { diagnostics: [...reporter.diagnostics].sort(compareDiagnostics) };
  }
}
