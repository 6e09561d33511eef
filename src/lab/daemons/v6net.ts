/**
 * v6net's own speaker as a lab daemon: `node bin/v6net.js speaker --config FILE --json` inside a namespace. Its
 * JSON event lines are collected with the wall-clock time they arrived; its control API listens on a unix socket in
 * the lab directory (unix sockets are not namespaced, so the test process reaches it directly).
 */
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { LabError, LabErrorCode } from '../errors.js';
import type { LabProcess } from '../processes.js';
import { pollUntil } from '../wait.js';
import type { DaemonContext } from './context.js';
import {
  type LabDaemon,
  type LabDaemonConfig,
  type LabNeighbor,
  type LabRoute,
  type LabRouteConfig,
  normalizeSessionState,
  sortedStrings,
} from './types.js';

/** The CLI entry of this checkout. */
export const v6netBin = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'v6net.js');

/** One JSON event line of `v6net speaker --json`, with the time it was read. */
export interface V6netEvent {
  readonly event: string;
  readonly peer?: string;
  readonly reason?: string;
  readonly code?: number | string;
  readonly subcode?: number;
  readonly [key: string]: unknown;
  /** Date.now() when the line was read. */
  readonly atMs: number;
}

function routeToSpeaker(route: LabRouteConfig): Record<string, unknown> {
  return {
    prefix: route.prefix,
    ...(route.communities?.length ? { communities: [...route.communities] } : {}),
    ...(route.largeCommunities?.length ? { largeCommunities: [...route.largeCommunities] } : {}),
    ...(route.med !== undefined ? { med: route.med } : {}),
    ...(route.asPathPrepend?.length ? { asPath: [...route.asPathPrepend] } : {}),
  };
}

/** Renders the speaker's YAML config for `config`, with the control API on `controlSocket` (pure). */
export function renderV6netConfig(config: LabDaemonConfig, controlSocket: string): string {
  const timers = (p: { holdTimeSec?: number; keepaliveTimeSec?: number }) =>
    p.holdTimeSec === undefined
      ? {}
      : { holdTimeSec: p.holdTimeSec, keepaliveTimeSec: p.keepaliveTimeSec ?? Math.floor(p.holdTimeSec / 3) };
  const doc = {
    asn: config.asn,
    routerId: config.routerId,
    listen: [{ address: config.localAddress, port: config.listenPort ?? 179 }],
    peers: config.peers.map((peer) => ({
      address: peer.address,
      asn: peer.asn,
      ...(peer.port !== undefined ? { port: peer.port } : {}),
      ...(peer.passive ? { passive: true } : {}),
      ...(peer.password !== undefined ? { password: peer.password } : {}),
      ...timers(peer),
      ...(config.gracefulRestart !== undefined ? { gracefulRestart: config.gracefulRestart } : {}),
      connectRetrySec: 2,
      localAddress: config.localAddress,
    })),
    listenRanges: (config.listenRanges ?? []).map((range) => ({
      prefix: range.prefix,
      asn: range.asn,
      ...(range.password !== undefined ? { password: range.password } : {}),
      ...timers(range),
    })),
    routes: config.routes.map(routeToSpeaker),
    ...(config.restarting === true ? { restarting: true } : {}),
    control: { socket: controlSocket },
  };
  return stringify(doc);
}

interface PeerStatusJson {
  address?: string;
  state?: string;
}

interface LearnedRouteJson {
  prefix?: string;
  family?: string;
  nextHop?: string;
  asPath?: { asns?: number[] }[];
  med?: number;
  communities?: string[];
  largeCommunities?: string[];
}

/** Converts the control API's learned routes into LabRoutes (IPv6 unicast only). */
export function parseV6netRoutes(routes: readonly LearnedRouteJson[]): LabRoute[] {
  return routes
    .filter((r) => typeof r.prefix === 'string' && (r.family === undefined || r.family === 'ipv6-unicast'))
    .map((r) => ({
      prefix: r.prefix!,
      asPath: (r.asPath ?? []).flatMap((s) => s.asns ?? []),
      communities: sortedStrings(r.communities ?? []),
      largeCommunities: sortedStrings(r.largeCommunities ?? []),
      ...(r.nextHop !== undefined ? { nextHop: r.nextHop } : {}),
      ...(r.med !== undefined ? { med: r.med } : {}),
    }));
}

export class V6netSpeaker implements LabDaemon {
  readonly kind = 'v6net' as const;
  readonly events: V6netEvent[] = [];

  constructor(
    readonly config: LabDaemonConfig,
    private readonly ctx: DaemonContext,
    private readonly process: LabProcess,
    readonly controlSocket: string,
  ) {}

  /** Called by the process for each stdout line. */
  onLine(line: string): void {
    if (!line.startsWith('{')) return;
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (typeof parsed['event'] === 'string') this.events.push({ ...parsed, atMs: Date.now() } as V6netEvent);
    } catch {
      // Not an event line.
    }
  }

  /** Waits for an event matching `predicate` that arrived at or after `sinceMs`. */
  async waitForEvent(predicate: (event: V6netEvent) => boolean, timeoutMs: number, sinceMs = 0): Promise<V6netEvent> {
    return pollUntil(
      async () => {
        if (!this.process.isRunning) {
          throw new LabError(LabErrorCode.daemonExited, `v6net speaker exited: ${this.process.recentOutput()}`);
        }
        return this.events.find((e) => e.atMs >= sinceMs && predicate(e));
      },
      { timeoutMs, intervalMs: 50, what: 'a v6net speaker event' },
    );
  }

  /** One request to the control API over its unix socket. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    return new Promise((resolvePromise, reject) => {
      const payload = body === undefined ? '' : JSON.stringify(body);
      const req = request(
        {
          socketPath: this.controlSocket,
          method,
          path,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
          timeout: 5_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => {
            try {
              resolvePromise({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) });
            } catch (error) {
              reject(new LabError(LabErrorCode.badOutput, `control API ${method} ${path}: not JSON`, { cause: error }));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new LabError(LabErrorCode.timeout, `control API ${method} ${path}`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  private async apiOk(method: string, path: string, body?: unknown): Promise<unknown> {
    const answer = await this.api(method, path, body);
    if (answer.status !== 200) {
      throw new LabError(
        LabErrorCode.commandFailed,
        `control API ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body;
  }

  async neighbors(): Promise<LabNeighbor[]> {
    const body = (await this.apiOk('GET', '/peers')) as { peers?: PeerStatusJson[] };
    return (body.peers ?? []).map((p) => ({
      address: p.address ?? '',
      rawState: p.state ?? '',
      state: normalizeSessionState(p.state ?? ''),
    }));
  }

  async receivedRoutes(): Promise<LabRoute[]> {
    const routes: LabRoute[] = [];
    for (const neighbor of await this.neighbors()) {
      const body = (await this.apiOk('GET', `/peers/${encodeURIComponent(neighbor.address)}/routes`)) as {
        routes?: LearnedRouteJson[];
      };
      routes.push(...parseV6netRoutes(body.routes ?? []));
    }
    return routes;
  }

  async announce(route: LabRouteConfig): Promise<void> {
    await this.apiOk('POST', '/routes', routeToSpeaker(route));
  }

  async withdraw(prefix: string): Promise<void> {
    await this.apiOk('DELETE', `/routes?prefix=${encodeURIComponent(prefix)}`);
  }

  async stop(): Promise<void> {
    await this.ctx.registry.stop(this.process);
  }

  async kill(): Promise<void> {
    await this.ctx.registry.kill(this.process);
  }

  recentOutput(): string {
    return this.process.recentOutput();
  }
}

/** Writes the config, starts the speaker and waits until its control API answers. */
export async function startV6net(config: LabDaemonConfig, ctx: DaemonContext): Promise<V6netSpeaker> {
  const controlSocket = join(ctx.dir, 'control.sock');
  const confFile = join(ctx.dir, 'speaker.yaml');
  writeFileSync(confFile, renderV6netConfig(config, controlSocket));
  let speaker: V6netSpeaker | undefined;
  const proc = ctx.registry.spawn(
    'v6net-speaker',
    process.execPath,
    [v6netBin, 'speaker', '--config', confFile, '--json'],
    {
      namespace: ctx.namespace,
      logFile: join(ctx.dir, 'speaker.log'),
      onStdoutLine: (line) => speaker?.onLine(line),
    },
  );
  speaker = new V6netSpeaker(config, ctx, proc, controlSocket);
  const started = speaker;
  await pollUntil(
    async () => {
      if (!proc.isRunning)
        throw new LabError(LabErrorCode.daemonExited, `v6net speaker exited: ${proc.recentOutput()}`);
      return (await started.api('GET', '/peers')).status === 200 ? true : undefined;
    },
    { timeoutMs: ctx.startTimeoutMs ?? 30_000, intervalMs: 200, what: 'the v6net speaker control API' },
  );
  return started;
}
