import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const broken = 'test/fixtures/spec/prefix-overlap.yaml';

function fakeIo(cwd = root, isTty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    cwd,
    env: {},
    isTty,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function run(args: string[], cwd = root, isTty = false) {
  const f = fakeIo(cwd, isTty);
  const code = await main(['check', ...args], f.io);
  return { code, stdout: f.stdout(), stderr: f.stderr() };
}

const temp = mkdtempSync(join(tmpdir(), 'v6net-check-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('v6net check', () => {
  it('exits 0 on the homelab example (warnings allowed) and prints a summary', async () => {
    const r = await run(['examples/homelab/v6net.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^0 errors, \d+ warnings?/m);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('exits 1 on a broken spec with file:line:col findings, hints and related lines, no stack trace', async () => {
    const r = await run([broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${broken}:19:13 error plan/prefix-overlap `, 'm'));
    expect(r.stdout).toMatch(/^ {4}hint: /m);
    expect(r.stdout).toMatch(new RegExp(`^ {4}related: ${broken}:16:13 `, 'm'));
    expect(r.stdout).toMatch(/^2 errors, 0 warnings/m);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('colors only on a TTY', async () => {
    const r = await run([broken], root, true);
    expect(r.stdout).toContain('\u001b[31merror');
  });

  it('--json prints an array of records with the documented fields', async () => {
    const r = await run([broken, '--json']);
    expect(r.code).toBe(1);
    const records = JSON.parse(r.stdout) as Record<string, unknown>[];
    const overlap = records.find((d) => d['code'] === 'plan/prefix-overlap')!;
    expect(overlap).toMatchObject({ severity: 'error', file: broken, line: 19, column: 13, path: 'plan[3].prefix' });
    expect(typeof overlap['message']).toBe('string');
    expect(typeof overlap['hint']).toBe('string');
    expect(overlap['related']).toEqual([expect.objectContaining({ file: broken, line: 16 })]);
    for (const d of records) {
      for (const k of ['code', 'severity', 'message', 'file', 'line', 'column', 'path']) expect(d).toHaveProperty(k);
    }
  });

  it('defaults to v6net.yaml in the working directory', async () => {
    writeFileSync(join(temp, 'v6net.yaml'), 'version: 1\nname: x\n');
    const r = await run([], temp);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^v6net\.yaml:\d+:\d+ error E_SCHEMA_REQUIRED /m);
  });

  it('--rules lists every rule with severity and doc, also as JSON', async () => {
    const text = await run(['--rules']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}plan\/prefix-overlap +error +\S/m);
    const json = JSON.parse((await run(['--rules', '--json'])).stdout) as {
      id: string;
      severity: string;
      doc: string;
    }[];
    expect(json.length).toBeGreaterThan(40);
    expect(json.find((r) => r.id === 'k8s/service-cidr-too-large')?.severity).toBe('error');
  });

  it('exits 2 on usage errors: unknown flag, a path that does not exist (alone or among others)', async () => {
    for (const args of [['--bogus'], ['no-such-file.yaml'], [broken, 'no-such-dir/'], ['--rules', broken]]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^v6net check: /);
    }
    expect((await run([], temp + '/nowhere')).code).toBe(2);
  });

  it('checks several paths at once: a spec, a directory of artifacts and single files, findings from each', async () => {
    const r = await run([broken, 'test/fixtures/seed', 'test/fixtures/seed-site/routers/r02.boot', '--json']);
    expect(r.code).toBe(1);
    const records = JSON.parse(r.stdout) as { code: string; file: string }[];
    const files = new Set(records.map((d) => d.file));
    expect(files).toContain(broken);
    expect(files).toContain('test/fixtures/seed/cluster/infra/cilium/kustomization.yaml');
    expect(records.some((d) => d.code === 'import/remote-resource')).toBe(true);
  });

  it('broken repo files give located reader errors and exit 1, never a stack trace', async () => {
    const dir = join(temp, 'broken-repo');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'bgp.yaml'),
      'apiVersion: cilium.io/v2\nkind: CiliumBGPClusterConfig\nmetadata: {name: x\n',
    );
    writeFileSync(join(dir, 'r1.set'), 'set protocols bgp system-as 65666\nset protocols bgp system-as banana\n');
    writeFileSync(
      join(dir, 'pool.yaml'),
      'apiVersion: cilium.io/v2\nkind: CiliumLoadBalancerIPPool\nmetadata: {name: p}\nspec:\n  blocks: [{cidr: 12}]\n',
    );
    const r = await run([dir, '--json'], temp);
    expect(r.code).toBe(1);
    const records = JSON.parse(r.stdout) as { code: string; file: string; line: number }[];
    const at = (file: string) => records.filter((d) => d.file.endsWith(file)).map((d) => `${d.code}:${d.line}`);
    // The unclosed flow mapping is found where the input ends.
    expect(at('bgp.yaml')).toContain('E_YAML_SYNTAX:4');
    expect(at('r1.set')).toContain('E_VYOS_VALUE:2');
    expect(at('pool.yaml').some((x) => /^E_(SCHEMA_TYPE|ADDRESS_SYNTAX):5$/.test(x))).toBe(true);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('runs as a real process: exit code 1 and findings on stdout', () => {
    const p = spawnSync(process.execPath, ['bin/v6net.js', 'check', broken], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(p.status).toBe(1);
    expect(p.stdout).toContain(`${broken}:19:13 error plan/prefix-overlap`);
    expect(p.stderr).not.toMatch(/\n\s+at /);
  });
});
