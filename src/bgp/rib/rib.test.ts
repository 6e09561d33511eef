import { describe, expect, it } from 'vitest';
import type { RibAttributes } from './attributes.js';
import { keyFromBytes, type PrefixKey } from './prefix-key.js';
import { Rib } from './rib.js';

const attrs = (asns: number[]): RibAttributes => ({
  origin: 0,
  asPath: [{ type: 'sequence', asns }],
  nextHop: '2001:db8::a',
});
const key = (i: number): PrefixKey => keyFromBytes(2, 48, new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, i]));

function setup() {
  const rib = new Rib({ localAsn: 65000, routerId: 1 });
  const a = rib.addPeer({ id: '2001:db8::1', kind: 'ebgp', remoteAsn: 65001, routerId: 11, addressSortKey: '61' });
  const b = rib.addPeer({ id: '2001:db8::2', kind: 'ebgp', remoteAsn: 65002, routerId: 12, addressSortKey: '62' });
  return { rib, a, b };
}

describe('Rib', () => {
  it('prefixes of one UPDATE share one path object; anything in between starts a new one', () => {
    const { rib, a, b } = setup();
    const set = rib.interner.get(attrs([65001]));
    a.announce(key(1), set);
    a.announce(key(2), set);
    expect(rib.locRib.best(key(1))).toBe(rib.locRib.best(key(2)));
    b.announce(key(9), rib.interner.get(attrs([65002])));
    a.announce(key(3), set);
    expect(rib.locRib.best(key(3))).not.toBe(rib.locRib.best(key(2)));
    // arrival order still decides between two eBGP paths (older wins): a's path to 3 came after b's
    b.announce(key(3), rib.interner.get(attrs([65002])));
    a.announce(key(9), set);
    expect(rib.locRib.get(key(3))?.best.peer).toBe(a);
    expect(rib.locRib.get(key(9))?.best.peer).toBe(b);
    expect(rib.locRib.get(key(9))?.reason).toBe('older-path');
    // one reference per prefix, shared path or not
    expect(set.refs).toBe(4);
  });

  it('graceful restart: stale marks and counts are per prefix even when paths are shared', () => {
    const { rib, a } = setup();
    const set = rib.interner.get(attrs([65001]));
    for (const i of [1, 2, 3]) a.announce(key(i), set);
    rib.sessionDown(a, true);
    expect(a.staleCount).toBe(3);
    expect([1, 2, 3].map((i) => rib.locRib.best(key(i))?.stale)).toEqual([true, true, true]);
    // the restarted peer sends one again: that prefix is fresh, the others stay stale
    a.announce(key(2), set);
    expect(a.staleCount).toBe(2);
    expect([1, 2, 3].map((i) => rib.locRib.best(key(i))?.stale)).toEqual([true, false, true]);
    // a second failure before the sweep: only the fresh one is newly stale
    rib.sessionDown(a, true);
    expect(a.staleCount).toBe(3);
    expect(rib.sweepStale(a)).toBe(3);
    expect(rib.locRib.size).toBe(0);
    expect(rib.interner.size).toBe(0);
    expect(a.staleCount).toBe(0);
  });

  it('session down without graceful restart removes the peer paths and their attribute sets', () => {
    const { rib, a, b } = setup();
    a.announce(key(1), rib.interner.get(attrs([65001])));
    b.announce(key(1), rib.interner.get(attrs([65002, 65003])));
    rib.sessionDown(a, false);
    expect(rib.locRib.get(key(1))?.paths.map((p) => p.peer)).toEqual([b]);
    expect(rib.interner.size).toBe(1);
    expect(a.accepted).toEqual([0, 0, 0]);
  });
});
