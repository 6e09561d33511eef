import { IpErrorCode, IpParseFailure, quoteInput } from './errors.js';
import { formatIpv4, parseIpv4Text } from './text-ipv4.js';

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
// Longest valid text without zone: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".
const MAX_TEXT = 45;

function fail(input: string, why: string): never {
  throw new IpParseFailure(IpErrorCode.syntax, `invalid IPv6 address ${quoteInput(input)}: ${why}`, input);
}

/** Parse colon-separated groups (no `::` inside) into 16-bit values; the last group may be dotted IPv4. */
function parseGroups(part: string, ipv4Allowed: boolean, input: string): number[] {
  if (part === '') return [];
  const groups = part.split(':');
  const out: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (g === '') fail(input, 'empty group (use "::" once to compress zeros)');
    if (i === groups.length - 1 && ipv4Allowed && g.includes('.')) {
      // RFC 4291 §2.2 (3): x:x:x:x:x:x:d.d.d.d, the dotted quad fills the low-order 32 bits.
      const v4 = parseIpv4Text(g, input, 'IPv6 address (embedded IPv4)');
      out.push(v4 >>> 16, v4 & 0xffff);
    } else if (HEX_GROUP.test(g)) {
      // RFC 4291 §2.2 (1): one to four hex digits per 16-bit piece, leading zeros optional, any case.
      out.push(Number.parseInt(g, 16));
    } else {
      fail(input, `group ${quoteInput(g)} is not 1 to 4 hex digits`);
    }
  }
  return out;
}

/** Parse RFC 4291 §2.2 IPv6 text (no zone) to a 128-bit unsigned bigint. `input` is used in error messages. */
export function parseIpv6Text(text: string, input: string = text): bigint {
  if (text.length === 0) fail(input, 'empty text');
  if (text.length > MAX_TEXT) fail(input, 'too long');
  const dbl = text.indexOf('::');
  let head: number[];
  let tail: number[];
  if (dbl >= 0) {
    // RFC 4291 §2.2 (2): "::" may appear only once in an address.
    if (text.indexOf('::', dbl + 1) >= 0) fail(input, '"::" appears more than once');
    const tailText = text.slice(dbl + 2);
    head = parseGroups(text.slice(0, dbl), false, input);
    tail = parseGroups(tailText, true, input);
    // RFC 4291 §2.2 (2): "::" stands for one or more groups of zeros, so at most 7 explicit groups remain.
    if (head.length + tail.length > 7) fail(input, 'too many groups around "::"');
  } else {
    head = parseGroups(text, true, input);
    tail = [];
    if (head.length !== 8) fail(input, `expected 8 groups, found ${head.length}`);
  }
  let value = 0n;
  for (const g of head) value = (value << 16n) | BigInt(g);
  value <<= BigInt(16 * (8 - head.length - tail.length));
  for (const g of tail) value = (value << 16n) | BigInt(g);
  return value;
}

// Scratch space for formatIpv6 (synchronous, never re-entered): no garbage per call but the text itself.
const SCRATCH_GROUPS: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
const SCRATCH_PARTS: string[] = [];

/** The value of the lowercase hex digit at `i` (as `toString(16)` writes them). */
function hexDigit(hex: string, i: number): number {
  const c = hex.charCodeAt(i);
  return c <= 57 ? c - 48 : c - 87;
}

/**
 * Format a 128-bit value as RFC 5952 text: lowercase (§4.3), no leading zeros (§4.1), the longest run of two or
 * more zero groups compressed to "::" (§4.2.1, §4.2.2), the first such run on ties (§4.2.3), and IPv4-mapped
 * addresses as ::ffff:a.b.c.d (§5).
 */
export function formatIpv6(value: bigint): string {
  // One toString(16) instead of eight bigint shifts: formatting is on the hot path of LB-IPAM (100,000 IPs).
  const digits = value.toString(16);
  const hex = digits.length >= 32 ? digits.slice(-32) : digits.padStart(32, '0');
  const groups = SCRATCH_GROUPS;
  for (let i = 0; i < 8; i++) {
    const c = i * 4;
    groups[i] =
      (hexDigit(hex, c) << 12) | (hexDigit(hex, c + 1) << 8) | (hexDigit(hex, c + 2) << 4) | hexDigit(hex, c + 3);
  }
  // RFC 5952 §5: ::ffff:0:0/96 is written with the IPv4 part in dotted decimal.
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  )
    return `::ffff:${formatIpv4(groups[6]! * 0x10000 + groups[7]!)}`;
  let bestStart = -1;
  let bestLen = 1; // RFC 5952 §4.2.2: a single zero group is never compressed.
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    // RFC 5952 §4.2.3: strictly longer wins, so the first run wins a tie.
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  // Group digits without leading zeros, sliced from `hex` and joined once: a flat string, not a chain of concats.
  const parts = SCRATCH_PARTS;
  parts.length = 0;
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      // "::": one empty part, plus one more at either end of the address.
      parts.push('');
      if (i === 0) parts.push('');
      i += bestLen - 1;
      if (i === 7) parts.push('');
      continue;
    }
    let d = i * 4;
    while (d < i * 4 + 3 && hex.charCodeAt(d) === 48) d++;
    parts.push(hex.slice(d, i * 4 + 4));
  }
  return parts.join(':');
}
