import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributesArb, updateArb } from './arbitraries.test-helper.js';
import { ATTRIBUTE_TABLE, type AttributeRow } from './attribute-table.js';
import {
  AS_TRANS,
  AttributeFlag,
  AttributeType,
  BgpWireError,
  type Codec,
  decodeMessage,
  encodeMessage,
  messageCodec,
  type PathAttributes,
  parseWirePrefix,
  type UpdateMessage,
  unknownForReadvertisement,
  type WireContext,
} from './index.js';
import { expectRoundTrip, fromHex, toHex } from './round-trip.test-helper.js';

const ctx4: WireContext = { fourOctetAs: true, extendedMessage: false };
const ctx2: WireContext = { fourOctetAs: false, extendedMessage: false };

/** An UPDATE with the given attribute bytes (and optionally IPv4 NLRI bytes). */
function updateWith(attrs: string, nlri = '', withdrawn = ''): Uint8Array {
  const a = fromHex(attrs);
  const n = fromHex(nlri);
  const wd = fromHex(withdrawn);
  const len = 19 + 2 + wd.length + 2 + a.length + n.length;
  const out = new Uint8Array(len);
  out.fill(0xff, 0, 16);
  out[16] = len >> 8;
  out[17] = len & 0xff;
  out[18] = 2;
  let o = 19;
  out[o++] = wd.length >> 8;
  out[o++] = wd.length & 0xff;
  out.set(wd, o);
  o += wd.length;
  out[o++] = a.length >> 8;
  out[o++] = a.length & 0xff;
  out.set(a, o);
  out.set(n, o + a.length);
  return out;
}

const BASE = '40010100 400204 0201fde9 400304c0000201'; // ORIGIN IGP, AS_PATH [65001] (2-octet), NEXT_HOP 192.0.2.1
const NLRI = '18c63364'; // 198.51.100.0/24

function rowOf(key: string): AttributeRow {
  return ATTRIBUTE_TABLE.find((r) => r.key === key) as unknown as AttributeRow;
}

describe('attribute value codecs round-trip (one row each)', () => {
  const samples: Record<string, unknown[]> = {
    origin: [0, 1, 2],
    asPath: [
      [],
      [
        { type: 'sequence', asns: [65001, 65002] },
        { type: 'set', asns: [1, 2, 3] },
      ],
    ],
    nextHop: ['192.0.2.1'],
    med: [0, 0xffffffff],
    localPref: [100],
    atomicAggregate: [true],
    aggregator: [{ asn: 65001, address: '192.0.2.9' }],
    communities: [[0xffffff01, 65000 * 65536 + 99]],
    originatorId: ['10.0.0.1'],
    clusterList: [['10.0.0.1', '10.0.0.2']],
    mpReach: [
      { afi: 2, safi: 1, nextHops: ['2001:db8::1', 'fe80::1'], nlri: [parseWirePrefix('2001:db8:1::/48')] },
      { afi: 1, safi: 1, nextHops: ['192.0.2.1'], nlri: [parseWirePrefix('10.0.0.0/8')] },
      { afi: 1, safi: 1, nextHops: ['2001:db8::1'], nlri: [] },
    ],
    mpUnreach: [
      { afi: 2, safi: 1, withdrawn: [parseWirePrefix('::/0')] },
      { afi: 25, safi: 70, withdrawn: [] },
    ],
    as4Path: [[{ type: 'sequence', asns: [4200000001] }]],
    as4Aggregator: [{ asn: 4200000001, address: '192.0.2.9' }],
    largeCommunities: [[[4200000001, 1, 2]]],
  };
  for (const row of ATTRIBUTE_TABLE) {
    it(`${row.key} (type ${row.typeCode})`, () => {
      const values = samples[row.key];
      expect(values, `sample for ${row.key}`).toBeDefined();
      for (const v of values!) {
        for (const ctx of [ctx4, ctx2]) expectRoundTrip(row.codec as Codec<unknown>, v, ctx);
      }
    });
  }

  it('AS_PATH is 2 octets per AS on old sessions and 4 on new ones (RFC 6793 §4)', () => {
    const path = [{ type: 'sequence' as const, asns: [65001] }];
    expect(toHex(expectRoundTrip(rowOf('asPath').codec as Codec<unknown>, path, ctx2))).toBe('0201fde9');
    expect(toHex(expectRoundTrip(rowOf('asPath').codec as Codec<unknown>, path, ctx4))).toBe('02010000fde9');
  });

  it('splits AS_PATH segments longer than 255 AS numbers (RFC 4271 §4.3)', () => {
    const asns = Array.from({ length: 300 }, (_, i) => i + 1);
    const u: UpdateMessage = {
      type: 'update',
      withdrawn: [],
      nlri: [],
      attributes: { asPath: [{ type: 'sequence', asns }] },
    };
    const d = decodeMessage(encodeMessage(u, ctx4), ctx4) as UpdateMessage;
    expect(d.attributes.asPath!.map((s) => s.asns.length)).toEqual([255, 45]);
    expect(d.attributes.asPath!.flatMap((s) => s.asns)).toEqual(asns);
  });
});

describe('UPDATE round-trip (property)', () => {
  it('any well-formed UPDATE on a 4-octet session', () => {
    fc.assert(
      fc.property(updateArb(true), (u) => void expectRoundTrip(messageCodec, u, { ...ctx4, extendedMessage: true })),
      {
        numRuns: 300,
      },
    );
  });
  it('any well-formed UPDATE on a 2-octet session', () => {
    fc.assert(
      fc.property(updateArb(false), (u) => void expectRoundTrip(messageCodec, u, { ...ctx2, extendedMessage: true })),
      {
        numRuns: 300,
      },
    );
  });
  it('4-octet AS paths survive a 2-octet session through AS4_PATH/AS4_AGGREGATOR (RFC 6793 §4.2)', () => {
    const seg = (asn: fc.Arbitrary<number>, types: ('sequence' | 'set' | 'confedSequence' | 'confedSet')[]) =>
      fc.record({ type: fc.constantFrom(...types), asns: fc.array(asn, { minLength: 1, maxLength: 6 }) });
    const arb = fc.record({
      confed: fc.array(seg(fc.integer({ min: 1, max: 0xffff }), ['confedSequence', 'confedSet']), { maxLength: 2 }),
      rest: fc.array(seg(fc.integer({ min: 1, max: 0xffffffff }), ['sequence', 'set']), { minLength: 1, maxLength: 3 }),
      aggAsn: fc.option(fc.integer({ min: 0x10000, max: 0xffffffff }), { nil: undefined }),
    });
    fc.assert(
      fc.property(arb, ({ confed, rest, aggAsn }) => {
        const attributes: PathAttributes = {
          asPath: [...confed, ...rest],
          ...(aggAsn === undefined ? {} : { aggregator: { asn: aggAsn, address: '192.0.2.1' } }),
        };
        expectRoundTrip(messageCodec, { type: 'update', withdrawn: [], nlri: [], attributes }, ctx2);
      }),
      { numRuns: 300 },
    );
  });
});

describe('RFC 6793 on the wire', () => {
  it('sends AS_TRANS plus AS4_PATH/AS4_AGGREGATOR to a 2-octet peer', () => {
    const u: UpdateMessage = {
      type: 'update',
      withdrawn: [],
      nlri: [],
      attributes: {
        asPath: [{ type: 'sequence', asns: [65001, 4200000001] }],
        aggregator: { asn: 4200000001, address: '192.0.2.9' },
      },
    };
    const hex = toHex(encodeMessage(u, ctx2)).slice(46);
    expect(hex).toBe(
      [
        '400206',
        '0202',
        'fde9',
        '5ba0', // AS_PATH [65001, AS_TRANS]
        'c00706',
        '5ba0',
        'c0000209', // AGGREGATOR AS_TRANS 192.0.2.9
        'c0110a',
        '0202',
        '0000fde9',
        'fa56ea01', // AS4_PATH
        'c01208',
        'fa56ea01',
        'c0000209', // AS4_AGGREGATOR
      ].join(''),
    );
    expect(AS_TRANS).toBe(0x5ba0);
  });

  it('ignores AS4_PATH when AGGREGATOR holds a real 2-octet AS (RFC 6793 §4.2.3)', () => {
    const bytes = updateWith('400206 0202 fde9 5ba0  c00706 fde8 c0000209  c0110a 0202 0000fde9 fa56ea01');
    const d = decodeMessage(bytes, ctx2) as UpdateMessage;
    expect(d.attributes.asPath).toEqual([{ type: 'sequence', asns: [65001, AS_TRANS] }]);
  });

  it('ignores an AS4_PATH longer than AS_PATH (RFC 6793 §4.2.3)', () => {
    const bytes = updateWith('400204 0201 5ba0  c0110e 0203 0000fde9 fa56ea01 fa56ea02');
    const d = decodeMessage(bytes, ctx2) as UpdateMessage;
    expect(d.attributes.asPath).toEqual([{ type: 'sequence', asns: [AS_TRANS] }]);
  });

  it('keeps the leading AS_PATH part when AS4_PATH is shorter', () => {
    const bytes = updateWith('400206 0202 fde8 5ba0  c01106 0201 fa56ea01');
    const d = decodeMessage(bytes, ctx2) as UpdateMessage;
    expect(d.attributes.asPath).toEqual([{ type: 'sequence', asns: [65000, 4200000001] }]);
  });

  it('drops AS4_PATH received on a 4-octet session (RFC 6793 §4.1)', () => {
    const bytes = updateWith('40020a 0202 0000fde9 fa56ea01  c01106 0201 fa56ea02');
    const d = decodeMessage(bytes, ctx4) as UpdateMessage;
    expect(d.attributes.asPath).toEqual([{ type: 'sequence', asns: [65001, 4200000001] }]);
    expect(d.errors).toBeUndefined();
  });
});

interface Case {
  readonly name: string;
  readonly attrs: string;
  readonly nlri?: string;
  readonly ctx?: WireContext;
  readonly attrType: number;
  readonly handling: 'treatAsWithdraw' | 'attributeDiscard';
  readonly subcode: number;
}

/** RFC 7606 §7 per attribute: malformed value → reported error with handling and the RFC 4271 subcode. */
const NON_FATAL: readonly Case[] = [
  { name: 'ORIGIN length 2', attrs: '40010200 00', attrType: 1, handling: 'treatAsWithdraw', subcode: 5 },
  { name: 'ORIGIN value 3', attrs: '40010103', attrType: 1, handling: 'treatAsWithdraw', subcode: 6 },
  { name: 'AS_PATH segment type 5', attrs: '400204 0501 fde9', attrType: 2, handling: 'treatAsWithdraw', subcode: 11 },
  { name: 'AS_PATH zero-length segment', attrs: '400202 0200', attrType: 2, handling: 'treatAsWithdraw', subcode: 11 },
  { name: 'AS_PATH segment overrun', attrs: '400204 0202 fde9', attrType: 2, handling: 'treatAsWithdraw', subcode: 11 },
  {
    name: 'AS_PATH 2-octet on 4-octet session',
    attrs: '400206 0202 fde9 fdea',
    attrType: 2,
    handling: 'treatAsWithdraw',
    subcode: 11,
    ctx: { fourOctetAs: true, extendedMessage: false },
  },
  { name: 'NEXT_HOP length 5', attrs: '400305 c000020100', attrType: 3, handling: 'treatAsWithdraw', subcode: 5 },
  { name: 'NEXT_HOP 0.0.0.0', attrs: '40030400000000', attrType: 3, handling: 'treatAsWithdraw', subcode: 8 },
  { name: 'NEXT_HOP multicast', attrs: '400304e0000001', attrType: 3, handling: 'treatAsWithdraw', subcode: 8 },
  { name: 'MED length 3', attrs: '800403 000001', attrType: 4, handling: 'treatAsWithdraw', subcode: 5 },
  { name: 'LOCAL_PREF length 2', attrs: '400502 0064', attrType: 5, handling: 'treatAsWithdraw', subcode: 5 },
  { name: 'ATOMIC_AGGREGATE length 1', attrs: '400601 00', attrType: 6, handling: 'attributeDiscard', subcode: 5 },
  {
    name: 'AGGREGATOR length 7',
    attrs: 'c00707 fde9c000020900',
    attrType: 7,
    handling: 'attributeDiscard',
    subcode: 5,
  },
  { name: 'COMMUNITIES length 5', attrs: 'c00805 ffffff0100', attrType: 8, handling: 'treatAsWithdraw', subcode: 5 },
  { name: 'COMMUNITIES length 0', attrs: 'c00800', attrType: 8, handling: 'treatAsWithdraw', subcode: 5 },
  { name: 'ORIGINATOR_ID length 3', attrs: '800903 0a0000', attrType: 9, handling: 'treatAsWithdraw', subcode: 5 },
  {
    name: 'CLUSTER_LIST length 6',
    attrs: '800a06 0a0000010a00',
    attrType: 10,
    handling: 'treatAsWithdraw',
    subcode: 5,
  },
  {
    name: 'LARGE_COMMUNITIES length 13',
    attrs: 'c0200d 00000001000000020000000300',
    attrType: 32,
    handling: 'treatAsWithdraw',
    subcode: 5,
  },
  {
    name: 'AS4_PATH malformed (2-octet session)',
    attrs: 'c01103 020100',
    attrType: 17,
    handling: 'attributeDiscard',
    subcode: 11,
    ctx: { fourOctetAs: false, extendedMessage: false },
  },
  {
    name: 'AS4_AGGREGATOR length 6',
    attrs: 'c01206 fa56ea010000',
    attrType: 18,
    handling: 'attributeDiscard',
    subcode: 5,
    ctx: { fourOctetAs: false, extendedMessage: false },
  },
  {
    name: 'ORIGIN flagged optional (RFC 7606 §3 c)',
    attrs: 'c0010100',
    attrType: 1,
    handling: 'treatAsWithdraw',
    subcode: 4,
  },
  {
    name: 'MED flagged well-known (RFC 7606 §3 c)',
    attrs: '40040400000001',
    attrType: 4,
    handling: 'treatAsWithdraw',
    subcode: 4,
  },
  {
    name: 'ATOMIC_AGGREGATE flagged optional (RFC 7606 §3 c)',
    attrs: 'c00600',
    attrType: 6,
    handling: 'treatAsWithdraw',
    subcode: 4,
  },
  {
    name: 'attribute overruns the list (RFC 7606 §4)',
    attrs: '800404 0000',
    attrType: 4,
    handling: 'treatAsWithdraw',
    subcode: 1,
  },
  { name: 'two octets left (RFC 7606 §4)', attrs: '4001', attrType: 0, handling: 'treatAsWithdraw', subcode: 1 },
];

describe('RFC 7606 non-fatal errors are reported, not thrown', () => {
  for (const c of NON_FATAL) {
    it(c.name, () => {
      const ctx = c.ctx ?? { fourOctetAs: c.name.includes('4-octet session'), extendedMessage: false };
      const d = decodeMessage(updateWith(c.attrs), ctx) as UpdateMessage;
      expect(d.errors).toContainEqual({ attrType: c.attrType, handling: c.handling, code: 3, subcode: c.subcode });
      expect(d.treatAsWithdraw ?? false).toBe(c.handling === 'treatAsWithdraw');
      const row = ATTRIBUTE_TABLE.find((r) => r.typeCode === c.attrType);
      if (row !== undefined) expect((d.attributes as Record<string, unknown>)[row.key]).toBeUndefined();
    });
  }

  it('keeps the other attributes and the NLRI when one is discarded', () => {
    const d = decodeMessage(updateWith(`${BASE} 400601 00`, NLRI), ctx2) as UpdateMessage;
    expect(d.treatAsWithdraw).toBeUndefined();
    expect(d.attributes.asPath).toEqual([{ type: 'sequence', asns: [65001] }]);
    expect(d.nlri.length).toBe(1);
    expect(d.attributes.atomicAggregate).toBeUndefined();
  });

  it('discards repeated attributes but the first (RFC 7606 §3 g)', () => {
    const d = decodeMessage(updateWith(`${BASE} 80040400000001 80040400000002`, NLRI), ctx2) as UpdateMessage;
    expect(d.attributes.med).toBe(1);
    expect(d.errors).toEqual([{ attrType: 4, handling: 'attributeDiscard', code: 3, subcode: 1 }]);
  });

  it('reports missing well-known mandatory attributes when NLRI is present (RFC 7606 §3 d)', () => {
    const d = decodeMessage(updateWith('40010100', NLRI), ctx2) as UpdateMessage;
    expect(d.treatAsWithdraw).toBe(true);
    expect(d.errors).toEqual([
      { attrType: 2, handling: 'treatAsWithdraw', code: 3, subcode: 3 },
      { attrType: 3, handling: 'treatAsWithdraw', code: 3, subcode: 3 },
    ]);
  });

  it('does not require NEXT_HOP when only MP_REACH_NLRI carries NLRI (RFC 4760 §3)', () => {
    const d = decodeMessage(
      updateWith('40010100 400200 800e1a 0002 01 10 20010db8000000000000000000000001 00 2020010db8'),
      ctx4,
    ) as UpdateMessage;
    expect(d.errors).toBeUndefined();
    expect(d.attributes.mpReach?.nlri.length).toBe(1);
  });
});

interface FatalCase {
  readonly name: string;
  readonly bytes: () => Uint8Array;
  readonly subcode: number;
}

const FATAL: readonly FatalCase[] = [
  {
    name: 'MP_REACH next hop length 15',
    bytes: () => updateWith(`${BASE} 800e14 0002 01 0f 20010db80000000000000000000000 00 00`),
    subcode: 9,
  },
  {
    name: 'MP_REACH prefix length 129',
    bytes: () => updateWith(`${BASE} 800e16 0002 01 10 20010db8000000000000000000000001 00 81 20`),
    subcode: 9,
  },
  { name: 'MP_UNREACH prefix overrun', bytes: () => updateWith('800f06 0002 01 30 2001'), subcode: 9 },
  { name: 'MP_REACH flagged well-known (RFC 7606 §3 c)', bytes: () => updateWith('400e05 0002 01 00 00'), subcode: 4 },
  { name: 'MP_REACH twice (RFC 7606 §3 g)', bytes: () => updateWith('800f03000201 800f03000201'), subcode: 1 },
  { name: 'unrecognised well-known attribute (RFC 4271 §6.3)', bytes: () => updateWith('406301 00'), subcode: 2 },
  {
    name: 'Withdrawn Routes Length too large (RFC 7606 §3 a)',
    bytes: () => fromHex('ffffffffffffffffffffffffffffffff 0017 02 0010 0000'),
    subcode: 1,
  },
  {
    name: 'Total Attribute Length too large (RFC 7606 §3 a)',
    bytes: () => fromHex('ffffffffffffffffffffffffffffffff 0018 02 0000 0005 00'),
    subcode: 1,
  },
  { name: 'NLRI prefix length 33 (RFC 7606 §5.3)', bytes: () => updateWith(BASE, '21c0000201ff'), subcode: 10 },
  { name: 'NLRI overrun (RFC 7606 §5.3)', bytes: () => updateWith(BASE, '18c000'), subcode: 10 },
  { name: 'withdrawn prefix overrun (RFC 7606 §5.3)', bytes: () => updateWith('', '', '20c00002'), subcode: 10 },
];

describe('RFC 7606 session-reset errors throw BgpWireError', () => {
  for (const c of FATAL) {
    it(c.name, () => {
      let err: unknown;
      try {
        decodeMessage(c.bytes(), ctx4);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BgpWireError);
      const e = err as BgpWireError;
      expect([e.errorCode, e.subcode, e.handling]).toEqual([3, c.subcode, 'sessionReset']);
    });
  }
});

describe('the attribute table', () => {
  it('lists every known type code once, in type-code order', () => {
    const codes = ATTRIBUTE_TABLE.map((r) => r.typeCode);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    expect(new Set(codes).size).toBe(codes.length);
    for (const [key, code] of Object.entries(AttributeType)) {
      expect(ATTRIBUTE_TABLE.find((r) => r.typeCode === code)?.key).toBe(key);
    }
  });
  it('uses session reset only for MP_REACH/MP_UNREACH (RFC 7606 §7.11, §7.12)', () => {
    const reset = ATTRIBUTE_TABLE.filter((r) => r.handling === 'sessionReset').map((r) => r.typeCode);
    expect(reset).toEqual([AttributeType.mpReach, AttributeType.mpUnreach]);
  });
});

describe('unknown attributes', () => {
  it('pass through byte-for-byte, flags included', () => {
    const attrs = `${BASE} e0630300aabb c06401 7f 80650100 d0660002 0102`;
    const bytes = updateWith(attrs, NLRI);
    const d = decodeMessage(bytes, ctx2) as UpdateMessage;
    expect(d.attributes.unknown).toEqual([
      { flags: 0xe0, typeCode: 0x63, value: fromHex('00aabb') },
      { flags: 0xc0, typeCode: 0x64, value: fromHex('7f') },
      { flags: 0x80, typeCode: 0x65, value: fromHex('00') },
      { flags: 0xd0, typeCode: 0x66, value: fromHex('0102') },
    ]);
    expect(toHex(encodeMessage(d, ctx2))).toBe(toHex(bytes));
  });

  it('re-advertisement keeps optional transitive ones with Partial set, drops non-transitive', () => {
    const out = unknownForReadvertisement([
      { flags: 0xc0, typeCode: 0x64, value: fromHex('7f') },
      { flags: 0x80, typeCode: 0x65, value: fromHex('00') },
    ]);
    expect(out).toEqual([{ flags: 0xc0 | AttributeFlag.partial, typeCode: 0x64, value: fromHex('7f') }]);
  });

  it('keeps MP_REACH of families the codec does not parse as raw bytes', () => {
    const d = decodeMessage(updateWith('40010100 400200 800e09 0001 80 04 c0000201 00'), ctx4) as UpdateMessage;
    expect(d.attributes.mpReach).toBeUndefined();
    expect(d.attributes.unknown).toEqual([{ flags: 0x80, typeCode: 14, value: fromHex('000180 04c0000201 00') }]);
  });
});

describe('attribute flags on encode', () => {
  it('uses the extended length bit only above 255 octets', () => {
    fc.assert(
      fc.property(attributesArb(true), (attributes) => {
        const bytes = encodeMessage(
          { type: 'update', withdrawn: [], nlri: [], attributes },
          { ...ctx4, extendedMessage: true },
        );
        let o = 23;
        while (o < bytes.length) {
          const flags = bytes[o]!;
          const ext = (flags & AttributeFlag.extendedLength) !== 0;
          const len = ext ? (bytes[o + 2]! << 8) | bytes[o + 3]! : bytes[o + 2]!;
          const isRaw = attributes.unknown?.some((u) => u.typeCode === bytes[o + 1]) ?? false;
          if (!isRaw) expect(ext).toBe(len > 255);
          o += (ext ? 4 : 3) + len;
        }
        expect(o).toBe(bytes.length);
      }),
      { numRuns: 100 },
    );
  });
});
