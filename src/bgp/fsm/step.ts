/**
 * The BGP finite state machine of RFC 4271 §8.2.2 as a pure function. Each state has one handler with an exhaustive
 * switch over the events; the comments name the RFC event numbers. Deviations from the RFC text, all deliberate:
 *
 * - No DelayOpen, and SendNOTIFICATIONwithoutOPEN is false (nothing is sent before our OPEN).
 * - Going to Idle after a failure starts the IdleHoldTimer when the session is enabled and `automaticRestart` is set;
 *   its expiry restarts the session (AutomaticStart). The wait doubles per consecutive failure (damping) and is reset
 *   after the session stayed Established for `damping.resetAfterMs` (timer `idleHoldReset`). This also covers
 *   Connect/TcpConnectionFails, which the RFC sends to Idle without damping.
 * - Active/TcpConnectionFails: the RFC restarts the ConnectRetryTimer and goes to Idle; we stop it (Idle owns no
 *   ConnectRetryTimer, the idle hold takes over).
 * - Active/ConnectRetryTimer_Expires with passive establishment: stay in Active (a passive session never connects).
 * - A NOTIFICATION received in OpenSent is not answered with an FSM-error NOTIFICATION (RFC lists event 25 among
 *   "other events" there); the connection is just dropped.
 * - A BGPOpen on this connection in OpenConfirm/Established is an FSM error (RFC 6608 subcodes 2/3); collisions of
 *   two connections are decided by the driver with `resolveCollision` and reported as OpenCollisionDump.
 * - BGPHeaderErr in Established sends the header error itself (RFC 4271 §6.1), not an FSM error.
 */
import { CEASE_SUBCODE, ERROR_CODE, FSM_SUBCODE, OPEN_SUBCODE } from './codes.js';
import { nextIdleHoldMs } from './damping.js';
import { validateOpen } from './open-validation.js';
import type {
  FsmAction,
  FsmConfig,
  FsmEvent,
  FsmState,
  FsmStateName,
  FsmTimer,
  Negotiated,
  NotificationData,
  PeerOpen,
  SessionDownReason,
  StepResult,
} from './types.js';

const EMPTY = new Uint8Array(0);

export function initialFsmState(config: FsmConfig): FsmState {
  return {
    name: 'Idle',
    connectRetryCounter: 0,
    passive: false,
    enabled: false,
    timers: [],
    idleHoldMs: config.damping.initialIdleHoldMs,
    negotiated: undefined,
  };
}

/** Which timer an expiry event reports (that timer is no longer running once its event arrives). */
function expiredTimer(event: FsmEvent<unknown>): FsmTimer | undefined {
  switch (event.type) {
    case 'ConnectRetryTimer_Expires':
      return 'connectRetry';
    case 'HoldTimer_Expires':
      return 'hold';
    case 'KeepaliveTimer_Expires':
      return 'keepalive';
    case 'IdleHoldTimer_Expires':
      return 'idleHold';
    case 'IdleHoldResetTimer_Expires':
      return 'idleHoldReset';
    default:
      return undefined;
  }
}

const TIMER_ORDER: readonly FsmTimer[] = ['connectRetry', 'hold', 'keepalive', 'idleHold', 'idleHoldReset'];

interface IdleOptions {
  readonly reason: SessionDownReason;
  readonly notification?: NotificationData;
  /** RFC: ConnectRetryCounter reset (ManualStop), incremented (most failures) or left alone. */
  readonly counter: 'reset' | 'increment' | 'keep';
  /** Start the idle hold back-off (automatic restart). */
  readonly damp: boolean;
}

/** A transition under construction: a mutable draft of the next state plus the actions emitted so far. */
class Transition<U> {
  name: FsmStateName;
  connectRetryCounter: number;
  passive: boolean;
  enabled: boolean;
  idleHoldMs: number;
  negotiated: Negotiated | undefined;
  readonly timers: Set<FsmTimer>;
  readonly actions: FsmAction<U>[] = [];

  constructor(
    readonly from: FsmState,
    readonly config: FsmConfig,
  ) {
    this.name = from.name;
    this.connectRetryCounter = from.connectRetryCounter;
    this.passive = from.passive;
    this.enabled = from.enabled;
    this.idleHoldMs = from.idleHoldMs;
    this.negotiated = from.negotiated;
    this.timers = new Set(from.timers);
  }

  emit(action: FsmAction<U>): void {
    this.actions.push(action);
  }

  /** Starts (or restarts) a timer. */
  startTimer(timer: FsmTimer, durationMs: number): void {
    this.timers.add(timer);
    this.emit({ type: 'startTimer', timer, durationMs });
  }

  stopTimer(timer: FsmTimer): void {
    if (!this.timers.delete(timer)) return;
    this.emit({ type: 'stopTimer', timer });
  }

  notify(code: number, subcode: number, data: Uint8Array = EMPTY): void {
    this.emit({ type: 'sendNotification', code, subcode, data });
  }

  get connectRetryMs(): number {
    return this.config.connectRetryTimeSec * 1000;
  }

  /** Idle → Connect (active) or Active (passive): RFC 4271 §8.2.2 Idle, events 1/3 and 4/5. */
  start(passive: boolean): void {
    this.stopTimer('idleHold');
    this.enabled = true;
    this.passive = passive;
    this.connectRetryCounter = 0;
    this.startTimer('connectRetry', this.connectRetryMs);
    if (passive) {
      this.name = 'Active';
    } else {
      this.emit({ type: 'connect' });
      this.name = 'Connect';
    }
  }

  /** TCP is up (ours or theirs) in Connect/Active: send OPEN, large hold timer, OpenSent. */
  connectionUp(): void {
    this.stopTimer('connectRetry');
    this.emit({ type: 'sendOpen' });
    // RFC 4271 §8.2.2: "sets the HoldTimer to a large value" (4 minutes suggested).
    this.startTimer('hold', this.config.openSentHoldTimeSec * 1000);
    this.name = 'OpenSent';
  }

  /** Every transition to Idle: notify, release timers, report a lost session, drop TCP, damp. */
  toIdle(options: IdleOptions): void {
    if (options.notification !== undefined) {
      const n = options.notification;
      this.notify(n.code, n.subcode, n.data);
    }
    for (const timer of TIMER_ORDER) {
      if (timer !== 'idleHold') this.stopTimer(timer);
    }
    if (this.from.name === 'Established') this.emit({ type: 'sessionDown', reason: options.reason });
    this.emit({ type: 'dropConnection' });
    if (options.counter === 'reset') this.connectRetryCounter = 0;
    else if (options.counter === 'increment') this.connectRetryCounter += 1;
    this.negotiated = undefined;
    if (options.damp && this.enabled && this.config.automaticRestart) {
      this.startTimer('idleHold', this.idleHoldMs);
      this.idleHoldMs = nextIdleHoldMs(this.idleHoldMs, this.config.damping);
    }
    this.name = 'Idle';
  }

  manualStop(withCease: boolean): void {
    this.enabled = false;
    this.stopTimer('idleHold');
    this.idleHoldMs = this.config.damping.initialIdleHoldMs;
    this.toIdle({
      reason: { kind: 'manualStop' },
      counter: 'reset',
      damp: false,
      ...(withCease ? { notification: cease(CEASE_SUBCODE.administrativeShutdown) } : {}),
    });
  }

  /** A failure that increments the ConnectRetryCounter and damps (the most common RFC row). */
  fail(reason: SessionDownReason, notification?: NotificationData): void {
    this.toIdle({ reason, counter: 'increment', damp: true, ...(notification ? { notification } : {}) });
  }

  /** RFC 6608 FSM error for an event the current state does not expect. */
  fsmError(event: FsmEvent<U>, subcode: number): void {
    this.fail({ kind: 'fsmError', event: event.type }, { code: ERROR_CODE.fsm, subcode, data: EMPTY });
  }

  /** Restart the hold timer after a KEEPALIVE/UPDATE (not when the negotiated hold time is 0). */
  restartHold(): void {
    const hold = this.negotiated?.holdTimeSec ?? 0;
    if (hold > 0) this.startTimer('hold', hold * 1000);
  }

  restartKeepalive(): void {
    const keepalive = this.negotiated?.keepaliveTimeSec ?? 0;
    if (keepalive > 0) this.startTimer('keepalive', keepalive * 1000);
  }

  result(): StepResult<U> {
    return {
      state: {
        name: this.name,
        connectRetryCounter: this.connectRetryCounter,
        passive: this.passive,
        enabled: this.enabled,
        timers: TIMER_ORDER.filter((t) => this.timers.has(t)),
        idleHoldMs: this.idleHoldMs,
        negotiated: this.negotiated,
      },
      actions: this.actions,
    };
  }
}

function cease(subcode: number): NotificationData {
  return { code: ERROR_CODE.cease, subcode, data: EMPTY };
}

const HOLD_EXPIRED: NotificationData = { code: ERROR_CODE.holdTimerExpired, subcode: 0, data: EMPTY };

function isVersionError(event: { code: number; subcode: number }): boolean {
  return event.code === ERROR_CODE.openMessage && event.subcode === OPEN_SUBCODE.unsupportedVersion;
}

function notificationOf(event: NotificationData): NotificationData {
  return { code: event.code, subcode: event.subcode, data: event.data };
}

function sentReason(n: NotificationData): SessionDownReason {
  return { kind: 'notificationSent', code: n.code, subcode: n.subcode };
}

function idle<U>(t: Transition<U>, event: FsmEvent<U>): void {
  switch (event.type) {
    case 'ManualStart': // 1
      t.start(false);
      return;
    case 'ManualStart_with_PassiveTcpEstablishment': // 4
      t.start(true);
      return;
    case 'AutomaticStart': // 3 (ignored while the idle hold back-off runs: damping)
      if (!t.timers.has('idleHold')) t.start(false);
      return;
    case 'AutomaticStart_with_PassiveTcpEstablishment': // 5
      if (!t.timers.has('idleHold')) t.start(true);
      return;
    case 'IdleHoldTimer_Expires': // 13: the back-off is over, restart the way the session was started
      if (t.enabled) t.start(t.passive);
      return;
    case 'ManualStop': // 2: ignored in Idle, but it cancels a pending automatic restart
      t.enabled = false;
      t.stopTimer('idleHold');
      t.idleHoldMs = t.config.damping.initialIdleHoldMs;
      return;
    case 'AutomaticStop':
    case 'ConnectRetryTimer_Expires':
    case 'HoldTimer_Expires':
    case 'KeepaliveTimer_Expires':
    case 'IdleHoldResetTimer_Expires':
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
    case 'TcpConnectionFails':
    case 'BGPOpen':
    case 'BGPHeaderErr':
    case 'BGPOpenMsgErr':
    case 'OpenCollisionDump':
    case 'NotifMsg':
    case 'KeepAliveMsg':
    case 'UpdateMsg':
    case 'UpdateMsgErr':
    case 'RouteRefreshMsg':
      return; // "Any other event (Events 9-12, 15-28) received in the Idle state does not cause change"
    default:
      assertNever(event);
  }
}

/** Connect and Active share most rows; `active` selects the differences. */
function connectOrActive<U>(t: Transition<U>, event: FsmEvent<U>, active: boolean): void {
  switch (event.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
    case 'IdleHoldResetTimer_Expires':
      return; // 1, 3-7: ignored
    case 'ManualStop': // 2
      t.manualStop(false);
      return;
    case 'ConnectRetryTimer_Expires': // 9: (Connect: drop the attempt,) restart the timer, connect again
      if (!active) t.emit({ type: 'dropConnection' });
      t.startTimer('connectRetry', t.connectRetryMs);
      if (active && t.passive) return;
      t.emit({ type: 'connect' });
      t.name = 'Connect';
      return;
    case 'Tcp_CR_Acked': // 16
    case 'TcpConnectionConfirmed': // 17
      t.connectionUp();
      return;
    case 'TcpConnectionFails': // 18
      if (active) {
        t.fail({ kind: 'connectionFailed' });
        return;
      }
      // Connect: RFC → Idle without touching the counter.
      t.toIdle({ reason: { kind: 'connectionFailed' }, counter: 'keep', damp: true });
      return;
    case 'BGPHeaderErr': // 21
    case 'BGPOpenMsgErr': // 22 (SendNOTIFICATIONwithoutOPEN is false: nothing sent)
      t.fail(sentReason(event));
      return;
    case 'NotifMsg': // 24, 25
      t.fail({ kind: 'notificationReceived', code: event.code, subcode: event.subcode });
      return;
    case 'AutomaticStop': // 8
    case 'HoldTimer_Expires': // 10
    case 'KeepaliveTimer_Expires': // 11
    case 'IdleHoldTimer_Expires': // 13
    case 'BGPOpen': // 19
    case 'OpenCollisionDump': // 23
    case 'KeepAliveMsg': // 26
    case 'UpdateMsg': // 27
    case 'UpdateMsgErr': // 28
    case 'RouteRefreshMsg':
      t.fail({ kind: 'fsmError', event: event.type });
      return;
    default:
      assertNever(event);
  }
}

function openSent<U>(t: Transition<U>, event: FsmEvent<U>): void {
  switch (event.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
    case 'IdleHoldResetTimer_Expires':
    case 'Tcp_CR_Acked': // 16/17: a second connection; the driver tracks it (§6.8)
    case 'TcpConnectionConfirmed':
      return;
    case 'ManualStop': // 2
      t.manualStop(true);
      return;
    case 'AutomaticStop': // 8
      t.fail({ kind: 'automaticStop' }, cease(event.subcode ?? CEASE_SUBCODE.administrativeShutdown));
      return;
    case 'HoldTimer_Expires': // 10
      t.fail({ kind: 'holdTimerExpired' }, HOLD_EXPIRED);
      return;
    case 'TcpConnectionFails': // 18: close, restart ConnectRetryTimer, listen → Active
      t.stopTimer('hold');
      t.emit({ type: 'dropConnection' });
      t.startTimer('connectRetry', t.connectRetryMs);
      t.name = 'Active';
      return;
    case 'BGPOpen': // 19
      receiveOpen(t, event.open);
      return;
    case 'BGPHeaderErr': // 21
    case 'BGPOpenMsgErr': // 22
      t.fail(sentReason(event), notificationOf(event));
      return;
    case 'OpenCollisionDump': // 23
      t.fail({ kind: 'collision' }, cease(CEASE_SUBCODE.connectionCollisionResolution));
      return;
    case 'NotifMsg': // 24: version error → Idle without counting; 25: see file header
      if (isVersionError(event)) {
        t.toIdle({
          reason: { kind: 'notificationReceived', code: event.code, subcode: event.subcode },
          counter: 'keep',
          damp: true,
        });
        return;
      }
      t.fail({ kind: 'notificationReceived', code: event.code, subcode: event.subcode });
      return;
    case 'ConnectRetryTimer_Expires': // 9
    case 'KeepaliveTimer_Expires': // 11
    case 'IdleHoldTimer_Expires': // 13
    case 'KeepAliveMsg': // 26
    case 'UpdateMsg': // 27
    case 'UpdateMsgErr': // 28
    case 'RouteRefreshMsg':
      t.fsmError(event, FSM_SUBCODE.unexpectedInOpenSent);
      return;
    default:
      assertNever(event);
  }
}

/** OpenSent + BGPOpen (event 19): validate, negotiate, KEEPALIVE, timers, OpenConfirm. */
function receiveOpen<U>(t: Transition<U>, open: PeerOpen): void {
  const result = validateOpen(open, t.config);
  if (!result.ok) {
    t.fail(sentReason(result.error), result.error);
    return;
  }
  const negotiated = result.negotiated;
  t.negotiated = negotiated;
  t.stopTimer('connectRetry');
  t.emit({ type: 'sendKeepalive' });
  if (negotiated.holdTimeSec > 0) {
    t.startTimer('keepalive', negotiated.keepaliveTimeSec * 1000);
    t.startTimer('hold', negotiated.holdTimeSec * 1000);
  } else {
    // RFC 4271 §4.4: a hold time of 0 means no hold timer and no periodic KEEPALIVE.
    t.stopTimer('hold');
  }
  t.name = 'OpenConfirm';
}

function openConfirm<U>(t: Transition<U>, event: FsmEvent<U>): void {
  switch (event.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
    case 'IdleHoldResetTimer_Expires':
    case 'Tcp_CR_Acked': // 16/17: second connection, tracked by the driver
    case 'TcpConnectionConfirmed':
      return;
    case 'ManualStop': // 2
      t.manualStop(true);
      return;
    case 'AutomaticStop': // 8
      t.fail({ kind: 'automaticStop' }, cease(event.subcode ?? CEASE_SUBCODE.administrativeShutdown));
      return;
    case 'HoldTimer_Expires': // 10
      t.fail({ kind: 'holdTimerExpired' }, HOLD_EXPIRED);
      return;
    case 'KeepaliveTimer_Expires': // 11
      t.emit({ type: 'sendKeepalive' });
      t.restartKeepalive();
      return;
    case 'TcpConnectionFails': // 18
      t.fail({ kind: 'connectionFailed' });
      return;
    case 'NotifMsg': // 24, 25
      t.toIdle({
        reason: { kind: 'notificationReceived', code: event.code, subcode: event.subcode },
        counter: isVersionError(event) ? 'keep' : 'increment',
        damp: true,
      });
      return;
    case 'BGPHeaderErr': // 21
    case 'BGPOpenMsgErr': // 22
      t.fail(sentReason(event), notificationOf(event));
      return;
    case 'OpenCollisionDump': // 23
      t.fail({ kind: 'collision' }, cease(CEASE_SUBCODE.connectionCollisionResolution));
      return;
    case 'KeepAliveMsg': // 26: → Established
      t.restartHold();
      t.startTimer('idleHoldReset', t.config.damping.resetAfterMs);
      if (t.negotiated !== undefined) t.emit({ type: 'established', negotiated: t.negotiated });
      t.name = 'Established';
      return;
    case 'BGPOpen': // 19 on this connection (see file header)
    case 'ConnectRetryTimer_Expires': // 9
    case 'IdleHoldTimer_Expires': // 13
    case 'UpdateMsg': // 27
    case 'UpdateMsgErr': // 28
    case 'RouteRefreshMsg':
      t.fsmError(event, FSM_SUBCODE.unexpectedInOpenConfirm);
      return;
    default:
      assertNever(event);
  }
}

function established<U>(t: Transition<U>, event: FsmEvent<U>): void {
  switch (event.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
    case 'Tcp_CR_Acked': // 16/17: second connection, tracked by the driver
    case 'TcpConnectionConfirmed':
      return;
    case 'IdleHoldResetTimer_Expires': // the session stayed up: reset the restart back-off
      t.idleHoldMs = t.config.damping.initialIdleHoldMs;
      return;
    case 'ManualStop': // 2
      t.manualStop(true);
      return;
    case 'AutomaticStop': // 8
      t.fail({ kind: 'automaticStop' }, cease(event.subcode ?? CEASE_SUBCODE.administrativeShutdown));
      return;
    case 'HoldTimer_Expires': // 10
      t.fail({ kind: 'holdTimerExpired' }, HOLD_EXPIRED);
      return;
    case 'KeepaliveTimer_Expires': // 11
      t.emit({ type: 'sendKeepalive' });
      t.restartKeepalive();
      return;
    case 'TcpConnectionFails': // 18
      t.fail({ kind: 'connectionFailed' });
      return;
    case 'NotifMsg': // 24, 25
      t.fail({ kind: 'notificationReceived', code: event.code, subcode: event.subcode });
      return;
    case 'OpenCollisionDump': // 23
      t.fail({ kind: 'collision' }, cease(CEASE_SUBCODE.connectionCollisionResolution));
      return;
    case 'KeepAliveMsg': // 26
    case 'RouteRefreshMsg':
      t.restartHold();
      return;
    case 'UpdateMsg': // 27
      t.emit({ type: 'processUpdate', update: event.update });
      t.restartHold();
      return;
    case 'UpdateMsgErr': // 28
    case 'BGPHeaderErr': // 21 (see file header)
      t.fail(sentReason(event), notificationOf(event));
      return;
    case 'BGPOpen': // 19 on this connection (see file header)
    case 'BGPOpenMsgErr': // 22
    case 'ConnectRetryTimer_Expires': // 9
    case 'IdleHoldTimer_Expires': // 13
      t.fsmError(event, FSM_SUBCODE.unexpectedInEstablished);
      return;
    default:
      assertNever(event);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled FSM case ${JSON.stringify(value)}`);
}

/** RFC 4271 §8: one event in, the next state and the actions the driver must perform, in order. */
export function step<U = unknown>(state: FsmState, event: FsmEvent<U>, config: FsmConfig): StepResult<U> {
  const t = new Transition<U>(state, config);
  const expired = expiredTimer(event);
  if (expired !== undefined) t.timers.delete(expired);
  switch (state.name) {
    case 'Idle':
      idle(t, event);
      break;
    case 'Connect':
      connectOrActive(t, event, false);
      break;
    case 'Active':
      connectOrActive(t, event, true);
      break;
    case 'OpenSent':
      openSent(t, event);
      break;
    case 'OpenConfirm':
      openConfirm(t, event);
      break;
    case 'Established':
      established(t, event);
      break;
    default:
      assertNever(state.name);
  }
  return t.result();
}
