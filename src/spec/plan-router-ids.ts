/**
 * BGP router IDs for IPv6-only nodes (they have no IPv4 address Cilium could take one from).
 *
 * 1. An explicit `routerId` on a node is used as written (source `explicit`).
 * 2. Otherwise, with `cluster.routerIdPool`, nodes without one take, in node-list order, the next free address of
 *    the pool (source `pool`). Never handed out: the pool's network address, any address a node states explicitly,
 *    the router ID of any router in the cluster's own ASN (iBGP needs distinct IDs; eBGP peers may repeat them),
 *    0.0.0.0 (not a valid BGP identifier, RFC 6286 §2.2) and 224.0.0.0/4 (multicast).
 *    Like PodCIDRs, appending a node never changes the IDs of the nodes before it.
 * 3. Without a pool, nothing is derivable here (source `none`); the checks report what Cilium would do then.
 * When the pool runs out, the remaining nodes get none and one E_ROUTER_ID_POOL_EXHAUSTED is reported.
 */
import { Ipv4Address, Ipv4Prefix } from '../ip/index.js';
import type { Reporter } from './reporter.js';
import type { NodeSpec, RouterSpec } from './schema.js';

export interface RouterIdAssignment {
  readonly routerId?: Ipv4Address;
  readonly source: 'explicit' | 'pool' | 'none';
}

const MULTICAST_FIRST = 0xe000_0000;
const MULTICAST_END = 0xf000_0000; // first address after 224.0.0.0/4

/** True for addresses never used as a router ID: 0.0.0.0 and 224.0.0.0/4. */
export function isForbiddenRouterId(value: number): boolean {
  return value === 0 || (value >= MULTICAST_FIRST && value < MULTICAST_END);
}

export function allocateRouterIds(
  nodes: readonly NodeSpec[],
  routers: readonly RouterSpec[],
  clusterAsn: number,
  poolText: string | undefined,
  r: Reporter,
): RouterIdAssignment[] {
  const taken = new Set<number>();
  const out: RouterIdAssignment[] = nodes.map((node) => {
    if (node.routerId === undefined) return { source: 'none' };
    const parsed = Ipv4Address.tryParse(node.routerId);
    if (!parsed.ok) return { source: 'none' }; // reported by the loader
    taken.add(parsed.value.toNumber());
    return { routerId: parsed.value, source: 'explicit' };
  });
  for (const router of routers) {
    if (router.asn !== clusterAsn) continue;
    const parsed = Ipv4Address.tryParse(router.routerId);
    if (parsed.ok) taken.add(parsed.value.toNumber());
  }
  if (poolText === undefined) return out;
  const parsedPool = Ipv4Prefix.tryParse(poolText);
  if (!parsedPool.ok) return out;
  const pool = parsedPool.value.network();
  const first = pool.first().toNumber();
  const end = first + Number(pool.size()); // exclusive, at most 2^32: a safe integer

  let next = first + 1; // the network address is never handed out
  let exhaustedAt: number | undefined;
  let missing = 0;
  nodes.forEach((node, i) => {
    if (node.routerId !== undefined) return;
    for (;;) {
      if (next >= MULTICAST_FIRST && next < MULTICAST_END) next = MULTICAST_END;
      if (next >= end || !(taken.has(next) || isForbiddenRouterId(next))) break;
      next++;
    }
    if (next >= end) {
      exhaustedAt ??= i;
      missing++;
      return;
    }
    out[i] = { routerId: Ipv4Address.fromNumber(next), source: 'pool' };
    taken.add(next);
    next++;
  });
  if (exhaustedAt !== undefined) {
    r.report(
      'E_ROUTER_ID_POOL_EXHAUSTED',
      ['cluster', 'routerIdPool'],
      `routerIdPool ${pool.toString()} has no free address left for ${missing} node(s), from '${nodes[exhaustedAt]!.name}' on`,
      { hint: 'use a larger routerIdPool or give those nodes an explicit routerId' },
    );
  }
  return out;
}
