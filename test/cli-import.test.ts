import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecText } from '../src/spec/load.js';
import { renderNetwork } from '../src/spec/render/index.js';
import { examplePlan } from './render/support.js';
import type { CliIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';

const root = resolve(import.meta.dirname, '..');
const temp = mkdtempSync(join(tmpdir(), 'v6net-import-'));
const rendered = join(temp, 'rendered');

beforeAll(() => {
  for (const a of renderNetwork(examplePlan())) {
    mkdirSync(dirname(join(rendered, a.path)), { recursive: true });
    writeFileSync(join(rendered, a.path), a.content);
  }
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function run(args: string[], cwd = root) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    cwd,
    env: {},
    isTty: false,
  };
  const code = await main(['import', ...args], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('v6net import', () => {
  it('--help explains the inputs, what is imported, the options and the exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['Usage: v6net import PATH... -o FILE', '--pod-cidr', '--service-cidr', '--force', 'Exit codes'])
      expect(r.stdout).toContain(word);
  });

  it('writes a spec that loads and checks without errors from a rendered repo', async () => {
    const out = join(temp, 'a', 'v6net.yaml');
    const r = await run([rendered, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*v6net\.yaml: 6 nodes, 2 routers, 5 plan entries/m);
    const text = readFileSync(out, 'utf8');
    expect(loadSpecText(text, out).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const check = await main(['check', out], {
      stdout: { write: () => undefined },
      stderr: { write: () => undefined },
      cwd: root,
      env: {},
      isTty: false,
    });
    expect(check).toBe(0);
    // Nothing but the spec is left in the directory (the staging directory is gone).
    expect(readdirSync(dirname(out))).toEqual(['v6net.yaml']);
  });

  it('--json prints what was written and the located diagnostics', async () => {
    const out = join(temp, 'json.yaml');
    const r = await run([rendered, '-o', out, '--json']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as {
      written: string;
      diagnostics: { code: string; file: string; line: number }[];
    };
    expect(parsed.written).toBe(out);
    const unknown = parsed.diagnostics.filter((d) => d.code === 'import/node-address-unknown');
    expect(unknown).toHaveLength(6);
    for (const d of unknown) expect(d.line).toBeGreaterThan(0);
  });

  it('exits 1 with located errors and writes nothing when the repo cannot be imported', async () => {
    const out = join(temp, 'b', 'v6net.yaml');
    const r = await run(['test/fixtures/seed', 'test/fixtures/seed-site', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^test\/fixtures\/seed-site\/routers\/r02\.boot:38:5 error import\/router-not-imported /m);
    expect(r.stderr).toContain('nothing written');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('fills what the repo does not say from --pod-cidr/--service-cidr', async () => {
    const out = join(temp, 'seed.yaml');
    const r = await run([
      'test/fixtures/seed',
      'test/fixtures/seed-site/cluster',
      'test/fixtures/seed-site/routers/r01.set',
      '--service-cidr',
      '2a0e:97c0:ae3:c100::/112',
      '--pod-cidr',
      '2a0e:97c0:ae3:c200::/56',
      '-o',
      out,
    ]);
    expect(r.code, r.stdout).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('prefix: 2a0e:97c0:ae3:c100::/112');
  });

  it('exits 2 on usage errors and leaves an existing file alone without --force', async () => {
    const out = join(temp, 'existing.yaml');
    writeFileSync(out, 'keep me\n');
    for (const args of [
      [rendered, '-o', out],
      [rendered],
      ['-o', join(temp, 'x.yaml')],
      ['no-such-dir', '-o', join(temp, 'x.yaml')],
      [rendered, '-o', join(temp, 'x.yaml'), '--pod-cidr', '10.0.0.0/8'],
      [rendered, '-o', join(temp, 'x.yaml'), '--bogus'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^v6net import: /);
    }
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    expect((await run([rendered, '-o', out, '--force'])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# v6net spec imported/);
  });

  it('runs as a real process', () => {
    const out = join(temp, 'proc.yaml');
    const p = spawnSync(process.execPath, ['bin/v6net.js', 'import', rendered, '-o', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(p.status).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});
