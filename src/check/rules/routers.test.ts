import { describe, expect, it } from 'vitest';
import type { Plan, PlannedRouter } from '../../spec/plan-types.js';
import { addr, pathsOf, prefix, replaceAt, samplePlan } from '../testing/sample-plan.js';
import {
  duplicateAddress,
  exportAllToNodes,
  listenRangeMissesNodes,
  loopbackNot128,
  loopbackOutsideBlock,
  maximumPrefixTooLow,
  nodeInterfaceOutsideNodeNetwork,
  nodeInterfacePrefixLength,
  prefixesPerNodeSession,
  singleRouter,
  subnetRouterAnycast,
  uplinkOverlapsPlan,
} from './routers.js';

function withRouter(index: number, change: (r: PlannedRouter) => PlannedRouter): Plan {
  const plan = samplePlan();
  return { ...plan, routers: replaceAt(plan.routers, index, change(plan.routers[index]!)) };
}

const all = [
  duplicateAddress,
  listenRangeMissesNodes,
  loopbackNot128,
  loopbackOutsideBlock,
  nodeInterfaceOutsideNodeNetwork,
  nodeInterfacePrefixLength,
  subnetRouterAnycast,
  uplinkOverlapsPlan,
];

describe('routers rules', () => {
  it('report nothing on the sample plan', () => {
    for (const rule of all) expect(pathsOf(rule, samplePlan()), rule.id).toEqual([]);
  });
  it('routers/node-interface-outside-node-network', () => {
    const plan = withRouter(1, (r) => ({
      ...r,
      nodeInterface: { ...r.nodeInterface, address: addr('2a0e:97c0:ae3:fff1::2') },
    }));
    expect(pathsOf(nodeInterfaceOutsideNodeNetwork, plan)).toEqual([['routers', 1, 'nodeInterface', 'address']]);
  });
  it('routers/node-interface-prefix-length', () => {
    const plan = withRouter(0, (r) => ({
      ...r,
      nodeInterface: { ...r.nodeInterface, prefix: prefix('2a0e:97c0:ae3:fff0::/112') },
    }));
    expect(pathsOf(nodeInterfacePrefixLength, plan)).toEqual([['routers', 0, 'nodeInterface', 'address']]);
  });
  it('routers/duplicate-address flags r02 reusing r01 node-interface address', () => {
    const plan = withRouter(1, (r) => ({
      ...r,
      nodeInterface: { ...r.nodeInterface, address: addr('2a0e:97c0:ae3:fff0::1') },
    }));
    expect(pathsOf(duplicateAddress, plan)).toEqual([['routers', 1, 'nodeInterface', 'address']]);
  });
  it('routers/subnet-router-anycast', () => {
    const plan = withRouter(0, (r) => ({
      ...r,
      nodeInterface: { ...r.nodeInterface, address: addr('2a0e:97c0:ae3:fff0::') },
    }));
    expect(pathsOf(subnetRouterAnycast, plan)).toEqual([['routers', 0, 'nodeInterface', 'address']]);
  });
  it('routers/loopback-outside-block and routers/loopback-not-128', () => {
    const outside = withRouter(0, (r) => ({
      ...r,
      loopback: { name: 'lo', address: addr('2a0e:97c0:ae3:fffe::1'), prefix: prefix('2a0e:97c0:ae3:fffe::1/128') },
    }));
    expect(pathsOf(loopbackOutsideBlock, outside)).toEqual([['routers', 0, 'loopback']]);
    const wide = withRouter(1, (r) => ({
      ...r,
      loopback: { name: 'lo', address: addr('2a0e:97c0:ae3:ffff::2'), prefix: prefix('2a0e:97c0:ae3:ffff::/64') },
    }));
    expect(pathsOf(loopbackNot128, wide)).toEqual([['routers', 1, 'loopback']]);
  });
  it('routers/listen-range-misses-nodes reports once per router', () => {
    const plan = withRouter(0, (r) => ({ ...r, listenRange: prefix('2a0e:97c0:ae3:fff0::/124') }));
    const findings = listenRangeMissesNodes.check({ file: 't', locate: () => undefined, plan });
    expect(findings.map((f) => f.path)).toEqual([['routers', 0, 'listenRange']]);
    expect(findings[0]!.related?.[0]?.path).toEqual(['cluster', 'nodes', 0, 'address']);
  });
  it('routers/uplink-overlaps-plan flags an uplink inside the LB pool', () => {
    const plan = withRouter(0, (r) => ({
      ...r,
      uplinks: [{ name: 'eth0', address: addr('2a0e:97c0:ae3:c401::2'), prefix: prefix('2a0e:97c0:ae3:c401::/126') }],
    }));
    expect(pathsOf(uplinkOverlapsPlan, plan)).toEqual([['routers', 0, 'uplinks', 0, 'address']]);
  });
});

describe('routers/maximum-prefix-too-low and routers/single-router', () => {
  it('flags an explicit maximumPrefix below the per-session prefix count only', () => {
    const plan = samplePlan();
    // sample: its own PodCIDR + 2 Services × (ClusterIP + LoadBalancerIP) = 5 prefixes per node session.
    expect(prefixesPerNodeSession(plan)).toBe(5);
    const low = withRouter(0, (r) => ({ ...r, maximumPrefix: 4 }));
    expect(pathsOf(maximumPrefixTooLow, low)).toEqual([]); // not written in the spec: the planner's default
    const specRouters = replaceAt(low.spec.routers, 0, { ...low.spec.routers[0]!, maximumPrefix: 4 });
    const written = { ...low, spec: { ...low.spec, routers: specRouters } };
    expect(pathsOf(maximumPrefixTooLow, written)).toEqual([['routers', 0, 'maximumPrefix']]);
    const enough = withRouter(0, (r) => ({ ...r, maximumPrefix: 5 }));
    expect(pathsOf(maximumPrefixTooLow, { ...enough, spec: written.spec })).toEqual([]);
  });
  it('notes a single router', () => {
    expect(pathsOf(singleRouter, samplePlan())).toEqual([]);
    expect(pathsOf(singleRouter, { ...samplePlan(), routers: [samplePlan().routers[0]!] })).toEqual([
      ['routers', 0, 'name'],
    ]);
  });
});

describe('routers/export-all-to-nodes', () => {
  it('passes on default-route and flags all', () => {
    expect(pathsOf(exportAllToNodes, samplePlan())).toEqual([]);
    expect(
      pathsOf(
        exportAllToNodes,
        withRouter(1, (r) => ({ ...r, exportToNodes: 'all' })),
      ),
    ).toEqual([['routers', 1, 'exportToNodes']]);
  });
});
