/** `v6net render` from the command line: exit codes, atomic output, nothing written on errors. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Each test starts the CLI as a child process (tsx transpiles on start): give them room on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000 });
import { EXAMPLE, ROOT } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'v6net-render-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function v6net(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'v6net.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('v6net render', () => {
  it('writes every artifact, then reports them unchanged on a second run', () => {
    const out = join(work, 'ok');
    const first = v6net(['render', EXAMPLE, '-o', out, '--json']);
    expect(first.status).toBe(0);
    const result = JSON.parse(first.stdout) as { written: string[]; unchanged: string[]; files: { path: string }[] };
    expect(result.written.length).toBe(result.files.length);
    expect(result.written).toContain('routers/r01.frr.conf');
    const second = JSON.parse(v6net(['render', EXAMPLE, '-o', out, '--json']).stdout) as typeof result;
    expect(second.written).toEqual([]);
    expect(second.unchanged.length).toBe(result.files.length);
    expect(readdirSync(out).filter((n) => n.startsWith('.v6net-tmp-'))).toEqual([]);
  });

  it('writes nothing when the spec has errors (exit 1, located message, no stack trace)', () => {
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, readFileSync(EXAMPLE, 'utf8').replace('asn: 65500', 'asn: "not a number"'));
    const out = join(work, 'bad-out');
    const r = v6net(['render', bad, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+ error E_SCHEMA_TYPE/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, 'routers'))).toBe(false);
  });

  it('usage errors exit 2', () => {
    expect(v6net(['render', EXAMPLE]).status).toBe(2);
    expect(v6net(['render', EXAMPLE, '-o', join(work, 'x'), '--cilium-api', 'v3']).status).toBe(2);
    expect(v6net(['render', join(work, 'missing.yaml'), '-o', join(work, 'x')]).status).toBe(2);
    expect(
      v6net(['render', EXAMPLE, '-o', join(work, 'x'), '--secrets-from-env'], { V6NET_BGP_PASSWORD: '' }).status,
    ).toBe(2);
    expect(v6net(['render', EXAMPLE, '-o', join(work, 'x'), '--bogus']).status).toBe(2);
  });

  it('--dry-run lists the files and writes nothing', () => {
    const out = join(work, 'dry');
    const r = v6net(['render', EXAMPLE, '-o', out, '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('cluster/infra/cilium/bgp.yaml');
    expect(existsSync(out)).toBe(false);
  });

  it('--help explains the outputs', () => {
    const r = v6net(['render', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--secrets-from-env');
    expect(r.stdout).toContain('routers/<name>.frr.conf');
  });
});
