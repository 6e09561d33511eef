/**
 * The check framework: a rule looks at a {@link CheckContext} and returns findings. The runner turns findings into
 * located {@link Diagnostic}s whose `code` is the rule id (see `run.ts`).
 *
 * A rule never throws on bad input and never reads files: everything it needs is in the context: the plan of one spec
 * file (plan rules, `planRule`) or the artifacts read from a repository (artifact rules, `artifact-rule.ts`), whose
 * findings carry explicit source positions on both sides.
 */
import type { Diagnostic, Severity, SourcePosition } from '../core/diagnostic.js';
import type { RepoArtifacts } from '../spec/import/artifacts.js';
import type { DataPath, Locator, Plan } from '../spec/plan-types.js';

export type { Severity };

/** Everything a rule may read. */
export interface CheckContext {
  /** The spec file the paths of plan findings refer to. */
  readonly file: string;
  /** Maps a data path of the spec to where it was written. */
  readonly locate: Locator;
  /** The planned network; absent when loading or planning failed (plan rules then report nothing). */
  readonly plan?: Plan;
  /** Files read from a repository (Cilium YAML, VyOS/FRR configs, ...); artifact rules report nothing without them. */
  readonly artifacts?: RepoArtifacts;
}

/** The other side of a conflict: a spec path (located through the context) or an explicit position. */
export interface RelatedFinding {
  readonly message: string;
  readonly path?: DataPath;
  readonly source?: SourcePosition;
}

/** What a rule reports; the runner adds the rule id, severity and source position. */
export interface Finding {
  /** Data path of the offending value in the spec, e.g. `['cluster', 'nodes', 3, 'address']`. */
  readonly path: DataPath;
  readonly message: string;
  /** One line telling the user what to do. */
  readonly hint?: string;
  readonly related?: readonly RelatedFinding[];
  /** Where the problem is when it is not in the spec file (imported artifacts); default `ctx.locate(path)`. */
  readonly source?: SourcePosition;
}

export interface Rule {
  /** `family/name`, e.g. `plan/prefix-outside-aggregate`; stable: it is the diagnostic code users filter on. */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule flags and why (printed by `v6net check --rules`). */
  readonly doc: string;
  /** The rule family (the part of the id before the slash; one source file per family). */
  readonly family: string;
  check(ctx: CheckContext): Finding[];
}

/** Definition of a rule that reads the plan; it reports nothing when there is no plan. */
export interface PlanRuleDefinition {
  readonly id: string;
  readonly severity: Severity;
  readonly doc: string;
  checkPlan(plan: Plan, ctx: CheckContext): Finding[];
}

/** The family of a rule id (`family/name`); a malformed id is a programming error. */
export function ruleFamily(id: string): string {
  const slash = id.indexOf('/');
  if (slash <= 0) throw new Error(`rule id '${id}' must be family/name`);
  return id.slice(0, slash);
}

/** Builds a {@link Rule} over the plan; the family is taken from the id. */
export function planRule(def: PlanRuleDefinition): Rule {
  return {
    id: def.id,
    severity: def.severity,
    doc: def.doc,
    family: ruleFamily(def.id),
    check(ctx) {
      return ctx.plan === undefined ? [] : def.checkPlan(ctx.plan, ctx);
    },
  };
}

/**
 * Position of `path`, or of its nearest written ancestor: a value filled in by a default (e.g. `nodeMaskSize`) is
 * reported where its parent object was written.
 */
export function locateNearest(ctx: CheckContext, path: DataPath): SourcePosition | undefined {
  for (let n = path.length; n >= 0; n--) {
    const at = ctx.locate(n === path.length ? path : path.slice(0, n));
    if (at !== undefined) return at;
  }
  return undefined;
}

/** Turns one finding of `rule` into a located diagnostic. */
export function toDiagnostic(rule: Rule, finding: Finding, ctx: CheckContext): Diagnostic {
  const source = finding.source ?? locateNearest(ctx, finding.path);
  const related = finding.related?.map((r) => {
    const at = r.source ?? (r.path === undefined ? undefined : locateNearest(ctx, r.path));
    return at === undefined ? { message: r.message } : { message: r.message, source: at };
  });
  return {
    code: rule.id,
    severity: rule.severity,
    message: finding.message,
    path: finding.path,
    ...(source === undefined ? {} : { source }),
    ...(related === undefined || related.length === 0 ? {} : { related }),
    ...(finding.hint === undefined ? {} : { hint: finding.hint }),
  };
}
