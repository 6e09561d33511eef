/**
 * `v6net agent ctl [--socket PATH]... peers|routes [...]`: the tables of `cilium bgp peers` and `cilium bgp routes`
 * (cilium-cli, cluster-wide: one block per node) from every agent whose control socket is given — by default every
 * `v6net-agent-*.sock` in the temporary directory.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  familyOfQuery,
  formatPeersTable,
  formatRoutesTable,
  parseRoutesArgs,
  selectRoutes,
} from '../../cilium/show/tables.js';
import { UsageError } from '../../core/errors.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { getJson, type PeersAnswer, type RoutesAnswer } from './agent-control.js';

export const AGENT_CTL_HELP = `Usage: v6net agent ctl [--socket PATH]... [--json] peers
       v6net agent ctl [--socket PATH]... [--json] routes [available|advertised] [ipv4|ipv6] [unicast]
                                                          [vrouter ASN] [peer|neighbor ADDRESS]

Prints what 'cilium bgp peers' and 'cilium bgp routes' print (same columns, Go tabwriter layout), for every agent
reached: one block per node. Routes default to 'available ipv4 unicast' with cilium-cli's note.

Options:
  --socket PATH   an agent's control socket (repeatable); default: every v6net-agent-*.sock in ${tmpdir()}
  --json          the agents' answers as JSON, keyed by node (no notes)`;

export const defaultAgentSocket = (node: string): string => join(tmpdir(), `v6net-agent-${node}.sock`);

function discoverSockets(): string[] {
  try {
    return readdirSync(tmpdir())
      .filter((f) => /^v6net-agent-.+\.sock$/.test(f))
      .sort()
      .map((f) => join(tmpdir(), f));
  } catch {
    return [];
  }
}

export async function runAgentCtl(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    socket: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  const sockets = values.socket ?? discoverSockets();
  if (sockets.length === 0) throw new UsageError('no agent control socket found; give --socket PATH');
  const [what, ...args] = positionals;
  if (what === 'peers') {
    if (args.length > 0) throw new UsageError(`unexpected argument '${args[0]}'`);
    const answers = await Promise.all(sockets.map((s) => getJson<PeersAnswer>(s, '/peers')));
    if (values.json === true)
      io.stdout.write(`${JSON.stringify(Object.fromEntries(answers.map((a) => [a.node, a.peers])), null, 1)}\n`);
    else io.stdout.write(formatPeersTable(answers));
    return 0;
  }
  if (what === 'routes') {
    const parsed = parseRoutesArgs(args);
    if (!parsed.ok) throw new UsageError(parsed.error);
    const q = parsed.query;
    const family = familyOfQuery(q);
    const answers = await Promise.all(
      sockets.map((s) => getJson<RoutesAnswer>(s, `/routes?kind=${q.kind}&family=${family}`)),
    );
    const nodes = answers.map((a) => ({ node: a.node, routes: selectRoutes(a.routes, q) }));
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(Object.fromEntries(nodes.map((n) => [n.node, n.routes])), null, 1)}\n`);
      return 0;
    }
    for (const note of q.notes) io.stdout.write(`${note}\n\n`);
    io.stdout.write(formatRoutesTable(nodes, q.kind === 'advertised'));
    return 0;
  }
  throw new UsageError(what === undefined ? 'missing request: peers or routes' : `unknown request '${what}'`);
}
