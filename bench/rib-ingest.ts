/**
 * RIB ingest benchmark: a synthetic full IPv6 table (bench/rib/table.ts) sent over one eBGP session by the same
 * sender program to v6net, BIRD 2, FRR (bgpd) and GoBGP, one after the other, each in a fresh pair of network
 * namespaces (sender on one side of a veth link, receiver on the other). Measures the time from the sender's first
 * UPDATE write to "every prefix in the receiver's Loc-RIB" (polled through each daemon's own CLI/API) and the
 * receiver's peak RSS (VmHWM). Writes bench/results/rib-ingest-<size>.json; then run `npx tsx bench/report.ts`.
 *
 *   sudo npx tsx bench/rib-ingest.ts --prefixes 250000 [--receivers v6net,bird,frr,gobgp] [--profile]
 * Needs root (namespaces). Every namespace and process it starts is removed by name/pid, also on failure.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDaemon } from '../src/lab/daemons/index.js';
import type { LabDaemonConfig } from '../src/lab/daemons/types.js';
import { renderV6netConfig, v6netBin } from '../src/lab/daemons/v6net.js';
import { runCommand } from '../src/lab/processes.js';
import { LinkLab } from '../src/lab/topology.js';
import { sleep } from '../src/lab/wait.js';
import { summarizeProfile } from './rib/profile.js';
import { generateTable } from './rib/table.js';

type Receiver = 'v6net' | 'bird' | 'frr' | 'gobgp';

const { values } = parseArgs({
  options: {
    prefixes: { type: 'string', default: '250000' },
    receivers: { type: 'string', default: 'v6net,bird,frr,gobgp' },
    profile: { type: 'boolean', default: false },
    'poll-ms': { type: 'string', default: '100' },
    'timeout-sec': { type: 'string', default: '900' },
  },
});
const count = Number(values.prefixes);
const receivers = values.receivers!.split(',') as Receiver[];
const pollMs = Number(values['poll-ms']);
const timeoutMs = Number(values['timeout-sec']) * 1000;
const SENDER_ASN = 65010;
const RECEIVER_ASN = 65000;
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), `v6net-rib-bench-${process.pid}-`));

interface Run {
  readonly receiver: Receiver;
  readonly seconds: number;
  /** Upper bound of the polling error: time between the last poll that saw fewer prefixes and the one that saw all. */
  readonly pollGapMs: number;
  readonly peakRssMiB: number;
  readonly cpuSeconds: number;
  /** CPU time of the receiver from the session coming up (sender's `established`) to all prefixes in. */
  readonly ingestCpuSeconds: number;
  readonly polls: number;
  readonly meanPollMs: number;
  /** 1-minute load average of the machine when the run ended (other engineers share it). */
  readonly load1: number;
  readonly profile?: readonly string[];
}

function procStatus(pid: number): { hwmKiB: number; cpuSec: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return { hwmKiB: hwm, cpuSec: ticks / 100 };
}

/** The pid of `comm` among the processes of namespace `ns` (one we created). */
async function pidIn(ns: string, comm: string): Promise<number> {
  const { stdout } = await runCommand('ip', ['netns', 'pids', ns]);
  for (const line of stdout.split('\n')) {
    const pid = Number(line.trim());
    if (!pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) return pid;
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no ${comm} in namespace ${ns}`);
}

function httpJson(socketPath: string, path: string): Promise<unknown> {
  return new Promise((res, rej) => {
    const req = request({ socketPath, path, method: 'GET', timeout: 10_000 }, (r) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => {
        text += c;
      });
      r.on('end', () => {
        try {
          res(JSON.parse(text));
        } catch (e) {
          rej(e);
        }
      });
    });
    req.on('error', rej);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** Labs still open, closed on SIGINT/SIGTERM too. */
const openLabs = new Set<LinkLab>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([...openLabs].map((l) => l.close())).finally(() => {
      rmSync(work, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

async function runOne(receiver: Receiver, tableFile: string, lastPrefix: string, profile: boolean): Promise<Run> {
  const lab = await LinkLab.create(`v6b-${process.pid}-${receiver}`);
  openLabs.add(lab);
  try {
    const config: LabDaemonConfig = {
      asn: RECEIVER_ASN,
      routerId: '192.0.2.2',
      localAddress: lab.right.address,
      peers: [{ address: lab.left.address, asn: SENDER_ASN, passive: true, holdTimeSec: 240, keepaliveTimeSec: 80 }],
      routes: [],
    };
    const ctx = lab.context(lab.right, receiver);
    let pid: number;
    let countNow: () => Promise<number>;
    if (receiver === 'v6net') {
      const socket = join(ctx.dir, 'control.sock');
      const file = join(ctx.dir, 'speaker.yaml');
      writeFileSync(file, renderV6netConfig(config, socket));
      const nodeArgs = profile ? ['--cpu-prof', '--cpu-prof-dir', ctx.dir] : [];
      const proc = lab.registry.spawn(
        'v6net',
        process.execPath,
        [...nodeArgs, v6netBin, 'speaker', '--config', file, '--json'],
        { namespace: ctx.namespace, logFile: join(ctx.dir, 'speaker.log') },
      );
      pid = proc.pid;
      countNow = async () => ((await httpJson(socket, '/rib/summary')) as { prefixes: number }).prefixes;
      for (let i = 0; i < 300; i++) {
        try {
          await countNow();
          break;
        } catch {
          await sleep(100);
        }
      }
    } else {
      await startDaemon(receiver, config, { ...ctx, startTimeoutMs: 30_000 });
      pid = await pidIn(ctx.namespace, receiver === 'frr' ? 'bgpd' : receiver === 'bird' ? 'bird' : 'gobgpd');
      countNow = pollerFor(receiver, ctx.dir, ctx.namespace, lab.left.address, lastPrefix);
    }
    let firstWriteMs: number | undefined;
    let cpuAtEstablished: number | undefined;
    lab.registry.spawn(
      'sender',
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'bench/rib/sender.ts'),
        '--connect',
        lab.right.address,
        '--local',
        lab.left.address,
        '--asn',
        String(SENDER_ASN),
        '--router-id',
        '192.0.2.1',
        '--table',
        tableFile,
      ],
      {
        namespace: lab.left.namespace,
        logFile: join(ctx.dir, 'sender.log'),
        onStdoutLine: (line) => {
          const e = JSON.parse(line) as { event: string; firstWriteMs?: number };
          if (e.event === 'established') cpuAtEstablished = procStatus(pid).cpuSec;
          if (e.event === 'sent') firstWriteMs = e.firstWriteMs;
        },
      },
    );
    const started = Date.now();
    let lastBelow = started;
    let polls = 0;
    let pollTotalMs = 0;
    // Bounded in time: gives up after --timeout-sec.
    for (;;) {
      if (Date.now() - started > timeoutMs)
        throw new Error(`${receiver}: not all ${count} prefixes after ${timeoutMs} ms`);
      const before = Date.now();
      let n = 0;
      try {
        n = await countNow();
      } catch {
        n = 0;
      }
      const after = Date.now();
      polls++;
      pollTotalMs += after - before;
      if (n >= count) {
        for (let i = 0; firstWriteMs === undefined && i < 600; i++) await sleep(100);
        if (firstWriteMs === undefined) throw new Error(`${receiver}: the sender never reported its first write`);
        const usage = procStatus(pid);
        let summary: string[] | undefined;
        if (profile) {
          await lab.registry.stopAll(10_000);
          const prof = readdirSync(ctx.dir).find((f) => f.endsWith('.cpuprofile'));
          if (prof !== undefined) {
            // from the first UPDATE into the RIB to the shutdown (which tears the table down: not ingest work)
            const s = summarizeProfile(readFileSync(join(ctx.dir, prof), 'utf8'), 16, {
              from: { functionName: 'ingest', urlSuffix: 'speaker/speaker-rib.ts' },
              until: { functionName: 'stop', urlSuffix: 'speaker/speaker.ts' },
            });
            summary = [`${s.busyMs} ms busy of ${s.windowMs} ms from the first UPDATE to shutdown`, ...s.top];
          }
        }
        return {
          receiver,
          seconds: (after - firstWriteMs) / 1000,
          pollGapMs: after - lastBelow,
          peakRssMiB: usage.hwmKiB / 1024,
          cpuSeconds: usage.cpuSec,
          ingestCpuSeconds: usage.cpuSec - (cpuAtEstablished ?? 0),
          polls,
          meanPollMs: pollTotalMs / polls,
          load1: loadavg()[0]!,
          ...(summary !== undefined ? { profile: summary } : {}),
        };
      }
      lastBelow = before;
      await sleep(Math.max(0, pollMs - (after - before)));
    }
  } finally {
    await lab.close();
    openLabs.delete(lab);
  }
}

function pollerFor(receiver: Receiver, dir: string, ns: string, senderAddress: string, lastPrefix: string) {
  if (receiver === 'bird') {
    return async () => {
      const { stdout } = await runCommand('birdc', ['-s', join(dir, 'bird.ctl'), 'show', 'route', 'count']);
      return Number(/(\d+) networks in table master6/.exec(stdout)?.[1] ?? 0);
    };
  }
  if (receiver === 'gobgp') {
    return async () => {
      const { stdout } = await runCommand('gobgp', ['global', 'rib', 'summary', '-a', 'ipv6'], { namespace: ns });
      return Number(/Destination:\s*(\d+)/.exec(stdout)?.[1] ?? 0);
    };
  }
  // FRR: accepted prefixes from the peer, then the last prefix sent must have its best path selected (bgpd's work
  // queue processes destinations in order, so every earlier one is done too).
  const vtysh = async (cmd: string) =>
    JSON.parse((await runCommand('vtysh', ['--vty_socket', dir, '-c', cmd])).stdout) as Record<string, unknown>;
  return async () => {
    const s = (await vtysh('show bgp ipv6 unicast summary json')) as { peers?: Record<string, { pfxRcd?: number }> };
    const rcvd = s.peers?.[senderAddress]?.pfxRcd ?? 0;
    if (rcvd < count) return rcvd;
    const d = (await vtysh(`show bgp ipv6 unicast ${lastPrefix} json`)) as {
      paths?: { bestpath?: { overall?: boolean } }[];
    };
    return d.paths?.some((p) => p.bestpath?.overall === true) ? rcvd : rcvd - 1;
  };
}

async function versions(): Promise<Record<string, string>> {
  const v = async (cmd: string, args: string[]) => {
    const r = await runCommand(cmd, args, { allowFailure: true });
    return `${r.stdout}${r.stderr}`.split('\n')[0]!.trim();
  };
  return {
    bird: await v('bird', ['--version']),
    frr: await v('/usr/lib/frr/bgpd', ['--version']),
    gobgp: await v('gobgpd', ['--version']),
    node: process.version,
  };
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true });
  const t = Date.now();
  const table = generateTable(count, SENDER_ASN, '2001:db8:0:1::1');
  const tableFile = join(work, `table-${count}.bin`);
  writeFileSync(tableFile, table.stream);
  console.log(`table: ${JSON.stringify(table.shape)} (${Date.now() - t} ms)`);
  const runs: Run[] = [];
  for (const r of receivers) {
    const run = await runOne(r, tableFile, table.shape.lastPrefix, false);
    console.log(JSON.stringify(run));
    runs.push(run);
  }
  let profile: readonly string[] | undefined;
  if (values.profile) profile = (await runOne('v6net', tableFile, table.shape.lastPrefix, true)).profile;
  const label = count >= 1_000_000 ? `${count / 1_000_000}M` : `${count / 1000}k`;
  const metrics: Record<string, number | string> = {
    prefixes: table.shape.prefixes,
    'attribute sets': table.shape.attributeSets,
    'UPDATE messages': table.shape.updates,
    'stream MiB': table.shape.bytes / 1048576,
    'distinct ASNs': table.shape.distinctAsns,
  };
  for (const r of runs) {
    metrics[`${r.receiver}: seconds to Loc-RIB`] = r.seconds;
    metrics[`${r.receiver}: peak RSS MiB`] = r.peakRssMiB;
    metrics[`${r.receiver}: CPU seconds`] = r.cpuSeconds;
    metrics[`${r.receiver}: ingest CPU seconds`] = r.ingestCpuSeconds;
  }
  const v6 = runs.find((r) => r.receiver === 'v6net');
  for (const r of runs) {
    if (v6 === undefined || r === v6) continue;
    metrics[`time v6net/${r.receiver}`] = v6.seconds / r.seconds;
    metrics[`RSS v6net/${r.receiver}`] = v6.peakRssMiB / r.peakRssMiB;
    metrics[`ingest CPU v6net/${r.receiver}`] = v6.ingestCpuSeconds / r.ingestCpuSeconds;
  }
  const ver = await versions();
  const notes = [
    `Table: ${table.shape.prefixes} prefixes in ${table.shape.attributeSets} attribute sets (${(table.shape.prefixes / table.shape.attributeSets).toFixed(2)} per set), ${table.shape.updates} UPDATEs of 4096 octets at most, communities on ${((100 * table.shape.withCommunities) / table.shape.attributeSets).toFixed(0)} % of the sets, ${table.shape.distinctAsns} distinct ASNs; one eBGP session, sender and receiver in two namespaces joined by a veth pair.`,
    `Time = receiver's poll that first saw every prefix minus the sender's first UPDATE write (wall clock, same machine). Polling every ${pollMs} ms through each daemon's own interface (v6net: control API /rib/summary; BIRD: birdc show route count; FRR: vtysh summary pfxRcd, then the last prefix's best path; GoBGP: gobgp global rib summary); the error is at most the poll gap: ${runs.map((r) => `${r.receiver} ${r.pollGapMs} ms (mean poll ${r.meanPollMs.toFixed(0)} ms)`).join(', ')}.`,
    'Peak RSS = VmHWM of the receiver process (/proc/<pid>/status) when all prefixes were in; CPU = its utime+stime then (startup included); ingest CPU = the part spent after the session came up (less sensitive to the other load on the machine than wall time).',
    `Versions: ${Object.entries(ver)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}. FRR runs bgpd alone (-Z, no zebra).`,
    `Machine: 2 cores, 24 GiB, shared with other engineers running tests at the same time: absolute figures are noisy; the receivers ran one after the other in the same run. 1-minute load average at the end of each receiver's run: ${runs.map((r) => `${r.receiver} ${r.load1.toFixed(2)}`).join(', ')}.`,
  ];
  if (profile !== undefined)
    notes.push(
      `v6net CPU profile (separate run with node --cpu-prof, self time from the first UPDATE until shutdown): ${profile.join('; ')}`,
    );
  const result = {
    name: `rib-ingest ${label}: full IPv6 table from one peer into the Loc-RIB (v6net vs BIRD, FRR, GoBGP)`,
    date: new Date().toISOString(),
    node: process.versions.node,
    machine: '2 x AMD EPYC (shared)',
    metrics,
    notes,
  };
  const out = join(root, 'bench/results', `rib-ingest-${label}.json`);
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
