/**
 * End-to-end: two `v6net speaker` processes on loopback with TCP-MD5, driven through their config files, JSON event
 * lines and the control API client; SIGTERM → Cease; bad config → exit 1 with file:line:col.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/v6net.js');
const dir = mkdtempSync(join(tmpdir(), 'v6net-speaker-e2e-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.pid !== undefined) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function freePort(host: string): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, host, () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

interface Daemon {
  readonly child: ChildProcess;
  readonly events: Record<string, unknown>[];
  stderr: string;
  readonly exited: Promise<number | null>;
}

function startDaemon(config: string, env: Record<string, string> = {}): Daemon {
  const child = spawn(process.execPath, [BIN, 'speaker', '--config', config, '--json'], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const daemon: Daemon = {
    child,
    events: [],
    stderr: '',
    exited: new Promise((r) => child.once('exit', (code) => r(code))),
  };
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') daemon.events.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    daemon.stderr += chunk.toString('utf8');
  });
  return daemon;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 1000 && Date.now() < deadline; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Runs `v6net speaker ctl ...` in-process (same code path as the binary, without a tsx start per call). */
function ctl(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return ctlMain(['speaker', 'ctl', ...args]);
}

/** Runs the CLI in-process with captured output. */
async function ctlMain(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd: dir,
    env: {},
    isTty: false,
  };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}

/** Polls the control API directly (spawning the client per poll is slow on a loaded machine). */
function routesVia(socketPath: string, peerAddress: string): Promise<string[]> {
  return new Promise((res, rej) => {
    const req = request(
      { socketPath, path: `/peers/${encodeURIComponent(peerAddress)}/routes`, timeout: 5000 },
      (r) => {
        let text = '';
        r.on('data', (c: Buffer) => {
          text += c.toString('utf8');
        });
        r.on('end', () => {
          try {
            res(((JSON.parse(text) as { routes?: { prefix: string }[] }).routes ?? []).map((x) => x.prefix));
          } catch (error) {
            rej(error);
          }
        });
      },
    );
    req.on('error', rej);
    req.end();
  });
}

async function waitForAsync(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 1000 && Date.now() < deadline; i++) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('v6net speaker (two processes, TCP-MD5 on ::1)', () => {
  it('establishes, exchanges routes, answers ctl, and sends Cease on SIGTERM', async () => {
    const portA = await freePort('::1');
    const portB = await freePort('::1');
    const socket = join(dir, 'b.sock');
    writeFileSync(
      join(dir, 'a.yaml'),
      `asn: 65001
routerId: 192.0.2.1
listen: [{ address: "::1", port: ${portA} }]
peers:
  - address: "::1"
    port: ${portB}
    asn: 65002
    password: "e2e md5 key"
    holdTimeSec: 9
    connectRetrySec: 1
    description: speaker-b
routes:
  - { prefix: "2001:db8:a::/48", communities: ["65001:100"], med: 7 }
control: { address: 127.0.0.1, port: 0 }
`,
    );
    writeFileSync(
      join(dir, 'b.yaml'),
      `asn: 65002
routerId: 192.0.2.2
listen: [{ address: "::1", port: ${portB} }]
peers:
  - { address: "::1", port: ${portA}, asn: 65001, passive: true, passwordEnv: E2E_PW, holdTimeSec: 9 }
routes:
  - { prefix: "2001:db8:b::/48", largeCommunities: ["65002:1:1"] }
control: { socket: "${socket}" }
`,
    );
    const b = startDaemon('b.yaml', { E2E_PW: 'e2e md5 key' });
    const a = startDaemon('a.yaml');
    try {
      await waitFor('A established', () => a.events.find((e) => e.event === 'established'), 45_000).catch((error) => {
        throw new Error(
          `${(error as Error).message}\nA: ${JSON.stringify(a.events)} ${a.stderr}\nB: ${JSON.stringify(b.events)} ${b.stderr}`,
        );
      });
      const est = await waitFor('B established', () => b.events.find((e) => e.event === 'established'));
      expect(est).toMatchObject({ peer: '::1', asn: 65001, holdTimeSec: 9 });
      const control = (await waitFor('A control', () => a.events.find((e) => e.event === 'control')))
        .endpoint as string;
      expect(control).toMatch(/^127\.0\.0\.1:\d+$/);

      // Routes arrive (B has A's route, with attributes).
      await waitForAsync('route at B', async () => (await routesVia(socket, '::1')).includes('2001:db8:a::/48'));
      const peers = await ctl(['--control', control, 'peers']);
      expect(peers.status).toBe(0);
      expect(peers.stdout).toContain('local AS number 65001');
      expect(peers.stdout).toMatch(/Neighbor\s+V\s+AS\s+MsgRcvd\s+MsgSent\s+Up\/Down\s+State\/PfxRcd/);
      expect(peers.stdout).toMatch(/::1\s+4\s+65002\s+\d+\s+\d+\s+\d\d:\d\d:\d\d\s+1\s+1\s+speaker-b/);
      const routes = await ctl(['--socket', socket, 'routes', '::1']);
      expect(routes.stdout).toMatch(/\*> 2001:db8:a::\/48\s+::1\s+7\s+65001 i\s+65001:100/);
      // Loc-RIB as 'show bgp ipv6 unicast', the longest match for an address, the Adj-RIB-Out, per-peer counts.
      const rib = await ctl(['--socket', socket, 'rib']);
      expect(rib.stdout).toMatch(/Network\s+Next Hop\s+Metric\s+LocPrf\s+Weight\s+Path/);
      expect(rib.stdout).toMatch(/ \*> +2001:db8:a::\/48 +::1 +7 +0 65001 i/);
      expect(rib.stdout).toMatch(/ \*> +2001:db8:b::\/48 +:: +0 i/);
      const match = await ctl(['--socket', socket, '--json', 'rib', '2001:db8:a:ff::1']);
      expect(JSON.parse(match.stdout).routes.map((r: { prefix: string }) => r.prefix)).toEqual(['2001:db8:a::/48']);
      const adv = await ctl(['--socket', socket, 'advertised', '::1']);
      expect(adv.stdout).toMatch(/2001:db8:b::\/48 +::1 +0 65002 i/);
      expect(adv.stdout).not.toContain('2001:db8:a::/48');
      const summary = await ctl(['--socket', socket, 'summary']);
      expect(summary.stdout).toMatch(/::1 +1 +1 +1 +0/);

      // Runtime announce and withdraw through the client.
      const ann = await ctl([
        '--control',
        control,
        'announce',
        '2001:db8:c::/48',
        '--community',
        '65001:9',
        '--med',
        '3',
      ]);
      expect(ann.status).toBe(0);
      await waitForAsync('announced at B', async () => (await routesVia(socket, '::1')).includes('2001:db8:c::/48'));
      expect((await ctl(['--control', control, 'withdraw', '2001:db8:c::/48'])).status).toBe(0);
      await waitForAsync('withdrawn at B', async () => {
        const prefixes = await routesVia(socket, '::1');
        return prefixes.includes('2001:db8:a::/48') && !prefixes.includes('2001:db8:c::/48');
      });
      const missing = await ctl(['--control', control, 'withdraw', '2001:db8:c::/48']);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('E_NO_ROUTE');

      // SIGTERM: A closes with Cease / Administrative Shutdown and exits 0.
      a.child.kill('SIGTERM');
      expect(await a.exited).toBe(0);
      const cease = await waitFor('Cease at B', () =>
        b.events.find((e) => e.event === 'notificationReceived' && e.code === 6 && e.subcode === 2),
      );
      expect(typeof cease.message).toBe('string');
      expect(a.events.some((e) => e.event === 'notificationSent' && e.code === 6 && e.subcode === 2)).toBe(true);
      b.child.kill('SIGTERM');
      expect(await b.exited).toBe(0);
    } finally {
      for (const d of [a, b]) if (d.child.exitCode === null) d.child.kill('SIGKILL');
    }
  }, 120_000);

  it('rejects a bad config with file:line:col and no stack trace', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'asn: 65001\nrouterId: 192.0.2.1\npeers:\n  - address: "::1"\n    asn: banana\n',
    );
    const r = spawnSync(process.execPath, [BIN, 'speaker', '--config', 'bad.yaml'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^bad\.yaml:5:10 E_CONFIG_TYPE peers\[0\]\.asn:/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const missing = await ctlMain(['speaker', '--config', 'nope.yaml']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.yaml');
    expect((await ctlMain(['speaker'])).status).toBe(2);
    expect((await ctlMain(['speaker', 'ctl', '--control', '127.0.0.1:1', 'frobnicate'])).status).toBe(2);
  }, 60_000);
});
