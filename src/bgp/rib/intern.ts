/**
 * Path attribute interning: one shared, frozen `RibAttributes` per distinct set, found by its canonical key and
 * reference counted by the paths that use it. `intern` returns the shared handle with one more reference;
 * `release` drops one and removes the entry at zero, so a table with no paths holds no attribute sets.
 */
import { attributesKey, freezeAttributes, type RibAttributes } from './attributes.js';

/** The shared handle of an interned attribute set. Compare sets by identity (`a === b`). */
export class InternedAttributes {
  /** Number of holders (paths in RIBs) currently using this set; 0 once released from its table. */
  refs = 0;
  constructor(
    readonly key: string,
    readonly value: RibAttributes,
  ) {}
}

export class AttributeInterner {
  readonly #table = new Map<string, InternedAttributes>();

  /** The shared handle for `attrs` (copied and frozen on first sight), with its reference count raised by one. */
  intern(attrs: RibAttributes): InternedAttributes {
    const key = attributesKey(attrs);
    let entry = this.#table.get(key);
    if (entry === undefined) {
      entry = new InternedAttributes(key, freezeAttributes(attrs));
      this.#table.set(key, entry);
    }
    entry.refs++;
    return entry;
  }

  /** One more reference to an already interned handle (a second path using the same set). */
  retain(entry: InternedAttributes): InternedAttributes {
    if (entry.refs === 0 && this.#table.get(entry.key) !== entry) this.#table.set(entry.key, entry);
    entry.refs++;
    return entry;
  }

  /** Drops one reference; the entry leaves the table when none is left. */
  release(entry: InternedAttributes): void {
    if (entry.refs <= 0) return;
    entry.refs--;
    if (entry.refs === 0 && this.#table.get(entry.key) === entry) this.#table.delete(entry.key);
  }

  /** The interned handle for `attrs` if one exists, without taking a reference. */
  lookup(attrs: RibAttributes): InternedAttributes | undefined {
    return this.#table.get(attributesKey(attrs));
  }

  /** Number of distinct attribute sets held. */
  get size(): number {
    return this.#table.size;
  }

  has(entry: InternedAttributes): boolean {
    return this.#table.get(entry.key) === entry;
  }
}
