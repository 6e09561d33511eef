/**
 * A kustomization (`kustomization.yaml`, with or without apiVersion/kind) as data: its resources split into local
 * paths (files or directories, resolved by the caller through its file-access port) and remote ones (URLs, git
 * references: not fetched, reported), the namespace it sets, and inline Helm charts (for the Cilium values).
 * Pure: text in, data out.
 */
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import { asMap, readYamlDocs, type YamlDoc } from './yaml-docs.js';

export interface KustomizationResource {
  /** As written. */
  readonly ref: string;
  /** Remote: an URL or a git/OCI reference kustomize would fetch. */
  readonly remote: boolean;
  /** Which list it came from. */
  readonly field: 'resources' | 'bases' | 'components';
  readonly source: SourcePosition;
}

export interface KustomizationHelmChart {
  readonly name: string;
  readonly source: SourcePosition;
  /** `valuesInline`, with a locator for its fields (path relative to the values). */
  readonly valuesInline?: { readonly value: unknown; locate(path: readonly (string | number)[]): SourcePosition };
  readonly valuesFile?: string;
}

export interface Kustomization {
  readonly file: string;
  readonly source: SourcePosition;
  readonly resources: readonly KustomizationResource[];
  readonly namespace?: { readonly value: string; readonly source: SourcePosition };
  readonly helmCharts: readonly KustomizationHelmChart[];
}

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

const REMOTE = /^(https?:\/\/|git@|ssh:\/\/|oci:\/\/|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/;

/** True for a document that is a kustomization: kind Kustomization, or a kustomize apiVersion. */
export function isKustomizationValue(value: unknown): boolean {
  const m = asMap(value);
  if (m === undefined) return false;
  const kind = m['kind'];
  const apiVersion = m['apiVersion'];
  if (kind === 'Kustomization' || kind === 'Component') {
    return typeof apiVersion !== 'string' || apiVersion.startsWith('kustomize.config.k8s.io/');
  }
  return kind === undefined && apiVersion === undefined && (Array.isArray(m['resources']) || Array.isArray(m['bases']));
}

function stringList(doc: YamlDoc, field: KustomizationResource['field'], diagnostics: Diagnostic[]) {
  const m = asMap(doc.value)!;
  const list = m[field];
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    diagnostics.push({
      code: 'E_KUSTOMIZATION',
      severity: 'error',
      message: `${field} must be a list of paths or URLs`,
      path: [field],
      source: doc.locate([field]),
    });
    return [];
  }
  const out: KustomizationResource[] = [];
  list.forEach((ref, i) => {
    if (typeof ref !== 'string' || ref.trim() === '') {
      diagnostics.push({
        code: 'E_KUSTOMIZATION',
        severity: 'error',
        message: `${field}[${i}] is not a path or URL`,
        path: [field, i],
        source: doc.locate([field, i]),
      });
      return;
    }
    out.push({ ref: ref.trim(), remote: REMOTE.test(ref.trim()), field, source: doc.locate([field, i]) });
  });
  return out;
}

function helmCharts(doc: YamlDoc): KustomizationHelmChart[] {
  const list = asMap(doc.value)!['helmCharts'];
  if (!Array.isArray(list)) return [];
  const out: KustomizationHelmChart[] = [];
  list.forEach((entry, i) => {
    const m = asMap(entry);
    if (m === undefined || typeof m['name'] !== 'string') return;
    const inline = m['valuesInline'];
    out.push({
      name: m['name'],
      source: doc.locate(['helmCharts', i]),
      ...(asMap(inline) !== undefined
        ? { valuesInline: { value: inline, locate: (p) => doc.locate(['helmCharts', i, 'valuesInline', ...p]) } }
        : {}),
      ...(typeof m['valuesFile'] === 'string' ? { valuesFile: m['valuesFile'] } : {}),
    });
  });
  return out;
}

/** Reads the first kustomization document of `text`. */
export function readKustomization(
  text: string,
  file: string,
): { readonly kustomization?: Kustomization; readonly diagnostics: Diagnostic[] } {
  const read = readYamlDocs(text, file);
  const diagnostics = [...read.diagnostics];
  const doc = read.docs.find((d) => isKustomizationValue(d.value));
  if (doc === undefined) return { diagnostics };
  const ns = asMap(doc.value)!['namespace'];
  const kustomization: Kustomization = {
    file,
    source: doc.source,
    resources: [
      ...stringList(doc, 'resources', diagnostics),
      ...stringList(doc, 'bases', diagnostics),
      ...stringList(doc, 'components', diagnostics),
    ],
    ...(typeof ns === 'string' && ns !== '' ? { namespace: { value: ns, source: doc.locate(['namespace']) } } : {}),
    helmCharts: helmCharts(doc),
  };
  return { kustomization, diagnostics };
}
