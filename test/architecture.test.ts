/**
 * Enforces the layer table of DESIGN.md / ARCHITECTURE.md: a folder under src/ imports only from folders of a
 * strictly lower rank (or from itself). Reads the import specifiers of every src/**\/*.ts file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ranks: Record<string, number> = {
  core: 0,
  ip: 1,
  bgp: 2,
  k8s: 3,
  vyos: 3,
  frr: 3,
  cilium: 4,
  router: 4,
  spec: 5,
  check: 6,
  twin: 7,
  lab: 8,
  live: 8,
  ui: 9,
  cli: 10,
};

const srcDir = resolve(import.meta.dirname, '..', 'src');

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTs(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

const importRe =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec !== undefined) found.push(spec);
  }
  return found;
}

function layerOf(file: string): string {
  const rel = relative(srcDir, file);
  const top = rel.split(sep)[0] ?? '';
  return top;
}

describe('layer order', () => {
  const files = listTs(srcDir);

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('every top-level folder of src/ has a rank', () => {
    for (const file of files) {
      const layer = layerOf(file);
      expect(ranks, `${relative(srcDir, file)} is in an unranked folder '${layer}'`).toHaveProperty(layer);
    }
  });

  it('imports only point to lower ranks (or the same folder)', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue; // packages and node: builtins are not layers
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(srcDir + sep)) {
          violations.push(`${relative(srcDir, file)} imports '${spec}' outside src/`);
          continue;
        }
        const to = layerOf(target);
        if (to === from) continue;
        const rf = ranks[from];
        const rt = ranks[to];
        if (rf === undefined || rt === undefined || rt >= rf) {
          violations.push(`${relative(srcDir, file)} (${from}, rank ${rf}) imports '${spec}' (${to}, rank ${rt})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('the import reader sees every form', () => {
    const src = `import a from './a.js';\nimport { b,\n c } from "../b.js";\nexport * from './c.js';\nimport './d.js';\nconst e = await import('./e.js');\nimport type { F } from './f.js';`;
    expect(importsOf(src)).toEqual(
      ['./a.js', '../b.js', './c.js', './d.js', './f.js', './e.js'].sort((x, y) => src.indexOf(x) - src.indexOf(y)),
    );
  });

  it('flags an upward import (the checker can fail)', () => {
    const fake = join(srcDir, 'ip', 'x.ts');
    const spec = '../spec/schema.js';
    const to = layerOf(resolve(dirname(fake), spec));
    expect(to).toBe('spec');
    expect(ranks[to]! >= ranks['ip']!).toBe(true);
  });
});
