/**
 * When interop tests run: as root with the daemon binaries present. Outside CI a missing prerequisite skips the
 * suite with a printed reason; in CI (CI=true, where .ci/run installs the daemons) it fails the suite instead.
 */
import { labUnavailableReason, missingBinaries } from '../../../src/lab/prerequisites.js';

export type DaemonName = 'frr' | 'bird' | 'gobgp' | 'exabgp';

export const inCi = process.env['CI'] === 'true';

/** Why `daemons` cannot be tested here, or undefined. */
export function unavailableReason(daemons: readonly DaemonName[]): string | undefined {
  const base = labUnavailableReason();
  if (base !== undefined) return base;
  const missing = daemons.flatMap((d) => missingBinaries(d));
  if (missing.length > 0)
    return `missing daemon binaries: ${missing.join(', ')} (apt-get install frr bird2 gobgpd exabgp)`;
  return undefined;
}

/**
 * The skip decision for a suite: `skip` true only outside CI. `failure` is set in CI when something is missing, and
 * the suite's first test throws it.
 */
export function interopGate(suite: string, daemons: readonly DaemonName[]): InteropGate {
  const gate = decideGate(suite, unavailableReason(daemons), inCi);
  if (gate.skip) console.warn(`[interop] skipping ${suite}: ${gate.reason}`);
  return gate;
}

export interface InteropGate {
  readonly skip: boolean;
  /** Why the suite is skipped (outside CI) or fails (in CI). */
  readonly reason?: string;
  /** Set in CI when a prerequisite is missing: the suite must fail with it. */
  readonly failure?: string;
}

/** Pure decision: run, skip (outside CI) or fail (in CI). */
export function decideGate(suite: string, reason: string | undefined, ci: boolean): InteropGate {
  if (reason === undefined) return { skip: false };
  if (ci) return { skip: false, reason, failure: `${suite}: interop prerequisites missing in CI: ${reason}` };
  return { skip: true, reason };
}
