/** The shape every wire codec has (messages, attributes, capabilities, prefixes). */
import type { ByteReader, ByteWriter } from '../../core/bytes.js';
import type { WireContext } from './context.js';

export interface Codec<T> {
  /** Appends the encoding of `value`; writes exactly `encodingLength(value, ctx)` bytes. */
  encode(value: T, writer: ByteWriter, ctx: WireContext): void;
  /** Reads one value; consumes the reader's window when the codec owns a whole field. Throws only BgpWireError. */
  decode(reader: ByteReader, ctx: WireContext): T;
  /** Exact number of bytes `encode` writes. */
  encodingLength(value: T, ctx: WireContext): number;
}
