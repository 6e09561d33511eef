/**
 * Bounded waits and attribute checks shared by the interop tests. Every wait has a deadline; failures name the
 * daemon, the prefix and what was seen.
 */
import { expect } from 'vitest';
import type { LabDaemon, LabNeighbor, LabRoute, LabRouteConfig } from '../../../src/lab/daemons/types.js';
import { pollUntil } from '../../../src/lab/wait.js';

/** Waits until `daemon` shows the session with `peer` (or, without `peer`, any session) Established. */
export async function waitEstablished(
  daemon: LabDaemon,
  peer: string | undefined,
  timeoutMs: number,
): Promise<LabNeighbor> {
  return pollUntil(
    async () =>
      (await daemon.neighbors()).find((n) => (peer === undefined || n.address === peer) && n.state === 'established'),
    { timeoutMs, intervalMs: 250, what: `${daemon.kind}: session with ${peer ?? 'any neighbor'} Established` },
  );
}

/** True when `daemon` shows any Established session with `peer` (or with anyone). */
export async function isEstablished(daemon: LabDaemon, peer?: string): Promise<boolean> {
  return (await daemon.neighbors()).some(
    (n) => (peer === undefined || n.address === peer) && n.state === 'established',
  );
}

export async function waitForRoute(daemon: LabDaemon, prefix: string, timeoutMs: number): Promise<LabRoute> {
  return pollUntil(async () => (await daemon.receivedRoutes()).find((r) => r.prefix === prefix), {
    timeoutMs,
    intervalMs: 250,
    what: `${daemon.kind}: route ${prefix} received`,
  });
}

export async function waitRouteGone(daemon: LabDaemon, prefix: string, timeoutMs: number): Promise<void> {
  await pollUntil(async () => ((await daemon.receivedRoutes()).some((r) => r.prefix === prefix) ? undefined : true), {
    timeoutMs,
    intervalMs: 250,
    what: `${daemon.kind}: route ${prefix} withdrawn`,
  });
}

/** What a receiver must see for `sent`, originated by AS `originAsn` over one eBGP hop. */
export function expectedRoute(sent: LabRouteConfig, originAsn: number): Omit<LabRoute, 'nextHop'> {
  return {
    prefix: sent.prefix,
    asPath: [originAsn, ...(sent.asPathPrepend ?? [])],
    communities: [...(sent.communities ?? [])].sort(),
    largeCommunities: [...(sent.largeCommunities ?? [])].sort(),
    ...(sent.med !== undefined ? { med: sent.med } : {}),
  };
}

/** Asserts the received route's attributes equal what was sent (next hop checked only when `nextHop` is given). */
export function expectRouteIntact(route: LabRoute, sent: LabRouteConfig, originAsn: number, nextHop?: string): string {
  const { nextHop: seenNextHop, med: seenMed, ...rest } = route;
  const { med: sentMed, ...expected } = expectedRoute(sent, originAsn);
  expect(rest).toEqual(expected);
  // A route sent without MED may arrive with one (FRR puts MED 0 on `network` routes); a sent MED must arrive as is.
  if (sentMed !== undefined) expect(seenMed).toBe(sentMed);
  if (nextHop !== undefined) expect(seenNextHop).toBe(nextHop);
  return `${route.prefix} path [${route.asPath.join(' ')}] comm [${route.communities.join(' ')}] large [${route.largeCommunities.join(' ')}] med ${route.med ?? '-'}`;
}
