/**
 * Route maps with FRR semantics (lib/routemap.c `route_map_apply_ext`): rules in sequence order; a rule whose
 * conditions all hold ("match") either denies the route at once (deny) or applies its sets, runs its `call`, and
 * then exits permitting (default), goes on with the next rule (`on-match next`) or jumps to the first rule with a
 * sequence ≥ N (`on-match goto N`). A rule that does not match makes the result deny unless a later rule permits;
 * a route map without rules, or a missing one, denies (implicit deny). Recursion through `call` is bounded as in FRR.
 */
import { keyAfi } from '../rib/prefix-key.js';
import { keyFromBytes } from '../rib/prefix-key.js';
import { parseIpv4, parseIpv6 } from '../wire/address-text.js';
import { Origin } from '../wire/codes.js';
import type { PolicyLists } from './lists.js';
import { applySet, type PolicyRoute } from './route-map-set.js';
import type { PolicyConfig, RouteMap, RouteMapMatch, RouteMapRule } from './types.js';

/** FRR RMAP_RECURSION_LIMIT. */
export const ROUTE_MAP_RECURSION_LIMIT = 10;

const ORIGIN_CODE = { igp: Origin.igp, egp: Origin.egp, incomplete: Origin.incomplete } as const;

function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    const x = a.includes(':') ? parseIpv6(a) : parseIpv4(a);
    const y = b.includes(':') ? parseIpv6(b) : parseIpv4(b);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  } catch {
    return false;
  }
}

/** RFC-style evaluation of every condition of one rule (all must hold). */
function matches(m: RouteMapMatch | undefined, route: PolicyRoute, lists: PolicyLists): boolean {
  if (m === undefined) return true;
  const a = route.attrs;
  if (m.prefixList !== undefined) {
    const list = lists.prefixList(keyAfi(route.prefix), m.prefixList);
    if (list === undefined || list.evaluate(route.prefix) !== 'permit') return false;
  }
  if (m.nextHopPrefixList !== undefined) {
    const v6 = a.nextHop.includes(':');
    const list = lists.prefixList(v6 ? 2 : 1, m.nextHopPrefixList);
    if (list === undefined || a.nextHop === '') return false;
    const bytes = v6 ? parseIpv6(a.nextHop) : parseIpv4(a.nextHop);
    if (list.evaluate(keyFromBytes(v6 ? 2 : 1, v6 ? 128 : 32, bytes)) !== 'permit') return false;
  }
  if (m.nextHop !== undefined && !sameAddress(m.nextHop, a.nextHop)) return false;
  if (m.community !== undefined) {
    const list = lists.communityList(m.community.list);
    const values = a.communities ?? [];
    if (list === undefined) return false;
    if (m.community.exactMatch === true ? !list.exactMatch(values) : list.evaluate(values) !== 'permit') return false;
  }
  if (m.largeCommunity !== undefined) {
    const list = lists.largeCommunityList(m.largeCommunity.list);
    const values = a.largeCommunities ?? [];
    if (list === undefined) return false;
    if (m.largeCommunity.exactMatch === true ? !list.exactMatch(values) : list.evaluate(values) !== 'permit')
      return false;
  }
  if (m.asPath !== undefined) {
    const list = lists.asPathList(m.asPath);
    if (list === undefined || list.evaluate(a.asPath) !== 'permit') return false;
  }
  if (m.origin !== undefined && a.origin !== ORIGIN_CODE[m.origin]) return false;
  if (m.localPref !== undefined && (a.localPref ?? 100) !== m.localPref) return false;
  if (m.med !== undefined && (a.med ?? 0) !== m.med) return false;
  if (m.peer !== undefined && !sameAddress(m.peer, route.peerAddress)) return false;
  return true;
}

/** Compiled route maps of one policy configuration. */
export class RouteMaps {
  readonly #maps = new Map<string, readonly RouteMapRule[]>();

  constructor(
    config: PolicyConfig,
    readonly lists: PolicyLists,
  ) {
    for (const m of config.routeMaps ?? []) this.#maps.set(m.name, sortedRules(m));
  }

  has(name: string): boolean {
    return this.#maps.has(name);
  }

  /** Runs route map `name` over `route` (changing its attributes); true when the route is permitted. */
  apply(name: string, route: PolicyRoute): boolean {
    return this.#apply(name, route, 0);
  }

  #apply(name: string, route: PolicyRoute, depth: number): boolean {
    if (depth > ROUTE_MAP_RECURSION_LIMIT) return false; // FRR: recursion limit reached, route discarded
    const rules = this.#maps.get(name);
    if (rules === undefined || rules.length === 0) return false; // missing or empty map: deny
    let permit = true;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (!matches(rule.match, route, this.lists)) {
        permit = false; // a rule that does not match leaves deny unless a later rule permits
        continue;
      }
      if (rule.action === 'deny') return false;
      permit = true;
      if (rule.set !== undefined) applySet(rule.set, route, this.lists);
      if (rule.call !== undefined && this.#maps.has(rule.call)) {
        if (!this.#apply(rule.call, route, depth + 1)) return false;
      }
      const onMatch = rule.onMatch;
      if (onMatch === undefined) return true;
      if (onMatch === 'next') continue;
      // on-match goto N: the first rule with a sequence ≥ N (FRR: end of the map permits when there is none)
      let j = i + 1;
      while (j < rules.length && rules[j]!.seq < onMatch.goto) j++;
      if (j >= rules.length) return true;
      i = j - 1;
    }
    return permit;
  }
}

function sortedRules(m: RouteMap): readonly RouteMapRule[] {
  return [...m.rules].sort((a, b) => a.seq - b.seq);
}
