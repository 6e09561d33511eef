/**
 * RFC 4271 §8.2.2, row by row: (state, event) → (state, actions, ConnectRetryCounter). Every test starts from a
 * state reached the ordinary way with ConnectRetryCounter preset to 2, so "reset" (0), "increment" (3) and "leave
 * alone" (2) are told apart. Timers: connect retry 5 s, OpenSent hold 240 s, negotiated hold 9 s / keepalive 3 s,
 * idle hold 1 s, damping reset 60 s.
 */
import { describe, expect, it } from 'vitest';
import { step } from './step.js';
import { eventOf, formatAction, reach, run, testConfig } from './test-support.js';
import type { FsmEvent, FsmState, FsmStateName } from './types.js';

const CR = 'startTimer:connectRetry:5000';
const STOP_CR = 'stopTimer:connectRetry';
const HOLD_LARGE = 'startTimer:hold:240000';
const HOLD = 'startTimer:hold:9000';
const KA = 'startTimer:keepalive:3000';
const STOP_HOLD = 'stopTimer:hold';
const STOP_KA = 'stopTimer:keepalive';
const STOP_IHR = 'stopTimer:idleHoldReset';
const DAMP = 'startTimer:idleHold:1000';
const DROP = 'dropConnection';
const CEASE_ADMIN = 'sendNotification:6/2';

type EventType = FsmEvent['type'];

interface Row {
  readonly from: FsmStateName | 'Idle(damped)' | 'Active(after OpenSent)';
  readonly event: EventType | FsmEvent;
  readonly to: FsmStateName;
  readonly actions: readonly string[];
  /** Expected ConnectRetryCounter (preset 2). */
  readonly counter: number;
}

function startState(from: Row['from']): FsmState {
  let state: FsmState;
  if (from === 'Idle(damped)') {
    state = run([{ type: 'ManualStart' }, { type: 'TcpConnectionFails' }]).state;
  } else if (from === 'Active(after OpenSent)') {
    state = run([{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'TcpConnectionFails' }]).state;
  } else {
    state = reach(from);
  }
  return { ...state, connectRetryCounter: 2 };
}

const START_EVENTS: EventType[] = [
  'ManualStart',
  'AutomaticStart',
  'ManualStart_with_PassiveTcpEstablishment',
  'AutomaticStart_with_PassiveTcpEstablishment',
];

function rows(from: Row['from'], events: readonly EventType[], to: FsmStateName, actions: string[], counter: number) {
  return events.map((event): Row => ({ from, event, to, actions, counter }));
}

const notif = (code: number, subcode: number): FsmEvent => ({ type: 'NotifMsg', code, subcode });

const TABLE: readonly Row[] = [
  // ── Idle ────────────────────────────────────────────────────────────────────────────────────────────────
  { from: 'Idle', event: 'ManualStart', to: 'Connect', actions: [CR, 'connect'], counter: 0 },
  { from: 'Idle', event: 'AutomaticStart', to: 'Connect', actions: [CR, 'connect'], counter: 0 },
  { from: 'Idle', event: 'ManualStart_with_PassiveTcpEstablishment', to: 'Active', actions: [CR], counter: 0 },
  { from: 'Idle', event: 'AutomaticStart_with_PassiveTcpEstablishment', to: 'Active', actions: [CR], counter: 0 },
  { from: 'Idle', event: 'ManualStop', to: 'Idle', actions: [], counter: 2 },
  ...rows(
    'Idle',
    [
      'AutomaticStop',
      'ConnectRetryTimer_Expires',
      'HoldTimer_Expires',
      'KeepaliveTimer_Expires',
      'IdleHoldTimer_Expires',
      'IdleHoldResetTimer_Expires',
      'Tcp_CR_Acked',
      'TcpConnectionConfirmed',
      'TcpConnectionFails',
      'BGPOpen',
      'BGPHeaderErr',
      'BGPOpenMsgErr',
      'OpenCollisionDump',
      'NotifMsg',
      'KeepAliveMsg',
      'UpdateMsg',
      'UpdateMsgErr',
      'RouteRefreshMsg',
    ],
    'Idle',
    [],
    2,
  ),
  // Idle with the back-off running (DampPeerOscillations).
  { from: 'Idle(damped)', event: 'AutomaticStart', to: 'Idle', actions: [], counter: 2 },
  { from: 'Idle(damped)', event: 'IdleHoldTimer_Expires', to: 'Connect', actions: [CR, 'connect'], counter: 0 },
  {
    from: 'Idle(damped)',
    event: 'ManualStart',
    to: 'Connect',
    actions: ['stopTimer:idleHold', CR, 'connect'],
    counter: 0,
  },
  { from: 'Idle(damped)', event: 'ManualStop', to: 'Idle', actions: ['stopTimer:idleHold'], counter: 2 },

  // ── Connect ─────────────────────────────────────────────────────────────────────────────────────────────
  ...rows('Connect', [...START_EVENTS, 'IdleHoldResetTimer_Expires'], 'Connect', [], 2),
  { from: 'Connect', event: 'ManualStop', to: 'Idle', actions: [STOP_CR, DROP], counter: 0 },
  { from: 'Connect', event: 'ConnectRetryTimer_Expires', to: 'Connect', actions: [DROP, CR, 'connect'], counter: 2 },
  ...rows('Connect', ['Tcp_CR_Acked', 'TcpConnectionConfirmed'], 'OpenSent', [STOP_CR, 'sendOpen', HOLD_LARGE], 2),
  { from: 'Connect', event: 'TcpConnectionFails', to: 'Idle', actions: [STOP_CR, DROP, DAMP], counter: 2 },
  ...rows('Connect', ['BGPHeaderErr', 'BGPOpenMsgErr', 'NotifMsg'], 'Idle', [STOP_CR, DROP, DAMP], 3),
  ...rows(
    'Connect',
    [
      'AutomaticStop',
      'HoldTimer_Expires',
      'KeepaliveTimer_Expires',
      'IdleHoldTimer_Expires',
      'BGPOpen',
      'OpenCollisionDump',
      'KeepAliveMsg',
      'UpdateMsg',
      'UpdateMsgErr',
      'RouteRefreshMsg',
    ],
    'Idle',
    [STOP_CR, DROP, DAMP],
    3,
  ),

  // ── Active ──────────────────────────────────────────────────────────────────────────────────────────────
  ...rows('Active', [...START_EVENTS, 'IdleHoldResetTimer_Expires'], 'Active', [], 2),
  { from: 'Active', event: 'ManualStop', to: 'Idle', actions: [STOP_CR, DROP], counter: 0 },
  // Passive establishment never connects: the retry timer just restarts.
  { from: 'Active', event: 'ConnectRetryTimer_Expires', to: 'Active', actions: [CR], counter: 2 },
  {
    from: 'Active(after OpenSent)',
    event: 'ConnectRetryTimer_Expires',
    to: 'Connect',
    actions: [CR, 'connect'],
    counter: 2,
  },
  ...rows('Active', ['Tcp_CR_Acked', 'TcpConnectionConfirmed'], 'OpenSent', [STOP_CR, 'sendOpen', HOLD_LARGE], 2),
  { from: 'Active', event: 'TcpConnectionFails', to: 'Idle', actions: [STOP_CR, DROP, DAMP], counter: 3 },
  ...rows('Active', ['BGPHeaderErr', 'BGPOpenMsgErr', 'NotifMsg'], 'Idle', [STOP_CR, DROP, DAMP], 3),
  ...rows(
    'Active',
    [
      'AutomaticStop',
      'HoldTimer_Expires',
      'KeepaliveTimer_Expires',
      'IdleHoldTimer_Expires',
      'BGPOpen',
      'OpenCollisionDump',
      'KeepAliveMsg',
      'UpdateMsg',
      'UpdateMsgErr',
      'RouteRefreshMsg',
    ],
    'Idle',
    [STOP_CR, DROP, DAMP],
    3,
  ),

  // ── OpenSent ────────────────────────────────────────────────────────────────────────────────────────────
  ...rows(
    'OpenSent',
    [...START_EVENTS, 'IdleHoldResetTimer_Expires', 'Tcp_CR_Acked', 'TcpConnectionConfirmed'],
    'OpenSent',
    [],
    2,
  ),
  { from: 'OpenSent', event: 'ManualStop', to: 'Idle', actions: [CEASE_ADMIN, STOP_HOLD, DROP], counter: 0 },
  {
    from: 'OpenSent',
    event: 'AutomaticStop',
    to: 'Idle',
    actions: [CEASE_ADMIN, STOP_HOLD, DROP, DAMP],
    counter: 3,
  },
  {
    from: 'OpenSent',
    event: 'HoldTimer_Expires',
    to: 'Idle',
    actions: ['sendNotification:4/0', DROP, DAMP],
    counter: 3,
  },
  { from: 'OpenSent', event: 'TcpConnectionFails', to: 'Active', actions: [STOP_HOLD, DROP, CR], counter: 2 },
  { from: 'OpenSent', event: 'BGPOpen', to: 'OpenConfirm', actions: ['sendKeepalive', KA, HOLD], counter: 2 },
  {
    from: 'OpenSent',
    event: 'BGPHeaderErr',
    to: 'Idle',
    actions: ['sendNotification:1/2', STOP_HOLD, DROP, DAMP],
    counter: 3,
  },
  {
    from: 'OpenSent',
    event: 'BGPOpenMsgErr',
    to: 'Idle',
    actions: ['sendNotification:2/4', STOP_HOLD, DROP, DAMP],
    counter: 3,
  },
  {
    from: 'OpenSent',
    event: 'OpenCollisionDump',
    to: 'Idle',
    actions: ['sendNotification:6/7', STOP_HOLD, DROP, DAMP],
    counter: 3,
  },
  // Event 24 NotifMsgVerErr: no counter increment. Event 25: dropped without a NOTIFICATION in reply.
  { from: 'OpenSent', event: notif(2, 1), to: 'Idle', actions: [STOP_HOLD, DROP, DAMP], counter: 2 },
  { from: 'OpenSent', event: 'NotifMsg', to: 'Idle', actions: [STOP_HOLD, DROP, DAMP], counter: 3 },
  ...rows(
    'OpenSent',
    [
      'ConnectRetryTimer_Expires',
      'KeepaliveTimer_Expires',
      'IdleHoldTimer_Expires',
      'KeepAliveMsg',
      'UpdateMsg',
      'UpdateMsgErr',
      'RouteRefreshMsg',
    ],
    'Idle',
    ['sendNotification:5/1', STOP_HOLD, DROP, DAMP],
    3,
  ),

  // ── OpenConfirm ─────────────────────────────────────────────────────────────────────────────────────────
  ...rows(
    'OpenConfirm',
    [...START_EVENTS, 'IdleHoldResetTimer_Expires', 'Tcp_CR_Acked', 'TcpConnectionConfirmed'],
    'OpenConfirm',
    [],
    2,
  ),
  {
    from: 'OpenConfirm',
    event: 'ManualStop',
    to: 'Idle',
    actions: [CEASE_ADMIN, STOP_HOLD, STOP_KA, DROP],
    counter: 0,
  },
  {
    from: 'OpenConfirm',
    event: 'AutomaticStop',
    to: 'Idle',
    actions: [CEASE_ADMIN, STOP_HOLD, STOP_KA, DROP, DAMP],
    counter: 3,
  },
  {
    from: 'OpenConfirm',
    event: 'HoldTimer_Expires',
    to: 'Idle',
    actions: ['sendNotification:4/0', STOP_KA, DROP, DAMP],
    counter: 3,
  },
  {
    from: 'OpenConfirm',
    event: 'KeepaliveTimer_Expires',
    to: 'OpenConfirm',
    actions: ['sendKeepalive', KA],
    counter: 2,
  },
  ...rows('OpenConfirm', ['TcpConnectionFails', 'NotifMsg'], 'Idle', [STOP_HOLD, STOP_KA, DROP, DAMP], 3),
  { from: 'OpenConfirm', event: notif(2, 1), to: 'Idle', actions: [STOP_HOLD, STOP_KA, DROP, DAMP], counter: 2 },
  {
    from: 'OpenConfirm',
    event: 'BGPHeaderErr',
    to: 'Idle',
    actions: ['sendNotification:1/2', STOP_HOLD, STOP_KA, DROP, DAMP],
    counter: 3,
  },
  {
    from: 'OpenConfirm',
    event: 'BGPOpenMsgErr',
    to: 'Idle',
    actions: ['sendNotification:2/4', STOP_HOLD, STOP_KA, DROP, DAMP],
    counter: 3,
  },
  {
    from: 'OpenConfirm',
    event: 'OpenCollisionDump',
    to: 'Idle',
    actions: ['sendNotification:6/7', STOP_HOLD, STOP_KA, DROP, DAMP],
    counter: 3,
  },
  {
    from: 'OpenConfirm',
    event: 'KeepAliveMsg',
    to: 'Established',
    actions: [HOLD, 'startTimer:idleHoldReset:60000', 'established:hold=9'],
    counter: 2,
  },
  ...rows(
    'OpenConfirm',
    ['BGPOpen', 'ConnectRetryTimer_Expires', 'IdleHoldTimer_Expires', 'UpdateMsg', 'UpdateMsgErr', 'RouteRefreshMsg'],
    'Idle',
    ['sendNotification:5/2', STOP_HOLD, STOP_KA, DROP, DAMP],
    3,
  ),

  // ── Established ─────────────────────────────────────────────────────────────────────────────────────────
  ...rows('Established', [...START_EVENTS, 'Tcp_CR_Acked', 'TcpConnectionConfirmed'], 'Established', [], 2),
  { from: 'Established', event: 'IdleHoldResetTimer_Expires', to: 'Established', actions: [], counter: 2 },
  {
    from: 'Established',
    event: 'ManualStop',
    to: 'Idle',
    actions: [CEASE_ADMIN, STOP_HOLD, STOP_KA, STOP_IHR, 'sessionDown:manualStop', DROP],
    counter: 0,
  },
  {
    from: 'Established',
    event: 'AutomaticStop',
    to: 'Idle',
    actions: [CEASE_ADMIN, STOP_HOLD, STOP_KA, STOP_IHR, 'sessionDown:automaticStop', DROP, DAMP],
    counter: 3,
  },
  {
    from: 'Established',
    event: 'HoldTimer_Expires',
    to: 'Idle',
    actions: ['sendNotification:4/0', STOP_KA, STOP_IHR, 'sessionDown:holdTimerExpired', DROP, DAMP],
    counter: 3,
  },
  {
    from: 'Established',
    event: 'KeepaliveTimer_Expires',
    to: 'Established',
    actions: ['sendKeepalive', KA],
    counter: 2,
  },
  {
    from: 'Established',
    event: 'TcpConnectionFails',
    to: 'Idle',
    actions: [STOP_HOLD, STOP_KA, STOP_IHR, 'sessionDown:connectionFailed', DROP, DAMP],
    counter: 3,
  },
  {
    from: 'Established',
    event: 'NotifMsg',
    to: 'Idle',
    actions: [STOP_HOLD, STOP_KA, STOP_IHR, 'sessionDown:notificationReceived', DROP, DAMP],
    counter: 3,
  },
  {
    from: 'Established',
    event: 'OpenCollisionDump',
    to: 'Idle',
    actions: ['sendNotification:6/7', STOP_HOLD, STOP_KA, STOP_IHR, 'sessionDown:collision', DROP, DAMP],
    counter: 3,
  },
  ...rows('Established', ['KeepAliveMsg', 'RouteRefreshMsg'], 'Established', [HOLD], 2),
  { from: 'Established', event: 'UpdateMsg', to: 'Established', actions: ['processUpdate', HOLD], counter: 2 },
  {
    from: 'Established',
    event: 'UpdateMsgErr',
    to: 'Idle',
    actions: ['sendNotification:3/1', STOP_HOLD, STOP_KA, STOP_IHR, 'sessionDown:notificationSent', DROP, DAMP],
    counter: 3,
  },
  {
    from: 'Established',
    event: 'BGPHeaderErr',
    to: 'Idle',
    actions: ['sendNotification:1/2', STOP_HOLD, STOP_KA, STOP_IHR, 'sessionDown:notificationSent', DROP, DAMP],
    counter: 3,
  },
  ...rows(
    'Established',
    ['BGPOpen', 'BGPOpenMsgErr', 'ConnectRetryTimer_Expires', 'IdleHoldTimer_Expires'],
    'Idle',
    ['sendNotification:5/3', STOP_HOLD, STOP_KA, STOP_IHR, 'sessionDown:fsmError', DROP, DAMP],
    3,
  ),
];

function eventOfRow(row: Row): FsmEvent {
  return typeof row.event === 'string' ? eventOf(row.event) : row.event;
}

function label(row: Row): string {
  const e = eventOfRow(row);
  const suffix = e.type === 'NotifMsg' ? ` ${e.code}/${e.subcode}` : '';
  return `${row.from} + ${e.type}${suffix} → ${row.to}`;
}

describe('RFC 4271 §8.2.2 transition table', () => {
  it.each(TABLE.map((row) => [label(row), row] as const))('%s', (_label, row) => {
    const result = step(startState(row.from), eventOfRow(row), testConfig);
    expect(result.state.name).toBe(row.to);
    expect(result.actions.map(formatAction)).toEqual(row.actions);
    expect(result.state.connectRetryCounter).toBe(row.counter);
  });

  it('has a row for every (state, event type) pair', () => {
    const states: FsmStateName[] = ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];
    const types = new Set(TABLE.map((r) => eventOfRow(r).type));
    for (const state of states) {
      for (const type of types) {
        const covered = TABLE.some((r) => r.from === state && eventOfRow(r).type === type);
        expect(covered, `${state} + ${type}`).toBe(true);
      }
    }
    expect(types.size).toBe(23);
  });
});

describe('FSM details beyond the table', () => {
  it('the UpdateMsg payload travels unchanged into processUpdate', () => {
    const update = { nlri: ['2001:db8::/48'] };
    const { actions } = step(reach('Established'), { type: 'UpdateMsg', update }, testConfig);
    expect(actions[0]).toEqual({ type: 'processUpdate', update });
  });

  it('a negotiated hold time of 0 runs neither hold nor keepalive timers', () => {
    const opened = step(reach('OpenSent'), { type: 'BGPOpen', open: { ...eventOpen(), holdTimeSec: 0 } }, testConfig);
    expect(opened.state.name).toBe('OpenConfirm');
    expect(opened.actions.map(formatAction)).toEqual(['sendKeepalive', STOP_HOLD]);
    const up = step(opened.state, { type: 'KeepAliveMsg' }, testConfig);
    expect(up.state.name).toBe('Established');
    expect(up.state.timers).toEqual(['idleHoldReset']);
    expect(step(up.state, { type: 'KeepAliveMsg' }, testConfig).actions).toEqual([]);
  });

  it('an invalid OPEN in OpenSent sends the validation NOTIFICATION and goes to Idle', () => {
    const result = step(reach('OpenSent'), { type: 'BGPOpen', open: { ...eventOpen(), holdTimeSec: 2 } }, testConfig);
    expect(result.state.name).toBe('Idle');
    expect(result.actions.map(formatAction)).toEqual(['sendNotification:2/6', STOP_HOLD, DROP, DAMP]);
    expect(result.state.negotiated).toBeUndefined();
  });

  it('records the negotiated parameters from OpenConfirm on and clears them in Idle', () => {
    const confirm = reach('OpenConfirm');
    expect(confirm.negotiated?.holdTimeSec).toBe(9);
    expect(confirm.negotiated?.keepaliveTimeSec).toBe(3);
    expect(step(confirm, { type: 'TcpConnectionFails' }, testConfig).state.negotiated).toBeUndefined();
  });

  it('keeps its input state untouched (pure)', () => {
    const state = reach('Established');
    const copy = structuredClone(state);
    step(state, { type: 'HoldTimer_Expires' }, testConfig);
    expect(state).toEqual(copy);
  });

  it('does not restart automatically when automaticRestart is off', () => {
    const config = { ...testConfig, automaticRestart: false };
    const { state, actions } = run([{ type: 'ManualStart' }, { type: 'TcpConnectionFails' }], config);
    expect(state.name).toBe('Idle');
    expect(state.timers).toEqual([]);
    expect(actions.map(formatAction)).not.toContain(DAMP);
  });
});

function eventOpen() {
  const e = eventOf('BGPOpen');
  if (e.type !== 'BGPOpen') throw new Error('fixture');
  return e.open;
}
