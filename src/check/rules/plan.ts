/**
 * Family `plan`: the address plan as a whole — everything inside the aggregate, no overlaps, prefixes written
 * without host bits. (Missing or repeated roles and duplicate names are loader errors: E_ROLE_MISSING,
 * E_ROLE_DUPLICATE, E_DUPLICATE_NAME; a spec with those never reaches the checks.)
 *
 * Overlap policy (decided here, documented in `--rules`): any two plan entries that share an address are an error,
 * whatever their roles (a node network inside an LB pool, a pod prefix inside the service CIDR, an entry inside a
 * `reserved` block, two identical prefixes, ...). The one exception: `reserved` entries may nest or overlap each
 * other, since they all mean "keep free".
 */
import type { Ipv6Prefix } from '../../ip/index.js';
import type { DataPath, Plan, PlannedEntry } from '../../spec/plan-types.js';
import type { PlanRole } from '../../spec/schema.js';
import { tryPrefix } from '../facts.js';
import { type Finding, planRule, type Rule } from '../rule.js';

interface PlacedPrefix {
  readonly prefix: Ipv6Prefix;
  readonly path: DataPath;
  readonly what: string;
}

/** The prefixes and addresses that must lie inside the aggregate (uplinks and upstream neighbors may not). */
function mustBeInsideAggregate(plan: Plan): {
  prefixes: PlacedPrefix[];
  addresses: { path: DataPath; what: string; inside: boolean }[];
} {
  const prefixes: PlacedPrefix[] = plan.entries.map((e) => ({
    prefix: e.prefix,
    path: [...e.path, 'prefix'],
    what: `plan entry '${e.name}' (${e.role})`,
  }));
  const addresses: { path: DataPath; what: string; inside: boolean }[] = [];
  for (const node of plan.nodes) {
    addresses.push({
      path: [...node.path, 'address'],
      what: `node '${node.name}' address`,
      inside: plan.aggregate.contains(node.address),
    });
    if (node.podCidrSource === 'pinned' && node.podCidr !== undefined) {
      prefixes.push({ prefix: node.podCidr, path: [...node.path, 'podCidr'], what: `node '${node.name}' PodCIDR` });
    }
  }
  plan.routers.forEach((router, i) => {
    addresses.push({
      path: [...router.path, 'nodeInterface', 'address'],
      what: `router '${router.name}' node interface`,
      inside: plan.aggregate.contains(router.nodeInterface.address),
    });
    if (router.loopback !== undefined) {
      addresses.push({
        path: [...router.path, 'loopback'],
        what: `router '${router.name}' loopback`,
        inside: plan.aggregate.contains(router.loopback.address),
      });
    }
    if (plan.spec.routers[i]?.listenRange !== undefined) {
      prefixes.push({
        prefix: router.listenRange,
        path: [...router.path, 'listenRange'],
        what: `router '${router.name}' listen range`,
      });
    }
  });
  return { prefixes, addresses };
}

export const prefixOutsideAggregate = planRule({
  id: 'plan/prefix-outside-aggregate',
  severity: 'error',
  doc: 'Plan entries, node addresses, router node-interface addresses, loopbacks, listen ranges and pinned PodCIDRs must lie inside the aggregate (uplinks and upstream neighbors may not).',
  checkPlan(plan) {
    const agg = plan.aggregate;
    const hint = `use a prefix inside ${agg.network().toString()}, or widen the aggregate`;
    const out: Finding[] = [];
    const { prefixes, addresses } = mustBeInsideAggregate(plan);
    for (const p of prefixes) {
      if (!agg.contains(p.prefix)) {
        out.push({
          path: p.path,
          message: `${p.what} ${p.prefix.toString()} is not inside the aggregate ${agg.toString()}`,
          hint,
          related: [{ message: 'aggregate declared here', path: ['aggregate'] }],
        });
      }
    }
    for (const a of addresses) {
      if (!a.inside) {
        out.push({
          path: a.path,
          message: `${a.what} is not inside the aggregate ${agg.toString()}`,
          hint,
          related: [{ message: 'aggregate declared here', path: ['aggregate'] }],
        });
      }
    }
    return out;
  },
});

function overlapAllowed(a: PlanRole, b: PlanRole): boolean {
  return a === 'reserved' && b === 'reserved';
}

function entryIndex(e: PlannedEntry): number {
  const last = e.path[e.path.length - 1];
  return typeof last === 'number' ? last : 0;
}

export const prefixOverlap = planRule({
  id: 'plan/prefix-overlap',
  severity: 'error',
  doc: 'No two plan entries may share addresses (node network vs LB pool, pods vs services, anything inside a reserved block, duplicates); only reserved blocks may overlap each other.',
  checkPlan(plan) {
    // Sort by network then length: a prefix's containers come before it, so a stack sweep finds every overlap in
    // O(n log n) (two IPv6 prefixes overlap only when one contains the other).
    const sorted = [...plan.entries].sort((a, b) => {
      const na = a.prefix.networkBigInt();
      const nb = b.prefix.networkBigInt();
      if (na !== nb) return na < nb ? -1 : 1;
      if (a.prefix.length !== b.prefix.length) return a.prefix.length - b.prefix.length;
      return entryIndex(a) - entryIndex(b);
    });
    const stack: PlannedEntry[] = [];
    const out: Finding[] = [];
    for (const entry of sorted) {
      while (stack.length > 0 && !stack[stack.length - 1]!.prefix.contains(entry.prefix)) stack.pop();
      for (let i = stack.length - 1; i >= 0; i--) {
        const outer = stack[i]!;
        if (overlapAllowed(outer.role, entry.role)) continue;
        // Report at the entry written later; the earlier one is the related side.
        const [first, second] = entryIndex(outer) <= entryIndex(entry) ? [outer, entry] : [entry, outer];
        const same = outer.prefix.length === entry.prefix.length;
        out.push({
          path: [...second.path, 'prefix'],
          message: same
            ? `${second.role} '${second.name}' ${second.prefix.toString()} is the same prefix as ${first.role} '${first.name}'`
            : `${second.role} '${second.name}' ${second.prefix.toString()} overlaps ${first.role} '${first.name}' ${first.prefix.toString()}`,
          hint:
            first.role === 'reserved' || second.role === 'reserved'
              ? 'a reserved block is kept free: move the other entry out of it'
              : 'give each role its own, disjoint prefix',
          related: [
            { message: `'${first.name}' ${first.prefix.toString()} is declared here`, path: [...first.path, 'prefix'] },
          ],
        });
      }
      stack.push(entry);
    }
    return out;
  },
});

export const hostBits = planRule({
  id: 'plan/host-bits',
  severity: 'error',
  doc: 'A prefix is written with host bits set (e.g. 2001:db8::1/48): it is ambiguous whether the network or the address was meant, and Kubernetes, Cilium and VyOS treat it differently.',
  checkPlan(plan) {
    const candidates: { text: unknown; path: DataPath; what: string }[] = [
      { text: plan.spec.aggregate, path: ['aggregate'], what: 'aggregate' },
    ];
    plan.spec.plan.forEach((e, i) => {
      candidates.push({ text: e.prefix, path: ['plan', i, 'prefix'], what: `plan entry '${e.name}'` });
    });
    plan.spec.routers.forEach((r, i) => {
      candidates.push({
        text: r.listenRange,
        path: ['routers', i, 'listenRange'],
        what: `router '${r.name}' listenRange`,
      });
    });
    const out: Finding[] = [];
    for (const c of candidates) {
      const prefix = tryPrefix(c.text);
      if (prefix?.hasHostBits()) {
        out.push({
          path: c.path,
          message: `${c.what} ${String(c.text)} has host bits set beyond /${prefix.length}`,
          hint: `write the network address: ${prefix.network().toString()}`,
        });
      }
    }
    return out;
  },
});

export const planRules: readonly Rule[] = [prefixOutsideAggregate, prefixOverlap, hostBits];
