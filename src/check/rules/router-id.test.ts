import { describe, expect, it } from 'vitest';
import { Ipv4Address } from '../../ip/index.js';
import type { Plan } from '../../spec/plan-types.js';
import { pathsOf, replaceAt, samplePlan } from '../testing/sample-plan.js';
import { collidesWithPeer, duplicate, invalid, loopback, missing, routerIdFromMac } from './router-id.js';

function withNodeId(index: number, id: string | undefined, mac?: string): Plan {
  const plan = samplePlan();
  const { routerId: _drop, ...rest } = plan.nodes[index]!;
  const node =
    id === undefined
      ? { ...rest, routerIdSource: 'none' as const, ...(mac === undefined ? {} : { macAddress: mac }) }
      : { ...rest, routerId: Ipv4Address.parse(id), routerIdSource: 'explicit' as const };
  return { ...plan, nodes: replaceAt(plan.nodes, index, node) };
}

describe('router-id rules', () => {
  it('report nothing on the sample plan', () => {
    for (const rule of [collidesWithPeer, duplicate, invalid, loopback, missing]) {
      expect(pathsOf(rule, samplePlan()), rule.id).toEqual([]);
    }
  });
  it('router-id/duplicate flags two nodes with one ID, and a MAC-derived collision', () => {
    expect(pathsOf(duplicate, withNodeId(2, '10.255.0.11'))).toEqual([['cluster', 'nodes', 2, 'routerId']]);
    expect(routerIdFromMac('aa:bb:0a:ff:00:0b')?.toString()).toBe('10.255.0.11');
    expect(pathsOf(duplicate, withNodeId(2, undefined, 'aa:bb:0a:ff:00:0b'))).toEqual([
      ['cluster', 'nodes', 2, 'macAddress'],
    ]);
  });
  it('router-id/duplicate ignores equal IDs in different ASNs, which router-id/collides-with-peer reports', () => {
    const plan = withNodeId(0, '10.255.255.1');
    expect(pathsOf(duplicate, plan)).toEqual([]);
    expect(pathsOf(collidesWithPeer, plan)).toEqual([['cluster', 'nodes', 0, 'routerId']]);
  });
  it('router-id/invalid flags 0.0.0.0 and 224.0.0.5; router-id/loopback flags 127.0.0.2', () => {
    expect(pathsOf(invalid, withNodeId(0, '0.0.0.0'))).toEqual([['cluster', 'nodes', 0, 'routerId']]);
    expect(pathsOf(invalid, withNodeId(1, '224.0.0.5'))).toEqual([['cluster', 'nodes', 1, 'routerId']]);
    expect(pathsOf(loopback, withNodeId(1, '127.0.0.2'))).toEqual([['cluster', 'nodes', 1, 'routerId']]);
    expect(pathsOf(invalid, withNodeId(1, '127.0.0.2'))).toEqual([]);
  });
  it('router-id/missing flags a node with neither ID nor MAC', () => {
    expect(pathsOf(missing, withNodeId(1, undefined))).toEqual([['cluster', 'nodes', 1, 'name']]);
    expect(pathsOf(missing, withNodeId(1, undefined, 'aa:bb:cc:dd:ee:ff'))).toEqual([]);
  });
});
