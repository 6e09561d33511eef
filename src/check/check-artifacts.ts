/**
 * The `check` pipeline for artifacts read from a repository: the readers' diagnostics (parse errors, schema
 * problems, notes on skipped files) plus every artifact rule, sorted the same way as spec findings.
 */
import { compareDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import type { RepoArtifacts } from '../spec/import/artifacts.js';
import { allRules } from './registry.js';
import type { Rule } from './rule.js';
import { runChecks } from './run.js';

export function checkArtifacts(artifacts: RepoArtifacts, rules: readonly Rule[] = allRules): Diagnostic[] {
  const findings = runChecks({ file: '', locate: () => undefined, artifacts }, rules);
  return [...artifacts.diagnostics, ...findings].sort(compareDiagnostics);
}
