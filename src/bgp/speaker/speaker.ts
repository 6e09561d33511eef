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
import type { ListenRangeConfig, RouteConfig, SpeakerConfig } from './config-types.js';
import type { PeerStatus, SpeakerControlPort } from './control-api.js';
import type { SpeakerEvent, SpeakerEventListener } from './events.js';
import { buildOutboundAttributes } from './outbound.js';
import { PeerSession, type SessionHost } from './peer-session.js';
import { normalizeRemoteAddress, ttlSecurityOf } from './session-util.js';
import { familyOf, type LearnedRoute, type RouteAttributes } from './route.js';
import {
  type Announcement,
  encodeAnnouncement,
  encodeAnnouncements,
  encodeEndOfRib,
  encodeWithdrawal,
  familyOfAfiSafi,
} from './wire-adapter.js';

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
  private readonly bgpListeners: BgpListener[] = [];
  private readonly ranges: readonly ListenRangeConfig[];
  private running = false;

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
    for (const r of options.config.routes) this.routes.set(r.prefix, r);
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
    for (const p of this.config.peers) {
      const ttl = ttlSecurityOf(p);
      if (p.password !== undefined || ttl !== undefined) {
        passivePeers.push({
          address: p.address,
          ...(p.password !== undefined ? { md5Key: p.password } : {}),
          ...(ttl ? { ttlSecurity: ttl } : {}),
        });
      }
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
      const family = l.address.includes(':') ? 6 : 4;
      // A socket only takes keys of its own family (an IPv6 wildcard socket also sees IPv4-mapped peers).
      const peers = passivePeers.filter((p) => (p.address.includes(':') ? 6 : 4) === family || l.address === '::');
      const listener = await this.transport.listen({ address: l.address, port: l.port, peers }, (c) =>
        this.onConnection(c),
      );
      this.bgpListeners.push(listener);
      this.emit({ event: 'listening', address: listener.address, port: listener.port });
    }
    for (const p of this.config.peers) {
      const session = new PeerSession(this, { address: p.address, port: p.port, settings: p });
      this.sessions.set(p.address, session);
      session.start();
    }
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
  }

  /** Initial dump after Established (and after a ROUTE-REFRESH): every originated route, then End-of-RIB. */
  onEstablished(session: PeerSession): void {
    const negotiated = session.negotiated;
    const ctx = session.context;
    if (negotiated === undefined || ctx === undefined) return;
    const families = negotiated.families.map((f) => familyOfAfiSafi(f.afi, f.safi)).filter((f) => f !== undefined);
    const batch: Announcement[] = [];
    for (const route of this.routes.values()) {
      if (!families.includes(familyOf(route.prefix))) continue;
      const attributes = this.outboundAttributes(session, route);
      if (attributes !== undefined) batch.push({ prefix: route.prefix, attributes });
    }
    for (const bytes of encodeAnnouncements(batch, ctx)) session.send(bytes);
    for (const a of batch) session.ribOut.add(a.prefix, familyOf(a.prefix));
    for (const family of families) {
      session.send(encodeEndOfRib(family, ctx));
      this.emit({ event: 'endOfRib', peer: session.address, family, direction: 'sent' });
    }
  }

  private outboundAttributes(session: PeerSession, route: RouteConfig): RouteAttributes | undefined {
    const negotiated = session.negotiated;
    if (negotiated === undefined) return undefined;
    const out = buildOutboundAttributes(route, {
      localAsn: this.localAsn,
      internal: negotiated.internal,
      localAddress: session.localAddress ?? '::',
    });
    if (!out.ok) {
      this.emit({ event: 'error', peer: session.address, code: out.code, message: out.message });
      return undefined;
    }
    return out.attributes;
  }

  private advertise(session: PeerSession, route: RouteConfig): void {
    const ctx = session.context;
    const attributes = this.outboundAttributes(session, route);
    if (ctx === undefined || attributes === undefined) return;
    session.send(encodeAnnouncement(route.prefix, attributes, ctx));
    session.ribOut.add(route.prefix, familyOf(route.prefix));
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
    const family = familyOf(route.prefix);
    for (const s of this.sessions.values()) {
      const families = (s.negotiated?.families ?? []).map((f) => familyOfAfiSafi(f.afi, f.safi));
      if (s.isEstablished && families.includes(family)) this.advertise(s, route);
    }
  }

  withdraw(prefix: string): boolean {
    if (!this.routes.delete(prefix)) return false;
    this.emit({ event: 'routeWithdrawn', prefix });
    for (const s of this.sessions.values()) {
      const ctx = s.context;
      if (s.isEstablished && ctx !== undefined && s.ribOut.delete(prefix)) {
        s.send(encodeWithdrawal([prefix], familyOf(prefix), ctx));
      }
    }
    return true;
  }

  identity(): { asn: number; routerId: string } {
    return { asn: this.localAsn, routerId: this.routerId };
  }

  originated(): readonly RouteConfig[] {
    return [...this.routes.values()];
  }

  receivedRoutes(peer: string): readonly LearnedRoute[] | undefined {
    const s = this.session(peer);
    return s === undefined ? undefined : [...s.adjRibIn.entries()];
  }

  peers(): readonly PeerStatus[] {
    return [...this.sessions.values()].map((s) => peerStatus(s));
  }
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
