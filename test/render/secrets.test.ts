/**
 * The BGP password never appears in a rendered file unless the user asks for it on the router side
 * (--secrets-from-env), and even then never in a Kubernetes or docs file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Each test starts the CLI as a child process (tsx transpiles on start): give them room on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000 });
import { EXAMPLE, ROOT } from './support.js';

const PASSWORD = 'S3cret-v6net-test-p4ss';
const work = mkdtempSync(join(tmpdir(), 'v6net-secrets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const full = join(dir, n);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

function render(out: string, extra: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'v6net.js'), 'render', EXAMPLE, '-o', out, ...extra], {
    encoding: 'utf8',
    env: { ...process.env, V6NET_BGP_PASSWORD: PASSWORD },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('BGP password handling', () => {
  it('without --secrets-from-env the password from the environment appears in no output file', () => {
    const out = join(work, 'plain');
    const r = render(out, []);
    expect(r.status).toBe(0);
    const all = files(out);
    expect(all.length).toBeGreaterThan(10);
    for (const f of all) expect(readFileSync(f, 'utf8'), relative(out, f)).not.toContain(PASSWORD);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    // The routers carry a clearly marked placeholder instead.
    expect(readFileSync(join(out, 'routers', 'r01.set'), 'utf8')).toContain('CHANGE-ME');
  });

  it('with --secrets-from-env only the router configs carry it', () => {
    const out = join(work, 'env');
    const r = render(out, ['--secrets-from-env']);
    expect(r.status).toBe(0);
    for (const f of files(out)) {
      const rel = relative(out, f);
      const has = readFileSync(f, 'utf8').includes(PASSWORD);
      expect(has, rel).toBe(rel.startsWith('routers/'));
    }
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });
});
