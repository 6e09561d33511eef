/**
 * End to end: the homelab example rendered by `v6net render` (2001:db8: in place of the seed's prefix), six
 * `v6net agent` processes — one per node namespace on a shared node segment — the two routers as Debian FRR with the
 * rendered frr.conf (TCP-MD5, listen range, multipath), and BIRD upstream sending a default route. Checks what both
 * FRR routers learn, then a Service deletion, a frozen agent (hold timer 9 s, then graceful restart 15 s: Cilium
 * sets the RFC 8538 N bit) and a killed agent (graceful restart, 15 s). Every namespace and process is created under
 * `v6n-e2e-<pid>` and removed by name/pid, also on failure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteNamespace, listNamespaces } from '../../src/lab/netns.js';
import { runCommand } from '../../src/lab/processes.js';
import { interopGate } from '../interop/support/env.js';
import {
  type E2eCluster,
  editWorkloads,
  type FrrTable,
  frrTable,
  NODES,
  PASSWORD,
  pathsByPrefix,
  repoRoot,
  startCluster,
  waitTables,
} from './support/cluster-e2e.js';

const gate = interopGate('e2e cluster', ['frr', 'bird']);
const NODE_ADDRESSES = new Set<string>(NODES.map((n) => n.address));
const ALL = NODES.map((n) => n.address).sort();
const addressOf = (name: string) => NODES.find((n) => n.name === name)!.address;

/** What each router must learn from the nodes, written out independently of the code under test. */
function expected(): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const n of NODES) m.set(n.podCidr, [n.address]);
  for (const ip of ['c100::1', 'c100::10', 'c100::35', 'c100::80', 'c100::90']) m.set(`2001:db8:ae3:${ip}/128`, ALL);
  m.set('2001:db8:ae3:c401::53/128', ALL); // dns: LoadBalancer, requested IP, eTP Cluster
  m.set('2001:db8:ae3:c401::100/128', ALL); // legacy-gateway: externalIP
  m.set('2001:db8:ae3:c401::/128', [addressOf('k8s-w-01'), addressOf('k8s-w-02')].sort()); // ingress: eTP=Local
  return m;
}

const sortedEntries = (m: Map<string, string[]>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

function learned(table: FrrTable): Map<string, string[]> {
  return pathsByPrefix(table, NODE_ADDRESSES);
}

describe.skipIf(gate.skip)('e2e: homelab cluster — six v6net agents, FRR routers, BIRD upstream', () => {
  const id = `v6n-e2e-${process.pid}`;
  let cluster: E2eCluster | undefined;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    if (gate.failure !== undefined) throw new Error(gate.failure);
    const start = Date.now();
    cluster = await startCluster(id);
    timings['setupMs'] = Date.now() - start;
  }, 120_000);

  afterAll(async () => {
    if (cluster !== undefined) await cluster.lab.close();
    // Safety net for a setup that failed or timed out half-way: whatever is left under this run's id, by name, and
    // the processes inside those namespaces (started by this run), by pid.
    const leftovers = (await listNamespaces()).filter((ns) => ns.startsWith(`${id}-`));
    for (const ns of leftovers) {
      const listed = await runCommand('ip', ['netns', 'pids', ns], { allowFailure: true });
      for (const pid of listed.stdout.split(/\s+/).filter((x) => /^\d+$/.test(x))) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await deleteNamespace(ns);
    }
    console.info(`[e2e] timings ${JSON.stringify(timings)}`);
    expect(leftovers, 'namespaces left behind by lab.close()').toEqual([]);
    expect((await listNamespaces()).filter((ns) => ns.startsWith(`${id}-`))).toEqual([]);
  }, 60_000);

  it('both routers learn every PodCIDR (65000:99), ClusterIP, LB and external IP from exactly the right nodes (ECMP), over TCP-MD5, and nothing else', async () => {
    const c = cluster!;
    const want = sortedEntries(expected());
    timings['convergeMs'] = await waitTables(c, 'every node route at both routers', 60_000, (t) => {
      return JSON.stringify(sortedEntries(learned(t))) === JSON.stringify(want);
    });
    for (const r of ['r01', 'r02'] as const) {
      const table = await frrTable(c.frr[r]);
      expect(sortedEntries(learned(table))).toEqual(want);
      // The upstream's default route is there too (and exported to the nodes); the /48 is the router's own.
      expect(table['::/0']?.some((p) => p.peerId?.startsWith('2001:db8:ae0:'))).toBe(true);
      for (const [prefix, nodes] of expected()) {
        const paths = table[prefix]!.filter((p) => p.peerId !== undefined && NODE_ADDRESSES.has(p.peerId));
        // Next hop = the session's local address on the node; every path valid and used (best + multipath).
        for (const p of paths) {
          expect(p.valid, `${r} ${prefix}`).toBe(true);
          expect(p.nexthops?.find((h) => h.scope === 'global')?.ip).toBe(p.peerId);
          expect(p.path).toBe('65500');
        }
        expect(paths.filter((p) => p.bestpath === true || p.multipath === true).length, `${r} ${prefix} ECMP`).toBe(
          nodes.length,
        );
      }
      for (const n of NODES) {
        const detail = JSON.parse(await c.frr[r].vtysh(`show bgp ipv6 unicast ${n.podCidr} json`)) as {
          paths: { community?: { list?: string[] }; localpref?: number }[];
        };
        expect(detail.paths.map((p) => p.community?.list)).toEqual([['65000:99']]);
      }
      const neighbors = JSON.parse(await c.frr[r].vtysh('show bgp neighbors json')) as Record<
        string,
        { bgpState?: string; authenticationEnabled?: number }
      >;
      for (const n of NODES) {
        expect(neighbors[n.address], `${r} ${n.name}`).toMatchObject({
          bgpState: 'Established',
          authenticationEnabled: 1,
        });
      }
      // The upstream session has no password: the flag is not just always on.
      expect(
        Object.entries(neighbors).find(([a]) => a.startsWith('2001:db8:ae0:'))?.[1].authenticationEnabled,
      ).not.toBe(true);
    }
  }, 90_000);

  it('v6net agent ctl prints the cilium bgp peers / routes tables of all six agents; the password appears nowhere', async () => {
    const c = cluster!;
    const sockets = c.sockets.flatMap((s) => ['--socket', s]);
    const peers = await runCommand(process.execPath, ['bin/v6net.js', 'agent', 'ctl', ...sockets, 'peers'], {
      cwd: repoRoot,
    });
    const lines = peers.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^Node\s+Local AS\s+Peer AS\s+Peer Address\s+Session State\s+Uptime\s+Family\s+Received\s+Advertised$/,
    );
    expect(lines.length).toBe(1 + NODES.length * 2);
    for (const line of lines.slice(1)) {
      // Received 1 (the default route, counted but never installed), advertised 8 or 9.
      expect(line).toMatch(
        /65500\s+65666\s+2001:db8:ae3:fff0::[12]\s+established\s+\d+s\s+ipv6\/unicast\s+1\s+(8|9)\s*$/,
      );
    }
    const routes = await runCommand(
      process.execPath,
      [
        'bin/v6net.js',
        'agent',
        'ctl',
        ...sockets,
        'routes',
        'advertised',
        'ipv6',
        'unicast',
        'peer',
        '2001:db8:ae3:fff0::1',
      ],
      { cwd: repoRoot },
    );
    expect(routes.stdout).toContain(
      '{Communities: 65000:99} {MpReach(ipv6-unicast): {Nexthop: 2001:db8:ae3:fff0::21, NLRIs: [2001:db8:ae3:c203::/64]}}',
    );
    const state = await runCommand(process.execPath, ['bin/v6net.js', 'agent', 'ctl', ...sockets, 'routes'], {
      cwd: repoRoot,
    });
    expect(state.stdout.startsWith('(Defaulting to `available ipv4 unicast` routes')).toBe(true);
    const logs = NODES.map((n) => readFileSync(join(c.lab.dir, `agent-${n.name}`, 'agent.log'), 'utf8'));
    expect(logs.every((l) => l.includes('"event":"established"'))).toBe(true);
    for (const text of [peers.stdout, routes.stdout, ...logs]) expect(text).not.toContain(PASSWORD);
  }, 60_000);

  it('deleting a Service withdraws its routes from both routers; the other Services keep theirs', async () => {
    const c = cluster!;
    editWorkloads(
      c.workloads,
      (doc) => !/\n\s*name: dns\n\s*namespace: infra\n/.test(doc) || !doc.includes('kind: Service'),
    );
    timings['serviceWithdrawMs'] = await waitTables(c, 'dns routes withdrawn', 20_000, (t) => {
      const l = learned(t);
      return !l.has('2001:db8:ae3:c401::53/128') && !l.has('2001:db8:ae3:c100::35/128');
    });
    const want = expected();
    want.delete('2001:db8:ae3:c401::53/128');
    want.delete('2001:db8:ae3:c100::35/128');
    for (const r of ['r01', 'r02'] as const)
      expect(sortedEntries(learned(await frrTable(c.frr[r])))).toEqual(sortedEntries(want));
  }, 40_000);

  it('a frozen agent (no keepalives): the routers’ hold timer (9 s) expires; with the N bit Cilium sends (RFC 8538) its routes stay stale for the restart time (15 s), then go', async () => {
    const c = cluster!;
    const w3 = NODES.find((n) => n.name === 'k8s-w-03')!;
    const frozenAt = Date.now();
    c.lab.registry.signal(c.agents.get(w3.name)!, 'SIGSTOP');
    const ms = await waitTables(
      c,
      'k8s-w-03 routes marked stale on hold timer expiry',
      15_000,
      (t) => t[w3.podCidr]?.some((p) => p.peerId === w3.address && p.stale === true) === true,
    );
    timings['holdExpiryMs'] = ms;
    // The last keepalive came at most 3 s before the freeze: expiry between 6 and 9 s (plus polling).
    expect(ms).toBeGreaterThanOrEqual(5_000);
    expect(ms).toBeLessThanOrEqual(12_000);
    await waitTables(c, 'k8s-w-03 routes gone after the restart time', 25_000, (t) => !learned(t).has(w3.podCidr));
    const total = Date.now() - frozenAt;
    timings['holdExpiryThenRestartMs'] = total;
    // hold expiry (6–9 s) + restart time 15 s, plus polling
    expect(total).toBeGreaterThanOrEqual(19_000);
    expect(total).toBeLessThanOrEqual(28_000);
    for (const r of ['r01', 'r02'] as const) {
      for (const paths of learned(await frrTable(c.frr[r])).values()) expect(paths).not.toContain(w3.address);
    }
  }, 60_000);

  it('a killed agent (TCP closed, no Cease): graceful restart keeps its routes stale for 15 s, then they go', async () => {
    const c = cluster!;
    const w2 = NODES.find((n) => n.name === 'k8s-w-02')!;
    const killedAt = Date.now();
    await c.lab.registry.kill(c.agents.get(w2.name)!);
    await waitTables(
      c,
      'k8s-w-02 routes marked stale',
      5_000,
      (t) => t[w2.podCidr]?.some((p) => p.peerId === w2.address && p.stale === true) === true,
    );
    const staleAfterMs = Date.now() - killedAt;
    // Still there well into the restart time, ECMP for ingress still lists w-02 (stale).
    await new Promise((r) => setTimeout(r, Math.max(0, 8_000 - staleAfterMs)));
    for (const r of ['r01', 'r02'] as const)
      expect(learned(await frrTable(c.frr[r])).get(w2.podCidr)).toEqual([w2.address]);
    await waitTables(c, 'k8s-w-02 routes gone after the restart time', 20_000, (t) => !learned(t).has(w2.podCidr));
    const ms = Date.now() - killedAt;
    timings['gracefulRestartMs'] = ms;
    expect(ms).toBeGreaterThanOrEqual(13_000);
    expect(ms).toBeLessThanOrEqual(21_000);
    for (const r of ['r01', 'r02'] as const) {
      expect(learned(await frrTable(c.frr[r])).get('2001:db8:ae3:c401::/128')).toEqual([addressOf('k8s-w-01')]);
    }
  }, 60_000);
});
