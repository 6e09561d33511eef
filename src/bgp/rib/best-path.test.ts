import { describe, expect, it } from 'vitest';
import {
  type BestPathOptions,
  compareByAge,
  compareByAsPathLength,
  compareByClusterListLength,
  compareByIgpCost,
  compareByLocalPref,
  compareByLocalRoute,
  compareByMed,
  compareByOrigin,
  compareByPeerAddress,
  compareByPeerType,
  compareByRouterId,
  compareByWeight,
} from './best-path-steps.js';
import { comparePaths, decideBestPath } from './best-path.js';
import { testPath, testPeer } from './rib.test-helper.js';

const o: BestPathOptions = {};
const e1 = testPeer('2001:db8::1', 'ebgp', { routerId: 10 });
const e2 = testPeer('2001:db8::2', 'ebgp', { routerId: 20 });
const i1 = testPeer('2001:db8::3', 'ibgp', { routerId: 30, remoteAsn: 65000 });
const seq = (asns: number[]) => [{ type: 'sequence' as const, asns }];

describe('best path steps (RFC 4271 §9.1.2.2), one comparator each', () => {
  it('weight: higher wins', () => {
    const r = compareByWeight(testPath(e1, { weight: 10 }), testPath(e2), o);
    expect(r).toEqual({ winner: -1, reason: 'weight' });
  });

  it('local-pref: higher wins, missing counts as the default', () => {
    expect(compareByLocalPref(testPath(e1, { localPref: 200 }), testPath(e2), o).winner).toBe(-1);
    expect(compareByLocalPref(testPath(e1, { localPref: 50 }), testPath(e2), o).winner).toBe(1);
    expect(compareByLocalPref(testPath(e1, { localPref: 100 }), testPath(e2), o).winner).toBe(0);
    expect(compareByLocalPref(testPath(e1), testPath(e2, { localPref: 150 }), { defaultLocalPref: 200 }).winner).toBe(
      -1,
    );
  });

  it('local route: originated before learned', () => {
    const local = testPeer('local', 'local');
    expect(compareByLocalRoute(testPath(e1), testPath(local), o)).toEqual({ winner: 1, reason: 'local-route' });
  });

  it('AS path length: shorter wins; a set counts 1, confederation segments 0; ignore option', () => {
    const short = testPath(e1, { asPath: seq([1, 2]) });
    const long = testPath(e2, { asPath: seq([1, 2, 3]) });
    expect(compareByAsPathLength(short, long, o).winner).toBe(-1);
    const withSet = testPath(e2, { asPath: [...seq([1]), { type: 'set', asns: [7, 8, 9] }] });
    expect(compareByAsPathLength(short, withSet, o).winner).toBe(0);
    const confed = testPath(e2, { asPath: [{ type: 'confedSequence', asns: [9, 9, 9] }, ...seq([1, 2])] });
    expect(compareByAsPathLength(short, confed, o).winner).toBe(0);
    expect(compareByAsPathLength(short, long, { asPathIgnore: true }).winner).toBe(0);
  });

  it('origin: IGP < EGP < incomplete', () => {
    expect(compareByOrigin(testPath(e1, { origin: 0 }), testPath(e2, { origin: 2 }), o)).toEqual({
      winner: -1,
      reason: 'origin',
    });
    expect(compareByOrigin(testPath(e1, { origin: 2 }), testPath(e2, { origin: 1 }), o).winner).toBe(1);
  });

  it('MED: lower wins between the same neighbor AS only, unless always-compare; missing as 0 or worst', () => {
    const a = testPath(e1, { asPath: seq([65001, 1]), med: 10 });
    const b = testPath(e2, { asPath: seq([65001, 2]), med: 20 });
    const c = testPath(e2, { asPath: seq([65002, 2]), med: 5 });
    expect(compareByMed(a, b, o)).toEqual({ winner: -1, reason: 'med' });
    expect(compareByMed(a, c, o).winner).toBe(0);
    expect(compareByMed(a, c, { alwaysCompareMed: true }).winner).toBe(1);
    const none = testPath(e2, { asPath: seq([65001, 3]) });
    expect(compareByMed(a, none, o).winner).toBe(1);
    expect(compareByMed(a, none, { medMissingAsWorst: true }).winner).toBe(-1);
  });

  it('peer type: eBGP over iBGP', () => {
    expect(compareByPeerType(testPath(i1), testPath(e1), o)).toEqual({ winner: 1, reason: 'peer-type' });
  });

  it('IGP cost hook: lower cost to the next hop wins; no hook, no difference', () => {
    const a = testPath(e1, { nextHop: '2001:db8::a' });
    const b = testPath(e2, { nextHop: '2001:db8::b' });
    expect(compareByIgpCost(a, b, o).winner).toBe(0);
    const cost = (nh: string) => (nh === '2001:db8::a' ? 20 : 10);
    expect(compareByIgpCost(a, b, { igpCost: cost })).toEqual({ winner: 1, reason: 'igp-cost' });
  });

  it('oldest eBGP path first (RFC 5004), skipped with compare-routerid or for iBGP', () => {
    const old = testPath(e2, {}, 1);
    const young = testPath(e1, {}, 2);
    expect(compareByAge(old, young, o)).toEqual({ winner: -1, reason: 'older-path' });
    expect(compareByAge(old, young, { compareRouterId: true }).winner).toBe(0);
    expect(compareByAge(testPath(i1, {}, 1), young, o).winner).toBe(0);
  });

  it('router id: lowest wins; ORIGINATOR_ID stands in for it (RFC 4456 §9)', () => {
    expect(compareByRouterId(testPath(e1), testPath(e2), o)).toEqual({ winner: -1, reason: 'router-id' });
    expect(compareByRouterId(testPath(e1, { originatorId: '0.0.0.99' }), testPath(e2), o).winner).toBe(1);
  });

  it('cluster list length: shorter wins', () => {
    const a = testPath(i1, { clusterList: ['1.1.1.1', '2.2.2.2'] });
    const b = testPath(i1, { clusterList: ['1.1.1.1'] });
    expect(compareByClusterListLength(a, b, o)).toEqual({ winner: 1, reason: 'cluster-list-length' });
  });

  it('peer address: lowest wins', () => {
    expect(compareByPeerAddress(testPath(e2), testPath(e1), o)).toEqual({ winner: 1, reason: 'peer-address' });
  });
});

describe('decision and multipath', () => {
  it('the first differing step decides, and is the reason', () => {
    const a = testPath(e1, { localPref: 200, asPath: seq([1, 2, 3, 4]) });
    const b = testPath(e2, { localPref: 100, asPath: seq([1]) });
    expect(comparePaths(a, b, o)).toEqual({ winner: -1, reason: 'local-pref' });
    const d = decideBestPath([b, a], o);
    expect(d.best).toBe(a);
    expect(d.reason).toBe('local-pref');
    expect(decideBestPath([a], o).reason).toBe('only-path');
  });

  it('eBGP ECMP needs maximum-paths and an identical AS path, or multipath-relax', () => {
    const a = testPath(e1, { asPath: seq([65001, 7]) }, 1);
    const b = testPath(e2, { asPath: seq([65001, 7]), nextHop: '2001:db8::2' }, 2);
    const c = testPath(testPeer('2001:db8::9'), { asPath: seq([65009, 7]), nextHop: '2001:db8::9' }, 3);
    expect(decideBestPath([a, b, c], o).multipath).toEqual([a]);
    expect(decideBestPath([a, b, c], { maximumPaths: 4 }).multipath).toEqual([a, b]);
    expect(decideBestPath([a, b, c], { maximumPaths: 4, asPathMultipathRelax: true }).multipath).toEqual([a, b, c]);
    expect(decideBestPath([a, b, c], { maximumPaths: 2, asPathMultipathRelax: true }).multipath).toHaveLength(2);
  });

  it('deterministic MED: best per neighbor AS first, then among the winners', () => {
    // Without deterministic-med, the arrival order decides (MED is not transitive); with it, the result is fixed.
    const p1 = testPath(e1, { asPath: seq([65001, 1]), med: 100 }, 1);
    const p2 = testPath(e2, { asPath: seq([65002, 1]), med: 50 }, 2);
    const p3 = testPath(testPeer('2001:db8::4', 'ebgp', { routerId: 5 }), { asPath: seq([65001, 1]), med: 10 }, 3);
    const dm = { deterministicMed: true } as const;
    const x = decideBestPath([p1, p2, p3], dm).best;
    const y = decideBestPath([p3, p2, p1], dm).best;
    const z = decideBestPath([p2, p1, p3], dm).best;
    expect(x).toBe(y);
    expect(y).toBe(z);
    // The AS 65001 group winner is p3 (MED 10); p3 vs p2 falls to the oldest-path step: p2 is older.
    expect(x).toBe(p2);
  });
});
