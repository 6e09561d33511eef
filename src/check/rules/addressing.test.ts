import { describe, expect, it } from 'vitest';
import { addr, pathsOf, prefix, replaceAt, samplePlan } from '../testing/sample-plan.js';
import { aggregateTooLong, documentationPrefix, nodeNetworkNot64, specialAddress, ulaPrefix } from './addressing.js';

describe('addressing rules', () => {
  it('report nothing on the sample plan', () => {
    for (const rule of [aggregateTooLong, documentationPrefix, ulaPrefix, specialAddress, nodeNetworkNot64]) {
      expect(pathsOf(rule, samplePlan()), rule.id).toEqual([]);
    }
  });
  it('addressing/aggregate-too-long flags a global /56 but not a ULA /56', () => {
    expect(pathsOf(aggregateTooLong, { ...samplePlan(), aggregate: prefix('2a0e:97c0:ae3::/56') })).toEqual([
      ['aggregate'],
    ]);
    expect(pathsOf(aggregateTooLong, { ...samplePlan(), aggregate: prefix('fd00:1::/56') })).toEqual([]);
  });
  it('addressing/documentation-prefix flags 2001:db8::/48 and 3fff::/48', () => {
    expect(pathsOf(documentationPrefix, { ...samplePlan(), aggregate: prefix('2001:db8:1::/48') })).toEqual([
      ['aggregate'],
    ]);
    expect(pathsOf(documentationPrefix, { ...samplePlan(), aggregate: prefix('3fff:1::/48') })).toEqual([
      ['aggregate'],
    ]);
  });
  it('addressing/ula-prefix flags fd00::/48', () => {
    expect(pathsOf(ulaPrefix, { ...samplePlan(), aggregate: prefix('fd12:3456:789a::/48') })).toEqual([['aggregate']]);
  });
  it('addressing/special-address flags a link-local node and a multicast entry', () => {
    const plan = samplePlan();
    const nodes = replaceAt(plan.nodes, 2, { ...plan.nodes[2]!, address: addr('fe80::12') });
    const entries = replaceAt(plan.entries, 2, { ...plan.entries[2]!, prefix: prefix('ff05::/64') });
    expect(pathsOf(specialAddress, { ...plan, nodes, entries })).toEqual([
      ['plan', 2, 'prefix'],
      ['cluster', 'nodes', 2, 'address'],
    ]);
  });
  it('addressing/node-network-not-64 flags a /80 node network', () => {
    const plan = samplePlan();
    const entries = replaceAt(plan.entries, 3, { ...plan.entries[3]!, prefix: prefix('2a0e:97c0:ae3:fff0::/80') });
    expect(pathsOf(nodeNetworkNot64, { ...plan, entries })).toEqual([['plan', 3, 'prefix']]);
  });
});
