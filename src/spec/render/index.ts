/**
 * Every renderer, in output order. `renderNetwork(plan, options)` is pure and deterministic: the same plan and
 * options give byte-identical artifacts.
 */
import type { Plan } from '../plan-types.js';
import { type Artifact, defaultRenderOptions, type RenderOptions } from './artifact.js';
import { renderBootstrap } from './bootstrap.js';
import { renderCilium } from './cilium.js';
import { renderDiagramSvg } from './diagram-svg.js';
import { renderDocsPage } from './docs-page.js';
import { renderRouters } from './routers.js';

export * from './artifact.js';

export function renderNetwork(plan: Plan, options: Partial<RenderOptions> = {}): Artifact[] {
  const opts: RenderOptions = { ...defaultRenderOptions, ...options };
  const artifacts: Artifact[] = [
    ...renderCilium(plan, opts),
    ...renderBootstrap(plan, opts),
    ...renderRouters(plan, opts),
    { path: 'docs/network.md', content: renderDocsPage(plan), kind: 'docs' },
    { path: 'docs/network.svg', content: renderDiagramSvg(plan), kind: 'docs' },
  ];
  return artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
