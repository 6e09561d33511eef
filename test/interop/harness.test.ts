/**
 * Self-check of the lab harness: real daemons peer with EACH OTHER in namespaces (no v6net involved), with MD5 and
 * short timers: routes with attributes both ways, withdrawals, a wrong key, hold timer expiry after a silent link
 * cut, and listen ranges. If these fail, the v6net interop tests cannot be trusted either.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../../src/lab/daemons/index.js';
import type { LabDaemonConfig, LabRouteConfig } from '../../src/lab/daemons/types.js';
import { labLinkPrefix, LinkLab } from '../../src/lab/topology.js';
import { pollUntil, watchFor } from '../../src/lab/wait.js';
import { type DaemonName, interopGate } from './support/env.js';
import { expectRouteIntact, isEstablished, waitEstablished, waitForRoute, waitRouteGone } from './support/expect.js';
import { InteropRecorder } from './support/recorder.js';

const gate = interopGate('harness', ['frr', 'bird', 'gobgp', 'exabgp']);
const recorder = new InteropRecorder('harness');
const holdTimeSec = 9;
const keepaliveTimeSec = 3;
const leftAsn = 65101;
const rightAsn = 65102;
/** The wrong-key and listen-range self-checks repeat what the v6net suites cover; run them with V6NET_INTEROP_FULL=1. */
const full = process.env['V6NET_INTEROP_FULL'] === '1';
const names: Record<DaemonName, string> = { frr: 'FRR', bird: 'BIRD', gobgp: 'GoBGP', exabgp: 'ExaBGP' };

function route(prefix: string, tag: number): LabRouteConfig {
  return {
    prefix,
    communities: [`65000:${tag}`, `65000:${tag + 1}`],
    largeCommunities: [`65000:${tag}:7`],
    med: 10 + tag,
    asPathPrepend: [64600 + tag],
  };
}

/** Left and right daemon configs for a plain pair (each dials the other). */
function pairConfigs(lab: LinkLab, leftPassword?: string, rightPassword?: string) {
  const timers = { holdTimeSec, keepaliveTimeSec };
  const left: LabDaemonConfig = {
    asn: leftAsn,
    routerId: '192.0.2.1',
    localAddress: lab.left.address,
    peers: [
      { address: lab.right.address, asn: rightAsn, ...timers, ...(leftPassword ? { password: leftPassword } : {}) },
    ],
    routes: [route('2001:db8:a1::/48', 1)],
  };
  const right: LabDaemonConfig = {
    asn: rightAsn,
    routerId: '192.0.2.2',
    localAddress: lab.right.address,
    peers: [
      { address: lab.left.address, asn: leftAsn, ...timers, ...(rightPassword ? { password: rightPassword } : {}) },
    ],
    routes: [route('2001:db8:b1::/48', 3)],
  };
  return { left, right };
}

describe.skipIf(gate.skip).sequential('lab harness: real daemons peer with each other', () => {
  let lab: LinkLab | undefined;

  beforeAll(() => {
    if (gate.failure !== undefined) throw new Error(gate.failure);
  });
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });
  afterAll(() => recorder.renderMatrix());

  const pairs: readonly [DaemonName, DaemonName][] = [
    ['frr', 'gobgp'],
    ['bird', 'exabgp'],
  ];
  for (const [leftKind, rightKind] of pairs) {
    const row = `harness: ${names[leftKind]} ↔ ${names[rightKind]}`;
    it(`${row}: MD5 session, routes both ways, withdrawals, hold timer`, async () => {
      lab = await LinkLab.create(`v6n-h${leftKind}-${process.pid}`);
      const configs = pairConfigs(lab, 'lab-secret-1', 'lab-secret-1');
      const left = await startDaemon(leftKind, configs.left, lab.context(lab.left, leftKind));
      const right = await startDaemon(rightKind, configs.right, lab.context(lab.right, rightKind));
      const [leftRoute, rightRoute] = [configs.left.routes[0]!, configs.right.routes[0]!];

      await recorder.check(row, 'md5', async () => {
        await waitEstablished(left, lab!.right.address, 30_000);
        await waitEstablished(right, lab!.left.address, 10_000);
        return undefined;
      });
      await recorder.check(row, 'routes-out', async () =>
        expectRouteIntact(await waitForRoute(right, leftRoute.prefix, 15_000), leftRoute, leftAsn, lab!.left.address),
      );
      await recorder.check(row, 'routes-in', async () =>
        expectRouteIntact(
          await waitForRoute(left, rightRoute.prefix, 15_000),
          rightRoute,
          rightAsn,
          lab!.right.address,
        ),
      );
      await recorder.check(row, 'withdraw-out', async () => {
        await left.withdraw(leftRoute.prefix);
        await waitRouteGone(right, leftRoute.prefix, 15_000);
        return undefined;
      });
      await recorder.check(row, 'withdraw-in', async () => {
        await right.withdraw(rightRoute.prefix);
        await waitRouteGone(left, rightRoute.prefix, 15_000);
        return undefined;
      });
      await recorder.check(row, 'hold-timer', async () => {
        // Silence the right side: no FIN, no NOTIFICATION reaches the left daemon; only its hold timer can fire.
        await lab!.silence(lab!.right);
        const cutAt = Date.now();
        await pollUntil(async () => ((await isEstablished(left, lab!.right.address)) ? undefined : true), {
          timeoutMs: (holdTimeSec + 2) * 1000,
          intervalMs: 100,
          what: `${leftKind} drops the silent session`,
        });
        const afterSec = (Date.now() - cutAt) / 1000;
        // The last keepalive came at most keepaliveTimeSec before the cut, so expiry is at least hold - keepalive.
        expect(afterSec).toBeGreaterThanOrEqual(holdTimeSec - keepaliveTimeSec - 1);
        return `${names[leftKind]} dropped the session ${afterSec.toFixed(1)} s after silencing its peer (hold ${holdTimeSec} s)`;
      });
    }, 90_000);
  }

  it.runIf(full)(
    'harness: FRR ↔ BIRD: different MD5 keys never reach Established',
    async () => {
      const row = 'harness: FRR ↔ BIRD';
      lab = await LinkLab.create(`v6n-hmd5-${process.pid}`);
      const configs = pairConfigs(lab, 'lab-secret-1', 'lab-secret-2');
      const left = await startDaemon('frr', configs.left, lab.context(lab.left, 'frr'));
      const right = await startDaemon('bird', configs.right, lab.context(lab.right, 'bird'));
      await recorder.check(row, 'md5-wrong', async () => {
        const watchMs = 8_000;
        const seen = await watchFor(
          async () => ((await isEstablished(left)) || (await isEstablished(right)) ? true : undefined),
          watchMs,
        );
        expect(seen).toBeUndefined();
        return `no session within ${watchMs / 1000} s`;
      });
    },
    60_000,
  );

  const ranges: readonly [DaemonName, DaemonName][] = [
    ['frr', 'gobgp'],
    ['bird', 'frr'],
    ['gobgp', 'bird'],
  ];
  for (const [listener, dialer] of ranges) {
    const row = `harness: ${names[listener]} range ← ${names[dialer]}`;
    it.runIf(full)(
      `${row}: the listener accepts a dynamic neighbor from its range`,
      async () => {
        lab = await LinkLab.create(`v6n-hr${listener}-${process.pid}`);
        const sent = route('2001:db8:c1::/48', 5);
        // GoBGP puts no MD5 key on dynamic neighbors (see gobgp.ts); the others are tested with one.
        const key = listener === 'gobgp' ? {} : { password: 'range-key' };
        const listenerConfig: LabDaemonConfig = {
          asn: leftAsn,
          routerId: '192.0.2.1',
          localAddress: lab.left.address,
          peers: [],
          listenRanges: [{ prefix: labLinkPrefix, asn: rightAsn, ...key, holdTimeSec, keepaliveTimeSec }],
          routes: [],
        };
        const dialerConfig: LabDaemonConfig = {
          asn: rightAsn,
          routerId: '192.0.2.2',
          localAddress: lab.right.address,
          peers: [{ address: lab.left.address, asn: leftAsn, ...key, holdTimeSec, keepaliveTimeSec }],
          routes: [sent],
        };
        const left = await startDaemon(listener, listenerConfig, lab.context(lab.left, listener));
        await startDaemon(dialer, dialerConfig, lab.context(lab.right, dialer));
        await recorder.check(row, 'daemon-range', async () => {
          const neighbor = await waitEstablished(left, undefined, 30_000);
          expect(neighbor.address).toBe(lab!.right.address);
          return expectRouteIntact(await waitForRoute(left, sent.prefix, 15_000), sent, rightAsn, lab!.right.address);
        });
      },
      60_000,
    );
  }
});
