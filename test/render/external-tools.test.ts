/**
 * The rendered files are accepted by the real tools: `kubectl kustomize` builds the kustomization (remote Gateway API
 * CRDs left out: CI has no network), and FRR 8.4's bgpd accepts every rendered frr.conf (`bgpd -C`: dry-run config
 * check). Skipped with a reason only when a tool is missing outside CI; in CI (CI=true) a missing tool fails.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { renderNetwork } from '../../src/spec/render/index.js';
import { examplePlan } from './support.js';

const inCi = process.env['CI'] === 'true';
const BGPD = '/usr/lib/frr/bgpd';
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const hasBgpd = existsSync(BGPD);
const isRoot = process.getuid?.() === 0;

const work = mkdtempSync(join(tmpdir(), 'v6net-render-tools-'));
chmodSync(work, 0o755); // bgpd runs as the frr user and must reach the files below
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeAll(dir: string, files: readonly { path: string; content: string }[]): void {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
}

describe.runIf(hasKubectl || inCi)('kubectl kustomize', () => {
  it('builds the rendered kustomization (Gateway API CRDs left out)', () => {
    const dir = join(work, 'kustomize');
    writeAll(dir, renderNetwork(examplePlan(), { gatewayApiCrds: false }));
    const r = spawnSync('kubectl', ['kustomize', join(dir, 'cluster/infra/cilium')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const parsed = parseAllDocuments(r.stdout);
    const kinds = (Array.isArray(parsed) ? parsed : []).map((d) => (d.toJS() as { kind: string }).kind).sort();
    expect(kinds).toEqual([
      'CiliumBGPAdvertisement',
      'CiliumBGPAdvertisement',
      'CiliumBGPClusterConfig',
      ...Array(6).fill('CiliumBGPNodeConfigOverride'),
      'CiliumBGPPeerConfig',
      'CiliumLoadBalancerIPPool',
    ]);
  });
});

describe.runIf((hasBgpd && isRoot) || inCi)('FRR bgpd -C', () => {
  const frrFiles = renderNetwork(examplePlan()).filter((a) => a.path.endsWith('.frr.conf'));

  function bgpdCheck(conf: string): { status: number | null; output: string } {
    const dir = mkdtempSync(join(work, 'frr-'));
    chmodSync(dir, 0o777); // bgpd drops privileges to the frr user (member of frrvty) and writes its pid file here
    const file = join(dir, 'bgpd.conf');
    writeFileSync(file, conf);
    chmodSync(file, 0o644);
    const r = spawnSync(
      BGPD,
      ['-C', '-f', file, '-Z', '-n', '-u', 'frr', '-g', 'frr', '-i', join(dir, 'bgpd.pid'), '--vty_socket', dir],
      { encoding: 'utf8', timeout: 60_000 },
    );
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  }

  /** bgpd -C exits 0 even on unknown commands, so its messages are read too. */
  const problem =
    /No such command|Config Failed|Unknown command|% Invalid|% Unknown|Error|failed to open|Permission denied/;

  it('detects a broken config (the check can fail)', () => {
    const r = bgpdCheck('router bgp 65666\n this is not a command\nexit\n');
    expect(r.output).toMatch(problem);
  });

  for (const f of frrFiles) {
    it(`accepts ${f.path}`, () => {
      const r = bgpdCheck(f.content);
      expect(r.status).toBe(0);
      expect(r.output).not.toMatch(problem);
    });
  }
});

if (!inCi && !(hasKubectl && hasBgpd && isRoot)) {
  describe('external tools', () => {
    it.skip(`skipped: kubectl ${hasKubectl ? 'found' : 'missing'}, bgpd ${hasBgpd ? 'found' : 'missing'}, root ${isRoot}`, () => {});
  });
}
