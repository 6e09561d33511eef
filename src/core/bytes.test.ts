import { describe, expect, it } from 'vitest';
import { ByteRangeError, ByteReader, ByteUnderflowError, ByteWriter } from './bytes.js';
import { V6netError } from './errors.js';

describe('ByteReader', () => {
  const buf = new Uint8Array([0x01, 0x02, 0x03, 0x04, 0x05, 0xff, 0xfe, 0xfd, 0xfc]);

  it('reads big-endian integers and tracks offset/remaining', () => {
    const r = new ByteReader(buf);
    expect(r.u8()).toBe(1);
    expect(r.u16()).toBe(0x0203);
    expect(r.offset).toBe(3);
    expect(r.u32()).toBe(0x0405fffe);
    expect(r.remaining).toBe(2);
    expect(r.peekU8()).toBe(0xfd);
    expect(r.u16()).toBe(0xfdfc);
    expect(r.remaining).toBe(0);
  });

  it('reads u32 with the high bit set as an unsigned number', () => {
    expect(new ByteReader(new Uint8Array([0xff, 0xff, 0xff, 0xff])).u32()).toBe(0xffffffff);
  });

  it('bytes() is a view, copy() is not', () => {
    const r = new ByteReader(buf);
    const view = r.bytes(2);
    const copy = r.copy(2);
    expect([...view]).toEqual([1, 2]);
    expect([...copy]).toEqual([3, 4]);
    expect(view.buffer).toBe(buf.buffer);
    expect(copy.buffer).not.toBe(buf.buffer);
  });

  it('sub() bounds a window and moves the parent past it', () => {
    const r = new ByteReader(buf, 1);
    const s = r.sub(3);
    expect(r.offset).toBe(4);
    expect(s.remaining).toBe(3);
    expect(s.u16()).toBe(0x0203);
    expect(s.u8()).toBe(4);
    expect(() => s.u8()).toThrow(ByteUnderflowError);
    expect(r.u8()).toBe(5);
  });

  it('throws ByteUnderflowError (E_BYTE_UNDERFLOW) on every read past the end, never RangeError', () => {
    const reads: ((r: ByteReader) => unknown)[] = [
      (r) => r.u8(),
      (r) => r.u16(),
      (r) => r.u32(),
      (r) => r.peekU8(),
      (r) => r.bytes(2),
      (r) => r.copy(2),
      (r) => r.skip(2),
      (r) => r.sub(2),
    ];
    for (const read of reads) {
      const r = new ByteReader(new Uint8Array([7]), 1);
      try {
        read(r);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ByteUnderflowError);
        expect(e).toBeInstanceOf(V6netError);
        expect((e as ByteUnderflowError).code).toBe('E_BYTE_UNDERFLOW');
        expect((e as ByteUnderflowError).offset).toBe(1);
      }
    }
  });

  it('a partial u32 does not move the offset', () => {
    const r = new ByteReader(new Uint8Array([1, 2, 3]));
    expect(() => r.u32()).toThrow(ByteUnderflowError);
    expect(r.offset).toBe(0);
  });
});

describe('ByteWriter', () => {
  it('writes big-endian integers and grows', () => {
    const w = new ByteWriter(1);
    w.u8(1);
    w.u16(0x0203);
    w.u32(0xfffefdfc);
    w.bytes(new Uint8Array([9, 8]));
    expect([...w.finish()]).toEqual([1, 2, 3, 0xff, 0xfe, 0xfd, 0xfc, 9, 8]);
  });

  it('reserve and patch fill in a length later', () => {
    const w = new ByteWriter();
    const at = w.reserve(2);
    const at32 = w.reserve(4);
    const at8 = w.reserve(1);
    w.bytes(new Uint8Array(5));
    w.patchU16(at, w.length);
    w.patchU32(at32, 0xdeadbeef);
    w.patchU8(at8, 0x7f);
    expect([...w.finish()]).toEqual([0, 12, 0xde, 0xad, 0xbe, 0xef, 0x7f, 0, 0, 0, 0, 0]);
  });

  it('finish() returns the buffer itself when exactly full', () => {
    const w = new ByteWriter(2);
    w.u16(5);
    const a = w.finish();
    expect(a.length).toBe(2);
    const w2 = new ByteWriter(8);
    w2.u16(5);
    expect(w2.finish().length).toBe(2);
  });

  it('rejects out-of-range values with ByteRangeError', () => {
    const w = new ByteWriter();
    expect(() => w.u8(256)).toThrow(ByteRangeError);
    expect(() => w.u8(-1)).toThrow(ByteRangeError);
    expect(() => w.u16(0x10000)).toThrow(ByteRangeError);
    expect(() => w.u16(1.5)).toThrow(ByteRangeError);
    expect(() => w.u32(2 ** 32)).toThrow(ByteRangeError);
    expect(() => w.u32(Number.NaN)).toThrow(ByteRangeError);
    expect(() => w.patchU16(0, 1)).toThrow(ByteRangeError);
    expect(w.length).toBe(0);
  });
});
