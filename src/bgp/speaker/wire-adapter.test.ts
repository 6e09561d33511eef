import { describe, expect, it } from 'vitest';
import { formatWirePrefix, parseWirePrefix } from '../wire/prefix.js';
import type { RouteAttributes } from './route.js';
import { encodeAnnouncements, encodeWithdrawals, MessageReader } from './wire-adapter.js';

const canonical = (p: string) => formatWirePrefix(parseWirePrefix(p));
const ctx = { fourOctetAs: true, extendedMessage: false };
const attrs: RouteAttributes = {
  origin: 'igp',
  asPath: [{ type: 'sequence', asns: [65001, 4200000000] }],
  nextHop: '2001:db8::1',
  communities: ['65001:1'],
  largeCommunities: ['4200000000:1:2'],
  med: 5,
};

function decodeAll(messages: readonly Uint8Array[]) {
  const reader = new MessageReader();
  const announced: string[] = [];
  const withdrawn: string[] = [];
  for (const m of messages) {
    expect(m.length).toBeLessThanOrEqual(4096);
    reader.push(m);
    const d = reader.next(ctx);
    if (d?.type !== 'update') throw new Error(`expected an UPDATE, got ${d?.type}`);
    for (const g of d.update.announced) {
      expect(g.attributes).toMatchObject({
        nextHop: g.prefixes[0]?.includes(':') ? '2001:db8::1' : '192.0.2.1',
        med: 5,
      });
      announced.push(...g.prefixes);
    }
    withdrawn.push(...d.update.withdrawn);
  }
  return { announced, withdrawn };
}

describe('UPDATE packing', () => {
  it('packs thousands of routes with equal attributes into few maximum-size UPDATEs, losing none', () => {
    const v6 = Array.from(
      { length: 3000 },
      (_, i) => `2001:db8:${(i >> 8).toString(16)}:${(i & 0xff).toString(16)}::/64`,
    );
    const v4 = Array.from({ length: 700 }, (_, i) => `10.${i >> 8}.${i & 0xff}.0/24`);
    const list = [
      ...v6.map((prefix) => ({ prefix, attributes: attrs })),
      ...v4.map((prefix) => ({ prefix, attributes: { ...attrs, nextHop: '192.0.2.1' } })),
    ];
    const messages = encodeAnnouncements(list, ctx);
    // 3000 × 9 octets and 700 × 4 octets need about 7 + 1 full messages; allow some slack, far below one per route.
    expect(messages.length).toBeLessThan(12);
    const { announced } = decodeAll(messages);
    expect(announced.sort()).toEqual([...v6, ...v4].map(canonical).sort());
  });

  it('keeps different attribute sets apart and packs withdrawals too', () => {
    const list = [
      { prefix: '2001:db8:1::/48', attributes: attrs },
      { prefix: '2001:db8:2::/48', attributes: { ...attrs, med: 6 } },
    ];
    expect(encodeAnnouncements(list, ctx)).toHaveLength(2);
    const prefixes = Array.from({ length: 1000 }, (_, i) => `2001:db8:${i.toString(16)}::/48`);
    const messages = encodeWithdrawals(prefixes, 'ipv6-unicast', ctx);
    expect(messages.length).toBeLessThan(4);
    expect(decodeAll(messages).withdrawn.sort()).toEqual(prefixes.map(canonical).sort());
  });
});
