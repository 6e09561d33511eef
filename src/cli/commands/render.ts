/**
 * `v6net render [SPEC] -o DIR`: check the spec, then write every artifact (Cilium CRDs + kustomization, bootstrap
 * snippets, VyOS set/config.boot, FRR config, docs page + diagram) atomically into DIR.
 */
import { resolve } from 'node:path';
import { checkSpecText } from '../../check/check-spec.js';
import { hasErrors } from '../../core/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { renderNetwork } from '../../spec/render/index.js';
import { parseCommandArgs } from '../args.js';
import { countSeverities, formatDiagnosticsJson, formatDiagnosticsText, formatSummary } from '../format-diagnostics.js';
import type { CliIo, Command } from '../io.js';
import { DEFAULT_SPEC, readSpecFile } from '../read-spec.js';
import { writeTreeAtomic } from '../write-tree.js';

export const PASSWORD_ENV = 'V6NET_BGP_PASSWORD';

export const renderCommand: Command = {
  name: 'render',
  summary: 'Render every artifact of a spec: Cilium CRDs, kustomization, VyOS and FRR configs, docs and diagram',
  help: `Usage: v6net render [SPEC] -o DIR [options]

Checks SPEC (default: ${DEFAULT_SPEC}) and, when it has no errors, writes into DIR:
  cluster/infra/cilium/   lb-ipam.yaml, bgp.yaml, advertisements.yaml, node-overrides.yaml (router IDs),
                          kustomization.yaml (for Flux), secret.example.yaml (a stub, never the password)
  cluster/bootstrap/      cilium-values.yaml (Helm), kubeadm-config.yaml, talos-patch.yaml
  routers/<name>.set      VyOS set commands (canonical order and quoting)
  routers/<name>.boot     the same configuration in config.boot format
  routers/<name>.frr.conf the same router as an FRR 8.4 configuration
  docs/network.md, docs/network.svg   address plan, peerings, announcements and a diagram
Files are written atomically (staged, then renamed); unchanged files are left alone; the same spec always gives
the same bytes.

Options:
  -o, --out DIR           output directory (required)
  --cilium-api VERSION    cilium.io/v2 (default) or cilium.io/v2alpha1
  --no-gateway-api        leave the Gateway API CRDs out of the kustomization
  --secrets-from-env      put the BGP password from $${PASSWORD_ENV} into the router configs
                          (otherwise a clearly marked placeholder); the Kubernetes side only ever gets a
                          Secret reference
  --force                 write even when the checks report errors
  --dry-run               list what would be written, write nothing
  --json                  machine-readable result: {written, unchanged, files, diagnostics}
  -h, --help              show this help

Exit codes: 0 rendered, 1 the spec has errors (nothing written), 2 usage error.
`,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, {
      out: { type: 'string', short: 'o' },
      'cilium-api': { type: 'string' },
      'no-gateway-api': { type: 'boolean' },
      'secrets-from-env': { type: 'boolean' },
      force: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length > 1) throw new UsageError('render takes one spec file');
    const dryRun = values['dry-run'] === true;
    if (values.out === undefined && !dryRun) throw new UsageError('missing -o DIR (the output directory)');
    const apiFlag = values['cilium-api'] ?? 'cilium.io/v2';
    const apiVersion = apiFlag === 'v2' ? 'cilium.io/v2' : apiFlag === 'v2alpha1' ? 'cilium.io/v2alpha1' : apiFlag;
    if (apiVersion !== 'cilium.io/v2' && apiVersion !== 'cilium.io/v2alpha1') {
      throw new UsageError(`--cilium-api must be cilium.io/v2 or cilium.io/v2alpha1, not '${apiFlag}'`);
    }
    let routerPassword: string | undefined;
    if (values['secrets-from-env'] === true) {
      routerPassword = io.env[PASSWORD_ENV];
      if (routerPassword === undefined || routerPassword === '') {
        throw new UsageError(`--secrets-from-env needs the password in $${PASSWORD_ENV}`);
      }
      if (/[\s'"]/.test(routerPassword)) {
        throw new UsageError(`$${PASSWORD_ENV} must not contain whitespace or quotes (VyOS rejects them)`);
      }
    }
    const json = values.json === true;
    const file = positionals[0] ?? DEFAULT_SPEC;
    const text = await readSpecFile(file, io);
    const checked = checkSpecText(text, file);
    const blocking = checked.plan === undefined || (hasErrors(checked.diagnostics) && values.force !== true);
    if (!json && checked.diagnostics.length > 0) {
      io.stderr.write(formatDiagnosticsText(checked.diagnostics, { color: io.isTty, file }));
    }
    if (blocking) {
      if (json)
        io.stdout.write(
          `{"written":[],"unchanged":[],"files":[],"diagnostics":${formatDiagnosticsJson(checked.diagnostics, file).trim()}}\n`,
        );
      else
        io.stderr.write(
          `v6net render: ${file} has errors; nothing written${checked.plan ? ' (use --force to write anyway)' : ''}\n`,
        );
      return 1;
    }
    const artifacts = renderNetwork(checked.plan!, {
      ciliumApiVersion: apiVersion,
      gatewayApiCrds: values['no-gateway-api'] !== true,
      ...(routerPassword !== undefined ? { routerPassword } : {}),
    });
    const files = artifacts.map((a) => ({ path: a.path, kind: a.kind, bytes: Buffer.byteLength(a.content) }));
    if (dryRun) {
      if (json) io.stdout.write(`${JSON.stringify({ written: [], unchanged: [], files }, null, 2)}\n`);
      else for (const f of files) io.stdout.write(`${f.path}  (${f.kind}, ${f.bytes} bytes)\n`);
      return 0;
    }
    const outDir = resolve(io.cwd, values.out!);
    const result = await writeTreeAtomic(outDir, artifacts);
    if (json) {
      io.stdout.write(
        `${JSON.stringify({ outDir, written: result.written, unchanged: result.unchanged, files }, null, 2)}\n`,
      );
    } else {
      for (const w of result.written) io.stdout.write(`wrote ${values.out}/${w}\n`);
      const counts = countSeverities(checked.diagnostics);
      io.stdout.write(
        `${result.written.length} file(s) written, ${result.unchanged.length} unchanged in ${values.out}` +
          `${checked.diagnostics.length > 0 ? ` — check: ${formatSummary(counts)}` : ''}\n`,
      );
    }
    return 0;
  },
};
