/**
 * `v6net import PATH... -o FILE`: reads an existing repo the way `check` does (any mix of directories and files,
 * read by content) and writes a v6net spec that renders back to equivalent artifacts. The spec is loaded and planned
 * before it is written; when the import cannot produce a valid spec nothing is written (the file is staged and
 * renamed into place, never half-written).
 */
import { basename, dirname, resolve } from 'node:path';
import { compareDiagnostics, hasErrors } from '../../core/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { Ipv6Prefix } from '../../ip/index.js';
import { importSpec } from '../../spec/import/import-spec.js';
import { readRepo } from '../../spec/import/read-repo.js';
import { parseCommandArgs } from '../args.js';
import { formatDiagnosticsJson, formatDiagnosticsText } from '../format-diagnostics.js';
import { fsRepoFiles } from '../fs-repo-files.js';
import type { CliIo, Command } from '../io.js';
import { writeTreeAtomic } from '../write-tree.js';

function prefixOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const p = Ipv6Prefix.tryParse(value);
  if (p.ok !== true) throw new UsageError(`--${name} must be an IPv6 prefix, not '${value}'`);
  return p.value.network().toString();
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Write a v6net spec from an existing repo (Cilium YAML, kustomizations, Nodes, VyOS/FRR configs)',
  help: `Usage: v6net import PATH... -o FILE [options]

Reads every PATH (directories walked recursively, files read by content, exactly as \`v6net check\` does) and
writes a v6net spec to FILE that renders back to equivalent artifacts:
  cluster        ASN, BGP instance, peer config (timers, multihop, graceful restart, password Secret name,
                 families, advertisement labels), advertisements, node selector (BGP v2 kinds in cilium.io/v2 or
                 v2alpha1; a v1 CiliumBGPPeeringPolicy is migrated to v2 terms)
  nodes          from Node objects (kubectl get nodes -o yaml): name, IPv6 address, role, PodCIDR, router ID
                 (CiliumBGPNodeConfigOverride or the v1 annotation); without Node objects, the names from the
                 node overrides with placeholder addresses (reported)
  plan           Service CIDR and PodCIDR (kubeadm/Talos/k3s config, Cilium Helm values), LB pools (blocks or
                 the old cidrs), the node network and loopbacks (from the routers), the aggregate (what the
                 routers originate)
  routers        every VyOS/FRR router owning an address Cilium peers with: identity, node interface and VLAN,
                 loopback, uplinks, listen range, maximum-prefix, what it exports to the nodes
  upstream       the routers' other eBGP neighbors
  workloads      Services (and EndpointSlices) found
Passwords are never read into the spec (only the Secret's name).

Differences after a round trip (render of the imported spec): v6net renders its own router firewall, policy
and peer-group names; free-text descriptions of the plan are not in the artifacts; node addresses and roles are
placeholders unless Node objects are given; a Service advertisement selecting "everything" with a NotIn or
DoesNotExist idiom becomes \`selector: all\`.

Options:
  -o, --out FILE         the spec to write (required); an existing file is replaced only with --force
  --name NAME            the network's name (default: the cluster name found, else "imported")
  --pod-cidr PREFIX      the cluster's IPv6 PodCIDR, when no cluster config among the inputs says
  --service-cidr PREFIX  the cluster's IPv6 Service CIDR, when no cluster config among the inputs says
  --force                replace an existing FILE
  --json                 print {written, diagnostics} as JSON instead of text
  -h, --help             show this help

Exit codes: 0 written (warnings allowed), 1 the import has errors (nothing written), 2 usage error (bad flag,
a PATH that does not exist, FILE exists without --force).
`,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, {
      out: { type: 'string', short: 'o' },
      name: { type: 'string' },
      'pod-cidr': { type: 'string' },
      'service-cidr': { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new UsageError('import needs at least one PATH (a directory or files)');
    if (values.out === undefined) throw new UsageError('missing -o FILE (the spec to write)');
    const podCidr = prefixOption('pod-cidr', values['pod-cidr']);
    const serviceCidr = prefixOption('service-cidr', values['service-cidr']);
    const port = fsRepoFiles(io.cwd);
    if ((await port.stat(values.out)) !== undefined && values.force !== true)
      throw new UsageError(`'${values.out}' exists; pass --force to replace it`);
    const artifacts = await readRepo(port, positionals);
    if (artifacts.missing.length > 0) throw new UsageError(`'${artifacts.missing[0]}' does not exist`);
    const result = importSpec(artifacts, {
      outFile: values.out,
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(podCidr !== undefined ? { podCidr } : {}),
      ...(serviceCidr !== undefined ? { serviceCidr } : {}),
    });
    const diagnostics = [
      ...artifacts.diagnostics.filter((d) => d.severity !== 'info' || d.code.startsWith('import/')),
      ...result.diagnostics,
    ].sort(compareDiagnostics);
    const ok = result.text !== undefined && !hasErrors(result.diagnostics);
    if (ok) {
      const target = resolve(io.cwd, values.out);
      await writeTreeAtomic(dirname(target), [{ path: basename(target), content: result.text! }]);
    }
    if (values.json === true) {
      const records = formatDiagnosticsJson(diagnostics).trim();
      io.stdout.write(`{"written":${ok ? JSON.stringify(values.out) : 'null'},"diagnostics":${records}}\n`);
    } else {
      if (diagnostics.length > 0) io.stdout.write(formatDiagnosticsText(diagnostics, { color: io.isTty }));
      if (ok) {
        const spec = result.spec!;
        io.stdout.write(
          `wrote ${values.out}: ${spec.cluster.nodes.length} nodes, ${spec.routers.length} routers, ` +
            `${spec.plan.length} plan entries — next: v6net check ${values.out}\n`,
        );
      } else
        io.stderr.write(
          `v6net import: the import has errors; nothing written (findings in ${values.out} are about the spec it would have written)\n`,
        );
    }
    return ok ? 0 : 1;
  },
};
