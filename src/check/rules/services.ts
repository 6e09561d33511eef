/**
 * Family `services`: the declared workloads against Cilium LB-IPAM — pool capacity, requested IPs, sharing keys,
 * endpoints. Semantics from `reference/cilium-bgp-semantics.md` §7: LB-IPAM handles Services of type LoadBalancer
 * with no loadBalancerClass (or io.cilium/bgp-control-plane, io.cilium/l2-announcer); a requested IP must lie in a
 * pool whose serviceSelector matches (reasons no_pool / pool_selector_mismatch); an IP is held by one Service unless
 * a sharing key makes them compatible; first/last IPs are reserved when allowFirstLastIPs is No.
 */
import type { Ipv6Address } from '../../ip/index.js';
import type { Plan, PlannedLbPool } from '../../spec/plan-types.js';
import type { ServiceSpec } from '../../spec/schema.js';
import { count, percent, selectorMatches, tryAddress } from '../facts.js';
import { type Finding, planRule, type Rule } from '../rule.js';

const CILIUM_CLASSES = new Set(['io.cilium/bgp-control-plane', 'io.cilium/l2-announcer']);
/** Above this share of a pool's addresses in use, warn. */
export const LB_POOL_WARN_RATIO = 0.8;

/** True when Cilium LB-IPAM allocates for this Service. */
export function handledByLbIpam(svc: ServiceSpec): boolean {
  return (
    svc.type === 'LoadBalancer' && (svc.loadBalancerClass === undefined || CILIUM_CLASSES.has(svc.loadBalancerClass))
  );
}

/** The labels a pool's serviceSelector sees: the Service's own plus the namespace/name labels Cilium adds. */
function serviceLabels(svc: ServiceSpec): Record<string, string> {
  return {
    ...(svc.labels ?? {}),
    'io.kubernetes.service.namespace': svc.namespace ?? 'default',
    'io.kubernetes.service.name': svc.name,
  };
}

function poolSelects(pool: PlannedLbPool, svc: ServiceSpec): boolean {
  return pool.serviceSelector === undefined || selectorMatches(pool.serviceSelector, serviceLabels(svc));
}

function svcPath(i: number, ...rest: (string | number)[]) {
  return ['workloads', 'services', i, ...rest];
}

function withIndex(plan: Plan): { svc: ServiceSpec; i: number }[] {
  return plan.services.map((svc, i) => ({ svc, i }));
}

export const noMatchingPool = planRule({
  id: 'services/no-matching-pool',
  severity: 'error',
  doc: 'A LoadBalancer Service that LB-IPAM handles matches no lb-pool (none declared, or no serviceSelector selects it): it stays <pending>.',
  checkPlan(plan) {
    return withIndex(plan)
      .filter(({ svc }) => handledByLbIpam(svc) && !plan.lbPools.some((p) => poolSelects(p, svc)))
      .map(({ svc, i }) => ({
        path: svcPath(i, 'name'),
        message: `Service '${svc.name}' matches no LB pool${plan.lbPools.length === 0 ? ' (the plan has none)' : ''}`,
        hint: 'add an lb-pool plan entry, or widen a pool serviceSelector',
      }));
  },
});

/** Distinct addresses LB-IPAM must hand out: one per requested IP, else one per Service or sharing key. */
function demand(plan: Plan): { total: bigint; perPool: Map<PlannedLbPool, bigint> } {
  const perPool = new Map<PlannedLbPool, bigint>();
  const requested = new Set<bigint>();
  const sharing = new Set<string>();
  let total = 0n;
  const add = (pool: PlannedLbPool | undefined) => {
    total++;
    if (pool !== undefined) perPool.set(pool, (perPool.get(pool) ?? 0n) + 1n);
  };
  for (const svc of plan.services) {
    if (!handledByLbIpam(svc)) continue;
    const ips = (svc.requestedIPs ?? []).map(tryAddress).filter((x): x is Ipv6Address => x !== undefined);
    if (ips.length > 0) {
      for (const ip of ips) {
        if (requested.has(ip.toBigInt())) continue;
        requested.add(ip.toBigInt());
        add(plan.lbPools.find((p) => p.prefix.contains(ip)));
      }
      continue;
    }
    if (svc.sharingKey !== undefined) {
      const key = `${svc.namespace ?? 'default'}/${svc.sharingKey}`;
      if (sharing.has(key)) continue;
      sharing.add(key);
    }
    add(plan.lbPools.find((p) => poolSelects(p, svc)));
  }
  return { total, perPool };
}

function lbCapacity(plan: Plan): bigint {
  return plan.lbPools.reduce((sum, p) => sum + p.capacity, 0n);
}

export const lbPoolExhausted = planRule({
  id: 'services/lb-pool-exhausted',
  severity: 'error',
  doc: 'The LB pools hold fewer addresses than the declared LoadBalancer Services need (requested IPs, one per Service or sharing key): some stay <pending>.',
  checkPlan(plan) {
    const { total } = demand(plan);
    const capacity = lbCapacity(plan);
    if (plan.lbPools.length === 0 || total <= capacity) return [];
    const pool = plan.lbPools[0]!;
    return [
      {
        path: [...pool.path, 'prefix'],
        message: `${count(total, 'LoadBalancer address')} needed but the LB pools hold ${capacity}`,
        hint: 'use a larger lb-pool prefix (a /64 never runs out) or add a pool',
      },
    ];
  },
});

export const lbPoolNearlyFull = planRule({
  id: 'services/lb-pool-nearly-full',
  severity: 'warning',
  doc: 'More than 80% of an LB pool is needed by the declared Services: little room for new ones.',
  checkPlan(plan) {
    const { total, perPool } = demand(plan);
    if (total > lbCapacity(plan)) return [];
    const out: Finding[] = [];
    for (const pool of plan.lbPools) {
      const used = perPool.get(pool) ?? 0n;
      if (pool.capacity === 0n || Number(used) <= Number(pool.capacity) * LB_POOL_WARN_RATIO) continue;
      out.push({
        path: [...pool.path, 'prefix'],
        message: `LB pool '${pool.name}' ${pool.prefix.toString()}: ${used} of ${pool.capacity} addresses needed (${percent(used, pool.capacity)})`,
        hint: 'grow the pool before adding Services',
      });
    }
    return out;
  },
});

export const requestedIpOutsidePools = planRule({
  id: 'services/requested-ip-outside-pools',
  severity: 'error',
  doc: "A Service's requested IP is in no LB pool, or only in pools whose serviceSelector does not select the Service (LB-IPAM: no_pool / pool_selector_mismatch).",
  checkPlan(plan) {
    const out: Finding[] = [];
    for (const { svc, i } of withIndex(plan)) {
      if (!handledByLbIpam(svc)) continue;
      (svc.requestedIPs ?? []).forEach((text, j) => {
        const ip = tryAddress(text);
        if (ip === undefined) return;
        const containing = plan.lbPools.filter((p) => p.prefix.contains(ip));
        if (containing.some((p) => poolSelects(p, svc))) return;
        const first = containing[0];
        out.push({
          path: svcPath(i, 'requestedIPs', j),
          message:
            first === undefined
              ? `Service '${svc.name}' requests ${ip.toString()}, which is in no LB pool`
              : `Service '${svc.name}' requests ${ip.toString()} in pool '${first.name}', whose serviceSelector does not select it`,
          hint:
            first === undefined
              ? 'request an address inside an lb-pool entry'
              : "add the Service's labels to the pool selector",
          ...(first === undefined
            ? {}
            : { related: [{ message: `pool '${first.name}'`, path: [...first.path, 'prefix'] }] }),
        });
      });
    }
    return out;
  },
});

export const requestedIpDuplicate = planRule({
  id: 'services/requested-ip-duplicate',
  severity: 'error',
  doc: 'Two Services request the same IP without a common sharing key (and namespace): LB-IPAM gives it to one, the other stays <pending> (already_allocated).',
  checkPlan(plan) {
    const holders = new Map<bigint, { svc: ServiceSpec; i: number; j: number }>();
    const out: Finding[] = [];
    for (const { svc, i } of withIndex(plan)) {
      if (!handledByLbIpam(svc)) continue;
      (svc.requestedIPs ?? []).forEach((text, j) => {
        const ip = tryAddress(text);
        if (ip === undefined) return;
        const prior = holders.get(ip.toBigInt());
        if (prior === undefined) {
          holders.set(ip.toBigInt(), { svc, i, j });
          return;
        }
        const shared =
          svc.sharingKey !== undefined &&
          svc.sharingKey === prior.svc.sharingKey &&
          (svc.namespace ?? 'default') === (prior.svc.namespace ?? 'default');
        if (shared) return;
        out.push({
          path: svcPath(i, 'requestedIPs', j),
          message: `Service '${svc.name}' requests ${ip.toString()}, already requested by Service '${prior.svc.name}'`,
          hint: 'give both Services the same sharingKey (and distinct ports), or request another address',
          related: [{ message: `Service '${prior.svc.name}'`, path: svcPath(prior.i, 'requestedIPs', prior.j) }],
        });
      });
    }
    return out;
  },
});

export const requestedIpReserved = planRule({
  id: 'services/requested-ip-reserved',
  severity: 'warning',
  doc: 'A Service requests the first or last address of a pool with allowFirstLastIPs false: LB-IPAM keeps those reserved.',
  checkPlan(plan) {
    const out: Finding[] = [];
    for (const { svc, i } of withIndex(plan)) {
      (svc.requestedIPs ?? []).forEach((text, j) => {
        const ip = tryAddress(text);
        if (ip === undefined) return;
        const pool = plan.lbPools.find(
          (p) => !p.allowFirstLastIPs && (p.prefix.first().equals(ip) || p.prefix.last().equals(ip)),
        );
        if (pool === undefined) return;
        out.push({
          path: svcPath(i, 'requestedIPs', j),
          message: `Service '${svc.name}' requests ${ip.toString()}, a reserved first/last address of pool '${pool.name}'`,
          hint: 'request an address inside the pool, or set allowFirstLastIPs: true',
        });
      });
    }
    return out;
  },
});

export const requestedIpsIgnored = planRule({
  id: 'services/requested-ips-ignored',
  severity: 'warning',
  doc: 'requestedIPs on a Service LB-IPAM does not handle (not type LoadBalancer, or a foreign loadBalancerClass): they are ignored.',
  checkPlan(plan) {
    return withIndex(plan)
      .filter(({ svc }) => (svc.requestedIPs ?? []).length > 0 && !handledByLbIpam(svc))
      .map(({ svc, i }) => ({
        path: svcPath(i, 'requestedIPs'),
        message: `Service '${svc.name}' (${svc.type}${svc.loadBalancerClass === undefined ? '' : `, class ${svc.loadBalancerClass}`}) is not handled by LB-IPAM: requestedIPs are ignored`,
        hint: 'make it type LoadBalancer without a foreign loadBalancerClass, or drop requestedIPs',
      }));
  },
});

export const localWithoutEndpoints = planRule({
  id: 'services/local-without-endpoints',
  severity: 'warning',
  doc: 'A Service with externalTrafficPolicy Local has an empty endpoint list: no node advertises its address, so it is unreachable from outside.',
  checkPlan(plan) {
    return withIndex(plan)
      .filter(
        ({ svc }) => svc.externalTrafficPolicy === 'Local' && svc.endpoints !== undefined && svc.endpoints.length === 0,
      )
      .map(({ svc, i }) => ({
        path: svcPath(i, 'endpoints'),
        message: `Service '${svc.name}' is externalTrafficPolicy Local with no endpoints: nothing will announce it`,
        hint: 'run endpoints on at least one node, or use externalTrafficPolicy Cluster',
      }));
  },
});

export const externalIpOutsideAggregate = planRule({
  id: 'services/external-ip-outside-aggregate',
  severity: 'warning',
  doc: 'A Service externalIP lies outside the aggregate: it is announced by the nodes but the upstream will not route it to you.',
  checkPlan(plan) {
    const out: Finding[] = [];
    for (const { svc, i } of withIndex(plan)) {
      (svc.externalIPs ?? []).forEach((text, j) => {
        const ip = tryAddress(text);
        if (ip === undefined || plan.aggregate.contains(ip)) return;
        out.push({
          path: svcPath(i, 'externalIPs', j),
          message: `Service '${svc.name}' externalIP ${ip.toString()} is outside the aggregate ${plan.aggregate.toString()}`,
          hint: 'use an address inside the aggregate (e.g. from a reserved block)',
        });
      });
    }
    return out;
  },
});

export const externalIpInLbPool = planRule({
  id: 'services/external-ip-in-lb-pool',
  severity: 'warning',
  doc: 'A Service externalIP lies inside an LB pool: LB-IPAM does not know about externalIPs and can hand the same address to a LoadBalancer Service.',
  checkPlan(plan) {
    const out: Finding[] = [];
    for (const { svc, i } of withIndex(plan)) {
      (svc.externalIPs ?? []).forEach((text, j) => {
        const ip = tryAddress(text);
        const pool = ip === undefined ? undefined : plan.lbPools.find((p) => p.prefix.contains(ip));
        if (ip === undefined || pool === undefined) return;
        out.push({
          path: svcPath(i, 'externalIPs', j),
          message: `Service '${svc.name}' externalIP ${ip.toString()} is inside LB pool '${pool.name}' ${pool.prefix.toString()}`,
          hint: 'take externalIPs from a reserved plan entry outside every LB pool',
          related: [{ message: `pool '${pool.name}'`, path: [...pool.path, 'prefix'] }],
        });
      });
    }
    return out;
  },
});

export const serviceRules: readonly Rule[] = [
  noMatchingPool,
  lbPoolExhausted,
  lbPoolNearlyFull,
  requestedIpOutsidePools,
  requestedIpDuplicate,
  requestedIpReserved,
  requestedIpsIgnored,
  localWithoutEndpoints,
  externalIpOutsideAggregate,
  externalIpInLbPool,
];
