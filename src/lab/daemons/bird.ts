/**
 * BIRD 2 as a lab daemon: `bird -f -c conf -s sock -P pid` in the namespace, queried with `birdc -s sock` (a unix
 * socket, reachable from any namespace). Originated routes are static routes with their attributes set by the
 * export filter; announce/withdraw rewrite the config and run `birdc configure`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError, LabErrorCode } from '../errors.js';
import { type LabProcess, runCommand } from '../processes.js';
import { pollUntil } from '../wait.js';
import { type DaemonContext, quoted } from './context.js';
import {
  type LabDaemon,
  type LabDaemonConfig,
  type LabNeighbor,
  type LabRoute,
  type LabRouteConfig,
  normalizeSessionState,
  sortedStrings,
} from './types.js';

export const birdPath = 'bird';
export const birdcPath = 'birdc';

function community(text: string, size: 2 | 3): string {
  const parts = text.split(':');
  if (parts.length !== size || parts.some((p) => !/^\d+$/.test(p))) {
    throw new LabError(LabErrorCode.badInput, `not a ${size === 2 ? '' : 'large '}community: ${text}`);
  }
  return `(${parts.join(',')})`;
}

interface Timers {
  readonly password?: string;
  readonly holdTimeSec?: number;
  readonly keepaliveTimeSec?: number;
}

function sessionLines(p: Timers, gr?: LabDaemonConfig['gracefulRestart']): string[] {
  const lines = ['  connect retry time 2;', '  error wait time 1, 4;'];
  if (gr !== undefined) lines.push('  graceful restart on;', `  graceful restart time ${gr.restartTimeSec};`);
  if (p.password !== undefined) lines.push(`  password ${quoted(p.password)};`);
  if (p.holdTimeSec !== undefined) {
    lines.push(`  hold time ${p.holdTimeSec};`);
    lines.push(`  keepalive time ${p.keepaliveTimeSec ?? Math.floor(p.holdTimeSec / 3)};`);
  }
  return lines;
}

/** Renders bird.conf for `config` with `routes` originated (pure). */
export function renderBirdConfig(config: LabDaemonConfig, routes: readonly LabRouteConfig[] = config.routes): string {
  const out: string[] = [`router id ${config.routerId};`, 'log stderr all;', 'protocol device {}', ''];
  out.push('protocol static originate6 {', '  ipv6;');
  for (const route of routes) out.push(`  route ${route.prefix} unreachable;`);
  out.push('}', '', 'filter lab_export {');
  for (const route of routes) {
    const sets: string[] = [];
    for (const c of route.communities ?? []) sets.push(`bgp_community.add(${community(c, 2)});`);
    for (const c of route.largeCommunities ?? []) sets.push(`bgp_large_community.add(${community(c, 3)});`);
    if (route.med !== undefined) sets.push(`bgp_med = ${route.med};`);
    // Prepend in reverse so the path reads in the given order after the daemon's own AS.
    for (const asn of [...(route.asPathPrepend ?? [])].reverse()) sets.push(`bgp_path.prepend(${asn});`);
    if (sets.length > 0) out.push(`  if net = ${route.prefix} then { ${sets.join(' ')} }`);
  }
  out.push('  if source = RTS_STATIC then accept;', '  reject;', '}', '');
  const local = `  local ${config.localAddress}${config.listenPort !== undefined ? ` port ${config.listenPort}` : ''} as ${config.asn};`;
  const channel = ['  ipv6 {', '    import all;', '    export filter lab_export;', '  };'];
  config.peers.forEach((peer, i) => {
    const own = peer.localAddress === undefined ? local : local.replace(config.localAddress, peer.localAddress);
    out.push(`protocol bgp peer${i} {`, own);
    out.push(`  neighbor ${peer.address}${peer.port !== undefined ? ` port ${peer.port}` : ''} as ${peer.asn};`);
    if (peer.passive) out.push('  passive on;');
    if (peer.multihop !== undefined) out.push(`  multihop ${peer.multihop};`);
    out.push(...sessionLines(peer, config.gracefulRestart), ...channel, '}', '');
  });
  (config.listenRanges ?? []).forEach((range, i) => {
    out.push(`protocol bgp range${i} {`, local, `  neighbor range ${range.prefix} as ${range.asn};`);
    out.push(`  dynamic name "dyn${i}_";`, ...sessionLines(range, config.gracefulRestart), ...channel, '}', '');
  });
  return out.join('\n');
}

/** Parses `birdc show protocols all` into BGP neighbors (dynamic-range templates are left out). */
export function parseBirdProtocols(text: string): LabNeighbor[] {
  const neighbors: LabNeighbor[] = [];
  let current: { isBgp: boolean; state?: string; address?: string } | undefined;
  const flush = () => {
    if (current?.isBgp && current.address !== undefined && current.state !== undefined) {
      neighbors.push({
        address: current.address,
        rawState: current.state,
        state: normalizeSessionState(current.state),
      });
    }
  };
  for (const line of text.split('\n')) {
    const header = /^(\S+)\s+(\S+)\s+\S+\s+\S+/.exec(line);
    if (header && !line.startsWith('BIRD') && header[1] !== 'Name') {
      flush();
      current = { isBgp: header[2] === 'BGP' };
      continue;
    }
    if (current === undefined) continue;
    const state = /^\s+BGP state:\s+(\S+)/.exec(line);
    if (state) current.state = state[1];
    const address = /^\s+Neighbor address:\s+(\S+)\s*$/.exec(line);
    if (address && !address[1]!.includes('/')) current.address = address[1];
  }
  flush();
  return neighbors;
}

interface BirdPathDraft {
  prefix: string;
  isBgp: boolean;
  asPath: number[];
  communities: string[];
  largeCommunities: string[];
  med?: number;
  nextHop?: string;
}

/**
 * Parses `birdc show route all` (one table) into LabRoutes: per prefix, the first path learned over BGP (the best
 * one when the best is BGP; a static path of the same prefix is skipped).
 */
export function parseBirdRoutes(text: string): LabRoute[] {
  const paths: BirdPathDraft[] = [];
  let prefix: string | undefined;
  let current: BirdPathDraft | undefined;
  for (const line of text.split('\n')) {
    // "2001:db8::/48   unicast [peer0 12:00:00.000] * (100) [AS65002i]" starts a prefix and its first path;
    // "                unicast [peer1 …] (100) …" starts a further path of the same prefix.
    const head = /^([0-9a-fA-F:.]+\/\d+)\s+\S+\s+\[/.exec(line);
    const further = /^\s+\S+\s+\[\S+/.test(line) && !/^\s+(Type|BGP\.)/.test(line);
    if (head || (further && prefix !== undefined)) {
      if (head) prefix = head[1]!;
      current = { prefix: prefix!, isBgp: false, asPath: [], communities: [], largeCommunities: [] };
      paths.push(current);
      continue;
    }
    if (current === undefined) continue;
    const attr = /^\s+(Type|BGP\.[a-z_]+):\s*(.*)$/.exec(line);
    if (!attr) continue;
    const [, name, value = ''] = attr;
    switch (name) {
      case 'Type':
        current.isBgp = value.startsWith('BGP');
        break;
      case 'BGP.as_path':
        current.asPath = value
          .split(/\s+/)
          .filter((t) => /^\d+$/.test(t))
          .map(Number);
        break;
      case 'BGP.med':
        current.med = Number(value);
        break;
      case 'BGP.next_hop':
        current.nextHop = value.split(/\s+/)[0];
        break;
      case 'BGP.community':
        for (const m of value.matchAll(/\((\d+),\s*(\d+)\)/g)) current.communities.push(`${m[1]}:${m[2]}`);
        break;
      case 'BGP.large_community':
        for (const m of value.matchAll(/\((\d+),\s*(\d+),\s*(\d+)\)/g)) {
          current.largeCommunities.push(`${m[1]}:${m[2]}:${m[3]}`);
        }
        break;
      default:
        break;
    }
  }
  const byPrefix = new Map<string, BirdPathDraft>();
  for (const path of paths) if (path.isBgp && !byPrefix.has(path.prefix)) byPrefix.set(path.prefix, path);
  return [...byPrefix.values()].map((d) => ({
    prefix: d.prefix,
    asPath: d.asPath,
    communities: sortedStrings(d.communities),
    largeCommunities: sortedStrings(d.largeCommunities),
    ...(d.nextHop !== undefined ? { nextHop: d.nextHop } : {}),
    ...(d.med !== undefined ? { med: d.med } : {}),
  }));
}

export class BirdDaemon implements LabDaemon {
  readonly kind = 'bird' as const;
  private routes: LabRouteConfig[];

  constructor(
    readonly config: LabDaemonConfig,
    private readonly ctx: DaemonContext,
    private readonly process: LabProcess,
  ) {
    this.routes = [...config.routes];
  }

  get socketPath(): string {
    return join(this.ctx.dir, 'bird.ctl');
  }

  get configFile(): string {
    return join(this.ctx.dir, 'bird.conf');
  }

  /** Runs one birdc command. */
  async birdc(...words: string[]): Promise<string> {
    const { stdout } = await runCommand(birdcPath, ['-s', this.socketPath, ...words], { timeoutMs: 10_000 });
    return stdout;
  }

  async neighbors(): Promise<LabNeighbor[]> {
    return parseBirdProtocols(await this.birdc('show', 'protocols', 'all'));
  }

  async receivedRoutes(): Promise<LabRoute[]> {
    return parseBirdRoutes(await this.birdc('show', 'route', 'all'));
  }

  async announce(route: LabRouteConfig): Promise<void> {
    this.routes = [...this.routes.filter((r) => r.prefix !== route.prefix), route];
    await this.reconfigure();
  }

  async withdraw(prefix: string): Promise<void> {
    this.routes = this.routes.filter((r) => r.prefix !== prefix);
    await this.reconfigure();
  }

  private async reconfigure(): Promise<void> {
    writeFileSync(this.configFile, renderBirdConfig(this.config, this.routes));
    const answer = await this.birdc('configure');
    if (!/Reconfigured|Reconfiguration in progress/.test(answer)) {
      throw new LabError(LabErrorCode.commandFailed, `birdc configure: ${answer.trim()}`);
    }
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

/** Writes the config, starts bird in the foreground and waits until birdc answers. */
export async function startBird(config: LabDaemonConfig, ctx: DaemonContext): Promise<BirdDaemon> {
  const confFile = join(ctx.dir, 'bird.conf');
  writeFileSync(confFile, renderBirdConfig(config));
  const proc = ctx.registry.spawn(
    'bird',
    birdPath,
    [
      '-f',
      '-c',
      confFile,
      '-s',
      join(ctx.dir, 'bird.ctl'),
      '-P',
      join(ctx.dir, 'bird.pid'),
      ...(config.restarting === true ? ['-R'] : []), // graceful restart recovery: R bit, waits for End-of-RIB
    ],
    { namespace: ctx.namespace, logFile: join(ctx.dir, 'bird.log') },
  );
  const daemon = new BirdDaemon(config, ctx, proc);
  await pollUntil(
    async () => {
      if (!proc.isRunning) throw new LabError(LabErrorCode.daemonExited, `bird exited: ${proc.recentOutput()}`);
      await daemon.birdc('show', 'status');
      return true;
    },
    { timeoutMs: ctx.startTimeoutMs ?? 15_000, intervalMs: 200, what: 'BIRD control socket' },
  );
  return daemon;
}
