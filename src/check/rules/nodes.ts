/**
 * Family `nodes`: the Kubernetes nodes' addresses on the node network — inside it, unique, not a router's address,
 * not the Subnet-Router anycast address. Every rule is one pass over the nodes with a Map keyed by address value.
 */
import type { PlannedNode } from '../../spec/plan-types.js';
import { routerAddresses } from '../facts.js';
import { type Finding, planRule, type Rule } from '../rule.js';

export const addressOutsideNodeNetwork = planRule({
  id: 'nodes/address-outside-node-network',
  severity: 'error',
  doc: 'A node address is not inside the node network: the node cannot reach the routers on-link and no BGP session comes up.',
  checkPlan(plan) {
    const net = plan.nodeNetwork?.prefix;
    if (net === undefined) return [];
    const entry = plan.entries.find((e) => e.role === 'node-network');
    return plan.nodes
      .filter((n) => !net.contains(n.address))
      .map((n) => ({
        path: [...n.path, 'address'],
        message: `node '${n.name}' address ${n.address.toString()} is not in the node network ${net.toString()}`,
        hint: `give the node an address inside ${net.toString()}`,
        ...(entry === undefined
          ? {}
          : { related: [{ message: 'node network declared here', path: [...entry.path, 'prefix'] }] }),
      }));
  },
});

export const duplicateAddress = planRule({
  id: 'nodes/duplicate-address',
  severity: 'error',
  doc: 'Two nodes have the same address: duplicate address detection disables it on one of them.',
  checkPlan(plan) {
    const seen = new Map<bigint, PlannedNode>();
    const out: Finding[] = [];
    for (const node of plan.nodes) {
      const key = node.address.toBigInt();
      const prior = seen.get(key);
      if (prior === undefined) {
        seen.set(key, node);
        continue;
      }
      out.push({
        path: [...node.path, 'address'],
        message: `node '${node.name}' has the same address ${node.address.toString()} as node '${prior.name}'`,
        hint: 'give every node its own address',
        related: [{ message: `node '${prior.name}'`, path: [...prior.path, 'address'] }],
      });
    }
    return out;
  },
});

export const addressIsRouterAddress = planRule({
  id: 'nodes/address-is-router-address',
  severity: 'error',
  doc: "A node uses an address of a router (node interface, loopback or uplink): the node would answer for the router's peering address.",
  checkPlan(plan) {
    const routers = new Map(routerAddresses(plan).map((r) => [r.address.toBigInt(), r]));
    const out: Finding[] = [];
    for (const node of plan.nodes) {
      const r = routers.get(node.address.toBigInt());
      if (r === undefined) continue;
      out.push({
        path: [...node.path, 'address'],
        message: `node '${node.name}' address ${node.address.toString()} is router '${r.router.name}' ${r.what} address`,
        hint: 'pick a node address the routers do not use',
        related: [{ message: `router '${r.router.name}' ${r.what}`, path: r.path }],
      });
    }
    return out;
  },
});

export const subnetRouterAnycast = planRule({
  id: 'nodes/subnet-router-anycast',
  severity: 'error',
  doc: 'A node uses the first address of the node network: that is the Subnet-Router anycast address (RFC 4291 §2.6.1), answered by the routers.',
  checkPlan(plan) {
    const net = plan.nodeNetwork?.prefix;
    if (net === undefined) return [];
    const anycast = net.first().toBigInt();
    return plan.nodes
      .filter((n) => n.address.toBigInt() === anycast)
      .map((n) => ({
        path: [...n.path, 'address'],
        message: `node '${n.name}' address ${n.address.toString()} is the Subnet-Router anycast address of ${net.toString()}`,
        hint: 'start node addresses at ::10 or so, never at the network address',
      }));
  },
});

export const nodeRules: readonly Rule[] = [
  addressOutsideNodeNetwork,
  duplicateAddress,
  addressIsRouterAddress,
  subnetRouterAnycast,
];
