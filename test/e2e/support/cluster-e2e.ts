/**
 * The end-to-end cluster run: the homelab example rendered with 2001:db8: in place of the seed's prefix, six
 * `v6net agent` processes (one per node namespace), the two routers as Debian FRR with the rendered frr.conf, and BIRD
 * upstream sending a default route. Helpers to start it all, read FRR's BGP table and wait for it.
 */
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClusterLab } from '../../../src/lab/cluster-lab.js';
import { startBird } from '../../../src/lab/daemons/bird.js';
import { type FrrDaemon, startFrrWithConfigText } from '../../../src/lab/daemons/frr.js';
import type { LabDaemon } from '../../../src/lab/daemons/types.js';
import type { LabProcess } from '../../../src/lab/processes.js';
import { runCommand } from '../../../src/lab/processes.js';
import { pollUntil } from '../../../src/lab/wait.js';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const v6netBin = join(repoRoot, 'bin', 'v6net.js');
export const PASSWORD = 'v6net-e2e-Md5-secret';

export const NODES = [
  { name: 'k8s-cp-01', address: '2001:db8:ae3:fff0::11', podCidr: '2001:db8:ae3:c200::/64' },
  { name: 'k8s-cp-02', address: '2001:db8:ae3:fff0::12', podCidr: '2001:db8:ae3:c201::/64' },
  { name: 'k8s-cp-03', address: '2001:db8:ae3:fff0::13', podCidr: '2001:db8:ae3:c202::/64' },
  { name: 'k8s-w-01', address: '2001:db8:ae3:fff0::21', podCidr: '2001:db8:ae3:c203::/64' },
  { name: 'k8s-w-02', address: '2001:db8:ae3:fff0::22', podCidr: '2001:db8:ae3:c204::/64' },
  { name: 'k8s-w-03', address: '2001:db8:ae3:fff0::23', podCidr: '2001:db8:ae3:c205::/64' },
] as const;

export const ROUTERS = [
  {
    name: 'r01',
    segment: '2001:db8:ae3:fff0::1/64',
    uplink: '2001:db8:ae0:102::2/64',
    upstream: '2001:db8:ae0:102::1/64',
  },
  {
    name: 'r02',
    segment: '2001:db8:ae3:fff0::2/64',
    uplink: '2001:db8:ae0:103::2/64',
    upstream: '2001:db8:ae0:103::1/64',
  },
] as const;

/** One path of an FRR BGP table entry (`show bgp ipv6 unicast json`). */
export interface FrrPath {
  readonly valid?: boolean;
  readonly bestpath?: boolean;
  readonly multipath?: boolean;
  readonly stale?: boolean;
  readonly peerId?: string;
  readonly path?: string;
  readonly nexthops?: readonly { readonly ip?: string; readonly scope?: string }[];
}

export type FrrTable = Readonly<Record<string, readonly FrrPath[]>>;

export async function frrTable(frr: FrrDaemon): Promise<FrrTable> {
  const json = JSON.parse(await frr.vtysh('show bgp ipv6 unicast json')) as { routes?: FrrTable };
  return json.routes ?? {};
}

/** prefix → sorted peer addresses (paths learned from the nodes). */
export function pathsByPrefix(table: FrrTable, peers: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [prefix, paths] of Object.entries(table)) {
    const from = paths.filter((p) => p.peerId !== undefined && peers.has(p.peerId)).map((p) => p.peerId!);
    if (from.length > 0) out.set(prefix, from.sort());
  }
  return out;
}

export interface E2eCluster {
  readonly lab: ClusterLab;
  readonly frr: Readonly<Record<'r01' | 'r02', FrrDaemon>>;
  readonly upstream: LabDaemon;
  readonly agents: Map<string, LabProcess>;
  readonly artifacts: readonly string[];
  /** The workloads file the agents read (rewrite it to change Services). */
  readonly workloads: string;
  readonly sockets: readonly string[];
}

/** Renders the example with 2001:db8: in place of the seed's prefix; returns the output directory. */
export async function renderExample(dir: string): Promise<string> {
  const spec = readFileSync(join(repoRoot, 'examples', 'homelab', 'v6net.yaml'), 'utf8').replaceAll(
    '2a0e:97c0:',
    '2001:db8:',
  );
  if (spec.includes('2a0e:')) throw new Error('the seed prefix is still in the spec');
  const specFile = join(dir, 'v6net.yaml');
  writeFileSync(specFile, spec);
  const out = join(dir, 'rendered');
  await runCommand(process.execPath, [v6netBin, 'render', specFile, '-o', out, '--secrets-from-env'], {
    env: { V6NET_BGP_PASSWORD: PASSWORD },
    timeoutMs: 60_000,
  });
  return out;
}

export async function startCluster(id: string): Promise<E2eCluster> {
  const lab = await ClusterLab.create({
    id,
    nodes: NODES.map((n) => ({ name: n.name, address: `${n.address}/64` })),
    routers: ROUTERS.map((r) => ({
      name: r.name,
      segment: { ifName: 'eth1', address: r.segment },
      uplink: { ifName: 'eth0', address: r.uplink, upstreamAddress: r.upstream },
    })),
  });
  try {
    const rendered = await renderExample(lab.dir);
    const art = join(lab.dir, 'artifacts');
    mkdirSync(art, { recursive: true });
    const cilium = join(rendered, 'cluster', 'infra', 'cilium');
    // The kustomization's resources (secret.example.yaml is a stub, not applied).
    const artifacts = ['lb-ipam.yaml', 'bgp.yaml', 'advertisements.yaml', 'node-overrides.yaml'].map((f) => {
      copyFileSync(join(cilium, f), join(art, f));
      return join(art, f);
    });
    const workloads = join(art, 'workloads.yaml');
    copyFileSync(join(repoRoot, 'test', 'fixtures', 'cilium', 'homelab', 'workloads.yaml'), workloads);

    const upstream = await startBird(
      {
        asn: 201911,
        routerId: '10.255.255.100',
        localAddress: ROUTERS[0].upstream.split('/')[0]!,
        peers: ROUTERS.map((r) => ({
          address: r.uplink.split('/')[0]!,
          asn: 65666,
          localAddress: r.upstream.split('/')[0]!,
          // No link-local next hop: FRR without zebra cannot resolve one (it treats the UPDATE as a withdrawal).
          multihop: 2,
        })),
        routes: [{ prefix: '::/0' }],
      },
      lab.context(lab.upstreamNamespace, 'upstream-bird'),
    );
    const frr = {} as Record<'r01' | 'r02', FrrDaemon>;
    for (const r of ROUTERS) {
      const text = readFileSync(join(rendered, 'routers', `${r.name}.frr.conf`), 'utf8');
      if (!text.includes(`password ${PASSWORD}`)) throw new Error(`${r.name}.frr.conf does not carry the password`);
      frr[r.name] = await startFrrWithConfigText(
        {
          asn: 65666,
          routerId: r.name === 'r01' ? '10.255.255.1' : '10.255.255.2',
          localAddress: r.segment.split('/')[0]!,
          peers: [],
          routes: [],
        },
        lab.context(lab.namespaceOf(r.name), `${r.name}-frr`),
        text,
      );
    }
    const agents = new Map<string, LabProcess>();
    const sockets: string[] = [];
    for (const n of NODES) {
      const socket = join(lab.dir, `agent-${n.name}.sock`);
      sockets.push(socket);
      const ctx = lab.context(lab.namespaceOf(n.name), `agent-${n.name}`);
      agents.set(
        n.name,
        lab.registry.spawn(
          `agent-${n.name}`,
          process.execPath,
          [
            v6netBin,
            'agent',
            '--node',
            n.name,
            '--json',
            '--poll-ms',
            '250',
            '--control-socket',
            socket,
            ...artifacts,
            workloads,
          ],
          { namespace: ctx.namespace, logFile: join(ctx.dir, 'agent.log'), cwd: repoRoot },
        ),
      );
    }
    return { lab, frr, upstream, agents, artifacts, workloads, sockets };
  } catch (error) {
    await lab.close();
    throw error;
  }
}

/** Rewrites the workloads file atomically with `edit` applied to its YAML documents. */
export function editWorkloads(file: string, keep: (doc: string) => boolean): void {
  const docs = readFileSync(file, 'utf8').split(/^---$/m);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, docs.filter(keep).join('---'));
  renameSync(tmp, file);
}

/** Waits (bounded) until `check` holds on a fresh table of every router; returns the time it took. */
export async function waitTables(
  cluster: E2eCluster,
  what: string,
  timeoutMs: number,
  check: (table: FrrTable, router: 'r01' | 'r02') => boolean,
): Promise<number> {
  const start = Date.now();
  await pollUntil(
    async () => {
      for (const r of ['r01', 'r02'] as const) if (!check(await frrTable(cluster.frr[r]), r)) return undefined;
      return true;
    },
    { timeoutMs, intervalMs: 250, what },
  );
  return Date.now() - start;
}
