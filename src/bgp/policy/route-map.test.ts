import { describe, expect, it } from 'vitest';
import type { RibAttributesDraft } from '../rib/attributes.js';
import { prefixKeyFromText } from '../rib/prefix-key.js';
import { parsePolicyCommunity } from './community-list.js';
import { Policy } from './index.js';
import { ROUTE_MAP_RECURSION_LIMIT } from './route-map.js';
import type { PolicyRoute } from './route-map-set.js';
import type { PolicyConfig, RouteMapRule } from './types.js';

const c = parsePolicyCommunity;

function route(prefix = '2001:db8:1::/48', over: Partial<RibAttributesDraft> = {}): PolicyRoute {
  return {
    prefix: prefixKeyFromText(prefix),
    direction: 'import',
    peerAddress: '2001:db8::2',
    localAddress: '2001:db8::1',
    attrs: { origin: 0, asPath: [{ type: 'sequence', asns: [65002, 65100] }], nextHop: '2001:db8::2', ...over },
    nextHopSet: false,
  };
}

const LISTS: PolicyConfig = {
  prefixLists: [
    { name: 'CUST', afi: 'ipv6', entries: [{ seq: 5, action: 'permit', prefix: '2001:db8::/32', ge: 48, le: 48 }] },
    { name: 'NH', afi: 'ipv6', entries: [{ seq: 5, action: 'permit', prefix: '2001:db8::/64', le: 128 }] },
  ],
  communityLists: [
    { name: 'BLACKHOLE', entries: [{ action: 'permit', kind: 'standard', values: ['65000:666'] }] },
    { name: 'OURS', entries: [{ action: 'permit', kind: 'expanded', regex: '^65000:' }] },
  ],
  largeCommunityLists: [{ name: 'LC', entries: [{ action: 'permit', kind: 'standard', values: ['65000:1:1'] }] }],
  asPathLists: [{ name: 'VIA-65100', entries: [{ action: 'permit', regex: '_65100$' }] }],
};

function run(rules: RouteMapRule[], r: PolicyRoute, extra: PolicyConfig['routeMaps'] = []): boolean {
  const p = new Policy({ ...LISTS, routeMaps: [{ name: 'RM', rules }, ...extra] });
  return p.routeMaps.apply('RM', r);
}

describe('route maps: matches (FRR bgp_routemap.c)', () => {
  it('match prefix list', () => {
    const rules: RouteMapRule[] = [{ seq: 10, action: 'permit', match: { prefixList: 'CUST' } }];
    expect(run(rules, route('2001:db8:1::/48'))).toBe(true);
    expect(run(rules, route('2001:db8:1::/56'))).toBe(false);
  });

  it('match community (and exact-match) and large community', () => {
    const rules: RouteMapRule[] = [{ seq: 10, action: 'permit', match: { community: { list: 'BLACKHOLE' } } }];
    expect(run(rules, route(undefined, { communities: [c('65000:666'), c('65000:1')] }))).toBe(true);
    expect(run(rules, route(undefined, { communities: [c('65000:1')] }))).toBe(false);
    expect(run(rules, route())).toBe(false);
    const exact: RouteMapRule[] = [
      { seq: 10, action: 'permit', match: { community: { list: 'BLACKHOLE', exactMatch: true } } },
    ];
    expect(run(exact, route(undefined, { communities: [c('65000:666')] }))).toBe(true);
    expect(run(exact, route(undefined, { communities: [c('65000:666'), c('65000:1')] }))).toBe(false);
    const large: RouteMapRule[] = [{ seq: 10, action: 'permit', match: { largeCommunity: { list: 'LC' } } }];
    expect(run(large, route(undefined, { largeCommunities: [[65000, 1, 1]] }))).toBe(true);
    expect(run(large, route(undefined, { largeCommunities: [[65000, 1, 2]] }))).toBe(false);
  });

  it('match as-path, next hop (address and prefix list), peer, origin, local-pref, MED', () => {
    const one = (match: RouteMapRule['match'], r = route()) => run([{ seq: 10, action: 'permit', match }], r);
    expect(one({ asPath: 'VIA-65100' })).toBe(true);
    expect(one({ asPath: 'VIA-65100' }, route(undefined, { asPath: [{ type: 'sequence', asns: [65100, 1] }] }))).toBe(
      false,
    );
    expect(one({ nextHop: '2001:db8:0:0::2' })).toBe(true); // compared as addresses, not text
    expect(one({ nextHop: '2001:db8::3' })).toBe(false);
    expect(one({ nextHopPrefixList: 'NH' })).toBe(true);
    expect(one({ nextHopPrefixList: 'NH' }, route(undefined, { nextHop: '2001:db8:1::2' }))).toBe(false);
    expect(one({ peer: '2001:db8::2' })).toBe(true);
    expect(one({ peer: '2001:db8::9' })).toBe(false);
    expect(one({ origin: 'igp' })).toBe(true);
    expect(one({ origin: 'incomplete' })).toBe(false);
    expect(one({ localPref: 100 })).toBe(true); // absent counts as the default 100
    expect(one({ med: 0 })).toBe(true);
    expect(one({ med: 5 }, route(undefined, { med: 6 }))).toBe(false);
    // every condition of a rule must hold
    expect(one({ prefixList: 'CUST', peer: '2001:db8::9' })).toBe(false);
  });

  it('a missing list never matches', () => {
    expect(run([{ seq: 10, action: 'permit', match: { prefixList: 'NOPE' } }], route())).toBe(false);
  });
});

describe('route maps: flow (FRR route_map_apply_ext)', () => {
  it('deny rules deny; a route no rule matches is denied (implicit deny); an empty or missing map denies', () => {
    const rules: RouteMapRule[] = [
      { seq: 10, action: 'deny', match: { community: { list: 'BLACKHOLE' } } },
      { seq: 20, action: 'permit', match: { prefixList: 'CUST' } },
    ];
    expect(run(rules, route('2001:db8:1::/48', { communities: [c('65000:666')] }))).toBe(false);
    expect(run(rules, route('2001:db8:1::/48'))).toBe(true);
    expect(run(rules, route('2001:db8:1::/64'))).toBe(false);
    expect(run([], route())).toBe(false);
    expect(new Policy(LISTS).routeMaps.apply('MISSING', route())).toBe(false);
  });

  it('rules run in sequence order whatever the order given', () => {
    const rules: RouteMapRule[] = [
      { seq: 20, action: 'permit', set: { localPref: 200 } },
      { seq: 10, action: 'permit', set: { localPref: 300 } },
    ];
    const r = route();
    expect(run(rules, r)).toBe(true);
    expect(r.attrs.localPref).toBe(300); // seq 10 matched and exited
  });

  it('on-match next continues with the next rule; on-match goto jumps to the first rule with seq ≥ N', () => {
    const next: RouteMapRule[] = [
      { seq: 10, action: 'permit', set: { med: 10 }, onMatch: 'next' },
      { seq: 20, action: 'permit', set: { localPref: 50 } },
      { seq: 30, action: 'permit', set: { weight: 7 } },
    ];
    const r1 = route();
    expect(run(next, r1)).toBe(true);
    expect([r1.attrs.med, r1.attrs.localPref, r1.attrs.weight]).toEqual([10, 50, undefined]);
    const goto: RouteMapRule[] = [
      { seq: 10, action: 'permit', set: { med: 10 }, onMatch: { goto: 25 } },
      { seq: 20, action: 'permit', set: { localPref: 50 } },
      { seq: 30, action: 'permit', set: { weight: 7 } },
    ];
    const r2 = route();
    expect(run(goto, r2)).toBe(true);
    expect([r2.attrs.med, r2.attrs.localPref, r2.attrs.weight]).toEqual([10, undefined, 7]);
    // after on-match next, a later rule that does not match leaves deny unless another permits
    const noneAfter: RouteMapRule[] = [
      { seq: 10, action: 'permit', onMatch: 'next' },
      { seq: 20, action: 'permit', match: { prefixList: 'NOPE' } },
    ];
    expect(run(noneAfter, route())).toBe(false);
  });

  it('call runs another map after the sets; its deny denies; recursion is bounded', () => {
    const sub = [
      {
        name: 'SUB',
        rules: [
          { seq: 10, action: 'deny', match: { community: { list: 'BLACKHOLE' } } },
          { seq: 20, action: 'permit', set: { communities: { values: ['65000:9'], additive: true } } },
        ] as RouteMapRule[],
      },
    ];
    const rules: RouteMapRule[] = [{ seq: 10, action: 'permit', set: { localPref: 120 }, call: 'SUB' }];
    const ok = route();
    expect(run(rules, ok, sub)).toBe(true);
    expect(ok.attrs.localPref).toBe(120);
    expect(ok.attrs.communities).toEqual([c('65000:9')]);
    expect(run(rules, route(undefined, { communities: [c('65000:666')] }), sub)).toBe(false);
    const loop = new Policy({ routeMaps: [{ name: 'LOOP', rules: [{ seq: 10, action: 'permit', call: 'LOOP' }] }] });
    expect(ROUTE_MAP_RECURSION_LIMIT).toBeGreaterThan(0);
    expect(loop.routeMaps.apply('LOOP', route())).toBe(false);
  });
});

describe('route maps: sets (FRR route_set_*)', () => {
  const apply = (set: RouteMapRule['set'], r = route()) => {
    expect(run([{ seq: 10, action: 'permit', ...(set !== undefined ? { set } : {}) }], r)).toBe(true);
    return r;
  };

  it('local-pref and MED: a value, or relative, clamped to 0..2^32-1', () => {
    expect(apply({ localPref: 250 }).attrs.localPref).toBe(250);
    expect(apply({ localPref: { add: 10 } }).attrs.localPref).toBe(110); // from the default 100
    expect(apply({ med: { subtract: 5 } }, route(undefined, { med: 3 })).attrs.med).toBe(0);
    expect(apply({ med: { add: 10 } }, route(undefined, { med: 0xfffffffa })).attrs.med).toBe(0xffffffff);
    expect(apply({ origin: 'incomplete', weight: 500 }).attrs).toMatchObject({ origin: 2, weight: 500 });
  });

  it('communities: replace, add (sorted, unique), none, delete by list', () => {
    const base = () => route(undefined, { communities: [c('65000:5'), c('65001:1')] });
    expect(apply({ communities: { values: ['65000:1'] } }, base()).attrs.communities).toEqual([c('65000:1')]);
    expect(
      apply({ communities: { values: ['65000:1', '65000:5'], additive: true } }, base()).attrs.communities,
    ).toEqual([c('65000:1'), c('65000:5'), c('65001:1')]);
    expect(apply({ communities: { none: true } }, base()).attrs.communities).toBeUndefined();
    expect(apply({ communityDelete: 'OURS' }, base()).attrs.communities).toEqual([c('65001:1')]);
    // delete runs before add (FRR order)
    const both = apply({ communityDelete: 'OURS', communities: { values: ['65000:7'], additive: true } }, base());
    expect(both.attrs.communities).toEqual([c('65000:7'), c('65001:1')]);
  });

  it('large communities: add and delete', () => {
    const r = apply(
      { largeCommunityDelete: 'LC', largeCommunities: { values: ['65000:2:2'], additive: true } },
      route(undefined, { largeCommunities: [[65000, 1, 1]] }),
    );
    expect(r.attrs.largeCommunities).toEqual([[65000, 2, 2]]);
  });

  it('as-path prepend (values, last-as) and exclude', () => {
    expect(apply({ asPathPrepend: [65000, 65000] }).attrs.asPath).toEqual([
      { type: 'sequence', asns: [65000, 65000, 65002, 65100] },
    ]);
    expect(apply({ asPathPrepend: { lastAs: 2 } }).attrs.asPath).toEqual([
      { type: 'sequence', asns: [65002, 65002, 65002, 65100] },
    ]);
    expect(apply({ asPathExclude: [65100] }).attrs.asPath).toEqual([{ type: 'sequence', asns: [65002] }]);
  });

  it('next hop: an address, or peer-address (the peer on import, our address on export)', () => {
    const r = apply({ nextHop: '2001:db8::99' }, route(undefined, { nextHopLinkLocal: 'fe80::1' }));
    expect(r.attrs.nextHop).toBe('2001:db8::99');
    expect(r.attrs.nextHopLinkLocal).toBeUndefined();
    expect(r.nextHopSet).toBe(true);
    const out: PolicyRoute = { ...route(), direction: 'export', peerAddress: '2001:db8::7' };
    expect(apply({ nextHop: 'peer-address' }, out).attrs.nextHop).toBe('2001:db8::1');
    const inbound = route(undefined, { nextHop: '2001:db8:5::5' });
    expect(apply({ nextHop: 'peer-address' }, inbound).attrs.nextHop).toBe('2001:db8::2');
  });
});
