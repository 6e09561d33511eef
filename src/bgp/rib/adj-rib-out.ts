/**
 * Adj-RIB-Out of one peer: what was last advertised per prefix (the exported attribute set), plus the changes staged
 * since the last flush. Staging the same thing twice, or staging back what was already sent, sends nothing; a flush
 * hands the packer the announcements grouped by attribute set (so many prefixes share one UPDATE) and the
 * withdrawals.
 */
import type { AttributeInterner, InternedAttributes } from './intern.js';
import { keyAfi, type PrefixKey } from './prefix-key.js';

/** What a flush sends: prefixes per attribute set, and withdrawn prefixes. */
export interface AdjRibOutCommit {
  readonly announce: ReadonlyMap<InternedAttributes, readonly PrefixKey[]>;
  readonly withdraw: readonly PrefixKey[];
}

function sameSet(a: InternedAttributes, b: InternedAttributes): boolean {
  return a === b || a.key === b.key;
}

export class AdjRibOut {
  readonly #sent = new Map<PrefixKey, InternedAttributes>();
  /** null: withdraw. Handles here hold no reference until committed. */
  readonly #pending = new Map<PrefixKey, InternedAttributes | null>();
  /** Prefixes advertised per AFI (index 1 IPv4, 2 IPv6). */
  readonly #counts = [0, 0, 0];

  constructor(readonly interner: AttributeInterner) {}

  /** Stages `attrs` (or a withdrawal when undefined) for `key`. */
  stage(key: PrefixKey, attrs: InternedAttributes | undefined): void {
    const sent = this.#sent.get(key);
    if (attrs === undefined) {
      if (sent === undefined) this.#pending.delete(key);
      else this.#pending.set(key, null);
      return;
    }
    if (sent !== undefined && sameSet(sent, attrs)) this.#pending.delete(key);
    else this.#pending.set(key, attrs);
  }

  /** RFC 2918 ROUTE-REFRESH: stages everything already sent to be sent again. */
  resendAll(): void {
    for (const [key, attrs] of this.#sent) this.#pending.set(key, attrs);
  }

  /** Number of staged changes. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Applies the staged changes to the sent table and returns them for sending. */
  commit(): AdjRibOutCommit {
    const announce = new Map<InternedAttributes, PrefixKey[]>();
    const withdraw: PrefixKey[] = [];
    for (const [key, attrs] of this.#pending) {
      const sent = this.#sent.get(key);
      if (attrs === null) {
        if (sent === undefined) continue;
        this.#sent.delete(key);
        this.interner.release(sent);
        this.#counts[keyAfi(key)]!--;
        withdraw.push(key);
        continue;
      }
      const held = this.interner.retain(attrs);
      this.#sent.set(key, held);
      if (sent !== undefined) this.interner.release(sent);
      else this.#counts[keyAfi(key)]!++;
      const group = announce.get(held);
      if (group === undefined) announce.set(held, [key]);
      else group.push(key);
    }
    this.#pending.clear();
    return { announce, withdraw };
  }

  /** The attribute set last sent for `key`. */
  get(key: PrefixKey): InternedAttributes | undefined {
    return this.#sent.get(key);
  }

  entries(): IterableIterator<[PrefixKey, InternedAttributes]> {
    return this.#sent.entries();
  }

  get size(): number {
    return this.#sent.size;
  }

  /** Prefixes currently advertised in one address family. */
  countOf(afi: 1 | 2): number {
    return this.#counts[afi]!;
  }

  /** Forgets everything (session down): nothing is sent. */
  clear(): void {
    for (const a of this.#sent.values()) this.interner.release(a);
    this.#sent.clear();
    this.#pending.clear();
    this.#counts.fill(0);
  }
}
