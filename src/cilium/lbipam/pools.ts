/**
 * LB-IPAM pools (reference §7.6, §7.7): the state kept per CiliumLoadBalancerIPPool, conflict settling between and
 * within pools, and the pool conditions.
 */
import type { CiliumLoadBalancerIpPool } from '../../k8s/kinds.js';
import type { K8sCondition } from '../../k8s/objects-core.js';
import { CiliumSemanticsError } from '../errors.js';
import { compileSelector, type LabelMatcher } from '../selector.js';
import {
  type BlockParse,
  formatRange,
  type LbRange,
  newRange,
  parseBlock,
  poolBlocks,
  rangesOverlap,
  reserveFirstLast,
} from './ranges.js';
import { LbIpamCondition, type LbIpamPoolResult } from './types.js';

export interface PoolState {
  readonly name: string;
  readonly order: number;
  pool: CiliumLoadBalancerIpPool;
  /** undefined = nil selector (serves every Service). */
  selector: LabelMatcher | undefined;
  conflict: { readonly message: string } | undefined;
  /** Set once the pool got its first PoolConflict condition. */
  conflictReason: 'cidr_overlap' | 'resolved';
}

function creationMs(pool: CiliumLoadBalancerIpPool): number {
  const t = pool.metadata.creationTimestamp;
  const ms = t === undefined ? Number.NaN : Date.parse(t);
  return Number.isNaN(ms) ? 0 : ms;
}

/** §7.7 settleConflicts: mark the newer of two overlapping pools (or a pool overlapping itself), unmark resolved. */
export function settleConflicts(pools: readonly PoolState[], ranges: readonly LbRange[]): void {
  const rangesOf = (p: PoolState) => ranges.filter((r) => r.pool === p.name);
  const internal = (rs: LbRange[]): [LbRange, LbRange] | undefined => {
    for (let i = 0; i < rs.length; i++)
      for (let j = i + 1; j < rs.length; j++) if (rangesOverlap(rs[i]!, rs[j]!)) return [rs[i]!, rs[j]!];
    return undefined;
  };
  const between = (a: LbRange[], b: LbRange[]): [LbRange, LbRange] | undefined => {
    for (const x of a) for (const y of b) if (rangesOverlap(x, y)) return [x, y];
    return undefined;
  };
  // Newer = later creationTimestamp; equal timestamps (Cilium: map order, undefined) → later in input order.
  const newer = (a: PoolState, b: PoolState) => {
    const ta = creationMs(a.pool);
    const tb = creationMs(b.pool);
    return ta !== tb ? ta > tb : a.order > b.order;
  };
  const mark = (target: PoolState, other: PoolState, tr: LbRange, or: LbRange) => {
    if (target.conflict !== undefined) return;
    target.conflict = {
      message: `Pool conflicts since range '${formatRange(tr)}' overlaps range '${formatRange(or)}' from IP Pool '${other.name}'`,
    };
    target.conflictReason = 'cidr_overlap';
    for (const r of rangesOf(target)) r.internallyDisabled = true;
  };
  for (const outer of pools) {
    if (outer.conflict !== undefined) continue;
    const outerRanges = rangesOf(outer);
    const self = internal(outerRanges);
    if (self !== undefined) {
      mark(outer, outer, self[0], self[1]);
      continue;
    }
    for (const inner of pools) {
      if (inner === outer || inner.conflict !== undefined) continue;
      const hit = between(outerRanges, rangesOf(inner));
      if (hit === undefined) continue;
      if (newer(inner, outer)) mark(inner, outer, hit[1], hit[0]);
      else mark(outer, inner, hit[0], hit[1]);
      break;
    }
  }
  for (const outer of pools) {
    if (outer.conflict === undefined) continue;
    const outerRanges = rangesOf(outer);
    if (internal(outerRanges) !== undefined) continue;
    if (pools.some((inner) => inner !== outer && between(outerRanges, rangesOf(inner)) !== undefined)) continue;
    outer.conflict = undefined;
    outer.conflictReason = 'resolved';
    for (const r of outerRanges) r.internallyDisabled = false;
  }
}

/** §7.6: the pool conditions (counts are big-int exact; reserved first/last IPs count as used). */
export function poolResult(p: PoolState, ranges: readonly LbRange[]): LbIpamPoolResult {
  let total = 0n;
  let used = 0n;
  for (const r of ranges) {
    if (r.pool !== p.name) continue;
    total += r.last - r.first + 1n;
    used += BigInt(r.alloc.used());
  }
  const gen = p.pool.metadata.generation;
  const cond = (type: string, status: K8sCondition['status'], reason: string, message: string): K8sCondition => ({
    type,
    status,
    reason,
    message,
    ...(gen !== undefined ? { observedGeneration: gen } : {}),
  });
  return {
    name: p.name,
    conflicting: p.conflict !== undefined,
    disabled: p.pool.spec.disabled === true,
    conditions: [
      p.conflict !== undefined
        ? cond(LbIpamCondition.poolConflict, 'True', 'cidr_overlap', p.conflict.message)
        : cond(LbIpamCondition.poolConflict, 'False', 'resolved', ''),
      cond(LbIpamCondition.ipsTotal, 'Unknown', 'noreason', total.toString()),
      cond(LbIpamCondition.ipsAvailable, 'Unknown', 'noreason', (total - used).toString()),
      cond(LbIpamCondition.ipsUsed, 'Unknown', 'noreason', used.toString()),
    ],
  };
}

export type PoolProblem = (code: 'E_LBIPAM_BLOCK' | 'E_LBIPAM_SELECTOR', pool: string, message: string) => void;

/** §1.6: the pool's serviceSelector (nil = every Service); one that does not convert selects nothing. */
export function compilePoolSelector(pool: CiliumLoadBalancerIpPool, onProblem: PoolProblem): LabelMatcher | undefined {
  if (pool.spec.serviceSelector === undefined) return undefined;
  try {
    return compileSelector(pool.spec.serviceSelector, 'nothing');
  } catch (e) {
    if (!(e instanceof CiliumSemanticsError)) throw e;
    onProblem('E_LBIPAM_SELECTOR', pool.metadata.name, e.message);
    return compileSelector(undefined, 'nothing');
  }
}

/** The ranges of a new pool, in `spec.blocks` order; first/last reserved per `allowFirstLastIPs: No` (§1.6). */
export function newPoolRanges(pool: CiliumLoadBalancerIpPool, onProblem: PoolProblem): LbRange[] {
  const out: LbRange[] = [];
  for (const block of poolBlocks(pool.spec)) {
    const parsed = parseBlock(block);
    if (!parsed.ok) {
      onProblem('E_LBIPAM_BLOCK', pool.metadata.name, parsed.message);
      continue;
    }
    const range = newRange(pool.metadata.name, parsed, pool.spec.disabled === true);
    if (parsed.fromCidr && pool.spec.allowFirstLastIPs === 'No') reserveFirstLast(range, true);
    out.push(range);
  }
  return out;
}

/**
 * §7.8 pool modification: the existing ranges whose block is gone, and ranges for new blocks. Unchanged ranges stay
 * (with their allocations); toggling allowFirstLastIPs reserves or frees their first/last IPs, and IPs already
 * given to Services stay theirs.
 */
export function changedPoolRanges(
  before: CiliumLoadBalancerIpPool,
  after: CiliumLoadBalancerIpPool,
  existing: readonly LbRange[],
): { removed: Set<LbRange>; added: LbRange[] } {
  const wasNo = before.spec.allowFirstLastIPs === 'No';
  const isNo = after.spec.allowFirstLastIPs === 'No';
  const wanted = poolBlocks(after.spec)
    .map((b) => parseBlock(b))
    .filter((b): b is Extract<BlockParse, { ok: true }> => b.ok);
  const same = (r: LbRange, b: (typeof wanted)[number]) =>
    r.family === b.family && r.first === b.first && r.last === b.last;
  const removed = new Set<LbRange>();
  for (const r of existing) {
    const match = wanted.find((b) => same(r, b));
    if (match === undefined) removed.add(r);
    else if (match.fromCidr && wasNo !== isNo) reserveFirstLast(r, isNo);
  }
  const added: LbRange[] = [];
  for (const b of wanted) {
    if (existing.some((r) => same(r, b))) continue;
    const range = newRange(after.metadata.name, b, false);
    if (b.fromCidr && isNo) reserveFirstLast(range, true);
    added.push(range);
  }
  return { removed, added };
}
