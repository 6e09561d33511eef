/**
 * TCP-MD5 interop: our TCP transport connecting to FRR 8.4 bgpd, which has `neighbor … password`. Runs in a network
 * namespace this test creates (v6n-md5-<pid>, addresses 2001:db8::1 = FRR, 2001:db8::2 = us, on its loopback) and
 * removes afterwards; bgpd runs without zebra and is killed by the pid this test started. Our side runs inside the
 * namespace through `ip netns exec` (md5-probe.ts): as the connecting side (FRR neighbor 2001:db8::2, passive) and
 * as the listening side with a prefix key (FRR neighbor 2001:db8::3 dials in every second).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BGPD = '/usr/lib/frr/bgpd';
const isRoot = process.getuid?.() === 0;
const skipReason = !isRoot
  ? 'not root: creating a network namespace needs root'
  : !existsSync(BGPD)
    ? `${BGPD} missing (install the Debian frr package)`
    : undefined;
if (skipReason !== undefined) console.warn(`md5-frr interop skipped: ${skipReason}`);

const NS = `v6n-md5-${process.pid}`;
const FRR_ADDRESS = '2001:db8::1';
const OUR_ADDRESS = '2001:db8::2';
/** Our listening address; FRR dials it (active side of FRR, passive side of ours). */
const OUR_LISTEN_ADDRESS = '2001:db8::3';
const PASSWORD = 'v6net-Md5-interop';
const projectRoot = resolve(import.meta.dirname, '..', '..');

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

interface ProbeResult {
  connected: boolean;
  code?: string;
  firstBytes?: string;
}

function runProbe(args: string[], waitMs: number): Record<string, unknown> {
  const script = join(projectRoot, 'test/interop/md5-probe.ts');
  const out = execFileSync('ip', ['netns', 'exec', NS, process.execPath, '--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    cwd: projectRoot,
    timeout: waitMs + 20_000,
  });
  const line = out.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Record<string, unknown>;
}

function probe(key: string, timeoutMs: number): ProbeResult {
  return runProbe(
    ['connect', FRR_ADDRESS, '179', OUR_ADDRESS, key, String(timeoutMs)],
    timeoutMs,
  ) as unknown as ProbeResult;
}

/** Listens on OUR_LISTEN_ADDRESS with a key for the whole 2001:db8::/64 (a listen range) until FRR dials in. */
function listenProbe(key: string, waitMs: number): Record<string, unknown> {
  return runProbe(['listen', OUR_LISTEN_ADDRESS, '179', '2001:db8::/64', key, String(waitMs)], waitMs);
}

describe.skipIf(skipReason !== undefined)('TCP-MD5 interop with FRR bgpd', () => {
  let dir = '';
  let bgpd: ChildProcess | undefined;
  let nsCreated = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'v6n-md5-frr-'));
    sh('ip', ['netns', 'add', NS]);
    nsCreated = true;
    sh('ip', ['-n', NS, 'link', 'set', 'lo', 'up']);
    for (const a of [FRR_ADDRESS, OUR_ADDRESS, OUR_LISTEN_ADDRESS])
      sh('ip', ['-n', NS, 'addr', 'add', `${a}/128`, 'dev', 'lo', 'nodad']);
    const conf = join(dir, 'bgpd.conf');
    writeFileSync(
      conf,
      [
        'hostname md5-interop',
        '!',
        'router bgp 65001',
        ' bgp router-id 10.0.0.1',
        ' no bgp ebgp-requires-policy',
        ` neighbor ${OUR_ADDRESS} remote-as 65002`,
        ` neighbor ${OUR_ADDRESS} password ${PASSWORD}`,
        ` neighbor ${OUR_ADDRESS} passive`,
        ` neighbor ${OUR_LISTEN_ADDRESS} remote-as 65003`,
        ` neighbor ${OUR_LISTEN_ADDRESS} password ${PASSWORD}`,
        ` neighbor ${OUR_LISTEN_ADDRESS} update-source ${FRR_ADDRESS}`,
        ` neighbor ${OUR_LISTEN_ADDRESS} timers connect 1`,
        '!',
        '',
      ].join('\n'),
    );
    bgpd = spawn(
      'ip',
      [
        'netns',
        'exec',
        NS,
        BGPD,
        '-f',
        conf,
        '-i',
        join(dir, 'bgpd.pid'),
        '-z',
        join(dir, 'zserv.api'),
        '--vty_socket',
        dir,
        '-l',
        FRR_ADDRESS,
        '-Z',
        '-S',
        '-u',
        'root',
        '-g',
        'root',
        '-P',
        '0',
        '--log',
        `file:${join(dir, 'bgpd.log')}`,
      ],
      { stdio: 'ignore' },
    );
    // Wait (bounded) until bgpd listens on port 179 inside the namespace.
    for (let i = 0; i < 100; i++) {
      if (sh('ip', ['netns', 'exec', NS, 'ss', '-Hltn', 'sport = :179']).includes(':179')) return;
      if (bgpd.exitCode !== null) throw new Error(`bgpd exited with ${bgpd.exitCode}`);
      await sleep(100);
    }
    throw new Error('bgpd did not start listening within 10 s');
  }, 30_000);

  afterAll(async () => {
    if (bgpd?.pid !== undefined && bgpd.exitCode === null) {
      process.kill(bgpd.pid, 'SIGTERM');
      for (let i = 0; i < 30 && bgpd.exitCode === null; i++) await sleep(100);
      if (bgpd.exitCode === null) process.kill(bgpd.pid, 'SIGKILL');
    }
    if (nsCreated) sh('ip', ['netns', 'del', NS]);
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('connects with the right password and FRR sends its OPEN', () => {
    const result = probe(PASSWORD, 5000);
    expect(result.connected).toBe(true);
    // 16-octet marker of ones, 2-octet length, type 1 (OPEN).
    expect(result.firstBytes?.slice(0, 32)).toBe('f'.repeat(32));
    expect(result.firstBytes?.slice(36, 38)).toBe('01');
  }, 40_000);

  it('does not connect with a wrong password (connect times out)', () => {
    expect(probe('not-the-password', 1500)).toEqual({ connected: false, code: 'E_CONNECT_TIMEOUT' });
  }, 40_000);

  it('does not connect without a password (connect times out)', () => {
    expect(probe('', 1500)).toEqual({ connected: false, code: 'E_CONNECT_TIMEOUT' });
  }, 40_000);

  it('passive side: accepts FRR dialling in with the right password on a prefix key (listen range)', () => {
    const result = listenProbe(PASSWORD, 10_000);
    expect(result).toMatchObject({ accepted: true, remoteAddress: FRR_ADDRESS });
    expect(String(result['firstBytes']).slice(0, 32)).toBe('f'.repeat(32));
  }, 40_000);

  it('passive side: FRR dialling in is never accepted when our key differs', () => {
    expect(listenProbe('a-different-password', 4000)).toEqual({ accepted: false });
  }, 40_000);
});
