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
export function interopGate(suite: string, daemons: readonly DaemonName[]): { skip: boolean; failure?: string } {
  const reason = unavailableReason(daemons);
  if (reason === undefined) return { skip: false };
  if (inCi) return { skip: false, failure: `${suite}: interop prerequisites missing in CI: ${reason}` };
  console.warn(`[interop] skipping ${suite}: ${reason}`);
  return { skip: true };
}
