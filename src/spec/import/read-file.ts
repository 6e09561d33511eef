/**
 * One file, read by what it contains: a VyOS configuration (set commands or config.boot), an FRR configuration,
 * or a YAML stream whose documents may be Kubernetes objects, a kustomization, Cilium Helm values, a kubeadm /
 * Talos / k3s cluster config or a v6net spec. The file name only breaks ties (`.set`, `.boot`, `frr.conf` make a
 * broken file report its parse errors instead of being skipped). Pure: (path, text) in, parts out; never throws.
 */
import type { Diagnostic } from '../../core/diagnostic.js';
import { readClusterNetwork, type ClusterNetworkFacts } from '../../k8s/cluster-network.js';
import { yamlDocKind } from '../../k8s/file-kind.js';
import { type CiliumHelmValues, readCiliumHelmValues } from '../../k8s/helm-values.js';
import { type Kustomization, readKustomization } from '../../k8s/kustomization.js';
import { expandLists } from '../../k8s/list-items.js';
import { readYamlDocs } from '../../k8s/yaml-docs.js';
import { type ReadObject, readK8sYaml } from '../../k8s/yaml-read.js';
import { parseFrrConfig } from '../../frr/parser.js';
import { sniffFrrConfig } from '../../frr/sniff.js';
import { routerFromFrr } from '../../router/from-frr.js';
import { routerFromVyos } from '../../router/from-vyos.js';
import type { RouterModel } from '../../router/model.js';
import { parseVyosBoot } from '../../vyos/boot-parser.js';
import { parseVyosSet } from '../../vyos/set-parser.js';
import { sniffVyosConfig } from '../../vyos/sniff.js';
import type { RepoFileKind } from './artifacts.js';
import { basenameOf } from './repo-files.js';

export interface FileParts {
  readonly kind: RepoFileKind;
  readonly objects: ReadObject[];
  readonly kustomization?: Kustomization;
  readonly helmValues: CiliumHelmValues[];
  readonly clusterNetworks: ClusterNetworkFacts[];
  readonly router?: RouterModel;
  readonly spec?: string;
  readonly diagnostics: Diagnostic[];
}

const empty = (kind: RepoFileKind, diagnostics: Diagnostic[] = []): FileParts => ({
  kind,
  objects: [],
  helmValues: [],
  clusterNetworks: [],
  diagnostics,
});

/** Extensions that never hold configuration v6net reads: skipped without a note. */
const IGNORED_EXTENSIONS =
  /\.(md|markdown|rst|adoc|svg|png|jpe?g|gif|ico|webp|pdf|zip|gz|tgz|tar|xz|bz2|lock|sum|go|ts|js|mjs|cjs|py|rb|sh|bash|ps1|tf|tfvars|hcl|lua|css|html?|pem|crt|key|pub|asc|gpg|age|sops)$/i;

export function isIgnoredFileName(path: string): boolean {
  const name = basenameOf(path);
  return IGNORED_EXTENSIONS.test(name) || /^(LICENSE|COPYING|NOTICE|Makefile|Dockerfile|CODEOWNERS)$/i.test(name);
}

/** The file name without directory and extensions: `routers/r01.frr.conf` → `r01`. */
export function stemOf(path: string): string {
  const name = basenameOf(path);
  const dot = name.indexOf('.');
  return dot <= 0 ? name : name.slice(0, dot);
}

function unknownFile(path: string, why: string): Diagnostic {
  return {
    code: 'import/unknown-file',
    severity: 'info',
    message: `${path}: ${why}; skipped`,
    path: [],
    source: { file: path, line: 1, column: 1 },
  };
}

function readVyos(path: string, text: string, format: 'set' | 'boot'): FileParts {
  const parsed = format === 'set' ? parseVyosSet(text, { file: path }) : parseVyosBoot(text, { file: path });
  const router = routerFromVyos(parsed.tree, path, format === 'set' ? 'vyos-set' : 'vyos-boot', stemOf(path));
  return {
    ...empty(format === 'set' ? 'vyos-set' : 'vyos-boot', [...parsed.diagnostics, ...router.diagnostics]),
    router,
  };
}

function readFrr(path: string, text: string): FileParts {
  const parsed = parseFrrConfig(text, { file: path });
  const router = routerFromFrr(parsed.config, text, path, stemOf(path));
  return { ...empty('frr', parsed.diagnostics), router };
}

/** Cilium values from a Flux HelmRelease of the `cilium` chart (`spec.values`). */
function helmReleaseValues(read: ReadObject, path: string): CiliumHelmValues | undefined {
  if (read.object.kind !== 'HelmRelease') return undefined;
  const spec = read.object.spec as { chart?: { spec?: { chart?: unknown } }; values?: unknown } | undefined;
  if (spec?.chart?.spec?.chart !== 'cilium' || spec.values === undefined) return undefined;
  return readCiliumHelmValues(spec.values, (p) => read.locate(['spec', 'values', ...p]) ?? read.source, path);
}

function readYaml(path: string, text: string, nameHint: boolean): FileParts {
  const yaml = readYamlDocs(text, path);
  const diagnostics: Diagnostic[] = [...yaml.diagnostics];
  if (yaml.docs.length === 0) {
    if (yaml.diagnostics.length > 0 && !nameHint)
      return empty('unknown', [unknownFile(path, 'not a configuration v6net reads (neither YAML, VyOS nor FRR)')]);
    return empty(
      yaml.diagnostics.length > 0 ? 'kubernetes' : 'unknown',
      yaml.diagnostics.length > 0 ? diagnostics : [unknownFile(path, 'empty')],
    );
  }
  const kinds = yaml.docs.map((d) => yamlDocKind(d.value));
  const out: FileParts & { kustomization?: Kustomization; spec?: string } = { ...empty('unknown', diagnostics) };
  let kind: RepoFileKind | undefined;
  const first = (k: RepoFileKind) => {
    kind ??= k;
  };
  if (kinds.includes('k8s-object')) {
    const read = readK8sYaml(text, path);
    // Syntax errors were reported above; documents of other kinds are handled below.
    diagnostics.push(...read.diagnostics.filter((d) => !/^E_(YAML_|FILE_TOO_LARGE|K8S_NOT_AN_OBJECT)/.test(d.code)));
    const objects = read.objects.filter((o) => yamlDocKind(o.object) === 'k8s-object');
    const expanded = expandLists(objects);
    diagnostics.push(...expanded.diagnostics);
    for (const o of expanded.objects) {
      const values = helmReleaseValues(o, path);
      if (values !== undefined) out.helmValues.push(values);
      else out.objects.push(o);
    }
    first('kubernetes');
  }
  yaml.docs.forEach((doc, i) => {
    switch (kinds[i]) {
      case 'kustomization': {
        if (out.kustomization !== undefined) break;
        const k = readKustomization(text, path);
        diagnostics.push(...k.diagnostics.filter((d) => !d.code.startsWith('E_YAML')));
        if (k.kustomization !== undefined) out.kustomization = k.kustomization;
        first('kustomization');
        break;
      }
      case 'helm-values':
        out.helmValues.push(readCiliumHelmValues(doc.value, (p) => doc.locate(p), path));
        first('helm-values');
        break;
      case 'cluster-network': {
        const facts = readClusterNetwork(doc.value, (p) => doc.locate(p), path);
        if (facts !== undefined) out.clusterNetworks.push(facts);
        first('cluster-config');
        break;
      }
      case 'v6net-spec':
        out.spec = text;
        first('v6net-spec');
        break;
      default:
        break;
    }
  });
  if (kind === undefined) {
    return empty('unknown', [
      ...diagnostics,
      unknownFile(path, 'YAML, but no Kubernetes object, kustomization, Cilium Helm values or cluster config'),
    ]);
  }
  return { ...out, kind };
}

/** `v6net.yaml`, `homelab.v6net.yml`: a spec by name, even when it is too broken to recognise by content. */
const SPEC_NAME = /(^|\.)v6net\.ya?ml$/;

/**
 * Reads one file. `explicit` (the user named this file) makes a YAML file that is nothing else a spec, so that a
 * broken spec reports its problems instead of being skipped.
 */
export function readRepoFile(path: string, text: string, explicit = false): FileParts {
  if (text.includes('\u0000')) return empty('ignored');
  const name = basenameOf(path).toLowerCase();
  if (SPEC_NAME.test(name)) return { ...empty('v6net-spec'), spec: text };
  const parts = readContent(path, name, text);
  const broken = parts.kind === 'unknown' || (parts.objects.length === 0 && parts.kind === 'kubernetes');
  if (explicit && broken && /\.ya?ml$/.test(name)) return { ...empty('v6net-spec'), spec: text };
  return parts;
}

function readContent(path: string, name: string, text: string): FileParts {
  const vyos = sniffVyosConfig(text);
  if (vyos !== undefined) return readVyos(path, text, vyos);
  if (sniffFrrConfig(text)) return readFrr(path, text);
  // Names that say what a broken file should have been.
  if (/\.(set|vyos)$/.test(name)) return readVyos(path, text, 'set');
  if (/\.boot$/.test(name) || name === 'config.boot') return readVyos(path, text, 'boot');
  if (/(^|[.-])(frr|bgpd)\.conf$/.test(name)) return readFrr(path, text);
  return readYaml(path, text, /\.(ya?ml|json)$/.test(name));
}
