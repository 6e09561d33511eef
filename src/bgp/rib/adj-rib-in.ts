/**
 * Adj-RIB-In of one peer: the paths as received (pre-policy, kept when `keepPrePolicy`, i.e. FRR
 * `soft-reconfiguration inbound`) and after the import policy (post-policy, what the Loc-RIB sees). When the
 * policy changes nothing the post-policy path is the very same object as the pre-policy one.
 */
import type { AttributeInterner, InternedAttributes } from './intern.js';
import type { Path, RibPeer } from './path.js';
import type { PrefixKey } from './prefix-key.js';

/**
 * An import (or export) policy over interned attributes: `undefined` denies; otherwise the attributes to use.
 * When the result is a different handle than `attrs`, the caller owns one reference of it.
 */
export type RibPolicy = (key: PrefixKey, attrs: InternedAttributes, peer: RibPeer) => InternedAttributes | undefined;

export class AdjRibIn {
  readonly #pre: Map<PrefixKey, Path> | undefined;
  readonly #post = new Map<PrefixKey, Path>();

  constructor(
    readonly peer: RibPeer,
    readonly interner: AttributeInterner,
    keepPrePolicy = true,
  ) {
    this.#pre = keepPrePolicy ? new Map() : undefined;
  }

  get keepsPrePolicy(): boolean {
    return this.#pre !== undefined;
  }

  /**
   * Stores a received path. `attrs` carries one reference owned by this call (from `interner.intern`). Returns the
   * post-policy path, or undefined when the policy denied it (any earlier post-policy path is dropped).
   */
  announce(key: PrefixKey, attrs: InternedAttributes, receivedMs: number, policy?: RibPolicy): Path | undefined {
    const path: Path = { peer: this.peer, attrs, receivedMs };
    if (this.#pre !== undefined) {
      const old = this.#pre.get(key);
      this.#pre.set(key, path);
      if (old !== undefined) this.interner.release(old.attrs);
    }
    return this.#applyImport(key, path, policy, this.#pre !== undefined);
  }

  #applyImport(key: PrefixKey, path: Path, policy: RibPolicy | undefined, prePolicyOwnsRef: boolean): Path | undefined {
    const oldPost = this.#post.get(key);
    let post: Path | undefined = path;
    if (policy !== undefined) {
      const out = policy(key, path.attrs, this.peer);
      if (out === undefined) post = undefined;
      else if (out !== path.attrs) post = { peer: this.peer, attrs: out, receivedMs: path.receivedMs };
    }
    // The post-policy path takes its own reference unless it is the pre-policy path object itself.
    if (post === path && prePolicyOwnsRef) {
      // shared object: one reference, held by the pre-policy side
    } else if (post === path) {
      // no pre-policy copy: the reference passed in belongs to the post-policy path
    } else if (!prePolicyOwnsRef) {
      this.interner.release(path.attrs); // the received set is not kept anywhere
    }
    if (oldPost !== undefined) this.#releasePost(key, oldPost);
    if (post === undefined) this.#post.delete(key);
    else this.#post.set(key, post);
    return post;
  }

  #releasePost(key: PrefixKey, old: Path): void {
    // A post-policy path shares the pre-policy reference only when it is the same object.
    if (this.#pre !== undefined && this.#pre.get(key) === old) return;
    this.interner.release(old.attrs);
  }

  /** Removes the path for `key`; true when a post-policy path was removed (the Loc-RIB must be told). */
  withdraw(key: PrefixKey): boolean {
    const post = this.#post.get(key);
    if (post !== undefined) {
      this.#post.delete(key);
      this.#releasePost(key, post);
    }
    if (this.#pre !== undefined) {
      const pre = this.#pre.get(key);
      if (pre !== undefined) {
        this.#pre.delete(key);
        this.interner.release(pre.attrs);
      }
    }
    return post !== undefined;
  }

  /**
   * Re-runs a (changed) import policy over the pre-policy table (soft reconfiguration). Calls `onChange` with the
   * new post-policy path (or undefined) for every prefix whose post-policy path changed.
   */
  reapplyImport(policy: RibPolicy | undefined, onChange: (key: PrefixKey, post: Path | undefined) => void): void {
    if (this.#pre === undefined) throw new Error('reapplyImport needs keepPrePolicy (soft-reconfiguration inbound)');
    for (const [key, path] of this.#pre) {
      const before = this.#post.get(key);
      const after = this.#applyImport(key, path, policy, true);
      if (before === after) continue;
      if (before !== undefined && after !== undefined && before.attrs === after.attrs) continue;
      onChange(key, after);
    }
  }

  postPolicy(key: PrefixKey): Path | undefined {
    return this.#post.get(key);
  }

  prePolicy(key: PrefixKey): Path | undefined {
    return this.#pre?.get(key);
  }

  /** Post-policy paths. */
  entries(): IterableIterator<[PrefixKey, Path]> {
    return this.#post.entries();
  }

  prePolicyEntries(): IterableIterator<[PrefixKey, Path]> {
    return (this.#pre ?? this.#post).entries();
  }

  get size(): number {
    return this.#post.size;
  }

  get prePolicySize(): number {
    return this.#pre?.size ?? this.#post.size;
  }

  /** Drops everything (session down); returns the keys that had a post-policy path. */
  clear(): PrefixKey[] {
    const keys = [...this.#post.keys()];
    for (const key of keys) this.withdraw(key);
    if (this.#pre !== undefined) for (const key of [...this.#pre.keys()]) this.withdraw(key);
    return keys;
  }
}
