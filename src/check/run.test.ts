import { describe, expect, it } from 'vitest';
import { Ipv4Address } from '../ip/index.js';
import type { Plan } from '../spec/plan-types.js';
import { allRules } from './registry.js';
import { planRule } from './rule.js';
import { runChecks } from './run.js';
import { addr, contextOf, prefix, samplePlan } from './testing/sample-plan.js';

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

/** The sample plan with `count` nodes (addresses, PodCIDRs and router IDs all distinct). */
function bigPlan(count: number): Plan {
  const plan = samplePlan();
  const pods = prefix('2a0e:97c0:ae3:8000::/49');
  const template = plan.nodes[1]!;
  const nodes = Array.from({ length: count }, (_, i) => ({
    ...template,
    name: `n${i}`,
    address: addr('2a0e:97c0:ae3:fff0::1:0').add(BigInt(i)),
    podCidr: pods.subnet(i, 64),
    routerId: Ipv4Address.fromNumber(0x0a000000 + i),
    path: ['cluster', 'nodes', i],
  }));
  return { ...plan, nodes, podCidr: { prefix: pods, nodeMaskSize: 64, capacity: 1n << 15n } };
}

describe('scaling', () => {
  it('checks 20 000 nodes with every rule in well under the time a quadratic rule would need', () => {
    const plan = bigPlan(20_000);
    const t0 = performance.now();
    const found = runChecks(contextOf(plan)).filter((d) => d.severity !== 'info');
    const ms = performance.now() - t0;
    // A single O(n²) rule means 4·10⁸ steps here (tens of seconds); linear rules take well under a second even
    // on a loaded machine. The bound is generous on purpose.
    expect(ms).toBeLessThan(8000);
    expect(found).toEqual([]);
  });
});
