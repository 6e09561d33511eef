import { describe, expect, it } from 'vitest';
import { LabError, LabErrorCode } from './errors.js';
import { pollUntil, watchFor } from './wait.js';

describe('pollUntil', () => {
  it('returns the first defined value', async () => {
    let calls = 0;
    const value = await pollUntil(async () => (++calls >= 3 ? calls : undefined), { timeoutMs: 2_000, intervalMs: 5 });
    expect(value).toBe(3);
  });

  it('times out with E_LAB_TIMEOUT carrying the last probe error', async () => {
    const error = await pollUntil(
      async () => {
        throw new Error('not yet');
      },
      { timeoutMs: 60, intervalMs: 10 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).code).toBe(LabErrorCode.timeout);
    expect((error as LabError).cause).toBeInstanceOf(Error);
  });

  it('stops at once when a daemon exited', async () => {
    const started = Date.now();
    const error = await pollUntil(
      async () => {
        throw new LabError(LabErrorCode.daemonExited, 'gone');
      },
      { timeoutMs: 5_000, intervalMs: 10 },
    ).catch((e: unknown) => e);
    expect((error as LabError).code).toBe(LabErrorCode.daemonExited);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('watchFor', () => {
  it('returns undefined when nothing happened within the window', async () => {
    expect(await watchFor(async () => undefined, 50, 10)).toBeUndefined();
  });

  it('returns what happened', async () => {
    expect(await watchFor(async () => 'seen', 50, 10)).toBe('seen');
  });
});
