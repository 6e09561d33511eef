import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capabilityArb } from './arbitraries.test-helper.js';
import {
  BgpWireError,
  CAPABILITY_CODECS,
  type Capability,
  capabilityCodec,
  decodeMessage,
  encodeMessage,
  INITIAL_WIRE_CONTEXT,
  messageCodec,
  type OpenMessage,
  openCodec,
} from './index.js';
import { expectRoundTrip, fromHex, toHex } from './round-trip.test-helper.js';

const ctx = INITIAL_WIRE_CONTEXT;

const EXAMPLES: Record<Capability['type'], Capability> = {
  multiprotocol: { type: 'multiprotocol', afi: 2, safi: 1 },
  routeRefresh: { type: 'routeRefresh' },
  enhancedRouteRefresh: { type: 'enhancedRouteRefresh' },
  extendedMessage: { type: 'extendedMessage' },
  fourOctetAs: { type: 'fourOctetAs', asn: 4200000001 },
  gracefulRestart: {
    type: 'gracefulRestart',
    restartState: true,
    notification: false,
    restartTimeSec: 4095,
    families: [
      { afi: 2, safi: 1, forwardingState: true },
      { afi: 1, safi: 1, forwardingState: false },
    ],
  },
  addPath: { type: 'addPath', families: [{ afi: 2, safi: 1, direction: 'both' }] },
  fqdn: { type: 'fqdn', hostname: 'router-1', domain: '' },
  unknown: { type: 'unknown', code: 128, value: new Uint8Array(0) },
};

function expectOpenError(bytes: Uint8Array, code: number, subcode: number): BgpWireError {
  try {
    decodeMessage(bytes, ctx);
  } catch (e) {
    expect(e).toBeInstanceOf(BgpWireError);
    expect([(e as BgpWireError).errorCode, (e as BgpWireError).subcode]).toEqual([code, subcode]);
    return e as BgpWireError;
  }
  throw new Error('no error');
}

function open(body: string): Uint8Array {
  const b = fromHex(body);
  return fromHex(`ffffffffffffffffffffffffffffffff ${(19 + b.length).toString(16).padStart(4, '0')} 01 ${toHex(b)}`);
}

describe('capabilities', () => {
  it('every capability type has a codec row and round-trips', () => {
    expect(Object.keys(CAPABILITY_CODECS).sort()).toEqual(Object.keys(EXAMPLES).sort());
    for (const c of Object.values(EXAMPLES)) expectRoundTrip(capabilityCodec, c, ctx);
  });

  it('round-trips any capability (property)', () => {
    fc.assert(
      fc.property(capabilityArb, (c) => void expectRoundTrip(capabilityCodec, c, ctx)),
      { numRuns: 500 },
    );
  });

  it('encodes graceful restart R/N flags, time and per-family F bit (RFC 4724 §3, RFC 8538 §2)', () => {
    const gr: Capability = {
      type: 'gracefulRestart',
      restartState: true,
      notification: true,
      restartTimeSec: 120,
      families: [{ afi: 2, safi: 1, forwardingState: true }],
    };
    expect(toHex(expectRoundTrip(capabilityCodec, gr, ctx))).toBe('4006c078' + '00020180');
  });

  it('rejects malformed known capabilities with OPEN error subcode 0 (RFC 4271 §6.2)', () => {
    for (const cap of [
      '0103000201',
      '410300000001',
      '0201ff',
      '40030000ff',
      '4503000201',
      '450400020104',
      '490305616263',
    ]) {
      const len = cap.length / 2;
      expectOpenError(
        open(
          `04 fde9 005a c0000201 ${(len + 2).toString(16).padStart(2, '0')} 02 ${len.toString(16).padStart(2, '0')} ${cap}`,
        ),
        2,
        0,
      );
    }
  });
});

describe('OPEN', () => {
  const msg: OpenMessage = {
    type: 'open',
    version: 4,
    myAsn: 65001,
    holdTimeSec: 90,
    bgpId: '192.0.2.1',
    capabilities: Object.values(EXAMPLES),
  };

  it('round-trips, with and without capabilities', () => {
    expectRoundTrip(messageCodec, msg, ctx);
    expectRoundTrip(messageCodec, { ...msg, capabilities: [] }, ctx);
    expectRoundTrip(openCodec, msg, ctx);
  });

  it('uses the RFC 9072 extended parameters form only above 255 octets', () => {
    const big: OpenMessage = {
      ...msg,
      capabilities: Array.from({ length: 70 }, (_, i) => ({ type: 'multiprotocol' as const, afi: 2, safi: i })),
    };
    const bytes = expectRoundTrip(messageCodec, big, ctx);
    expect(toHex(bytes.subarray(28, 33))).toBe(`ffff${(3 + 70 * 6).toString(16).padStart(4, '0')}02`);
    expect(bytes[28]).toBe(255);
    expect(encodeMessage(msg, ctx)[28]).not.toBe(255);
  });

  it('decodes RFC 9072 extended parameters even when short', () => {
    const d = decodeMessage(open('04 fde9 005a c0000201 ff ff 0009 02 0006 010400020001'), ctx) as OpenMessage;
    expect(d.capabilities).toEqual([{ type: 'multiprotocol', afi: 2, safi: 1 }]);
  });

  it('accepts capabilities split over several parameters', () => {
    const d = decodeMessage(open('04 fde9 005a c0000201 0c 0206010400020001 02024600'), ctx) as OpenMessage;
    expect(d.capabilities).toEqual([{ type: 'multiprotocol', afi: 2, safi: 1 }, { type: 'enhancedRouteRefresh' }]);
  });

  it('rejects version 3 with 2/1 and data = 4 (RFC 4271 §6.2)', () => {
    const e = expectOpenError(open('03 fde9 005a c0000201 00'), 2, 1);
    expect(toHex(e.data)).toBe('0004');
  });
  it('rejects hold time 1 and 2 with 2/6 (RFC 4271 §6.2)', () => {
    expectOpenError(open('04 fde9 0001 c0000201 00'), 2, 6);
    expectOpenError(open('04 fde9 0002 c0000201 00'), 2, 6);
    expect((decodeMessage(open('04 fde9 0000 c0000201 00'), ctx) as OpenMessage).holdTimeSec).toBe(0);
  });
  it('rejects BGP identifier 0 with 2/3 (RFC 6286 §2.2)', () => {
    expectOpenError(open('04 fde9 005a 00000000 00'), 2, 3);
  });
  it('rejects non-capability optional parameters with 2/4 (RFC 5492 §4)', () => {
    expectOpenError(open('04 fde9 005a c0000201 03 010100'), 2, 4);
  });
  it('rejects parameter lengths that do not fill the message with 2/0', () => {
    expectOpenError(open('04 fde9 005a c0000201 05 0202 4600'), 2, 0);
    expectOpenError(open('04 fde9 005a c0000201 04 0203 4600'), 2, 0);
  });
  it('rejects OPEN shorter than 29 octets with 1/2 (RFC 4271 §6.1)', () => {
    expectOpenError(open('04 fde9 005a c00002'), 1, 2);
  });
  it('refuses to encode an OPEN over 4096 octets even with extended messages (RFC 8654 §4)', () => {
    const huge: OpenMessage = {
      ...msg,
      capabilities: Array.from({ length: 20 }, () => ({
        type: 'unknown' as const,
        code: 200,
        value: new Uint8Array(250),
      })),
    };
    expect(() => encodeMessage(huge, { fourOctetAs: true, extendedMessage: true })).toThrow(/exceeds 4096/);
  });
});
