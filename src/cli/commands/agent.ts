/**
 * `v6net agent`: one node's Cilium BGP control plane (operator + LB-IPAM + agent semantics) from artifacts, run for
 * real over v6net's BGP speaker, or printed with --dry-run; `v6net agent ctl` queries running agents.
 */
import { hasErrors } from '../../core/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { clusterObjectsFromInventory } from '../../cilium/cluster-state.js';
import { planNode } from '../../cilium/node-plan.js';
import { dryRunReport, formatDryRun } from '../../cilium/show/dry-run.js';
import { parseCommandArgs } from '../args.js';
import { formatDiagnostic } from '../format-diagnostics.js';
import type { CliIo, Command } from '../io.js';
import { readArtifacts } from './agent-artifacts.js';
import { AGENT_CTL_HELP, defaultAgentSocket, runAgentCtl } from './agent-ctl.js';
import { runAgentDaemon } from './agent-daemon.js';
import { AGENT_OPTION_SPECS, AGENT_OPTIONS_HELP, planOptionsFromFlags } from './agent-options.js';

const HELP = `Usage: v6net agent --node NAME [options] PATH...
       v6net agent --node NAME --dry-run [--json] PATH...
       v6net agent ctl [--socket PATH]... peers|routes ...

Runs one node's Cilium BGP control plane from artifacts: Kubernetes YAML files or directories (rendered or
imported: Cilium BGP CRDs and LB pools, Nodes/CiliumNodes, Services, EndpointSlices, Secrets). It derives the
node's CiliumBGPNodeConfig like the operator, assigns LoadBalancer IPs like LB-IPAM, and announces exactly what
Cilium's agent would: PodCIDR and Service routes per peer and family, with communities and local-pref, next hop =
the session's local address, TCP-MD5 from the Secret, multihop TTL, timers, graceful restart. Received routes are
never accepted. The artifacts are read again whenever they change.

Options:
  --node NAME             the node (its Node or CiliumNode must be in the artifacts)
  --dry-run               print what the node would announce to each peer and family and why, the LB-IPAM
                          result and the conditions Cilium would set; open no session
  --json                  with --dry-run: the report as JSON; when running: one JSON object per log line
  --control-socket PATH   control socket for 'agent ctl' (default: <tmpdir>/v6net-agent-NAME.sock)
  --poll-ms N             how often to look for changed artifacts (default 1000)
  --cease-on-exit         send a Cease to every peer on SIGTERM (default: exit like an agent restart, no
                          Cease, so the routers' graceful restart keeps the routes)

${AGENT_OPTIONS_HELP}

${AGENT_CTL_HELP}

Exit codes: 0 ok, 1 the artifacts have errors or the node cannot be planned, 2 usage error.
`;

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'ctl') return runAgentCtl(argv.slice(1), io);
  const { values, positionals } = parseCommandArgs(argv, AGENT_OPTION_SPECS);
  if (values.node === undefined || values.node === '') throw new UsageError('--node NAME is required');
  if (positionals.length === 0) throw new UsageError('give at least one artifact file or directory');
  const plan = planOptionsFromFlags(values);
  if (values['dry-run'] === true) {
    const artifacts = readArtifacts(io.cwd, positionals);
    const result = planNode(clusterObjectsFromInventory(artifacts.inventory), values.node, plan);
    const report = dryRunReport(result);
    for (const d of artifacts.diagnostics) {
      if (d.severity !== 'info') io.stderr.write(`${formatDiagnostic(d, { color: false })}\n`);
    }
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({ ...report, diagnostics: artifacts.diagnostics }, null, 1)}\n`);
    } else io.stdout.write(formatDryRun(report));
    return hasErrors(artifacts.diagnostics) || result.problems.some((p) => p.code === 'E_AGENT_NODE_UNKNOWN') ? 1 : 0;
  }
  const pollMs = values['poll-ms'] === undefined ? 1000 : Number(values['poll-ms']);
  if (!Number.isInteger(pollMs) || pollMs < 50) throw new UsageError('--poll-ms must be an integer >= 50');
  return runAgentDaemon(
    {
      node: values.node,
      paths: positionals,
      plan,
      json: values.json === true,
      socket: values['control-socket'] ?? defaultAgentSocket(values.node),
      pollMs,
      ceaseOnExit: values['cease-on-exit'] === true,
    },
    io,
  );
}

export const agentCommand: Command = {
  name: 'agent',
  summary: "Run one node's Cilium BGP control plane from artifacts (or --dry-run: what it would announce and why)",
  help: HELP,
  run,
};
