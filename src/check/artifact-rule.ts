/**
 * Rules over artifacts read from a repository (Cilium YAML, VyOS/FRR configs, Helm values): they get the shared
 * {@link ArtifactView} and report findings with explicit positions (`source`, and `related[].source` for the other
 * side of a disagreement). Without artifacts in the context they report nothing, like plan rules without a plan.
 */
import type { SourcePosition } from '../core/diagnostic.js';
import { type ArtifactView, artifactView } from './artifact-view.js';
import { type CheckContext, type Finding, type RelatedFinding, type Rule, ruleFamily, type Severity } from './rule.js';

export interface ArtifactRuleDefinition {
  /** `family/name`. */
  readonly id: string;
  readonly severity: Severity;
  readonly doc: string;
  checkArtifacts(view: ArtifactView, ctx: CheckContext): Finding[];
}

export function artifactRule(def: ArtifactRuleDefinition): Rule {
  return {
    id: def.id,
    severity: def.severity,
    doc: def.doc,
    family: ruleFamily(def.id),
    check(ctx) {
      return ctx.artifacts === undefined ? [] : def.checkArtifacts(artifactView(ctx.artifacts), ctx);
    },
  };
}

/** A finding located in an artifact, with the other side(s) of the disagreement. */
export function finding(
  source: SourcePosition,
  message: string,
  options: {
    hint?: string;
    related?: readonly (RelatedFinding | undefined)[];
    path?: readonly (string | number)[];
  } = {},
): Finding {
  const related = (options.related ?? []).filter((r): r is RelatedFinding => r !== undefined);
  return {
    path: options.path ?? [],
    message,
    source,
    ...(options.hint !== undefined ? { hint: options.hint } : {}),
    ...(related.length > 0 ? { related } : {}),
  };
}

/** The other side of a finding, at a position. */
export function side(message: string, source: SourcePosition | undefined): RelatedFinding | undefined {
  return source === undefined ? undefined : { message, source };
}
