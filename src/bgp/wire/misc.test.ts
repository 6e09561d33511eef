import { describe, expect, it } from 'vitest';
import {
  BgpFramer,
  BgpWireError,
  ceaseNotification,
  decodeMessage,
  decodeShutdownCommunication,
  encodeMessage,
  endOfRib,
  formatCommunity,
  formatLargeCommunity,
  isEndOfRib,
  KEEPALIVE,
  messageCodec,
  type NotificationMessage,
  notificationFromError,
  notificationName,
  parseCommunity,
  parseLargeCommunity,
  parseWirePrefix,
  type UpdateMessage,
  type WireContext,
  WellKnownCommunity,
} from './index.js';
import { expectRoundTrip, fromHex, toHex } from './round-trip.test-helper.js';

const ctx: WireContext = { fourOctetAs: true, extendedMessage: false };

function wireError(f: () => unknown): BgpWireError {
  try {
    f();
  } catch (e) {
    if (e instanceof BgpWireError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('communities', () => {
  it('formats and parses RFC 1997 communities and well-known names', () => {
    expect(formatCommunity(parseCommunity('65000:99'))).toBe('65000:99');
    expect(parseCommunity('65000:99')).toBe(65000 * 65536 + 99);
    expect(formatCommunity(0xffffff01)).toBe('NO_EXPORT');
    expect(parseCommunity('no-export')).toBe(WellKnownCommunity.NO_EXPORT);
    expect(parseCommunity('BLACKHOLE')).toBe(0xffff029a);
    for (const bad of ['65536:1', '1:65536', '1', '1:2:3', 'a:b', '-1:2', '01:2']) {
      expect(() => parseCommunity(bad), bad).toThrow(expect.objectContaining({ code: 'E_COMMUNITY_SYNTAX' }));
    }
  });
  it('formats and parses RFC 8092 large communities', () => {
    expect(parseLargeCommunity('4200000001:1:2')).toEqual([4200000001, 1, 2]);
    expect(formatLargeCommunity([4294967295, 0, 7])).toBe('4294967295:0:7');
    for (const bad of ['1:2', '4294967296:0:0', '1:2:3:4', 'a:1:2']) {
      expect(() => parseLargeCommunity(bad), bad).toThrow(expect.objectContaining({ code: 'E_COMMUNITY_SYNTAX' }));
    }
  });
});

describe('NOTIFICATION', () => {
  it('carries a shutdown communication (RFC 9003 §2)', () => {
    const n = ceaseNotification(2, 'maintenance ☕');
    const d = decodeMessage(encodeMessage(n, ctx), ctx) as NotificationMessage;
    expect(decodeShutdownCommunication(d)).toBe('maintenance ☕');
    expect(d.data[0]).toBe(new TextEncoder().encode('maintenance ☕').length);
    expectRoundTrip(messageCodec, n, ctx);
  });
  it('ignores malformed shutdown communications (RFC 9003 §4)', () => {
    const mk = (subcode: number, data: string): NotificationMessage => ({
      type: 'notification',
      code: 6,
      subcode,
      data: fromHex(data),
    });
    expect(decodeShutdownCommunication(mk(2, '05 6869'))).toBeUndefined();
    expect(decodeShutdownCommunication(mk(2, '02 c328'))).toBeUndefined();
    expect(decodeShutdownCommunication(mk(3, '02 6869'))).toBeUndefined();
    expect(decodeShutdownCommunication(mk(4, '02 6869'))).toBe('hi');
  });
  it('refuses texts over 255 octets and texts on other subcodes', () => {
    expect(() => ceaseNotification(2, 'x'.repeat(256))).toThrow(expect.objectContaining({ code: 'E_BGP_ENCODE' }));
    expect(() => ceaseNotification(3, 'x')).toThrow(expect.objectContaining({ code: 'E_BGP_ENCODE' }));
  });
  it('maps a decode error to the NOTIFICATION to send', () => {
    const e = wireError(() => decodeMessage(fromHex('ffffffffffffffffffffffffffffffff 0013 09'), ctx));
    expect(notificationFromError(e)).toEqual({ type: 'notification', code: 1, subcode: 3, data: fromHex('09') });
    expect(notificationName(3, 11)).toBe('updateMessageError/malformedAsPath');
    expect(notificationName(6, 2)).toBe('cease/administrativeShutdown');
    expect(notificationName(9, 9)).toBe('9/9');
  });
});

describe('ROUTE-REFRESH', () => {
  it('round-trips normal, BoRR and EoRR (RFC 2918, RFC 7313 §3.2)', () => {
    for (const subtype of [0, 1, 2])
      expectRoundTrip(messageCodec, { type: 'routeRefresh', afi: 2, safi: 1, subtype }, ctx);
  });
  it('rejects a BoRR of the wrong length with 7/1 (RFC 7313 §5)', () => {
    const e = wireError(() => decodeMessage(fromHex('ffffffffffffffffffffffffffffffff 0018 05 0002 01 01 00'), ctx));
    expect([e.errorCode, e.subcode]).toEqual([7, 1]);
    const e0 = wireError(() => decodeMessage(fromHex('ffffffffffffffffffffffffffffffff 0018 05 0002 00 01 00'), ctx));
    expect([e0.errorCode, e0.subcode]).toEqual([1, 2]);
  });
});

describe('message header', () => {
  const cases: [string, string, number, number][] = [
    ['marker', 'fffffffffffffffffffffffffffffffe 0013 04', 1, 1],
    ['length below 19', 'ffffffffffffffffffffffffffffffff 0012 04', 1, 2],
    ['length differs from buffer', 'ffffffffffffffffffffffffffffffff 0014 04', 1, 2],
    ['type 0', 'ffffffffffffffffffffffffffffffff 0013 00', 1, 3],
    ['KEEPALIVE with body', 'ffffffffffffffffffffffffffffffff 0014 04 00', 1, 2],
    ['UPDATE too short', 'ffffffffffffffffffffffffffffffff 0015 02 0000', 1, 2],
    ['NOTIFICATION too short', 'ffffffffffffffffffffffffffffffff 0014 03 06', 1, 2],
  ];
  for (const [name, hex, code, subcode] of cases) {
    it(`${name} → ${code}/${subcode}`, () => {
      const e = wireError(() => decodeMessage(fromHex(hex), ctx));
      expect([e.errorCode, e.subcode, e.handling]).toEqual([code, subcode, 'sessionReset']);
    });
  }
  it('bad length data is the length field (RFC 4271 §6.1)', () => {
    const e = wireError(() => decodeMessage(fromHex('ffffffffffffffffffffffffffffffff 0012 04'), ctx));
    expect(toHex(e.data)).toBe('0012');
  });
  it('accepts UPDATEs over 4096 only with extended messages (RFC 8654)', () => {
    const nlri = Array.from({ length: 1000 }, (_, i) => parseWirePrefix(`2001:db8:${i.toString(16)}::/48`));
    const u: UpdateMessage = {
      type: 'update',
      withdrawn: [],
      nlri: [],
      attributes: { origin: 0, asPath: [], mpReach: { afi: 2, safi: 1, nextHops: ['2001:db8::1'], nlri } },
    };
    const ext = { ...ctx, extendedMessage: true };
    const bytes = encodeMessage(u, ext);
    expect(bytes.length).toBeGreaterThan(4096);
    expect(() => encodeMessage(u, ctx)).toThrow(expect.objectContaining({ code: 'E_BGP_ENCODE' }));
    expect(wireError(() => decodeMessage(bytes, ctx)).subcode).toBe(2);
    expect((decodeMessage(bytes, ext) as UpdateMessage).attributes.mpReach?.nlri.length).toBe(1000);
  });
});

describe('BgpFramer', () => {
  const msgs = [
    encodeMessage(KEEPALIVE, ctx),
    encodeMessage(ceaseNotification(2, 'bye'), ctx),
    encodeMessage(endOfRib(2, 1), ctx),
  ];
  const stream = new Uint8Array(msgs.reduce((n, m) => n + m.length, 0));
  let o = 0;
  for (const m of msgs) {
    stream.set(m, o);
    o += m.length;
  }

  it('returns whole messages for any chunking and keeps partial data', () => {
    for (let size = 1; size <= stream.length; size++) {
      const f = new BgpFramer();
      const got: string[] = [];
      for (let i = 0; i < stream.length; i += size)
        for (const m of f.push(stream.slice(i, i + size))) got.push(toHex(m));
      expect(got).toEqual(msgs.map(toHex));
      expect(f.buffered).toBe(0);
    }
  });
  it('holds a partial message until it completes', () => {
    const f = new BgpFramer();
    expect(f.push(stream.subarray(0, 25))).toHaveLength(1);
    expect(f.buffered).toBe(6);
  });
  it('throws 1/1 on a bad marker and 1/2 on a bad length', () => {
    expect(wireError(() => new BgpFramer().push(fromHex('00'.repeat(19)))).subcode).toBe(1);
    expect(wireError(() => new BgpFramer().push(fromHex('ff'.repeat(16) + '1001 02'))).subcode).toBe(2);
    const ext = new BgpFramer({ extendedMessage: true });
    expect(ext.push(fromHex('ff'.repeat(16) + '1001 02'))).toEqual([]);
    expect(ext.buffered).toBe(19);
  });
});

describe('End-of-RIB (RFC 4724 §2)', () => {
  it('is an empty UPDATE for IPv4 unicast and an empty MP_UNREACH otherwise', () => {
    expect(toHex(encodeMessage(endOfRib(1, 1), ctx))).toBe(`${'ff'.repeat(16)}0017020000 0000`.replace(' ', ''));
    expect(toHex(encodeMessage(endOfRib(2, 1), ctx))).toBe(`${'ff'.repeat(16)}001d0200000006800f03000201`);
    for (const [afi, safi] of [
      [1, 1],
      [2, 1],
      [2, 133],
      [25, 70],
    ] as const) {
      const d = decodeMessage(encodeMessage(endOfRib(afi, safi), ctx), ctx) as UpdateMessage;
      expect(isEndOfRib(d)).toEqual({ afi, safi });
    }
  });
  it('is not an UPDATE that carries anything', () => {
    const withdraw: UpdateMessage = {
      type: 'update',
      withdrawn: [],
      nlri: [],
      attributes: { mpUnreach: { afi: 2, safi: 1, withdrawn: [parseWirePrefix('2001:db8::/32')] } },
    };
    expect(isEndOfRib(withdraw)).toBeUndefined();
    expect(isEndOfRib({ type: 'update', withdrawn: [], nlri: [], attributes: { origin: 0 } })).toBeUndefined();
    expect(isEndOfRib({ ...endOfRib(1, 1), withdrawn: [parseWirePrefix('10.0.0.0/8') as never] })).toBeUndefined();
  });
});
