/**
 * The SVG diagram lays out any node count: every node appears once, no two boxes overlap, everything lies inside
 * the viewBox, and the text is XML-escaped. (Looked at by eye for 6 and 60 nodes with headless Chromium.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDiagramSvg } from '../../src/spec/render/diagram-svg.js';
import { EXAMPLE, planText } from './support.js';

function withWorkers(count: number): string {
  const base = readFileSync(EXAMPLE, 'utf8');
  const extra = Array.from(
    { length: count },
    (_, i) =>
      `    - name: k8s-w-${String(i + 4).padStart(2, '0')}\n      role: worker\n      address: 2a0e:97c0:ae3:fff0::${(0x100 + i).toString(16)}\n`,
  ).join('');
  return base.replace('      address: 2a0e:97c0:ae3:fff0::23\n', `      address: 2a0e:97c0:ae3:fff0::23\n${extra}`);
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

function rects(svg: string): Rect[] {
  return [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="8"/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    w: Number(m[3]),
    h: Number(m[4]),
  }));
}

function overlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('network.svg layout', () => {
  for (const extra of [0, 54, 200]) {
    it(`${6 + extra} nodes: all present, no overlaps, inside the viewBox`, () => {
      const plan = planText(withWorkers(extra));
      const svg = renderDiagramSvg(plan);
      for (const n of plan.nodes) expect(svg).toContain(`>${n.name}`);
      const boxes = rects(svg);
      expect(boxes.length).toBe(plan.nodes.length + plan.routers.length + 2); // + upstream + legend
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!), `${i} vs ${j}`).toBe(false);
      }
      const [, w, h] = svg.match(/viewBox="0 0 (\d+) (\d+)"/)!.map(Number) as [number, number, number];
      for (const b of boxes) {
        expect(b.x + b.w).toBeLessThanOrEqual(w);
        expect(b.y + b.h).toBeLessThanOrEqual(h);
      }
    });
  }

  it('escapes text', () => {
    const plan = planText(readFileSync(EXAMPLE, 'utf8').replace('name: backbone', 'name: "A&B <core>"'));
    const svg = renderDiagramSvg(plan);
    expect(svg).toContain('A&amp;B &lt;core&gt;');
    expect(svg).not.toContain('A&B <core>');
  });
});
