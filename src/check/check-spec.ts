/**
 * The whole `check` pipeline for one spec text: load (schema + semantics), plan (allocation), run every rule.
 * Pure: the caller reads the file. Loader and planner diagnostics come first in the same stable order as findings.
 */
import { compareDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import { loadSpecText } from '../spec/load.js';
import { planNetwork } from '../spec/plan.js';
import type { Plan } from '../spec/plan-types.js';
import { allRules } from './registry.js';
import type { Rule } from './rule.js';
import { runChecks } from './run.js';

export interface SpecCheckResult {
  readonly file: string;
  /** Loader, planner and rule diagnostics, sorted (file, line, column, severity, code). */
  readonly diagnostics: Diagnostic[];
  /** The plan, when the spec loaded. */
  readonly plan?: Plan;
}

export function checkSpecText(text: string, file: string, rules: readonly Rule[] = allRules): SpecCheckResult {
  const loaded = loadSpecText(text, file);
  const planned = planNetwork(loaded);
  const findings = runChecks({ file, locate: loaded.locate, ...(planned.plan ? { plan: planned.plan } : {}) }, rules);
  const diagnostics = [...loaded.diagnostics, ...planned.diagnostics, ...findings].sort(compareDiagnostics);
  return { file, diagnostics, ...(planned.plan ? { plan: planned.plan } : {}) };
}
