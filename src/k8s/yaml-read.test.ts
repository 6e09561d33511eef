import { describe, expect, it } from 'vitest';
import { readK8sYaml } from './yaml-read.js';

describe('readK8sYaml', () => {
  it('reads every document with its position and locates fields', () => {
    const text =
      '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: cilium.io/v2\nkind: CiliumBGPClusterConfig\nmetadata:\n  name: b\nspec:\n  bgpInstances:\n    - name: x\n      localASN: 65500\n';
    const r = readK8sYaml(text, 'f.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => [o.object.kind, o.source.line])).toEqual([
      ['Service', 2],
      ['CiliumBGPClusterConfig', 7],
    ]);
    expect(r.objects[1]!.locate(['spec', 'bgpInstances', 0, 'localASN'])).toEqual({
      file: 'f.yaml',
      line: 14,
      column: 17,
    });
  });

  it('reports syntax errors and non-objects instead of throwing', () => {
    const r = readK8sYaml('a: [1, 2\n---\n- just\n- a list\n', 'bad.yaml');
    expect(r.diagnostics.map((d) => d.code)).toContain('E_YAML_SYNTAX');
    const r2 = readK8sYaml('- just\n- a list\n', 'list.yaml');
    expect(r2.diagnostics.map((d) => d.code)).toEqual(['E_K8S_NOT_AN_OBJECT']);
    expect(r2.objects).toEqual([]);
  });

  it('reports duplicate keys with their line', () => {
    const r = readK8sYaml('apiVersion: v1\nkind: A\nkind: B\nmetadata: {name: x}\n', 'dup.yaml');
    expect(r.diagnostics[0]?.code).toBe('E_YAML_DUPLICATE_KEY');
    expect(r.diagnostics[0]?.source?.line).toBe(3);
  });

  it('never throws on arbitrary bytes', () => {
    for (const text of ['\u0000\u0001', '&a [*a]', '{{{{', 'a: *nope', '%YAML 9\n---\n', '"unterminated']) {
      expect(() => readK8sYaml(text, 'x')).not.toThrow();
    }
  });
});
