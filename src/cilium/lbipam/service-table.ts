/**
 * LB-IPAM's Services by namespace and name, iterated in arrival order (the order LB-IPAM processes them). Keys are
 * not joined into one string: at 100,000 Services, building and hashing `namespace/name` was a tenth of a sync.
 */
/** An entry knows its place in the arrival order (kept by the table). */
export interface Slotted {
  slot: number;
}

export class ServiceTable<E extends Slotted> {
  readonly #byNamespace = new Map<string, Map<string, E>>();
  /** Arrival order; deleted entries stay as `undefined` holes until compaction. */
  #order: (E | undefined)[] = [];
  #size = 0;
  #holes = 0;
  #walking = 0;

  get size(): number {
    return this.#size;
  }

  get(namespace: string, name: string): E | undefined {
    return this.#byNamespace.get(namespace)?.get(name);
  }

  /** Adds a new entry (the caller checked it is not there) at the end of the order. */
  add(namespace: string, name: string, entry: E): void {
    let names = this.#byNamespace.get(namespace);
    if (names === undefined) {
      names = new Map();
      this.#byNamespace.set(namespace, names);
    }
    names.set(name, entry);
    entry.slot = this.#order.length;
    this.#order.push(entry);
    this.#size++;
  }

  delete(namespace: string, name: string): void {
    const names = this.#byNamespace.get(namespace);
    const entry = names?.get(name);
    if (names === undefined || entry === undefined) return;
    names.delete(name);
    if (names.size === 0) this.#byNamespace.delete(namespace);
    this.#order[entry.slot] = undefined;
    this.#size--;
    if (++this.#holes > 64 && this.#holes > this.#order.length / 2 && this.#walking === 0) this.#compact();
  }

  forEach(fn: (entry: E) => void): void {
    // Entries added during the walk are visited too, as with a Map; no compaction meanwhile.
    this.#walking++;
    try {
      for (let i = 0; i < this.#order.length; i++) {
        const e = this.#order[i];
        if (e !== undefined) fn(e);
      }
    } finally {
      this.#walking--;
    }
  }

  #compact(): void {
    this.#order = this.#order.filter((e) => e !== undefined);
    this.#order.forEach((e, i) => {
      e!.slot = i;
    });
    this.#holes = 0;
  }
}
