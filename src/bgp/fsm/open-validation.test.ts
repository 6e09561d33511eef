import { describe, expect, it } from 'vitest';
import { makeFsmConfig } from './config.js';
import { negotiateKeepaliveSec, validateOpen } from './open-validation.js';
import { LOCAL_ID, peerOpen, testConfig } from './test-support.js';
import type { FsmConfig, PeerOpen } from './types.js';

function errorOf(open: PeerOpen, config: FsmConfig = testConfig) {
  const result = validateOpen(open, config);
  if (result.ok) return undefined;
  return { code: result.error.code, subcode: result.error.subcode, data: [...result.error.data] };
}

function negotiatedOf(open: PeerOpen, config: FsmConfig = testConfig) {
  const result = validateOpen(open, config);
  if (!result.ok) throw new Error(`unexpected ${result.error.code}/${result.error.subcode}`);
  return result.negotiated;
}

describe('validateOpen (RFC 4271 §6.2)', () => {
  it('accepts a valid OPEN', () => {
    const n = negotiatedOf(peerOpen());
    expect(n.peerAs).toBe(65002);
    expect(n.internal).toBe(false);
    expect(n.families).toEqual([{ afi: 2, safi: 1 }]);
    expect(n.fourOctetAs).toBe(true);
    expect(n.routeRefresh).toBe(true);
  });

  it('rejects version 3 with 2/1 and Data = our version (2 octets)', () => {
    expect(errorOf(peerOpen({ version: 3 }))).toEqual({ code: 2, subcode: 1, data: [0, 4] });
  });

  it('rejects an unexpected peer AS with 2/2', () => {
    expect(errorOf(peerOpen({ myAs: 65003, capabilities: [{ kind: 'fourOctetAs', asn: 65003 }] }))).toMatchObject({
      code: 2,
      subcode: 2,
    });
  });

  it.each([1, 2])('rejects hold time %i with 2/6', (holdTimeSec) => {
    expect(errorOf(peerOpen({ holdTimeSec }))).toMatchObject({ code: 2, subcode: 6 });
  });

  it('rejects BGP identifier 0 with 2/3', () => {
    expect(errorOf(peerOpen({ bgpId: 0 }))).toMatchObject({ code: 2, subcode: 3 });
  });

  it('rejects our own BGP identifier from an eBGP peer unless RFC 6286 relaxation is on', () => {
    expect(errorOf(peerOpen({ bgpId: LOCAL_ID }))).toMatchObject({ code: 2, subcode: 3 });
    const relaxed = { ...testConfig, allowSameBgpIdForEbgp: true };
    expect(negotiatedOf(peerOpen({ bgpId: LOCAL_ID }), relaxed).peerBgpId).toBe(LOCAL_ID);
  });

  it('always rejects our own BGP identifier from an iBGP peer (RFC 6286 §2.1)', () => {
    const ibgp = makeFsmConfig({ localAs: 65002, bgpId: LOCAL_ID, peerAs: 65002, allowSameBgpIdForEbgp: true });
    expect(errorOf(peerOpen({ bgpId: LOCAL_ID }), ibgp)).toMatchObject({ code: 2, subcode: 3 });
    expect(negotiatedOf(peerOpen(), ibgp).internal).toBe(true);
  });

  it('treats a BGP identifier as u32: 255.255.255.255 is valid', () => {
    expect(negotiatedOf(peerOpen({ bgpId: 0xffff_ffff })).peerBgpId).toBe(0xffff_ffff);
  });
});

describe('4-octet AS numbers (RFC 6793)', () => {
  const as4Config = makeFsmConfig({ localAs: 65001, bgpId: LOCAL_ID, peerAs: 4_200_000_000 });

  it('takes the AS from the capability when My AS is AS_TRANS', () => {
    const open = peerOpen({
      myAs: 23456,
      capabilities: [
        { kind: 'multiprotocol', afi: 2, safi: 1 },
        { kind: 'fourOctetAs', asn: 4_200_000_000 },
      ],
    });
    const n = negotiatedOf(open, as4Config);
    expect(n.peerAs).toBe(4_200_000_000);
    expect(n.fourOctetAs).toBe(true);
  });

  it('rejects AS_TRANS without the capability (2/2)', () => {
    expect(
      errorOf(peerOpen({ myAs: 23456, capabilities: [{ kind: 'multiprotocol', afi: 2, safi: 1 }] }), as4Config),
    ).toMatchObject({ code: 2, subcode: 2 });
  });

  it('rejects AS_TRANS inside the capability (2/2)', () => {
    const config = makeFsmConfig({ localAs: 65001, bgpId: LOCAL_ID, peerAs: 23456 });
    expect(
      errorOf(peerOpen({ myAs: 23456, capabilities: [{ kind: 'fourOctetAs', asn: 23456 }] }), config),
    ).toMatchObject({ code: 2, subcode: 2 });
  });

  it('rejects a capability AS that contradicts a 2-octet My AS (2/2)', () => {
    expect(errorOf(peerOpen({ myAs: 65002, capabilities: [{ kind: 'fourOctetAs', asn: 65009 }] }))).toMatchObject({
      code: 2,
      subcode: 2,
    });
  });

  it('without the capability, a 2-octet peer is judged by My AS and fourOctetAs is off', () => {
    const n = negotiatedOf(peerOpen({ capabilities: [{ kind: 'multiprotocol', afi: 2, safi: 1 }] }));
    expect(n.peerAs).toBe(65002);
    expect(n.fourOctetAs).toBe(false);
  });

  it("'external' and 'internal' peer AS", () => {
    const external = makeFsmConfig({ localAs: 65001, bgpId: LOCAL_ID, peerAs: 'external' });
    expect(negotiatedOf(peerOpen(), external).peerAs).toBe(65002);
    const sameAs = peerOpen({ myAs: 65001, capabilities: [{ kind: 'fourOctetAs', asn: 65001 }] });
    expect(errorOf(sameAs, external)).toMatchObject({ code: 2, subcode: 2 });
    const internal = makeFsmConfig({ localAs: 65001, bgpId: LOCAL_ID, peerAs: 'internal' });
    expect(errorOf(peerOpen(), internal)).toMatchObject({ code: 2, subcode: 2 });
  });
});

describe('hold time and keepalive negotiation', () => {
  it('takes the smaller hold time and keepalive = min(configured, hold / 3)', () => {
    expect(negotiatedOf(peerOpen({ holdTimeSec: 30 })).holdTimeSec).toBe(9);
    const longHold = { ...testConfig, holdTimeSec: 90, keepaliveTimeSec: 30 };
    expect(negotiatedOf(peerOpen({ holdTimeSec: 6 }), longHold)).toMatchObject({ holdTimeSec: 6, keepaliveTimeSec: 2 });
    expect(negotiatedOf(peerOpen({ holdTimeSec: 180 }), longHold)).toMatchObject({
      holdTimeSec: 90,
      keepaliveTimeSec: 30,
    });
  });

  it('hold time 0 on either side means no keepalives', () => {
    expect(negotiatedOf(peerOpen({ holdTimeSec: 0 }))).toMatchObject({ holdTimeSec: 0, keepaliveTimeSec: 0 });
    expect(negotiatedOf(peerOpen(), { ...testConfig, holdTimeSec: 0 })).toMatchObject({ holdTimeSec: 0 });
  });

  it.each([
    [90, undefined, 30],
    [90, 60, 30],
    [90, 10, 10],
    [3, undefined, 1],
    [0, 30, 0],
    [9, 0, 3],
  ])('hold %i, configured keepalive %s → %i', (hold, configured, expected) => {
    expect(negotiateKeepaliveSec(hold, configured)).toBe(expected);
  });
});

describe('capability negotiation (RFC 5492)', () => {
  it('intersects address families in local order; no MP capability means IPv4 unicast', () => {
    const dual = {
      ...testConfig,
      families: [
        { afi: 1, safi: 1 },
        { afi: 2, safi: 1 },
      ],
    };
    const both = peerOpen({
      capabilities: [
        { kind: 'multiprotocol', afi: 2, safi: 1 },
        { kind: 'multiprotocol', afi: 1, safi: 1 },
        { kind: 'multiprotocol', afi: 2, safi: 2 },
      ],
    });
    expect(negotiatedOf(both, dual).families).toEqual([
      { afi: 1, safi: 1 },
      { afi: 2, safi: 1 },
    ]);
    expect(negotiatedOf(peerOpen({ capabilities: [] }), dual).families).toEqual([{ afi: 1, safi: 1 }]);
  });

  it('no common family → 2/7 with our multiprotocol capabilities as Data', () => {
    expect(errorOf(peerOpen({ capabilities: [{ kind: 'multiprotocol', afi: 1, safi: 1 }] }))).toEqual({
      code: 2,
      subcode: 7,
      data: [1, 4, 0, 2, 0, 1],
    });
  });

  it('a required capability the peer lacks → 2/7 naming it', () => {
    const config = { ...testConfig, requiredCapabilities: ['extendedMessage' as const] };
    expect(errorOf(peerOpen(), config)).toEqual({ code: 2, subcode: 7, data: [6, 0] });
    const withIt = peerOpen({ capabilities: [...peerOpen().capabilities, { kind: 'extendedMessage' }] });
    expect(negotiatedOf(withIt, { ...config, extendedMessage: true }).extendedMessage).toBe(true);
  });

  it('graceful restart, FQDN, extended message and unknown capabilities', () => {
    const open = peerOpen({
      capabilities: [
        ...peerOpen().capabilities,
        {
          kind: 'gracefulRestart',
          restartTimeSec: 120,
          restartState: true,
          notification: true,
          families: [{ afi: 2, safi: 1, forwardingState: true }],
        },
        { kind: 'fqdn', hostname: 'router1', domainName: 'example.net' },
        { kind: 'extendedMessage' },
        { kind: 'unknown', code: 200 },
      ],
    });
    const plain = negotiatedOf(open);
    expect(plain.gracefulRestart).toBeUndefined(); // we did not advertise GR
    expect(plain.extendedMessage).toBe(false); // nor extended messages
    expect(plain.peerFqdn).toEqual({ hostname: 'router1', domainName: 'example.net' });
    expect(plain.unknownCapabilities).toEqual([200]);
    const n = negotiatedOf(open, { ...testConfig, gracefulRestart: { restartTimeSec: 90 }, extendedMessage: true });
    expect(n.gracefulRestart).toEqual({
      restartTimeSec: 120,
      restartState: true,
      notification: true,
      families: [{ afi: 2, safi: 1, forwardingState: true }],
    });
    expect(n.extendedMessage).toBe(true);
  });
});
