import { describe, expect, it } from 'vitest';
import type { Plan, ResolvedClusterBgp } from '../../spec/plan-types.js';
import { pathsOf, samplePlan } from '../testing/sample-plan.js';
import {
  aggregationWiderThanPrefix,
  ebgpMultihopUnneeded,
  gracefulRestartShort,
  holdTimeInvalid,
  ipv4Family,
  keepaliveExceedsHold,
  keepaliveOverThird,
  loadBalancerIpsNotAdvertised,
  localPreferenceEbgp,
  noAdvertisements,
  noAuthentication,
  noIpv6Family,
  podCidrNotAdvertised,
} from './bgp.js';

function withBgp(change: Partial<ResolvedClusterBgp>): Plan {
  const plan = samplePlan();
  return { ...plan, bgp: { ...plan.bgp, ...change } };
}
const timers = (hold: number, ka: number) =>
  withBgp({ timers: { holdTimeSec: hold, keepaliveTimeSec: ka, connectRetryTimeSec: 120 } });
const T = ['cluster', 'bgp', 'timers'];

describe('bgp rules', () => {
  it('report nothing on the sample plan', () => {
    const all = [ebgpMultihopUnneeded, gracefulRestartShort, holdTimeInvalid, ipv4Family, keepaliveExceedsHold];
    for (const rule of [
      ...all,
      keepaliveOverThird,
      localPreferenceEbgp,
      noAdvertisements,
      noAuthentication,
      noIpv6Family,
    ]) {
      expect(pathsOf(rule, samplePlan()), rule.id).toEqual([]);
    }
  });
  it('bgp/hold-time-invalid flags 0 and 2 but not 3', () => {
    expect(pathsOf(holdTimeInvalid, timers(2, 1))).toEqual([[...T, 'holdTimeSec']]);
    expect(pathsOf(holdTimeInvalid, timers(0, 0))).toEqual([[...T, 'holdTimeSec']]);
    expect(pathsOf(holdTimeInvalid, timers(3, 1))).toEqual([]);
  });
  it('bgp/keepalive-exceeds-hold and bgp/keepalive-over-third', () => {
    expect(pathsOf(keepaliveExceedsHold, timers(9, 10))).toEqual([[...T, 'keepaliveTimeSec']]);
    expect(pathsOf(keepaliveOverThird, timers(9, 10))).toEqual([]);
    expect(pathsOf(keepaliveOverThird, timers(9, 4))).toEqual([[...T, 'keepaliveTimeSec']]);
    expect(pathsOf(keepaliveExceedsHold, timers(9, 4))).toEqual([]);
  });
  it('bgp/graceful-restart-short flags a restart time below the hold time', () => {
    expect(pathsOf(gracefulRestartShort, withBgp({ gracefulRestart: { enabled: true, restartTimeSec: 5 } }))).toEqual([
      ['cluster', 'bgp', 'gracefulRestart', 'restartTimeSec'],
    ]);
    expect(pathsOf(gracefulRestartShort, withBgp({ gracefulRestart: { enabled: false, restartTimeSec: 5 } }))).toEqual(
      [],
    );
  });
  it('bgp/ebgp-multihop-unneeded notes multihop 4 on one segment', () => {
    expect(pathsOf(ebgpMultihopUnneeded, withBgp({ ebgpMultihop: 4 }))).toEqual([['cluster', 'bgp', 'ebgpMultihop']]);
  });
  it('bgp/no-authentication, bgp/no-ipv6-family, bgp/ipv4-family', () => {
    const { authSecretRef: _drop, ...noAuth } = samplePlan().bgp;
    expect(pathsOf(noAuthentication, { ...samplePlan(), bgp: noAuth })).toEqual([['cluster', 'bgp']]);
    expect(pathsOf(noIpv6Family, withBgp({ families: ['ipv4-unicast'] }))).toEqual([['cluster', 'bgp', 'families']]);
    expect(pathsOf(ipv4Family, withBgp({ families: ['ipv6-unicast', 'ipv4-unicast'] }))).toEqual([
      ['cluster', 'bgp', 'families'],
    ]);
  });
  it('bgp/no-advertisements and bgp/local-preference-ebgp', () => {
    expect(pathsOf(noAdvertisements, { ...samplePlan(), advertisements: [] })).toEqual([['cluster']]);
    const plan = samplePlan();
    const adv = { ...plan.advertisements[0]!, localPreference: 99 };
    expect(pathsOf(localPreferenceEbgp, { ...plan, advertisements: [adv, plan.advertisements[1]!] })).toEqual([
      ['cluster', 'advertisements', 0, 'localPreference'],
    ]);
  });
  it('bgp/pod-cidr-not-advertised and bgp/lb-ips-not-advertised', () => {
    const plan = samplePlan();
    expect(pathsOf(podCidrNotAdvertised, plan)).toEqual([]);
    const servicesOnly = { ...plan, advertisements: [plan.advertisements[0]!] };
    expect(pathsOf(podCidrNotAdvertised, servicesOnly)).toEqual([['cluster', 'advertisements']]);
    expect(pathsOf(loadBalancerIpsNotAdvertised, plan)).toEqual([]);
    const clusterOnly = { ...plan.advertisements[0]!, addresses: ['ClusterIP' as const] };
    expect(pathsOf(loadBalancerIpsNotAdvertised, { ...plan, advertisements: [clusterOnly] })).toEqual([
      ['workloads', 'services', 0, 'type'],
    ]);
  });
  it('bgp/aggregation-wider-than-prefix flags /48 aggregation of a /64 pool, not /64', () => {
    const plan = samplePlan();
    const agg = (len: number) => ({
      ...plan,
      advertisements: [{ ...plan.advertisements[0]!, aggregationLengthIPv6: len }],
    });
    expect(pathsOf(aggregationWiderThanPrefix, plan)).toEqual([]);
    expect(pathsOf(aggregationWiderThanPrefix, agg(112))).toEqual([]);
    expect(pathsOf(aggregationWiderThanPrefix, agg(64))).toEqual([
      ['cluster', 'advertisements', 0, 'aggregationLengthIPv6'],
    ]);
    expect(pathsOf(aggregationWiderThanPrefix, agg(48))).toEqual([
      ['cluster', 'advertisements', 0, 'aggregationLengthIPv6'],
    ]);
  });
});
