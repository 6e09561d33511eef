/**
 * Unsatisfied Services indexed by what could satisfy them, so that an event re-tries only the Services it may
 * help, in the same order and with the same outcome as re-trying every unsatisfied Service (reference §7: Cilium's
 * `satisfyServices` after a delete or update).
 *
 * A waiter (an unsatisfied Service) is registered under "reasons": a range it could allocate from, a requested IP,
 * a sharing key. Whatever may change a retry's outcome marks the reason changed (an IP freed in a range, the owners
 * of an IP, the IPs of a sharing key). Every waiter records when it was last tried; it needs a retry only if one of
 * its reasons changed after that. Re-trying a waiter that needs none is a no-op, which is why skipping it is exact.
 *
 * Time is a counter (`epoch`), not a clock. Each reason keeps its waiters sorted by arrival order (lazily: appended,
 * sorted when needed, stale entries dropped on the way), and a pass merges the changed reasons by order, so a pass
 * costs O(retried · log reasons) rather than O(unsatisfied Services).
 */

export interface Waiter {
  /** Arrival order: the order in which passes visit waiters. */
  readonly order: number;
  /** The epoch of the waiter's last try. */
  triedAt: number;
  /** Set by the index while the waiter is registered (spares a map lookup for the many that never wait). */
  waiting: boolean;
}

/** A reason key: any object (a range) or a string (`ip:…`, `key:…`). */
export type ReasonKey = object | string;

class Reason<W extends Waiter> {
  readonly members = new Set<W>();
  /** Members (and stale ex-members) by order; `sorted` tells whether that holds right now. */
  list: W[] = [];
  /** Entries before `head` are stale (dropped lazily from the front as passes find them). */
  head = 0;
  readonly listed = new Set<W>();
  sorted = true;
  changedAt = -1;

  add(w: W): void {
    if (this.members.has(w)) return;
    this.members.add(w);
    if (this.listed.has(w)) return;
    const last = this.list[this.list.length - 1];
    if (last !== undefined && last.order > w.order) this.sorted = false;
    this.list.push(w);
    this.listed.add(w);
  }

  /** Sorted, with stale entries dropped when they outnumber the members. */
  prepare(): void {
    if (this.list.length - this.head > 2 * this.members.size + 16 || this.head > this.list.length / 2) {
      this.list = this.list.filter((w) => this.members.has(w));
      this.head = 0;
      this.listed.clear();
      for (const w of this.list) this.listed.add(w);
    }
    if (!this.sorted) {
      this.list = this.list.slice(this.head).sort((a, b) => a.order - b.order);
      this.head = 0;
      this.sorted = true;
    }
  }

  /** Index of the first entry with order > `order`. */
  after(order: number): number {
    let lo = this.head;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.list[mid]!.order <= order) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

interface Cursor<W extends Waiter> {
  readonly key: ReasonKey;
  readonly reason: Reason<W>;
  index: number;
  /** Started at the head of the list, with this `changedAt`: completing it settles the reason. */
  readonly fromHead: boolean;
  readonly changedAtStart: number;
  /** An entry was passed over because it came before the pass's position (appended out of order mid-pass). */
  skipped: boolean;
}

export class RetryIndex<W extends Waiter> {
  #epoch = 0;
  readonly #reasons = new Map<ReasonKey, Reason<W>>();
  readonly #waiting = new Map<W, readonly ReasonKey[]>();
  /** Reasons changed since they were last settled. */
  readonly #changed = new Set<ReasonKey>();
  /** The running pass, to which a reason changed mid-pass joins from the current position. */
  #pass: { heap: Cursor<W>[]; order: number; active: Set<ReasonKey> } | undefined;

  get size(): number {
    return this.#waiting.size;
  }

  has(w: W): boolean {
    return w.waiting;
  }

  /** Records that `w` was just tried and is unsatisfied, waiting on `reasons` (replacing earlier ones). */
  wait(w: W, reasons: readonly ReasonKey[]): void {
    this.#unregister(w);
    this.#waiting.set(w, reasons);
    w.waiting = true;
    for (const key of reasons) {
      let r = this.#reasons.get(key);
      if (r === undefined) {
        r = new Reason<W>();
        this.#reasons.set(key, r);
      }
      r.add(w);
    }
    w.triedAt = this.#epoch;
  }

  /** `w` is satisfied or gone. */
  remove(w: W): void {
    if (!w.waiting) return;
    this.#unregister(w);
    this.#waiting.delete(w);
    w.waiting = false;
  }

  /** Something that may change the outcome of retries waiting on `key` happened. */
  changed(key: ReasonKey): void {
    this.#epoch++;
    const r = this.#reasons.get(key);
    if (r === undefined || r.members.size === 0) return;
    r.changedAt = this.#epoch;
    this.#changed.add(key);
    const pass = this.#pass;
    if (pass !== undefined && !pass.active.has(key)) {
      r.prepare();
      this.#push(pass.heap, {
        key,
        reason: r,
        index: r.after(pass.order),
        fromHead: false,
        changedAtStart: r.changedAt,
        skipped: false,
      });
      pass.active.add(key);
    }
  }

  /** Every waiter, in order (for passes that re-try everything, e.g. after a pool event). */
  all(): W[] {
    return [...this.#waiting.keys()].sort((a, b) => a.order - b.order);
  }

  clear(): void {
    for (const w of this.#waiting.keys()) w.waiting = false;
    this.#reasons.clear();
    this.#waiting.clear();
    this.#changed.clear();
  }

  /**
   * Visits, in order, every waiter one of whose changed reasons changed after its last try. `open(key)` false
   * stops visiting that reason for this pass (e.g. a range with no free address left: nobody waiting only on it can
   * get one). `retry` must leave the waiter registered anew (`wait`) or removed (`remove`).
   */
  pass(open: (key: ReasonKey) => boolean, retry: (w: W) => void): void {
    if (this.#changed.size === 0) return;
    const heap: Cursor<W>[] = [];
    const active = new Set<ReasonKey>();
    for (const key of this.#changed) {
      const r = this.#reasons.get(key);
      if (r === undefined || r.members.size === 0) {
        this.#changed.delete(key);
        continue;
      }
      r.prepare();
      this.#push(heap, { key, reason: r, index: r.head, fromHead: true, changedAtStart: r.changedAt, skipped: false });
      active.add(key);
    }
    const pass = { heap, order: -1, active };
    this.#pass = pass;
    try {
      while (heap.length > 0) {
        const c = heap[0]!;
        const w = c.reason.list[c.index];
        if (w === undefined) {
          this.#popTop(heap);
          // Visited from the head with no change since: every member is settled.
          const current = this.#reasons.get(c.key) === c.reason;
          if (current && c.fromHead && !c.skipped && c.reason.changedAt === c.changedAtStart)
            this.#changed.delete(c.key);
          continue;
        }
        if (!open(c.key)) {
          this.#popTop(heap);
          continue;
        }
        c.index++;
        this.#siftDown(heap, 0);
        if (!c.reason.members.has(w)) {
          if (c.reason.head === c.index - 1) {
            c.reason.head = c.index;
            c.reason.listed.delete(w);
          }
          continue;
        }
        if (w.triedAt >= c.reason.changedAt) continue;
        if (w.order < pass.order) {
          // Re-registered behind the position during this pass: its turn is the next pass, as with a full scan.
          c.skipped = true;
          continue;
        }
        pass.order = w.order;
        retry(w);
      }
    } finally {
      this.#pass = undefined;
    }
  }

  #unregister(w: W): void {
    if (!w.waiting) return;
    for (const key of this.#waiting.get(w) ?? []) {
      const r = this.#reasons.get(key);
      if (r === undefined) continue;
      r.members.delete(w);
      if (r.members.size === 0) {
        this.#reasons.delete(key);
        this.#changed.delete(key);
      }
    }
  }

  // A min-heap of cursors by the order of their current entry (exhausted cursors first, to be dropped).

  #orderOf(c: Cursor<W>): number {
    return c.reason.list[c.index]?.order ?? -1;
  }

  #push(heap: Cursor<W>[], c: Cursor<W>): void {
    heap.push(c);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.#orderOf(heap[p]!) <= this.#orderOf(heap[i]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  }

  #popTop(heap: Cursor<W>[]): void {
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    this.#siftDown(heap, 0);
  }

  #siftDown(heap: Cursor<W>[], start: number): void {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.#orderOf(heap[l]!) < this.#orderOf(heap[m]!)) m = l;
      if (r < heap.length && this.#orderOf(heap[r]!) < this.#orderOf(heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
}
