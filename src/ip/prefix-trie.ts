import { familyBits, type IpFamily, prefixMask } from './family.js';
import { checkFamily } from './prefix-factory.js';
import type { IpAddress, IpPrefix } from './types.js';

/** One stored prefix and its value. */
export interface PrefixEntry<V> {
  /** The stored prefix (host bits cleared). */
  prefix: IpPrefix;
  /** Its value. */
  value: V;
}

interface TrieNode<V> {
  net: bigint;
  len: number;
  entry: PrefixEntry<V> | undefined;
  kids: [TrieNode<V> | undefined, TrieNode<V> | undefined];
}

function node<V>(net: bigint, len: number, entry?: PrefixEntry<V>): TrieNode<V> {
  return { net, len, entry, kids: [undefined, undefined] };
}

/**
 * A path-compressed binary trie (Patricia tree) of prefixes of one family, mapping each prefix to a value.
 * Prefixes are stored by their network (host bits cleared). Longest-prefix match walks at most one node per
 * stored length on the path, so lookups cost O(depth) bigint operations, independent of the number of entries.
 */
export class PrefixTrie<V> {
  /** The family this trie holds. */
  readonly family: IpFamily;
  readonly #bits: number;
  /** #masks[len]: network mask of length len. #bitValues[pos]: the single bit at position pos (0 = MSB). */
  readonly #masks: bigint[];
  readonly #bitValues: bigint[];
  readonly #root: TrieNode<V> = node(0n, 0);
  #size = 0;

  /** An empty trie for IPv4 (4) or IPv6 (6) prefixes. */
  constructor(family: IpFamily) {
    this.family = family;
    this.#bits = familyBits(family);
    this.#masks = Array.from({ length: this.#bits + 1 }, (_, len) => prefixMask(family, len));
    this.#bitValues = Array.from({ length: this.#bits }, (_, pos) => 1n << BigInt(this.#bits - 1 - pos));
  }

  /** Number of stored prefixes. */
  get size(): number {
    return this.#size;
  }

  /** Store `value` under `prefix` (network), replacing an existing value. Throws `E_IP_FAMILY` for the other family. */
  set(prefix: IpPrefix, value: V): void {
    checkFamily(this.family, prefix, 'this PrefixTrie');
    const net = prefix.networkBigInt();
    const len = prefix.length;
    const entry: PrefixEntry<V> = { prefix: prefix.network(), value };
    let n = this.#root;
    for (;;) {
      if (n.len === len) {
        if (n.entry === undefined) this.#size++;
        n.entry = entry;
        return;
      }
      const b = this.#bit(net, n.len);
      const child = n.kids[b];
      if (child === undefined) {
        n.kids[b] = node(net, len, entry);
        this.#size++;
        return;
      }
      if (this.#covers(child, net, len)) {
        n = child;
        continue;
      }
      const common = Math.min(this.#commonLength(net, child.net), len, child.len);
      const leaf = node(net, len, entry);
      if (common === len) {
        // The new prefix sits between n and child.
        leaf.kids[this.#bit(child.net, len)] = child;
        n.kids[b] = leaf;
      } else {
        // Split: a valueless branch node at the first differing bit.
        const branch = node<V>(net & prefixMask(this.family, common), common);
        branch.kids[this.#bit(net, common)] = leaf;
        branch.kids[this.#bit(child.net, common)] = child;
        n.kids[b] = branch;
      }
      this.#size++;
      return;
    }
  }

  /** The value stored exactly under `prefix` (compared by network), or undefined. */
  get(prefix: IpPrefix): V | undefined {
    return this.#find(prefix)?.entry?.value;
  }

  /** Whether a value is stored exactly under `prefix` (compared by network). */
  has(prefix: IpPrefix): boolean {
    return this.#find(prefix)?.entry !== undefined;
  }

  /** Remove the entry stored exactly under `prefix`; returns whether one was removed. */
  delete(prefix: IpPrefix): boolean {
    if (prefix.family !== this.family) return false;
    const net = prefix.networkBigInt();
    const len = prefix.length;
    const path: TrieNode<V>[] = [];
    let n: TrieNode<V> | undefined = this.#root;
    while (n !== undefined && this.#covers(n, net, len)) {
      path.push(n);
      if (n.len === len) break;
      n = n.kids[this.#bit(net, n.len)];
    }
    const target = path[path.length - 1];
    if (target === undefined || target.len !== len || target.entry === undefined) return false;
    target.entry = undefined;
    this.#size--;
    // Compact: drop empty leaves and valueless single-child nodes (never the root).
    for (let i = path.length - 1; i > 0; i--) {
      const cur = path[i]!;
      if (cur.entry !== undefined) break;
      const parent = path[i - 1]!;
      const slot = parent.kids[0] === cur ? 0 : 1;
      const [k0, k1] = cur.kids;
      if (k0 !== undefined && k1 !== undefined) break;
      parent.kids[slot] = k0 ?? k1;
      if (k0 !== undefined || k1 !== undefined) break;
    }
    return true;
  }

  /** The most specific entry containing `x` (an address, or a prefix), or undefined. */
  longestMatch(x: IpAddress | IpPrefix): PrefixEntry<V> | undefined {
    let best: PrefixEntry<V> | undefined;
    this.#walk(x, (e) => {
      best = e;
    });
    return best === undefined ? undefined : { prefix: best.prefix, value: best.value };
  }

  /** All entries containing `x` (an address, or a prefix, itself included), shortest prefix first. */
  covering(x: IpAddress | IpPrefix): PrefixEntry<V>[] {
    const out: PrefixEntry<V>[] = [];
    this.#walk(x, (e) => out.push({ prefix: e.prefix, value: e.value }));
    return out;
  }

  /** All entries inside `p` (`p` itself included), in sorted order. */
  coveredBy(p: IpPrefix): PrefixEntry<V>[] {
    if (p.family !== this.family) return [];
    const net = p.networkBigInt();
    const len = p.length;
    let n: TrieNode<V> | undefined = this.#root;
    while (n !== undefined) {
      if (n.len >= len) return (n.net & prefixMask(this.family, len)) === net ? [...this.#collect(n)] : [];
      if (!this.#covers(n, net, len)) return [];
      n = n.kids[this.#bit(net, n.len)];
    }
    return [];
  }

  /** All entries, sorted by network address then length (the order of {@link Ipv6Prefix.compare}). */
  *entries(): Generator<PrefixEntry<V>> {
    yield* this.#collect(this.#root);
  }

  /** Remove every entry. */
  clear(): void {
    this.#root.entry = undefined;
    this.#root.kids = [undefined, undefined];
    this.#size = 0;
  }

  *#collect(start: TrieNode<V>): Generator<PrefixEntry<V>> {
    const stack: TrieNode<V>[] = [start];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.entry !== undefined) yield { prefix: n.entry.prefix, value: n.entry.value };
      if (n.kids[1] !== undefined) stack.push(n.kids[1]);
      if (n.kids[0] !== undefined) stack.push(n.kids[0]);
    }
  }

  /** Visit the entries on the path towards `x`, shortest first. */
  #walk(x: IpAddress | IpPrefix, visit: (e: PrefixEntry<V>) => void): void {
    if (x.family !== this.family) return;
    const isPrefix = 'length' in x;
    const net = isPrefix ? x.networkBigInt() : x.toBigInt();
    const len = isPrefix ? x.length : this.#bits;
    let n: TrieNode<V> | undefined = this.#root;
    while (n !== undefined && this.#covers(n, net, len)) {
      if (n.entry !== undefined) visit(n.entry);
      if (n.len === len) return;
      n = n.kids[this.#bit(net, n.len)];
    }
  }

  #find(prefix: IpPrefix): TrieNode<V> | undefined {
    if (prefix.family !== this.family) return undefined;
    const net = prefix.networkBigInt();
    const len = prefix.length;
    let n: TrieNode<V> | undefined = this.#root;
    while (n !== undefined && this.#covers(n, net, len)) {
      if (n.len === len) return n;
      n = n.kids[this.#bit(net, n.len)];
    }
    return undefined;
  }

  /** Does node `n` contain the prefix (net, len)? */
  #covers(n: TrieNode<V>, net: bigint, len: number): boolean {
    return n.len <= len && (net & this.#masks[n.len]!) === n.net;
  }

  /** Bit number `pos` (0 = most significant) of `value`. */
  #bit(value: bigint, pos: number): 0 | 1 {
    return (value & this.#bitValues[pos]!) === 0n ? 0 : 1;
  }

  /** Number of leading bits `a` and `b` share. */
  #commonLength(a: bigint, b: bigint): number {
    const x = a ^ b;
    return x === 0n ? this.#bits : this.#bits - x.toString(2).length;
  }
}
