/**
 * Packs Adj-RIB-Out changes into UPDATE messages (RFC 4271 §4.3): all prefixes of one attribute set share messages
 * up to the negotiated maximum length (4096, or 65535 with RFC 8654 extended messages). IPv6 travels in
 * MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760), IPv4 in the NLRI / Withdrawn Routes fields. The attribute TLVs come
 * straight from the set's canonical key when the session uses 4-octet AS numbers; otherwise they are re-encoded.
 */
import { Buffer } from 'node:buffer';
import { ByteWriter } from '../../core/bytes.js';
import { encodeAttributes } from '../wire/attribute-list.js';
import { Afi, AttributeFlag, AttributeType, Header, MessageType, Safi } from '../wire/codes.js';
import type { WireContext } from '../wire/context.js';
import { BgpEncodeError } from '../wire/errors.js';
import { maxMessageLength } from '../wire/message.js';
import { KeyLocalFlag, wireAttributesOf } from './attribute-key.js';
import type { AdjRibOutCommit } from './adj-rib-out.js';
import type { InternedAttributes } from './intern.js';
import { keyAfi, keyLength, type PrefixKey } from './prefix-key.js';

const MP_HEADER = 4; // flags, type, 2-octet length (always extended: the NLRI may exceed 255 octets)

/** The MP next hop bytes and the attribute TLVs of a set, for a session with context `ctx`. */
export function attributeSections(
  attrs: InternedAttributes,
  ctx: WireContext,
): { nextHop: Uint8Array; tlvs: Uint8Array } {
  const raw = Buffer.from(attrs.key, 'latin1');
  let o = 1 + ((raw[0]! & KeyLocalFlag.weight) !== 0 ? 4 : 0);
  const nhLen = raw[o++]!;
  const nextHop = raw.subarray(o, o + nhLen);
  if (ctx.fourOctetAs) return { nextHop, tlvs: raw.subarray(o + nhLen) };
  const w = new ByteWriter(256);
  encodeAttributes(wireAttributesOf(attrs.value), w, ctx);
  return { nextHop, tlvs: w.finish() };
}

function prefixSize(key: PrefixKey): number {
  return key.length; // length octet + ceil(len/8) bytes = the key's chars
}

function writePrefix(buf: Uint8Array, at: number, key: PrefixKey): number {
  buf[at] = keyLength(key);
  for (let i = 1; i < key.length; i++) buf[at + i] = key.charCodeAt(i);
  return at + key.length;
}

function header(buf: Uint8Array, length: number): void {
  buf.fill(0xff, 0, Header.markerLength);
  buf[16] = length >>> 8;
  buf[17] = length & 0xff;
  buf[18] = MessageType.update;
}

/** UPDATEs announcing `keys` (one family) with `attrs`. */
function announcements(
  attrs: InternedAttributes,
  keys: readonly PrefixKey[],
  afi: 1 | 2,
  ctx: WireContext,
  out: Uint8Array[],
): void {
  const max = maxMessageLength(ctx);
  const { nextHop, tlvs } = attributeSections(attrs, ctx);
  const fixed = Header.length + 4 + tlvs.length + (afi === Afi.ipv6 ? MP_HEADER + 5 + nextHop.length : 0);
  if (fixed >= max) throw new BgpEncodeError(`attributes of ${fixed} octets leave no room for NLRI`);
  if (afi === Afi.ipv6 && nextHop.length === 0) throw new BgpEncodeError('IPv6 route without an IPv6 next hop');
  let i = 0;
  while (i < keys.length) {
    let nlriLen = 0;
    let j = i;
    while (j < keys.length && fixed + nlriLen + prefixSize(keys[j]!) <= max) nlriLen += prefixSize(keys[j++]!);
    const total = fixed + nlriLen;
    const buf = new Uint8Array(total);
    header(buf, total);
    let o: number = Header.length + 2; // withdrawn routes length 0
    const attrLen = total - Header.length - 4 - (afi === Afi.ipv4 ? nlriLen : 0);
    buf[o++] = attrLen >>> 8;
    buf[o++] = attrLen & 0xff;
    if (afi === Afi.ipv6) {
      // RFC 4760 §3: AFI, SAFI, next hop length and address(es), reserved octet, NLRI
      const mpLen = 5 + nextHop.length + nlriLen;
      buf[o++] = AttributeFlag.optional | AttributeFlag.extendedLength;
      buf[o++] = AttributeType.mpReach;
      buf[o++] = mpLen >>> 8;
      buf[o++] = mpLen & 0xff;
      buf[o++] = 0;
      buf[o++] = Afi.ipv6;
      buf[o++] = Safi.unicast;
      buf[o++] = nextHop.length;
      buf.set(nextHop, o);
      o += nextHop.length;
      buf[o++] = 0;
      for (let k = i; k < j; k++) o = writePrefix(buf, o, keys[k]!);
      buf.set(tlvs, o);
    } else {
      buf.set(tlvs, o);
      o += tlvs.length;
      for (let k = i; k < j; k++) o = writePrefix(buf, o, keys[k]!);
    }
    out.push(buf);
    i = j;
  }
}

/** UPDATEs withdrawing `keys` (one family). */
function withdrawals(keys: readonly PrefixKey[], afi: 1 | 2, ctx: WireContext, out: Uint8Array[]): void {
  const max = maxMessageLength(ctx);
  const fixed = Header.length + 4 + (afi === Afi.ipv6 ? MP_HEADER + 3 : 0);
  let i = 0;
  while (i < keys.length) {
    let len = 0;
    let j = i;
    while (j < keys.length && fixed + len + prefixSize(keys[j]!) <= max) len += prefixSize(keys[j++]!);
    const total = fixed + len;
    const buf = new Uint8Array(total);
    header(buf, total);
    let o: number = Header.length;
    if (afi === Afi.ipv4) {
      buf[o++] = len >>> 8;
      buf[o++] = len & 0xff;
      for (let k = i; k < j; k++) o = writePrefix(buf, o, keys[k]!);
      // total attribute length 0 follows (already zero)
    } else {
      o += 2; // no IPv4 withdrawals
      const attrLen = MP_HEADER + 3 + len;
      buf[o++] = attrLen >>> 8;
      buf[o++] = attrLen & 0xff;
      // RFC 4760 §4: MP_UNREACH_NLRI with AFI, SAFI and the withdrawn prefixes
      buf[o++] = AttributeFlag.optional | AttributeFlag.extendedLength;
      buf[o++] = AttributeType.mpUnreach;
      buf[o++] = (3 + len) >>> 8;
      buf[o++] = (3 + len) & 0xff;
      buf[o++] = 0;
      buf[o++] = Afi.ipv6;
      buf[o++] = Safi.unicast;
      for (let k = i; k < j; k++) o = writePrefix(buf, o, keys[k]!);
    }
    out.push(buf);
    i = j;
  }
}

/** Encodes a commit: withdrawals first, then announcements per attribute set and family. */
export function packUpdates(commit: AdjRibOutCommit, ctx: WireContext): Uint8Array[] {
  const out: Uint8Array[] = [];
  const w4: PrefixKey[] = [];
  const w6: PrefixKey[] = [];
  for (const key of commit.withdraw) (keyAfi(key) === Afi.ipv4 ? w4 : w6).push(key);
  if (w6.length > 0) withdrawals(w6, Afi.ipv6, ctx, out);
  if (w4.length > 0) withdrawals(w4, Afi.ipv4, ctx, out);
  for (const [attrs, keys] of commit.announce) {
    const k6 = keys.filter((k) => keyAfi(k) === Afi.ipv6);
    const k4 = k6.length === keys.length ? [] : keys.filter((k) => keyAfi(k) === Afi.ipv4);
    if (k6.length > 0) announcements(attrs, k6, Afi.ipv6, ctx, out);
    if (k4.length > 0) announcements(attrs, k4, Afi.ipv4, ctx, out);
  }
  return out;
}
