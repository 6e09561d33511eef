import { describe, expect, it } from 'vitest';
import type { Plan } from '../../spec/plan-types.js';
import { addr, pathsOf, replaceAt, samplePlan } from '../testing/sample-plan.js';
import { addressIsRouterAddress, addressOutsideNodeNetwork, duplicateAddress, subnetRouterAnycast } from './nodes.js';

function withNodeAddress(index: number, text: string): Plan {
  const plan = samplePlan();
  return { ...plan, nodes: replaceAt(plan.nodes, index, { ...plan.nodes[index]!, address: addr(text) }) };
}

describe('nodes rules', () => {
  it('report nothing on the sample plan', () => {
    for (const rule of [addressIsRouterAddress, addressOutsideNodeNetwork, duplicateAddress, subnetRouterAnycast]) {
      expect(pathsOf(rule, samplePlan()), rule.id).toEqual([]);
    }
  });
  it('nodes/address-outside-node-network flags a node in the pod prefix', () => {
    expect(pathsOf(addressOutsideNodeNetwork, withNodeAddress(1, '2a0e:97c0:ae3:c200::11'))).toEqual([
      ['cluster', 'nodes', 1, 'address'],
    ]);
  });
  it('nodes/duplicate-address flags the second of two equal addresses (any text form)', () => {
    expect(pathsOf(duplicateAddress, withNodeAddress(2, '2a0e:97c0:ae3:fff0:0:0:0:11'))).toEqual([
      ['cluster', 'nodes', 2, 'address'],
    ]);
  });
  it("nodes/address-is-router-address flags a node on a router's address", () => {
    expect(pathsOf(addressIsRouterAddress, withNodeAddress(0, '2a0e:97c0:ae3:fff0::2'))).toEqual([
      ['cluster', 'nodes', 0, 'address'],
    ]);
  });
  it('nodes/subnet-router-anycast flags the network address', () => {
    expect(pathsOf(subnetRouterAnycast, withNodeAddress(0, '2a0e:97c0:ae3:fff0::'))).toEqual([
      ['cluster', 'nodes', 0, 'address'],
    ]);
  });
});
