/**
 * Family `addressing`: what kind of addresses the plan uses — documentation or ULA space where a global prefix is
 * expected, link-local/multicast/loopback addresses where unicast is needed, an aggregate too long to be accepted by
 * upstream filters, a node network that is not a /64.
 */
import { type Ipv6Address, Ipv6Prefix } from '../../ip/index.js';
import type { DataPath } from '../../spec/plan-types.js';
import { routerAddresses } from '../facts.js';
import { type Finding, planRule, type Rule } from '../rule.js';

/** RFC 3849 §2 and RFC 9637 §3: IPv6 documentation prefixes. */
const DOCUMENTATION = [Ipv6Prefix.parse('2001:db8::/32'), Ipv6Prefix.parse('3fff::/20')];
/** RFC 4193 §3.1: unique local addresses. */
const ULA = Ipv6Prefix.parse('fc00::/7');

/** Blocks that never hold a unicast address a node or router can be reached at (RFC 4291 §2.4, §2.5.2-2.5.6, §2.7; RFC 3879). */
const SPECIAL: readonly { prefix: Ipv6Prefix; name: string }[] = [
  { prefix: Ipv6Prefix.parse('::/128'), name: 'the unspecified address' },
  { prefix: Ipv6Prefix.parse('::1/128'), name: 'the loopback address' },
  { prefix: Ipv6Prefix.parse('::ffff:0:0/96'), name: 'IPv4-mapped space' },
  { prefix: Ipv6Prefix.parse('fe80::/10'), name: 'link-local space' },
  { prefix: Ipv6Prefix.parse('fec0::/10'), name: 'deprecated site-local space (RFC 3879)' },
  { prefix: Ipv6Prefix.parse('ff00::/8'), name: 'multicast space' },
];

function specialBlockOf(x: Ipv6Prefix | Ipv6Address): string | undefined {
  for (const s of SPECIAL) {
    if (x instanceof Ipv6Prefix ? s.prefix.overlaps(x) : s.prefix.contains(x)) return s.name;
  }
  return undefined;
}

export const aggregateTooLong = planRule({
  id: 'addressing/aggregate-too-long',
  severity: 'warning',
  doc: 'The aggregate is longer than /48: most upstream and transit filters drop global IPv6 prefixes longer than /48, so it would not be reachable.',
  checkPlan(plan) {
    const agg = plan.aggregate;
    if (agg.length <= 48 || ULA.contains(agg)) return [];
    return [
      {
        path: ['aggregate'],
        message: `the aggregate ${agg.toString()} is longer than /48 and will likely be filtered by upstream networks`,
        hint: 'announce a /48 (or shorter) covering the plan',
      },
    ];
  },
});

export const documentationPrefix = planRule({
  id: 'addressing/documentation-prefix',
  severity: 'warning',
  doc: 'The aggregate is documentation space (2001:db8::/32, 3fff::/20): fine for examples and tests, never routed on the internet.',
  checkPlan(plan) {
    if (!DOCUMENTATION.some((d) => d.contains(plan.aggregate))) return [];
    return [
      {
        path: ['aggregate'],
        message: `the aggregate ${plan.aggregate.toString()} is documentation space (RFC 3849 / RFC 9637)`,
        hint: 'use your own global prefix for a real network',
      },
    ];
  },
});

export const ulaPrefix = planRule({
  id: 'addressing/ula-prefix',
  severity: 'info',
  doc: 'The aggregate is unique-local space (fc00::/7): pods and LoadBalancer IPs will not be reachable from the internet without NAT66/NPTv6.',
  checkPlan(plan) {
    if (!ULA.contains(plan.aggregate)) return [];
    return [
      {
        path: ['aggregate'],
        message: `the aggregate ${plan.aggregate.toString()} is unique-local (RFC 4193): not reachable from the internet`,
        hint: 'fine for a lab; use a global prefix for services that must be public',
      },
    ];
  },
});

export const specialAddress = planRule({
  id: 'addressing/special-address',
  severity: 'error',
  doc: 'A plan entry, node, router or upstream neighbor uses link-local, multicast, loopback, unspecified, IPv4-mapped or site-local space, where a routable unicast address is needed.',
  checkPlan(plan) {
    const out: Finding[] = [];
    const flag = (x: Ipv6Prefix | Ipv6Address, path: DataPath, what: string) => {
      const block = specialBlockOf(x);
      if (block !== undefined) {
        out.push({
          path,
          message: `${what} ${x.toString()} is in ${block}`,
          hint: 'use a global or ULA unicast address',
        });
      }
    };
    flag(plan.aggregate, ['aggregate'], 'the aggregate');
    for (const e of plan.entries) flag(e.prefix, [...e.path, 'prefix'], `plan entry '${e.name}'`);
    for (const n of plan.nodes) flag(n.address, [...n.path, 'address'], `node '${n.name}' address`);
    for (const r of routerAddresses(plan)) flag(r.address, r.path, `router '${r.router.name}' ${r.what}`);
    for (const r of plan.routers) {
      for (const nb of r.upstreamNeighbors) flag(nb.address, [...nb.path, 'address'], 'upstream neighbor');
    }
    // The same upstream neighbor entry may be planned into one router only; dedupe by path.
    const seen = new Set<string>();
    return out.filter((f) => {
      const key = JSON.stringify(f.path);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  },
});

export const nodeNetworkNot64 = planRule({
  id: 'addressing/node-network-not-64',
  severity: 'warning',
  doc: 'The node network is not a /64: SLAAC (RFC 4862) and many IPv6 tools assume /64 on-link subnets (RFC 7421); longer breaks SLAAC, shorter wastes a routing boundary.',
  checkPlan(plan) {
    const entry = plan.entries.find((e) => e.role === 'node-network');
    if (entry === undefined || entry.prefix.length === 64) return [];
    const longer = entry.prefix.length > 64;
    return [
      {
        path: [...entry.path, 'prefix'],
        message: longer
          ? `the node network ${entry.prefix.toString()} is longer than /64: SLAAC cannot work on it`
          : `the node network ${entry.prefix.toString()} is shorter than /64: one segment this large is unusual`,
        hint: 'use a /64 for the node segment',
      },
    ];
  },
});

export const addressingRules: readonly Rule[] = [
  aggregateTooLong,
  documentationPrefix,
  ulaPrefix,
  specialAddress,
  nodeNetworkNot64,
];
