import { describe, expect, it } from 'vitest';
import type { WireContext } from '../wire/context.js';
import { decodeMessage } from '../wire/message.js';
import type { UpdateMessage } from '../wire/update.js';
import { formatWirePrefix } from '../wire/prefix.js';
import { AttributeInterner, type InternedAttributes } from './intern.js';
import { formatPrefixKey, type PrefixKey, prefixKeyFromText } from './prefix-key.js';
import { packUpdates } from './update-packer.js';

const interner = new AttributeInterner(65001);
const setA = interner.intern({ origin: 0, asPath: [{ type: 'sequence', asns: [65001] }], nextHop: '2001:db8::1' });
const setB = interner.intern({
  origin: 0,
  asPath: [{ type: 'sequence', asns: [65001, 65002] }],
  nextHop: '2001:db8::1',
  communities: [0xfde80001],
});
const setV4 = interner.intern({ origin: 0, asPath: [{ type: 'sequence', asns: [65001] }], nextHop: '192.0.2.1' });

/** `n` distinct /64s under 2001:db8::/32. */
function keys(n: number, from = 0): PrefixKey[] {
  return Array.from({ length: n }, (_, i) =>
    prefixKeyFromText(`2001:db8:${((from + i) >> 16).toString(16)}:${((from + i) & 0xffff).toString(16)}::/64`),
  );
}

const plain: WireContext = { fourOctetAs: true, extendedMessage: false };
const extended: WireContext = { fourOctetAs: true, extendedMessage: true };

function decoded(msgs: Uint8Array[], ctx: WireContext): UpdateMessage[] {
  return msgs.map((m) => decodeMessage(m, ctx) as UpdateMessage);
}

function announced(u: UpdateMessage): string[] {
  return [...(u.attributes.mpReach?.nlri ?? []), ...u.nlri].map(formatWirePrefix);
}

describe('packUpdates (RFC 4271 §4.3, RFC 4760, RFC 8654)', () => {
  it('packs many prefixes with one attribute set into UPDATEs of at most 4096 octets, losing none', () => {
    const ks = keys(3000);
    const msgs = packUpdates({ announce: new Map([[setA, ks]]), withdraw: [] }, plain);
    expect(msgs.every((m) => m.length <= 4096)).toBe(true);
    // 3000 × 9 octets of NLRI: the fewest 4096-octet messages that hold them
    expect(msgs.length).toBe(Math.ceil((3000 * 9) / (4096 - 60)));
    expect(msgs.slice(0, -1).every((m) => m.length > 4096 - 9)).toBe(true); // all but the last are full
    const got = decoded(msgs, plain).flatMap(announced);
    expect(got).toEqual(ks.map(formatPrefixKey));
  });

  it('uses up to 65535 octets with extended messages', () => {
    const ks = keys(20_000);
    const msgs = packUpdates({ announce: new Map([[setA, ks]]), withdraw: [] }, extended);
    expect(msgs.every((m) => m.length <= 65535)).toBe(true);
    expect(msgs.length).toBe(Math.ceil((20_000 * 9) / (65535 - 60)));
    expect(decoded(msgs, extended).flatMap(announced)).toHaveLength(20_000);
  });

  it('one group of UPDATEs per attribute set, each carrying its own attributes; withdrawals first', () => {
    const announce = new Map<InternedAttributes, PrefixKey[]>([
      [setA, keys(3)],
      [setB, keys(2, 100)],
      [setV4, [prefixKeyFromText('198.51.100.0/24')]],
    ]);
    const withdraw = [...keys(2, 500), prefixKeyFromText('203.0.113.0/24')];
    const us = decoded(packUpdates({ announce, withdraw }, plain), plain);
    expect(us.map((u) => [u.attributes.mpUnreach?.withdrawn.length ?? 0, u.withdrawn.length])).toEqual([
      [2, 0],
      [0, 1],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(announced(us[2]!)).toEqual(keys(3).map(formatPrefixKey));
    expect(us[2]!.attributes.asPath).toEqual([{ type: 'sequence', asns: [65001] }]);
    expect(announced(us[3]!)).toEqual(keys(2, 100).map(formatPrefixKey));
    expect(us[3]!.attributes.communities).toEqual([0xfde80001]);
    expect(us[4]!.nlri.map(formatWirePrefix)).toEqual(['198.51.100.0/24']);
    expect(us[4]!.attributes.nextHop).toBe('192.0.2.1');
  });

  it('re-encodes the attributes for a 2-octet AS session', () => {
    const ctx2: WireContext = { fourOctetAs: false, extendedMessage: false };
    const big = interner.intern({
      origin: 0,
      asPath: [{ type: 'sequence', asns: [4200000001] }],
      nextHop: '2001:db8::1',
    });
    const [u] = decoded(packUpdates({ announce: new Map([[big, keys(1)]]), withdraw: [] }, ctx2), ctx2);
    // RFC 6793 §4.2.2: AS_TRANS in AS_PATH, the real path in AS4_PATH (merged back by the decoder)
    expect(u!.attributes.asPath).toEqual([{ type: 'sequence', asns: [4200000001] }]);
  });
});
