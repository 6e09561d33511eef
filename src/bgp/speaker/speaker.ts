/**
 * A BGP instance: local AS and router id, listeners, configured peers, dynamic neighbors from listen ranges, and the
 * routes it originates. Clock and Transport are injected; nothing here reads the wall clock or opens a socket itself.
 */
import type { Clock } from '../../core/clock.js';
import { V6netError } from '../../core/errors.js';
import { parseAddress, parsePrefix } from '../../ip/parse.js';
import { formatBgpId, parseBgpId } from '../fsm/collision.js';
import type { BgpListener, BgpTransport, PassivePeer } from '../transport/types.js';
import type { Connection } from '../../core/transport.js';
import { encodeMessage } from '../wire/message.js';
import type { BgpFamily, ListenRangeConfig, PeerConfig, RouteConfig, SpeakerConfig } from './config-types.js';
import type { PeerStatus, SpeakerControlPort } from './control-api.js';
import type { SpeakerEvent, SpeakerEventListener } from './events.js';
import { PeerSession, type SessionHost } from './peer-session.js';
import { learnedRouteView } from './route-view.js';
import {
  queryAdjRibOut,
  queryLocRib,
  type RibPage,
  type RibQuery,
  type RibRouteJson,
  type RibSummary,
  ribSummary,
} from './rib-queries.js';
import { SpeakerRib } from './speaker-rib.js';
import { normalizeRemoteAddress, ttlSecurityOf } from './session-util.js';
import type { LearnedRoute } from './route.js';
import { encodeEndOfRib, familyOfAfiSafi } from './wire-adapter.js';

export interface SpeakerOptions {
  readonly config: SpeakerConfig;
  readonly clock: Clock;
  readonly transport: BgpTransport;
  readonly onEvent?: SpeakerEventListener;
}

export class Speaker implements SpeakerControlPort, SessionHost {
  readonly clock: Clock;
  readonly transport: BgpTransport;
  readonly localAsn: number;
  readonly routerId: string;
  readonly routerIdU32: number;
  private readonly config: SpeakerConfig;
  private readonly listeners: SpeakerEventListener[] = [];
  private readonly sessions = new Map<string, PeerSession>();
  private readonly routes = new Map<string, RouteConfig>();
  /** Configured (not dynamic) peers by address, in the order they were added. */
  private readonly peerConfigs = new Map<string, PeerConfig>();
  /** Routes originated towards one peer only; they take precedence over `routes` for the same prefix. */
  private readonly peerRoutes = new Map<string, Map<string, RouteConfig>>();
  private readonly bgpListeners: BgpListener[] = [];
  private readonly ranges: readonly ListenRangeConfig[];
  private running = false;
  /** The router core: Loc-RIB, per-peer Adj-RIBs, policy, graceful restart. */
  readonly speakerRib: SpeakerRib;

  constructor(options: SpeakerOptions) {
    this.config = options.config;
    this.clock = options.clock;
    this.transport = options.transport;
    this.localAsn = options.config.asn;
    this.routerId = options.config.routerId;
    const id = parseBgpId(options.config.routerId);
    if (id === undefined || id === 0)
      throw new V6netError('E_SPEAKER_ROUTER_ID', `invalid router id ${options.config.routerId}`);
    this.routerIdU32 = id;
    if (options.onEvent) this.listeners.push(options.onEvent);
    // Most specific range first (like a longest-prefix match).
    this.ranges = [...options.config.listenRanges].sort(
      (a, b) => parsePrefix(b.prefix).length - parsePrefix(a.prefix).length,
    );
    for (const p of options.config.peers) this.peerConfigs.set(normalizeRemoteAddress(p.address), p);
    const c = options.config;
    this.speakerRib = new SpeakerRib({
      clock: this.clock,
      localAsn: this.localAsn,
      routerIdU32: id,
      emit: (e) => this.emit(e),
      ...(c.bestPath !== undefined ? { bestPath: c.bestPath } : {}),
      ...(c.policy !== undefined ? { policy: c.policy } : {}),
      ...(c.ebgpRequiresPolicy !== undefined ? { ebgpRequiresPolicy: c.ebgpRequiresPolicy } : {}),
      ...(c.restarting !== undefined ? { restarting: c.restarting } : {}),
      ...(c.selectionDeferralSec !== undefined ? { selectionDeferralSec: c.selectionDeferralSec } : {}),
    });
    this.speakerRib.onRelease = () => {
      for (const s of this.sessions.values()) if (s.isEstablished) this.sendEndOfRib(s);
    };
    for (const r of options.config.routes) {
      this.routes.set(r.prefix, r);
      this.speakerRib.originate(r);
    }
  }

  /** True while restarting (RFC 4724 §4.1): OPENs carry the R bit and nothing is advertised yet. */
  get restarting(): boolean {
    return this.speakerRib.restarting;
  }

  /** Sends every peer what the RIB staged for it. */
  flushRib(): void {
    const rib = this.speakerRib.rib;
    for (const p of rib.pendingPeers()) {
      const s = this.sessions.get(p.id);
      const ctx = s?.context;
      if (s === undefined || ctx === undefined || !s.isEstablished) continue;
      for (const bytes of rib.flush(p, ctx)) s.send(bytes);
    }
  }

  onEvent(listener: SpeakerEventListener): void {
    this.listeners.push(listener);
  }

  emit(event: SpeakerEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** Bound listener ports (after `start`), in configuration order. */
  get listening(): readonly { address: string; port: number }[] {
    return this.bgpListeners.map((l) => ({ address: l.address, port: l.port }));
  }

  /** Opens the listeners and starts every configured peer. Rejects if a listener cannot be opened. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const passivePeers: PassivePeer[] = [];
    for (const p of this.peerConfigs.values()) {
      const entry = passiveEntryOf(p);
      if (entry !== undefined) passivePeers.push(entry);
    }
    for (const r of this.config.listenRanges) {
      const prefix = parsePrefix(r.prefix);
      const ttl = ttlSecurityOf(r);
      if (r.password !== undefined || ttl !== undefined) {
        passivePeers.push({
          address: prefix.address.toString(),
          prefixLength: prefix.length,
          ...(r.password !== undefined ? { md5Key: r.password } : {}),
          ...(ttl ? { ttlSecurity: ttl } : {}),
        });
      }
    }
    for (const l of this.config.listen) {
      // A socket only takes keys of its own family (an IPv6 wildcard socket also sees IPv4-mapped peers).
      const peers = passivePeers.filter((p) => listenerTakes(l.address, p.address));
      const listener = await this.transport.listen({ address: l.address, port: l.port, peers }, (c) =>
        this.onConnection(c),
      );
      this.bgpListeners.push(listener);
      this.emit({ event: 'listening', address: listener.address, port: listener.port });
    }
    for (const p of this.peerConfigs.values()) this.startPeer(p);
  }

  private startPeer(p: PeerConfig): void {
    const address = normalizeRemoteAddress(p.address);
    const session = new PeerSession(this, { address, port: p.port, settings: p });
    this.sessions.set(address, session);
    const own = this.peerRoutes.get(address);
    if (own !== undefined) this.speakerRib.setPeerRoutes(session.ribPeer, [...own.values()]);
    session.start();
  }

  // ------------------------------------------------------------------------------------------- runtime peers

  /**
   * Adds a configured peer at runtime (before or after `start`): its MD5 key and TTL settings are installed on the
   * listeners at once and, when running, the session starts. Throws `E_SPEAKER_PEER_EXISTS` for a known address.
   */
  addPeer(config: PeerConfig): void {
    const address = normalizeRemoteAddress(config.address);
    if (this.peerConfigs.has(address) || this.sessions.has(address)) {
      throw new V6netError('E_SPEAKER_PEER_EXISTS', `peer ${address} already exists`);
    }
    parseAddress(address); // throws a typed error for a bad address before anything changes
    this.peerConfigs.set(address, config);
    if (!this.running) return;
    const entry = passiveEntryOf(config);
    for (const l of this.bgpListeners) {
      if (entry !== undefined && listenerTakes(l.address, address)) l.setPeer(entry);
    }
    this.startPeer(config);
  }

  /**
   * Removes a configured peer: the session ends with a Cease NOTIFICATION (Administrative Shutdown, with an RFC 8203
   * message when given), its listener key is removed and its per-peer routes are forgotten. Also ends a dynamic
   * neighbor's session. False when no such peer exists.
   */
  removePeer(address: string, message?: string): boolean {
    const key = normalizeRemoteAddress(address);
    const configured = this.peerConfigs.delete(key);
    const session = this.sessions.get(key);
    if (!configured && session === undefined) return false;
    this.peerRoutes.delete(key);
    if (session !== undefined) {
      session.stop(message ?? 'peer removed');
      this.sessions.delete(key);
    }
    this.speakerRib.forget(key);
    this.flushRib();
    if (configured) for (const l of this.bgpListeners) l.removePeer(key);
    this.emit({ event: 'peerRemoved', peer: key });
    return true;
  }

  /** Settings of the configured peers (not dynamic neighbors). */
  configuredPeers(): readonly PeerConfig[] {
    return [...this.peerConfigs.values()];
  }

  /**
   * Replaces the routes originated towards one peer only (Cilium-style per-peer advertisements). For a prefix in
   * both, the per-peer route wins over a globally announced one. On an Established session the difference to what
   * the peer effectively had is sent at once: UPDATEs for new or changed routes (packed by attributes), withdrawals
   * for prefixes no longer announced. Throws `E_SPEAKER_NO_PEER` for an unknown peer and `E_SPEAKER_ROUTE` for a
   * route whose prefix does not parse.
   */
  setPeerRoutes(peer: string, routes: readonly RouteConfig[]): void {
    const key = normalizeRemoteAddress(peer);
    if (!this.peerConfigs.has(key) && !this.sessions.has(key)) {
      throw new V6netError('E_SPEAKER_NO_PEER', `no peer ${key}`);
    }
    const next = new Map<string, RouteConfig>();
    for (const r of routes) {
      let prefix: string;
      try {
        prefix = parsePrefix(r.prefix).toString();
      } catch {
        throw new V6netError('E_SPEAKER_ROUTE', `not a prefix: ${r.prefix}`);
      }
      next.set(prefix, prefix === r.prefix ? r : { ...r, prefix });
    }
    if (next.size === 0) this.peerRoutes.delete(key);
    else this.peerRoutes.set(key, next);
    const after = this.effectiveRoutes(key);
    const session = this.sessions.get(key);
    let announced = 0;
    let withdrawn = 0;
    if (session !== undefined) {
      this.flushRib(); // earlier staged changes go on their own
      this.speakerRib.setPeerRoutes(session.ribPeer, [...next.values()]);
      const ctx = session.context;
      if (session.isEstablished && ctx !== undefined) {
        for (const bytes of this.speakerRib.rib.flush(session.ribPeer, ctx)) session.send(bytes);
        ({ announced, withdrawn } = session.ribPeer.lastFlush);
      }
    }
    this.emit({ event: 'peerRoutes', peer: key, routes: after.size, announced, withdrawn });
  }

  /** The routes a peer is sent: global ones overlaid by its per-peer ones. */
  effectiveRoutes(peer: string): Map<string, RouteConfig> {
    const own = this.peerRoutes.get(normalizeRemoteAddress(peer));
    if (own === undefined) return new Map(this.routes);
    const out = new Map(this.routes);
    for (const [prefix, r] of own) out.set(prefix, r);
    return out;
  }

  /**
   * Closes every session with a Cease NOTIFICATION (Administrative Shutdown, with an RFC 8203 message when given)
   * and stops listening. The NOTIFICATIONs are written before this returns; the transport flushes them on close.
   */
  async stop(message?: string): Promise<void> {
    this.running = false;
    for (const s of this.sessions.values()) s.stop(message);
    const listeners = this.bgpListeners.splice(0);
    await Promise.all(listeners.map((l) => l.close()));
  }

  private onConnection(connection: Connection): void {
    const address = normalizeRemoteAddress(connection.remoteAddress);
    if (!this.running) {
      connection.destroy();
      return;
    }
    const known = this.sessions.get(address);
    if (known !== undefined) {
      known.acceptIncoming(connection);
      return;
    }
    const addr = parseAddress(address);
    const range = this.ranges.find((r) => {
      const p = parsePrefix(r.prefix);
      return p.family === addr.family && p.contains(addr);
    });
    if (range === undefined) {
      this.emit({ event: 'connectionRejected', peer: address, reason: 'not a configured peer nor in a listen range' });
      connection.destroy();
      return;
    }
    let count = 0;
    for (const s of this.sessions.values()) if (s.definition.range === range.prefix) count++;
    if (count >= range.limit) {
      this.emit({
        event: 'connectionRejected',
        peer: address,
        reason: `listen range ${range.prefix} limit ${range.limit} reached`,
      });
      connection.destroy();
      return;
    }
    const session = new PeerSession(this, {
      address,
      port: connection.remotePort,
      settings: { ...range, passive: true },
      range: range.prefix,
    });
    this.sessions.set(address, session);
    this.emit({ event: 'dynamicNeighbor', peer: address, range: range.prefix });
    session.start();
    session.acceptIncoming(connection);
  }

  onDynamicGone(session: PeerSession): void {
    if (this.sessions.get(session.address) === session) this.sessions.delete(session.address);
    this.speakerRib.forget(session.address);
    this.flushRib();
  }

  /** After Established: the initial dump the RIB staged, then End-of-RIB per family (unless still deferring). */
  onEstablished(session: PeerSession): void {
    this.flushRib();
    if (!this.speakerRib.restarting) this.sendEndOfRib(session);
  }

  /** RFC 2918: the peer asked for our routes again. */
  onRouteRefresh(session: PeerSession, family: BgpFamily): void {
    this.emit({ event: 'routeRefresh', peer: session.address, family, direction: 'received' });
    if (this.speakerRib.restarting) return;
    this.speakerRib.rib.resendAll(session.ribPeer);
    this.onEstablished(session);
  }

  private sendEndOfRib(session: PeerSession): void {
    const ctx = session.context;
    const n = session.negotiated;
    if (ctx === undefined || n === undefined) return;
    this.flushRib();
    for (const f of n.families) {
      const family = familyOfAfiSafi(f.afi, f.safi);
      if (family === undefined) continue;
      session.send(encodeEndOfRib(family, ctx));
      this.emit({ event: 'endOfRib', peer: session.address, family, direction: 'sent' });
    }
  }

  session(address: string): PeerSession | undefined {
    return this.sessions.get(normalizeRemoteAddress(address));
  }

  allSessions(): readonly PeerSession[] {
    return [...this.sessions.values()];
  }

  // ------------------------------------------------------------------------------------------- control port

  announce(route: RouteConfig): void {
    this.routes.set(route.prefix, route);
    this.emit({ event: 'routeAnnounced', prefix: route.prefix });
    this.speakerRib.originate(route);
    this.flushRib();
  }

  withdraw(prefix: string): boolean {
    if (!this.routes.delete(prefix)) return false;
    this.emit({ event: 'routeWithdrawn', prefix });
    this.speakerRib.unoriginate(prefix);
    this.flushRib();
    return true;
  }

  locRib(query: RibQuery): RibPage<RibRouteJson> {
    return queryLocRib(this.speakerRib.rib, query);
  }

  advertisedRoutes(peer: string, query: RibQuery): RibPage<LearnedRoute> | undefined {
    return queryAdjRibOut(this.speakerRib.rib, normalizeRemoteAddress(peer), query);
  }

  ribSummary(): RibSummary {
    return ribSummary(this.speakerRib.rib);
  }

  /**
   * FRR `clear bgp PEER soft in`: re-runs the import policy over the kept pre-policy Adj-RIB-In (soft
   * reconfiguration inbound), or asks the peer to send its routes again (RFC 2918 ROUTE-REFRESH, when negotiated).
   * Undefined when the peer is unknown, not Established, or supports neither.
   */
  refreshIn(peer: string): 'reapplied' | 'requested' | undefined {
    const s = this.session(peer);
    const n = s?.negotiated;
    const ctx = s?.context;
    if (s === undefined || !s.isEstablished || n === undefined || ctx === undefined) return undefined;
    if (this.speakerRib.rib.reapplyImport(s.ribPeer)) {
      this.flushRib();
      return 'reapplied';
    }
    if (!n.routeRefresh) return undefined;
    for (const f of n.families) {
      const family = familyOfAfiSafi(f.afi, f.safi);
      if (family === undefined) continue;
      s.send(encodeMessage({ type: 'routeRefresh', afi: f.afi, safi: f.safi, subtype: 0 }, ctx));
      this.emit({ event: 'routeRefresh', peer: s.address, family, direction: 'sent' });
    }
    return 'requested';
  }

  identity(): { asn: number; routerId: string } {
    return { asn: this.localAsn, routerId: this.routerId };
  }

  originated(): readonly RouteConfig[] {
    return [...this.routes.values()];
  }

  receivedRoutes(peer: string): readonly LearnedRoute[] | undefined {
    const s = this.session(peer);
    if (s === undefined) return undefined;
    const out: LearnedRoute[] = [];
    this.speakerRib.rib.locRib.forEachPath((key, path) => {
      if (path.peer === s.ribPeer) out.push(learnedRouteView(key, path.attrs.value, path.stale));
    });
    return out;
  }

  peers(): readonly PeerStatus[] {
    return [...this.sessions.values()].map((s) => peerStatus(s));
  }
}

/** Listener settings (MD5 key, TTL) for a configured peer, if it needs any. */
function passiveEntryOf(p: PeerConfig): PassivePeer | undefined {
  const ttl = ttlSecurityOf(p);
  if (p.password === undefined && ttl === undefined) return undefined;
  return {
    address: normalizeRemoteAddress(p.address),
    ...(p.password !== undefined ? { md5Key: p.password } : {}),
    ...(ttl ? { ttlSecurity: ttl } : {}),
  };
}

/** A socket only takes keys of its own family; an IPv6 wildcard socket also sees IPv4-mapped peers. */
function listenerTakes(listenAddress: string, peerAddress: string): boolean {
  return listenAddress === '::' || listenAddress.includes(':') === peerAddress.includes(':');
}

function capabilityNames(s: PeerSession): string[] {
  const n = s.negotiated;
  if (n === undefined) return [];
  const names: string[] = n.families.map(
    (f) => `multiprotocol:${familyOfAfiSafi(f.afi, f.safi) ?? `${f.afi}/${f.safi}`}`,
  );
  if (n.fourOctetAs) names.push('fourOctetAs');
  if (n.routeRefresh) names.push('routeRefresh');
  if (n.enhancedRouteRefresh) names.push('enhancedRouteRefresh');
  if (n.extendedMessage) names.push('extendedMessage');
  if (n.gracefulRestart !== undefined) names.push('gracefulRestart');
  return names;
}

function peerStatus(s: PeerSession): PeerStatus {
  const d = s.definition;
  const n = s.negotiated;
  const established = s.isEstablished;
  const counts = s.messageCounts;
  return {
    address: d.address,
    ...(d.settings.description !== undefined ? { description: d.settings.description } : {}),
    asn: d.settings.asn,
    ...(n !== undefined ? { remoteAsn: n.peerAs, remoteRouterId: formatBgpId(n.peerBgpId) } : {}),
    dynamic: d.range !== undefined,
    ...(d.range !== undefined ? { range: d.range } : {}),
    state: s.state,
    uptimeSec: s.uptimeSec,
    ...(established && s.localAddress !== undefined ? { localAddress: s.localAddress } : {}),
    ...(established && n !== undefined ? { holdTimeSec: n.holdTimeSec, keepaliveTimeSec: n.keepaliveTimeSec } : {}),
    capabilities: established ? capabilityNames(s) : [],
    families: s.familyCounters(),
    messagesReceived: counts.received,
    messagesSent: counts.sent,
    ...(s.lastError !== undefined ? { lastError: s.lastError } : {}),
  };
}
