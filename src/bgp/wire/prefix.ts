/**
 * NLRI prefixes in wire form (RFC 4271 §4.3 / RFC 4760 §5): length in bits plus the minimal ceil(length/8) bytes,
 * trailing bits zero. RFC 7911 §3: with add-path, a 4-octet Path Identifier precedes each prefix.
 */
import { ByteReader, type ByteWriter } from '../../core/bytes.js';
import { V6netError } from '../../core/errors.js';
import { AddressSyntaxError, formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from './address-text.js';
import type { Codec } from './codec.js';
import { Afi, NotificationCode, UpdateMessageErrorSubcode } from './codes.js';
import { hasAddPath, type WireContext } from './context.js';
import { BgpWireError, ErrorHandling } from './errors.js';

export interface Prefix {
  readonly afi: 1 | 2;
  /** Prefix length in bits. */
  readonly length: number;
  /** The first ceil(length/8) address bytes; bits past `length` are zero. */
  readonly bytes: Uint8Array;
  /** RFC 7911 Path Identifier, present only when add-path is in use for the family. */
  readonly pathId?: number;
}
export type Prefix4 = Prefix & { readonly afi: 1 };
export type Prefix6 = Prefix & { readonly afi: 2 };

const MAX_BITS = [0, 32, 128] as const;

/** Text that is not a prefix. */
export class PrefixSyntaxError extends V6netError {
  constructor(text: string) {
    super('E_PREFIX_SYNTAX', `not a valid prefix: ${JSON.stringify(text)}`);
  }
}

/**
 * Reads prefixes until the reader is empty, appending to `out`. A prefix longer than the family allows or a
 * field that does not end on a prefix boundary is "syntactically incorrect" (RFC 7606 §5.3): throws
 * BgpWireError 3/`subcode` with session-reset handling.
 */
export function decodePrefixes(
  r: ByteReader,
  afi: 1 | 2,
  withPathId: boolean,
  subcode: number,
  out: Prefix[],
): Prefix[] {
  const maxBits = MAX_BITS[afi];
  const buf = r.buf;
  const end = r.end;
  let o = r.offset;
  while (o < end) {
    let pathId: number | undefined;
    if (withPathId) {
      if (end - o < 5) throw prefixError(subcode);
      pathId = ((buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!) >>> 0;
      o += 4;
    }
    const length = buf[o++]!;
    if (length > maxBits) throw prefixError(subcode); // RFC 7606 §5.3: longer than the longest possible prefix
    const n = (length + 7) >>> 3;
    if (end - o < n) throw prefixError(subcode); // RFC 7606 §5.3: field length not the sum of its NLRI
    // A copy, so a stored prefix never pins the (possibly large) receive buffer.
    const bytes = buf.slice(o, o + n);
    const spare = length & 7;
    // RFC 4271 §4.3: trailing bits are irrelevant; store them as zero so equal prefixes compare equal.
    if (spare !== 0) bytes[n - 1] = bytes[n - 1]! & ((0xff << (8 - spare)) & 0xff);
    o += n;
    out.push(pathId === undefined ? { afi, length, bytes } : { afi, length, bytes, pathId });
  }
  r.offset = o;
  return out;
}

function prefixError(subcode: number): BgpWireError {
  return new BgpWireError(NotificationCode.updateMessageError, subcode, undefined, ErrorHandling.sessionReset);
}

/** Encoded size of one prefix. */
export function prefixEncodingLength(p: Prefix, withPathId: boolean): number {
  return (withPathId ? 5 : 1) + ((p.length + 7) >>> 3);
}

/** Writes one prefix (path id first when `withPathId`). */
export function encodePrefix(p: Prefix, w: ByteWriter, withPathId: boolean): void {
  if (p.length > MAX_BITS[p.afi]) throw new PrefixSyntaxError(`length ${p.length}`);
  if (withPathId) w.u32(p.pathId ?? 0);
  w.u8(p.length);
  const n = (p.length + 7) >>> 3;
  if (p.bytes.length < n) throw new PrefixSyntaxError(`length ${p.length} with ${p.bytes.length} byte(s)`);
  const spare = p.length & 7;
  if (spare === 0) {
    w.bytes(n === p.bytes.length ? p.bytes : p.bytes.subarray(0, n));
    return;
  }
  if (n > 1) w.bytes(p.bytes.subarray(0, n - 1));
  w.u8(p.bytes[n - 1]! & ((0xff << (8 - spare)) & 0xff));
}

/** Sum of `prefixEncodingLength` over a list. */
export function prefixesEncodingLength(list: readonly Prefix[], withPathId: boolean): number {
  let n = 0;
  for (const p of list) n += (withPathId ? 5 : 1) + ((p.length + 7) >>> 3);
  return n;
}

/** A codec for a single prefix of one family (used by round-trip tests and ad-hoc tools). */
export function prefixCodec(afi: 1 | 2, safi = 1): Codec<Prefix> {
  return {
    encode: (p, w, ctx) => encodePrefix(p, w, hasAddPath(ctx, afi, safi)),
    decode: (r: ByteReader, ctx: WireContext) => {
      const withPathId = hasAddPath(ctx, afi, safi);
      // One prefix: read its header to bound the window, then reuse the list decoder on it.
      const start = r.offset;
      const lenAt = start + (withPathId ? 4 : 0);
      if (lenAt >= r.end) throw prefixError(UpdateMessageErrorSubcode.invalidNetworkField);
      const total = (withPathId ? 5 : 1) + ((r.buf[lenAt]! + 7) >>> 3);
      if (r.end - start < total) throw prefixError(UpdateMessageErrorSubcode.invalidNetworkField);
      const out: Prefix[] = [];
      decodePrefixes(
        new ByteReader(r.buf, start, start + total),
        afi,
        withPathId,
        UpdateMessageErrorSubcode.invalidNetworkField,
        out,
      );
      r.offset = start + total;
      return out[0]!;
    },
    encodingLength: (p, ctx) => prefixEncodingLength(p, hasAddPath(ctx, afi, safi)),
  };
}

/** `2001:db8::/32` or `192.0.2.0/24` (RFC 5952 text for IPv6); `#<id>` appended when a path id is set. */
export function formatWirePrefix(p: Prefix): string {
  const full = new Uint8Array(p.afi === Afi.ipv4 ? 4 : 16);
  full.set(p.bytes.subarray(0, Math.min(p.bytes.length, full.length)));
  const text = `${p.afi === Afi.ipv4 ? formatIpv4(full) : formatIpv6(full)}/${p.length}`;
  return p.pathId === undefined ? text : `${text}#${p.pathId}`;
}

/**
 * Parses prefix text into wire form. Host bits must be zero (`2001:db8::1/32` is rejected): a prefix names a
 * network. Throws PrefixSyntaxError.
 */
export function parseWirePrefix(text: string): Prefix {
  const slash = text.indexOf('/');
  if (slash < 0) throw new PrefixSyntaxError(text);
  const addr = text.slice(0, slash);
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) throw new PrefixSyntaxError(text);
  const length = Number(lenText);
  const afi: 1 | 2 = addr.includes(':') ? Afi.ipv6 : Afi.ipv4;
  let full: Uint8Array;
  try {
    full = afi === Afi.ipv6 ? parseIpv6(addr) : parseIpv4(addr);
  } catch (e) {
    if (e instanceof AddressSyntaxError) throw new PrefixSyntaxError(text);
    throw e;
  }
  if (length > MAX_BITS[afi]) throw new PrefixSyntaxError(text);
  const n = (length + 7) >>> 3;
  for (let i = 0; i < full.length; i++) {
    const keep =
      i < n - 1 || (i === n - 1 && (length & 7) === 0) ? 0xff : i === n - 1 ? (0xff << (8 - (length & 7))) & 0xff : 0;
    if ((full[i]! & ~keep & 0xff) !== 0) throw new PrefixSyntaxError(text);
  }
  return { afi, length, bytes: full.slice(0, n) };
}
