/**
 * `v6net check [PATH...]`: any mix of v6net specs, directories and files. Specs are loaded, planned and checked;
 * everything else is read by content (Cilium/Kubernetes YAML, kustomizations, Helm values, VyOS and FRR configs)
 * and checked with the artifact rules (both sides of every BGP session). All diagnostics are merged, sorted and
 * printed once.
 */
import { checkArtifacts } from '../../check/check-artifacts.js';
import { checkSpecText } from '../../check/check-spec.js';
import { allRules } from '../../check/registry.js';
import { compareDiagnostics, type Diagnostic, hasErrors } from '../../core/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { readRepo } from '../../spec/import/read-repo.js';
import { parseCommandArgs } from '../args.js';
import { formatDiagnosticsJson, formatDiagnosticsText } from '../format-diagnostics.js';
import { fsRepoFiles } from '../fs-repo-files.js';
import type { CliIo, Command } from '../io.js';

/** The spec checked when no path is given, relative to the working directory. */
export const DEFAULT_SPEC = 'v6net.yaml';

/** Reads and checks every input; usage errors for paths that do not exist. */
export async function checkPaths(
  paths: readonly string[],
  io: CliIo,
): Promise<{ diagnostics: Diagnostic[]; files: number }> {
  const inputs = paths.length === 0 ? [DEFAULT_SPEC] : paths;
  const artifacts = await readRepo(fsRepoFiles(io.cwd), inputs);
  if (artifacts.missing.length > 0) {
    const first = artifacts.missing[0]!;
    throw new UsageError(
      paths.length === 0
        ? `no ${DEFAULT_SPEC} in ${io.cwd}; pass the spec file, a directory or files as arguments`
        : `'${first}' does not exist`,
    );
  }
  const diagnostics = [
    ...artifacts.specs.flatMap((spec) => checkSpecText(spec.text, spec.path).diagnostics),
    ...checkArtifacts(artifacts),
  ].sort(compareDiagnostics);
  return { diagnostics, files: artifacts.files.length };
}

function printRules(io: CliIo, json: boolean): void {
  if (json) {
    const rules = allRules.map((r) => ({ id: r.id, severity: r.severity, family: r.family, doc: r.doc }));
    io.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return;
  }
  const idWidth = Math.max(...allRules.map((r) => r.id.length));
  let family = '';
  let text = '';
  for (const rule of allRules) {
    if (rule.family !== family) {
      text += `${family === '' ? '' : '\n'}${rule.family}\n`;
      family = rule.family;
    }
    text += `  ${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(7)}  ${rule.doc}\n`;
  }
  io.stdout.write(text);
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check a spec or an existing repo (Cilium YAML, kustomizations, VyOS/FRR configs): file:line findings',
  help: `Usage: v6net check [PATH...] [--json] [--rules]

Checks every PATH: a v6net spec, a directory (walked recursively) or single files, in any mix (default:
${DEFAULT_SPEC} in the current directory). Files are read by content, whatever their names:
  v6net specs            loaded, planned and checked (address plan, Kubernetes limits, BGP design)
  Kubernetes YAML        Cilium BGP v2 (v2 and v2alpha1) and v1 peering policies, LB-IPAM pools, Nodes,
                         Services, Secrets; multi-document files and kubectl List output
  kustomization.yaml     local resources followed (also outside PATH); remote ones noted, not fetched
  Helm values            Cilium values files, Flux HelmReleases, kustomize helmCharts
  cluster configs        kubeadm ClusterConfiguration, Talos machine config, k3s config.yaml
  router configs         VyOS set commands or config.boot, FRR configs
Unknown files are skipped with an info note. The Cilium side and the routers are then checked against each
other: ASNs, addresses and listen ranges, address families, MD5 passwords (compared as hashes, never printed),
timers, multihop, graceful restart, router IDs, advertisements and the routers' policies.

Each finding is printed as
  file:line:col severity code message
      hint: what to do
      related: file:line:col the other side of a disagreement
followed by a summary line. E_* codes come from reading, family/name codes from the rules (--rules lists them).

Options:
  --json      print the findings as a JSON array of
              {code, severity, message, file, line, column, path, hint?, related?}
  --rules     list every rule (id, severity, description) instead of checking; with --json as JSON
  -h, --help  show this help

Exit codes: 0 no errors (warnings and infos allowed), 1 errors found, 2 usage error (bad flag, a PATH that does
not exist).
`,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: 'boolean' },
      rules: { type: 'boolean' },
    });
    const json = values.json === true;
    if (values.rules === true) {
      if (positionals.length > 0) throw new UsageError('--rules takes no PATH argument');
      printRules(io, json);
      return 0;
    }
    const { diagnostics } = await checkPaths(positionals, io);
    const fallbackFile =
      positionals.length === 1 ? positionals[0] : positionals.length === 0 ? DEFAULT_SPEC : undefined;
    io.stdout.write(
      json
        ? formatDiagnosticsJson(diagnostics, fallbackFile)
        : formatDiagnosticsText(diagnostics, { color: io.isTty, ...(fallbackFile ? { file: fallbackFile } : {}) }),
    );
    return hasErrors(diagnostics) ? 1 : 0;
  },
};
