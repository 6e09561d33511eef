/**
 * Prefixes as compact map keys: a one-byte ("latin1") string whose first char tells family and length and whose
 * following chars are the ceil(length/8) prefix bytes. A /48 is 7 chars, so V8 stores it as a 24-byte sequential
 * string with its hash cached; no object per prefix, no bigint. Keys order equal prefixes equally and can be
 * converted back to the wire form without loss (path ids are not part of a key).
 */
import { Afi } from '../wire/codes.js';
import { formatWirePrefix, type Prefix, parseWirePrefix } from '../wire/prefix.js';

/** A prefix key (see the file comment). Build it with `prefixKey`/`prefixKeyFromText` only. */
export type PrefixKey = string & { readonly __prefixKey: never };

/** First char: IPv6 lengths 0..128 as-is, IPv4 lengths 0..32 offset by this. */
const V4_OFFSET = 160;

/** The key of a wire prefix (trailing bits are assumed zero, as the wire decoder guarantees). */
export function prefixKey(p: Prefix): PrefixKey {
  return keyFromBytes(p.afi, p.length, p.bytes);
}

/**
 * The key of `afi`/`length` with the ceil(length/8) prefix bytes at `bytes[off..]`. The caller guarantees the bytes
 * are there and that bits past `length` are zero (the wire decoder and `maskedKeyFromBytes` do).
 */
export function keyFromBytes(afi: 1 | 2, length: number, bytes: Uint8Array, off = 0): PrefixKey {
  const n = (length + 7) >>> 3;
  const head = afi === Afi.ipv4 ? V4_OFFSET + length : length;
  const b = bytes;
  const o = off;
  // Up to 17 chars: String.fromCharCode with fixed arguments is the fastest way to build a short one-byte string.
  switch (n) {
    case 0:
      return String.fromCharCode(head) as PrefixKey;
    case 4:
      return String.fromCharCode(head, b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!) as PrefixKey;
    case 5:
      return String.fromCharCode(head, b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!, b[o + 4]!) as PrefixKey;
    case 6:
      return String.fromCharCode(head, b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!, b[o + 4]!, b[o + 5]!) as PrefixKey;
    case 7:
      return String.fromCharCode(
        head,
        b[o]!,
        b[o + 1]!,
        b[o + 2]!,
        b[o + 3]!,
        b[o + 4]!,
        b[o + 5]!,
        b[o + 6]!,
      ) as PrefixKey;
    case 8:
      return String.fromCharCode(
        head,
        b[o]!,
        b[o + 1]!,
        b[o + 2]!,
        b[o + 3]!,
        b[o + 4]!,
        b[o + 5]!,
        b[o + 6]!,
        b[o + 7]!,
      ) as PrefixKey;
    default: {
      const codes = new Array<number>(n + 1);
      codes[0] = head;
      for (let i = 0; i < n; i++) codes[i + 1] = b[o + i]!;
      return String.fromCharCode.apply(null, codes) as PrefixKey;
    }
  }
}

/** Like `keyFromBytes`, but clears the bits past `length` in the key (the source bytes are not changed). */
export function maskedKeyFromBytes(afi: 1 | 2, length: number, bytes: Uint8Array, off = 0): PrefixKey {
  const spare = length & 7;
  if (spare === 0) return keyFromBytes(afi, length, bytes, off);
  const n = (length + 7) >>> 3;
  const last = bytes[off + n - 1]!;
  const masked = last & ((0xff << (8 - spare)) & 0xff);
  if (masked === last) return keyFromBytes(afi, length, bytes, off);
  const copy = bytes.slice(off, off + n);
  copy[n - 1] = masked;
  return keyFromBytes(afi, length, copy, 0);
}

export function keyAfi(key: PrefixKey): 1 | 2 {
  return key.charCodeAt(0) >= V4_OFFSET ? Afi.ipv4 : Afi.ipv6;
}

export function keyLength(key: PrefixKey): number {
  const c = key.charCodeAt(0);
  return c >= V4_OFFSET ? c - V4_OFFSET : c;
}

/** Byte `i` of the prefix (0 past the stored bytes). */
export function keyByte(key: PrefixKey, i: number): number {
  return i + 1 < key.length ? key.charCodeAt(i + 1) : 0;
}

/** The wire form of a key. */
export function prefixFromKey(key: PrefixKey): Prefix {
  const bytes = new Uint8Array(key.length - 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = key.charCodeAt(i + 1);
  return { afi: keyAfi(key), length: keyLength(key), bytes };
}

/** `2001:db8::/32` → key. Throws PrefixSyntaxError (host bits set, bad text). */
export function prefixKeyFromText(text: string): PrefixKey {
  return prefixKey(parseWirePrefix(text));
}

/** RFC 5952 text of a key. */
export function formatPrefixKey(key: PrefixKey): string {
  return formatWirePrefix(prefixFromKey(key));
}

/** Whether `inner` lies inside `outer` (same family, inner length ≥ outer length, first outer-length bits equal). */
export function keyContains(outer: PrefixKey, inner: PrefixKey): boolean {
  if (keyAfi(outer) !== keyAfi(inner)) return false;
  const len = keyLength(outer);
  if (keyLength(inner) < len) return false;
  const full = len >>> 3;
  for (let i = 1; i <= full; i++) if (outer.charCodeAt(i) !== inner.charCodeAt(i)) return false;
  const spare = len & 7;
  if (spare === 0) return true;
  const mask = (0xff << (8 - spare)) & 0xff;
  return (outer.charCodeAt(full + 1) & mask) === (inner.charCodeAt(full + 1) & mask);
}
