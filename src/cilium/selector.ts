/**
 * Kubernetes label selectors as Cilium's slim LabelSelector converts them (reference §1.0): a present but empty
 * selector `{}` matches everything; otherwise the AND of every matchLabels entry and matchExpressions requirement.
 * In/NotIn with an empty `values` list is a conversion error. What a nil (absent) selector means differs per call
 * site, so callers say it explicitly.
 */
import type { K8sLabelSelector } from '../k8s/objects.js';
import { CiliumErrorCode, CiliumSemanticsError } from './errors.js';

export type Labels = Readonly<Record<string, string>>;

/** What an absent (nil) selector means at a call site. */
export type NilSelectorMeaning = 'nothing' | 'everything';

export interface LabelMatcher {
  matches(labels: Labels): boolean;
  /** True for the "select everything" matcher (`{}` or a nil selector that means everything). */
  readonly everything: boolean;
  /** True for the "select nothing" matcher (a nil selector that means nothing). */
  readonly nothing: boolean;
}

const NOTHING: LabelMatcher = { matches: () => false, everything: false, nothing: true };
const EVERYTHING: LabelMatcher = { matches: () => true, everything: true, nothing: false };

type Test = (labels: Labels) => boolean;

/** Compile a selector; throws {@link CiliumSemanticsError} (`E_CILIUM_SELECTOR_VALUES`) like Cilium's conversion. */
export function compileSelector(
  selector: K8sLabelSelector | null | undefined,
  nilMeans: NilSelectorMeaning,
): LabelMatcher {
  if (selector === undefined || selector === null) return nilMeans === 'nothing' ? NOTHING : EVERYTHING;
  const tests: Test[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) tests.push((l) => l[k] === v);
  for (const req of selector.matchExpressions ?? []) {
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        // reference §1.0 / issue #23280: In/NotIn need at least one value.
        if (values.length === 0) {
          throw new CiliumSemanticsError(
            CiliumErrorCode.selectorValues,
            `selector requirement on "${req.key}" with operator ${req.operator} has no values`,
          );
        }
        if (req.operator === 'In') tests.push((l) => l[req.key] !== undefined && values.includes(l[req.key]!));
        else tests.push((l) => l[req.key] === undefined || !values.includes(l[req.key]!));
        break;
      case 'Exists':
      case 'DoesNotExist':
        // Kubernetes: "values set must be empty for exists and does not exist".
        if (values.length > 0) {
          throw new CiliumSemanticsError(
            CiliumErrorCode.selectorValues,
            `selector requirement on "${req.key}" with operator ${req.operator} must have no values`,
          );
        }
        if (req.operator === 'Exists') tests.push((l) => l[req.key] !== undefined);
        else tests.push((l) => l[req.key] === undefined);
        break;
      default:
        throw new CiliumSemanticsError(
          CiliumErrorCode.selectorOperator,
          `unknown selector operator ${String((req as { operator: unknown }).operator)}`,
        );
    }
  }
  if (tests.length === 0) return EVERYTHING;
  return {
    matches: (labels) => tests.every((t) => t(labels)),
    everything: false,
    nothing: false,
  };
}

/** Service labels plus the implicit `io.kubernetes.service.name`/`namespace` labels (reference §4.3, §1.6). */
export function serviceSelectorLabels(meta: {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Labels;
}): Labels {
  return {
    ...(meta.labels ?? {}),
    'io.kubernetes.service.name': meta.name,
    'io.kubernetes.service.namespace': meta.namespace ?? 'default',
  };
}
