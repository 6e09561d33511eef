/**
 * What a router's routing policy does with one route, with FRR's semantics (vyos-frr reference §3):
 * prefix lists (lowest matching seq wins; no ge/le = exact length; `le` only = length up to le; `ge` only = from ge
 * to the maximum; no match = deny; an empty list permits), route maps (rules in ascending order; all match clauses of
 * a rule must hold; permit+match applies `call`, then `on-match next|goto` or stops with permit; deny+match denies;
 * no rule matched = deny; a map that does not exist denies everything) and a peer's inbound/outbound chain
 * (prefix-list, then route-map; RFC 8212 when `ebgp-requires-policy` is on and the peer has no policy).
 *
 * Conditions v6net does not evaluate (as-path, next hop, filter lists, …) make the answer `unknown`: checks only
 * report what is certain.
 */
import type { SourcePosition } from '../core/diagnostic.js';
import type { Ipv4Prefix, Ipv6Prefix } from '../ip/index.js';
import type { RouterModel, RouterPeerAf, RouterPrefixList, RouterRouteMapRule } from './model.js';

export interface RouteProbe {
  readonly prefix: Ipv6Prefix;
  /** Standard communities `a:b` the route carries. */
  readonly communities?: readonly string[];
}

export interface PolicyVerdict {
  readonly result: 'permit' | 'deny' | 'unknown';
  /** Why, for messages: `prefix-list K8S-IN rule 10`, `no import policy`, … */
  readonly reason: string;
  /** The rule or statement that decided, when known. */
  readonly source?: SourcePosition;
  /** No rule matched: the implicit deny at the end of a list or map decided. */
  readonly implicit?: boolean;
  /** The prefix-list rule a route-map rule matched through, when that decided. */
  readonly via?: PolicyVerdict;
}

const verdict = (result: PolicyVerdict['result'], reason: string, source?: SourcePosition): PolicyVerdict =>
  source === undefined ? { result, reason } : { result, reason, source };
const implicitDeny = (reason: string, source?: SourcePosition): PolicyVerdict => ({
  ...verdict('deny', reason, source),
  implicit: true,
});

/** FRR `prefix_list_entry_match`: inside the entry prefix, and the length within [ge|len .. le|len|max]. */
function entryMatches(
  rule: { prefix?: Ipv6Prefix | Ipv4Prefix; ge?: number; le?: number },
  route: Ipv6Prefix,
): boolean {
  const p = rule.prefix;
  if (p === undefined || p.family !== route.family || route.length < p.length || !p.contains(route.network()))
    return false;
  const max = route.family === 6 ? 128 : 32;
  if (rule.ge === undefined && rule.le === undefined) return route.length === p.length;
  const low = rule.ge ?? p.length;
  const high = rule.le ?? max;
  return route.length >= low && route.length <= high;
}

/** The result of a prefix list for a route; `undefined` list = the list does not exist. */
export function evaluatePrefixList(list: RouterPrefixList | undefined, route: Ipv6Prefix): PolicyVerdict {
  if (list === undefined) return verdict('deny', 'the prefix-list does not exist');
  if (list.rules.length === 0) return verdict('permit', `prefix-list ${list.name} is empty`, list.source);
  for (const rule of list.rules) {
    if (rule.action === undefined || !entryMatches(rule, route)) continue;
    return verdict(rule.action, `prefix-list ${list.name} rule ${rule.seq}`, rule.source);
  }
  return implicitDeny(`no rule of prefix-list ${list.name} matches (implicit deny)`, list.source);
}

type Match = 'yes' | 'no' | 'unknown';

function communityListMatches(
  router: RouterModel,
  name: string,
  exact: boolean,
  communities: readonly string[],
): Match {
  const list = router.communityLists.get(name);
  if (list === undefined) return 'no';
  const text = communities.join(' ');
  for (const rule of list.rules) {
    let hit: boolean;
    if (list.expanded) {
      let re: RegExp;
      try {
        re = new RegExp(rule.value.replace(/_/g, '(^|$|[ ,])'));
      } catch {
        return 'unknown';
      }
      hit = re.test(text);
    } else {
      const wanted = rule.value.split(/\s+/).filter((w) => w !== '');
      hit = wanted.every((c) => communities.includes(c)) && (!exact || wanted.length === communities.length);
    }
    if (hit) return rule.action === 'permit' ? 'yes' : rule.action === 'deny' ? 'no' : 'unknown';
  }
  return 'no';
}

function ruleMatches(
  router: RouterModel,
  rule: RouterRouteMapRule,
  route: RouteProbe,
): { match: Match; via?: PolicyVerdict } {
  let out: Match = 'yes';
  let via: PolicyVerdict | undefined;
  for (const m of rule.matches) {
    let r: Match;
    switch (m.kind) {
      case 'prefix-list': {
        if ((m.family === 'ipv6' ? 6 : 4) !== route.prefix.family) r = 'no';
        else {
          const list = (m.family === 'ipv6' ? router.prefixLists6 : router.prefixLists4).get(m.name);
          // A route-map match on a missing prefix list does not match (RMAP_NOMATCH).
          const v = list === undefined ? undefined : evaluatePrefixList(list, route.prefix);
          r = v?.result === 'permit' ? 'yes' : 'no';
          if (v?.result === 'permit') via = v;
        }
        break;
      }
      case 'community-list':
        r = communityListMatches(router, m.name, m.exact, route.communities ?? []);
        break;
      case 'other':
        r = 'unknown';
        break;
    }
    if (r === 'no') return { match: 'no' };
    if (r === 'unknown') out = 'unknown';
  }
  return via === undefined ? { match: out } : { match: out, via };
}

const MAX_CALL_DEPTH = 8;

/** The result of route map `name` for a route. */
export function evaluateRouteMap(router: RouterModel, name: string, route: RouteProbe, depth = 0): PolicyVerdict {
  const map = router.routeMaps.get(name);
  if (map === undefined) return verdict('deny', `route-map ${name} does not exist (denies everything)`);
  if (depth > MAX_CALL_DEPTH) return verdict('unknown', `route-map ${name}: calls nested too deep`);
  let permitted: PolicyVerdict | undefined;
  let i = 0;
  while (i < map.rules.length) {
    const rule = map.rules[i]!;
    const { match: m, via } = ruleMatches(router, rule, route);
    if (m === 'unknown')
      return verdict(
        'unknown',
        `route-map ${name} rule ${rule.seq} has conditions v6net does not evaluate`,
        rule.source,
      );
    if (m === 'no') {
      i++;
      continue;
    }
    if (rule.action !== 'permit') {
      return rule.action === 'deny'
        ? verdict('deny', `route-map ${name} rule ${rule.seq}`, rule.source)
        : verdict('unknown', `route-map ${name} rule ${rule.seq} has no action`, rule.source);
    }
    if (rule.call !== undefined) {
      const called = evaluateRouteMap(router, rule.call, route, depth + 1);
      if (called.result !== 'permit') return called;
    }
    const here = verdict('permit', `route-map ${name} rule ${rule.seq}${via ? `, ${via.reason}` : ''}`, rule.source);
    permitted = via === undefined ? here : { ...here, via };
    if (rule.onMatchNext) i++;
    else if (rule.onMatchGoto !== undefined && rule.onMatchGoto > rule.seq) {
      const target = rule.onMatchGoto;
      const next = map.rules.findIndex((r) => r.seq >= target);
      i = next < 0 ? map.rules.length : next;
    } else return permitted;
  }
  return permitted ?? implicitDeny(`no rule of route-map ${name} matches (implicit deny)`, map.source);
}

/**
 * A peer's inbound (`import`) or outbound (`export`) chain for one address family: prefix-list, then route-map.
 * `ebgp` tells whether RFC 8212 applies when `ebgp-requires-policy` is on.
 */
export function evaluatePeerPolicy(
  router: RouterModel,
  af: RouterPeerAf | undefined,
  direction: 'import' | 'export',
  route: RouteProbe,
  ebgp: boolean,
): PolicyVerdict {
  const list = direction === 'import' ? af?.prefixListImport : af?.prefixListExport;
  const map = direction === 'import' ? af?.routeMapImport : af?.routeMapExport;
  const others = (direction === 'import' ? af?.otherImportFilters : af?.otherExportFilters) ?? [];
  if (list === undefined && map === undefined && others.length === 0) {
    if (ebgp && router.ebgpRequiresPolicy)
      return verdict('deny', `no ${direction} policy (ebgp-requires-policy: RFC 8212)`, af?.source);
    return verdict('permit', `no ${direction} policy`, af?.source);
  }
  if (list !== undefined) {
    const r = evaluatePrefixList(router.prefixLists6.get(list.value), route.prefix);
    if (r.result !== 'permit')
      return r.source === undefined && list.source !== undefined ? { ...r, source: list.source } : r;
  }
  if (others.length > 0)
    return verdict(
      'unknown',
      `${direction} filter-list/distribute-list ${others[0]!.value} is not evaluated`,
      others[0]!.source,
    );
  if (map !== undefined) {
    const r = evaluateRouteMap(router, map.value, route);
    return r.source === undefined && map.source !== undefined ? { ...r, source: map.source } : r;
  }
  return verdict('permit', `prefix-list ${list!.value}`, list!.source);
}

/** Where a peer's policy for a direction is written (the route-map or prefix-list reference), for findings. */
export function policySource(af: RouterPeerAf | undefined, direction: 'import' | 'export'): SourcePosition | undefined {
  if (af === undefined) return undefined;
  return direction === 'import'
    ? (af.routeMapImport?.source ?? af.prefixListImport?.source ?? af.source)
    : (af.routeMapExport?.source ?? af.prefixListExport?.source ?? af.source);
}
