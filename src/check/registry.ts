/**
 * Every rule, in family order: spec rules (over the plan) first, then artifact rules (over files read from a
 * repository). `v6net check --rules` prints this list; adding a rule means adding it to its family's list (one file
 * per family under `rules/`), nothing else.
 */
import type { Rule } from './rule.js';
import { addressingRules } from './rules/addressing.js';
import { asnRules } from './rules/asn.js';
import { bgpRules } from './rules/bgp.js';
import { crossAddressRules } from './rules/cross-address.js';
import { crossAsnRules } from './rules/cross-asn.js';
import { crossAuthRules } from './rules/cross-auth.js';
import { crossPolicyRules } from './rules/cross-policy.js';
import { crossSessionRules } from './rules/cross-session.js';
import { ciliumBgpRules } from './rules/cilium-bgp.js';
import { ciliumLbRules } from './rules/cilium-lb.js';
import { ciliumNodeRules } from './rules/cilium-node.js';
import { ciliumRepoRules } from './rules/cilium-repo.js';
import { routerConfigRules } from './rules/router-config.js';
import { sessionTimerRules } from './rules/session-timers.js';
import { k8sRules } from './rules/k8s.js';
import { nodeRules } from './rules/nodes.js';
import { planRules } from './rules/plan.js';
import { routerIdRules } from './rules/router-id.js';
import { routerRules } from './rules/routers.js';
import { serviceRules } from './rules/services.js';
import { upstreamRules } from './rules/upstream.js';

/** Rules over a spec and its plan. */
export const specRules: readonly Rule[] = [
  ...planRules,
  ...addressingRules,
  ...k8sRules,
  ...nodeRules,
  ...routerRules,
  ...routerIdRules,
  ...asnRules,
  ...bgpRules,
  ...upstreamRules,
  ...serviceRules,
];

/** Rules over artifacts (files read from a repository: Cilium YAML, Nodes, Services, VyOS/FRR configs). */
export const artifactRules: readonly Rule[] = [
  ...crossAsnRules,
  ...crossAddressRules,
  ...crossSessionRules,
  ...sessionTimerRules,
  ...crossAuthRules,
  ...crossPolicyRules,
  ...ciliumBgpRules,
  ...ciliumNodeRules,
  ...ciliumLbRules,
  ...ciliumRepoRules,
  ...routerConfigRules,
];

export const allRules: readonly Rule[] = [...specRules, ...artifactRules];

/** The rule with this id, if any. */
export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
