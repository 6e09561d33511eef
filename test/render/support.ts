/** Shared helpers for the render tests: the homelab example planned once. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpecText } from '../../src/spec/load.js';
import { planNetwork } from '../../src/spec/plan.js';
import type { Plan } from '../../src/spec/plan-types.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const EXAMPLE = join(ROOT, 'examples', 'homelab', 'v6net.yaml');

export function planText(text: string, file = 'v6net.yaml'): Plan {
  const loaded = loadSpecText(text, file);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`spec does not load: ${errors.map((e) => e.code).join(', ')}`);
  const planned = planNetwork(loaded);
  if (planned.plan === undefined)
    throw new Error(`spec does not plan: ${planned.diagnostics.map((d) => d.code).join(', ')}`);
  return planned.plan;
}

export function examplePlan(): Plan {
  return planText(readFileSync(EXAMPLE, 'utf8'), 'examples/homelab/v6net.yaml');
}
