/**
 * Data-driven test of `v6net check` over small repositories: every `test/fixtures/repos/<case>/` holds a `bad/` repo
 * built to trigger the rule named in `RULE`, and a `good/` twin that differs only where it matters. Each twin may
 * list its expected findings in `EXPECT`, one per line: `code file:line [related file:line ...]` (paths relative to
 * the twin). Every expected finding must be reported at that line with those related positions; every error or
 * warning reported must be expected; the good twin must not report the case's rule at all.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArtifacts } from '../src/check/check-artifacts.js';
import { artifactRules, findRule } from '../src/check/registry.js';
import { fsRepoFiles } from '../src/cli/fs-repo-files.js';
import type { Diagnostic } from '../src/core/diagnostic.js';
import { readRepo } from '../src/spec/import/read-repo.js';

const root = resolve(import.meta.dirname, '..');
const reposDir = 'test/fixtures/repos';
const cases = readdirSync(join(root, reposDir)).sort();

interface Expected {
  readonly code: string;
  readonly at: string;
  readonly related: readonly string[];
}

function expectations(dir: string): Expected[] {
  const file = join(root, dir, 'EXPECT');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [code, at, ...rest] = line.trim().split(/\s+/);
      const related = rest.filter((_, i) => i % 2 === 1);
      return { code: code!, at: at!, related };
    });
}

async function check(dir: string): Promise<Diagnostic[]> {
  const artifacts = await readRepo(fsRepoFiles(root), [dir]);
  return checkArtifacts(artifacts);
}

const where = (dir: string, s: { file: string; line: number } | undefined) =>
  s === undefined ? '?' : `${s.file.startsWith(`${dir}/`) ? s.file.slice(dir.length + 1) : s.file}:${s.line}`;

function assertTwin(dir: string, diagnostics: Diagnostic[], expected: Expected[]): void {
  const found = diagnostics.map((d) => ({
    d,
    code: d.code,
    at: where(dir, d.source),
    related: (d.related ?? []).map((r) => where(dir, r.source)),
  }));
  const listing = found.map((f) => `${f.code} ${f.at}`).join(', ') || 'nothing';
  for (const e of expected) {
    const hit = found.find((f) => f.code === e.code && f.at === e.at);
    expect(hit, `${dir}: expected ${e.code} at ${e.at}; found ${listing}`).toBeDefined();
    for (const r of e.related) expect(hit!.related, `${dir}: ${e.code} related`).toContain(r);
  }
  const unexpected = found.filter(
    (f) => f.d.severity !== 'info' && !expected.some((e) => e.code === f.code && e.at === f.at),
  );
  expect(
    unexpected.map((f) => `${f.code} ${f.at}`),
    `${dir}: unexpected findings`,
  ).toEqual([]);
}

describe('repo fixtures', () => {
  it('has at least 20 cases, each naming a registered rule', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const c of cases) {
      const rule = readFileSync(join(root, reposDir, c, 'RULE'), 'utf8').trim();
      expect(findRule(rule), `${c}: unknown rule ${rule}`).toBeDefined();
    }
  });

  it('every artifact rule has a case of its own', () => {
    const covered = new Set(cases.map((c) => readFileSync(join(root, reposDir, c, 'RULE'), 'utf8').trim()));
    expect(artifactRules.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(cases)('%s', async (name) => {
    const rule = readFileSync(join(root, reposDir, name, 'RULE'), 'utf8').trim();
    const bad = `${reposDir}/${name}/bad`;
    const good = `${reposDir}/${name}/good`;
    const badExpected = expectations(bad);
    expect(
      badExpected.map((e) => e.code),
      `${name}: the bad twin must expect its rule`,
    ).toContain(rule);
    const badFound = await check(bad);
    assertTwin(bad, badFound, badExpected);
    // Cross-checks name both sides of the disagreement.
    for (const d of badFound.filter((x) => x.code === rule && x.code.startsWith('cross-'))) {
      expect(
        d.related?.some((r) => r.source !== undefined),
        `${name}: ${rule} without the other side`,
      ).toBe(true);
    }
    const goodFound = await check(good);
    assertTwin(good, goodFound, expectations(good));
    expect(
      goodFound.map((d) => d.code),
      `${name}: the good twin reports the rule`,
    ).not.toContain(rule);
  });
});
