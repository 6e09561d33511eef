import { describe, expect, it } from 'vitest';
import type { Plan } from '../../spec/plan-types.js';
import { addr, contextOf, prefix, replaceAt, samplePlan } from '../testing/sample-plan.js';
import { hostBits, prefixOutsideAggregate, prefixOverlap } from './plan.js';

function withEntryPrefix(plan: Plan, index: number, text: string): Plan {
  const entry = plan.entries[index]!;
  return {
    ...plan,
    entries: replaceAt(plan.entries, index, { ...entry, prefix: prefix(text) }),
    spec: { ...plan.spec, plan: replaceAt(plan.spec.plan, index, { ...plan.spec.plan[index]!, prefix: text }) },
  };
}

describe('plan/prefix-outside-aggregate', () => {
  it('passes on the sample plan (uplinks and upstream outside are fine)', () => {
    expect(prefixOutsideAggregate.check(contextOf(samplePlan()))).toEqual([]);
  });
  it('flags an entry, a node address and a router address outside the aggregate', () => {
    let plan = withEntryPrefix(samplePlan(), 2, '2a0e:97c0:ae4::/64');
    plan = { ...plan, nodes: replaceAt(plan.nodes, 1, { ...plan.nodes[1]!, address: addr('2001:db8::11') }) };
    const r0 = plan.routers[0]!;
    plan = {
      ...plan,
      routers: replaceAt(plan.routers, 0, {
        ...r0,
        nodeInterface: { ...r0.nodeInterface, address: addr('2001:db8::1') },
      }),
    };
    const paths = prefixOutsideAggregate.check(contextOf(plan)).map((f) => f.path);
    expect(paths).toEqual([
      ['plan', 2, 'prefix'],
      ['cluster', 'nodes', 1, 'address'],
      ['routers', 0, 'nodeInterface', 'address'],
    ]);
  });
  it('reports nothing without a plan', () => {
    expect(prefixOutsideAggregate.check(contextOf(undefined))).toEqual([]);
  });
});

describe('plan/prefix-overlap', () => {
  it('passes on disjoint entries', () => {
    expect(prefixOverlap.check(contextOf(samplePlan()))).toEqual([]);
  });
  it('flags an LB pool inside the node network, at the later entry, with the earlier one as related', () => {
    const plan = withEntryPrefix(samplePlan(), 2, '2a0e:97c0:ae3:fff0::/112');
    const findings = prefixOverlap.check(contextOf(plan));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.path).toEqual(['plan', 3, 'prefix']);
    expect(findings[0]!.related?.[0]?.path).toEqual(['plan', 2, 'prefix']);
  });
  it('flags identical prefixes and entries inside a reserved block, but not nested reserved blocks', () => {
    let plan = withEntryPrefix(samplePlan(), 4, '2a0e:97c0:ae3:fff0::/64');
    expect(prefixOverlap.check(contextOf(plan)).map((f) => f.path)).toEqual([['plan', 4, 'prefix']]);
    plan = samplePlan();
    const reserved = [
      { name: 'r1', role: 'reserved' as const, prefix: prefix('2a0e:97c0:ae3:e000::/52'), path: ['plan', 5] },
      { name: 'r2', role: 'reserved' as const, prefix: prefix('2a0e:97c0:ae3:e100::/56'), path: ['plan', 6] },
    ];
    expect(prefixOverlap.check(contextOf({ ...plan, entries: [...plan.entries, ...reserved] }))).toEqual([]);
    const inside = {
      name: 'x',
      role: 'lb-pool' as const,
      prefix: prefix('2a0e:97c0:ae3:e101::/64'),
      path: ['plan', 7],
    };
    const found = prefixOverlap.check(contextOf({ ...plan, entries: [...plan.entries, ...reserved, inside] }));
    expect(found.map((f) => f.path)).toEqual([
      ['plan', 7, 'prefix'],
      ['plan', 7, 'prefix'],
    ]);
  });
});

describe('plan/host-bits', () => {
  it('passes on network addresses', () => {
    expect(hostBits.check(contextOf(samplePlan()))).toEqual([]);
  });
  it('flags a prefix written with host bits', () => {
    const plan = withEntryPrefix(samplePlan(), 0, '2a0e:97c0:ae3:c100::1/112');
    expect(hostBits.check(contextOf(plan)).map((f) => f.path)).toEqual([['plan', 0, 'prefix']]);
    const agg = { ...samplePlan(), spec: { ...samplePlan().spec, aggregate: '2a0e:97c0:ae3::1/48' } };
    expect(hostBits.check(contextOf(agg)).map((f) => f.path)).toEqual([['aggregate']]);
  });
});
