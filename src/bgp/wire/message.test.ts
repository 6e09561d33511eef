import { describe, expect, it } from 'vitest';
import {
  BgpWireError,
  type BgpMessage,
  decodeMessage,
  encodeMessage,
  KEEPALIVE,
  messageCodec,
  parseWirePrefix,
} from './index.js';
import { expectRoundTrip } from './round-trip.test-helper.js';

const ctx4 = { fourOctetAs: true, extendedMessage: false };

describe('messages round-trip', () => {
  const messages: BgpMessage[] = [
    KEEPALIVE,
    { type: 'notification', code: 6, subcode: 2, data: new Uint8Array([3, 0x61, 0x62, 0x63]) },
    { type: 'routeRefresh', afi: 2, safi: 1, subtype: 1 },
    {
      type: 'open',
      version: 4,
      myAsn: 65001,
      holdTimeSec: 9,
      bgpId: '192.0.2.1',
      capabilities: [
        { type: 'multiprotocol', afi: 2, safi: 1 },
        { type: 'fourOctetAs', asn: 65001 },
      ],
    },
    {
      type: 'update',
      withdrawn: [],
      nlri: [],
      attributes: {
        origin: 0,
        asPath: [{ type: 'sequence', asns: [65001] }],
        mpReach: { afi: 2, safi: 1, nextHops: ['2001:db8::1'], nlri: [parseWirePrefix('2001:db8::/32')] },
      },
    },
  ];
  for (const m of messages) {
    it(m.type, () => {
      expectRoundTrip(messageCodec, m, ctx4);
    });
  }

  it('rejects a bad marker with 1/1', () => {
    const b = encodeMessage(KEEPALIVE, ctx4);
    b[3] = 0;
    expect(() => decodeMessage(b, ctx4)).toThrow(BgpWireError);
    try {
      decodeMessage(b, ctx4);
    } catch (e) {
      expect([(e as BgpWireError).errorCode, (e as BgpWireError).subcode]).toEqual([1, 1]);
    }
  });
});
