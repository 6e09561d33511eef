/**
 * Property: `check` over any damaged repo never throws. The fixture repos (Kubernetes YAML, kustomizations, VyOS set
 * and config.boot, FRR) and the seed site are truncated, shuffled line by line and mutated byte-wise; whatever comes
 * out, reading and checking return diagnostics, and every reader error (`E_*`) is located in the file it concerns.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkArtifacts } from '../src/check/check-artifacts.js';
import { checkSpecText } from '../src/check/check-spec.js';
import type { Diagnostic } from '../src/core/diagnostic.js';
import { readRepo } from '../src/spec/import/read-repo.js';
import { MemoryRepoFiles } from '../src/spec/import/repo-files.js';

const ROOT = join(import.meta.dirname, '..');

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== 'EXPECT' && name !== 'RULE') out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const repoDirs = [
  ...readdirSync(join(ROOT, 'test/fixtures/repos')).flatMap((c) =>
    ['bad', 'good'].map((t) => join(ROOT, 'test/fixtures/repos', c, t)),
  ),
  join(ROOT, 'test/fixtures/seed-site'),
  join(ROOT, 'test/fixtures/seed'),
  join(ROOT, 'test/fixtures/frr'),
];
const repos = repoDirs.map(filesUnder).filter((r) => Object.keys(r).length > 0);

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'shuffle'; seed: number }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number };

const NOISE = ['', ':', '- ', '{', '}', '"', "'", '\t', '\n', '  ', '#', '---\n', '[', ']', '::/0', '/', '\u0000', 'é'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('shuffle' as const), seed: fc.nat() }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...NOISE), fc.string({ maxLength: 6 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
);

function apply(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.kind === 'shuffle' ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'shuffle': {
      const lines = text.split('\n');
      let s = m.seed;
      for (let i = lines.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) % 2147483648;
        const j = s % (i + 1);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      return lines.join('\n');
    }
    case 'replace':
      return text.slice(0, at) + m.text + text.slice(at + 1);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate':
      return text.slice(0, at) + text.slice(at, at + m.length) + text.slice(at);
  }
}

async function checkAll(files: Record<string, string>): Promise<Diagnostic[]> {
  const artifacts = await readRepo(new MemoryRepoFiles(files), ['.']);
  return [
    ...artifacts.diagnostics,
    ...artifacts.specs.flatMap((s) => checkSpecText(s.text, s.path).diagnostics),
    ...checkArtifacts(artifacts),
  ];
}

describe('check over damaged repos', () => {
  it('the fixtures are many and of every format', () => {
    const names = repos.flatMap((r) => Object.keys(r));
    expect(repos.length).toBeGreaterThan(40);
    for (const ext of ['.yaml', '.set', '.boot', '.conf'])
      expect(
        names.some((n) => n.endsWith(ext)),
        ext,
      ).toBe(true);
  });

  it('never throws; reader errors are located in the damaged repo', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: repos.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 })), {
          minLength: 1,
          maxLength: 3,
        }),
        async (repoIndex, edits) => {
          const files = { ...repos[repoIndex]! };
          const names = Object.keys(files);
          for (const [pick, ms] of edits) {
            const name = names[pick % names.length]!;
            files[name] = ms.reduce(apply, files[name]!);
          }
          const diagnostics = await checkAll(files);
          for (const d of diagnostics) {
            expect(typeof d.code).toBe('string');
            expect(['error', 'warning', 'info']).toContain(d.severity);
            if (d.code.startsWith('E_')) {
              expect(d.source, `${d.code} unlocated`).toBeDefined();
              expect(names, `${d.code} in an unknown file`).toContain(d.source!.file);
              expect(d.source!.line).toBeGreaterThanOrEqual(1);
            }
          }
        },
      ),
      { numRuns: 150, seed: 20261207 },
    );
  }, 60_000);
});
