/**
 * The speaker's control API as a pure request handler: `(method, path, body) → (status, JSON body)`. The CLI binds
 * it to node:http on loopback or a unix socket; tests call it directly.
 *
 *   GET    /peers                 session summary of every peer
 *   GET    /peers/:addr/routes    routes received from a peer (Adj-RIB-In)
 *   POST   /routes                announce a route (body like a config route)
 *   DELETE /routes                withdraw: body {"prefix": "..."} or query ?prefix=...
 *   GET    /rib                   Loc-RIB: ?prefix=P (exact), ?match=ADDR (longest match), else a page
 *                                 (?limit=N ?after=P ?family=ipv4|ipv6); every path with best/multipath/stale
 *   GET    /rib/summary           prefix, path and attribute-set counts, per-peer counts
 *   GET    /peers/:addr/advertised  Adj-RIB-Out of a peer (same paging)
 *   POST   /peers/:addr/refresh   soft inbound refresh: re-run import policy, or send ROUTE-REFRESH (RFC 2918)
 */
import { parseRouteJson } from './config-load.js';
import type { BgpFamily, RouteConfig } from './config-types.js';
import type { LearnedRoute } from './route.js';
import { type RibPage, type RibQuery, RibQueryError, type RibRouteJson, type RibSummary } from './rib-queries.js';

export interface FamilyCounters {
  readonly family: BgpFamily;
  /** Prefixes the peer announced (including later treat-as-withdraw ones) in this session. */
  readonly received: number;
  /** Prefixes currently in the Adj-RIB-In. */
  readonly accepted: number;
  /** Prefixes we currently advertise to the peer. */
  readonly advertised: number;
}

export interface PeerStatus {
  readonly address: string;
  readonly description?: string;
  /** Configured remote AS (`external` for a listen range accepting any eBGP AS). */
  readonly asn: number | 'external';
  /** The AS the peer reported in its OPEN, once known. */
  readonly remoteAsn?: number;
  readonly remoteRouterId?: string;
  readonly dynamic: boolean;
  /** Listen range a dynamic neighbor came from. */
  readonly range?: string;
  readonly state: string;
  /** Seconds since the session became Established (null when not Established). */
  readonly uptimeSec: number | null;
  readonly localAddress?: string;
  readonly holdTimeSec?: number;
  readonly keepaliveTimeSec?: number;
  /** Names of the capabilities both sides negotiated. */
  readonly capabilities: readonly string[];
  readonly families: readonly FamilyCounters[];
  readonly messagesReceived: number;
  readonly messagesSent: number;
  readonly lastError?: string;
}

export interface SpeakerControlPort {
  /** Local AS and router id (for the summary header). */
  identity(): { readonly asn: number; readonly routerId: string };
  peers(): readonly PeerStatus[];
  /** Undefined when no such peer exists. */
  receivedRoutes(peer: string): readonly LearnedRoute[] | undefined;
  announce(route: RouteConfig): void;
  /** False when no such route was announced. */
  withdraw(prefix: string): boolean;
  /** Announced (originated) routes. */
  originated(): readonly RouteConfig[];
  /** Loc-RIB query (throws RibQueryError for a bad argument). */
  locRib(query: RibQuery): RibPage<RibRouteJson>;
  /** Adj-RIB-Out of a peer; undefined when no such peer exists. */
  advertisedRoutes(peer: string, query: RibQuery): RibPage<LearnedRoute> | undefined;
  ribSummary(): RibSummary;
  /** Soft inbound refresh of a peer (see `Speaker.refreshIn`). */
  refreshIn(peer: string): 'reapplied' | 'requested' | undefined;
}

function ribQueryOf(params: URLSearchParams): RibQuery | string {
  const limitText = params.get('limit');
  if (limitText !== null && !/^\d+$/.test(limitText)) return 'limit must be a positive integer';
  const family = params.get('family');
  if (family !== null && family !== 'ipv4' && family !== 'ipv6') return 'family must be ipv4 or ipv6';
  const get = (k: string) => params.get(k) ?? undefined;
  const q = {
    prefix: get('prefix'),
    match: get('match'),
    after: get('after'),
    limit: limitText === null ? undefined : Number(limitText),
    family: family ?? undefined,
  };
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as RibQuery;
}

function ribAnswer(run: () => unknown): ControlResponse {
  try {
    return { status: 200, body: run() };
  } catch (e) {
    if (e instanceof RibQueryError)
      return { status: e.code === 'E_NO_PEER' ? 404 : 400, body: errorBody(e.code, e.message) };
    throw e;
  }
}

export interface ControlRequest {
  readonly method: string;
  /** Path with optional query, e.g. `/peers/2001:db8::1/routes` or `/routes?prefix=...` */
  readonly url: string;
  readonly body: string;
}

export interface ControlResponse {
  readonly status: number;
  readonly body: unknown;
}

function errorBody(code: string, message: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message, ...extra } };
}

export function handleControlRequest(port: SpeakerControlPort, req: ControlRequest): ControlResponse {
  const url = new URL(req.url, 'http://localhost');
  const parts = url.pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const method = req.method.toUpperCase();
  if (parts.length === 1 && parts[0] === 'peers' && method === 'GET')
    return { status: 200, body: { ...port.identity(), peers: port.peers() } };
  if (parts[0] === 'rib' && method === 'GET') {
    if (parts.length === 2 && parts[1] === 'summary')
      return { status: 200, body: { ...port.identity(), ...port.ribSummary() } };
    if (parts.length === 1) {
      const q = ribQueryOf(url.searchParams);
      if (typeof q === 'string') return { status: 400, body: errorBody('E_BAD_REQUEST', q) };
      return ribAnswer(() => ({ ...port.identity(), ...port.locRib(q) }));
    }
  }
  if (parts.length === 3 && parts[0] === 'peers' && parts[2] === 'advertised' && method === 'GET') {
    const q = ribQueryOf(url.searchParams);
    if (typeof q === 'string') return { status: 400, body: errorBody('E_BAD_REQUEST', q) };
    return ribAnswer(() => {
      const page = port.advertisedRoutes(parts[1]!, q);
      if (page === undefined) throw new RibQueryError('E_NO_PEER', `no peer ${parts[1]}`);
      return { peer: parts[1], ...page };
    });
  }
  if (parts.length === 3 && parts[0] === 'peers' && parts[2] === 'refresh' && method === 'POST') {
    const how = port.refreshIn(parts[1]!);
    if (how === undefined)
      return {
        status: 409,
        body: errorBody('E_NO_REFRESH', `${parts[1]} is not an Established peer that supports route refresh`),
      };
    return { status: 200, body: { peer: parts[1], refresh: how } };
  }
  if (parts.length === 3 && parts[0] === 'peers' && parts[2] === 'routes' && method === 'GET') {
    const routes = port.receivedRoutes(parts[1]!);
    if (routes === undefined) return { status: 404, body: errorBody('E_NO_PEER', `no peer ${parts[1]}`) };
    return { status: 200, body: { peer: parts[1], routes } };
  }
  if (parts.length === 1 && parts[0] === 'routes') {
    if (method === 'GET') return { status: 200, body: { routes: port.originated() } };
    if (method === 'POST') {
      const { route, diagnostics } = parseRouteJson(req.body);
      if (route === undefined) {
        return { status: 400, body: errorBody('E_BAD_ROUTE', 'invalid route', { diagnostics }) };
      }
      port.announce(route);
      return { status: 200, body: { announced: route } };
    }
    if (method === 'DELETE') {
      let prefix = url.searchParams.get('prefix') ?? undefined;
      if (prefix === undefined && req.body.trim() !== '') {
        try {
          const parsed = JSON.parse(req.body) as { prefix?: unknown };
          if (typeof parsed.prefix === 'string') prefix = parsed.prefix;
        } catch {
          return { status: 400, body: errorBody('E_BAD_REQUEST', 'body is not JSON') };
        }
      }
      if (prefix === undefined) return { status: 400, body: errorBody('E_BAD_REQUEST', 'prefix is required') };
      const normalized = normalizePrefix(prefix);
      if (normalized === undefined) return { status: 400, body: errorBody('E_BAD_ROUTE', `not a prefix: ${prefix}`) };
      if (!port.withdraw(normalized))
        return { status: 404, body: errorBody('E_NO_ROUTE', `${normalized} is not announced`) };
      return { status: 200, body: { withdrawn: normalized } };
    }
  }
  return { status: 404, body: errorBody('E_NOT_FOUND', `no endpoint ${method} ${url.pathname}`) };
}

function normalizePrefix(text: string): string | undefined {
  const { route } = parseRouteJson(JSON.stringify({ prefix: text }));
  return route?.prefix;
}
