/**
 * Per-node PodCIDR allocation.
 *
 * Rules (deterministic, and stable under appending nodes):
 * 1. Pinned `podCidr`s are honoured first. A pin must lie inside the pod-cidr prefix, have exactly `nodeMaskSize`
 *    bits and not repeat another pin; otherwise the node gets E_PINNED_POD_CIDR_CONFLICT and no PodCIDR.
 * 2. Every other node, in node-list order, gets the lowest-numbered free /nodeMaskSize subnet of the pod-cidr.
 *
 * Because allocation walks the list in order and always takes the first free subnet, a node appended at the end of
 * the list never changes the PodCIDR of any node before it; removing a node frees its subnet for the next node
 * added after it, but can shift the nodes *after* it. Pin PodCIDRs (`podCidr`) to freeze them across removals.
 * When the prefix runs out, the remaining nodes get none and one E_POD_CIDR_EXHAUSTED is reported.
 */
import { Ipv6Prefix } from '../ip/index.js';
import type { DataPath } from './plan-types.js';
import type { Reporter } from './reporter.js';
import type { NodeSpec } from './schema.js';

export interface PodCidrAssignment {
  readonly podCidr?: Ipv6Prefix;
  readonly source: 'pinned' | 'allocated' | 'none';
}

export function allocatePodCidrs(
  nodes: readonly NodeSpec[],
  pool: Ipv6Prefix | undefined,
  nodeMaskSize: number,
  poolPath: DataPath,
  r: Reporter,
): PodCidrAssignment[] {
  const out: PodCidrAssignment[] = nodes.map(() => ({ source: 'none' }));
  if (!pool) return out;
  const network = pool.network();
  if (nodeMaskSize < network.length || nodeMaskSize > 128) {
    r.report(
      'E_NODE_MASK_SIZE',
      [...poolPath, 'nodeMaskSize'],
      `nodeMaskSize /${nodeMaskSize} does not fit in the pod-cidr ${network.toString()}`,
      { hint: `use a value between ${network.length} and 128` },
    );
    return out;
  }
  const count = network.subnetCount(nodeMaskSize);
  const shift = BigInt(128 - nodeMaskSize);
  const base = network.networkBigInt();
  const used = new Map<bigint, number>();

  nodes.forEach((node, i) => {
    if (node.podCidr === undefined) return;
    const path: DataPath = ['cluster', 'nodes', i, 'podCidr'];
    const parsed = Ipv6Prefix.tryParse(node.podCidr);
    if (!parsed.ok) return; // reported by the loader
    const pin = parsed.value;
    let problem: string | undefined;
    if (!network.contains(pin)) problem = `is outside the pod-cidr ${network.toString()}`;
    else if (pin.length !== nodeMaskSize) problem = `is a /${pin.length}, nodeMaskSize is /${nodeMaskSize}`;
    else if (pin.hasHostBits()) problem = `has host bits set (did you mean ${pin.network().toString()}?)`;
    const index = (pin.networkBigInt() - base) >> shift;
    const holder = problem ? undefined : used.get(index);
    if (holder !== undefined) problem = `is already pinned by node '${nodes[holder]!.name}'`;
    if (problem) {
      r.report('E_PINNED_POD_CIDR_CONFLICT', path, `pinned PodCIDR ${node.podCidr} ${problem}`, {
        ...(holder !== undefined
          ? { related: [{ message: 'pinned here', path: ['cluster', 'nodes', holder, 'podCidr'] }] }
          : {}),
      });
      return;
    }
    used.set(index, i);
    out[i] = { podCidr: pin, source: 'pinned' };
  });

  let next = 0n;
  let exhaustedAt: number | undefined;
  let missing = 0;
  nodes.forEach((node, i) => {
    if (node.podCidr !== undefined) return;
    while (next < count && used.has(next)) next++;
    if (next >= count) {
      exhaustedAt ??= i;
      missing++;
      return;
    }
    used.set(next, i);
    out[i] = { podCidr: network.subnet(next, nodeMaskSize), source: 'allocated' };
    next++;
  });
  if (exhaustedAt !== undefined) {
    r.report(
      'E_POD_CIDR_EXHAUSTED',
      ['cluster', 'nodes', exhaustedAt],
      `the pod-cidr ${network.toString()} holds ${count} /${nodeMaskSize} PodCIDRs; ${missing} node(s) from ` +
        `'${nodes[exhaustedAt]!.name}' on get none`,
      {
        hint: 'use a shorter pod-cidr prefix or a longer nodeMaskSize',
        related: [{ message: 'pod-cidr', path: poolPath }],
      },
    );
  }
  return out;
}
