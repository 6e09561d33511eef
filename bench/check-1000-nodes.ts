/**
 * `v6net check` on a generated 1000-node spec: load (YAML + schema + semantics), plan (allocation) and every rule,
 * timed separately; medians of N runs after warm-up. A 10 000-node run shows how the rules scale (they must stay
 * linear: Maps and sorted sweeps, never nodes × nodes).
 *   npx tsx bench/check-1000-nodes.ts [runs]
 * Writes bench/results/check-1000-nodes.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../src/check/registry.js';
import { runChecks } from '../src/check/run.js';
import { loadSpecText } from '../src/spec/load.js';
import { planNetwork } from '../src/spec/plan.js';

const runs = Math.max(3, Math.min(100, Number(process.argv[2] ?? 15) || 15));

/**
 * A valid spec (homelab layout, the seed's /48) with `count` nodes, 2 routers, an upstream and 200 Services (LB with
 * requested IPs and sharing keys, ClusterIP with externalIPs), so every rule family has work to do.
 */
export function generateCheckSpec(count: number): string {
  const lines = [
    'version: 1',
    'name: bench',
    'aggregate: 2a0e:97c0:ae3::/48',
    'plan:',
    '  - {name: services, prefix: "2a0e:97c0:ae3:c100::/112", role: service-cidr}',
    '  - {name: pods, prefix: "2a0e:97c0:ae3:8000::/50", role: pod-cidr, nodeMaskSize: 64}',
    '  - {name: lb-pool, prefix: "2a0e:97c0:ae3:c401::/64", role: lb-pool}',
    '  - {name: external, prefix: "2a0e:97c0:ae3:c402::/64", role: reserved}',
    '  - {name: nodes, prefix: "2a0e:97c0:ae3:fff0::/64", role: node-network, vlan: 2502}',
    '  - {name: loopbacks, prefix: "2a0e:97c0:ae3:ffff::/64", role: loopbacks}',
    'cluster:',
    '  name: bench',
    '  asn: 65500',
    '  distribution: kubeadm',
    '  routerIdPool: 10.255.0.0/16',
    '  bgp: {authSecretRef: bgp-auth, timers: {holdTimeSec: 9, keepaliveTimeSec: 3}, families: [ipv6-unicast]}',
    '  advertisements:',
    '    - {name: svc, type: Service, addresses: [LoadBalancerIP, ClusterIP, ExternalIP]}',
    '    - {name: pods, type: PodCIDR}',
    '  nodes:',
  ];
  for (let i = 0; i < count; i++) {
    lines.push(
      `    - name: node-${i}`,
      `      role: ${i < 3 ? 'control-plane' : 'worker'}`,
      `      address: 2a0e:97c0:ae3:fff0::${(0x100 + i).toString(16)}`,
      `      labels: {rack: r${i % 20}}`,
    );
  }
  lines.push(
    'routers:',
    '  - name: r01',
    '    asn: 65100',
    '    routerId: 10.254.255.1',
    '    nodeInterface: {name: eth1, address: "2a0e:97c0:ae3:fff0::1/64"}',
    '    loopback: 2a0e:97c0:ae3:ffff::1/128',
    '    uplinks: [{name: eth0, address: "2a0e:97c0:ae0:102::2/64"}]',
    '  - name: r02',
    '    asn: 65100',
    '    routerId: 10.254.255.2',
    '    nodeInterface: {name: eth1, address: "2a0e:97c0:ae3:fff0::2/64"}',
    '    loopback: 2a0e:97c0:ae3:ffff::2/128',
    '    uplinks: [{name: eth0, address: "2a0e:97c0:ae0:103::2/64"}]',
    'upstream:',
    '  asn: 201911',
    '  neighbors:',
    '    - {router: r01, address: "2a0e:97c0:ae0:102::1"}',
    '    - {router: r02, address: "2a0e:97c0:ae0:103::1"}',
    'workloads:',
    '  services:',
  );
  for (let i = 0; i < 100; i++) {
    const ep = `[node-${(i * 7) % count}, node-${(i * 13 + 1) % count}]`;
    const extra =
      i % 10 === 0 ? `, sharingKey: k${i % 3}` : `, requestedIPs: ["2a0e:97c0:ae3:c401::${(0x1000 + i).toString(16)}"]`;
    lines.push(`    - {name: lb-${i}, namespace: ns${i % 5}, type: LoadBalancer, endpoints: ${ep}${extra}}`);
    lines.push(
      `    - {name: ext-${i}, type: ClusterIP, externalIPs: ["2a0e:97c0:ae3:c402::${(0x10 + i).toString(16)}"]}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Times load, plan and check of a `count`-node spec `n` times (after 2 warm-ups); returns medians in ms. */
function measure(count: number, n: number) {
  const text = generateCheckSpec(count);
  const load: number[] = [];
  const plan: number[] = [];
  const check: number[] = [];
  let findings = 0;
  for (let i = 0; i < n + 2; i++) {
    const t0 = performance.now();
    const loaded = loadSpecText(text, 'bench.yaml');
    const t1 = performance.now();
    const planned = planNetwork(loaded);
    const t2 = performance.now();
    const found = runChecks({
      file: 'bench.yaml',
      locate: loaded.locate,
      ...(planned.plan ? { plan: planned.plan } : {}),
    });
    const t3 = performance.now();
    const problems = [...loaded.diagnostics, ...planned.diagnostics, ...found].filter((d) => d.severity !== 'info');
    if (planned.plan?.nodes.length !== count || problems.length > 0) {
      throw new Error(`the generated spec is not clean: ${JSON.stringify(problems.slice(0, 3))}`);
    }
    findings = found.length;
    if (i >= 2) {
      load.push(t1 - t0);
      plan.push(t2 - t1);
      check.push(t3 - t2);
    }
  }
  const round = (x: number) => Number(x.toFixed(2));
  const [l, p, c] = [median(load), median(plan), median(check)];
  return {
    bytes: Buffer.byteLength(text),
    loadMs: round(l),
    planMs: round(p),
    checkMs: round(c),
    totalMs: round(l + p + c),
    findings,
  };
}

if (process.argv[1]?.endsWith('check-1000-nodes.ts')) {
  const k1 = measure(1000, runs);
  const k10 = measure(10_000, 3);
  const result = {
    name: 'check-1000-nodes',
    date: new Date().toISOString(),
    node: process.versions.node,
    metrics: {
      nodes: 1000,
      rules: allRules.length,
      specBytes: k1.bytes,
      runs,
      loadMs: k1.loadMs,
      planMs: k1.planMs,
      checkMs: k1.checkMs,
      totalMs: k1.totalMs,
      'checkMs (10 000 nodes)': k10.checkMs,
      'totalMs (10 000 nodes)': k10.totalMs,
    },
    notes: [
      `Medians of ${runs} runs (1000 nodes) and 3 runs (10 000 nodes) after 2 warm-up runs; shared machine, treat small differences as noise.`,
      'checkMs runs every rule (no rule is O(nodes²)); infos in the result are expected (private ASNs behind a public upstream).',
    ],
  };
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'check-1000-nodes.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result.metrics));
}
