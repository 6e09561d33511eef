import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../core/clock.js';
import { FsmTimers } from './fsm-timers.js';

describe('FsmTimers', () => {
  it('a restart moves the deadline: expiry comes exactly durationMs after the last restart', () => {
    const clock = new VirtualClock();
    const timers = new FsmTimers<'hold'>(clock);
    const fired: number[] = [];
    const onExpire = () => fired.push(clock.nowMs());
    timers.start('hold', 9000, onExpire);
    for (let t = 0; t < 20; t++) {
      clock.advance(1000);
      timers.start('hold', 9000, onExpire); // an UPDATE every second
    }
    expect(fired).toEqual([]);
    clock.advance(8999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([29_000]);
    expect(timers.running('hold')).toBe(false);
  });

  it('a shorter restart fires on time; stop and stopAll cancel', () => {
    const clock = new VirtualClock();
    const timers = new FsmTimers<'a' | 'b'>(clock);
    const fired: string[] = [];
    timers.start('a', 10_000, () => fired.push('a-long'));
    timers.start('a', 1000, () => fired.push('a-short'));
    clock.advance(1000);
    expect(fired).toEqual(['a-short']);
    timers.start('a', 1000, () => fired.push('a'));
    timers.start('b', 1000, () => fired.push('b'));
    timers.stop('a');
    clock.advance(1000);
    expect(fired).toEqual(['a-short', 'b']);
    timers.start('a', 500, () => fired.push('a'));
    timers.start('b', 500, () => fired.push('b'));
    timers.stopAll();
    clock.advance(10_000);
    expect(fired).toEqual(['a-short', 'b']);
  });
});
