/**
 * A hash map from prefix keys to values that keeps no string and no entry object per prefix: the key's bytes live in
 * one Uint8Array, the values in one array, and the index is an open-addressing table of Int32 (linear probing,
 * backward-shift deletion, so no tombstones in the index). A probe compares 30-bit hashes held next to the index
 * before it touches any key bytes. This is the Loc-RIB's table: a million prefixes are three typed arrays and one
 * array instead of a million strings and map entries (memory, and work for the garbage collector).
 *
 * Iteration is in insertion order (deleted entries leave holes until the next compaction) and sees a snapshot of the
 * arrays: changing the table while iterating is safe, the iterator just may not see the change.
 */
import type { PrefixKey } from './prefix-key.js';

/** Room per key: its length (1..17) then its chars (family/length char and up to 16 prefix bytes). */
const STRIDE = 18;
const EMPTY = 0;

function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

export class PrefixTable<V> {
  /** Index: entry number + 1, or 0 for a free slot. Length a power of two, at most half full. */
  #index = new Int32Array(64);
  /** Per entry: the hash of its key (-1 once deleted). */
  #hashes = new Int32Array(32);
  #keys = new Uint8Array(32 * STRIDE);
  #values: (V | undefined)[] = [];
  /** Entries written (live and deleted). */
  #used = 0;
  #size = 0;
  /** The last `get`: a `set` of the same key right after it (the Loc-RIB's insert) reuses its probe. */
  #memoKey: string | undefined;
  #memoHash = 0;
  #memoSlot = 0;

  get size(): number {
    return this.#size;
  }

  #keyAt(e: number, key: string): boolean {
    const keys = this.#keys;
    const o = e * STRIDE;
    if (keys[o] !== key.length) return false;
    for (let i = 0; i < key.length; i++) if (keys[o + 1 + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  /** The index slot holding `key`, or -1 - (the free slot where it would go). */
  #find(key: string, hash: number): number {
    const index = this.#index;
    const mask = index.length - 1;
    const hashes = this.#hashes;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const v = index[s]!;
      if (v === EMPTY) return -1 - s;
      if (hashes[v - 1] === hash && this.#keyAt(v - 1, key)) return s;
    }
  }

  get(key: PrefixKey): V | undefined {
    const hash = hashOf(key);
    const s = this.#find(key, hash);
    this.#memoKey = key;
    this.#memoHash = hash;
    this.#memoSlot = s;
    return s < 0 ? undefined : this.#values[this.#index[s]! - 1];
  }

  has(key: PrefixKey): boolean {
    return this.#find(key, hashOf(key)) >= 0;
  }

  set(key: PrefixKey, value: V): void {
    const memo = key === this.#memoKey;
    this.#memoKey = undefined;
    const hash = memo ? this.#memoHash : hashOf(key);
    const s = memo ? this.#memoSlot : this.#find(key, hash);
    if (s >= 0) {
      this.#values[this.#index[s]! - 1] = value;
      return;
    }
    if (key.length >= STRIDE) throw new RangeError(`prefix key of ${key.length} chars`);
    if (this.#used === this.#hashes.length) this.#growEntries();
    if (2 * (this.#size + 1) > this.#index.length) {
      this.#rebuildIndex(this.#index.length * 2);
      this.#insertAt(-1 - this.#find(key, hash), key, hash, value);
      return;
    }
    this.#insertAt(-1 - s, key, hash, value);
  }

  #insertAt(slot: number, key: string, hash: number, value: V): void {
    const e = this.#used++;
    this.#hashes[e] = hash;
    const o = e * STRIDE;
    this.#keys[o] = key.length;
    for (let i = 0; i < key.length; i++) this.#keys[o + 1 + i] = key.charCodeAt(i);
    this.#values[e] = value;
    this.#index[slot] = e + 1;
    this.#size++;
  }

  delete(key: PrefixKey): boolean {
    this.#memoKey = undefined;
    const hash = hashOf(key);
    let s = this.#find(key, hash);
    if (s < 0) return false;
    const e = this.#index[s]! - 1;
    this.#hashes[e] = -1;
    this.#keys[e * STRIDE] = 0;
    this.#values[e] = undefined;
    this.#size--;
    // backward-shift deletion: move later members of the probe run into the hole
    const index = this.#index;
    const mask = index.length - 1;
    for (let t = (s + 1) & mask; index[t] !== EMPTY; t = (t + 1) & mask) {
      const home = this.#hashes[index[t]! - 1]! & mask;
      // the entry at t may fill s when its home is not cyclically within (s, t]
      if ((t > s && (home <= s || home > t)) || (t < s && home <= s && home > t)) {
        index[s] = index[t]!;
        s = t;
      }
    }
    index[s] = EMPTY;
    // many holes: compact the entries (and rebuild the index) once they outnumber the live ones
    if (this.#used > 64 && this.#size < this.#used / 2) this.#compact();
    return true;
  }

  clear(): void {
    this.#memoKey = undefined;
    this.#index = new Int32Array(64);
    this.#hashes = new Int32Array(32);
    this.#keys = new Uint8Array(32 * STRIDE);
    this.#values = [];
    this.#used = 0;
    this.#size = 0;
  }

  #growEntries(): void {
    const n = this.#hashes.length * 2;
    const hashes = new Int32Array(n);
    hashes.set(this.#hashes);
    const keys = new Uint8Array(n * STRIDE);
    keys.set(this.#keys);
    this.#hashes = hashes;
    this.#keys = keys;
  }

  #rebuildIndex(length: number): void {
    const index = new Int32Array(length);
    const mask = length - 1;
    for (let e = 0; e < this.#used; e++) {
      const h = this.#hashes[e]!;
      if (h < 0) continue;
      let s = h & mask;
      while (index[s] !== EMPTY) s = (s + 1) & mask;
      index[s] = e + 1;
    }
    this.#index = index;
  }

  /** Drops deleted entries (new arrays: running iterators keep their snapshot). */
  #compact(): void {
    const n = Math.max(32, this.#hashes.length);
    const hashes = new Int32Array(n);
    const keys = new Uint8Array(n * STRIDE);
    const values: (V | undefined)[] = [];
    let w = 0;
    for (let e = 0; e < this.#used; e++) {
      if (this.#hashes[e]! < 0) continue;
      hashes[w] = this.#hashes[e]!;
      keys.set(this.#keys.subarray(e * STRIDE, (e + 1) * STRIDE), w * STRIDE);
      values[w] = this.#values[e];
      w++;
    }
    this.#hashes = hashes;
    this.#keys = keys;
    this.#values = values;
    this.#used = w;
    let length = 64;
    while (length < 2 * w) length *= 2;
    this.#rebuildIndex(length);
  }

  /** Every live entry as [key, value], in insertion order (keys made on the fly). */
  *entries(): IterableIterator<[PrefixKey, V]> {
    const hashes = this.#hashes;
    const keys = this.#keys;
    const values = this.#values;
    const used = this.#used;
    for (let e = 0; e < used; e++) {
      if (hashes[e]! < 0) continue;
      const v = values[e];
      if (v === undefined) continue;
      yield [keyOf(keys, e), v];
    }
  }

  *keys(): IterableIterator<PrefixKey> {
    for (const [k] of this.entries()) yield k;
  }

  /** Calls `fn` for every live entry (no iterator objects). */
  forEach(fn: (value: V, key: PrefixKey) => void): void {
    const hashes = this.#hashes;
    const keys = this.#keys;
    const values = this.#values;
    const used = this.#used;
    for (let e = 0; e < used; e++) {
      if (hashes[e]! < 0) continue;
      const v = values[e];
      if (v !== undefined) fn(v, keyOf(keys, e));
    }
  }
}

function keyOf(keys: Uint8Array, e: number): PrefixKey {
  const o = e * STRIDE;
  return String.fromCharCode.apply(null, keys.subarray(o + 1, o + 1 + keys[o]!) as unknown as number[]) as PrefixKey;
}
