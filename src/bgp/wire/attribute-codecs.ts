/**
 * Value codecs of the known path attributes: the bytes after flags, type and length. Each decoder gets a reader
 * over exactly the attribute value; it throws BgpWireError(3, subcode) when the value is malformed, and the
 * attribute table decides how severe that is (RFC 7606 §7). Underflow inside a value is also malformed.
 */
import type { ByteReader, ByteWriter } from '../../core/bytes.js';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from './address-text.js';
import type { Codec } from './codec.js';
import {
  AS_TRANS,
  Afi,
  AsPathSegmentType,
  NotificationCode,
  Origin,
  Safi,
  UpdateMessageErrorSubcode,
} from './codes.js';
import { hasAddPath, type WireContext } from './context.js';
import { BgpEncodeError, BgpWireError } from './errors.js';
import type {
  Aggregator,
  AsPathSegment,
  AsPathSegmentTypeName,
  LargeCommunity,
  MpReach,
  MpUnreach,
} from './path-attributes.js';
import { decodePrefixes, encodePrefix, type Prefix, prefixesEncodingLength } from './prefix.js';

const S = UpdateMessageErrorSubcode;

const sharedErrors = new Map<number, BgpWireError>();

/**
 * The error a value codec throws for a malformed attribute. The attribute list catches it and applies the
 * table's handling, so one shared (immutable) instance per subcode is enough and avoids a stack capture per
 * malformed attribute (a flood of malformed UPDATEs must not cost more than decoding good ones).
 */
export function updateError(subcode: number): BgpWireError {
  let e = sharedErrors.get(subcode);
  if (e === undefined) {
    e = new BgpWireError(NotificationCode.updateMessageError, subcode);
    sharedErrors.set(subcode, e);
  }
  return e;
}

function exactLength(r: ByteReader, n: number): void {
  if (r.remaining !== n) throw updateError(S.attributeLengthError);
}

function u32Codec(): Codec<number> {
  return {
    decode(r) {
      exactLength(r, 4);
      return r.u32();
    },
    encode(v, w) {
      w.u32(v);
    },
    encodingLength: () => 4,
  };
}

/** Dotted-quad attribute (NEXT_HOP, ORIGINATOR_ID). */
function ipv4Codec(validate?: (bytes: Uint8Array, off: number) => void): Codec<string> {
  return {
    decode(r) {
      exactLength(r, 4);
      const off = r.offset;
      validate?.(r.buf, off);
      r.skip(4);
      return formatIpv4(r.buf, off);
    },
    encode(v, w) {
      w.bytes(parseIpv4(v));
    },
    encodingLength: () => 4,
  };
}

export const originCodec: Codec<number> = {
  decode(r) {
    exactLength(r, 1); // RFC 7606 §7.1: length other than 1 is malformed
    const v = r.u8();
    // RFC 7606 §7.1 / RFC 4271 §6.3: undefined ORIGIN value
    if (v > Origin.incomplete) throw updateError(S.invalidOriginAttribute);
    return v;
  },
  encode(v, w) {
    w.u8(v);
  },
  encodingLength: () => 1,
};

const SEGMENT_NAMES: Readonly<Record<number, AsPathSegmentTypeName>> = {
  [AsPathSegmentType.set]: 'set',
  [AsPathSegmentType.sequence]: 'sequence',
  [AsPathSegmentType.confedSequence]: 'confedSequence',
  [AsPathSegmentType.confedSet]: 'confedSet',
};

/** RFC 4271 §4.3: a segment holds at most 255 AS numbers. */
const MAX_SEGMENT_ASNS = 255;

function decodeSegments(r: ByteReader, asnSize: 2 | 4): AsPathSegment[] {
  const segments: AsPathSegment[] = [];
  const buf = r.buf;
  let o = r.offset;
  const end = r.end;
  while (o < end) {
    // RFC 7606 §7.2: a segment header that overruns, an unknown type or a zero count make AS_PATH malformed
    if (end - o < 2) throw updateError(S.malformedAsPath);
    const type = SEGMENT_NAMES[buf[o]!];
    const count = buf[o + 1]!;
    o += 2;
    if (type === undefined || count === 0 || end - o < count * asnSize) throw updateError(S.malformedAsPath);
    const asns = new Array<number>(count);
    if (asnSize === 4) {
      for (let i = 0; i < count; i++, o += 4)
        asns[i] = ((buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!) >>> 0;
    } else {
      for (let i = 0; i < count; i++, o += 2) asns[i] = (buf[o]! << 8) | buf[o + 1]!;
    }
    segments.push({ type, asns });
  }
  r.offset = o;
  return segments;
}

function segmentsLength(segs: readonly AsPathSegment[], asnSize: 2 | 4): number {
  let n = 0;
  for (const s of segs) {
    const chunks = Math.max(1, Math.ceil(s.asns.length / MAX_SEGMENT_ASNS));
    n += 2 * chunks + asnSize * s.asns.length;
  }
  return n;
}

function encodeSegments(segs: readonly AsPathSegment[], w: ByteWriter, asnSize: 2 | 4): void {
  for (const s of segs) {
    if (s.asns.length === 0) throw new BgpEncodeError('AS_PATH: empty segment');
    // RFC 4271 §4.3: longer segments are split into several of the same type
    for (let from = 0; from < s.asns.length; from += MAX_SEGMENT_ASNS) {
      const part = s.asns.slice(from, from + MAX_SEGMENT_ASNS);
      w.u8(AsPathSegmentType[s.type]);
      w.u8(part.length);
      for (const asn of part) {
        if (asnSize === 4) w.u32(asn);
        else w.u16(asn > 0xffff ? AS_TRANS : asn); // RFC 6793 §4.2.2: AS_TRANS for non-mappable AS numbers
      }
    }
  }
}

/** AS_PATH: 2- or 4-octet AS numbers per `ctx.fourOctetAs` (RFC 6793 §4). */
export const asPathCodec: Codec<readonly AsPathSegment[]> = {
  decode: (r, ctx) => decodeSegments(r, ctx.fourOctetAs ? 4 : 2),
  encode: (v, w, ctx) => encodeSegments(v, w, ctx.fourOctetAs ? 4 : 2),
  encodingLength: (v, ctx) => segmentsLength(v, ctx.fourOctetAs ? 4 : 2),
};

/** AS4_PATH: always 4-octet (RFC 6793 §3). */
export const as4PathCodec: Codec<readonly AsPathSegment[]> = {
  decode: (r) => decodeSegments(r, 4),
  encode: (v, w) => encodeSegments(v, w, 4),
  encodingLength: (v) => segmentsLength(v, 4),
};

/** RFC 4271 §6.3 / RFC 7606 §7.3: a NEXT_HOP that cannot be a unicast host address is invalid. */
function validateNextHop(b: Uint8Array, o: number): void {
  const a = b[o]!;
  const all = (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
  if (all === 0 || all === -1 || (a & 0xf0) === 0xe0) throw updateError(S.invalidNextHopAttribute);
}

export const nextHopCodec: Codec<string> = ipv4Codec(validateNextHop);
export const medCodec: Codec<number> = u32Codec();
export const localPrefCodec: Codec<number> = u32Codec();
export const originatorIdCodec: Codec<string> = ipv4Codec();

export const atomicAggregateCodec: Codec<true> = {
  decode(r) {
    exactLength(r, 0); // RFC 7606 §7.6
    return true;
  },
  encode() {},
  encodingLength: () => 0,
};

function aggregatorCodec(asnSize: (ctx: WireContext) => 2 | 4): Codec<Aggregator> {
  return {
    decode(r, ctx) {
      const size = asnSize(ctx);
      exactLength(r, size + 4); // RFC 7606 §7.7: 6 octets (2-octet AS) or 8 (4-octet AS)
      const asn = size === 4 ? r.u32() : r.u16();
      const off = r.offset;
      r.skip(4);
      return { asn, address: formatIpv4(r.buf, off) };
    },
    encode(v, w, ctx) {
      if (asnSize(ctx) === 4) w.u32(v.asn);
      else w.u16(v.asn > 0xffff ? AS_TRANS : v.asn); // RFC 6793 §4.2.2
      w.bytes(parseIpv4(v.address));
    },
    encodingLength: (_v, ctx) => asnSize(ctx) + 4,
  };
}

export const aggregatorAttrCodec: Codec<Aggregator> = aggregatorCodec((ctx) => (ctx.fourOctetAs ? 4 : 2));
export const as4AggregatorCodec: Codec<Aggregator> = aggregatorCodec(() => 4);

/** A list of u32 values (COMMUNITIES); RFC 7606 §7.8: length must be a non-zero multiple of 4. */
export const communitiesCodec: Codec<readonly number[]> = {
  decode(r) {
    if (r.remaining === 0 || r.remaining % 4 !== 0) throw updateError(S.attributeLengthError);
    const out = new Array<number>(r.remaining >>> 2);
    for (let i = 0; i < out.length; i++) out[i] = r.u32();
    return out;
  },
  encode(v, w) {
    for (const c of v) w.u32(c);
  },
  encodingLength: (v) => 4 * v.length,
};

/** CLUSTER_LIST; RFC 7606 §7.10: length must be a non-zero multiple of 4. */
export const clusterListCodec: Codec<readonly string[]> = {
  decode(r) {
    if (r.remaining === 0 || r.remaining % 4 !== 0) throw updateError(S.attributeLengthError);
    const out: string[] = [];
    while (r.remaining > 0) {
      out.push(formatIpv4(r.buf, r.offset));
      r.skip(4);
    }
    return out;
  },
  encode(v, w) {
    for (const id of v) w.bytes(parseIpv4(id));
  },
  encodingLength: (v) => 4 * v.length,
};

/** LARGE_COMMUNITIES; RFC 8092 §6: length must be a non-zero multiple of 12. */
export const largeCommunitiesCodec: Codec<readonly LargeCommunity[]> = {
  decode(r) {
    if (r.remaining === 0 || r.remaining % 12 !== 0) throw updateError(S.attributeLengthError);
    const out: LargeCommunity[] = [];
    while (r.remaining > 0) out.push([r.u32(), r.u32(), r.u32()]);
    return out;
  },
  encode(v, w) {
    for (const [a, b, c] of v) {
      w.u32(a);
      w.u32(b);
      w.u32(c);
    }
  },
  encodingLength: (v) => 12 * v.length,
};

/** Families whose NLRI this codec parses (RFC 4760: plain prefixes). */
export function isParsedFamily(afi: number, safi: number): afi is 1 | 2 {
  return (afi === Afi.ipv4 || afi === Afi.ipv6) && (safi === Safi.unicast || safi === Safi.multicast);
}

function mpError(): BgpWireError {
  // RFC 4760 §7 / RFC 7606 §7.11: an MP_REACH/MP_UNREACH that cannot be parsed
  return updateError(S.optionalAttributeError);
}

function decodeNextHops(r: ByteReader, afi: number): string[] {
  const len = r.u8();
  if (len > r.remaining) throw mpError();
  const o = r.offset;
  r.skip(len);
  const b = r.buf;
  // RFC 4760 §3 / RFC 2545 §3: IPv6 next hop is the global address, optionally followed by a link-local one.
  // RFC 8950 §3: IPv4 NLRI may carry IPv6 next hops (16 or 32 octets).
  if (len === 16) return [formatIpv6(b, o)];
  if (len === 32) return [formatIpv6(b, o), formatIpv6(b, o + 16)];
  if (len === 4 && afi === Afi.ipv4) return [formatIpv4(b, o)];
  // RFC 7606 §7.11: a next hop length inconsistent with the AFI makes the NLRI unlocatable
  throw mpError();
}

function nextHopsLength(hops: readonly string[]): number {
  if (hops.length === 0) return 0;
  return hops.length * (hops[0]!.includes(':') ? 16 : 4);
}

/** Parsed next hops by text: a handful of distinct next hops are encoded over and over. */
const nextHopBytes = new Map<string, Uint8Array>();
const NEXT_HOP_CACHE_SIZE = 256;

function nextHopToBytes(text: string): Uint8Array {
  let b = nextHopBytes.get(text);
  if (b === undefined) {
    b = text.includes(':') ? parseIpv6(text) : parseIpv4(text);
    if (nextHopBytes.size >= NEXT_HOP_CACHE_SIZE) nextHopBytes.clear();
    nextHopBytes.set(text, b);
  }
  return b;
}

function encodeNextHops(hops: readonly string[], w: ByteWriter): void {
  if (hops.length > 2) throw new BgpEncodeError('MP_REACH_NLRI: at most two next hops');
  w.u8(nextHopsLength(hops));
  for (const h of hops) w.bytes(nextHopToBytes(h));
}

/** MP_REACH_NLRI (RFC 4760 §3) for parsed families. */
export const mpReachCodec: Codec<MpReach> = {
  decode(r, ctx) {
    const afi = r.u16();
    const safi = r.u8();
    if (!isParsedFamily(afi, safi)) throw mpError();
    const nextHops = decodeNextHops(r, afi);
    r.u8(); // RFC 4760 §3: reserved octet, ignored on receipt
    const nlri: Prefix[] = [];
    decodePrefixes(r, afi, hasAddPath(ctx, afi, safi), S.optionalAttributeError, nlri);
    return { afi, safi, nextHops, nlri };
  },
  encode(v, w, ctx) {
    if (!isParsedFamily(v.afi, v.safi)) throw new BgpEncodeError(`MP_REACH_NLRI: family ${v.afi}/${v.safi}`);
    w.u16(v.afi);
    w.u8(v.safi);
    encodeNextHops(v.nextHops, w);
    w.u8(0);
    const withId = hasAddPath(ctx, v.afi, v.safi);
    for (const p of v.nlri) encodePrefix(p, w, withId);
  },
  encodingLength: (v, ctx) =>
    3 + 1 + nextHopsLength(v.nextHops) + 1 + prefixesEncodingLength(v.nlri, hasAddPath(ctx, v.afi, v.safi)),
};

/** MP_UNREACH_NLRI (RFC 4760 §4); any family when empty (End-of-RIB). */
export const mpUnreachCodec: Codec<MpUnreach> = {
  decode(r, ctx) {
    const afi = r.u16();
    const safi = r.u8();
    const withdrawn: Prefix[] = [];
    if (r.remaining === 0) return { afi, safi, withdrawn };
    if (!isParsedFamily(afi, safi)) throw mpError();
    decodePrefixes(r, afi, hasAddPath(ctx, afi, safi), S.optionalAttributeError, withdrawn);
    return { afi, safi, withdrawn };
  },
  encode(v, w, ctx) {
    w.u16(v.afi);
    w.u8(v.safi);
    const withId = hasAddPath(ctx, v.afi, v.safi);
    for (const p of v.withdrawn) encodePrefix(p, w, withId);
  },
  encodingLength: (v, ctx) => 3 + prefixesEncodingLength(v.withdrawn, hasAddPath(ctx, v.afi, v.safi)),
};
