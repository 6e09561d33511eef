import { describe, expect, it } from 'vitest';
import { formatBgpId, parseBgpId, resolveCollision } from './collision.js';
import { DEFAULT_DAMPING } from './config.js';
import { idleHoldSchedule, nextIdleHoldMs } from './damping.js';
import { formatAction, run, testConfig } from './test-support.js';
import type { FsmEvent } from './types.js';

describe('resolveCollision (RFC 4271 §6.8, RFC 6286 §2.2)', () => {
  it('keeps the connection initiated by the higher BGP identifier', () => {
    expect(resolveCollision(1, 2)).toBe('remotelyInitiated');
    expect(resolveCollision(2, 1)).toBe('locallyInitiated');
  });

  it('compares identifiers as unsigned 32-bit numbers', () => {
    // 128.0.0.0 > 1.0.0.0 as u32 (a signed comparison would say the opposite).
    expect(resolveCollision(0x8000_0000, 0x0100_0000)).toBe('locallyInitiated');
    expect(resolveCollision(0x0100_0000, 0xffff_ffff)).toBe('remotelyInitiated');
    expect(resolveCollision(0x8000_0000 | 0, 1)).toBe('locallyInitiated');
  });

  it('with equal identifiers, the speaker with the larger AS keeps its connection', () => {
    expect(resolveCollision(5, 5, 65002, 65001)).toBe('locallyInitiated');
    expect(resolveCollision(5, 5, 65001, 4_200_000_000)).toBe('remotelyInitiated');
  });

  it('parses and formats dotted-quad identifiers', () => {
    expect(parseBgpId('10.0.0.1')).toBe(0x0a00_0001);
    expect(parseBgpId('255.255.255.255')).toBe(0xffff_ffff);
    expect(formatBgpId(0xc0a8_0101)).toBe('192.168.1.1');
    for (const bad of ['10.0.0', '10.0.0.256', '01.0.0.1', 'a.b.c.d', '']) expect(parseBgpId(bad)).toBeUndefined();
  });
});

describe('restart back-off (idle hold damping)', () => {
  it('doubles from 1 s to a 120 s cap by default', () => {
    expect(idleHoldSchedule(9, DEFAULT_DAMPING)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000, 120000, 120000]);
    expect(nextIdleHoldMs(120_000, DEFAULT_DAMPING)).toBe(120_000);
  });

  it('the FSM waits longer after each consecutive failure and restarts by itself', () => {
    const fail: FsmEvent[] = [{ type: 'TcpConnectionFails' }, { type: 'IdleHoldTimer_Expires' }];
    const { actions, state } = run([{ type: 'ManualStart' }, ...fail, ...fail, ...fail]);
    const waits = actions.map(formatAction).filter((a) => a.startsWith('startTimer:idleHold:'));
    expect(waits).toEqual(['startTimer:idleHold:1000', 'startTimer:idleHold:2000', 'startTimer:idleHold:4000']);
    expect(state.name).toBe('Connect');
    expect(state.idleHoldMs).toBe(8000);
  });

  it('resets after the session stayed Established long enough, not before', () => {
    const up: FsmEvent[] = [{ type: 'Tcp_CR_Acked' }, { type: 'BGPOpen', open: openOf() }, { type: 'KeepAliveMsg' }];
    const flap: FsmEvent[] = [{ type: 'HoldTimer_Expires' }, { type: 'IdleHoldTimer_Expires' }];
    const short = run([{ type: 'ManualStart' }, ...up, ...flap, ...up, ...flap]);
    expect(short.state.idleHoldMs).toBe(4000);
    const stable = run([{ type: 'ManualStart' }, ...up, ...flap, ...up, { type: 'IdleHoldResetTimer_Expires' }]);
    expect(stable.state.idleHoldMs).toBe(testConfig.damping.initialIdleHoldMs);
  });

  it('ManualStop cancels a pending restart and resets the back-off', () => {
    const { state } = run([{ type: 'ManualStart' }, { type: 'TcpConnectionFails' }, { type: 'ManualStop' }]);
    expect(state.timers).toEqual([]);
    expect(state.enabled).toBe(false);
    expect(state.idleHoldMs).toBe(1000);
    const { state: after } = run([{ type: 'IdleHoldTimer_Expires' }], testConfig, state);
    expect(after.name).toBe('Idle');
  });
});

function openOf() {
  return {
    version: 4,
    myAs: 65002,
    holdTimeSec: 9,
    bgpId: 0x0a00_0002,
    capabilities: [{ kind: 'multiprotocol' as const, afi: 2, safi: 1 }],
  };
}
