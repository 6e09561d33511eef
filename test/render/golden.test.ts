/**
 * Golden files: the homelab example renders to exactly the bytes under test/fixtures/render/homelab/ (one golden
 * per target). Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run test/render/golden.test.ts`
 * and review the diff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderNetwork } from '../../src/spec/render/index.js';
import { examplePlan, ROOT } from './support.js';

const GOLDEN = join(ROOT, 'test', 'fixtures', 'render', 'homelab');

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [relative(GOLDEN, full)];
  });
}

describe('render golden files (homelab example)', () => {
  const artifacts = renderNetwork(examplePlan());

  if (process.env['UPDATE_GOLDEN'] === '1') {
    rmSync(GOLDEN, { recursive: true, force: true });
    for (const a of artifacts) {
      mkdirSync(dirname(join(GOLDEN, a.path)), { recursive: true });
      writeFileSync(join(GOLDEN, a.path), a.content);
    }
  }

  it('renders exactly the golden set of files', () => {
    expect(artifacts.map((a) => a.path).sort()).toEqual(listFiles(GOLDEN).sort());
  });

  for (const a of artifacts) {
    it(`${a.path} matches its golden file byte for byte`, () => {
      expect(a.content).toBe(readFileSync(join(GOLDEN, a.path), 'utf8'));
    });
  }

  it('is deterministic: a second render gives identical bytes', () => {
    const again = renderNetwork(examplePlan());
    expect(again).toEqual(artifacts);
  });
});
