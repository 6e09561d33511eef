/**
 * RFC 4724 §4.2, the receiving speaker: when a session with a graceful-restart capable peer fails without a
 * NOTIFICATION, its routes stay in the Adj-RIB-In marked stale for the peer's Restart Time. Once the session is back,
 * routes the peer sends again replace the stale ones; its End-of-RIB per family removes the stale rest. If the peer
 * does not come back in time, or comes back without the capability, the stale routes go.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { AdjRibIn } from './adj-rib-in.js';
import type { BgpFamily } from './config-types.js';

export class StaleRoutes {
  private timer: TimerHandle | undefined;
  private families = new Set<BgpFamily>();
  private durationMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly rib: AdjRibIn,
    /** Called when a timer removed stale routes. */
    private readonly onExpired: (removed: number) => void,
  ) {}

  /** True while stale routes are kept. */
  get active(): boolean {
    return this.families.size > 0;
  }

  /** Session lost: keep routes of `families` as stale (others are removed) for `durationMs`. Returns the kept count. */
  retain(families: ReadonlySet<BgpFamily>, durationMs: number): number {
    this.cancelTimer();
    this.families = new Set(families);
    this.durationMs = durationMs;
    let kept = 0;
    for (const r of [...this.rib.entries()]) {
      if (!families.has(r.family)) this.rib.delete(r.prefix);
      else {
        if (!r.stale) this.rib.set({ ...r, stale: true });
        kept++;
      }
    }
    if (kept === 0 || durationMs <= 0) {
      this.purge();
      return 0;
    }
    this.startTimer();
    return kept;
  }

  /** The session is back. Without the capability the stale routes go at once; with it they wait for End-of-RIB. */
  sessionUp(peerRestarts: boolean): void {
    if (!this.active) return;
    if (!peerRestarts) {
      this.purge();
      return;
    }
    // RFC 4724 §4.2: an upper bound for keeping stale routes after the session is back (FRR's stalepath-time).
    this.startTimer();
  }

  /** End-of-RIB for `family`: stale routes of that family were not refreshed, remove them. */
  endOfRib(family: BgpFamily): number {
    if (!this.families.has(family)) return 0;
    const removed = this.removeStale(family);
    this.families.delete(family);
    if (!this.active) this.cancelTimer();
    return removed;
  }

  /** Removes every stale route now. */
  purge(): number {
    let removed = 0;
    for (const f of this.families) removed += this.removeStale(f);
    this.families.clear();
    this.cancelTimer();
    return removed;
  }

  cancelTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private startTimer(): void {
    this.cancelTimer();
    this.timer = this.clock.setTimer(this.durationMs, () => {
      this.timer = undefined;
      this.onExpired(this.purge());
    });
  }

  private removeStale(family: BgpFamily): number {
    let removed = 0;
    for (const r of [...this.rib.entries()]) {
      if (r.family === family && r.stale && this.rib.delete(r.prefix)) removed++;
    }
    return removed;
  }
}
