/**
 * The v6net-against-one-daemon interop suite, shared by `frr.test.ts`, `bird.test.ts`, `gobgp.test.ts` and
 * `exabgp.test.ts`. v6net's speaker runs in one namespace (left, 2001:db8:0:1::1), the daemon in the other (right,
 * 2001:db8:0:1::2). Each scenario starts both fresh, checks one feature family, records it for the matrix, and
 * tears both down (also on failure).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../../../src/lab/daemons/index.js';
import type {
  LabDaemon,
  LabDaemonConfig,
  LabListenRange,
  LabPeerConfig,
  LabRouteConfig,
} from '../../../src/lab/daemons/types.js';
import { startV6net, type V6netEvent, type V6netSpeaker } from '../../../src/lab/daemons/v6net.js';
import { labLinkPrefix, LinkLab } from '../../../src/lab/topology.js';
import { pollUntil, watchFor } from '../../../src/lab/wait.js';
import { type DaemonName, interopGate } from './env.js';
import { expectRouteIntact, isEstablished, waitEstablished, waitForRoute, waitRouteGone } from './expect.js';
import { InteropRecorder } from './recorder.js';

export const v6netAsn = 65001;
export const daemonAsn = 65002;
export const holdTimeSec = 9;
export const keepaliveTimeSec = 3;
/** How long a wrong-key session is watched for (it must never reach Established). */
export const wrongKeyWatchMs = 8_000;

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

/** Why v6net's speaker cannot run yet (the command is not there), or undefined. */
export function speakerUnavailableReason(): string | undefined {
  const command = resolve(repoRoot, 'src/cli/commands/speaker.ts');
  if (!existsSync(command)) return 'v6net speaker command (src/cli/commands/speaker.ts) is not there yet';
  const index = readFileSync(resolve(repoRoot, 'src/cli/commands/index.ts'), 'utf8');
  if (!index.includes('speakerCommand')) return 'v6net speaker command is not registered in src/cli/commands/index.ts';
  return undefined;
}

/** True for the `down` event v6net emits when its hold timer expired. */
export function isHoldTimerExpiry(event: V6netEvent): boolean {
  if (event.event !== 'down') return false;
  // RFC 4271 §6.5: on expiry the speaker sends NOTIFICATION Hold Timer Expired (code 4).
  return event.reason === 'holdTimerExpired' || (event.reason === 'notificationSent' && event.code === 4);
}

export interface DaemonSuiteOptions {
  readonly daemon: DaemonName;
  /** Row title in the matrix, e.g. `FRR 8.4`. */
  readonly row: string;
  /** The daemon can listen on a range with dynamic neighbors (v6net dials). */
  readonly daemonRange: boolean;
  /** The daemon's range can carry an MD5 key (GoBGP's cannot). */
  readonly daemonRangeMd5: boolean;
}

function v6netRoutes(): LabRouteConfig[] {
  return [
    {
      prefix: '2001:db8:100::/48',
      communities: ['65001:100', '65001:200'],
      largeCommunities: ['65001:1:2', '65001:3:4'],
      med: 50,
      asPathPrepend: [64512, 64513],
    },
    { prefix: '2001:db8:101::/48', communities: ['65001:101'] },
  ];
}

function daemonRoutes(): LabRouteConfig[] {
  return [
    {
      prefix: '2001:db8:200::/48',
      communities: ['65002:7', '65002:8'],
      largeCommunities: ['65002:5:6'],
      med: 70,
      asPathPrepend: [64600],
    },
    { prefix: '2001:db8:201::/48', largeCommunities: ['65002:9:9'] },
  ];
}

/** Defines the whole suite for one daemon. */
export function defineDaemonSuite(options: DaemonSuiteOptions): void {
  const { daemon: kind, row } = options;
  const gate = interopGate(kind, [kind]);
  const speakerMissing = speakerUnavailableReason();
  const skip = gate.skip || speakerMissing !== undefined;
  if (!gate.skip && speakerMissing !== undefined) console.warn(`[interop] skipping ${kind}: ${speakerMissing}`);
  const recorder = new InteropRecorder(kind);

  describe.skipIf(skip).sequential(`interop: v6net ↔ ${row}`, () => {
    let lab: LinkLab | undefined;
    let seq = 0;

    beforeAll(async () => {
      if (gate.failure !== undefined) throw new Error(gate.failure);
      lab = await LinkLab.create(`v6n-${kind}-${process.pid}`);
    });
    // Every scenario starts both sides fresh on the same link.
    afterEach(async () => {
      await lab?.reset();
    });
    afterAll(async () => {
      await lab?.close();
      recorder.renderMatrix();
    });

    const timers = { holdTimeSec, keepaliveTimeSec };

    /** A fresh lab with v6net on the left and the daemon on the right. */
    async function start(setup: {
      v6netPeer?: Partial<LabPeerConfig> | false;
      v6netRange?: Partial<LabListenRange>;
      daemonPeer?: Partial<LabPeerConfig> | false;
      daemonRange?: Partial<LabListenRange>;
      daemonFirst?: boolean;
    }): Promise<{ v6net: V6netSpeaker; daemon: LabDaemon; lab: LinkLab; daemonConfig: LabDaemonConfig }> {
      if (lab === undefined) throw new Error('no lab');
      seq++;
      const v6netConfig: LabDaemonConfig = {
        asn: v6netAsn,
        routerId: '192.0.2.1',
        localAddress: lab.left.address,
        peers:
          setup.v6netPeer === false
            ? []
            : [{ address: lab.right.address, asn: daemonAsn, ...timers, ...setup.v6netPeer }],
        listenRanges:
          setup.v6netRange === undefined
            ? []
            : [{ prefix: labLinkPrefix, asn: daemonAsn, ...timers, ...setup.v6netRange }],
        routes: v6netRoutes(),
      };
      const daemonConfig: LabDaemonConfig = {
        asn: daemonAsn,
        routerId: '192.0.2.2',
        localAddress: lab.right.address,
        peers:
          setup.daemonPeer === false
            ? []
            : [{ address: lab.left.address, asn: v6netAsn, ...timers, ...setup.daemonPeer }],
        listenRanges:
          setup.daemonRange === undefined
            ? []
            : [{ prefix: labLinkPrefix, asn: v6netAsn, ...timers, ...setup.daemonRange }],
        routes: daemonRoutes(),
      };
      const l = lab;
      const startDaemonSide = () => startDaemon(kind, daemonConfig, l.context(l.right, `${kind}-${seq}`));
      const startV6netSide = () => startV6net(v6netConfig, l.context(l.left, `v6net-${seq}`));
      if (setup.daemonFirst) {
        const daemon = await startDaemonSide();
        return { daemon, v6net: await startV6netSide(), lab: l, daemonConfig };
      }
      const v6net = await startV6netSide();
      return { v6net, daemon: await startDaemonSide(), lab: l, daemonConfig };
    }

    async function bothEstablished(v6net: V6netSpeaker, daemon: LabDaemon, l: LinkLab): Promise<string> {
      const started = Date.now();
      await waitEstablished(v6net, l.right.address, 30_000);
      await waitEstablished(daemon, l.left.address, 10_000);
      return `Established after ${((Date.now() - started) / 1000).toFixed(1)} s`;
    }

    it('session without MD5; routes both ways with attributes intact; withdrawals; hold timer expiry', async () => {
      const { v6net, daemon, lab: l } = await start({});
      await recorder.check(row, 'session', () => bothEstablished(v6net, daemon, l));
      const [sentOut, sentOut2] = v6netRoutes();
      const [sentIn, sentIn2] = daemonRoutes();
      await recorder.check(row, 'routes-out', async () => {
        const a = expectRouteIntact(
          await waitForRoute(daemon, sentOut!.prefix, 15_000),
          sentOut!,
          v6netAsn,
          l.left.address,
        );
        expectRouteIntact(await waitForRoute(daemon, sentOut2!.prefix, 5_000), sentOut2!, v6netAsn, l.left.address);
        return a;
      });
      await recorder.check(row, 'routes-in', async () => {
        const a = expectRouteIntact(
          await waitForRoute(v6net, sentIn!.prefix, 15_000),
          sentIn!,
          daemonAsn,
          l.right.address,
        );
        expectRouteIntact(await waitForRoute(v6net, sentIn2!.prefix, 5_000), sentIn2!, daemonAsn, l.right.address);
        return a;
      });
      await recorder.check(row, 'withdraw-out', async () => {
        await v6net.withdraw(sentOut!.prefix);
        await waitRouteGone(daemon, sentOut!.prefix, 15_000);
        // The other route stays.
        expect((await daemon.receivedRoutes()).map((r) => r.prefix)).toContain(sentOut2!.prefix);
        return undefined;
      });
      await recorder.check(row, 'withdraw-in', async () => {
        await daemon.withdraw(sentIn!.prefix);
        await waitRouteGone(v6net, sentIn!.prefix, 15_000);
        expect((await v6net.receivedRoutes()).map((r) => r.prefix)).toContain(sentIn2!.prefix);
        return undefined;
      });
      await recorder.check(row, 'hold-timer', async () => {
        // Silence the daemon: from now on nothing it sends reaches v6net (no FIN, no NOTIFICATION).
        await l.silence(l.right);
        const cutAt = Date.now();
        const down = await v6net.waitForEvent(
          (e) => e.event === 'down' && e.peer === l.right.address,
          (holdTimeSec + 2) * 1000,
          cutAt,
        );
        const afterSec = (down.atMs - cutAt) / 1000;
        expect(isHoldTimerExpiry(down), `down event ${JSON.stringify(down)}`).toBe(true);
        expect(afterSec).toBeLessThanOrEqual(holdTimeSec + 2);
        // The last keepalive arrived at most keepaliveTimeSec before the cut.
        expect(afterSec).toBeGreaterThanOrEqual(holdTimeSec - keepaliveTimeSec - 1);
        return `v6net: hold timer expired ${afterSec.toFixed(1)} s after the daemon went silent (hold ${holdTimeSec} s)`;
      });
    }, 90_000);

    it('session with MD5 on both sides; never Established once the daemon has another key', async () => {
      const {
        v6net,
        daemon,
        lab: l,
        daemonConfig,
      } = await start({
        v6netPeer: { password: 'interop-key-1' },
        daemonPeer: { password: 'interop-key-1' },
      });
      await recorder.check(row, 'md5', async () => {
        const detail = await bothEstablished(v6net, daemon, l);
        await waitForRoute(daemon, v6netRoutes()[0]!.prefix, 15_000);
        return detail;
      });
      await recorder.check(row, 'md5-wrong', async () => {
        // Restart the daemon with another key; v6net keeps 'interop-key-1' and keeps dialing.
        await daemon.stop();
        await pollUntil(async () => ((await isEstablished(v6net, l.right.address)) ? undefined : true), {
          timeoutMs: (holdTimeSec + 2) * 1000,
          what: 'v6net sees the stopped daemon go',
        });
        const restartedAt = Date.now();
        const rekeyed = await startDaemon(
          kind,
          { ...daemonConfig, peers: daemonConfig.peers.map((p) => ({ ...p, password: 'interop-key-2' })) },
          l.context(l.right, `${kind}-rekeyed`),
        );
        const seen = await watchFor(
          async () =>
            (await isEstablished(v6net, l.right.address)) || (await isEstablished(rekeyed, l.left.address))
              ? true
              : undefined,
          wrongKeyWatchMs,
        );
        expect(seen).toBeUndefined();
        expect(v6net.events.filter((e) => e.event === 'established' && e.atMs >= restartedAt)).toEqual([]);
        return `no session within ${wrongKeyWatchMs / 1000} s (both sides dialing)`;
      });
    }, 90_000);

    it.skipIf(!options.daemonRange)(
      'the daemon listens on a range only; v6net dials',
      async () => {
        const key = options.daemonRangeMd5 ? { password: 'range-key' } : {};
        const {
          v6net,
          daemon,
          lab: l,
        } = await start({
          daemonPeer: false,
          daemonRange: key,
          v6netPeer: key,
          daemonFirst: true,
        });
        await recorder.check(row, 'daemon-range', async () => {
          const detail = await bothEstablished(v6net, daemon, l);
          const sent = v6netRoutes()[0]!;
          expectRouteIntact(await waitForRoute(daemon, sent.prefix, 15_000), sent, v6netAsn, l.left.address);
          return `${detail}${options.daemonRangeMd5 ? ' (with MD5)' : ' (no MD5: unsupported by the daemon for ranges)'}`;
        });
      },
      60_000,
    );

    it('v6net listens on a range only; the daemon dials and becomes a dynamic neighbor', async () => {
      const {
        v6net,
        daemon,
        lab: l,
      } = await start({
        v6netPeer: false,
        v6netRange: { password: 'range-key' },
        daemonPeer: { password: 'range-key' },
      });
      await recorder.check(row, 'v6net-range', async () => {
        const detail = await bothEstablished(v6net, daemon, l);
        await v6net.waitForEvent((e) => e.event === 'dynamicNeighbor' && e.peer === l.right.address, 5_000);
        const sent = daemonRoutes()[0]!;
        expectRouteIntact(await waitForRoute(v6net, sent.prefix, 15_000), sent, daemonAsn, l.right.address);
        return `${detail} (with MD5)`;
      });
    }, 60_000);
  });
}
