import { IpErrorCode, IpRangeError } from './errors.js';
import { familyBits, hostMask } from './family.js';
import { prefixFromBigInt } from './prefix-factory.js';
import type { IpPrefix } from './types.js';

/**
 * First-free allocation of aligned sub-prefixes inside a parent prefix.
 *
 * Allocations are kept sorted by first address (they never overlap, so their last addresses are sorted too).
 * `allocate(length)` walks the gaps between them and returns the lowest aligned block that fits; a per-length
 * hint remembers how many leading gaps are known to be too small, so allocating many prefixes of one length in a
 * row costs O(1) each instead of a rescan.
 */
export class PrefixAllocator {
  /** The parent prefix (host bits cleared). */
  readonly parent: IpPrefix;
  readonly #prefixes: IpPrefix[] = [];
  readonly #firsts: bigint[] = [];
  readonly #lasts: bigint[] = [];
  /** length → k: the gaps before #prefixes[0..k-1] hold no free aligned block of that length. */
  readonly #hints = new Map<number, number>();
  readonly #parentFirst: bigint;
  readonly #parentLast: bigint;
  readonly #bits: number;

  /** An allocator with nothing allocated inside `parent`. */
  constructor(parent: IpPrefix) {
    this.parent = parent.network();
    this.#parentFirst = this.parent.networkBigInt();
    this.#parentLast = this.#parentFirst | hostMask(parent.family, parent.length);
    this.#bits = familyBits(parent.family);
  }

  /** Mark `p` (host bits cleared) as used; false if it is another family, outside the parent or overlaps an allocation. */
  reserve(p: IpPrefix): boolean {
    if (!this.parent.contains(p)) return false;
    const first = p.networkBigInt();
    const last = first | hostMask(p.family, p.length);
    const i = this.#lowerBound(first);
    if (i > 0 && this.#lasts[i - 1]! >= first) return false;
    if (i < this.#firsts.length && this.#firsts[i]! <= last) return false;
    this.#insert(i, p.network(), first, last);
    return true;
  }

  /** Allocate the lowest-addressed free aligned prefix of `length`; undefined when none is left. Throws `E_PREFIX_LENGTH` if `length` cannot fit the parent. */
  allocate(length: number): IpPrefix | undefined {
    this.#checkLength(length);
    const size = 1n << BigInt(this.#bits - length);
    const start = this.#hints.get(length) ?? 0;
    const n = this.#firsts.length;
    for (let j = start; j <= n; j++) {
      const gapStart = j === 0 ? this.#parentFirst : this.#lasts[j - 1]! + 1n;
      const gapEnd = j === n ? this.#parentLast : this.#firsts[j]! - 1n;
      const candidate = alignUp(gapStart, size);
      if (candidate + size - 1n <= gapEnd) {
        this.#hints.set(length, j);
        const p = prefixFromBigInt(this.parent.family, candidate, length);
        this.#insert(j, p, candidate, candidate + size - 1n);
        return p;
      }
    }
    this.#hints.set(length, n + 1);
    return undefined;
  }

  /** Free an allocation made by `allocate` or `reserve` (same network and length); returns whether one was freed. */
  release(p: IpPrefix): boolean {
    if (p.family !== this.parent.family) return false;
    const first = p.networkBigInt();
    const i = this.#lowerBound(first);
    if (i >= this.#firsts.length || this.#firsts[i] !== first || this.#prefixes[i]!.length !== p.length) return false;
    this.#prefixes.splice(i, 1);
    this.#firsts.splice(i, 1);
    this.#lasts.splice(i, 1);
    // The gap before the element now at i grew: hints past it are no longer proven.
    for (const [len, k] of this.#hints) if (k > i) this.#hints.set(len, i);
    return true;
  }

  /** Whether `p` (compared by network and length) is currently allocated or reserved. */
  isAllocated(p: IpPrefix): boolean {
    if (p.family !== this.parent.family) return false;
    const first = p.networkBigInt();
    const i = this.#lowerBound(first);
    return i < this.#firsts.length && this.#firsts[i] === first && this.#prefixes[i]!.length === p.length;
  }

  /** Current allocations, sorted by address (a fresh array). */
  allocated(): IpPrefix[] {
    return [...this.#prefixes];
  }

  /** How many more prefixes of `length` could still be allocated (free aligned blocks). Throws `E_PREFIX_LENGTH`. */
  freeCount(length: number): bigint {
    this.#checkLength(length);
    const size = 1n << BigInt(this.#bits - length);
    const n = this.#firsts.length;
    let total = 0n;
    for (let j = 0; j <= n; j++) {
      const gapStart = j === 0 ? this.#parentFirst : this.#lasts[j - 1]! + 1n;
      const gapEnd = j === n ? this.#parentLast : this.#firsts[j]! - 1n;
      if (gapEnd < gapStart) continue;
      // Aligned blocks [k*size, (k+1)*size - 1] with gapStart <= k*size and (k+1)*size - 1 <= gapEnd.
      const count = (gapEnd + 1n) / size - (gapStart + size - 1n) / size;
      if (count > 0n) total += count;
    }
    return total;
  }

  #insert(i: number, p: IpPrefix, first: bigint, last: bigint): void {
    this.#prefixes.splice(i, 0, p);
    this.#firsts.splice(i, 0, first);
    this.#lasts.splice(i, 0, last);
    // Gaps before index i are unchanged; the gap at i was split into two smaller ones; indices from i shift.
    for (const [len, k] of this.#hints) if (k > i) this.#hints.set(len, k + 1);
  }

  /** First index whose first address is >= `first`. */
  #lowerBound(first: bigint): number {
    let lo = 0;
    let hi = this.#firsts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#firsts[mid]! < first) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #checkLength(length: number): void {
    const bits = familyBits(this.parent.family);
    if (!Number.isInteger(length) || length < this.parent.length || length > bits) {
      throw new IpRangeError(
        IpErrorCode.prefixLength,
        `length ${String(length)} is not an integer in ${this.parent.length}..${bits} for ${this.parent.toString()}`,
      );
    }
  }
}

/** Smallest multiple of `size` that is >= `v`. */
function alignUp(v: bigint, size: bigint): bigint {
  return ((v + size - 1n) / size) * size;
}
