/**
 * Property test: for random event sequences (including events a correct driver would never send, such as the expiry
 * of a timer that is not running), `step` never throws, always yields a valid state, keeps its timer bookkeeping
 * consistent with the actions it emits, and never leaves a timer running in a state that does not own it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeFsmConfig } from './config.js';
import { initialFsmState, step } from './step.js';
import { ALL_EVENTS, LOCAL_ID, peerOpen, testConfig } from './test-support.js';
import type { FsmConfig, FsmEvent, FsmState, FsmStateName, FsmTimer } from './types.js';

const OWNED: Record<FsmStateName, readonly FsmTimer[]> = {
  Idle: ['idleHold'],
  Connect: ['connectRetry'],
  Active: ['connectRetry'],
  OpenSent: ['hold'],
  OpenConfirm: ['hold', 'keepalive'],
  Established: ['hold', 'keepalive', 'idleHoldReset'],
};

const EXPIRY: Partial<Record<FsmEvent['type'], FsmTimer>> = {
  ConnectRetryTimer_Expires: 'connectRetry',
  HoldTimer_Expires: 'hold',
  KeepaliveTimer_Expires: 'keepalive',
  IdleHoldTimer_Expires: 'idleHold',
  IdleHoldResetTimer_Expires: 'idleHoldReset',
};

const openEvents: FsmEvent[] = [
  { type: 'BGPOpen', open: peerOpen({ holdTimeSec: 0 }) },
  { type: 'BGPOpen', open: peerOpen({ holdTimeSec: 2 }) },
  { type: 'BGPOpen', open: peerOpen({ bgpId: LOCAL_ID }) },
  { type: 'BGPOpen', open: peerOpen({ version: 3 }) },
  { type: 'BGPOpen', open: peerOpen({ capabilities: [] }) },
  { type: 'NotifMsg', code: 2, subcode: 1 },
];

/** Any event, biased towards the happy path so that random walks also reach OpenConfirm and Established. */
const eventArb = fc.oneof(
  { arbitrary: fc.constantFrom<FsmEvent>(...ALL_EVENTS, ...openEvents), weight: 2 },
  {
    arbitrary: fc.constantFrom<FsmEvent>(
      { type: 'Tcp_CR_Acked' },
      { type: 'BGPOpen', open: peerOpen() },
      { type: 'KeepAliveMsg' },
      { type: 'KeepaliveTimer_Expires' },
      { type: 'UpdateMsg', update: 1 },
    ),
    weight: 3,
  },
);

const configArb = fc.constantFrom<FsmConfig>(
  testConfig,
  { ...testConfig, automaticRestart: false },
  makeFsmConfig({ localAs: 65001, bgpId: LOCAL_ID, peerAs: 'external', holdTimeSec: 0 }),
  { ...testConfig, keepaliveTimeSec: undefined, damping: { initialIdleHoldMs: 5, maxIdleHoldMs: 40, resetAfterMs: 7 } },
);

const STATES: readonly FsmStateName[] = ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];

function checkStep(before: FsmState, event: FsmEvent, config: FsmConfig, tracked: Set<FsmTimer>): FsmState {
  const { state, actions } = step(before, event, config);
  const expired = EXPIRY[event.type];
  if (expired !== undefined) tracked.delete(expired);
  for (const action of actions) {
    if (action.type === 'startTimer') {
      expect(action.durationMs).toBeGreaterThan(0);
      tracked.add(action.timer);
    } else if (action.type === 'stopTimer') {
      // Only running timers are stopped.
      expect(tracked.has(action.timer)).toBe(true);
      tracked.delete(action.timer);
    }
  }
  expect(STATES).toContain(state.name);
  // The state's own bookkeeping matches what the actions did.
  expect(new Set(state.timers)).toEqual(tracked);
  // Timers are stopped when leaving the states that own them.
  for (const timer of tracked) expect(OWNED[state.name]).toContain(timer);
  expect(state.connectRetryCounter).toBeGreaterThanOrEqual(0);
  expect(state.idleHoldMs).toBeGreaterThanOrEqual(config.damping.initialIdleHoldMs);
  expect(state.idleHoldMs).toBeLessThanOrEqual(config.damping.maxIdleHoldMs);
  expect(state.negotiated !== undefined).toBe(state.name === 'OpenConfirm' || state.name === 'Established');
  const types = actions.map((a) => a.type);
  // A NOTIFICATION is always followed by closing the connection.
  if (types.includes('sendNotification')) {
    expect(types.indexOf('dropConnection')).toBeGreaterThan(types.indexOf('sendNotification'));
  }
  // sessionDown exactly when an Established session ends.
  expect(types.includes('sessionDown')).toBe(before.name === 'Established' && state.name !== 'Established');
  expect(types.includes('established')).toBe(before.name !== 'Established' && state.name === 'Established');
  // Reaching Idle from elsewhere always releases the connection.
  if (before.name !== 'Idle' && state.name === 'Idle') expect(types).toContain('dropConnection');
  return state;
}

describe('step (property)', () => {
  it('never throws, yields valid states and keeps timers owned by their states', () => {
    fc.assert(
      fc.property(configArb, fc.array(eventArb, { maxLength: 60 }), (config, events) => {
        let state = initialFsmState(config);
        const tracked = new Set<FsmTimer>();
        for (const event of events) state = checkStep(state, event, config, tracked);
      }),
      { numRuns: 800 },
    );
  });

  it('reaches every state under random sequences that start with a start event', () => {
    const seen = new Set<FsmStateName>();
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        let state = initialFsmState(testConfig);
        for (const event of [{ type: 'ManualStart' } as FsmEvent, ...events]) {
          state = step(state, event, testConfig).state;
          seen.add(state.name);
        }
      }),
      { numRuns: 2000, seed: 4271 },
    );
    expect([...seen].sort()).toEqual([...STATES].sort());
  });
});
