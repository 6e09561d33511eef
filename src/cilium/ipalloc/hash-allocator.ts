/**
 * The address allocator Cilium's LB-IPAM and the ip-pool router-ID mode use (reference §7.4, §3.3): a range
 * [first, last] of addresses; free space is a set of blocks kept in a min-heap ordered by block size, and
 * `allocAny` hands out the first (lowest) address of the smallest free block. A fresh range therefore yields its
 * addresses in ascending order, and after frees the smallest hole is refilled first. Ties between equal-size blocks
 * go to the lower block (Cilium's heap order for ties is unspecified; this keeps results deterministic).
 *
 * Values are bigints so the same code serves IPv4 and IPv6; owners are arbitrary values (`null` marks reserved
 * addresses such as a CIDR's first/last IP, which still count as used).
 */

interface Block {
  first: bigint;
  last: bigint;
  alive: boolean;
}

export class HashAllocator<O> {
  readonly first: bigint;
  readonly last: bigint;
  readonly #owners = new Map<bigint, O | null>();
  /** Free blocks sorted by first address (for specific allocations and frees). */
  #free: Block[] = [];
  /** Min-heap by (size, first) with lazy deletion (dead blocks are skipped). */
  #heap: Block[] = [];

  constructor(first: bigint, last: bigint) {
    if (last < first) throw new RangeError('allocator range is empty');
    this.first = first;
    this.last = last;
    const b: Block = { first, last, alive: true };
    this.#free.push(b);
    this.#push(b);
  }

  /** Number of addresses in the range. */
  size(): bigint {
    return this.last - this.first + 1n;
  }

  /** Number of allocated (including reserved) addresses. */
  used(): number {
    return this.#owners.size;
  }

  has(value: bigint): boolean {
    return this.#owners.has(value);
  }

  /** The owner of an allocated address (`null` for a reserved one), or undefined if free. */
  owner(value: bigint): O | null | undefined {
    return this.#owners.get(value);
  }

  /** Replaces the owner of an allocated address (Cilium `Update`); false if it is not allocated. */
  setOwner(value: bigint, owner: O | null): boolean {
    if (!this.#owners.has(value)) return false;
    this.#owners.set(value, owner);
    return true;
  }

  /** True while at least one address is free. */
  hasFree(): boolean {
    return this.#free.length > 0;
  }

  contains(value: bigint): boolean {
    return value >= this.first && value <= this.last;
  }

  /** The lowest address of the smallest free block, or undefined when full. */
  allocAny(owner: O | null): bigint | undefined {
    while (this.#heap.length > 0) {
      const top = this.#heap[0]!;
      if (!top.alive) {
        this.#pop();
        continue;
      }
      const value = top.first;
      if (top.first < top.last) {
        // Taking the lowest address shrinks the root block: its (size, first) key only gets smaller, so it stays
        // the heap's minimum and keeps its place among the free blocks. No split, no heap work.
        top.first = value + 1n;
      } else {
        this.#pop();
        this.#take(top, value);
      }
      this.#owners.set(value, owner);
      return value;
    }
    return undefined;
  }

  /** Allocate one specific address; false if it is outside the range or taken. */
  alloc(value: bigint, owner: O | null): boolean {
    if (!this.contains(value) || this.#owners.has(value)) return false;
    const i = this.#blockIndex(value);
    const b = this.#free[i];
    if (b === undefined || b.first > value || b.last < value) return false;
    this.#take(b, value);
    this.#owners.set(value, owner);
    return true;
  }

  /** Free an address; false if it was not allocated. Adjacent free blocks are merged. */
  free(value: bigint): boolean {
    if (!this.#owners.delete(value)) return false;
    let first = value;
    let last = value;
    const insertAt = this.#upperBound(value);
    const before = this.#free[insertAt - 1];
    const after = this.#free[insertAt];
    let removeFrom = insertAt;
    let removeCount = 0;
    if (before !== undefined && before.last + 1n === value) {
      first = before.first;
      before.alive = false;
      removeFrom = insertAt - 1;
      removeCount++;
    }
    if (after !== undefined && after.first - 1n === value) {
      last = after.last;
      after.alive = false;
      removeCount++;
    }
    const merged: Block = { first, last, alive: true };
    this.#free.splice(removeFrom, removeCount, merged);
    this.#push(merged);
    return true;
  }

  /** Every allocation in address order (for stats and snapshots). */
  *entries(): IterableIterator<[bigint, O | null]> {
    yield* [...this.#owners.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** Index of the first free block whose first address is > value. */
  #upperBound(value: bigint): number {
    let lo = 0;
    let hi = this.#free.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#free[mid]!.first <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the free block whose first address is the greatest <= value (or 0). */
  #blockIndex(value: bigint): number {
    let lo = 0;
    let hi = this.#free.length - 1;
    let ans = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.#free[mid]!.first <= value) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  /** Remove `value` from free block `b`, splitting it into at most two live blocks. */
  #take(b: Block, value: bigint): void {
    b.alive = false;
    const idx = this.#blockIndex(value);
    const parts: Block[] = [];
    if (b.first < value) parts.push({ first: b.first, last: value - 1n, alive: true });
    if (value < b.last) parts.push({ first: value + 1n, last: b.last, alive: true });
    this.#free.splice(idx, 1, ...parts);
    for (const p of parts) this.#push(p);
  }

  #less(a: Block, b: Block): boolean {
    const sa = a.last - a.first;
    const sb = b.last - b.first;
    return sa !== sb ? sa < sb : a.first < b.first;
  }

  #push(b: Block): void {
    const h = this.#heap;
    h.push(b);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.#less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.#less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
