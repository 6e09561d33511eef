export { allRules, findRule } from './registry.js';
export type { CheckContext, Finding, PlanRuleDefinition, RelatedFinding, Rule } from './rule.js';
export { locateNearest, planRule, toDiagnostic } from './rule.js';
export { runChecks } from './run.js';
export { checkSpecText, type SpecCheckResult } from './check-spec.js';
export { checkArtifacts } from './check-artifacts.js';
export { artifactRule } from './artifact-rule.js';
