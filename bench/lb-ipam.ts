/**
 * LB-IPAM at scale: 100,000 LoadBalancer Services allocated in one run (the initial sync), over an IPv6 /64 pool
 * and over an IPv4 pool made of several blocks, plus sharing keys and incremental deletes/re-adds. Run:
 * `npx tsx bench/lb-ipam.ts` (writes bench/results/lb-ipam.json), then `npx tsx bench/report.ts`.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { allocateLoadBalancerIps, LbIpam } from '../src/cilium/lbipam/lb-ipam.js';
import type { LbIpamOptions } from '../src/cilium/lbipam/types.js';
import type { CiliumLoadBalancerIpPool } from '../src/k8s/kinds.js';
import type { K8sService } from '../src/k8s/objects-core.js';

const N = 100_000;
const options: LbIpamOptions = {
  ipv4Enabled: true,
  ipv6Enabled: true,
  defaultLbServiceIpam: 'lbipam',
  bgpControlPlaneEnabled: true,
  l2AnnouncementsEnabled: false,
};

const pool = (name: string, blocks: { cidr: string }[]): CiliumLoadBalancerIpPool => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumLoadBalancerIPPool',
  metadata: { name },
  spec: { blocks },
});

function services(family: 'IPv4' | 'IPv6', sharing: boolean): K8sService[] {
  return Array.from({ length: N }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: `svc-${i}`,
      namespace: `ns-${i % 100}`,
      ...(sharing ? { annotations: { 'lbipam.cilium.io/sharing-key': `k${i % 1000}` } } : {}),
    },
    spec: { type: 'LoadBalancer', ipFamilies: [family], ports: [{ port: 1000 + Math.floor(i / 1000) }] },
  }));
}

/** Median wall time of `runs` runs (after one warm-up), in ms. */
function medianMs(runs: number, fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const v6Pools = [pool('v6', [{ cidr: '2001:db8:c401::/64' }])];
const v4Pools = [
  pool(
    'v4',
    Array.from({ length: 8 }, (_, i) => ({ cidr: `10.${i}.0.0/16` })),
  ),
];
const v6Services = services('IPv6', false);
const v4Services = services('IPv4', false);
const shared = services('IPv6', true);

const check = allocateLoadBalancerIps(v6Pools, v6Services, options);
const distinct = new Set(check.services.map((s) => s.ingress[0]));
if (distinct.size !== N || check.services.some((s) => s.condition?.status !== 'True'))
  throw new Error('not every Service got its own IP');

const metrics: Record<string, number> = {
  services: N,
  'machine load average (1 min) at start': loadavg()[0]!,
  'allocate 100,000 Services, IPv6 /64 pool (ms)': medianMs(5, () =>
    allocateLoadBalancerIps(v6Pools, v6Services, options),
  ),
  'allocate 100,000 Services, IPv4 pool of 8 x /16 (ms)': medianMs(5, () =>
    allocateLoadBalancerIps(v4Pools, v4Services, options),
  ),
  'allocate 100,000 Services, 1,000 sharing keys (ms)': medianMs(3, () =>
    allocateLoadBalancerIps(v6Pools, shared, options),
  ),
};
/** Wall time of deleting the first 1,000 Services one by one after a sync of `services` (each delete re-tries). */
function deletesMs(pools: CiliumLoadBalancerIpPool[], list: K8sService[]): { ms: number; ipam: LbIpam } {
  const ipam = new LbIpam(options);
  ipam.sync(pools, list);
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) ipam.deleteService(`ns-${i % 100}`, `svc-${i}`);
  return { ms: performance.now() - t0, ipam };
}
metrics['delete 1,000 Services one by one from 99,000 (ms)'] = deletesMs(v6Pools, v6Services.slice(0, N - 1000)).ms;
// A full pool: a /112 (65,536 IPs) for 100,000 Services leaves 34,464 waiting; each delete hands its IP to the
// first waiting Service in arrival order.
const full = deletesMs([pool('v6', [{ cidr: '2001:db8:c401::/112' }])], v6Services);
const waiting = full.ipam.result().services.filter((s) => s.ingress.length === 0).length;
if (waiting !== N - 1000 - 65_536) throw new Error(`expected ${N - 1000 - 65_536} waiting Services, got ${waiting}`);
metrics['delete 1,000 Services one by one, full /112 pool, 34,464 waiting (ms)'] = full.ms;
const sharedCheck = allocateLoadBalancerIps(v6Pools, shared, options);
metrics['distinct IPs with 1,000 sharing keys'] = new Set(sharedCheck.services.map((s) => s.ingress[0])).size;

const result = {
  name: 'cilium: LB-IPAM allocation',
  date: new Date().toISOString(),
  node: process.versions.node,
  machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'} (shared)`,
  metrics,
  notes: [
    'One initial-sync run over all Services (responsibility, family selection, allocation, status), median of 5 (3 for sharing) after a warm-up.',
    'Checked before timing: 100,000 distinct IPs, every Service satisfied.',
    'A Service event re-tries only the unsatisfied Services it may help (retry index: freed range, requested IP, sharing key), in arrival order; a pool event revalidates every Service, as Cilium does.',
    'Before the retry index and the allocation diet (2026-12-07 07:30, same machine): allocate 100,000 IPv6 2,332 ms, IPv4 1,500 ms, sharing keys 3,813 ms; delete 1,000 from 99,000: 853,062 ms (every delete scanned every Service).',
  ],
};
writeFileSync(join(import.meta.dirname, 'results', 'lb-ipam.json'), `${JSON.stringify(result, null, 2)}\n`);
for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(56)} ${v.toFixed(1)}`);
