import { describe, expect, it } from 'vitest';
import type { Plan } from '../../spec/plan-types.js';
import { pathsOf, replaceAt, samplePlan } from '../testing/sample-plan.js';
import {
  clusterEqualsRouter,
  documentation,
  isIanaReservedAsn,
  isPrivateAsn,
  ianaReserved,
  isReservedAsn,
  privateTowardUpstream,
  publicCluster,
  reserved,
  upstreamEqualsCluster,
  upstreamEqualsRouter,
} from './asn.js';

function withAsns(cluster: number, router0: number, upstream: number): Plan {
  const plan = samplePlan();
  return {
    ...plan,
    clusterAsn: cluster,
    routers: replaceAt(plan.routers, 0, { ...plan.routers[0]!, asn: router0 }),
    upstream: { asn: upstream },
  };
}

describe('asn rules', () => {
  it('classify ASNs', () => {
    expect([0, 23456, 65535, 4294967295].every(isReservedAsn)).toBe(true);
    expect([1, 65534, 65666, 131072, 201911].some(isReservedAsn)).toBe(false);
    expect([65552, 65666, 131071].every(isIanaReservedAsn)).toBe(true);
    expect([65551, 131072].some(isIanaReservedAsn)).toBe(false);
    expect(isPrivateAsn(65500) && isPrivateAsn(4200000000) && !isPrivateAsn(201911)).toBe(true);
  });
  it('report no error or warning on the sample plan', () => {
    for (const rule of [
      clusterEqualsRouter,
      documentation,
      publicCluster,
      reserved,
      upstreamEqualsCluster,
      upstreamEqualsRouter,
    ]) {
      expect(pathsOf(rule, samplePlan()), rule.id).toEqual([]);
    }
  });
  it('asn/reserved flags AS_TRANS on a router', () => {
    expect(pathsOf(reserved, withAsns(65500, 23456, 201911))).toEqual([['routers', 0, 'asn']]);
  });
  it("asn/iana-reserved flags the seed routers' AS 65666", () => {
    expect(pathsOf(ianaReserved, withAsns(65500, 65666, 201911))).toEqual([['routers', 0, 'asn']]);
    expect(pathsOf(reserved, withAsns(65500, 65666, 201911))).toEqual([]);
  });
  it('asn/documentation flags 64500 on the cluster', () => {
    expect(pathsOf(documentation, withAsns(64500, 65200, 201911))).toEqual([['cluster', 'asn']]);
  });
  it('asn/cluster-equals-router, asn/upstream-equals-router, asn/upstream-equals-cluster', () => {
    expect(pathsOf(clusterEqualsRouter, withAsns(65200, 65200, 201911))).toEqual([['cluster', 'asn']]);
    expect(pathsOf(upstreamEqualsRouter, withAsns(65500, 201911, 201911))).toEqual([['upstream', 'asn']]);
    expect(pathsOf(upstreamEqualsCluster, withAsns(201911, 65200, 201911))).toEqual([['cluster', 'asn']]);
  });
  it('asn/private-toward-upstream notes private routers behind a public upstream; asn/public-cluster notes a public cluster', () => {
    expect(pathsOf(privateTowardUpstream, samplePlan())).toEqual([['routers', 0, 'asn']]);
    expect(pathsOf(privateTowardUpstream, withAsns(65500, 65200, 65001))).toEqual([]);
    expect(pathsOf(publicCluster, withAsns(201912, 65200, 201911))).toEqual([['cluster', 'asn']]);
  });
});
