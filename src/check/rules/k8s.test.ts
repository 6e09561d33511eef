import { describe, expect, it } from 'vitest';
import type { Plan } from '../../spec/plan-types.js';
import { pathsOf, prefix, replaceAt, samplePlan } from '../testing/sample-plan.js';
import {
  nodeMaskDiffTooLarge,
  nodePodCidrLongerThan64,
  podCidrNearlyFull,
  serviceCidrLarge,
  serviceCidrTooLarge,
  serviceCidrTooSmall,
} from './k8s.js';

function withService(text: string, distribution?: 'kubeadm' | 'talos' | 'k3s' | 'other'): Plan {
  const plan = samplePlan();
  const entries = replaceAt(plan.entries, 0, { ...plan.entries[0]!, prefix: prefix(text) });
  const cluster = { ...plan.spec.cluster, ...(distribution === undefined ? {} : { distribution }) };
  return { ...plan, entries, serviceCidr: prefix(text), spec: { ...plan.spec, cluster } };
}

function withPod(podText: string, nodeMaskSize: number): Plan {
  const plan = samplePlan();
  const pod = prefix(podText);
  return {
    ...plan,
    podCidr: { prefix: pod, nodeMaskSize, capacity: 1n << BigInt(Math.max(0, nodeMaskSize - pod.length)) },
  };
}

describe('k8s service CIDR limits', () => {
  it('accept a /112 and a /108', () => {
    expect(pathsOf(serviceCidrTooLarge, withService('2a0e:97c0:ae3:c100::/108'))).toEqual([]);
    expect(pathsOf(serviceCidrLarge, withService('2a0e:97c0:ae3:c100::/108', 'k3s'))).toEqual([]);
    expect(pathsOf(serviceCidrTooSmall, samplePlan())).toEqual([]);
  });
  it('k8s/service-cidr-too-large flags a /64 under kubeadm (20 host bits max) and a /56 anywhere', () => {
    expect(pathsOf(serviceCidrTooLarge, withService('2a0e:97c0:ae3:c100::/64', 'kubeadm'))).toEqual([
      ['plan', 0, 'prefix'],
    ]);
    expect(pathsOf(serviceCidrTooLarge, withService('2a0e:97c0:ae3:c100::/107'))).toEqual([['plan', 0, 'prefix']]);
    expect(pathsOf(serviceCidrTooLarge, withService('2a0e:97c0:ae3:c100::/64', 'k3s'))).toEqual([]);
    expect(pathsOf(serviceCidrTooLarge, withService('2a0e:97c0:ae3:c100::/56', 'k3s'))).toEqual([
      ['plan', 0, 'prefix'],
    ]);
  });
  it('k8s/service-cidr-large warns for a /64 on k3s only', () => {
    expect(pathsOf(serviceCidrLarge, withService('2a0e:97c0:ae3:c100::/64', 'k3s'))).toEqual([['plan', 0, 'prefix']]);
    expect(pathsOf(serviceCidrLarge, withService('2a0e:97c0:ae3:c100::/64', 'kubeadm'))).toEqual([]);
  });
  it('k8s/service-cidr-too-small flags a /125 (8 addresses)', () => {
    expect(pathsOf(serviceCidrTooSmall, withService('2a0e:97c0:ae3:c100::/125'))).toEqual([['plan', 0, 'prefix']]);
    expect(pathsOf(serviceCidrTooSmall, withService('2a0e:97c0:ae3:c100::/124'))).toEqual([]);
  });
});

describe('k8s node mask and PodCIDR capacity', () => {
  it('k8s/node-mask-diff-too-large flags /48 → /65 but not /48 → /64', () => {
    expect(pathsOf(nodeMaskDiffTooLarge, withPod('2a0e:97c0:ae3::/48', 64))).toEqual([]);
    expect(pathsOf(nodeMaskDiffTooLarge, withPod('2a0e:97c0:ae3::/48', 65))).toEqual([['plan', 1, 'nodeMaskSize']]);
  });
  it('k8s/node-pod-cidr-longer-than-64 notes /80 node PodCIDRs', () => {
    expect(pathsOf(nodePodCidrLongerThan64, samplePlan())).toEqual([]);
    expect(pathsOf(nodePodCidrLongerThan64, withPod('2a0e:97c0:ae3:c200::/64', 80))).toEqual([
      ['plan', 1, 'nodeMaskSize'],
    ]);
  });
  it('k8s/pod-cidr-nearly-full: 3 of 4 PodCIDRs (75%) pass, 4 of 4 warn', () => {
    expect(pathsOf(podCidrNearlyFull, withPod('2a0e:97c0:ae3:c200::/62', 64))).toEqual([]);
    const plan = withPod('2a0e:97c0:ae3:c200::/62', 64);
    const fourth = { ...plan.nodes[2]!, name: 'w3', path: ['cluster', 'nodes', 3] };
    expect(pathsOf(podCidrNearlyFull, { ...plan, nodes: [...plan.nodes, fourth] })).toEqual([['plan', 1, 'prefix']]);
  });
});
