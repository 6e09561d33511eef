/**
 * Runs rules over a context and returns located diagnostics in a stable order (file, line, column, severity, code;
 * ties keep rule order). A rule that throws is a bug: it is reported as an `internal/rule-failed` error diagnostic
 * instead of hiding every other finding.
 */
import { compareDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import { allRules } from './registry.js';
import { type CheckContext, type Rule, toDiagnostic } from './rule.js';

export function runChecks(ctx: CheckContext, rules: readonly Rule[] = allRules): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    let findings: ReturnType<Rule['check']>;
    try {
      findings = rule.check(ctx);
    } catch (error) {
      out.push({
        code: 'internal/rule-failed',
        severity: 'error',
        message: `rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)}`,
        path: [],
        hint: 'this is a bug in v6net; please report it with the spec',
      });
      continue;
    }
    for (const finding of findings) out.push(toDiagnostic(rule, finding, ctx));
  }
  // Array.prototype.sort is stable, so equal keys keep rule order.
  return out.sort(compareDiagnostics);
}
