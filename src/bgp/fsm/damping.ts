/** Restart back-off (RFC 4271 §8.1.1 DampPeerOscillations via the IdleHoldTimer). Pure helpers. */
import type { FsmDampingConfig } from './types.js';

/** The idle hold after `current`: doubled, capped at the configured maximum. */
export function nextIdleHoldMs(currentMs: number, damping: FsmDampingConfig): number {
  return Math.min(damping.maxIdleHoldMs, Math.max(damping.initialIdleHoldMs, currentMs * 2));
}

/** The sequence of waits `failures` consecutive failures produce (for docs and tests). */
export function idleHoldSchedule(failures: number, damping: FsmDampingConfig): number[] {
  const out: number[] = [];
  let current = damping.initialIdleHoldMs;
  for (let i = 0; i < failures; i++) {
    out.push(current);
    current = nextIdleHoldMs(current, damping);
  }
  return out;
}
