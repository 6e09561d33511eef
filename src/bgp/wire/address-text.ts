/**
 * Address text for the wire codec: IPv4 dotted quad and IPv6 in RFC 5952 canonical form. Kept local so the codec
 * hot path works on bytes; richer address types live in src/ip.
 */
import { V6netError } from '../../core/errors.js';

/** Text that is not an address of the expected family. */
export class AddressSyntaxError extends V6netError {
  constructor(text: string) {
    super('E_ADDRESS_SYNTAX', `not a valid address: ${JSON.stringify(text)}`);
  }
}

/** Dotted quad of `bytes[off..off+4)`. */
export function formatIpv4(bytes: Uint8Array, off = 0): string {
  return `${bytes[off] ?? 0}.${bytes[off + 1] ?? 0}.${bytes[off + 2] ?? 0}.${bytes[off + 3] ?? 0}`;
}

/** Dotted quad of a u32. */
export function formatIpv4U32(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

const V4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted quad into `out[off..off+4)` (a new 4-byte array by default). */
export function parseIpv4(text: string, out: Uint8Array = new Uint8Array(4), off = 0): Uint8Array {
  const m = V4_RE.exec(text);
  if (m === null) throw new AddressSyntaxError(text);
  for (let i = 0; i < 4; i++) {
    const part = m[i + 1]!;
    if (part.length > 1 && part[0] === '0') throw new AddressSyntaxError(text);
    const v = Number(part);
    if (v > 255) throw new AddressSyntaxError(text);
    out[off + i] = v;
  }
  return out;
}

/** Dotted quad text to u32. */
export function parseIpv4U32(text: string): number {
  const b = parseIpv4(text);
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

const lastHop = new Uint8Array(16);
let lastHopText = '::';

/** RFC 5952 §4 text of the 16 bytes at `bytes[off..off+16)`. */
export function formatIpv6(bytes: Uint8Array, off = 0): string {
  // Next hops repeat from one UPDATE to the next: remember the last one formatted.
  let same = true;
  for (let i = 0; i < 16; i++) {
    if (bytes[off + i] !== lastHop[i]) {
      same = false;
      break;
    }
  }
  if (same) return lastHopText;
  const text = formatIpv6Uncached(bytes, off);
  for (let i = 0; i < 16; i++) lastHop[i] = bytes[off + i] ?? 0;
  lastHopText = text;
  return text;
}

function formatIpv6Uncached(bytes: Uint8Array, off: number): string {
  const words = new Array<number>(8);
  for (let i = 0; i < 8; i++) words[i] = ((bytes[off + 2 * i] ?? 0) << 8) | (bytes[off + 2 * i + 1] ?? 0);
  // RFC 5952 §4.2.2-4.2.3: compress the longest run (≥ 2) of zero words, the first one on a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted quad.
  if (bestStart === 0 && bestLen === 5 && words[5] === 0xffff) return `::ffff:${formatIpv4(bytes, off + 12)}`;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += i === 0 ? '::' : ':';
      i += bestLen - 1;
      continue;
    }
    out += words[i]!.toString(16);
    if (i < 7) out += ':';
  }
  return out;
}

const HEX_RE = /^[0-9a-fA-F]{1,4}$/;

/** Parses IPv6 text (any valid RFC 4291 §2.2 form) into `out[off..off+16)`. */
export function parseIpv6(text: string, out: Uint8Array = new Uint8Array(16), off = 0): Uint8Array {
  let body = text;
  if (body.includes('.')) {
    // RFC 4291 §2.2 form 3: trailing dotted quad becomes two hex words.
    const lastColon = body.lastIndexOf(':');
    if (lastColon < 0) throw new AddressSyntaxError(text);
    const quad = parseIpv4(body.slice(lastColon + 1));
    body = `${body.slice(0, lastColon + 1)}${((quad[0]! << 8) | quad[1]!).toString(16)}:${((quad[2]! << 8) | quad[3]!).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) throw new AddressSyntaxError(text);
  const parse = (s: string): number[] => {
    if (s === '') return [];
    return s.split(':').map((p) => {
      if (!HEX_RE.test(p)) throw new AddressSyntaxError(text);
      return Number.parseInt(p, 16);
    });
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const explicit = head.length + rest.length;
  if (halves.length === 2 ? explicit > 7 : explicit !== 8) throw new AddressSyntaxError(text);
  const words = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
  for (let i = 0; i < 8; i++) {
    out[off + 2 * i] = words[i]! >>> 8;
    out[off + 2 * i + 1] = words[i]! & 0xff;
  }
  return out;
}
