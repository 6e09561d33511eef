/**
 * LB-IPAM ranges (reference §1.6, §7.4, §7.7): one range per pool block — a CIDR or a start/stop pair — with its own
 * allocator; the reserved first/last IPs of CIDR blocks under `allowFirstLastIPs: No`; overlap tests for conflicts.
 */
import { addressFromBigInt } from '../../ip/prefix-factory.js';
import { tryParsePrefix } from '../../ip/parse.js';
import { formatIpv4 } from '../../ip/text-ipv4.js';
import { formatIpv6 } from '../../ip/text-ipv6.js';
import type { CiliumLoadBalancerIpPoolSpec } from '../../k8s/objects.js';
import { HashAllocator } from '../ipalloc/hash-allocator.js';
import type { Holders } from './holders.js';
import { parseIp } from './service-view.js';

export interface LbRange {
  readonly pool: string;
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
  readonly fromCidr: boolean;
  /** Owners of each allocated IP: the Services sharing it; `null` marks a reserved first/last IP. */
  readonly alloc: HashAllocator<Holders>;
  /** Disabled because its pool conflicts (§7.7). */
  internallyDisabled: boolean;
  /** Disabled by the pool's `spec.disabled` (§1.6). */
  externallyDisabled: boolean;
}

export type BlockParse =
  | {
      readonly ok: true;
      readonly family: 4 | 6;
      readonly first: bigint;
      readonly last: bigint;
      readonly fromCidr: boolean;
    }
  | { readonly ok: false; readonly message: string };

/** The blocks of a pool: `blocks`, or the deprecated `cidrs` spelling (Cilium issue #32693). */
export function poolBlocks(spec: CiliumLoadBalancerIpPoolSpec): NonNullable<CiliumLoadBalancerIpPoolSpec['blocks']> {
  return spec.blocks ?? spec.cidrs ?? [];
}

/** §1.6: a block is a `cidr`, or `start` with an optional `stop` (a missing stop means one IP). */
export function parseBlock(block: {
  readonly cidr?: string;
  readonly start?: string;
  readonly stop?: string;
}): BlockParse {
  if (block.cidr !== undefined && block.cidr !== '') {
    const r = tryParsePrefix(block.cidr);
    if (!r.ok) return { ok: false, message: `error parsing cidr '${block.cidr}'` };
    // RangeFromPrefix masks the prefix: the network address is the first IP.
    return {
      ok: true,
      family: r.value.family,
      first: r.value.first().toBigInt(),
      last: r.value.last().toBigInt(),
      fromCidr: true,
    };
  }
  const start = parseIp(block.start ?? '');
  if (start === undefined) return { ok: false, message: `error parsing start ip '${block.start ?? ''}'` };
  if (block.stop === undefined || block.stop === '') {
    return { ok: true, family: start.family, first: start.value, last: start.value, fromCidr: false };
  }
  const stop = parseIp(block.stop);
  if (stop === undefined) return { ok: false, message: `error parsing stop ip '${block.stop}'` };
  if (stop.family !== start.family || stop.value < start.value) {
    return { ok: false, message: `start '${block.start}' and stop '${block.stop}' do not form a range` };
  }
  return { ok: true, family: start.family, first: start.value, last: stop.value, fromCidr: false };
}

/**
 * §1.6 / §7.4: with `allowFirstLastIPs: No` (exactly), a CIDR range of more than 2 addresses gets its first and last
 * IP "allocated" to nobody; they count as used. `reserve=false` frees them again (the toggle back to Yes).
 */
export function reserveFirstLast(range: LbRange, reserve: boolean): void {
  if (range.last - range.first < 2n) return; // same or adjacent: reserving would take the whole range
  if (reserve) {
    range.alloc.alloc(range.first, null);
    range.alloc.alloc(range.last, null);
  } else {
    if (range.alloc.owner(range.first) === null) range.alloc.free(range.first);
    if (range.alloc.owner(range.last) === null) range.alloc.free(range.last);
  }
}

export function newRange(pool: string, parsed: Extract<BlockParse, { ok: true }>, disabled: boolean): LbRange {
  return {
    pool,
    family: parsed.family,
    first: parsed.first,
    last: parsed.last,
    fromCidr: parsed.fromCidr,
    alloc: new HashAllocator<Holders>(parsed.first, parsed.last),
    internallyDisabled: false,
    externallyDisabled: disabled,
  };
}

/** §7.7: closed-interval intersection of two ranges (of one family). */
export function rangesOverlap(a: LbRange, b: LbRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function rangeContains(r: LbRange, family: 4 | 6, value: bigint): boolean {
  return r.family === family && value >= r.first && value <= r.last;
}

/** `<from> - <to>` as in the PoolConflict message. */
export function formatRange(r: LbRange): string {
  return `${addressFromBigInt(r.family, r.first).toString()} - ${addressFromBigInt(r.family, r.last).toString()}`;
}

export function formatIp(family: 4 | 6, value: bigint): string {
  return family === 6 ? formatIpv6(value) : formatIpv4(Number(value));
}
