/**
 * Reads the artifacts `v6net agent` runs from: Kubernetes YAML files, or directories searched recursively for
 * `*.yaml`/`*.yml`, in a stable order (argument order, then path order inside a directory). A cheap signature (paths,
 * sizes, modification times) tells the agent when to read them again.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { InputError } from '../../core/errors.js';
import { celDiagnostics } from '../../cilium/cluster-state.js';
import { buildK8sInventory, type K8sInventory } from '../../k8s/decode.js';
import { readK8sYaml } from '../../k8s/yaml-read.js';

const YAML = /\.ya?ml$/i;

/** Every YAML file under the given paths, in a stable order. Throws E_AGENT_PATH for a path that does not exist. */
export function listArtifactFiles(cwd: string, paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && YAML.test(entry.name)) out.push(p);
    }
  };
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(abs);
    } catch {
      throw new InputError('E_AGENT_PATH', `${p}: no such file or directory`);
    }
    if (st.isDirectory()) walk(abs);
    else out.push(abs);
  }
  return [...new Set(out)];
}

/** Changes whenever a file is added, removed, resized or rewritten. */
export function artifactSignature(cwd: string, paths: readonly string[]): string {
  try {
    return listArtifactFiles(cwd, paths)
      .map((f) => {
        const st = statSync(f);
        return `${f}:${st.size}:${st.mtimeMs}`;
      })
      .join('\n');
  } catch (error) {
    return `error:${(error as Error).message}`;
  }
}

/** The path as a user would write it: relative to the working directory inside it, absolute outside. */
function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

export interface Artifacts {
  readonly inventory: K8sInventory;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly string[];
}

export function readArtifacts(cwd: string, paths: readonly string[]): Artifacts {
  const files = listArtifactFiles(cwd, paths);
  const diagnostics: Diagnostic[] = [];
  const reads = files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      diagnostics.push({
        code: 'E_FILE_READ',
        severity: 'error',
        message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        path: [],
      });
      return [];
    }
    const r = readK8sYaml(text, displayPath(cwd, file));
    diagnostics.push(...r.diagnostics);
    return r.objects;
  });
  const inventory = buildK8sInventory(reads);
  return { inventory, diagnostics: [...diagnostics, ...inventory.diagnostics, ...celDiagnostics(inventory)], files };
}
