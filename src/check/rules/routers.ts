/**
 * Family `routers`: the VyOS routers' addresses — node interface on the node network, loopbacks /128 inside the
 * loopback block, listen ranges that cover every node, uplinks outside the cluster's prefixes. (Duplicate router
 * names are the loader's E_DUPLICATE_NAME.)
 */
import type { Plan } from '../../spec/plan-types.js';
import { count, type RouterAddress, routerAddresses } from '../facts.js';
import { type Finding, planRule, type Rule } from '../rule.js';

export const nodeInterfaceOutsideNodeNetwork = planRule({
  id: 'routers/node-interface-outside-node-network',
  severity: 'error',
  doc: "A router's node-interface address is not inside the node network: the nodes cannot reach it on-link to peer.",
  checkPlan(plan) {
    const net = plan.nodeNetwork?.prefix;
    if (net === undefined) return [];
    return plan.routers
      .filter((r) => !net.contains(r.nodeInterface.address))
      .map((r) => ({
        path: [...r.path, 'nodeInterface', 'address'],
        message: `router '${r.name}' node interface ${r.nodeInterface.address.toString()} is not in the node network ${net.toString()}`,
        hint: `give the router an address inside ${net.toString()}`,
      }));
  },
});

export const nodeInterfacePrefixLength = planRule({
  id: 'routers/node-interface-prefix-length',
  severity: 'warning',
  doc: "A router's node-interface prefix length differs from the node network's: the router's on-link route would not match the segment.",
  checkPlan(plan) {
    const net = plan.nodeNetwork?.prefix;
    if (net === undefined) return [];
    return plan.routers
      .filter((r) => net.contains(r.nodeInterface.address) && r.nodeInterface.prefix.length !== net.length)
      .map((r) => ({
        path: [...r.path, 'nodeInterface', 'address'],
        message: `router '${r.name}' node interface is a /${r.nodeInterface.prefix.length} but the node network is a /${net.length}`,
        hint: `write the interface address with /${net.length}`,
      }));
  },
});

export const duplicateAddress = planRule({
  id: 'routers/duplicate-address',
  severity: 'error',
  doc: 'Two router interfaces (node interface, loopback, uplink) have the same address.',
  checkPlan(plan) {
    const seen = new Map<bigint, RouterAddress>();
    const out: Finding[] = [];
    for (const r of routerAddresses(plan)) {
      const key = r.address.toBigInt();
      const prior = seen.get(key);
      if (prior === undefined) {
        seen.set(key, r);
        continue;
      }
      out.push({
        path: r.path,
        message: `router '${r.router.name}' ${r.what} ${r.address.toString()} is also router '${prior.router.name}' ${prior.what}`,
        hint: 'give every router interface its own address',
        related: [{ message: `router '${prior.router.name}' ${prior.what}`, path: prior.path }],
      });
    }
    return out;
  },
});

export const subnetRouterAnycast = planRule({
  id: 'routers/subnet-router-anycast',
  severity: 'warning',
  doc: 'A router uses the first address of the node network as unicast: that is the Subnet-Router anycast address (RFC 4291 §2.6.1) every router on the segment answers.',
  checkPlan(plan) {
    const net = plan.nodeNetwork?.prefix;
    if (net === undefined) return [];
    const anycast = net.first().toBigInt();
    return plan.routers
      .filter((r) => r.nodeInterface.address.toBigInt() === anycast)
      .map((r) => ({
        path: [...r.path, 'nodeInterface', 'address'],
        message: `router '${r.name}' uses the Subnet-Router anycast address ${r.nodeInterface.address.toString()} as its address`,
        hint: 'use ::1, ::2, ... for the routers',
      }));
  },
});

export const loopbackOutsideBlock = planRule({
  id: 'routers/loopback-outside-block',
  severity: 'error',
  doc: "A router loopback is not inside the plan's loopbacks block: the block is what gets filtered and announced for loopbacks.",
  checkPlan(plan) {
    const block = plan.loopbacks;
    if (block === undefined) return [];
    return plan.routers
      .filter((r) => r.loopback !== undefined && !block.contains(r.loopback.address))
      .map((r) => ({
        path: [...r.path, 'loopback'],
        message: `router '${r.name}' loopback ${r.loopback!.address.toString()} is not inside the loopbacks block ${block.toString()}`,
        hint: `pick a /128 inside ${block.toString()}`,
      }));
  },
});

export const loopbackNot128 = planRule({
  id: 'routers/loopback-not-128',
  severity: 'error',
  doc: "A router loopback is not a /128: each router would hold a connected route for the whole block and could not reach the other routers' loopbacks.",
  checkPlan(plan) {
    return plan.routers
      .filter((r) => r.loopback !== undefined && r.loopback.prefix.length !== 128)
      .map((r) => ({
        path: [...r.path, 'loopback'],
        message: `router '${r.name}' loopback ${r.loopback!.address.toString()}/${r.loopback!.prefix.length} is not a /128`,
        hint: 'write loopbacks as /128',
      }));
  },
});

export const listenRangeMissesNodes = planRule({
  id: 'routers/listen-range-misses-nodes',
  severity: 'error',
  doc: "Nodes whose address is outside a router's BGP listen range: the router refuses their sessions.",
  checkPlan(plan) {
    const out: Finding[] = [];
    for (const router of plan.routers) {
      const missed = plan.nodes.filter((n) => !router.listenRange.contains(n.address));
      if (missed.length === 0) continue;
      const first = missed[0]!;
      out.push({
        path: [...router.path, 'listenRange'],
        message: `router '${router.name}' listen range ${router.listenRange.toString()} misses ${count(missed.length, 'node')} (first: '${first.name}' ${first.address.toString()})`,
        hint: 'make the listen range cover the node network',
        related: [{ message: `node '${first.name}'`, path: [...first.path, 'address'] }],
      });
    }
    return out;
  },
});

export const uplinkOverlapsPlan = planRule({
  id: 'routers/uplink-overlaps-plan',
  severity: 'error',
  doc: 'A router uplink subnet overlaps a cluster plan entry (anything but router-uplink/reserved): the same addresses would be on-link in two places.',
  checkPlan(plan) {
    const cluster = plan.entries.filter((e) => e.role !== 'router-uplink' && e.role !== 'reserved');
    const out: Finding[] = [];
    for (const router of plan.routers) {
      router.uplinks.forEach((uplink, i) => {
        const hit = cluster.find((e) => e.prefix.overlaps(uplink.prefix));
        if (hit === undefined) return;
        out.push({
          path: [...router.path, 'uplinks', i, 'address'],
          message: `router '${router.name}' uplink ${uplink.prefix.toString()} overlaps ${hit.role} '${hit.name}' ${hit.prefix.toString()}`,
          hint: 'use a transfer network outside the cluster prefixes (or a router-uplink plan entry)',
          related: [{ message: `'${hit.name}'`, path: [...hit.path, 'prefix'] }],
        });
      });
    }
    return out;
  },
});

/**
 * Upper bound of the prefixes one node announces on its session: its PodCIDR (with a PodCIDR advertisement) plus one
 * /128 per advertised Service address (ClusterIP, LoadBalancer IPs, externalIPs) of the declared workloads.
 */
export function prefixesPerNodeSession(plan: Plan): number {
  const kinds = new Set(plan.advertisements.flatMap((a) => a.addresses));
  let count = plan.advertisements.some((a) => a.type === 'PodCIDR') ? 1 : 0;
  for (const svc of plan.services) {
    if (kinds.has('ClusterIP')) count++;
    if (kinds.has('LoadBalancerIP') && svc.type === 'LoadBalancer') count += Math.max(1, svc.requestedIPs?.length ?? 0);
    if (kinds.has('ExternalIP')) count += svc.externalIPs?.length ?? 0;
  }
  return count;
}

export const maximumPrefixTooLow = planRule({
  id: 'routers/maximum-prefix-too-low',
  severity: 'error',
  doc: "A router's maximumPrefix is below what one node announces (its PodCIDR plus the advertised Service addresses): the router tears the sessions down.",
  checkPlan(plan) {
    const needed = prefixesPerNodeSession(plan);
    return plan.routers
      .filter((r, i) => plan.spec.routers[i]?.maximumPrefix !== undefined && r.maximumPrefix < needed)
      .map((r) => ({
        path: [...r.path, 'maximumPrefix'],
        message: `router '${r.name}' maximumPrefix ${r.maximumPrefix} is below the ${needed} prefixes each node announces`,
        hint: 'raise maximumPrefix (leave it unset for a default with headroom)',
      }));
  },
});

export const singleRouter = planRule({
  id: 'routers/single-router',
  severity: 'info',
  doc: 'Only one router: the cluster loses all external connectivity when it restarts (graceful restart only bridges short restarts).',
  checkPlan(plan) {
    if (plan.routers.length !== 1) return [];
    return [
      {
        path: [...plan.routers[0]!.path, 'name'],
        message: `router '${plan.routers[0]!.name}' is the only router`,
        hint: 'add a second router on the node network for redundancy',
      },
    ];
  },
});

export const exportAllToNodes = planRule({
  id: 'routers/export-all-to-nodes',
  severity: 'warning',
  doc: "A router exports its whole table to the nodes: Cilium's import policy rejects every received route, so each node session carries the table for nothing.",
  checkPlan(plan) {
    return plan.routers
      .filter((r) => r.exportToNodes === 'all')
      .map((r) => ({
        path: [...r.path, 'exportToNodes'],
        message: `router '${r.name}' sends its whole table to ${count(plan.nodes.length, 'node')}, which Cilium discards`,
        hint: 'use exportToNodes: none (or default-route); nodes take their default route from RA or static config',
      }));
  },
});

export const routerRules: readonly Rule[] = [
  nodeInterfaceOutsideNodeNetwork,
  nodeInterfacePrefixLength,
  duplicateAddress,
  subnetRouterAnycast,
  loopbackOutsideBlock,
  loopbackNot128,
  listenRangeMissesNodes,
  uplinkOverlapsPlan,
  maximumPrefixTooLow,
  singleRouter,
  exportAllToNodes,
];
