/**
 * The FSM's timers on an injected Clock. Restarting a running timer only moves its deadline when the clock timer
 * already set would fire no later than the new deadline: the hold timer restarts on every UPDATE (RFC 4271 §8.2.2),
 * and a full table is hundreds of thousands of UPDATEs, so the hot path makes no timer and no closure. A clock timer
 * that fires before its (moved) deadline re-arms itself for the rest; expiry happens at exactly the last deadline.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { FsmEvent, FsmTimer } from '../fsm/types.js';

/** The FSM event each timer's expiry is (RFC 4271 §8.1.3). */
export const TIMER_EVENT: Record<FsmTimer, FsmEvent['type']> = {
  connectRetry: 'ConnectRetryTimer_Expires',
  hold: 'HoldTimer_Expires',
  keepalive: 'KeepaliveTimer_Expires',
  idleHold: 'IdleHoldTimer_Expires',
  idleHoldReset: 'IdleHoldResetTimer_Expires',
};

interface Armed {
  handle: TimerHandle;
  /** When the clock timer set now fires. */
  firesAtMs: number;
  /** When the timer expires (≥ firesAtMs). */
  deadlineMs: number;
  onExpire: () => void;
}

export class FsmTimers<T> {
  readonly #armed = new Map<T, Armed>();

  constructor(private readonly clock: Clock) {}

  /** (Re)starts `timer` to expire in `durationMs`, calling `onExpire` then. */
  start(timer: T, durationMs: number, onExpire: () => void): void {
    const now = this.clock.nowMs();
    const deadline = now + durationMs;
    const cur = this.#armed.get(timer);
    if (cur !== undefined && cur.firesAtMs <= deadline) {
      cur.deadlineMs = deadline;
      cur.onExpire = onExpire;
      return;
    }
    cur?.handle.cancel();
    const armed: Armed = {
      handle: undefined as unknown as TimerHandle,
      firesAtMs: deadline,
      deadlineMs: deadline,
      onExpire,
    };
    this.#arm(timer, armed, durationMs);
    this.#armed.set(timer, armed);
  }

  #arm(timer: T, armed: Armed, delayMs: number): void {
    armed.handle = this.clock.setTimer(delayMs, () => {
      if (this.#armed.get(timer) !== armed) return;
      const left = armed.deadlineMs - this.clock.nowMs();
      if (left > 0) {
        armed.firesAtMs = armed.deadlineMs;
        this.#arm(timer, armed, left);
        return;
      }
      this.#armed.delete(timer);
      armed.onExpire();
    });
  }

  stop(timer: T): void {
    this.#armed.get(timer)?.handle.cancel();
    this.#armed.delete(timer);
  }

  stopAll(): void {
    for (const a of this.#armed.values()) a.handle.cancel();
    this.#armed.clear();
  }

  /** Whether `timer` is running. */
  running(timer: T): boolean {
    return this.#armed.has(timer);
  }
}
