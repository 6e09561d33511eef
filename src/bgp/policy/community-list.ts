/**
 * Community and large-community lists with FRR semantics (bgpd/bgp_clist.c): entries in order, the first that
 * matches decides; no match denies. A standard entry matches when every value it lists is on the route; an expanded
 * entry matches when its regex finds a match in the route's community text (FRR's form: `65000:1 no-export`).
 */
import { WellKnownCommunity } from '../wire/codes.js';
import { CommunitySyntaxError, parseLargeCommunity } from '../wire/community.js';
import type { LargeCommunity } from '../wire/path-attributes.js';
import { PolicyConfigError } from './prefix-list.js';
import type { CommunityList, PolicyAction } from './types.js';

/** FRR's names of well-known communities (community_str). */
const FRR_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [WellKnownCommunity.GRACEFUL_SHUTDOWN, 'graceful-shutdown'],
  [WellKnownCommunity.ACCEPT_OWN, 'accept-own'],
  [WellKnownCommunity.LLGR_STALE, 'llgr-stale'],
  [WellKnownCommunity.NO_LLGR, 'no-llgr'],
  [WellKnownCommunity.BLACKHOLE, 'blackhole'],
  [WellKnownCommunity.NO_EXPORT, 'no-export'],
  [WellKnownCommunity.NO_ADVERTISE, 'no-advertise'],
  [WellKnownCommunity.NO_EXPORT_SUBCONFED, 'local-AS'],
  [WellKnownCommunity.NO_PEER, 'no-peer'],
  [0, 'internet'],
]);

const BY_NAME: ReadonlyMap<string, number> = new Map<string, number>([
  ...[...FRR_NAMES].map(([v, n]) => [n.toLowerCase(), v] as [string, number]),
  ['no-export-subconfed', WellKnownCommunity.NO_EXPORT_SUBCONFED],
]);

/** One community as FRR prints it. */
export function frrCommunityText(value: number): string {
  return FRR_NAMES.get(value) ?? `${value >>> 16}:${value & 0xffff}`;
}

/** `65000:1` or a well-known name (FRR spelling, any case) → u32. */
export function parsePolicyCommunity(text: string): number {
  const named = BY_NAME.get(text.toLowerCase());
  if (named !== undefined) return named;
  const m = /^(\d{1,5}):(\d{1,5})$/.exec(text);
  if (m === null || Number(m[1]) > 0xffff || Number(m[2]) > 0xffff) throw new CommunitySyntaxError(text);
  return ((Number(m[1]) << 16) | Number(m[2])) >>> 0;
}

export function largeCommunityText(c: LargeCommunity): string {
  return `${c[0]}:${c[1]}:${c[2]}`;
}

function regexOf(list: string, source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    throw new PolicyConfigError('E_POLICY_REGEX', `${list}: not a valid regular expression: ${source}`);
  }
}

interface Entry<T> {
  readonly action: PolicyAction;
  readonly values?: readonly T[];
  readonly regex?: RegExp;
}

/** A compiled list over values of type `T` (u32 communities or large-community text). */
abstract class CompiledValueList<T> {
  readonly #entries: readonly Entry<T>[];

  constructor(
    readonly list: CommunityList,
    parse: (text: string) => T,
  ) {
    this.#entries = list.entries.map((e) =>
      e.kind === 'standard'
        ? { action: e.action, values: e.values.map(parse) }
        : { action: e.action, regex: regexOf(list.name, e.regex) },
    );
  }

  protected abstract has(route: readonly T[], value: T): boolean;
  protected abstract text(route: readonly T[]): string;

  /** The first matching entry's action; `deny` when none matches. */
  evaluate(route: readonly T[]): PolicyAction {
    let text: string | undefined;
    for (const e of this.#entries) {
      if (e.values !== undefined) {
        if (e.values.every((v) => this.has(route, v))) return e.action;
      } else {
        text ??= this.text(route);
        if (e.regex!.test(text)) return e.action;
      }
    }
    return 'deny';
  }

  /** `match community LIST exact-match`: a permitting standard entry lists exactly the route's set. */
  exactMatch(route: readonly T[]): boolean {
    for (const e of this.#entries) {
      if (e.values === undefined) continue;
      const all =
        e.values.every((v) => this.has(route, v)) && route.every((v) => e.values!.some((x) => this.same(x, v)));
      if (all) return e.action === 'permit';
    }
    return false;
  }

  protected abstract same(a: T, b: T): boolean;

  /**
   * `set comm-list LIST delete` (FRR community_list_match_delete): per route value, the first entry that names it
   * (standard) or whose regex matches its text (expanded) decides; permitted values are removed.
   */
  deleteFrom(route: readonly T[]): T[] {
    return route.filter((v) => {
      for (const e of this.#entries) {
        const hit = e.values !== undefined ? e.values.some((x) => this.same(x, v)) : e.regex!.test(this.text([v]));
        if (hit) return e.action !== 'permit';
      }
      return true;
    });
  }
}

export class CompiledCommunityList extends CompiledValueList<number> {
  constructor(list: CommunityList) {
    super(list, parsePolicyCommunity);
  }
  protected has(route: readonly number[], value: number): boolean {
    return route.includes(value);
  }
  protected same(a: number, b: number): boolean {
    return a === b;
  }
  protected text(route: readonly number[]): string {
    return route.map(frrCommunityText).join(' ');
  }
}

export class CompiledLargeCommunityList extends CompiledValueList<LargeCommunity> {
  constructor(list: CommunityList) {
    super(list, (t) => {
      try {
        return parseLargeCommunity(t);
      } catch {
        throw new PolicyConfigError('E_POLICY_COMMUNITY', `${list.name}: not a large community: ${t}`);
      }
    });
  }
  protected has(route: readonly LargeCommunity[], value: LargeCommunity): boolean {
    return route.some((v) => this.same(v, value));
  }
  protected same(a: LargeCommunity, b: LargeCommunity): boolean {
    return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
  }
  protected text(route: readonly LargeCommunity[]): string {
    return route.map(largeCommunityText).join(' ');
  }
}
