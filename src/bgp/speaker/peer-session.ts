/**
 * The session driver of one peer: it feeds events into the pure FSM (`step`) and carries out its actions on the
 * injected Clock (timers) and Transport (connect/write/close). Incoming bytes go through the wire adapter (framer +
 * decoder). A second connection to the same peer (RFC 4271 §6.8 collision) runs its own FSM instance until the
 * peer's BGP Identifier is known; then `resolveCollision` picks the survivor and the loser gets OpenCollisionDump.
 *
 * Events are queued and processed one at a time, so actions that call back synchronously (a memory transport
 * closing a connection, a timer firing at once) never re-enter `step`.
 */
import type { Connection } from '../../core/transport.js';
import { makeFsmConfig } from '../fsm/config.js';
import { formatBgpId, resolveCollision } from '../fsm/collision.js';
import { initialFsmState, step } from '../fsm/step.js';
import type {
  FsmAction,
  FsmConfig,
  FsmEvent,
  FsmState,
  FsmTimer,
  Negotiated,
  SessionDownReason,
} from '../fsm/types.js';
import type { BgpConnectExtra } from '../transport/types.js';
import { notificationName } from '../wire/codes.js';
import { BgpWireError } from '../wire/errors.js';
import type { WireContext } from '../wire/context.js';
import type { RibPeerState } from '../rib/rib.js';
import type { FamilyCounters } from './control-api.js';
import { normalizeRemoteAddress, ttlSecurityOf } from './session-util.js';
import type { PeerDefinition, SessionHost } from './session-host.js';
import { IngestSink } from './speaker-rib.js';
import { FsmTimers, TIMER_EVENT } from './fsm-timers.js';
import {
  afiSafiOf,
  type DecodedMessage,
  encodeKeepalive,
  encodeNotification,
  encodeOpen,
  familyOfAfiSafi,
  MessageReader,
  shutdownCommunication,
  shutdownNotificationData,
  wireContextOf,
} from './wire-adapter.js';

export type { PeerDefinition, SessionHost } from './session-host.js';

type Direction = 'out' | 'in';

/** One FSM instance with (at most) one TCP connection. */
interface Attempt {
  fsm: FsmState;
  readonly timers: FsmTimers<FsmTimer>;
  connection: Connection | undefined;
  direction: Direction;
  reader: MessageReader;
  /** Bumped whenever a pending outgoing connect must be ignored. */
  connectGeneration: number;
  /** Discarded (lost a collision): ignore everything still in flight for it. */
  dead: boolean;
}

export class PeerSession {
  readonly definition: PeerDefinition;
  readonly fsmConfig: FsmConfig;
  /** This peer in the RIB (its candidates, pre-policy Adj-RIB-In, Adj-RIB-Out and counters). */
  readonly ribPeer: RibPeerState;
  private primary: Attempt;
  private secondary: Attempt | undefined;
  private readonly queue: { attempt: Attempt; event: FsmEvent<Uint8Array> }[] = [];
  /** Counts of the UPDATEs of the current input chunk (one `update` event per chunk). */
  private batch: IngestSink | undefined;
  private draining = false;
  private negotiatedFacts: Negotiated | undefined;
  private wireCtx: WireContext | undefined;
  private establishedAtMs: number | undefined;
  private localAddressText: string | undefined;
  private lastErrorText: string | undefined;
  private messagesIn = 0;
  private messagesOut = 0;
  private shutdownMessage: string | undefined;
  private stopped = false;

  constructor(
    private readonly host: SessionHost,
    definition: PeerDefinition,
  ) {
    this.definition = definition;
    const s = definition.settings;
    this.fsmConfig = makeFsmConfig({
      localAs: host.localAsn,
      bgpId: host.routerIdU32,
      peerAs: s.asn,
      holdTimeSec: s.holdTimeSec,
      keepaliveTimeSec: s.keepaliveTimeSec,
      connectRetryTimeSec: s.connectRetrySec,
      families: s.families.map(afiSafiOf),
      gracefulRestart: s.gracefulRestart,
      // RFC 6286: identical router ids are fine between different ASes (FRR accepts them too).
      allowSameBgpIdForEbgp: true,
    });
    this.primary = this.newAttempt('out');
    this.ribPeer = host.speakerRib.peer(definition.address, s);
  }

  get address(): string {
    return this.definition.address;
  }

  get state(): string {
    return this.primary.fsm.name;
  }

  get isEstablished(): boolean {
    return this.primary.fsm.name === 'Established';
  }

  get negotiated(): Negotiated | undefined {
    return this.negotiatedFacts;
  }

  get context(): WireContext | undefined {
    return this.wireCtx;
  }

  get localAddress(): string | undefined {
    return this.localAddressText;
  }

  get lastError(): string | undefined {
    return this.lastErrorText;
  }

  get uptimeSec(): number | null {
    if (this.establishedAtMs === undefined || !this.isEstablished) return null;
    return Math.floor((this.host.clock.nowMs() - this.establishedAtMs) / 1000);
  }

  get messageCounts(): { received: number; sent: number } {
    return { received: this.messagesIn, sent: this.messagesOut };
  }

  familyCounters(): FamilyCounters[] {
    const p = this.ribPeer;
    return this.definition.settings.families.map((family) => {
      const afi = family === 'ipv6-unicast' ? 2 : 1;
      return {
        family,
        received: p.received[afi]!,
        accepted: p.accepted[afi]!,
        advertised: p.adjRibOut.countOf(afi),
      };
    });
  }

  /** Starts the FSM (ManualStart, passive or active as configured). */
  start(): void {
    const passive = this.definition.settings.passive;
    this.enqueue(this.primary, { type: passive ? 'ManualStart_with_PassiveTcpEstablishment' : 'ManualStart' });
  }

  /**
   * Closes the session with a Cease NOTIFICATION (subcode 2 Administrative Shutdown, RFC 8203 message when given)
   * and stops automatic restarts.
   */
  stop(message?: string): void {
    this.stopped = true;
    this.shutdownMessage = message;
    if (this.secondary !== undefined) this.discard(this.secondary, true);
    this.enqueue(this.primary, { type: 'ManualStop' });
  }

  /** True once the session has no connection and no timer left (after `stop`). */
  get idle(): boolean {
    return this.primary.fsm.name === 'Idle' && this.primary.connection === undefined && this.secondary === undefined;
  }

  /** A connection the listener accepted from this peer's address. */
  acceptIncoming(connection: Connection): void {
    this.adopt(connection, 'in');
  }

  /** Sends bytes on the established connection (UPDATEs built by the speaker). */
  send(bytes: Uint8Array): void {
    if (!this.isEstablished) return;
    this.write(this.primary, bytes);
  }

  /** Takes a new TCP connection (ours or theirs) into the primary FSM, a collision candidate, or rejects it. */
  private adopt(connection: Connection, direction: Direction): void {
    const p = this.primary;
    const name = p.fsm.name;
    if (this.stopped) {
      connection.destroy();
      return;
    }
    if (p.connection === undefined && (name === 'Connect' || name === 'Active' || name === 'Idle')) {
      if (name === 'Idle') {
        if (!p.fsm.enabled || direction === 'out') {
          connection.destroy();
          return;
        }
        // A peer dialling in during our restart back-off: start now rather than refusing (the RFC's Idle refuses).
        const passive = this.definition.settings.passive;
        this.enqueue(p, { type: passive ? 'ManualStart_with_PassiveTcpEstablishment' : 'ManualStart' });
      }
      this.attach(p, connection, direction);
      this.enqueue(p, { type: direction === 'out' ? 'Tcp_CR_Acked' : 'TcpConnectionConfirmed' });
      return;
    }
    if ((name === 'OpenSent' || name === 'OpenConfirm') && this.secondary === undefined) {
      // RFC 4271 §6.8: keep both until the peer's BGP Identifier decides.
      const s = this.newAttempt(direction);
      this.secondary = s;
      this.attach(s, connection, direction);
      const passive = this.definition.settings.passive;
      this.enqueue(s, { type: passive ? 'ManualStart_with_PassiveTcpEstablishment' : 'ManualStart' });
      this.enqueue(s, { type: direction === 'out' ? 'Tcp_CR_Acked' : 'TcpConnectionConfirmed' });
      return;
    }
    // Established (RFC 4271 §6.8: a collision with an Established session closes the new connection) or busy.
    this.host.emit({ event: 'connectionRejected', peer: this.address, reason: `collision with ${name} session` });
    connection.write(encodeNotification(6, 7, new Uint8Array(0)));
    connection.close();
  }

  private newAttempt(direction: Direction): Attempt {
    return {
      fsm: initialFsmState(this.fsmConfig),
      timers: new FsmTimers(this.host.clock),
      connection: undefined,
      direction,
      reader: new MessageReader({ rawUpdates: true }),
      connectGeneration: 0,
      dead: false,
    };
  }

  private attach(a: Attempt, connection: Connection, direction: Direction): void {
    a.connection = connection;
    a.direction = direction;
    a.reader = new MessageReader({ rawUpdates: true });
    connection.onData((chunk) => {
      if (a.connection !== connection || a.dead) return;
      this.onBytes(a, chunk);
    });
    connection.onClose((err) => {
      if (a.connection !== connection || a.dead) return;
      a.connection = undefined;
      if (err !== undefined) this.lastErrorText = err.message;
      this.enqueue(a, { type: 'TcpConnectionFails' });
    });
  }

  private onBytes(a: Attempt, chunk: Uint8Array): void {
    const reader = a.reader;
    try {
      reader.push(chunk);
    } catch (error) {
      // RFC 4271 §6.1: a bad marker or length; the stream cannot be resynchronised.
      const e = error instanceof BgpWireError ? error : new BgpWireError(1, 1);
      a.reader = new MessageReader({ rawUpdates: true });
      this.onMessage(a, { type: 'error', event: 'BGPHeaderErr', code: e.errorCode, subcode: e.subcode, data: e.data });
      return;
    }
    try {
      // Bounded: each call consumes one framed message.
      for (;;) {
        if (a.reader !== reader || a.dead) return;
        const message = reader.next(this.contextFor(a));
        if (message === undefined) return;
        this.messagesIn++;
        this.onMessage(a, message);
        if (message.type === 'error' || message.type === 'notification') {
          a.reader = new MessageReader({ rawUpdates: true }); // nothing after a fatal message is read
          return;
        }
      }
    } finally {
      this.endBatch();
      this.host.flushRib();
    }
  }

  /** One `update` event for the UPDATEs of an input chunk. */
  private endBatch(): void {
    const b = this.batch;
    this.batch = undefined;
    if (b === undefined || b.updates === 0) return;
    this.host.emit({
      event: 'update',
      peer: this.address,
      announced: b.announced,
      withdrawn: b.withdrawn,
      treatAsWithdraw: b.treatAsWithdraw,
      sample: b.sample,
    });
  }

  private contextFor(a: Attempt): WireContext {
    return a === this.primary && this.wireCtx !== undefined ? this.wireCtx : wireContextOf(undefined);
  }

  private onMessage(a: Attempt, m: DecodedMessage): void {
    switch (m.type) {
      case 'open':
        this.onOpen(a, m);
        return;
      case 'keepalive':
        this.enqueue(a, { type: 'KeepAliveMsg' });
        return;
      case 'update':
        throw new Error('UPDATEs are read as bytes');
      case 'updateBytes':
        this.enqueue(a, { type: 'UpdateMsg', update: m.bytes });
        return;
      case 'notification': {
        const message = shutdownCommunication(m.code, m.subcode, m.data);
        this.lastErrorText = `received ${notificationName(m.code, m.subcode)}${message ? ` "${message}"` : ''}`;
        this.host.emit({
          event: 'notificationReceived',
          peer: this.address,
          code: m.code,
          subcode: m.subcode,
          name: notificationName(m.code, m.subcode),
          ...(message !== undefined ? { message } : {}),
        });
        this.enqueue(a, { type: 'NotifMsg', code: m.code, subcode: m.subcode });
        return;
      }
      case 'routeRefresh': {
        this.enqueue(a, { type: 'RouteRefreshMsg' });
        const family = familyOfAfiSafi(m.afi, m.safi);
        if (family !== undefined && a === this.primary && this.isEstablished) this.host.onRouteRefresh(this, family);
        return;
      }
      case 'error':
        this.enqueue(a, { type: m.event, code: m.code, subcode: m.subcode, data: m.data });
        return;
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${String(never)}`);
      }
    }
  }

  /** RFC 4271 §6.8: the first OPEN that reveals the peer's identifier while another connection is open decides. */
  private onOpen(a: Attempt, m: Extract<DecodedMessage, { type: 'open' }>): void {
    const other = a === this.primary ? this.secondary : this.primary;
    if (other !== undefined && !other.dead && (other.fsm.name === 'OpenSent' || other.fsm.name === 'OpenConfirm')) {
      const winner = resolveCollision(this.host.routerIdU32, m.open.bgpId, this.host.localAsn, m.peerAsn);
      const survivingDirection: Direction = winner === 'locallyInitiated' ? 'out' : 'in';
      const loser = a.direction === survivingDirection && other.direction !== survivingDirection ? other : a;
      this.enqueue(loser, { type: 'OpenCollisionDump' });
      if (loser === a) return;
    } else if (a === this.secondary) {
      // The first connection is gone meanwhile: the candidate simply becomes the session.
      this.discard(this.primary, false);
    }
    this.enqueue(a, { type: 'BGPOpen', open: m.open });
  }

  private enqueue(attempt: Attempt, event: FsmEvent<Uint8Array>): void {
    this.queue.push({ attempt, event });
    if (this.draining) return;
    this.draining = true;
    try {
      // Bounded: every event is processed once; actions enqueue a bounded number of follow-ups.
      for (let i = 0; i < 10_000 && this.queue.length > 0; i++) {
        const next = this.queue.shift()!;
        if (!next.attempt.dead) this.process(next.attempt, next.event);
      }
    } finally {
      this.draining = false;
    }
  }

  private process(a: Attempt, event: FsmEvent<Uint8Array>): void {
    const from = a.fsm.name;
    const result = step(a.fsm, event, this.fsmConfig);
    a.fsm = result.state;
    for (const action of result.actions) this.perform(a, action);
    const to = a.fsm.name;
    if (a === this.primary && from !== to) this.host.emit({ event: 'state', peer: this.address, from, to });
    if (event.type === 'OpenCollisionDump') this.discard(a, false);
    if (a === this.secondary && to === 'Idle') this.discard(a, false);
    if (a === this.primary && to === 'Idle' && from !== 'Idle') this.afterIdle();
  }

  /** A secondary became the survivor, or an attempt lost: drop it with its timers. */
  private discard(a: Attempt, notify: boolean): void {
    if (a.dead) return;
    if (notify && a.connection !== undefined) {
      this.write(a, encodeNotification(6, 2, new Uint8Array(0)));
    }
    a.dead = true;
    a.timers.stopAll();
    a.connection?.close();
    a.connection = undefined;
    if (a === this.secondary) {
      this.secondary = undefined;
    } else if (a === this.primary && this.secondary !== undefined) {
      // The incoming/outgoing candidate won: it carries on as the session.
      const from = this.primary.fsm.name;
      this.primary = this.secondary;
      this.secondary = undefined;
      this.host.emit({ event: 'state', peer: this.address, from, to: this.primary.fsm.name });
    }
  }

  private afterIdle(): void {
    if (this.definition.range !== undefined && this.secondary === undefined) {
      // A dynamic neighbor lives as long as its session (FRR deletes it too); stop the restart back-off.
      this.primary.timers.stopAll();
      this.primary.dead = true;
      this.host.onDynamicGone(this);
    }
  }

  private write(a: Attempt, bytes: Uint8Array): void {
    if (a.connection === undefined) return;
    this.messagesOut++;
    a.connection.write(bytes);
  }

  private connect(a: Attempt): void {
    if (a !== this.primary) return; // a collision candidate already has its connection
    const generation = ++a.connectGeneration;
    const s = this.definition.settings;
    const ttl = ttlSecurityOf(s);
    const extra: BgpConnectExtra = {
      ...(s.password !== undefined ? { md5Key: s.password } : {}),
      ...(ttl !== undefined ? { ttlSecurity: ttl } : {}),
    };
    this.host.transport
      .connect({
        remoteAddress: this.address,
        remotePort: this.definition.port,
        ...(s.localAddress !== undefined ? { localAddress: s.localAddress } : {}),
        timeoutMs: Math.max(1000, s.connectRetrySec * 1000),
        ...extra,
      })
      .then(
        (connection) => {
          if (a.dead || a.connectGeneration !== generation) {
            connection.destroy();
            return;
          }
          this.adopt(connection, 'out');
        },
        (error: unknown) => {
          if (a.dead || a.connectGeneration !== generation) return;
          this.lastErrorText = error instanceof Error ? error.message : String(error);
          this.enqueue(a, { type: 'TcpConnectionFails' });
        },
      );
  }

  private perform(a: Attempt, action: FsmAction<Uint8Array>): void {
    switch (action.type) {
      case 'startTimer': {
        const type = TIMER_EVENT[action.timer];
        a.timers.start(action.timer, action.durationMs, () => this.enqueue(a, { type } as FsmEvent<Uint8Array>));
        return;
      }
      case 'stopTimer':
        a.timers.stop(action.timer);
        return;
      case 'connect':
        this.connect(a);
        return;
      case 'dropConnection': {
        a.connectGeneration++;
        const c = a.connection;
        a.connection = undefined;
        c?.close();
        return;
      }
      case 'sendOpen':
        this.write(
          a,
          encodeOpen({
            asn: this.host.localAsn,
            routerId: this.host.routerId,
            holdTimeSec: this.definition.settings.holdTimeSec,
            families: this.definition.settings.families,
            ...(this.definition.settings.gracefulRestart !== undefined
              ? {
                  gracefulRestart: {
                    ...this.definition.settings.gracefulRestart,
                    restartState: this.host.restarting,
                    // v6net keeps no forwarding state of its own: it is preserved across any restart by definition
                    forwardingState: true,
                  },
                }
              : {}),
          }),
        );
        return;
      case 'sendKeepalive':
        this.write(a, encodeKeepalive());
        return;
      case 'sendNotification': {
        const shutdown = action.code === 6 && action.subcode === 2 ? this.shutdownMessage : undefined;
        const data = shutdown !== undefined ? shutdownNotificationData(shutdown) : action.data;
        this.write(a, encodeNotification(action.code, action.subcode, data));
        const name = notificationName(action.code, action.subcode);
        if (action.code !== 6) this.lastErrorText = `sent ${name}`;
        this.host.emit({
          event: 'notificationSent',
          peer: this.address,
          code: action.code,
          subcode: action.subcode,
          name,
          ...(shutdown !== undefined ? { message: shutdown } : {}),
        });
        return;
      }
      case 'established':
        this.onEstablishedAction(a, action.negotiated);
        return;
      case 'sessionDown':
        this.onSessionDown(action.reason);
        return;
      case 'processUpdate':
        this.applyUpdate(a, action.update);
        return;
      default: {
        const never: never = action;
        throw new Error(`unhandled FSM action ${String(never)}`);
      }
    }
  }

  private onEstablishedAction(a: Attempt, negotiated: Negotiated): void {
    if (this.secondary !== undefined && a === this.primary) this.discard(this.secondary, true);
    this.negotiatedFacts = negotiated;
    this.wireCtx = wireContextOf(negotiated);
    this.establishedAtMs = this.host.clock.nowMs();
    this.localAddressText = a.connection ? normalizeRemoteAddress(a.connection.localAddress) : undefined;
    this.host.emit({
      event: 'established',
      peer: this.address,
      asn: negotiated.peerAs,
      routerId: formatBgpId(negotiated.peerBgpId),
      localAddress: this.localAddressText ?? '',
      holdTimeSec: negotiated.holdTimeSec,
      keepaliveTimeSec: negotiated.keepaliveTimeSec,
      families: negotiated.families.map((f) => familyOfAfiSafi(f.afi, f.safi)).filter((f) => f !== undefined),
    });
    this.host.speakerRib.established(this.ribPeer, negotiated, this.localAddressText ?? '::');
    this.host.onEstablished(this);
  }

  private onSessionDown(reason: SessionDownReason): void {
    this.endBatch();
    const localN = this.definition.settings.gracefulRestart !== undefined;
    this.host.speakerRib.down(this.ribPeer, this.negotiatedFacts, reason, localN, this.definition.range !== undefined);
    this.establishedAtMs = undefined;
    this.wireCtx = undefined;
    this.negotiatedFacts = undefined;
    if (reason.kind === 'holdTimerExpired') this.lastErrorText = 'hold timer expired';
    if (reason.kind === 'connectionFailed') this.lastErrorText ??= 'connection lost';
    this.host.emit({
      event: 'down',
      peer: this.address,
      reason: reason.kind,
      ...('code' in reason ? { code: reason.code, subcode: reason.subcode } : {}),
    });
  }

  /** One received UPDATE into the RIB (RFC 7606 handling included); a malformed one resets the session. */
  private applyUpdate(a: Attempt, bytes: Uint8Array): void {
    const ctx = this.wireCtx;
    const n = this.negotiatedFacts;
    if (ctx === undefined || n === undefined) return;
    this.batch ??= new IngestSink(this.ribPeer, new Set(n.families.map((f) => f.afi)));
    const r = this.host.speakerRib.ingest(bytes, ctx, this.batch);
    if (r instanceof BgpWireError) {
      this.enqueue(a, { type: 'UpdateMsgErr', code: r.errorCode, subcode: r.subcode, data: r.data });
      return;
    }
    if (r !== undefined) {
      this.endBatch();
      this.host.emit({ event: 'endOfRib', peer: this.address, family: r, direction: 'received' });
      this.host.speakerRib.endOfRib(this.ribPeer, r);
    }
  }

  /** Test/diagnostic view of the FSM state of both connections. */
  debugState(): { primary: FsmState; direction: 'out' | 'in'; secondary: FsmState | undefined } {
    return { primary: this.primary.fsm, direction: this.primary.direction, secondary: this.secondary?.fsm };
  }
}
