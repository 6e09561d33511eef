/**
 * TCP-MD5 interop: our TCP transport connecting to FRR 8.4 bgpd, which has `neighbor … password`. Runs in a network
 * namespace this test creates (v6n-md5-<pid>, addresses 2001:db8::1 = FRR, 2001:db8::2 = us, on its loopback) and
 * removes afterwards; bgpd runs without zebra and is killed by the pid this test started. The connecting side runs
 * inside the namespace through `ip netns exec` (md5-probe.ts).
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

function probe(key: string, timeoutMs: number): ProbeResult {
  const out = execFileSync(
    'ip',
    [
      'netns',
      'exec',
      NS,
      process.execPath,
      '--import',
      'tsx',
      join(projectRoot, 'test/interop/md5-probe.ts'),
      FRR_ADDRESS,
      '179',
      OUR_ADDRESS,
      key,
      String(timeoutMs),
    ],
    { encoding: 'utf8', cwd: projectRoot, timeout: timeoutMs + 20_000 },
  );
  const line = out.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as ProbeResult;
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
    for (const a of [FRR_ADDRESS, OUR_ADDRESS]) sh('ip', ['-n', NS, 'addr', 'add', `${a}/128`, 'dev', 'lo', 'nodad']);
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
        '-n',
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
});
