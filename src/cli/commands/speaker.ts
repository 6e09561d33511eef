/**
 * `v6net speaker --config FILE [--json]`: a standalone BGP speaker daemon (anycast/VIP announcement, test peer),
 * and `v6net speaker ctl ...`, its control client. This module is the only place of the speaker that touches
 * files, the environment, signals and the wall clock.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSpeakerConfig } from '../../bgp/speaker/config-load.js';
import { formatSpeakerEvent, type SpeakerEvent } from '../../bgp/speaker/events.js';
import { Speaker } from '../../bgp/speaker/speaker.js';
import { TcpTransport } from '../../bgp/transport/tcp-transport.js';
import { RealClock } from '../../core/clock.js';
import { formatPath } from '../../core/diagnostic.js';
import { InputError, UsageError } from '../../core/errors.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo, Command } from '../io.js';
import { type ControlServer, startControlServer } from './speaker-control-server.js';
import { runSpeakerCtl, SPEAKER_CTL_HELP } from './speaker-ctl.js';

const HELP = `Usage: v6net speaker --config FILE [--json]
       v6net speaker ctl [options] peers|routes PEER|rib|advertised PEER|summary|refresh PEER|announce|withdraw

Runs a BGP-4 speaker from a YAML configuration: peers (active/passive, MD5, multihop/GTSM, timers, families,
graceful restart), dynamic neighbors from listen ranges, originated routes, RIBs with best path and ECMP,
FRR-semantics routing policy per peer, and a local JSON control API. Details: docs/speaker-rib.md.

Options:
  --config FILE   speaker configuration (YAML)
  --json          one JSON event per line on stdout ({"event":"established","peer":...}); default: log lines

Configuration (YAML):
  asn: 65001
  routerId: 192.0.2.1
  listen: [{ address: "::1", port: 1179 }]          # port defaults to 179
  peers:
    - { address: "::1", port: 1180, asn: 65002, passwordEnv: BGP_PW, holdTimeSec: 9,
        families: [ipv6-unicast], passive: false, multihop: 2, localAddress: "::1", description: upstream }
  listenRanges: [{ prefix: "fd00::/64", asn: external, password: secret, limit: 10 }]
  routes: [{ prefix: "2001:db8:1::/48", nextHop: self, communities: ["65001:100"], med: 10 }]
  control: { address: 127.0.0.1, port: 17999 }       # or { socket: /run/v6net-speaker.sock }
  # optional: per peer gracefulRestart: { restartTimeSec: 120 }, importPolicy / exportPolicy (route-map names),
  # softReconfigurationInbound, nextHopSelf; router-wide:
  bestPath: { maximumPaths: 4, asPathMultipathRelax: true }
  ebgpRequiresPolicy: false                         # RFC 8212, off as on VyOS
  restarting: false                                 # start as a graceful-restart restarting speaker (R bit)
  policy: { prefixLists: [...], communityLists: [...], asPathLists: [...], routeMaps: [...] }

SIGTERM/SIGINT closes every session with a Cease NOTIFICATION (Administrative Shutdown) and exits 0.

${SPEAKER_CTL_HELP}`;

function readConfigText(io: CliIo, name: string): string {
  try {
    return readFileSync(resolve(io.cwd, name), 'utf8');
  } catch (error) {
    throw new InputError('E_CONFIG_READ', `cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolvePromise) => {
    const handler = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
      resolvePromise(signal);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}

type LogRecord =
  | SpeakerEvent
  | { readonly event: 'ready' | 'control' | 'shutdown' | 'stopped'; readonly [k: string]: unknown };

async function runDaemon(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { config: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.config === undefined) throw new UsageError('--config FILE is required');
  const file = values.config;
  const { config, diagnostics } = parseSpeakerConfig(readConfigText(io, file), file, io.env);
  if (config === undefined) {
    for (const d of diagnostics) {
      const at = d.source ? `${d.source.file}:${d.source.line}:${d.source.column}` : file;
      const where = d.path.length > 0 ? ` ${formatPath(d.path)}:` : '';
      io.stderr.write(`${at} ${d.code}${where} ${d.message}${d.hint ? ` (${d.hint})` : ''}\n`);
    }
    return 1;
  }
  const json = values.json === true;
  const log = (record: LogRecord) => {
    const ts = new Date().toISOString();
    if (json) io.stdout.write(`${JSON.stringify({ ...record, ts })}\n`);
    else if (
      'peer' in record ||
      record.event === 'listening' ||
      record.event.startsWith('route') ||
      record.event === 'error'
    ) {
      io.stdout.write(`${ts} ${formatSpeakerEvent(record as SpeakerEvent)}\n`);
    } else io.stdout.write(`${ts} ${record.event} ${JSON.stringify({ ...record, event: undefined })}\n`);
  };

  const speaker = new Speaker({ config, clock: new RealClock(), transport: new TcpTransport(), onEvent: log });
  let control: ControlServer | undefined;
  const signal = waitForSignal();
  try {
    await speaker.start();
    if (config.control !== undefined) {
      control = await startControlServer(speaker, config.control);
      log({ event: 'control', endpoint: control.endpoint });
    }
  } catch (error) {
    await speaker.stop();
    await control?.close();
    throw error;
  }
  log({
    event: 'ready',
    asn: config.asn,
    routerId: config.routerId,
    listen: speaker.listening,
    peers: config.peers.length,
    ...(control ? { control: control.endpoint } : {}),
  });
  const received = await signal;
  log({ event: 'shutdown', signal: received });
  await speaker.stop(`v6net speaker shutting down (${received})`);
  // Give the kernel a moment to send the NOTIFICATIONs before the process ends.
  await new Promise((r) => setTimeout(r, 200));
  await control?.close();
  log({ event: 'stopped' });
  // Sockets and servers are closed; the TypeScript loader's worker can still hold the loop open for a while, so
  // do not wait for it (stdout is flushed by then).
  setTimeout(() => process.exit(0), 300).unref();
  return 0;
}

export const speakerCommand: Command = {
  name: 'speaker',
  summary: 'Run a standalone BGP speaker (announce routes, peer with routers), or query one (speaker ctl)',
  help: HELP,
  run(argv, io) {
    if (argv[0] === 'ctl') return runSpeakerCtl(argv.slice(1), io);
    return runDaemon(argv, io);
  },
};
