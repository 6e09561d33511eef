import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJsonSchema } from './json-schema.js';
import { loadSpecText } from './load.js';
import { planNetwork } from './plan.js';

const root = resolve(import.meta.dirname, '..', '..');
const examplePath = resolve(root, 'examples/homelab/v6net.yaml');

describe('examples/homelab/v6net.yaml', () => {
  const text = readFileSync(examplePath, 'utf8');

  it('points editors at the committed schema', () => {
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/v6net.schema.json');
  });

  it('loads and plans without diagnostics', () => {
    const loaded = loadSpecText(text, 'examples/homelab/v6net.yaml');
    expect(loaded.diagnostics).toEqual([]);
    const { plan, diagnostics } = planNetwork(loaded);
    expect(diagnostics).toEqual([]);
    expect(plan?.nodes).toHaveLength(6);
    expect(plan?.nodes.every((n) => n.podCidr !== undefined && n.routerId !== undefined)).toBe(true);
    expect(plan?.kubernetesServiceIp?.toString()).toBe('2a0e:97c0:ae3:c100::1');
  });
});

describe('schema/v6net.schema.json', () => {
  it('is up to date with src/spec/schema.ts (regenerate: v6net schema -o schema/v6net.schema.json)', () => {
    const committed = readFileSync(resolve(root, 'schema/v6net.schema.json'), 'utf8');
    expect(committed).toBe(renderJsonSchema());
  });
});
