/**
 * Path attribute interning: one shared, immutable `InternedAttributes` per distinct attribute set, found by its
 * canonical byte key (`attribute-key.ts`) and reference counted by the RIB entries that hold it. The object keeps
 * only what the decision process and export rules read on every comparison, packed into a few fields; the full set
 * is decoded from the key on demand. A set nobody holds leaves the table (`release`, `dropIfUnused`).
 */
import { WellKnownCommunity } from '../wire/codes.js';
import { decodeAttributesKey, encodeAttributesKey } from './attribute-key.js';
import { asPathLength, neighborAs, type RibAttributes } from './attributes.js';
import { routerIdNumber } from './path.js';

/** Facts about a set worth a bit: well-known communities present (RFC 1997 and successors) and AS loops. */
export const AttributeFlag = {
  noExport: 0x01,
  noAdvertise: 0x02,
  noExportSubconfed: 0x04,
  noPeer: 0x08,
  gracefulShutdown: 0x10,
  blackhole: 0x20,
  llgrStale: 0x40,
  /** RFC 4271 §9.1.2: the AS_PATH holds the local AS (a loop; the route is not eligible). */
  asLoop: 0x80,
} as const;

/** The flag bit of a well-known community value, or 0. */
export function communityFlag(value: number): number {
  switch (value) {
    case WellKnownCommunity.NO_EXPORT:
      return AttributeFlag.noExport;
    case WellKnownCommunity.NO_ADVERTISE:
      return AttributeFlag.noAdvertise;
    case WellKnownCommunity.NO_EXPORT_SUBCONFED:
      return AttributeFlag.noExportSubconfed;
    case WellKnownCommunity.NO_PEER:
      return AttributeFlag.noPeer;
    case WellKnownCommunity.GRACEFUL_SHUTDOWN:
      return AttributeFlag.gracefulShutdown;
    case WellKnownCommunity.BLACKHOLE:
      return AttributeFlag.blackhole;
    case WellKnownCommunity.LLGR_STALE:
      return AttributeFlag.llgrStale;
    default:
      return 0;
  }
}

const ORIGIN_BITS = 0x3;
const FLAGS_SHIFT = 2;
const CLUSTER_SHIFT = 10;
const AS_PATH_SHIFT = 18;
const MAX_CLUSTER = 0xff;
const MAX_AS_PATH = 0xfff;

/** The scalar facts of a set, as the update scanner or `scalarsOf` computes them. */
export interface AttributeScalars {
  origin: number;
  asPathLength: number;
  /** First AS of the path (RFC 4271 §9.1.2.2 c), -1 when none. */
  neighborAs: number;
  /** -1 when absent. */
  med: number;
  /** -1 when absent. */
  localPref: number;
  nextHop: string;
  /** u32, -1 when absent. */
  originatorId: number;
  clusterListLength: number;
  weight: number;
  /** `AttributeFlag` bits. */
  flags: number;
}

/** The shared handle of an interned attribute set. Compare sets by identity (`a === b`) or by `key`. */
export class InternedAttributes {
  /** Number of holders (RIB entries) using this set; the set leaves its table at 0. */
  refs = 0;
  readonly #packed: number;
  readonly med: number;
  readonly localPref: number;
  readonly neighborAs: number;
  readonly nextHop: string;
  /**
   * What most sets do not have, in one optional field (memory per set: the scanner's sets have none of it): the
   * decoded value when interned from one, ORIGINATOR_ID (RFC 4456) and the local weight.
   */
  readonly #rare:
    | { readonly value?: RibAttributes; readonly originatorId: number; readonly weight: number }
    | undefined;

  constructor(
    readonly key: string,
    s: AttributeScalars,
    value?: RibAttributes,
    /** `hashKey(key)`, the intern table's key. */
    readonly hash = hashKey(key),
  ) {
    this.#packed =
      (s.origin & ORIGIN_BITS) |
      ((s.flags & 0xff) << FLAGS_SHIFT) |
      (Math.min(s.clusterListLength, MAX_CLUSTER) << CLUSTER_SHIFT) |
      (Math.min(s.asPathLength, MAX_AS_PATH) << AS_PATH_SHIFT);
    this.med = s.med;
    this.localPref = s.localPref;
    this.neighborAs = s.neighborAs;
    this.nextHop = s.nextHop;
    this.#rare =
      value === undefined && s.originatorId < 0 && s.weight === 0
        ? undefined
        : { ...(value !== undefined ? { value } : {}), originatorId: s.originatorId, weight: s.weight };
  }

  /** u32, -1 when absent. */
  get originatorId(): number {
    return this.#rare?.originatorId ?? -1;
  }

  get weight(): number {
    return this.#rare?.weight ?? 0;
  }

  get origin(): number {
    return this.#packed & ORIGIN_BITS;
  }

  get flags(): number {
    return (this.#packed >>> FLAGS_SHIFT) & 0xff;
  }

  get clusterListLength(): number {
    return (this.#packed >>> CLUSTER_SHIFT) & MAX_CLUSTER;
  }

  get asPathLength(): number {
    return (this.#packed >>> AS_PATH_SHIFT) & MAX_AS_PATH;
  }

  hasFlag(flag: number): boolean {
    return ((this.#packed >>> FLAGS_SHIFT) & flag) !== 0;
  }

  /** The full attribute set (decoded from the key unless the set was interned from a value). */
  get value(): RibAttributes {
    return this.#rare?.value ?? decodeAttributesKey(this.key);
  }
}

/** The scalars of a decoded set (the scanner computes the same from bytes). */
export function scalarsOf(a: RibAttributes, localAsn: number): AttributeScalars {
  let flags = 0;
  for (const c of a.communities ?? []) flags |= communityFlag(c);
  if (localAsn !== 0) for (const seg of a.asPath) if (seg.asns.includes(localAsn)) flags |= AttributeFlag.asLoop; // RFC 4271 §9.1.2
  return {
    origin: a.origin,
    asPathLength: asPathLength(a.asPath),
    neighborAs: neighborAs(a.asPath) ?? -1,
    med: a.med ?? -1,
    localPref: a.localPref ?? -1,
    nextHop: a.nextHop,
    originatorId: a.originatorId === undefined ? -1 : routerIdNumber(a.originatorId),
    clusterListLength: a.clusterList?.length ?? 0,
    weight: a.weight ?? 0,
    flags,
  };
}

/** FNV-1a over the chars of a one-byte string (the same value `hashBytes` gives for its bytes), as a Smi. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/** FNV-1a over `bytes[0..length)`. */
export function hashBytes(bytes: Uint8Array, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h & 0x3fffffff;
}

function sameKey(key: string, bytes: Uint8Array, length: number): boolean {
  if (key.length !== length) return false;
  for (let i = 0; i < length; i++) if (key.charCodeAt(i) !== bytes[i]) return false;
  return true;
}

/**
 * The intern table. Keyed by a 30-bit hash of the canonical key (a small integer: the table compares numbers, never
 * long strings, and a lookup that misses touches no key at all), with the rare collisions chained in an array.
 */
export class AttributeInterner {
  readonly #table = new Map<number, InternedAttributes | InternedAttributes[]>();
  #size = 0;

  /** `localAsn`: the AS whose presence in an AS_PATH marks a loop (0: no loop check). */
  constructor(readonly localAsn = 0) {}

  #find(hash: number, key: string): InternedAttributes | undefined {
    const slot = this.#table.get(hash);
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return slot.key === key ? slot : undefined;
    for (const e of slot) if (e.key === key) return e;
    return undefined;
  }

  /** The hash `lookupBytes` last missed on (its slot was empty): `getKey` then inserts without a second lookup. */
  #missedHash = -1;

  #insert(entry: InternedAttributes): void {
    if (entry.hash === this.#missedHash) {
      this.#missedHash = -1;
      this.#table.set(entry.hash, entry);
      this.#size++;
      return;
    }
    const slot = this.#table.get(entry.hash);
    if (slot === undefined) this.#table.set(entry.hash, entry);
    else if (Array.isArray(slot)) slot.push(entry);
    else this.#table.set(entry.hash, [slot, entry]);
    this.#size++;
  }

  #remove(entry: InternedAttributes): void {
    const slot = this.#table.get(entry.hash);
    if (slot === entry) this.#table.delete(entry.hash);
    else if (Array.isArray(slot)) {
      const i = slot.indexOf(entry);
      if (i < 0) return;
      slot.splice(i, 1);
      if (slot.length === 1) this.#table.set(entry.hash, slot[0]!);
    } else return;
    this.#size--;
  }

  /** The handle for `attrs` (created on first sight; no reference taken). */
  get(attrs: RibAttributes): InternedAttributes {
    const key = encodeAttributesKey(attrs);
    const hash = hashKey(key);
    let entry = this.#find(hash, key);
    if (entry === undefined) {
      entry = new InternedAttributes(key, scalarsOf(attrs, this.localAsn), attrs, hash);
      this.#insert(entry);
    }
    return entry;
  }

  /** The handle of a canonical key, if interned. */
  lookupKey(key: string): InternedAttributes | undefined {
    return this.#find(hashKey(key), key);
  }

  /** The handle of the canonical key held in `bytes[0..length)` with hash `hash` (`hashBytes`), if interned. */
  lookupBytes(hash: number, bytes: Uint8Array, length: number): InternedAttributes | undefined {
    const slot = this.#table.get(hash);
    if (slot === undefined) {
      this.#missedHash = hash;
      return undefined;
    }
    if (!Array.isArray(slot)) return sameKey(slot.key, bytes, length) ? slot : undefined;
    for (const e of slot) if (sameKey(e.key, bytes, length)) return e;
    return undefined;
  }

  /** Interns a canonical key whose scalars the caller computed (the update scanner; no reference taken). */
  getKey(key: string, scalars: AttributeScalars, hash = hashKey(key)): InternedAttributes {
    let entry = hash === this.#missedHash ? undefined : this.#find(hash, key);
    if (entry === undefined) {
      entry = new InternedAttributes(key, scalars, undefined, hash);
      this.#insert(entry);
    }
    return entry;
  }

  /** The handle for `attrs` with one reference taken. */
  intern(attrs: RibAttributes): InternedAttributes {
    return this.retain(this.get(attrs));
  }

  /** One more reference (puts a handle that had left the table back). */
  retain(entry: InternedAttributes): InternedAttributes {
    if (entry.refs === 0 && !this.has(entry)) {
      const other = this.#find(entry.hash, entry.key);
      if (other !== undefined) {
        other.refs++;
        return other;
      }
      this.#insert(entry);
    }
    entry.refs++;
    return entry;
  }

  /** Drops one reference; the entry leaves the table when none is left. */
  release(entry: InternedAttributes): void {
    if (entry.refs <= 0) return;
    entry.refs--;
    if (entry.refs === 0) this.#remove(entry);
  }

  /** Removes a handle nobody took a reference to (e.g. every NLRI it came with was denied). */
  dropIfUnused(entry: InternedAttributes): void {
    if (entry.refs === 0) this.#remove(entry);
  }

  /** Number of distinct attribute sets held. */
  get size(): number {
    return this.#size;
  }

  has(entry: InternedAttributes): boolean {
    const slot = this.#table.get(entry.hash);
    return slot === entry || (Array.isArray(slot) && slot.includes(entry));
  }
}
