import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatK8sDocuments, formatYamlDocument } from './yaml-print.js';

describe('formatK8sDocuments', () => {
  it('orders apiVersion, kind, metadata (name, namespace, labels), spec first, whatever the input order', () => {
    const text = formatYamlDocument({
      spec: { a: 1 },
      metadata: { labels: { x: 'y' }, name: 'n', namespace: 'ns' },
      kind: 'K',
      apiVersion: 'v1',
    });
    expect(text).toBe(
      'apiVersion: v1\nkind: K\nmetadata:\n  name: n\n  namespace: ns\n  labels:\n    x: y\nspec:\n  a: 1\n',
    );
  });

  it('drops undefined fields instead of printing null, keeps empty strings', () => {
    const text = formatYamlDocument({
      apiVersion: 'v1',
      kind: 'K',
      metadata: { name: 'n' },
      spec: { a: undefined, b: '' },
    });
    expect(text).not.toContain('null');
    expect(text).toContain('b: ""');
  });

  it('is byte-stable and round-trips through a YAML parser', () => {
    const objs = [
      { apiVersion: 'v1', kind: 'A', metadata: { name: 'a' }, spec: { list: [{ k: '65000:99' }, { k: 'no' }] } },
      { apiVersion: 'v1', kind: 'B', metadata: { name: 'b' }, spec: { long: 'x'.repeat(300) } },
    ];
    const a = formatK8sDocuments(objs, 'header line');
    expect(formatK8sDocuments(objs, 'header line')).toBe(a);
    expect(a.startsWith('# header line\n---\n')).toBe(true);
    const back = parseAllDocuments(a);
    expect(Array.isArray(back) ? back.map((d) => d.toJS()) : []).toEqual(objs);
    expect(a.split('\n').some((l) => l.length > 300)).toBe(true); // no folding of long strings
  });
});
