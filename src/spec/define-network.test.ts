import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defineNetwork, loadSpecObject, loadSpecText } from './load.js';
import { planNetwork } from './plan.js';
import { MINI_SPEC_YAML, miniSpec } from './testing.js';

const strip = (d: { code: string; path: readonly (string | number)[] }) => ({ code: d.code, path: d.path });

describe('defineNetwork / loadSpecObject', () => {
  it('defineNetwork returns the spec it is given (a typed identity)', () => {
    const spec = miniSpec();
    expect(defineNetwork(spec)).toBe(spec);
  });

  it('a TS spec loads to the same spec and plan as the equivalent YAML', () => {
    const fromTs = loadSpecObject(miniSpec(), 'mini.ts');
    const fromYaml = loadSpecText(MINI_SPEC_YAML, 'mini.yaml');
    expect(fromTs.diagnostics).toEqual([]);
    expect(fromTs.spec).toEqual(fromYaml.spec);
    const a = planNetwork(fromTs).plan!;
    const b = planNetwork(fromYaml).plan!;
    expect(a.nodes.map((n) => [n.name, n.podCidr?.toString(), n.routerId?.toString()])).toEqual(
      b.nodes.map((n) => [n.name, n.podCidr?.toString(), n.routerId?.toString()]),
    );
    expect(JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).toBe(
      JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
    );
  });

  it('the homelab example parsed as plain data validates like the YAML text', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../examples/homelab/v6net.yaml'), 'utf8');
    const fromObject = loadSpecObject(parse(text));
    expect(fromObject.diagnostics).toEqual([]);
    expect(fromObject.spec).toEqual(loadSpecText(text, 'v6net.yaml').spec);
  });

  it('reports the same codes and paths as YAML, without source positions', () => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed test data
    const bad = miniSpec() as unknown as Record<string, any>;
    bad['cluster']['asn'] = 'x';
    bad['plan'][1]['nodeMaskSze'] = 64;
    bad['cluster']['nodes'][1]['name'] = 'n1';
    bad['cluster']['nodes'][0]['address'] = 'fe80::1%eth0';
    bad['routers'][0]['routerId'] = undefined;
    const fromObject = loadSpecObject(bad, 'bad.ts');
    const yamlText = JSON.stringify(bad);
    const fromYaml = loadSpecText(yamlText, 'bad.json');
    expect(fromObject.spec).toBeUndefined();
    expect(fromObject.diagnostics.map(strip).sort((x, y) => x.code.localeCompare(y.code))).toEqual(
      fromYaml.diagnostics.map(strip).sort((x, y) => x.code.localeCompare(y.code)),
    );
    expect(fromObject.diagnostics.map((d) => d.code).sort()).toEqual([
      'E_DUPLICATE_NAME',
      'E_SCHEMA_REQUIRED',
      'E_SCHEMA_TYPE',
      'E_SCHEMA_UNKNOWN_KEY',
      'E_UNKNOWN_REF', // the Service endpoint n2 no longer exists
      'E_ZONE_NOT_ALLOWED',
    ]);
    expect(fromObject.diagnostics.every((d) => d.source === undefined)).toBe(true);
    expect(fromObject.locate(['cluster'])).toBeUndefined();
  });

  it('non-objects are E_SCHEMA_TYPE, never an exception', () => {
    for (const value of [undefined, null, 42, 'text', [1], () => 1]) {
      const loaded = loadSpecObject(value);
      expect(loaded.diagnostics.map((d) => d.code)).toEqual(['E_SCHEMA_TYPE']);
    }
  });

  it('a cyclic object does not recurse forever', () => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed test data
    const spec = miniSpec() as unknown as Record<string, any>;
    spec['cluster']['nodes'][0]['labels'] = { self: spec };
    const loaded = loadSpecObject(spec);
    expect(loaded.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['E_SCHEMA_TYPE', ['cluster', 'nodes', 0, 'labels', 'self']],
    ]);
  });
});
