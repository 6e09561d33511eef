/**
 * Bounded waiting. Every wait in the lab has a deadline and a poll interval; nothing loops forever.
 */
import { LabError, LabErrorCode } from './errors.js';

export interface PollOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Pause between attempts. */
  readonly intervalMs?: number;
  /** Shown in the timeout error. */
  readonly what?: string;
}

export function sleep(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, durationMs)));
}

/**
 * Calls `probe` until it returns a value other than `undefined` (the result), or the deadline passes (LabError
 * E_LAB_TIMEOUT, carrying the last probe error as cause). Errors thrown by the probe count as "not yet", except
 * E_LAB_DAEMON_EXITED, which ends the wait at once.
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const intervalMs = options.intervalMs ?? 250;
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  // Bounded by the deadline; the attempt count bound guards against a clock that does not move.
  const maxAttempts = Math.ceil(options.timeoutMs / Math.max(1, intervalMs)) + 2;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastError = undefined;
    } catch (error) {
      // A daemon that died will not come back: stop waiting at once.
      if (error instanceof LabError && error.code === LabErrorCode.daemonExited) throw error;
      lastError = error;
    }
    const left = deadline - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(intervalMs, left));
  }
  const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new LabError(
    LabErrorCode.timeout,
    `timed out after ${options.timeoutMs} ms waiting for ${options.what ?? 'a condition'}${detail}`,
    { cause: lastError },
  );
}

/**
 * Watches `probe` for `durationMs` and returns the first value it yields, or `undefined` if it never did: for
 * asserting that something does NOT happen within a bounded time (e.g. no session with a wrong password).
 */
export async function watchFor<T>(
  probe: () => Promise<T | undefined>,
  durationMs: number,
  intervalMs = 250,
): Promise<T | undefined> {
  try {
    return await pollUntil(probe, { timeoutMs: durationMs, intervalMs });
  } catch (error) {
    if (error instanceof LabError && error.code === LabErrorCode.timeout) return undefined;
    throw error;
  }
}
