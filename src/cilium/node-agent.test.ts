import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildK8sInventory } from '../k8s/decode.js';
import { readK8sYaml } from '../k8s/yaml-read.js';
import { FakeBgpControlPort } from './agent/port.js';
import { defaultAgentOptions } from './agent/types.js';
import { type CiliumClusterObjects, clusterObjectsFromInventory } from './cluster-state.js';
import { v6netLbIpamOptions } from './lbipam/types.js';
import { NodeAgent } from './node-agent.js';
import { planNode } from './node-plan.js';
import { defaultOperatorOptions } from './operator/types.js';
import { dryRunReport, formatDryRun } from './show/dry-run.js';

const DIR = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'cilium', 'homelab');
const OPTIONS = { agent: defaultAgentOptions, operator: defaultOperatorOptions, lbIpam: v6netLbIpamOptions };

function load(): CiliumClusterObjects {
  const reads = readdirSync(DIR)
    .sort()
    .flatMap((f) => readK8sYaml(readFileSync(join(DIR, f), 'utf8'), f).objects);
  const inv = buildK8sInventory(reads);
  expect(inv.diagnostics).toEqual([]);
  return clusterObjectsFromInventory(inv);
}

const NODES = ['k8s-cp-01', 'k8s-cp-02', 'k8s-cp-03', 'k8s-w-01', 'k8s-w-02', 'k8s-w-03'];
const POD: Record<string, string> = {
  'k8s-cp-01': 'c200',
  'k8s-cp-02': 'c201',
  'k8s-cp-03': 'c202',
  'k8s-w-01': 'c203',
  'k8s-w-02': 'c204',
  'k8s-w-03': 'c205',
};
const CLUSTER_IPS = ['c100::1', 'c100::10', 'c100::35', 'c100::80', 'c100::90'].map((x) => `2001:db8:ae3:${x}/128`);

describe('the homelab example on every node (rendered CRDs + workloads fixture)', () => {
  it.each(NODES)(
    '%s announces its PodCIDR (65000:99), every ClusterIP, dns and legacy-gateway; ingress only where it has endpoints',
    (node) => {
      const plan = planNode(load(), node, OPTIONS);
      expect(plan.problems).toEqual([]);
      const inst = plan.desired.instances[0]!;
      expect(inst).toMatchObject({ localAsn: 65500, routerId: `10.255.0.${NODES.indexOf(node) + 1}` });
      expect(
        inst.peers.map((p) => [
          p.name,
          p.address,
          p.ttl,
          p.holdTimeSec,
          p.gracefulRestart?.restartTimeSec,
          p.passwordSet,
        ]),
      ).toEqual([
        ['r01', '2001:db8:ae3:fff0::1', 4, 9, 15, true],
        ['r02', '2001:db8:ae3:fff0::2', 4, 9, 15, true],
      ]);
      const expected = [
        ...CLUSTER_IPS,
        '2001:db8:ae3:c401::100/128',
        '2001:db8:ae3:c401::53/128',
        ...(node === 'k8s-w-01' || node === 'k8s-w-02' ? ['2001:db8:ae3:c401::/128'] : []),
        `2001:db8:ae3:${POD[node]}::/64`,
      ].sort();
      for (const peer of inst.peers) {
        const paths = peer.advertised[0]!.paths;
        expect(paths.map((p) => p.prefix).sort()).toEqual(expected);
        const pod = paths.find((p) => p.prefix.endsWith('::/64'))!;
        expect([pod.communities, pod.localPref, pod.localPrefNotSent]).toEqual([['65000:99'], undefined, 99]);
      }
      expect(plan.lbIpam.services.filter((s) => s.responsible).map((s) => [s.name, s.ingress])).toEqual([
        ['ingress', ['2001:db8:ae3:c401::']],
        ['dns', ['2001:db8:ae3:c401::53']],
      ]);
    },
  );

  it('the dry-run text never contains the password, and says why ingress is not announced on k8s-cp-01', () => {
    const text = formatDryRun(dryRunReport(planNode(load(), 'k8s-cp-01', OPTIONS)));
    expect(text).not.toContain('v6net-e2e-Md5-secret');
    expect(text).toContain(
      'ingress/ingress LoadBalancerIP 2001:db8:ae3:c401::: externalTrafficPolicy=Local and no local active endpoint on k8s-cp-01',
    );
    expect(JSON.stringify(dryRunReport(planNode(load(), 'k8s-cp-01', OPTIONS)))).not.toContain('v6net-e2e-Md5-secret');
  });

  it('an unknown node is reported', () => {
    expect(planNode(load(), 'nope', OPTIONS).problems.map((p) => p.code)).toEqual(['E_AGENT_NODE_UNKNOWN']);
  });
});

describe('NodeAgent over changing artifacts', () => {
  it('deleting a Service withdraws its routes; the other Services keep their LB IPs; twice plans nothing', async () => {
    const port = new FakeBgpControlPort();
    const agent = new NodeAgent('k8s-w-01', OPTIONS, port);
    const objects = load();
    await agent.update(objects);
    expect((await agent.update(objects)).reconcile.actions).toEqual([]);
    const routes = () =>
      port
        .running()
        .get('instance-65500')!
        .peers.get('2001:db8:ae3:fff0::1')!
        .routes.map((r) => r.prefix);
    expect(routes()).toContain('2001:db8:ae3:c401::/128');
    // ingress (first LB Service) goes away; a new LB Service arrives: it must not take dns's IP, and dns keeps it.
    const without = {
      ...objects,
      services: [
        ...objects.services.filter((s) => s.metadata.name !== 'ingress'),
        {
          ...objects.services.find((s) => s.metadata.name === 'ingress')!,
          metadata: { name: 'late', namespace: 'x' },
          spec: { type: 'LoadBalancer' as const, ipFamilies: ['IPv6' as const] },
        },
      ],
    };
    const update = await agent.update(without);
    expect(update.reconcile.actions.map((a) => a.action)).toEqual(['setPeerRoutes', 'setPeerRoutes']);
    expect(routes()).not.toContain('2001:db8:ae3:c100::10/128');
    expect(update.plan.lbIpam.services.filter((s) => s.responsible).map((s) => [s.name, s.ingress])).toEqual([
      ['dns', ['2001:db8:ae3:c401::53']],
      ['late', ['2001:db8:ae3:c401::']],
    ]);
  });
});
