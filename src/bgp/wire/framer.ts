/**
 * Splits a byte stream into whole BGP messages (RFC 4271 §4.1 header: marker, 2-octet length). Decoding is
 * separate (`decodeMessage`). Partial data is kept until the rest arrives. A bad marker or length throws
 * BgpWireError (1/1 or 1/2); the stream cannot be resynchronised after that, the session must be reset.
 */
import { Header } from './codes.js';
import { checkHeader, maxMessageLength } from './message.js';

const EMPTY = new Uint8Array(0);

export interface BgpFramerOptions {
  /** RFC 8654: accept messages up to 65535 octets. Can be switched on after the OPEN exchange. */
  readonly extendedMessage?: boolean;
}

export class BgpFramer {
  /** RFC 8654 §4: set after both sides advertised the Extended Message capability. */
  extendedMessage: boolean;
  private pending: Uint8Array = EMPTY;

  constructor(options: BgpFramerOptions = {}) {
    this.extendedMessage = options.extendedMessage ?? false;
  }

  /** Bytes held back waiting for the rest of a message. */
  get buffered(): number {
    return this.pending.length;
  }

  /**
   * Adds bytes; returns the complete messages now available (each a view: it may share memory with `chunk`,
   * so callers that keep a message beyond the chunk's life should copy it).
   */
  push(chunk: Uint8Array): Uint8Array[] {
    let buf: Uint8Array;
    if (this.pending.length === 0) buf = chunk;
    else {
      buf = new Uint8Array(this.pending.length + chunk.length);
      buf.set(this.pending, 0);
      buf.set(chunk, this.pending.length);
    }
    const max = maxMessageLength(this);
    const out: Uint8Array[] = [];
    let off = 0;
    while (buf.length - off >= Header.length) {
      const len = checkHeader(buf, off, max);
      if (buf.length - off < len) break;
      out.push(buf.subarray(off, off + len));
      off += len;
    }
    // Keep the unfinished tail as a copy, so the caller may reuse `chunk`.
    this.pending = off === buf.length ? EMPTY : buf.slice(off);
    return out;
  }
}
