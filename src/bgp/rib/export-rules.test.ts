import { describe, expect, it } from 'vitest';
import { Policy } from '../policy/index.js';
import { WellKnownCommunity } from '../wire/codes.js';
import type { RibAttributes } from './attributes.js';
import { type ExportContext, type ExportTarget, exportAttributes } from './export-rules.js';
import { AttributeInterner } from './intern.js';
import { Path, type RibPeer, type RibPeerKind } from './path.js';
import { prefixKeyFromText } from './prefix-key.js';

const LOCAL_ASN = 65000;
const interner = new AttributeInterner(LOCAL_ASN);
const key6 = prefixKeyFromText('2001:db8:1::/48');

let index = 1;
function peer(kind: RibPeerKind, extra: Partial<RibPeer> = {}): RibPeer {
  const i = index++;
  return {
    id: `2001:db8::${i}`,
    index: i,
    kind,
    remoteAsn: kind === 'ibgp' ? LOCAL_ASN : 65000 + i,
    routerId: i,
    addressSortKey: String(i),
    ...extra,
  };
}

function ctx(extra: Partial<ExportContext> = {}): ExportContext {
  return {
    localAsn: LOCAL_ASN,
    routerId: 0x0a000001,
    clusterId: 0x0a000001,
    defaultLocalPref: 100,
    ebgpRequiresPolicy: false,
    policy: new Policy({}),
    interner,
    ...extra,
  };
}

function target(to: RibPeer, extra: Partial<ExportTarget> = {}): ExportTarget {
  return { peer: to, localAddress: '2001:db8::ff', families: new Set([1, 2]), ...extra };
}

const learned: RibAttributes = {
  origin: 0,
  asPath: [{ type: 'sequence', asns: [65010, 65020] }],
  nextHop: '2001:db8::10',
  nextHopLinkLocal: 'fe80::10',
  med: 50,
  localPref: 200,
  weight: 9,
};

function path(from: RibPeer, a: Partial<RibAttributes> = {}): Path {
  return new Path(from, interner.intern({ ...learned, ...a }), 0);
}

const out = (p: Path, to: ExportTarget, c = ctx()) => exportAttributes(key6, p, to, c)?.value;

describe('export rules (RFC 4271 §5.1, §9.2; RFC 1997; RFC 4456)', () => {
  it('eBGP: our AS prepended, next hop self, LOCAL_PREF, received MED and weight stripped', () => {
    const a = out(path(peer('ebgp')), target(peer('ebgp')));
    expect(a).toMatchObject({
      asPath: [{ type: 'sequence', asns: [LOCAL_ASN, 65010, 65020] }],
      nextHop: '2001:db8::ff',
    });
    expect(a?.localPref).toBeUndefined();
    expect(a?.med).toBeUndefined();
    expect(a?.weight).toBeUndefined();
    expect(a?.nextHopLinkLocal).toBeUndefined();
    // our own link-local goes along as the second next hop when known (RFC 2545 §3)
    expect(out(path(peer('ebgp')), target(peer('ebgp'), { localLinkLocal: 'fe80::ff' }))?.nextHopLinkLocal).toBe(
      'fe80::ff',
    );
  });

  it('an originated route keeps its MED towards eBGP', () => {
    expect(out(path(peer('local', { kind: 'local' }), { nextHop: '' }), target(peer('ebgp')))?.med).toBe(50);
  });

  it('iBGP: path and next hop unchanged, LOCAL_PREF kept or defaulted; next-hop-self on request', () => {
    const a = out(path(peer('ebgp'), { localPref: undefined }), target(peer('ibgp')));
    expect(a).toMatchObject({ asPath: learned.asPath, nextHop: '2001:db8::10', localPref: 100, med: 50 });
    expect(a?.nextHopLinkLocal).toBeUndefined(); // a learned link-local next hop is not passed on
    expect(out(path(peer('ebgp')), target(peer('ibgp'), { nextHopSelf: true }))?.nextHop).toBe('2001:db8::ff');
  });

  it('split horizon and iBGP non-transit; a route reflector reflects with ORIGINATOR_ID and CLUSTER_LIST', () => {
    const from = peer('ibgp');
    expect(out(path(from), target(from))).toBeUndefined();
    expect(out(path(from), target(peer('ibgp')))).toBeUndefined();
    const reflected = out(path(from), target(peer('ibgp', { rrClient: true })));
    expect(reflected?.originatorId).toBe(`0.0.0.${from.routerId}`);
    expect(reflected?.clusterList).toEqual(['10.0.0.1']);
    // towards eBGP the RR attributes never leave the AS
    expect(
      out(path(from, { originatorId: '10.9.9.9', clusterList: ['10.0.0.2'] }), target(peer('ebgp'))),
    ).not.toHaveProperty('originatorId');
  });

  it('well-known communities on learned routes: NO_ADVERTISE, NO_EXPORT, NO_EXPORT_SUBCONFED', () => {
    const c = (v: number) => path(peer('ebgp'), { communities: [v] });
    expect(out(c(WellKnownCommunity.NO_ADVERTISE), target(peer('ibgp')))).toBeUndefined();
    expect(out(c(WellKnownCommunity.NO_EXPORT), target(peer('ebgp')))).toBeUndefined();
    expect(out(c(WellKnownCommunity.NO_EXPORT), target(peer('ibgp')))).toBeDefined();
    expect(out(c(WellKnownCommunity.NO_EXPORT_SUBCONFED), target(peer('confed')))).toBeUndefined();
    // on an originated route they are for the receiver: sent
    const local = path(peer('local', { kind: 'local' }), { communities: [WellKnownCommunity.NO_EXPORT] });
    expect(out(local, target(peer('ebgp')))?.communities).toEqual([WellKnownCommunity.NO_EXPORT]);
  });

  it('only negotiated families; an IPv4 route needs an IPv4 next hop', () => {
    expect(out(path(peer('ebgp')), target(peer('ebgp'), { families: new Set([1]) }))).toBeUndefined();
    const v4 = new Path(
      peer('ebgp'),
      interner.intern({ ...learned, nextHop: '192.0.2.10', nextHopLinkLocal: undefined }),
      0,
    );
    const to = target(peer('ebgp'));
    expect(exportAttributes(prefixKeyFromText('198.51.100.0/24'), v4, to, ctx())).toBeUndefined(); // IPv6 session
    const over4 = target(peer('ebgp'), { localAddress: '192.0.2.255' });
    expect(exportAttributes(prefixKeyFromText('198.51.100.0/24'), v4, over4, ctx())?.value.nextHop).toBe('192.0.2.255');
  });

  it('the export route map runs before the prepend and may set the next hop; RFC 8212 needs one for eBGP', () => {
    const policy = new Policy({
      routeMaps: [
        {
          name: 'OUT',
          rules: [{ seq: 10, action: 'permit', set: { asPathPrepend: [65000], nextHop: '2001:db8::77' } }],
        },
        { name: 'DENY', rules: [{ seq: 10, action: 'deny' }] },
      ],
    });
    const a = out(path(peer('ebgp')), target(peer('ebgp'), { exportMap: 'OUT' }), ctx({ policy }));
    expect(a?.asPath).toEqual([{ type: 'sequence', asns: [LOCAL_ASN, 65000, 65010, 65020] }]);
    expect(a?.nextHop).toBe('2001:db8::77');
    expect(out(path(peer('ebgp')), target(peer('ebgp'), { exportMap: 'DENY' }), ctx({ policy }))).toBeUndefined();
    const strict = ctx({ policy, ebgpRequiresPolicy: true });
    expect(out(path(peer('ebgp')), target(peer('ebgp')), strict)).toBeUndefined();
    expect(out(path(peer('ebgp')), target(peer('ibgp')), strict)).toBeDefined();
    expect(out(path(peer('ebgp')), target(peer('ebgp'), { exportMap: 'OUT' }), strict)).toBeDefined();
  });
});
