/**
 * Big-endian byte reading and writing for binary codecs. No domain words here: BGP lives in src/bgp/wire.
 *
 * `ByteReader` never lets a RangeError/TypeError escape: every read past the end throws `ByteUnderflowError`
 * (code E_BYTE_UNDERFLOW), which protocol decoders catch and map to their own error (e.g. a NOTIFICATION).
 * `ByteWriter` grows on demand; when created with the exact final size (codecs know it from `encodingLength`)
 * it never reallocates and `finish()` returns the buffer without copying.
 */
import { V6netError } from './errors.js';

/** A read went past the end of the reader's window. */
export class ByteUnderflowError extends V6netError {
  readonly offset: number;
  readonly wanted: number;
  readonly available: number;

  constructor(offset: number, wanted: number, available: number) {
    super('E_BYTE_UNDERFLOW', `wanted ${wanted} byte(s) at offset ${offset}, ${available} available`);
    this.offset = offset;
    this.wanted = wanted;
    this.available = available;
  }
}

/** A value does not fit the field it is written to (a bug in the caller, not bad input). */
export class ByteRangeError extends V6netError {
  constructor(what: string, value: number) {
    super('E_BYTE_RANGE', `${what}: value ${value} out of range`);
  }
}

/** Reads a window `[start, end)` of a Uint8Array. Offsets are absolute positions in the underlying array. */
export class ByteReader {
  readonly buf: Uint8Array;
  /** Absolute position of the next byte to read. */
  offset: number;
  /** Absolute end (exclusive) of the window. */
  readonly end: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.offset = start;
    this.end = end;
  }

  /** Bytes left in the window. */
  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): void {
    if (this.end - this.offset < n) throw new ByteUnderflowError(this.offset, n, this.end - this.offset);
  }

  u8(): number {
    if (this.offset >= this.end) throw new ByteUnderflowError(this.offset, 1, 0);
    return this.buf[this.offset++]!;
  }

  u16(): number {
    this.need(2);
    const b = this.buf;
    const o = this.offset;
    this.offset = o + 2;
    return (b[o]! << 8) | b[o + 1]!;
  }

  u32(): number {
    this.need(4);
    const b = this.buf;
    const o = this.offset;
    this.offset = o + 4;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }

  /** Next byte without consuming it. */
  peekU8(): number {
    if (this.offset >= this.end) throw new ByteUnderflowError(this.offset, 1, 0);
    return this.buf[this.offset]!;
  }

  /** A view (no copy) of the next `n` bytes. */
  bytes(n: number): Uint8Array {
    this.need(n);
    const o = this.offset;
    this.offset = o + n;
    return this.buf.subarray(o, o + n);
  }

  /** A copy of the next `n` bytes (use when the result outlives the input buffer). */
  copy(n: number): Uint8Array {
    this.need(n);
    const o = this.offset;
    this.offset = o + n;
    return this.buf.slice(o, o + n);
  }

  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }

  /** A reader over the next `n` bytes; this reader moves past them. */
  sub(n: number): ByteReader {
    this.need(n);
    const o = this.offset;
    this.offset = o + n;
    return new ByteReader(this.buf, o, o + n);
  }
}

const INITIAL_CAPACITY = 256;

/** A growable big-endian writer. */
export class ByteWriter {
  private buf: Uint8Array;
  private pos = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.buf = new Uint8Array(Math.max(1, capacity));
  }

  /** Bytes written so far (the position of the next byte). */
  get length(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  u8(v: number): void {
    if ((v & 0xff) !== v) throw new ByteRangeError('u8', v);
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    if ((v & 0xffff) !== v) throw new ByteRangeError('u16', v);
    this.ensure(2);
    const b = this.buf;
    b[this.pos++] = v >>> 8;
    b[this.pos++] = v & 0xff;
  }

  u32(v: number): void {
    if (v >>> 0 !== v) throw new ByteRangeError('u32', v);
    this.ensure(4);
    const b = this.buf;
    b[this.pos++] = v >>> 24;
    b[this.pos++] = (v >>> 16) & 0xff;
    b[this.pos++] = (v >>> 8) & 0xff;
    b[this.pos++] = v & 0xff;
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  /** Writes `n` zero bytes and returns their offset, to be filled later with `patchU8`/`patchU16`/`patchU32`. */
  reserve(n: number): number {
    this.ensure(n);
    const at = this.pos;
    this.buf.fill(0, at, at + n);
    this.pos += n;
    return at;
  }

  patchU8(at: number, v: number): void {
    this.checkPatch(at, 1);
    if ((v & 0xff) !== v) throw new ByteRangeError('u8', v);
    this.buf[at] = v;
  }

  patchU16(at: number, v: number): void {
    this.checkPatch(at, 2);
    if ((v & 0xffff) !== v) throw new ByteRangeError('u16', v);
    this.buf[at] = v >>> 8;
    this.buf[at + 1] = v & 0xff;
  }

  patchU32(at: number, v: number): void {
    this.checkPatch(at, 4);
    if (v >>> 0 !== v) throw new ByteRangeError('u32', v);
    this.buf[at] = v >>> 24;
    this.buf[at + 1] = (v >>> 16) & 0xff;
    this.buf[at + 2] = (v >>> 8) & 0xff;
    this.buf[at + 3] = v & 0xff;
  }

  private checkPatch(at: number, n: number): void {
    if (!(at >= 0 && at + n <= this.pos)) throw new ByteRangeError('patch offset', at);
  }

  /**
   * The bytes written. Without copying when the buffer is exactly full; the writer must not be used afterwards.
   */
  finish(): Uint8Array {
    return this.pos === this.buf.length ? this.buf : this.buf.slice(0, this.pos);
  }
}
