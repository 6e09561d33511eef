/**
 * Family `router-id`: BGP identifiers of nodes and routers. IPv6-only nodes have no IPv4 address Cilium could take
 * as router ID, so they need one from the spec, the router-ID pool or (Cilium ≥ 1.17, default mode) the last four
 * bytes of the cilium_host MAC, which is not guaranteed unique.
 *
 * RFC 6286 §2.1: the BGP Identifier is a non-zero 4-octet value, unique within the AS. §2.2: an OPEN carrying the
 * receiver's own identifier is an error only from an internal peer; older RFC 4271 implementations reject it from
 * any peer.
 */
import { Ipv4Address } from '../../ip/index.js';
import type { DataPath, Plan } from '../../spec/plan-types.js';
import { type Finding, planRule, type Rule } from '../rule.js';

interface Speaker {
  readonly who: string;
  readonly asn: number;
  readonly routerId: Ipv4Address;
  readonly path: DataPath;
  readonly derived: boolean;
}

/** Router ID Cilium derives from a MAC in default mode (≥ 1.17, IPv6-only node): its last four bytes. */
export function routerIdFromMac(mac: string): Ipv4Address | undefined {
  const parts = mac.split(/[:-]/);
  if (parts.length < 4 || !parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p))) return undefined;
  const bytes = parts.slice(-4).map((p) => Number.parseInt(p, 16));
  return Ipv4Address.fromBytes(Uint8Array.from(bytes));
}

/** Every BGP speaker with its (explicit, pooled or MAC-derived) router ID. */
function speakers(plan: Plan): Speaker[] {
  const out: Speaker[] = [];
  for (const node of plan.nodes) {
    if (node.routerId !== undefined) {
      const path = [...node.path, node.routerIdSource === 'explicit' ? 'routerId' : 'name'];
      out.push({ who: `node '${node.name}'`, asn: plan.clusterAsn, routerId: node.routerId, path, derived: false });
    } else if (node.macAddress !== undefined) {
      const id = routerIdFromMac(node.macAddress);
      if (id !== undefined) {
        out.push({
          who: `node '${node.name}'`,
          asn: plan.clusterAsn,
          routerId: id,
          path: [...node.path, 'macAddress'],
          derived: true,
        });
      }
    }
  }
  for (const r of plan.routers) {
    out.push({
      who: `router '${r.name}'`,
      asn: r.asn,
      routerId: r.routerId,
      path: [...r.path, 'routerId'],
      derived: false,
    });
  }
  return out;
}

export const duplicate = planRule({
  id: 'router-id/duplicate',
  severity: 'error',
  doc: 'Two BGP speakers in the same AS have the same router ID (explicit, pooled or derived from the MAC): RFC 6286 requires AS-wide uniqueness.',
  checkPlan(plan) {
    const seen = new Map<string, Speaker>();
    const out: Finding[] = [];
    for (const s of speakers(plan)) {
      const key = `${s.asn}/${s.routerId.toNumber()}`;
      const prior = seen.get(key);
      if (prior === undefined) {
        seen.set(key, s);
        continue;
      }
      out.push({
        path: s.path,
        message: `${s.who} router ID ${s.routerId.toString()}${s.derived ? ' (derived from its MAC)' : ''} is also used by ${prior.who} in AS ${s.asn}`,
        hint: 'give every speaker its own router ID (or set cluster.routerIdPool)',
        related: [{ message: prior.who, path: prior.path }],
      });
    }
    return out;
  },
});

export const collidesWithPeer = planRule({
  id: 'router-id/collides-with-peer',
  severity: 'warning',
  doc: "A node's router ID equals a router's (different AS): RFC 6286 allows that for eBGP, but RFC 4271-strict speakers reject the OPEN as Bad BGP Identifier.",
  checkPlan(plan) {
    const routers = new Map(plan.routers.map((r) => [r.routerId.toNumber(), r]));
    const out: Finding[] = [];
    for (const s of speakers(plan)) {
      if (!s.who.startsWith('node')) continue;
      const r = routers.get(s.routerId.toNumber());
      if (r === undefined || r.asn === s.asn) continue;
      out.push({
        path: s.path,
        message: `${s.who} router ID ${s.routerId.toString()} equals its peer router '${r.name}' router ID`,
        hint: 'keep node and router IDs in separate ranges',
        related: [{ message: `router '${r.name}'`, path: [...r.path, 'routerId'] }],
      });
    }
    return out;
  },
});

export const invalid = planRule({
  id: 'router-id/invalid',
  severity: 'error',
  doc: 'A router ID is 0.0.0.0 (RFC 6286 §2.1: must be non-zero) or multicast 224.0.0.0/4: BGP speakers refuse it.',
  checkPlan(plan) {
    return speakers(plan)
      .filter((s) => s.routerId.isUnspecified() || s.routerId.isMulticast())
      .map((s) => ({
        path: s.path,
        message: `${s.who} router ID ${s.routerId.toString()} is ${s.routerId.isUnspecified() ? 'zero' : 'multicast'}`,
        hint: 'use a unicast IPv4 address, e.g. from 10.255.0.0/24',
      }));
  },
});

export const loopback = planRule({
  id: 'router-id/loopback',
  severity: 'warning',
  doc: 'A router ID is in 127.0.0.0/8: FRR and GoBGP accept it, but it looks like a local address in every tool and log.',
  checkPlan(plan) {
    return speakers(plan)
      .filter((s) => s.routerId.isLoopback())
      .map((s) => ({
        path: s.path,
        message: `${s.who} router ID ${s.routerId.toString()} is in 127.0.0.0/8`,
        hint: 'use a private range such as 10.255.0.0/24 instead',
      }));
  },
});

export const missing = planRule({
  id: 'router-id/missing',
  severity: 'warning',
  doc: 'A node has no router ID (no routerId, no routerIdPool, no MAC): IPv6-only Cilium falls back to the cilium_host MAC (≥ 1.17) or does not start the BGP instance (older).',
  checkPlan(plan) {
    return plan.nodes
      .filter((n) => n.routerId === undefined && n.macAddress === undefined)
      .map((n) => ({
        path: [...n.path, 'name'],
        message: `node '${n.name}' has no router ID`,
        hint: 'set cluster.routerIdPool (e.g. 10.255.0.0/24) or routerId on the node',
      }));
  },
});

export const routerIdRules: readonly Rule[] = [duplicate, collidesWithPeer, invalid, loopback, missing];
