/**
 * The shared round-trip check for every wire codec (DESIGN.md): encode writes exactly `encodingLength` bytes,
 * decode∘encode is the identity, and re-encoding the decoded value is byte-identical.
 */
import { expect } from 'vitest';
import { ByteReader, ByteWriter } from '../../core/bytes.js';
import type { Codec } from './codec.js';
import { INITIAL_WIRE_CONTEXT, type WireContext } from './context.js';

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/#[^\n]*/g, '').replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`bad hex: ${clean.slice(0, 40)}`);
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

function encodeWith<T>(codec: Codec<T>, value: T, ctx: WireContext): Uint8Array {
  const w = new ByteWriter(1);
  codec.encode(value, w, ctx);
  return w.finish();
}

/** Runs the three round-trip properties and returns the encoding. */
export function expectRoundTrip<T>(codec: Codec<T>, value: T, ctx: WireContext = INITIAL_WIRE_CONTEXT): Uint8Array {
  const bytes = encodeWith(codec, value, ctx);
  expect(bytes.length, 'encodingLength is exact').toBe(codec.encodingLength(value, ctx));
  const r = new ByteReader(bytes);
  const decoded = codec.decode(r, ctx);
  expect(r.remaining, 'decode consumes the encoding').toBe(0);
  expect(decoded).toEqual(value);
  expect(toHex(encodeWith(codec, decoded, ctx)), 're-encoding is byte-identical').toBe(toHex(bytes));
  return bytes;
}
