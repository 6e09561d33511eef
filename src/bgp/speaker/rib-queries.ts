/** The control API's RIB queries, answered from the speaker's RIB (JSON-ready data). */
import { AddressSyntaxError, parseIpv4, parseIpv6 } from '../wire/address-text.js';
import { PrefixSyntaxError } from '../wire/prefix.js';
import { formatPrefixKey, keyAfi, type PrefixKey, prefixKeyFromText } from '../rib/prefix-key.js';
import type { Rib } from '../rib/rib.js';
import { longestMatch, pageKeys, type RibRouteView, routeView } from '../rib/rib-query.js';
import { routeAttributesView } from './route-view.js';
import type { LearnedRoute, RouteAttributes } from './route.js';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 10_000;

export interface RibQuery {
  /** Exactly this prefix. */
  readonly prefix?: string;
  /** Longest match for an address (or the most specific prefix covering a prefix's first address). */
  readonly match?: string;
  /** Paging: prefixes after this one (in address order). */
  readonly after?: string;
  readonly limit?: number;
  readonly family?: 'ipv4' | 'ipv6';
}

export interface RibPage<T> {
  readonly routes: readonly T[];
  /** Give as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

export interface RibRouteJson {
  readonly prefix: string;
  readonly reason: RibRouteView['reason'];
  readonly paths: readonly {
    readonly peer: string;
    readonly internal: boolean;
    readonly best: boolean;
    readonly multipath: boolean;
    readonly stale: boolean;
    readonly attributes: RouteAttributes & { readonly weight?: number };
  }[];
}

export interface RibSummary {
  /** Prefixes in the Loc-RIB. */
  readonly prefixes: number;
  /** Candidate paths over all prefixes. */
  readonly paths: number;
  /** Distinct interned attribute sets. */
  readonly attributeSets: number;
  readonly exportDeferred: boolean;
  readonly peers: readonly {
    readonly address: string;
    readonly received: number;
    readonly accepted: number;
    readonly advertised: number;
    readonly stale: number;
  }[];
}

/** Thrown for a query argument that is not a prefix or address (the API answers 400). */
export class RibQueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function keyOf(text: string): PrefixKey {
  try {
    return prefixKeyFromText(text);
  } catch (e) {
    if (e instanceof PrefixSyntaxError) throw new RibQueryError('E_BAD_PREFIX', `not a prefix: ${text}`);
    throw e;
  }
}

function addressBytes(text: string): Uint8Array {
  const addr = text.split('/')[0]!;
  try {
    return addr.includes(':') ? parseIpv6(addr) : parseIpv4(addr);
  } catch (e) {
    if (e instanceof AddressSyntaxError) throw new RibQueryError('E_BAD_ADDRESS', `not an address: ${text}`);
    throw e;
  }
}

function limitOf(q: RibQuery): number {
  return Math.max(1, Math.min(MAX_PAGE, q.limit ?? DEFAULT_PAGE));
}

function json(v: RibRouteView): RibRouteJson {
  return {
    prefix: v.prefix,
    reason: v.reason,
    paths: v.paths.map((p) => ({
      peer: p.peer,
      internal: p.internal,
      best: p.best,
      multipath: p.multipath,
      stale: p.stale,
      attributes: {
        ...routeAttributesView(p.attributes),
        ...(p.attributes.weight !== undefined ? { weight: p.attributes.weight } : {}),
      },
    })),
  };
}

/** Loc-RIB: one prefix, a longest match, or a page of prefixes. */
export function queryLocRib(rib: Rib, q: RibQuery): RibPage<RibRouteJson> {
  const loc = rib.locRib;
  if (q.prefix !== undefined) {
    const v = routeView(loc, keyOf(q.prefix));
    return { routes: v === undefined ? [] : [json(v)] };
  }
  if (q.match !== undefined) {
    const key = longestMatch(loc, addressBytes(q.match));
    const v = key === undefined ? undefined : routeView(loc, key);
    return { routes: v === undefined ? [] : [json(v)] };
  }
  const limit = limitOf(q);
  const afi = q.family === undefined ? undefined : q.family === 'ipv4' ? 1 : 2;
  const keys = pageKeys(loc.keys(), q.after === undefined ? undefined : keyOf(q.after), limit + 1, afi);
  const more = keys.length > limit;
  const page = more ? keys.slice(0, limit) : keys;
  const routes = page.map((k) => json(routeView(loc, k)!));
  return more ? { routes, next: formatPrefixKey(page.at(-1)!) } : { routes };
}

/** Adj-RIB-Out of one peer: what was last sent, paged like the Loc-RIB. */
export function queryAdjRibOut(rib: Rib, peer: string, q: RibQuery): RibPage<LearnedRoute> | undefined {
  const p = rib.peer(peer);
  if (p === undefined) return undefined;
  const out = p.adjRibOut;
  const view = (k: PrefixKey): LearnedRoute => ({
    ...routeAttributesView(out.get(k)!.value),
    prefix: formatPrefixKey(k),
    family: keyAfi(k) === 2 ? 'ipv6-unicast' : 'ipv4-unicast',
  });
  if (q.prefix !== undefined) {
    const k = keyOf(q.prefix);
    return { routes: out.get(k) === undefined ? [] : [view(k)] };
  }
  const limit = limitOf(q);
  const afi = q.family === undefined ? undefined : q.family === 'ipv4' ? 1 : 2;
  const keys = pageKeys(
    (function* () {
      for (const [k] of out.entries()) yield k;
    })(),
    q.after === undefined ? undefined : keyOf(q.after),
    limit + 1,
    afi,
  );
  const more = keys.length > limit;
  const page = more ? keys.slice(0, limit) : keys;
  return more ? { routes: page.map(view), next: formatPrefixKey(page.at(-1)!) } : { routes: page.map(view) };
}

export function ribSummary(rib: Rib): RibSummary {
  let paths = rib.originatedCount;
  for (const p of rib.peers()) paths += p.accepted[1]! + p.accepted[2]!;
  return {
    prefixes: rib.locRib.size,
    paths,
    attributeSets: rib.interner.size,
    exportDeferred: rib.exportDeferred,
    peers: [...rib.peers()].map((p) => ({
      address: p.id,
      received: p.received[1]! + p.received[2]!,
      accepted: p.accepted[1]! + p.accepted[2]!,
      advertised: p.adjRibOut.size,
      stale: p.staleCount,
    })),
  };
}
