/**
 * FRR 8.x bgpd as a lab daemon: runs without zebra (`-Z`), as root (`-S`), with its vty socket in the daemon's own
 * directory (`--vty_socket`), queried with `vtysh --vty_socket DIR -c '… json'`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError, LabErrorCode } from '../errors.js';
import { type LabProcess, runCommand } from '../processes.js';
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

export const frrBgpdPath = '/usr/lib/frr/bgpd';
export const vtyshPath = 'vtysh';

function checkWord(what: string, text: string): string {
  if (!/^[\x21-\x7e]+$/.test(text))
    throw new LabError(LabErrorCode.badInput, `${what} must be printable without spaces`);
  return text;
}

function routeMapName(index: number): string {
  return `LAB-ORIGINATE-${index}`;
}

/** The route-map that sets a route's attributes, as config lines. */
function routeMapLines(name: string, route: LabRouteConfig): string[] {
  const lines = [`route-map ${name} permit 10`];
  if (route.communities?.length) lines.push(` set community ${route.communities.join(' ')}`);
  if (route.largeCommunities?.length) lines.push(` set large-community ${route.largeCommunities.join(' ')}`);
  if (route.med !== undefined) lines.push(` set metric ${route.med}`);
  if (route.asPathPrepend?.length) lines.push(` set as-path prepend ${route.asPathPrepend.join(' ')}`);
  return lines;
}

/** Renders bgpd.conf for `config` (pure). */
export function renderFrrConfig(config: LabDaemonConfig): string {
  const out: string[] = ['frr defaults traditional', 'hostname lab-frr', 'log stdout informational', '!'];
  config.routes.forEach((route, i) => {
    out.push(...routeMapLines(routeMapName(i), route), '!');
  });
  out.push(
    `router bgp ${config.asn}`,
    ` bgp router-id ${config.routerId}`,
    ' no bgp ebgp-requires-policy',
    ' no bgp network import-check',
    ' no bgp default ipv4-unicast',
  );
  if (config.gracefulRestart !== undefined) {
    // preserve-fw-state: the F bit, so a helper keeps our routes across the restart (RFC 4724 §4.2)
    out.push(
      ' bgp graceful-restart',
      ` bgp graceful-restart restart-time ${config.gracefulRestart.restartTimeSec}`,
      ' bgp graceful-restart preserve-fw-state',
    );
  }
  const neighborLines = (name: string, p: { password?: string; holdTimeSec?: number; keepaliveTimeSec?: number }) => {
    const lines: string[] = [];
    if (p.password !== undefined) lines.push(` neighbor ${name} password ${checkWord('password', p.password)}`);
    if (p.holdTimeSec !== undefined) {
      lines.push(` neighbor ${name} timers ${p.keepaliveTimeSec ?? Math.floor(p.holdTimeSec / 3)} ${p.holdTimeSec}`);
    }
    return lines;
  };
  const activated: string[] = [];
  for (const peer of config.peers) {
    out.push(` neighbor ${peer.address} remote-as ${peer.asn}`);
    if (peer.port !== undefined) out.push(` neighbor ${peer.address} port ${peer.port}`);
    out.push(` neighbor ${peer.address} timers connect 2`);
    if (peer.passive) out.push(` neighbor ${peer.address} passive`);
    out.push(...neighborLines(peer.address, peer));
    activated.push(peer.address);
  }
  (config.listenRanges ?? []).forEach((range, i) => {
    const group = `RANGE${i}`;
    out.push(` neighbor ${group} peer-group`, ` neighbor ${group} remote-as ${range.asn}`);
    out.push(...neighborLines(group, range));
    out.push(` bgp listen range ${range.prefix} peer-group ${group}`);
    activated.push(group);
  });
  out.push(' !', ' address-family ipv6 unicast');
  config.routes.forEach((route, i) => {
    out.push(`  network ${route.prefix} route-map ${routeMapName(i)}`);
  });
  for (const name of activated) out.push(`  neighbor ${name} activate`);
  out.push(' exit-address-family', '!', '');
  return out.join('\n');
}

interface FrrPathJson {
  aspath?: { segments?: { type?: string; list?: number[] }[] };
  metric?: number;
  community?: { list?: string[] };
  largeCommunity?: { list?: string[] };
  nexthops?: { ip?: string; scope?: string }[];
  bestpath?: { overall?: boolean };
  peer?: { peerId?: string; type?: string };
}

/** Converts one `show bgp ipv6 unicast PREFIX json` answer into a LabRoute (best path). */
export function parseFrrRouteDetail(json: unknown): LabRoute | undefined {
  const detail = json as { prefix?: string; paths?: FrrPathJson[] };
  if (typeof detail.prefix !== 'string' || !Array.isArray(detail.paths)) return undefined;
  const path = detail.paths.find((p) => p.bestpath?.overall) ?? detail.paths[0];
  if (path === undefined) return undefined;
  const asPath: number[] = [];
  for (const segment of path.aspath?.segments ?? []) asPath.push(...(segment.list ?? []));
  const nextHop = path.nexthops?.find((n) => n.scope === 'global')?.ip ?? path.nexthops?.[0]?.ip;
  return {
    prefix: detail.prefix,
    asPath,
    communities: sortedStrings(path.community?.list ?? []),
    largeCommunities: sortedStrings(path.largeCommunity?.list ?? []),
    ...(nextHop !== undefined ? { nextHop } : {}),
    ...(path.metric !== undefined ? { med: path.metric } : {}),
  };
}

export class FrrDaemon implements LabDaemon {
  readonly kind = 'frr' as const;
  private nextRouteMap = 1000;

  constructor(
    readonly config: LabDaemonConfig,
    private readonly ctx: DaemonContext,
    private readonly process: LabProcess,
  ) {}

  /** Runs vtysh commands against this bgpd; `-c` per command. */
  async vtysh(...commands: string[]): Promise<string> {
    const args = ['--vty_socket', this.ctx.dir];
    for (const c of commands) args.push('-c', c);
    const { stdout } = await runCommand(vtyshPath, args, { timeoutMs: 10_000 });
    return stdout;
  }

  private async vtyshJson(command: string): Promise<unknown> {
    const text = await this.vtysh(command);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new LabError(LabErrorCode.badOutput, `vtysh '${command}' did not print JSON`, { cause: error });
    }
  }

  async neighbors(): Promise<LabNeighbor[]> {
    const json = (await this.vtyshJson('show bgp neighbors json')) as Record<string, { bgpState?: string }>;
    return Object.entries(json)
      .filter(([, value]) => typeof value === 'object' && value !== null && typeof value.bgpState === 'string')
      .map(([address, value]) => ({
        address,
        rawState: value.bgpState ?? '',
        state: normalizeSessionState(value.bgpState ?? ''),
      }));
  }

  async receivedRoutes(): Promise<LabRoute[]> {
    const table = (await this.vtyshJson('show bgp ipv6 unicast json')) as {
      routes?: Record<string, { peerId?: string }[]>;
    };
    const routes: LabRoute[] = [];
    for (const [prefix, paths] of Object.entries(table.routes ?? {})) {
      // Locally originated paths carry the peer id "(unspec)".
      if (!paths.some((p) => p.peerId !== undefined && p.peerId !== '(unspec)')) continue;
      const route = parseFrrRouteDetail(await this.vtyshJson(`show bgp ipv6 unicast ${prefix} json`));
      if (route !== undefined) routes.push(route);
    }
    return routes;
  }

  async announce(route: LabRouteConfig): Promise<void> {
    const name = routeMapName(this.nextRouteMap++);
    const mapLines = routeMapLines(name, route);
    await this.vtysh(
      'configure terminal',
      ...mapLines.map((l) => l.trim()),
      'exit',
      `router bgp ${this.config.asn}`,
      'address-family ipv6 unicast',
      `network ${route.prefix} route-map ${name}`,
    );
  }

  async withdraw(prefix: string): Promise<void> {
    await this.vtysh(
      'configure terminal',
      `router bgp ${this.config.asn}`,
      'address-family ipv6 unicast',
      `no network ${prefix}`,
    );
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

/** Writes the config, starts bgpd in the context's namespace and waits until vtysh answers. */
export async function startFrr(config: LabDaemonConfig, ctx: DaemonContext): Promise<FrrDaemon> {
  const confFile = join(ctx.dir, 'bgpd.conf');
  writeFileSync(confFile, renderFrrConfig(config));
  return spawnBgpd(config, ctx, confFile, ['-l', config.localAddress]);
}

/**
 * Starts bgpd with a configuration written elsewhere (e.g. a rendered `routers/<name>.frr.conf`), listening on
 * every address of its namespace. `config` describes the daemon for queries (ASN for announce/withdraw).
 */
export async function startFrrWithConfigText(
  config: LabDaemonConfig,
  ctx: DaemonContext,
  configText: string,
): Promise<FrrDaemon> {
  const confFile = join(ctx.dir, 'bgpd.conf');
  writeFileSync(confFile, configText);
  return spawnBgpd(config, ctx, confFile, []);
}

async function spawnBgpd(
  config: LabDaemonConfig,
  ctx: DaemonContext,
  confFile: string,
  listen: readonly string[],
): Promise<FrrDaemon> {
  const args = ['-Z', '-S', '-f', confFile, '--vty_socket', ctx.dir, '-i', join(ctx.dir, 'bgpd.pid'), '-P', '0'];
  args.push(...listen);
  if (config.listenPort !== undefined) args.push('-p', String(config.listenPort));
  const proc = ctx.registry.spawn('frr-bgpd', frrBgpdPath, args, {
    namespace: ctx.namespace,
    logFile: join(ctx.dir, 'bgpd.log'),
  });
  const daemon = new FrrDaemon(config, ctx, proc);
  await pollUntil(
    async () => {
      if (!proc.isRunning) {
        throw new LabError(LabErrorCode.daemonExited, `bgpd exited: ${proc.recentOutput()}`);
      }
      await daemon.vtysh('show bgp summary json');
      return true;
    },
    { timeoutMs: ctx.startTimeoutMs ?? 15_000, intervalMs: 200, what: 'FRR bgpd vty' },
  );
  return daemon;
}
