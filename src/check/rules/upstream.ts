/**
 * Family `upstream`: the routers' sessions towards the backbone AS. Upstream neighbor addresses may lie outside
 * the aggregate (the transfer network belongs to the upstream), but must be reachable on an uplink.
 */
import { tryAddress } from '../facts.js';
import { type Finding, planRule, type Rule } from '../rule.js';

export const neighborNotOnLink = planRule({
  id: 'upstream/neighbor-not-on-link',
  severity: 'warning',
  doc: "An upstream neighbor address is on none of its router's uplink subnets: the eBGP session needs multihop and a route to the neighbor.",
  checkPlan(plan) {
    const byName = new Map(plan.routers.map((r) => [r.name, r]));
    const out: Finding[] = [];
    (plan.spec.upstream?.neighbors ?? []).forEach((nb, i) => {
      const router = byName.get(nb.router);
      const address = tryAddress(nb.address);
      if (router === undefined || address === undefined) return;
      if (router.uplinks.some((u) => u.prefix.contains(address))) return;
      out.push({
        path: ['upstream', 'neighbors', i, 'address'],
        message: `upstream neighbor ${address.toString()} is not on any uplink of router '${router.name}'`,
        hint: "add an uplink in the neighbor's subnet, or configure multihop towards it",
        related: [{ message: `router '${router.name}'`, path: [...router.path, 'name'] }],
      });
    });
    return out;
  },
});

export const routerWithoutNeighbor = planRule({
  id: 'upstream/router-without-neighbor',
  severity: 'warning',
  doc: 'An upstream is declared but a router has no session to it: that router attracts cluster traffic it cannot forward upstream.',
  checkPlan(plan) {
    const up = plan.spec.upstream;
    if (up === undefined) return [];
    const used = new Set(up.neighbors.map((nb) => nb.router));
    return plan.routers
      .filter((r) => !used.has(r.name))
      .map((r) => ({
        path: [...r.path, 'name'],
        message: `router '${r.name}' has no upstream neighbor`,
        hint: `add a neighbor with router: ${r.name} under upstream.neighbors`,
        related: [{ message: 'upstream declared here', path: ['upstream'] }],
      }));
  },
});

export const upstreamRules: readonly Rule[] = [neighborNotOnLink, routerWithoutNeighbor];
