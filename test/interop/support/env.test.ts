import { describe, expect, it } from 'vitest';
import { decideGate, unavailableReason } from './env.js';

describe('decideGate', () => {
  it('runs when nothing is missing', () => {
    expect(decideGate('frr', undefined, true)).toEqual({ skip: false });
    expect(decideGate('frr', undefined, false)).toEqual({ skip: false });
  });

  it('skips outside CI with the reason', () => {
    expect(decideGate('frr', 'missing daemon binaries: bird', false)).toEqual({
      skip: true,
      reason: 'missing daemon binaries: bird',
    });
  });

  it('fails in CI instead of skipping', () => {
    const gate = decideGate('frr', 'missing daemon binaries: bird', true);
    expect(gate.skip).toBe(false);
    expect(gate.failure).toContain('missing daemon binaries: bird');
  });
});

describe('unavailableReason', () => {
  it('gives a reason or nothing, never throws', () => {
    const reason = unavailableReason(['frr', 'bird', 'gobgp', 'exabgp']);
    expect(reason === undefined || reason.length > 0).toBe(true);
  });
});
