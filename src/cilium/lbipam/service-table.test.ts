import { describe, expect, it } from 'vitest';
import { ServiceTable } from './service-table.js';

interface E {
  readonly id: string;
  slot: number;
}

const walk = (t: ServiceTable<E>) => {
  const out: string[] = [];
  t.forEach((e) => {
    out.push(e.id);
  });
  return out;
};

describe('ServiceTable (Services by namespace and name, in arrival order)', () => {
  it('gets by namespace and name, walks in arrival order, skips deleted ones; a re-added name goes last', () => {
    const t = new ServiceTable<E>();
    for (const [ns, name] of [
      ['a', 'x'],
      ['b', 'x'],
      ['a', 'y'],
    ])
      t.add(ns!, name!, { id: `${ns}/${name}`, slot: -1 });
    expect(t.get('b', 'x')?.id).toBe('b/x');
    expect(t.get('b', 'y')).toBeUndefined();
    t.delete('a', 'x');
    t.delete('a', 'nope');
    expect([walk(t), t.size, t.get('a', 'x')]).toEqual([['b/x', 'a/y'], 2, undefined]);
    t.add('a', 'x', { id: 'a/x again', slot: -1 });
    expect(walk(t)).toEqual(['b/x', 'a/y', 'a/x again']);
  });

  it('compacts after many deletions and keeps the order; entries added while walking are visited', () => {
    const t = new ServiceTable<E>();
    for (let i = 0; i < 500; i++) t.add('ns', `s${i}`, { id: `s${i}`, slot: -1 });
    for (let i = 0; i < 500; i++) if (i % 5 !== 0) t.delete('ns', `s${i}`);
    expect(walk(t)).toEqual(Array.from({ length: 100 }, (_, i) => `s${i * 5}`));
    expect(t.get('ns', 's495')?.slot).toBeLessThan(200); // compacted at least twice
    let added = false;
    const seen: string[] = [];
    t.forEach((e) => {
      seen.push(e.id);
      if (!added) {
        added = true;
        t.add('ns', 'late', { id: 'late', slot: -1 });
      }
    });
    expect(seen.at(-1)).toBe('late');
  });
});
