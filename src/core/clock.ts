/**
 * Time as a dependency. Protocol code never calls Date.now or setTimeout: it gets a Clock, so tests and the twin
 * can run on a VirtualClock and advance past a 9 s hold time in microseconds.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since an arbitrary, fixed origin (monotonic). */
  nowMs(): number;
  /** Calls `callback` once after `durationMs`. */
  setTimer(durationMs: number, callback: () => void): TimerHandle;
}

export class RealClock implements Clock {
  private readonly origin = performance.now();

  nowMs(): number {
    return performance.now() - this.origin;
  }

  setTimer(durationMs: number, callback: () => void): TimerHandle {
    const t = setTimeout(callback, Math.max(0, durationMs));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  }
}

interface PendingTimer {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** A clock that only moves when told to. Timers fire in due order (ties in creation order). */
export class VirtualClock implements Clock {
  private now: number;
  private nextId = 0;
  private timers: PendingTimer[] = [];

  constructor(startMs = 0) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  setTimer(durationMs: number, callback: () => void): TimerHandle {
    const timer: PendingTimer = {
      id: this.nextId++,
      dueMs: this.now + Math.max(0, durationMs),
      callback,
      cancelled: false,
    };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Number of timers still pending. */
  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /**
   * Moves time forward by `durationMs`, firing every timer that falls due on the way (including timers that
   * callbacks create, if they fall inside the window). Bounded: at most `maxFirings` callbacks per call.
   */
  advance(durationMs: number, maxFirings = 1_000_000): number {
    const target = this.now + durationMs;
    let fired = 0;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      let next: PendingTimer | undefined;
      for (const t of this.timers) {
        if (
          t.dueMs <= target &&
          (next === undefined || t.dueMs < next.dueMs || (t.dueMs === next.dueMs && t.id < next.id))
        ) {
          next = t;
        }
      }
      if (next === undefined) break;
      if (fired >= maxFirings) throw new Error(`VirtualClock.advance: more than ${maxFirings} timer firings`);
      this.now = next.dueMs;
      next.cancelled = true;
      fired++;
      next.callback();
    }
    this.now = target;
    return fired;
  }
}
