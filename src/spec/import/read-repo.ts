/**
 * Reads what a set of paths holds, through a {@link RepoFilesPort}: directories are walked (hidden directories and
 * `node_modules` skipped, files sorted), each file is read by content (`read-file.ts`), kustomizations are resolved
 * (local files and directories, also outside the given paths; remote resources are noted, not fetched; a
 * kustomization's `namespace` is applied to the namespaced objects it includes), routers described by several files
 * (`r01.set`, `r01.boot`, `r01.frr.conf`) are read once, and every Kubernetes object is decoded. Never throws on
 * content; paths that do not exist are returned in `missing` for the caller to report.
 */
import type { Diagnostic, SourcePosition } from '../../core/diagnostic.js';
import { buildK8sInventory } from '../../k8s/decode.js';
import type { ClusterNetworkFacts } from '../../k8s/cluster-network.js';
import { type CiliumHelmValues, readCiliumHelmValues } from '../../k8s/helm-values.js';
import { KUSTOMIZATION_FILE_NAMES, type Kustomization } from '../../k8s/kustomization.js';
import type { ReadObject } from '../../k8s/yaml-read.js';
import type { RouterModel } from '../../router/model.js';
import type { RepoArtifacts, RepoFile } from './artifacts.js';
import { isIgnoredFileName, readRepoFile, stemOf } from './read-file.js';
import { dirnameOf, joinPath, type RepoFilesPort } from './repo-files.js';

export interface ReadRepoOptions {
  /** At most this many files are read (a note says when more were skipped). */
  readonly maxFiles?: number;
  /** Larger files are skipped with a note. */
  readonly maxFileChars?: number;
}

export interface ReadRepoResult extends RepoArtifacts {
  /** Paths given that do not exist. */
  readonly missing: readonly string[];
}

const NAMESPACED = new Set(['Secret', 'Service', 'EndpointSlice', 'ConfigMap', 'HelmRelease']);
const FORMAT_RANK = { 'vyos-set': 0, 'vyos-boot': 1, frr: 2 } as const;

function note(code: string, severity: Diagnostic['severity'], message: string, source: SourcePosition): Diagnostic {
  return { code, severity, message, path: [], source };
}

async function walk(port: RepoFilesPort, dir: string, out: string[], limit: number): Promise<void> {
  for (const name of await port.list(dir)) {
    if (out.length >= limit) return;
    if (name.startsWith('.') || name === 'node_modules') continue;
    const path = joinPath(dir, name);
    const kind = await port.stat(path);
    if (kind === 'dir') await walk(port, path, out, limit);
    else if (kind === 'file') out.push(path);
  }
}

function withNamespace(read: ReadObject, namespace: string): ReadObject {
  if (!NAMESPACED.has(read.object.kind)) return read;
  return { ...read, object: { ...read.object, metadata: { ...read.object.metadata, namespace } } };
}

/** Routers of the same directory and stem are one router: keep the richest format, compare the others. */
function groupRouters(
  found: { path: string; router: RouterModel }[],
  files: RepoFile[],
  diagnostics: Diagnostic[],
): RouterModel[] {
  const groups = new Map<string, { path: string; router: RouterModel }[]>();
  for (const f of found) {
    const key = `${dirnameOf(f.path)}/${stemOf(f.path)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: RouterModel[] = [];
  for (const members of groups.values()) {
    members.sort((a, b) => FORMAT_RANK[a.router.format] - FORMAT_RANK[b.router.format]);
    const main = members[0]!;
    out.push(main.router);
    for (const other of members.slice(1)) {
      const i = files.findIndex((f) => f.path === other.path);
      if (i >= 0) files[i] = { ...files[i]!, sameRouterAs: main.path };
      const a = main.router;
      const b = other.router;
      const fact = (r: RouterModel) =>
        JSON.stringify([
          r.systemAs?.value,
          r.routerId?.value,
          r.listenRanges.map((l) => l.text.value).sort(),
          r.neighbors.map((n) => n.name).sort(),
        ]);
      if (fact(a) !== fact(b)) {
        diagnostics.push({
          ...note(
            'import/router-files-disagree',
            'warning',
            `${other.path} and ${main.path} describe router '${a.name}' differently (system-as, router-id, listen ranges or neighbors); ${main.path} is used`,
            b.bgpSource ?? b.source,
          ),
          related: [{ message: 'the file used', source: a.bgpSource ?? a.source }],
        });
      }
    }
  }
  return out;
}

export async function readRepo(
  port: RepoFilesPort,
  paths: readonly string[],
  options: ReadRepoOptions = {},
): Promise<ReadRepoResult> {
  const maxFiles = options.maxFiles ?? 5000;
  const maxChars = options.maxFileChars ?? 8 * 1024 * 1024;
  const diagnostics: Diagnostic[] = [];
  const missing: string[] = [];
  const queue: string[] = [];
  for (const raw of paths) {
    const path = joinPath(raw);
    const kind = await port.stat(path);
    if (kind === undefined) missing.push(raw);
    else if (kind === 'file') queue.push(path);
    else {
      const before = queue.length;
      await walk(port, path, queue, maxFiles + 1);
      if (queue.length - before > maxFiles) {
        queue.length = before + maxFiles;
        diagnostics.push(
          note('import/too-many-files', 'warning', `${raw}: only the first ${maxFiles} files were read`, {
            file: raw,
            line: 1,
            column: 1,
          }),
        );
      }
    }
  }

  const files: RepoFile[] = [];
  const kustomizations: Kustomization[] = [];
  const helmValues: CiliumHelmValues[] = [];
  const clusterNetworks: ClusterNetworkFacts[] = [];
  const routers: { path: string; router: RouterModel }[] = [];
  const specs: { path: string; text: string }[] = [];
  const objectsByFile = new Map<string, ReadObject[]>();
  const seen = new Set<string>();
  const fromKustomization = new Set<string>();

  const readOne = async (path: string, explicit: boolean, chain = new Set([path])): Promise<void> => {
    if (seen.has(path)) return;
    seen.add(path);
    if (!explicit && isIgnoredFileName(path)) {
      files.push({ path, kind: 'ignored' });
      return;
    }
    const text = await port.read(path);
    if (text === undefined) {
      diagnostics.push(
        note('import/unreadable', 'warning', `${path} cannot be read; skipped`, { file: path, line: 1, column: 1 }),
      );
      return;
    }
    if (text.length > maxChars) {
      diagnostics.push(
        note('import/file-too-large', 'warning', `${path} is larger than ${maxChars} characters; skipped`, {
          file: path,
          line: 1,
          column: 1,
        }),
      );
      return;
    }
    const parts = readRepoFile(path, text, explicit && !fromKustomization.has(path));
    files.push({ path, kind: parts.kind });
    diagnostics.push(...parts.diagnostics);
    objectsByFile.set(path, parts.objects);
    helmValues.push(...parts.helmValues);
    clusterNetworks.push(...parts.clusterNetworks);
    if (parts.router !== undefined) routers.push({ path, router: parts.router });
    if (parts.spec !== undefined) specs.push({ path, text: parts.spec });
    if (parts.kustomization !== undefined) await resolveKustomization(parts.kustomization, chain);
  };

  /** Kustomization file → the local files it includes (object files or nested kustomization files). */
  const includes = new Map<string, string[]>();
  const resolveKustomization = async (k: Kustomization, chain: Set<string>): Promise<void> => {
    kustomizations.push(k);
    const resolved: string[] = [];
    includes.set(k.file, resolved);
    const dir = dirnameOf(k.file);
    const remote = k.resources.filter((r) => r.remote);
    if (remote.length > 0) {
      const first = remote[0]!;
      diagnostics.push(
        note(
          'import/remote-resource',
          'info',
          remote.length === 1
            ? `remote resource ${first.ref} is not fetched; its objects are not checked`
            : `${remote.length} remote resources (first: ${first.ref}) are not fetched; their objects are not checked`,
          first.source,
        ),
      );
    }
    for (const r of k.resources) {
      const what = r.field.replace(/s$/, '');
      if (r.remote) continue;
      const target = joinPath(dir, r.ref);
      const kind = await port.stat(target);
      if (kind === undefined) {
        diagnostics.push(
          note('import/resource-missing', 'error', `${what} ${r.ref} does not exist (kustomize build fails)`, r.source),
        );
        continue;
      }
      let file = target;
      if (kind === 'dir') {
        const names = await port.list(target);
        const name = KUSTOMIZATION_FILE_NAMES.find((n) => names.includes(n));
        if (name === undefined) {
          diagnostics.push(
            note(
              'import/resource-missing',
              'error',
              `${r.ref} is a directory without a kustomization.yaml (kustomize build fails)`,
              r.source,
            ),
          );
          continue;
        }
        file = joinPath(target, name);
      }
      if (chain.has(file)) {
        diagnostics.push(
          note('import/resource-cycle', 'error', `${r.ref} includes itself (kustomization cycle)`, r.source),
        );
        continue;
      }
      resolved.push(file);
      fromKustomization.add(file);
      if (!seen.has(file)) await readOne(file, true, new Set([...chain, file]));
    }
    for (const chart of k.helmCharts) {
      if (chart.name === 'cilium' && chart.valuesInline !== undefined) {
        helmValues.push(readCiliumHelmValues(chart.valuesInline.value, chart.valuesInline.locate, k.file));
      }
    }
  };

  for (const path of queue)
    await readOne(
      path,
      paths.some((p) => joinPath(p) === path),
    );

  // A kustomization's namespace applies to everything it includes, nested kustomizations too (the outermost wins,
  // as kustomize runs the outer namespace transformer last).
  const namespaceOf = new Map<string, string>();
  const included = new Set([...includes.values()].flat());
  const assign = (file: string, ns: string | undefined, depth: number): void => {
    if (depth > 32) return;
    const own = kustomizations.find((k) => k.file === file)?.namespace?.value;
    const effective = ns ?? own;
    if (effective !== undefined && !namespaceOf.has(file)) namespaceOf.set(file, effective);
    for (const child of includes.get(file) ?? []) assign(child, effective, depth + 1);
  };
  for (const k of kustomizations) if (!included.has(k.file)) assign(k.file, undefined, 0);
  const namespaced: ReadObject[] = [];
  for (const [file, list] of objectsByFile) {
    const ns = namespaceOf.get(file);
    namespaced.push(...(ns === undefined ? list : list.map((o) => withNamespace(o, ns))));
  }
  const inventory = buildK8sInventory(namespaced);
  return {
    files,
    objects: namespaced,
    inventory,
    kustomizations,
    helmValues,
    clusterNetworks,
    routers: groupRouters(routers, files, diagnostics),
    specs,
    diagnostics: [...diagnostics, ...inventory.diagnostics],
    missing,
  };
}
