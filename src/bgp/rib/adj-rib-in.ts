/**
 * The pre-policy Adj-RIB-In of one peer: the attribute sets exactly as received, kept only when the peer is
 * configured for it (FRR `soft-reconfiguration inbound`), so a changed import policy can be re-applied without a
 * ROUTE-REFRESH. The post-policy Adj-RIB-In is the peer's candidates in the Loc-RIB (as in FRR).
 */
import type { AttributeInterner, InternedAttributes } from './intern.js';
import type { PrefixKey } from './prefix-key.js';

export class AdjRibIn {
  readonly #routes = new Map<PrefixKey, InternedAttributes>();

  constructor(readonly interner: AttributeInterner) {}

  /** Stores (a reference to) `attrs` for `key`, replacing what was there. */
  set(key: PrefixKey, attrs: InternedAttributes): void {
    const old = this.#routes.get(key);
    if (old === attrs) return;
    this.#routes.set(key, this.interner.retain(attrs));
    if (old !== undefined) this.interner.release(old);
  }

  /** Removes `key`; true when it was there. */
  delete(key: PrefixKey): boolean {
    const old = this.#routes.get(key);
    if (old === undefined) return false;
    this.#routes.delete(key);
    this.interner.release(old);
    return true;
  }

  get(key: PrefixKey): InternedAttributes | undefined {
    return this.#routes.get(key);
  }

  entries(): IterableIterator<[PrefixKey, InternedAttributes]> {
    return this.#routes.entries();
  }

  get size(): number {
    return this.#routes.size;
  }

  clear(): void {
    for (const a of this.#routes.values()) this.interner.release(a);
    this.#routes.clear();
  }
}
