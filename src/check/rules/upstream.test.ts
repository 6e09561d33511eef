import { describe, expect, it } from 'vitest';
import { pathsOf, samplePlan } from '../testing/sample-plan.js';
import { neighborNotOnLink, routerWithoutNeighbor } from './upstream.js';

describe('upstream rules', () => {
  it('report nothing on the sample plan', () => {
    expect(pathsOf(neighborNotOnLink, samplePlan())).toEqual([]);
    expect(pathsOf(routerWithoutNeighbor, samplePlan())).toEqual([]);
  });
  it('upstream/neighbor-not-on-link flags a neighbor off every uplink', () => {
    const plan = samplePlan();
    const upstream = {
      ...plan.spec.upstream!,
      neighbors: [plan.spec.upstream!.neighbors[0]!, { router: 'r02', address: '2001:db8:200::1' }],
    };
    expect(pathsOf(neighborNotOnLink, { ...plan, spec: { ...plan.spec, upstream } })).toEqual([
      ['upstream', 'neighbors', 1, 'address'],
    ]);
  });
  it('upstream/router-without-neighbor flags r02 with no session', () => {
    const plan = samplePlan();
    const upstream = { ...plan.spec.upstream!, neighbors: [plan.spec.upstream!.neighbors[0]!] };
    expect(pathsOf(routerWithoutNeighbor, { ...plan, spec: { ...plan.spec, upstream } })).toEqual([
      ['routers', 1, 'name'],
    ]);
  });
});
