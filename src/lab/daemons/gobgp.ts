/**
 * GoBGP 3.x as a lab daemon: `gobgpd -f conf.toml --api-hosts 127.0.0.1:PORT` inside the namespace (each namespace
 * has its own loopback), queried and driven with `gobgp -p PORT … -j` run in the same namespace.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError, LabErrorCode } from '../errors.js';
import { type LabProcess, runCommand } from '../processes.js';
import { pollUntil } from '../wait.js';
import { type DaemonContext, quoted } from './context.js';
import {
  formatCommunityNumber,
  type LabDaemon,
  type LabDaemonConfig,
  type LabNeighbor,
  type LabRoute,
  type LabRouteConfig,
  type LabSessionState,
  sortedStrings,
} from './types.js';

export const gobgpdPath = 'gobgpd';
export const gobgpCliPath = 'gobgp';
/** gRPC API port on the namespace's own loopback. */
export const gobgpApiPort = 50051;

interface TimerSettings {
  readonly holdTimeSec?: number;
  readonly keepaliveTimeSec?: number;
}

function timerLines(table: string, p: TimerSettings): string[] {
  const lines = [`  [${table}.timers.config]`, '    connect-retry = 2'];
  if (p.holdTimeSec !== undefined) {
    lines.push(`    hold-time = ${p.holdTimeSec}`);
    lines.push(`    keepalive-interval = ${p.keepaliveTimeSec ?? Math.floor(p.holdTimeSec / 3)}`);
  }
  return lines;
}

/** Renders gobgpd.toml for `config` (pure). Routes are added through the API after start. */
export function renderGobgpConfig(config: LabDaemonConfig): string {
  const out: string[] = [
    '[global.config]',
    `  as = ${config.asn}`,
    `  router-id = ${quoted(config.routerId)}`,
    `  local-address-list = [${quoted(config.localAddress)}]`,
    `  port = ${config.listenPort ?? 179}`,
    '',
  ];
  for (const peer of config.peers) {
    out.push('[[neighbors]]', '  [neighbors.config]');
    out.push(`    neighbor-address = ${quoted(peer.address)}`, `    peer-as = ${peer.asn}`);
    if (peer.password !== undefined) out.push(`    auth-password = ${quoted(peer.password)}`);
    out.push('  [neighbors.transport.config]', `    local-address = ${quoted(config.localAddress)}`);
    if (peer.port !== undefined) out.push(`    remote-port = ${peer.port}`);
    if (peer.passive) out.push('    passive-mode = true');
    out.push(...timerLines('neighbors', peer));
    out.push(
      '  [[neighbors.afi-safis]]',
      '    [neighbors.afi-safis.config]',
      '      afi-safi-name = "ipv6-unicast"',
      '',
    );
  }
  (config.listenRanges ?? []).forEach((range, i) => {
    const group = `range${i}`;
    out.push('[[peer-groups]]', '  [peer-groups.config]');
    out.push(`    peer-group-name = ${quoted(group)}`, `    peer-as = ${range.asn}`);
    if (range.password !== undefined) {
      // Seen in the lab: GoBGP 3.10 does not put the key on the listening socket for dynamic neighbors, so a keyed
      // range never establishes. Refuse rather than render a config that silently cannot work.
      throw new LabError(LabErrorCode.badInput, 'GoBGP applies no TCP-MD5 key to dynamic neighbors');
    }
    out.push(...timerLines('peer-groups', range));
    out.push(
      '  [[peer-groups.afi-safis]]',
      '    [peer-groups.afi-safis.config]',
      '      afi-safi-name = "ipv6-unicast"',
    );
    out.push('[[dynamic-neighbors]]', '  [dynamic-neighbors.config]');
    out.push(`    prefix = ${quoted(range.prefix)}`, `    peer-group = ${quoted(group)}`, '');
  });
  return out.join('\n');
}

/** `gobgp global rib add` arguments for a route. */
export function gobgpAddArgs(route: LabRouteConfig, nextHop: string): string[] {
  const args = ['global', 'rib', '-a', 'ipv6', 'add', route.prefix, 'nexthop', nextHop];
  if (route.communities?.length) args.push('community', route.communities.join(','));
  if (route.largeCommunities?.length) args.push('large-community', route.largeCommunities.join(','));
  if (route.med !== undefined) args.push('med', String(route.med));
  if (route.asPathPrepend?.length) args.push('aspath', route.asPathPrepend.join(','));
  return args;
}

interface GobgpAttr {
  type?: number;
  as_paths?: { asns?: number[] }[];
  metric?: number;
  communities?: number[];
  value?: unknown;
  nexthop?: string;
}

interface GobgpPath {
  best?: boolean;
  attrs?: GobgpAttr[];
  'neighbor-ip'?: string;
}

/** Converts `gobgp global rib -a ipv6 -j` output into LabRoutes, learned paths only (best first). */
export function parseGobgpRib(json: unknown): LabRoute[] {
  const routes: LabRoute[] = [];
  for (const [prefix, paths] of Object.entries((json ?? {}) as Record<string, GobgpPath[]>)) {
    const learned = paths.filter((p) => p['neighbor-ip'] !== undefined);
    const path = learned.find((p) => p.best) ?? learned[0];
    if (path === undefined) continue;
    const asPath: number[] = [];
    let med: number | undefined;
    let nextHop: string | undefined;
    const communities: string[] = [];
    const largeCommunities: string[] = [];
    for (const attr of path.attrs ?? []) {
      switch (attr.type) {
        case 2:
          for (const segment of attr.as_paths ?? []) asPath.push(...(segment.asns ?? []));
          break;
        case 4:
          med = attr.metric;
          break;
        case 8:
          for (const c of attr.communities ?? []) communities.push(formatCommunityNumber(c));
          break;
        case 32:
          for (const v of (attr.value ?? []) as { ASN?: number; LocalData1?: number; LocalData2?: number }[]) {
            largeCommunities.push(`${v.ASN ?? 0}:${v.LocalData1 ?? 0}:${v.LocalData2 ?? 0}`);
          }
          break;
        case 3:
        case 14:
          nextHop = attr.nexthop;
          break;
        default:
          break;
      }
    }
    routes.push({
      prefix,
      asPath,
      communities: sortedStrings(communities),
      largeCommunities: sortedStrings(largeCommunities),
      ...(nextHop !== undefined ? { nextHop } : {}),
      ...(med !== undefined ? { med } : {}),
    });
  }
  return routes;
}

const sessionStates: Record<string, LabSessionState> = {
  '1': 'idle',
  '2': 'connect',
  '3': 'active',
  '4': 'opensent',
  '5': 'openconfirm',
  '6': 'established',
  idle: 'idle',
  connect: 'connect',
  active: 'active',
  opensent: 'opensent',
  openconfirm: 'openconfirm',
  established: 'established',
};

/** Converts `gobgp neighbor -j` output into LabNeighbors. */
export function parseGobgpNeighbors(json: unknown): LabNeighbor[] {
  const list = (Array.isArray(json) ? json : []) as {
    conf?: { neighbor_address?: string };
    state?: { neighbor_address?: string; session_state?: number | string };
  }[];
  return list.map((n) => {
    const raw = String(n.state?.session_state ?? 'unknown');
    return {
      address: n.state?.neighbor_address ?? n.conf?.neighbor_address ?? '',
      rawState: raw,
      state: sessionStates[raw.toLowerCase()] ?? 'unknown',
    };
  });
}

export class GobgpDaemon implements LabDaemon {
  readonly kind = 'gobgp' as const;

  constructor(
    readonly config: LabDaemonConfig,
    private readonly ctx: DaemonContext,
    private readonly process: LabProcess,
  ) {}

  /** Runs the gobgp CLI against this daemon. */
  async cli(...args: string[]): Promise<string> {
    const { stdout } = await runCommand(gobgpCliPath, ['-p', String(gobgpApiPort), ...args], {
      namespace: this.ctx.namespace,
      timeoutMs: 10_000,
    });
    return stdout;
  }

  private async cliJson(...args: string[]): Promise<unknown> {
    const text = await this.cli(...args, '-j');
    try {
      return JSON.parse(text.trim() === '' ? 'null' : text);
    } catch (error) {
      throw new LabError(LabErrorCode.badOutput, `gobgp ${args.join(' ')} did not print JSON`, { cause: error });
    }
  }

  async neighbors(): Promise<LabNeighbor[]> {
    return parseGobgpNeighbors(await this.cliJson('neighbor'));
  }

  async receivedRoutes(): Promise<LabRoute[]> {
    return parseGobgpRib(await this.cliJson('global', 'rib', '-a', 'ipv6'));
  }

  async announce(route: LabRouteConfig): Promise<void> {
    await this.cli(...gobgpAddArgs(route, this.config.localAddress));
  }

  async withdraw(prefix: string): Promise<void> {
    await this.cli('global', 'rib', '-a', 'ipv6', 'del', prefix);
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

/** Writes the config, starts gobgpd, waits for its API and adds the configured routes. */
export async function startGobgp(config: LabDaemonConfig, ctx: DaemonContext): Promise<GobgpDaemon> {
  const confFile = join(ctx.dir, 'gobgpd.toml');
  writeFileSync(confFile, renderGobgpConfig(config));
  const proc = ctx.registry.spawn(
    'gobgpd',
    gobgpdPath,
    ['-f', confFile, '--api-hosts', `127.0.0.1:${gobgpApiPort}`, '--log-plain', '--pprof-disable'],
    { namespace: ctx.namespace, logFile: join(ctx.dir, 'gobgpd.log') },
  );
  const daemon = new GobgpDaemon(config, ctx, proc);
  await pollUntil(
    async () => {
      if (!proc.isRunning) throw new LabError(LabErrorCode.daemonExited, `gobgpd exited: ${proc.recentOutput()}`);
      await daemon.cli('global');
      return true;
    },
    { timeoutMs: ctx.startTimeoutMs ?? 15_000, intervalMs: 200, what: 'gobgpd API' },
  );
  for (const route of config.routes) await daemon.announce(route);
  return daemon;
}
