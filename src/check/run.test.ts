import { describe, expect, it } from 'vitest';
import { allRules } from './registry.js';
import { planRule } from './rule.js';
import { runChecks } from './run.js';
import { contextOf, samplePlan } from './testing/sample-plan.js';

describe('registry', () => {
  it('has unique family/name ids with a severity and a one-line doc', () => {
    const ids = allRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of allRules) {
      expect(rule.id).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(rule.id.startsWith(`${rule.family}/`)).toBe(true);
      expect(rule.doc.length).toBeGreaterThan(10);
      expect(rule.doc).not.toContain('\n');
    }
  });
});

describe('runChecks', () => {
  it('finds no errors or warnings on the sample plan', () => {
    const found = runChecks(contextOf(samplePlan())).filter((d) => d.severity !== 'info');
    expect(found).toEqual([]);
  });
  it('returns nothing without a plan', () => {
    expect(runChecks(contextOf(undefined))).toEqual([]);
  });
  it('locates findings (nearest written ancestor), sorts them and turns a throwing rule into internal/rule-failed', () => {
    const lines: Record<string, number> = { 'a.b': 7, a: 3 };
    const ctx = {
      file: 'f.yaml',
      plan: samplePlan(),
      locate: (path: readonly (string | number)[]) => {
        const line = lines[path.join('.')];
        return line === undefined ? undefined : { file: 'f.yaml', line, column: 1 };
      },
    };
    const late = planRule({
      id: 'x/late',
      severity: 'warning',
      doc: 'a test rule',
      checkPlan: () => [{ path: ['a', 'b', 'c'], message: 'm' }],
    });
    const early = planRule({
      id: 'x/early',
      severity: 'info',
      doc: 'a test rule',
      checkPlan: () => [{ path: ['a', 'z'], message: 'm', related: [{ message: 'r', path: ['a', 'b'] }] }],
    });
    const broken = planRule({
      id: 'x/broken',
      severity: 'info',
      doc: 'a test rule',
      checkPlan: () => {
        throw new Error('boom');
      },
    });
    const out = runChecks(ctx, [late, early, broken]);
    expect(out.map((d) => [d.code, d.source?.line])).toEqual([
      ['internal/rule-failed', undefined],
      ['x/early', 3],
      ['x/late', 7],
    ]);
    expect(out[1]!.related?.[0]?.source?.line).toBe(7);
  });
});
