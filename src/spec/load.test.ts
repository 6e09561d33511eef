import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/diagnostic.js';
import { loadSpecText } from './load.js';
import { MINI_SPEC_YAML, mutate, positionOf } from './testing.js';

const FILE = 'spec.yaml';

function load(text: string) {
  return loadSpecText(text, FILE);
}

/** The only diagnostic with `code` (fails if there is not exactly one). */
function one(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  expect(found, `${code} in ${JSON.stringify(diagnostics.map((d) => d.code))}`).toHaveLength(1);
  return found[0]!;
}

describe('loadSpecText: a valid spec', () => {
  it('loads with no diagnostics and returns the data', () => {
    const loaded = load(MINI_SPEC_YAML);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.spec?.cluster.nodes.map((n) => n.name)).toEqual(['n1', 'n2']);
    expect(loaded.file).toBe(FILE);
  });

  it('locates data paths at their values', () => {
    const loaded = load(MINI_SPEC_YAML);
    expect(loaded.locate(['cluster', 'asn'])).toEqual(positionOf(MINI_SPEC_YAML, '65500'));
    expect(loaded.locate(['cluster', 'nodes', 1, 'address'])).toEqual(
      positionOf(MINI_SPEC_YAML, '2001:db8:0:fff0::21'),
    );
    expect(loaded.locate(['plan', 1])).toEqual(positionOf(MINI_SPEC_YAML, 'name: pods'));
  });

  it('accepts JSON text (YAML is a superset)', () => {
    const json = JSON.stringify(load(MINI_SPEC_YAML).spec);
    const loaded = load(json);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.spec).toEqual(load(MINI_SPEC_YAML).spec);
  });
});

describe('loadSpecText: every code, located', () => {
  it('E_YAML_SYNTAX: all parser errors, each with a position', () => {
    const text = mutate(mutate(MINI_SPEC_YAML, 'name: mini\n', 'name: [mini\n'), '  asn: 65500\n', '  asn: "65500\n');
    const { diagnostics, spec } = load(text);
    expect(spec).toBeUndefined();
    const syntax = diagnostics.filter((d) => d.code === 'E_YAML_SYNTAX');
    expect(syntax.length).toBeGreaterThanOrEqual(2);
    for (const d of syntax) expect(d.source?.file).toBe(FILE);
    expect(syntax.every((d) => (d.source?.line ?? 0) >= 2)).toBe(true);
  });

  it('E_YAML_SYNTAX for an unquoted IPv6 text ending in "::" explains the quoting', () => {
    const text = mutate(MINI_SPEC_YAML, 'prefix: 2001:db8:0:401::/64', 'prefix: 2001:db8:0:401::');
    const d = one(load(text).diagnostics, 'E_YAML_SYNTAX');
    expect(d.source?.line).toBe(positionOf(text, '2001:db8:0:401::').line);
    expect(d.hint).toBeDefined();
  });

  it('E_YAML_SYNTAX on an unclosed flow sequence points after it', () => {
    const { diagnostics } = load('a: [');
    expect(diagnostics.map((d) => d.code)).toEqual(['E_YAML_SYNTAX']);
    expect(diagnostics[0]?.source).toEqual({ file: FILE, line: 1, column: 5 });
  });

  it('E_YAML_DUPLICATE_KEY at the repeated key, with the first one related, and still validates the rest', () => {
    let text = mutate(MINI_SPEC_YAML, '  asn: 65500\n', '  asn: 65500\n  asn: 65501\n');
    text = mutate(text, 'role: worker', 'role: workr');
    const { diagnostics, spec } = load(text);
    const d = one(diagnostics, 'E_YAML_DUPLICATE_KEY');
    expect(d.path).toEqual(['cluster', 'asn']);
    expect(d.source).toEqual(positionOf(text, 'asn: 65501'));
    expect(d.related?.[0]?.source).toEqual(positionOf(text, 'asn: 65500'));
    expect(one(diagnostics, 'E_SCHEMA_ENUM').path).toEqual(['cluster', 'nodes', 1, 'role']);
    expect(spec).toBeUndefined();
  });

  it('E_SCHEMA_TYPE at the value', () => {
    const text = mutate(MINI_SPEC_YAML, 'asn: 65500', 'asn: "x"');
    const d = one(load(text).diagnostics, 'E_SCHEMA_TYPE');
    expect(d.path).toEqual(['cluster', 'asn']);
    expect(d.source).toEqual(positionOf(text, '"x"'));
  });

  it('E_SCHEMA_TYPE for a fraction where an integer belongs, and for null', () => {
    const text = mutate(mutate(MINI_SPEC_YAML, 'nodeMaskSize: 64', 'nodeMaskSize: 64.5'), 'name: mini\n', 'name:\n');
    const codes = load(text).diagnostics.map((d) => [d.code, d.path.join('.')]);
    expect(codes).toContainEqual(['E_SCHEMA_TYPE', 'plan.1.nodeMaskSize']);
    expect(codes).toContainEqual(['E_SCHEMA_TYPE', 'name']);
  });

  it('E_SCHEMA_REQUIRED at the map that lacks the key', () => {
    const text = mutate(MINI_SPEC_YAML, '    routerId: 10.255.255.1\n', '');
    const d = one(load(text).diagnostics, 'E_SCHEMA_REQUIRED');
    expect(d.path).toEqual(['routers', 0, 'routerId']);
    expect(d.source).toEqual(positionOf(text, 'name: r01'));
  });

  it('E_SCHEMA_UNKNOWN_KEY at the key, with a did-you-mean hint', () => {
    const text = mutate(MINI_SPEC_YAML, 'nodeMaskSize: 64', 'nodeMaskSze: 64');
    const d = one(load(text).diagnostics, 'E_SCHEMA_UNKNOWN_KEY');
    expect(d.path).toEqual(['plan', 1, 'nodeMaskSze']);
    expect(d.source).toEqual(positionOf(text, 'nodeMaskSze'));
    expect(d.hint).toContain("'nodeMaskSize'");
  });

  it('E_SCHEMA_UNKNOWN_KEY without a close match lists the allowed keys', () => {
    const text = mutate(MINI_SPEC_YAML, '  asn: 65500\n', '  asn: 65500\n  zzzzzzzzzz: 1\n');
    const d = one(load(text).diagnostics, 'E_SCHEMA_UNKNOWN_KEY');
    expect(d.hint).toContain('routerIdPool');
  });

  it('E_SCHEMA_ENUM at the value, hint with the allowed values and the closest one', () => {
    const text = mutate(MINI_SPEC_YAML, 'role: worker', 'role: workr');
    const d = one(load(text).diagnostics, 'E_SCHEMA_ENUM');
    expect(d.path).toEqual(['cluster', 'nodes', 1, 'role']);
    expect(d.source).toEqual(positionOf(text, 'workr'));
    expect(d.hint).toContain('control-plane');
    expect(d.hint).toContain("'worker'");
  });

  it('E_SCHEMA_ENUM inside a union (selector: "al")', () => {
    const text = mutate(
      MINI_SPEC_YAML,
      'addresses: [LoadBalancerIP]',
      'addresses: [LoadBalancerIP]\n      selector: al',
    );
    const d = one(load(text).diagnostics, 'E_SCHEMA_ENUM');
    expect(d.path).toEqual(['cluster', 'advertisements', 0, 'selector']);
  });

  it('E_SCHEMA_RANGE for numbers, text lengths and list sizes', () => {
    let text = mutate(MINI_SPEC_YAML, 'asn: 65666', 'asn: 0');
    text = mutate(text, 'name: eth1\n', 'name: eth1\n      vlan: 5000\n');
    const { diagnostics } = load(text);
    const ranges = diagnostics.filter((d) => d.code === 'E_SCHEMA_RANGE');
    expect(ranges.map((d) => d.path)).toEqual([
      ['routers', 0, 'asn'],
      ['routers', 0, 'nodeInterface', 'vlan'],
    ]);
    expect(ranges[0]?.source).toEqual(positionOf(text, '0\n    routerId'));
    expect(ranges[1]?.source).toEqual(positionOf(text, '5000'));
    const empty = load(mutate(MINI_SPEC_YAML, 'routers:\n', 'routers: []\nx_routers:\n'));
    expect(empty.diagnostics.map((d) => d.code)).toContain('E_SCHEMA_RANGE');
  });

  it('E_SCHEMA_PATTERN for a name that is not a DNS label', () => {
    const text = mutate(MINI_SPEC_YAML, 'name: mini\n', 'name: Mini_Net\n');
    const d = one(load(text).diagnostics, 'E_SCHEMA_PATTERN');
    expect(d.path).toEqual(['name']);
    expect(d.source).toEqual(positionOf(text, 'Mini_Net'));
  });

  it('E_PREFIX_SYNTAX for a bad prefix, a missing length and an IPv4 prefix in an IPv6 field', () => {
    let text = mutate(MINI_SPEC_YAML, 'aggregate: 2001:db8::/48', 'aggregate: 2001:db8::/129');
    text = mutate(text, 'prefix: 2001:db8:0:401::/64', 'prefix: "2001:db8:0:401::"');
    text = mutate(text, 'prefix: 2001:db8:0:fff0::/64', 'prefix: 10.0.0.0/8');
    const found = load(text).diagnostics.filter((d) => d.code === 'E_PREFIX_SYNTAX');
    expect(found.map((d) => d.path)).toEqual([['aggregate'], ['plan', 2, 'prefix'], ['plan', 3, 'prefix']]);
    expect(found[0]?.source).toEqual(positionOf(text, '2001:db8::/129'));
  });

  it('E_PREFIX_SYNTAX for an interface address and the IPv4 router-ID pool', () => {
    let text = mutate(MINI_SPEC_YAML, 'address: 2001:db8:0:fff0::1/64', 'address: 2001:db8:0:fff0::1');
    text = mutate(text, 'routerIdPool: 10.255.0.0/24', 'routerIdPool: 10.255.0.0/33');
    const found = load(text).diagnostics.filter((d) => d.code === 'E_PREFIX_SYNTAX');
    expect(found.map((d) => d.path)).toEqual([
      ['cluster', 'routerIdPool'],
      ['routers', 0, 'nodeInterface', 'address'],
    ]);
  });

  it('E_ADDRESS_SYNTAX for node, router-ID and list addresses', () => {
    let text = mutate(MINI_SPEC_YAML, 'address: 2001:db8:0:fff0::11', 'address: 2001:db8::zz');
    text = mutate(text, 'routerId: 10.255.255.1', 'routerId: 10.255.255.256');
    text = mutate(text, 'endpoints: [n2]', 'endpoints: [n2]\n      externalIPs: ["2001:db8::1/128"]');
    const found = load(text).diagnostics.filter((d) => d.code === 'E_ADDRESS_SYNTAX');
    expect(found.map((d) => d.path)).toEqual([
      ['cluster', 'nodes', 0, 'address'],
      ['routers', 0, 'routerId'],
      ['workloads', 'services', 0, 'externalIPs', 0],
    ]);
    expect(found[0]?.source).toEqual(positionOf(text, '2001:db8::zz'));
    expect(found[2]?.hint).toBeDefined();
  });

  it('E_ZONE_NOT_ALLOWED for an address with a zone id', () => {
    const text = mutate(MINI_SPEC_YAML, 'address: 2001:db8:ffff::1', 'address: fe80::1%eth0');
    const d = one(load(text).diagnostics, 'E_ZONE_NOT_ALLOWED');
    expect(d.path).toEqual(['upstream', 'neighbors', 0, 'address']);
    expect(d.source).toEqual(positionOf(text, 'fe80::1%eth0'));
  });

  it('E_DUPLICATE_NAME for nodes, plan entries, routers, advertisements and Services', () => {
    let text = mutate(MINI_SPEC_YAML, '- name: n2', '- name: n1');
    text = mutate(text, '- name: lb\n', '- name: pods\n');
    text = mutate(
      text,
      'routers:\n',
      'routers:\n  - name: r01\n    asn: 65666\n    routerId: 10.255.255.2\n    nodeInterface: {name: eth1, address: "2001:db8:0:fff0::2/64"}\n',
    );
    text = mutate(
      text,
      'addresses: [LoadBalancerIP]\n',
      'addresses: [LoadBalancerIP]\n    - name: services\n      type: PodCIDR\n',
    );
    text = mutate(text, 'endpoints: [n2]\n', 'endpoints: [n1]\n    - name: web\n      type: ClusterIP\n');
    const found = load(text).diagnostics.filter((d) => d.code === 'E_DUPLICATE_NAME');
    expect(found.map((d) => d.path)).toEqual([
      ['plan', 2, 'name'],
      ['cluster', 'nodes', 1, 'name'],
      ['cluster', 'advertisements', 1, 'name'],
      ['routers', 1, 'name'],
      ['workloads', 'services', 1, 'name'],
    ]);
    const node = found[1]!;
    expect(node.source).toEqual(positionOf(text, 'n1', 2));
    expect(node.related?.[0]?.source).toEqual(positionOf(text, 'n1', 1));
  });

  it('E_UNKNOWN_REF for an upstream neighbor router and a Service endpoint node, with did-you-mean', () => {
    let text = mutate(MINI_SPEC_YAML, 'router: r01', 'router: r1');
    text = mutate(text, 'endpoints: [n2]', 'endpoints: [n2, n3]');
    const found = load(text).diagnostics.filter((d) => d.code === 'E_UNKNOWN_REF');
    expect(found.map((d) => d.path)).toEqual([
      ['upstream', 'neighbors', 0, 'router'],
      ['workloads', 'services', 0, 'endpoints', 1],
    ]);
    expect(found[0]?.source).toEqual(positionOf(text, 'r1\n'));
    expect(found[0]?.hint).toContain("'r01'");
    expect(found[1]?.source).toEqual(positionOf(text, 'n3'));
  });

  it('E_FIELD_NOT_FOR_ROLE at the key, for plan roles, advertisement types and Service types', () => {
    let text = mutate(MINI_SPEC_YAML, 'role: lb-pool\n', 'role: lb-pool\n    nodeMaskSize: 64\n');
    text = mutate(
      text,
      'addresses: [LoadBalancerIP]\n',
      'addresses: [LoadBalancerIP]\n    - name: pods\n      type: PodCIDR\n      selector: all\n',
    );
    text = mutate(
      text,
      'endpoints: [n2]\n',
      'endpoints: [n2]\n    - name: api\n      type: ClusterIP\n      requestedIPs: ["2001:db8::1"]\n',
    );
    const found = load(text).diagnostics.filter((d) => d.code === 'E_FIELD_NOT_FOR_ROLE');
    expect(found.map((d) => d.path)).toEqual([
      ['plan', 2, 'nodeMaskSize'],
      ['cluster', 'advertisements', 1, 'selector'],
      ['workloads', 'services', 1, 'requestedIPs'],
    ]);
    expect(found[0]?.source).toEqual(positionOf(text, 'nodeMaskSize', 2));
  });

  it('E_SCHEMA_REQUIRED for a Service advertisement without addresses', () => {
    const text = mutate(MINI_SPEC_YAML, '      addresses: [LoadBalancerIP]\n', '');
    const d = one(load(text).diagnostics, 'E_SCHEMA_REQUIRED');
    expect(d.path).toEqual(['cluster', 'advertisements', 0, 'addresses']);
    expect(d.source).toEqual(positionOf(text, 'name: services', 2));
  });

  it('E_ROLE_MISSING at the plan list, E_ROLE_DUPLICATE at the second role', () => {
    const missing = mutate(MINI_SPEC_YAML, 'role: node-network', 'role: reserved');
    const d = one(load(missing).diagnostics, 'E_ROLE_MISSING');
    expect(d.path).toEqual(['plan']);
    expect(d.source).toEqual(positionOf(missing, '- name: services'));

    const dup = mutate(MINI_SPEC_YAML, 'role: lb-pool', 'role: pod-cidr');
    const e = one(load(dup).diagnostics, 'E_ROLE_DUPLICATE');
    expect(e.path).toEqual(['plan', 2, 'role']);
    expect(e.source).toEqual(positionOf(dup, 'pod-cidr', 2));
  });

  it('collects many problems from one file, sorted by position', () => {
    let text = mutate(MINI_SPEC_YAML, 'name: mini\n', 'name: Mini\n');
    text = mutate(text, 'nodeMaskSize: 64', 'nodeMaskSze: 64');
    text = mutate(text, 'asn: 65500', 'asn: -1');
    text = mutate(text, 'role: worker', 'role: boss');
    text = mutate(text, 'address: 2001:db8:0:fff0::21', 'address: 2001:db8:0:fff0::21/64');
    text = mutate(text, 'router: r01', 'router: r02');
    text = mutate(text, 'endpoints: [n2]', 'endpoints: [n9]');
    const { diagnostics, spec } = load(text);
    expect(spec).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual([
      'E_SCHEMA_PATTERN',
      'E_SCHEMA_UNKNOWN_KEY',
      'E_SCHEMA_RANGE',
      'E_SCHEMA_ENUM',
      'E_ADDRESS_SYNTAX',
      'E_UNKNOWN_REF',
      'E_UNKNOWN_REF',
    ]);
    const lines = diagnostics.map((d) => d.source?.line ?? 0);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    expect(diagnostics.every((d) => d.severity === 'error' && d.source?.file === FILE)).toBe(true);
  });
});
