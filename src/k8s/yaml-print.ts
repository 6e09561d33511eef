/**
 * Deterministic multi-document YAML for Kubernetes objects: keys in the conventional order (apiVersion, kind,
 * metadata, spec, data, stringData, status, then the rest in the order the renderer wrote them; metadata as name,
 * namespace, labels, annotations), no line folding, `---` between documents, a trailing newline. Two calls with
 * equal input give identical bytes.
 */
import { stringify } from 'yaml';

const topOrder = ['apiVersion', 'kind', 'metadata', 'spec', 'type', 'data', 'stringData', 'status'];
const metadataOrder = ['name', 'namespace', 'labels', 'annotations'];

function ordered(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (value[key] !== undefined) out[key] = value[key];
  for (const key of Object.keys(value)) if (!(key in out) && value[key] !== undefined) out[key] = value[key];
  return out;
}

/** Drops undefined fields recursively so they never print as `null`. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
    return out;
  }
  return value;
}

function normalize(object: Record<string, unknown>): Record<string, unknown> {
  const top = ordered(clean(object) as Record<string, unknown>, topOrder);
  if (top['metadata'] !== null && typeof top['metadata'] === 'object') {
    top['metadata'] = ordered(top['metadata'] as Record<string, unknown>, metadataOrder);
  }
  return top;
}

/** One YAML document (no `---`). */
export function formatYamlDocument(value: unknown, topLevelOrder = true): string {
  const data =
    topLevelOrder && value !== null && typeof value === 'object' && !Array.isArray(value)
      ? normalize(value as Record<string, unknown>)
      : clean(value);
  return stringify(data, { lineWidth: 0, minContentWidth: 0, indentSeq: true, aliasDuplicateObjects: false });
}

/** Several objects as a multi-document YAML file, optionally preceded by a comment header. */
export function formatK8sDocuments(objects: readonly object[], header?: string): string {
  const docs = objects.map((o) => formatYamlDocument(o));
  const head =
    header === undefined
      ? ''
      : `${header
          .split('\n')
          .map((l) => (l === '' ? '#' : `# ${l}`))
          .join('\n')}\n`;
  return `${head}${docs.map((d) => `---\n${d}`).join('')}`;
}
