/**
 * The hot path of route ingestion: one pass over the bytes of an IPv6 unicast UPDATE that validates it, computes the
 * scalars the decision process needs and the canonical attribute key (`attribute-key.ts`) straight from the wire,
 * without building the decoded message. It accepts only the common, canonical shape — MP_REACH_NLRI /
 * MP_UNREACH_NLRI for IPv6 unicast, 4-octet AS numbers, no add-path, known attributes in type-code order with their
 * table flags — and answers `false` for anything else, which then goes through the full decoder
 * (`update-convert.ts`). Both paths give the same keys and scalars (property-tested), so the fast path is purely an
 * optimisation. Nothing is emitted before the whole message is validated.
 */
import { Buffer } from 'node:buffer';
import { formatIpv6 } from '../wire/address-text.js';
import { Afi, AttributeFlag as WireFlag, AttributeType, Safi } from '../wire/codes.js';
import type { WireContext } from '../wire/context.js';
import { type AttributeInterner, AttributeFlag, communityFlag, hashBytes, type InternedAttributes } from './intern.js';
import { maskedKeyFromBytes, type PrefixKey } from './prefix-key.js';

/** Where the scanner hands its results. */
export interface UpdateSink {
  withdraw(key: PrefixKey): void;
  announce(key: PrefixKey, attrs: InternedAttributes): void;
}

const T = WireFlag.transitive;
const O = WireFlag.optional;
const EXT = WireFlag.extendedLength;

/** Canonical flags of the attributes the scanner accepts (others: full decoder). */
const SCANNED_FLAGS: readonly number[] = (() => {
  const f = new Array<number>(256).fill(-1);
  f[AttributeType.origin] = T;
  f[AttributeType.asPath] = T;
  f[AttributeType.med] = O;
  f[AttributeType.localPref] = T;
  f[AttributeType.atomicAggregate] = T;
  f[AttributeType.aggregator] = O | T;
  f[AttributeType.communities] = O | T;
  f[AttributeType.largeCommunities] = O | T;
  return f;
})();

/** Room for the attributes of the largest (RFC 8654 extended) message. */
const MAX_KEY = 65536 + 64;
const HEADER = 19;

/** Reusable per-speaker state of the scanner (no allocation per message beyond the keys it produces). */
export class UpdateScanner {
  readonly #key = Buffer.alloc(MAX_KEY);
  readonly #tlvStart = new Int32Array(64);
  readonly #tlvEnd = new Int32Array(64);
  #reachNlri = 0;
  #reachEnd = 0;
  #unreachNlri = 0;
  #unreachEnd = 0;
  #nhOff = 0;
  #nhLen = 0;
  // scalars of the message being scanned
  #origin = -1;
  #asPathLength = 0;
  #neighborAs = -1;
  #med = -1;
  #localPref = -1;
  #flags = 0;
  #hasAsPath = false;

  constructor(readonly interner: AttributeInterner) {}

  /**
   * Scans one whole UPDATE message (header included) and feeds `sink`. False: not the canonical IPv6 shape (or
   * malformed); nothing was emitted and the caller must use the full decoder.
   */
  scan(msg: Uint8Array, ctx: WireContext, sink: UpdateSink): boolean {
    if (!ctx.fourOctetAs || ctx.addPath !== undefined || msg.length < HEADER + 4) return false;
    const end = msg.length;
    let o = HEADER;
    if (msg[o] !== 0 || msg[o + 1] !== 0) return false; // IPv4 withdrawals: full decoder
    const attrLen = (msg[o + 2]! << 8) | msg[o + 3]!;
    o += 4;
    if (o + attrLen !== end) return false; // IPv4 NLRI (or a bad length): full decoder
    const tlvs = this.#walk(msg, o, end);
    if (tlvs < 0) return false;
    const hasReach = this.#reachEnd > this.#reachNlri;
    // Only messages that announce or withdraw something (End-of-RIB markers and the like: full decoder).
    if (!hasReach && this.#unreachEnd === this.#unreachNlri) return false;
    if (hasReach && (this.#origin < 0 || !this.#hasAsPath)) return false; // RFC 7606 §3 d: full decoder decides
    if (this.#nhLen === 0 && tlvs > 0) return false; // attributes without MP_REACH (e.g. End-of-RIB shapes)
    // Validate the NLRI fields before emitting anything.
    if (this.#unreachEnd > this.#unreachNlri && !validPrefixes(msg, this.#unreachNlri, this.#unreachEnd)) return false;
    if (hasReach && !validPrefixes(msg, this.#reachNlri, this.#reachEnd)) return false;
    for (let p = this.#unreachNlri; p < this.#unreachEnd; ) {
      const len = msg[p]!;
      sink.withdraw(maskedKeyFromBytes(Afi.ipv6, len, msg, p + 1));
      p += 1 + ((len + 7) >>> 3);
    }
    if (!hasReach) return true;
    const attrs = this.#intern(msg, tlvs);
    for (let p = this.#reachNlri; p < this.#reachEnd; ) {
      const len = msg[p]!;
      sink.announce(maskedKeyFromBytes(Afi.ipv6, len, msg, p + 1), attrs);
      p += 1 + ((len + 7) >>> 3);
    }
    this.interner.dropIfUnused(attrs);
    return true;
  }

  /** Walks the attribute TLVs in `[o, end)`; returns the number of key TLVs, or -1 for "full decoder". */
  #walk(msg: Uint8Array, start: number, end: number): number {
    this.#reachNlri = this.#reachEnd = this.#unreachNlri = this.#unreachEnd = 0;
    this.#nhOff = this.#nhLen = 0;
    this.#origin = this.#neighborAs = this.#med = this.#localPref = -1;
    this.#asPathLength = this.#flags = 0;
    this.#hasAsPath = false;
    let tlvs = 0;
    let prevType = 0;
    let seenReach = false;
    let seenUnreach = false;
    let o = start;
    while (o < end) {
      if (end - o < 3) return -1;
      const flags = msg[o]!;
      const type = msg[o + 1]!;
      const ext = (flags & EXT) !== 0;
      if (ext && end - o < 4) return -1;
      const len = ext ? (msg[o + 2]! << 8) | msg[o + 3]! : msg[o + 2]!;
      const v = o + (ext ? 4 : 3);
      const next = v + len;
      if (next > end) return -1;
      if (type === AttributeType.mpReach || type === AttributeType.mpUnreach) {
        // RFC 4760: optional non-transitive; anything else (or a repeat) goes to the full decoder
        if ((flags & (O | T)) !== O) return -1;
        if (len < 3 || msg[v] !== 0 || msg[v + 1] !== Afi.ipv6 || msg[v + 2] !== Safi.unicast) return -1;
        if (type === AttributeType.mpReach) {
          if (seenReach || len < 5) return -1;
          seenReach = true;
          const nhLen = msg[v + 3]!;
          if (nhLen !== 16 && nhLen !== 32) return -1;
          const nlri = v + 4 + nhLen + 1; // RFC 4760 §3: next hop, then one reserved octet
          if (nlri > next) return -1;
          this.#nhOff = v + 4;
          this.#nhLen = nhLen;
          this.#reachNlri = nlri;
          this.#reachEnd = next;
        } else {
          if (seenUnreach) return -1;
          seenUnreach = true;
          this.#unreachNlri = v + 3;
          this.#unreachEnd = next;
        }
        o = next;
        continue;
      }
      const expected = SCANNED_FLAGS[type]!;
      if (expected < 0 || type <= prevType) return -1;
      if (flags !== (len > 255 ? expected | EXT : expected)) return -1;
      prevType = type;
      if (!this.#attribute(msg, type, v, len)) return -1;
      if (tlvs === this.#tlvStart.length) return -1;
      this.#tlvStart[tlvs] = o;
      this.#tlvEnd[tlvs] = next;
      tlvs++;
      o = next;
    }
    return tlvs;
  }

  /** Validates one known attribute value and records its scalars; false: the full decoder must judge it. */
  #attribute(msg: Uint8Array, type: number, v: number, len: number): boolean {
    switch (type) {
      case AttributeType.origin:
        if (len !== 1 || msg[v]! > 2) return false; // RFC 7606 §7.1
        this.#origin = msg[v]!;
        return true;
      case AttributeType.asPath:
        this.#hasAsPath = true;
        return this.#asPath(msg, v, v + len);
      case AttributeType.med:
        if (len !== 4) return false;
        this.#med = u32(msg, v);
        return true;
      case AttributeType.localPref:
        if (len !== 4) return false;
        this.#localPref = u32(msg, v);
        return true;
      case AttributeType.atomicAggregate:
        return len === 0;
      case AttributeType.aggregator:
        return len === 8;
      case AttributeType.communities:
        if (len === 0 || (len & 3) !== 0) return false; // RFC 7606 §7.8
        for (let p = v; p < v + len; p += 4) {
          if (msg[p] === 0xff && msg[p + 1] === 0xff) this.#flags |= communityFlag(u32(msg, p));
        }
        return true;
      case AttributeType.largeCommunities:
        return len !== 0 && len % 12 === 0; // RFC 8092 §6
      default:
        return false;
    }
  }

  /** RFC 7606 §7.2 checks on a 4-octet AS_PATH, with its RFC 4271 §9.1.2.2 a length and neighbor AS. */
  #asPath(msg: Uint8Array, start: number, end: number): boolean {
    const local = this.interner.localAsn;
    let length = 0;
    let neighbor = -1;
    let first = true;
    for (let o = start; o < end; ) {
      if (end - o < 2) return false;
      const type = msg[o]!;
      const count = msg[o + 1]!;
      o += 2;
      if (type < 1 || type > 4 || count === 0 || end - o < count * 4) return false;
      // RFC 4271 §9.1.2.2 a: a sequence counts its ASes, a set counts 1; confederation segments count 0 (RFC 5065)
      if (type === 2) length += count;
      else if (type === 1) length += 1;
      if (first && type <= 2) {
        first = false;
        if (type === 2) neighbor = u32(msg, o);
      }
      if (local !== 0)
        for (let i = 0; i < count; i++) if (u32(msg, o + 4 * i) === local) this.#flags |= AttributeFlag.asLoop;
      o += count * 4;
    }
    this.#asPathLength = length;
    this.#neighborAs = neighbor;
    return true;
  }

  /** Builds the canonical key from the next hop and the key TLVs and interns it. */
  #intern(msg: Uint8Array, tlvs: number): InternedAttributes {
    const key = this.#key;
    key[0] = 0;
    key[1] = this.#nhLen;
    let k = 2;
    for (let p = this.#nhOff, e = this.#nhOff + this.#nhLen; p < e; p++) key[k++] = msg[p]!;
    for (let i = 0; i < tlvs; i++) {
      for (let p = this.#tlvStart[i]!, e = this.#tlvEnd[i]!; p < e; p++) key[k++] = msg[p]!;
    }
    // no string is made for a set already interned
    const hash = hashBytes(key, k);
    const found = this.interner.lookupBytes(hash, key, k);
    if (found !== undefined) return found;
    return this.interner.getKey(
      key.toString('latin1', 0, k),
      {
        origin: this.#origin,
        asPathLength: this.#asPathLength,
        neighborAs: this.#neighborAs,
        med: this.#med,
        localPref: this.#localPref,
        nextHop: formatIpv6(msg, this.#nhOff),
        originatorId: -1,
        clusterListLength: 0,
        weight: 0,
        flags: this.#flags,
      },
      hash,
    );
  }
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** RFC 7606 §5.3: every prefix fits the family and the field ends on a prefix boundary. */
function validPrefixes(msg: Uint8Array, start: number, end: number): boolean {
  let p = start;
  while (p < end) {
    const len = msg[p]!;
    if (len > 128) return false;
    p += 1 + ((len + 7) >>> 3);
  }
  return p === end;
}
