/**
 * `v6net agent --node NAME PATH...`: one node's Cilium BGP control plane for real — the TCP transport with TCP-MD5
 * and TTL, the wall clock — re-reading the artifacts when they change. Logs one line (or JSON object) per event; the
 * password is never logged. On SIGTERM/SIGINT it exits without a Cease (like a Cilium agent restart: the routers'
 * graceful restart keeps the routes), unless --cease-on-exit.
 */
import { SpeakerBgpControlPort } from '../../cilium/agent/speaker-port.js';
import { clusterObjectsFromInventory } from '../../cilium/cluster-state.js';
import { NodeAgent } from '../../cilium/node-agent.js';
import type { NodePlanOptions } from '../../cilium/node-plan.js';
import { type DryRunReport, dryRunReport } from '../../cilium/show/dry-run.js';
import { formatSpeakerEvent } from '../../bgp/speaker/events.js';
import { TcpTransport } from '../../bgp/transport/tcp-transport.js';
import { RealClock } from '../../core/clock.js';
import { formatDiagnostic } from '../format-diagnostics.js';
import type { CliIo } from '../io.js';
import { type AgentControlServer, startAgentControl } from './agent-control.js';
import { artifactSignature, readArtifacts } from './agent-artifacts.js';

export interface DaemonOptions {
  readonly node: string;
  readonly paths: readonly string[];
  readonly plan: NodePlanOptions;
  readonly json: boolean;
  readonly socket: string;
  readonly pollMs: number;
  readonly ceaseOnExit: boolean;
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
      resolve(signal);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}

export async function runAgentDaemon(o: DaemonOptions, io: CliIo): Promise<number> {
  const log = (event: string, fields: Record<string, unknown>, text: string) => {
    const ts = new Date().toISOString();
    if (o.json) io.stdout.write(`${JSON.stringify({ event, node: o.node, ...fields, ts })}\n`);
    else io.stdout.write(`${ts} ${text}\n`);
  };
  const port = new SpeakerBgpControlPort({
    clock: new RealClock(),
    transport: new TcpTransport(),
    onEvent: (instance, e) => log(`speaker.${e.event}`, { instance, ...e }, `[${instance}] ${formatSpeakerEvent(e)}`),
  });
  const agent = new NodeAgent(o.node, o.plan, port);
  let report: DryRunReport | undefined;
  let signature = '';
  let busy = false;

  const reload = async () => {
    if (busy) return;
    const next = artifactSignature(io.cwd, o.paths);
    if (next === signature) return;
    busy = true;
    try {
      signature = next;
      const artifacts = readArtifacts(io.cwd, o.paths);
      for (const d of artifacts.diagnostics) {
        if (d.severity === 'error') io.stderr.write(`${formatDiagnostic(d, { color: false })}\n`);
      }
      const { plan, reconcile } = await agent.update(clusterObjectsFromInventory(artifacts.inventory));
      report = dryRunReport(plan);
      const summary = reconcile.actions.map((a) =>
        a.action === 'createInstance' || a.action === 'deleteInstance'
          ? `${a.action} ${'spec' in a ? a.spec.name : a.name}`
          : a.action === 'addPeer'
            ? `addPeer ${a.instance}/${a.peer.address}`
            : a.action === 'setPeerRoutes'
              ? `setPeerRoutes ${a.instance}/${a.address} (${a.routes.length} routes)`
              : `${a.action} ${a.instance}/${a.address}`,
      );
      log(
        'reconcile',
        { files: artifacts.files.length, actions: summary, problems: [...plan.problems, ...reconcile.problems] },
        `reconciled ${artifacts.files.length} file(s): ${summary.length === 0 ? 'nothing to do' : summary.join(', ')}`,
      );
      for (const p of [...plan.problems, ...reconcile.problems]) {
        if (!o.json) io.stderr.write(`${'severity' in p ? p.severity : 'error'} ${p.code} ${p.object}: ${p.message}\n`);
      }
    } catch (error) {
      log('error', { message: (error as Error).message }, `error: ${(error as Error).message}`);
    } finally {
      busy = false;
    }
  };

  const signal = waitForSignal();
  await reload();
  const control: AgentControlServer = await startAgentControl({ node: o.node, port, report: () => report }, o.socket);
  log('ready', { control: o.socket }, `agent for ${o.node} ready; control socket ${o.socket}`);
  const timer = setInterval(() => void reload(), o.pollMs);
  const received = await signal;
  clearInterval(timer);
  if (o.ceaseOnExit) {
    for (const name of [...port.running().keys()]) await port.deleteInstance(name);
    await new Promise((r) => setTimeout(r, 200));
  }
  log(
    'shutdown',
    { signal: received, cease: o.ceaseOnExit },
    `shutdown on ${received}${o.ceaseOnExit ? ' (Cease sent)' : ' (no Cease: peers keep the routes under graceful restart)'}`,
  );
  await control.close();
  // Sockets close with the process (TCP FIN, no NOTIFICATION); do not wait for the loader's worker.
  setTimeout(() => process.exit(0), 100).unref();
  return 0;
}
