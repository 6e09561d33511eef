/**
 * ExaBGP 4 as a lab daemon. ExaBGP has no query CLI here (`exabgp.api.cli=false`); instead an API process (a small
 * Python script written next to the config) appends every JSON message ExaBGP sends it to `received.jsonl` and
 * forwards lines appended to `commands.txt` to ExaBGP (`announce route …` / `withdraw route …`). Routes and session
 * states are rebuilt from the JSON log.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError, LabErrorCode } from '../errors.js';
import type { LabProcess } from '../processes.js';
import { pollUntil } from '../wait.js';
import { type DaemonContext, quoted } from './context.js';
import {
  type LabDaemon,
  type LabDaemonConfig,
  type LabNeighbor,
  type LabRoute,
  type LabRouteConfig,
  type LabSessionState,
  sortedStrings,
} from './types.js';

export const exabgpPath = 'exabgp';
export const pythonPath = '/usr/bin/python3';

/** The API process: copies ExaBGP's messages to a file and feeds commands from another file back to ExaBGP. */
const apiScript = `import sys, threading, time

received_path, commands_path = sys.argv[1], sys.argv[2]


def forward_commands():
    done = 0
    while True:
        try:
            with open(commands_path) as source:
                source.seek(done)
                pending = source.read()
        except FileNotFoundError:
            pending = ''
        while '\\n' in pending:
            line, pending = pending.split('\\n', 1)
            done += len(line.encode()) + 1
            sys.stdout.write(line + '\\n')
            sys.stdout.flush()
        time.sleep(0.1)


threading.Thread(target=forward_commands, daemon=True).start()
with open(received_path, 'a') as sink:
    for message in sys.stdin:
        sink.write(message)
        sink.flush()
`;

/** The attribute part of an ExaBGP `route` command (shared by config and API). */
export function exabgpRouteText(route: LabRouteConfig, localAsn: number): string {
  const parts = [`route ${route.prefix} next-hop self`];
  if (route.communities?.length) parts.push(`community [ ${route.communities.join(' ')} ]`);
  if (route.largeCommunities?.length) parts.push(`large-community [ ${route.largeCommunities.join(' ')} ]`);
  if (route.med !== undefined) parts.push(`med ${route.med}`);
  // ExaBGP sends the AS_PATH as given: put the local AS first, as any eBGP speaker would.
  parts.push(`as-path [ ${[localAsn, ...(route.asPathPrepend ?? [])].join(' ')} ]`);
  return parts.join(' ');
}

/** Renders exabgp.conf (pure). `apiCommand` is the command line of the API process. */
export function renderExabgpConfig(config: LabDaemonConfig, apiCommand: string): string {
  if ((config.listenRanges ?? []).length > 0) {
    throw new LabError(LabErrorCode.badInput, 'ExaBGP has no listen ranges');
  }
  const out = ['process lab-api {', `  run ${apiCommand};`, '  encoder json;', '}', ''];
  for (const peer of config.peers) {
    if (peer.port !== undefined) throw new LabError(LabErrorCode.badInput, 'the ExaBGP lab uses port 179 only');
    out.push(`neighbor ${peer.address} {`);
    out.push(`  router-id ${config.routerId};`, `  local-address ${config.localAddress};`);
    out.push(`  local-as ${config.asn};`, `  peer-as ${peer.asn};`);
    if (peer.holdTimeSec !== undefined) out.push(`  hold-time ${peer.holdTimeSec};`);
    if (peer.password !== undefined) out.push(`  md5-password ${quoted(peer.password)};`);
    if (peer.passive) out.push('  passive true;');
    out.push('  family {', '    ipv6 unicast;', '  }');
    out.push('  api {', '    processes [ lab-api ];', '    neighbor-changes;', '    receive {', '      parsed;');
    out.push('      update;', '    }', '  }');
    if (config.routes.length > 0) {
      out.push('  static {');
      for (const route of config.routes) out.push(`    ${exabgpRouteText(route, config.asn)};`);
      out.push('  }');
    }
    out.push('}', '');
  }
  return out.join('\n');
}

interface ExabgpMessage {
  type?: string;
  neighbor?: {
    address?: { peer?: string };
    state?: string;
    message?: {
      update?: {
        attribute?: Record<string, unknown>;
        announce?: Record<string, Record<string, { nlri?: string }[]>>;
        withdraw?: Record<string, { nlri?: string }[]>;
      };
    };
  };
}

function asPathOf(value: unknown): number[] {
  if (Array.isArray(value)) return value.filter((v): v is number => typeof v === 'number');
  // Some versions print segments as {"0": {"element": "as-sequence", "value": [...]}}.
  if (value !== null && typeof value === 'object') {
    const out: number[] = [];
    for (const segment of Object.values(value as Record<string, { value?: unknown }>)) {
      out.push(...asPathOf(segment.value));
    }
    return out;
  }
  return [];
}

/** The state of the lab as rebuilt from ExaBGP's JSON messages, in order. */
export interface ExabgpView {
  readonly routes: LabRoute[];
  readonly neighbors: Map<string, LabSessionState>;
}

const exabgpStates: Record<string, LabSessionState> = { up: 'established', connected: 'connect', down: 'idle' };

/** Replays ExaBGP's JSON lines (anything else, e.g. `done` acknowledgements, is skipped). */
export function replayExabgpMessages(lines: Iterable<string>): ExabgpView {
  const routes = new Map<string, { peer: string; route: LabRoute }>();
  const neighbors = new Map<string, LabSessionState>();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    let message: ExabgpMessage;
    try {
      message = JSON.parse(line) as ExabgpMessage;
    } catch {
      continue;
    }
    const peer = message.neighbor?.address?.peer ?? '';
    if (message.type === 'state') {
      const state = exabgpStates[message.neighbor?.state ?? ''] ?? 'unknown';
      neighbors.set(peer, state);
      if (state !== 'established') {
        for (const [prefix, entry] of routes) if (entry.peer === peer) routes.delete(prefix);
      }
      continue;
    }
    const update = message.neighbor?.message?.update;
    if (message.type !== 'update' || update === undefined) continue;
    for (const item of update.withdraw?.['ipv6 unicast'] ?? []) if (item.nlri) routes.delete(item.nlri);
    const attribute = update.attribute ?? {};
    const announce = update.announce?.['ipv6 unicast'] ?? {};
    const nextHops = Object.keys(announce);
    // Prefer the global next hop over the link-local one.
    const nextHop = nextHops.find((n) => !n.toLowerCase().startsWith('fe80')) ?? nextHops[0];
    for (const items of Object.values(announce)) {
      for (const item of items) {
        if (!item.nlri) continue;
        const med = attribute['med'];
        routes.set(item.nlri, {
          peer,
          route: {
            prefix: item.nlri,
            asPath: asPathOf(attribute['as-path']),
            communities: sortedStrings(
              ((attribute['community'] ?? []) as number[][]).map((c) => `${c[0] ?? 0}:${c[1] ?? 0}`),
            ),
            largeCommunities: sortedStrings(
              ((attribute['large-community'] ?? []) as number[][]).map((c) => `${c[0] ?? 0}:${c[1] ?? 0}:${c[2] ?? 0}`),
            ),
            ...(nextHop !== undefined ? { nextHop } : {}),
            ...(typeof med === 'number' ? { med } : {}),
          },
        });
      }
    }
  }
  return { routes: [...routes.values()].map((e) => e.route), neighbors };
}

export class ExabgpDaemon implements LabDaemon {
  readonly kind = 'exabgp' as const;

  constructor(
    readonly config: LabDaemonConfig,
    private readonly ctx: DaemonContext,
    private readonly process: LabProcess,
  ) {}

  get receivedFile(): string {
    return join(this.ctx.dir, 'received.jsonl');
  }

  get commandsFile(): string {
    return join(this.ctx.dir, 'commands.txt');
  }

  /** Everything ExaBGP has told the API process so far. */
  view(): ExabgpView {
    const text = existsSync(this.receivedFile) ? readFileSync(this.receivedFile, 'utf8') : '';
    return replayExabgpMessages(text.split('\n'));
  }

  async neighbors(): Promise<LabNeighbor[]> {
    const seen = this.view().neighbors;
    return this.config.peers.map((peer) => {
      const state = seen.get(peer.address) ?? 'idle';
      return { address: peer.address, state, rawState: state };
    });
  }

  async receivedRoutes(): Promise<LabRoute[]> {
    return this.view().routes;
  }

  /** Sends one API command line to ExaBGP. */
  command(line: string): void {
    appendFileSync(this.commandsFile, `${line}\n`);
  }

  async announce(route: LabRouteConfig): Promise<void> {
    this.command(`announce ${exabgpRouteText(route, this.config.asn)}`);
  }

  async withdraw(prefix: string): Promise<void> {
    this.command(`withdraw route ${prefix} next-hop self`);
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

/** Writes config and API script, starts exabgp in the foreground and waits until it has loaded its config. */
export async function startExabgp(config: LabDaemonConfig, ctx: DaemonContext): Promise<ExabgpDaemon> {
  const script = join(ctx.dir, 'lab-api.py');
  writeFileSync(script, apiScript);
  writeFileSync(join(ctx.dir, 'commands.txt'), '');
  const apiCommand = [pythonPath, script, join(ctx.dir, 'received.jsonl'), join(ctx.dir, 'commands.txt')].join(' ');
  const confFile = join(ctx.dir, 'exabgp.conf');
  writeFileSync(confFile, renderExabgpConfig(config, apiCommand));
  let loaded = false;
  const proc = ctx.registry.spawn('exabgp', exabgpPath, [confFile], {
    namespace: ctx.namespace,
    cwd: ctx.dir,
    logFile: join(ctx.dir, 'exabgp.log'),
    env: {
      'exabgp.tcp.bind': config.localAddress,
      'exabgp.tcp.port': String(config.listenPort ?? 179),
      'exabgp.api.cli': 'false',
      'exabgp.daemon.user': 'root',
      'exabgp.daemon.daemonize': 'false',
      'exabgp.log.destination': 'stdout',
    },
    onStdoutLine: (line) => {
      if (line.includes('loaded new configuration successfully')) loaded = true;
    },
  });
  const daemon = new ExabgpDaemon(config, ctx, proc);
  await pollUntil(
    async () => {
      if (!proc.isRunning) throw new LabError(LabErrorCode.daemonExited, `exabgp exited: ${proc.recentOutput()}`);
      return loaded ? true : undefined;
    },
    { timeoutMs: ctx.startTimeoutMs ?? 20_000, intervalMs: 100, what: 'ExaBGP configuration loaded' },
  );
  return daemon;
}
