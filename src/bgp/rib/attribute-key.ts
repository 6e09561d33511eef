/**
 * The canonical key of an attribute set: a one-byte ("latin1") string of bytes that is at the same time the intern
 * table key and the compact storage of the set (the full `RibAttributes` is decoded from it on demand).
 *
 *   [local flags u8] [weight u32, when flag 0x01] [next hop length u8] [MP next hop bytes] [path attribute TLVs]
 *
 * The TLVs are exactly what `encodeAttributes` writes for the set with 4-octet AS numbers (type-code order, known
 * attributes with their table flags, extended length only above 255 octets). The MP next hop section holds the IPv6
 * next hop(s) of MP_REACH_NLRI (16 octets global, or 32 with the link-local one, RFC 2545 §3); an IPv4 next hop
 * travels as the NEXT_HOP TLV. Because a peer that talks 4-octet AS usually encodes attributes exactly this way, the
 * received bytes themselves are the key (see `update-scan.ts`): no decoding on the hot path.
 */
import { Buffer } from 'node:buffer';
import { ByteReader, ByteWriter } from '../../core/bytes.js';
import { formatIpv6, parseIpv6 } from '../wire/address-text.js';
import { decodeAttributes, encodeAttributes } from '../wire/attribute-list.js';
import type { WireContext } from '../wire/context.js';
import type { PathAttributes } from '../wire/path-attributes.js';
import { type RibAttributes, type RibAttributesDraft, ribAttributesFromWire } from './attributes.js';

/** Bits of the first key octet. */
export const KeyLocalFlag = { weight: 0x01 } as const;

/** The context canonical TLVs are encoded in. */
export const CANONICAL_WIRE_CONTEXT: WireContext = Object.freeze({ fourOctetAs: true, extendedMessage: true });

/** The wire attributes of a set (no MP attributes; the IPv4 next hop as NEXT_HOP, an IPv6 one left out). */
export function wireAttributesOf(a: RibAttributes): PathAttributes {
  const v4NextHop = a.nextHop !== '' && !a.nextHop.includes(':');
  return {
    origin: a.origin,
    asPath: a.asPath,
    ...(v4NextHop ? { nextHop: a.nextHop } : {}),
    ...(a.med !== undefined ? { med: a.med } : {}),
    ...(a.localPref !== undefined ? { localPref: a.localPref } : {}),
    ...(a.atomicAggregate ? { atomicAggregate: true as const } : {}),
    ...(a.aggregator !== undefined ? { aggregator: a.aggregator } : {}),
    ...(a.communities !== undefined && a.communities.length > 0 ? { communities: a.communities } : {}),
    ...(a.originatorId !== undefined ? { originatorId: a.originatorId } : {}),
    ...(a.clusterList !== undefined && a.clusterList.length > 0 ? { clusterList: a.clusterList } : {}),
    ...(a.largeCommunities !== undefined && a.largeCommunities.length > 0
      ? { largeCommunities: a.largeCommunities }
      : {}),
    ...(a.unknown !== undefined && a.unknown.length > 0 ? { unknown: a.unknown } : {}),
  };
}

/** The canonical key of `a`. */
export function encodeAttributesKey(a: RibAttributes): string {
  const w = new ByteWriter(128);
  const weight = a.weight ?? 0;
  w.u8(weight !== 0 ? KeyLocalFlag.weight : 0);
  if (weight !== 0) w.u32(weight);
  if (a.nextHop.includes(':')) {
    const hasLinkLocal = a.nextHopLinkLocal !== undefined;
    w.u8(hasLinkLocal ? 32 : 16);
    w.bytes(parseIpv6(a.nextHop));
    if (hasLinkLocal) w.bytes(parseIpv6(a.nextHopLinkLocal!));
  } else w.u8(0);
  encodeAttributes(wireAttributesOf(a), w, CANONICAL_WIRE_CONTEXT);
  const bytes = w.finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** The attribute set a canonical key stands for. */
export function decodeAttributesKey(key: string): RibAttributes {
  const bytes = Buffer.from(key, 'latin1');
  let o = 0;
  const localFlags = bytes[o++]!;
  let weight = 0;
  if ((localFlags & KeyLocalFlag.weight) !== 0) {
    weight = bytes.readUInt32BE(o);
    o += 4;
  }
  const nhLen = bytes[o++]!;
  const nhAt = o;
  o += nhLen;
  const decoded = decodeAttributes(new ByteReader(bytes, o, bytes.length), CANONICAL_WIRE_CONTEXT, false);
  const out: RibAttributesDraft = { ...ribAttributesFromWire(decoded.attributes, 1) };
  if (nhLen >= 16) out.nextHop = formatIpv6(bytes, nhAt);
  if (nhLen === 32) out.nextHopLinkLocal = formatIpv6(bytes, nhAt + 16);
  if (weight !== 0) out.weight = weight;
  return out;
}
