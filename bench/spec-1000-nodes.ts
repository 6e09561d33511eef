/**
 * Load + plan time of a generated 1000-node spec (YAML text → LoadedSpec → Plan), median of N runs after warm-up.
 *   npx tsx bench/spec-1000-nodes.ts [runs]
 * Writes bench/results/spec-1000-nodes.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpecText } from '../src/spec/load.js';
import { planNetwork } from '../src/spec/plan.js';

const NODES = 1000;
const runs = Math.max(3, Math.min(200, Number(process.argv[2] ?? 21) || 21));

/** A valid spec with `count` nodes, 100 Services and 2 routers, in the documentation prefix 2001:db8::/32. */
export function generateSpecYaml(count: number): string {
  const lines = [
    'version: 1',
    'name: bench',
    'aggregate: 2001:db8::/32',
    'plan:',
    '  - {name: services, prefix: "2001:db8:c100::/112", role: service-cidr}',
    '  - {name: pods, prefix: "2001:db8:2000::/48", role: pod-cidr, nodeMaskSize: 64}',
    '  - {name: lb, prefix: "2001:db8:c401::/64", role: lb-pool}',
    '  - {name: nodes, prefix: "2001:db8:fff0::/64", role: node-network, vlan: 100}',
    'cluster:',
    '  name: bench',
    '  asn: 65500',
    '  routerIdPool: 10.0.0.0/16',
    '  bgp: {authSecretRef: bgp-auth, timers: {holdTimeSec: 9, keepaliveTimeSec: 3}}',
    '  advertisements:',
    '    - {name: svc, type: Service, addresses: [LoadBalancerIP, ClusterIP]}',
    '    - {name: pods, type: PodCIDR}',
    '  nodes:',
  ];
  for (let i = 0; i < count; i++) {
    lines.push(
      `    - name: node-${i}`,
      `      role: ${i < 3 ? 'control-plane' : 'worker'}`,
      `      address: 2001:db8:fff0::${(0x100 + i).toString(16)}`,
      `      labels: {rack: r${i % 20}}`,
    );
  }
  lines.push(
    'routers:',
    '  - {name: r01, asn: 65666, routerId: 10.255.255.1, nodeInterface: {name: eth1, address: "2001:db8:fff0::1/64"}}',
    '  - {name: r02, asn: 65666, routerId: 10.255.255.2, nodeInterface: {name: eth1, address: "2001:db8:fff0::2/64"}}',
    'workloads:',
    '  services:',
  );
  for (let i = 0; i < 100; i++) {
    lines.push(`    - {name: svc-${i}, type: LoadBalancer, endpoints: [node-${(i * 7) % count}]}`);
  }
  return `${lines.join('\n')}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('spec-1000-nodes.ts')) {
  const text = generateSpecYaml(NODES);
  const loadTimes: number[] = [];
  const planTimes: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const t0 = performance.now();
    const loaded = loadSpecText(text, 'bench.yaml');
    const t1 = performance.now();
    const planned = planNetwork(loaded);
    const t2 = performance.now();
    if (loaded.diagnostics.length > 0 || planned.diagnostics.length > 0 || planned.plan?.nodes.length !== NODES) {
      throw new Error(
        `the generated spec did not load/plan cleanly: ${JSON.stringify(loaded.diagnostics[0] ?? planned.diagnostics[0])}`,
      );
    }
    if (i >= 3) {
      loadTimes.push(t1 - t0);
      planTimes.push(t2 - t1);
    }
  }
  const result = {
    name: 'spec-1000-nodes',
    date: new Date().toISOString(),
    node: process.versions.node,
    metrics: {
      nodes: NODES,
      specBytes: Buffer.byteLength(text),
      runs,
      loadMs: Number(median(loadTimes).toFixed(2)),
      planMs: Number(median(planTimes).toFixed(2)),
    },
    notes: [
      'loadMs: YAML parse with positions + schema walk + semantic validation (median); planMs: PodCIDR/router-ID allocation and defaults (median).',
      `Medians of ${runs} runs after 3 warm-up runs; the machine is shared, so treat small differences as noise.`,
    ],
  };
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'spec-1000-nodes.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result.metrics));
}
