/**
 * Graceful restart (RFC 4724) between v6net and a real daemon in two namespaces, both directions:
 * - v6net as helper: the daemon is killed (no NOTIFICATION); v6net keeps its routes, marked stale, while it is away;
 *   the daemon restarts (FRR -K / BIRD -R) announcing only part of them; at its End-of-RIB v6net drops the rest.
 *   Killed again and left down, its routes go when the restart time runs out, not before.
 * - v6net as restarting speaker: v6net is killed and started again with `restarting` (R bit, deferred export); the
 *   daemon keeps v6net's routes through the gap and drops, at v6net's End-of-RIB, the one v6net no longer announces.
 * Continuity is watched by polling the receiver every few hundred ms from the kill until the end. Every wait is
 * bounded; the lab (namespaces, processes) is removed in afterAll, also on failure.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../../../src/lab/daemons/index.js';
import type { LabDaemon, LabDaemonConfig, LabRouteConfig } from '../../../src/lab/daemons/types.js';
import { startV6net, type V6netSpeaker } from '../../../src/lab/daemons/v6net.js';
import { LinkLab } from '../../../src/lab/topology.js';
import { pollUntil, sleep } from '../../../src/lab/wait.js';
import { type DaemonName, interopGate } from './env.js';
import { waitEstablished, waitForRoute } from './expect.js';
import { speakerUnavailableReason } from './v6net-suite.js';

const V6NET_ASN = 65001;
const DAEMON_ASN = 65002;
/** Short, so the expiry scenario stays quick; long enough for a daemon to start and reconnect. */
const RESTART_TIME_SEC = 12;
const timers = { holdTimeSec: 9, keepaliveTimeSec: 3 };

const kept: LabRouteConfig = { prefix: '2001:db8:300::/48', communities: ['65002:1'] };
const dropped: LabRouteConfig = { prefix: '2001:db8:301::/48' };
const v6Kept: LabRouteConfig = { prefix: '2001:db8:400::/48', communities: ['65001:1'] };
const v6Dropped: LabRouteConfig = { prefix: '2001:db8:401::/48' };

/** Polls `present` every `intervalMs` until stopped; records every poll that did not see the route. */
class ContinuityWatch {
  polls = 0;
  readonly misses: number[] = [];
  #stop = false;
  readonly #done: Promise<void>;

  constructor(present: () => Promise<boolean>, intervalMs: number, maxMs: number) {
    const started = Date.now();
    this.#done = (async () => {
      // Bounded in time (maxMs) and stopped by stop().
      while (!this.#stop && Date.now() - started < maxMs) {
        let ok = false;
        try {
          ok = await present();
        } catch {
          ok = false; // the receiver did not answer: count it as a miss, never as a pass
        }
        this.polls++;
        if (!ok) this.misses.push(Date.now() - started);
        await sleep(intervalMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.#stop = true;
    await this.#done;
  }
}

interface V6netRouteJson {
  prefix: string;
  stale?: boolean;
}

async function v6netRoutesFrom(v6net: V6netSpeaker, peer: string): Promise<V6netRouteJson[]> {
  const r = await v6net.api('GET', `/peers/${encodeURIComponent(peer)}/routes`);
  return r.status === 200 ? ((r.body as { routes: V6netRouteJson[] }).routes ?? []) : [];
}

export function defineGracefulRestartSuite(kind: Extract<DaemonName, 'frr' | 'bird'>, row: string): void {
  const gate = interopGate(`graceful restart ${kind}`, [kind]);
  const skip = gate.skip || speakerUnavailableReason() !== undefined;

  describe.skipIf(skip).sequential(`interop: graceful restart v6net ↔ ${row}`, () => {
    let lab: LinkLab | undefined;
    let seq = 0;

    beforeAll(async () => {
      if (gate.failure !== undefined) throw new Error(gate.failure);
      lab = await LinkLab.create(`v6gr-${kind}-${process.pid}`);
    });
    afterEach(async () => {
      await lab?.reset();
    });
    afterAll(async () => {
      await lab?.close();
    });

    function configs(
      l: LinkLab,
      v6Routes: LabRouteConfig[],
      daemonRoutes: LabRouteConfig[],
    ): { v6: LabDaemonConfig; daemon: LabDaemonConfig } {
      const gracefulRestart = { restartTimeSec: RESTART_TIME_SEC };
      return {
        v6: {
          asn: V6NET_ASN,
          routerId: '192.0.2.1',
          localAddress: l.left.address,
          peers: [{ address: l.right.address, asn: DAEMON_ASN, ...timers }],
          routes: v6Routes,
          gracefulRestart,
        },
        daemon: {
          asn: DAEMON_ASN,
          routerId: '192.0.2.2',
          localAddress: l.right.address,
          peers: [{ address: l.left.address, asn: V6NET_ASN, ...timers }],
          routes: daemonRoutes,
          gracefulRestart,
        },
      };
    }

    const startSide = (l: LinkLab, c: LabDaemonConfig, side: 'v6net' | 'daemon'): Promise<LabDaemon> => {
      seq++;
      return side === 'v6net'
        ? startV6net(c, l.context(l.left, `v6net-${seq}`))
        : startDaemon(kind, c, l.context(l.right, `${kind}-${seq}`));
    };

    it('v6net as helper keeps the daemon routes through its restart, sweeps at End-of-RIB and at expiry', async () => {
      const l = lab!;
      const c = configs(l, [v6Kept], [kept, dropped]);
      const v6net = (await startSide(l, c.v6, 'v6net')) as V6netSpeaker;
      let daemon = await startSide(l, c.daemon, 'daemon');
      await waitEstablished(v6net, l.right.address, 30_000);
      await waitForRoute(v6net, kept.prefix, 15_000);
      await waitForRoute(v6net, dropped.prefix, 15_000);

      // The daemon dies without a word; v6net keeps both routes, stale.
      const keptThere = async () =>
        (await v6netRoutesFrom(v6net, l.right.address)).some((r) => r.prefix === kept.prefix);
      let watch = new ContinuityWatch(keptThere, 200, 60_000);
      const killedAt = Date.now();
      await daemon.kill();
      await v6net.waitForEvent(
        (e) => e.event === 'gracefulRestart' && e['phase'] === 'retained' && e.peer === l.right.address,
        10_000,
        killedAt,
      );
      const stale = await v6netRoutesFrom(v6net, l.right.address);
      expect(stale.map((r) => [r.prefix, r.stale === true]).sort()).toEqual([
        [kept.prefix, true],
        [dropped.prefix, true],
      ]);

      // It comes back (restarting) with one route only: that one is refreshed, the other goes at its End-of-RIB.
      daemon = await startSide(l, { ...c.daemon, routes: [kept], restarting: true }, 'daemon');
      await waitEstablished(v6net, l.right.address, 30_000);
      const swept = await v6net.waitForEvent(
        (e) => e.event === 'gracefulRestart' && e['phase'] === 'removed' && e.peer === l.right.address,
        (RESTART_TIME_SEC + 5) * 1000,
        killedAt,
      );
      // swept by End-of-RIB, not by the timer
      expect(swept.atMs - killedAt).toBeLessThan(RESTART_TIME_SEC * 1000);
      const after = await pollUntil(
        async () => {
          const routes = await v6netRoutesFrom(v6net, l.right.address);
          return routes.length === 1 && routes[0]!.stale !== true ? routes : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 200, what: 'v6net: the restarted daemon route refreshed, not stale' },
      );
      expect(after.map((r) => r.prefix)).toEqual([kept.prefix]);
      await watch.stop();
      expect(watch.misses).toEqual([]);
      expect(watch.polls).toBeGreaterThan(5);

      // Killed again and left down: the route stays for the restart time, then goes.
      watch = new ContinuityWatch(keptThere, 200, (RESTART_TIME_SEC - 2) * 1000);
      const secondKillAt = Date.now();
      await daemon.kill();
      const expired = await v6net.waitForEvent(
        (e) => e.event === 'gracefulRestart' && e['phase'] === 'removed' && e.peer === l.right.address,
        (RESTART_TIME_SEC + 5) * 1000,
        secondKillAt,
      );
      await watch.stop();
      expect(watch.misses).toEqual([]);
      const heldSec = (expired.atMs - secondKillAt) / 1000;
      expect(heldSec).toBeGreaterThanOrEqual(RESTART_TIME_SEC - 1);
      expect(heldSec).toBeLessThanOrEqual(RESTART_TIME_SEC + 4);
      expect(await v6netRoutesFrom(v6net, l.right.address)).toEqual([]);
    }, 120_000);

    it('the daemon keeps v6net routes while v6net restarts, and drops the one it no longer announces', async () => {
      const l = lab!;
      const c = configs(l, [v6Kept, v6Dropped], [kept]);
      let v6net = (await startSide(l, c.v6, 'v6net')) as V6netSpeaker;
      const daemon = await startSide(l, c.daemon, 'daemon');
      await waitEstablished(daemon, l.left.address, 30_000);
      await waitForRoute(daemon, v6Kept.prefix, 15_000);
      await waitForRoute(daemon, v6Dropped.prefix, 15_000);

      const keptThere = async () => (await daemon.receivedRoutes()).some((r) => r.prefix === v6Kept.prefix);
      const watch = new ContinuityWatch(keptThere, 300, 60_000);
      await v6net.kill();
      await sleep(2_000); // down for a while: the daemon must still have both routes
      const during = (await daemon.receivedRoutes()).map((r) => r.prefix).sort();
      expect(during).toEqual([v6Kept.prefix, v6Dropped.prefix]);

      const restartedAt = Date.now();
      v6net = (await startSide(l, { ...c.v6, routes: [v6Kept], restarting: true }, 'v6net')) as V6netSpeaker;
      await waitEstablished(v6net, l.right.address, 30_000);
      // v6net defers its export until the daemon's End-of-RIB, then sends its table and End-of-RIB
      const eor = await v6net.waitForEvent(
        (e) => e.event === 'endOfRib' && e['direction'] === 'sent',
        RESTART_TIME_SEC * 1000,
        restartedAt,
      );
      expect(v6net.events.some((e) => e.event === 'endOfRib' && e['direction'] === 'received')).toBe(true);
      await pollUntil(
        async () => {
          const prefixes = (await daemon.receivedRoutes()).map((r) => r.prefix);
          return prefixes.includes(v6Kept.prefix) && !prefixes.includes(v6Dropped.prefix) ? true : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 300, what: `${kind}: stale v6net route swept after v6net's End-of-RIB` },
      );
      // the sweep came from the End-of-RIB, well before the restart time ran out
      expect(Date.now() - restartedAt).toBeLessThan(RESTART_TIME_SEC * 1000);
      expect(eor.atMs).toBeGreaterThanOrEqual(restartedAt);
      await watch.stop();
      expect(watch.misses).toEqual([]);
      expect(watch.polls).toBeGreaterThan(5);
    }, 120_000);
  });
}
