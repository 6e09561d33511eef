import { describe, expect, it } from 'vitest';
import { AttributeInterner, type AttributeScalars, hashBytes, hashKey } from './intern.js';

const scalars: AttributeScalars = {
  origin: 0,
  asPathLength: 1,
  neighborAs: 65001,
  med: -1,
  localPref: -1,
  nextHop: '2001:db8::1',
  originatorId: -1,
  clusterListLength: 0,
  weight: 0,
  flags: 0,
};
const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('AttributeInterner', () => {
  it('hashes a key string and its bytes alike', () => {
    const k = '\x00\x10\xfe\x80abc';
    expect(hashKey(k)).toBe(hashBytes(bytes(k), k.length));
    expect(hashKey(k)).not.toBe(hashKey(`${k}d`));
  });

  it('keeps colliding keys apart and finds each; entries leave at zero references', () => {
    const t = new AttributeInterner();
    const a = t.retain(t.getKey('key-a', scalars, 7));
    const b = t.retain(t.getKey('key-b', scalars, 7));
    expect(a).not.toBe(b);
    expect(t.size).toBe(2);
    expect(t.lookupBytes(7, bytes('key-b'), 5)).toBe(b);
    expect(t.lookupBytes(7, bytes('key-c'), 5)).toBeUndefined();
    expect(t.getKey('key-a', scalars, 7)).toBe(a);
    t.release(a);
    expect(t.size).toBe(1);
    expect(t.lookupBytes(7, bytes('key-a'), 5)).toBeUndefined();
    expect(t.lookupBytes(7, bytes('key-b'), 5)).toBe(b);
    t.release(b);
    expect(t.size).toBe(0);
    // a handle retained again after it left comes back (or yields to an equal one interned meanwhile)
    const b2 = t.getKey('key-b', scalars, 7);
    expect(t.retain(b)).toBe(b2);
    expect(b2.refs).toBe(1);
  });

  it('a miss followed by an insert of the same key lands once', () => {
    const t = new AttributeInterner();
    expect(t.lookupBytes(9, bytes('x'), 1)).toBeUndefined();
    const x = t.getKey('x', scalars, 9);
    expect(t.lookupBytes(9, bytes('x'), 1)).toBe(x);
    expect(t.getKey('x', scalars, 9)).toBe(x);
    expect(t.size).toBe(1);
    // a set interned from a value carries its scalars without a value decode
    const v = t.get({ origin: 0, asPath: [{ type: 'sequence', asns: [65001] }], nextHop: '2001:db8::1', weight: 5 });
    expect([v.weight, v.originatorId, v.neighborAs]).toEqual([5, -1, 65001]);
  });
});
