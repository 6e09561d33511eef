/**
 * Any YAML stream as located documents: the value of each document (whatever its shape) plus `locate(path)` for a
 * field inside it. `yaml-read.ts` keeps only Kubernetes objects; kustomizations without apiVersion, Helm values,
 * Talos patches and k3s configs are plain maps, so the import readers start from here. Never throws.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import { MAX_K8S_YAML_CHARS } from './yaml-read.js';

export type YamlPath = readonly (string | number)[];

export interface YamlDoc {
  /** 0-based index of the document in the stream. */
  readonly index: number;
  readonly value: unknown;
  readonly source: SourcePosition;
  /** Where `path` (or its nearest existing ancestor) is written. */
  locate(path: YamlPath): SourcePosition;
}

export interface YamlDocsResult {
  readonly docs: YamlDoc[];
  readonly diagnostics: Diagnostic[];
}

function stepInto(node: unknown, key: string | number): unknown {
  if (isSeq(node)) return typeof key === 'number' ? node.items[key] : undefined;
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(key));
  return pair === undefined ? undefined : (pair.value ?? pair.key);
}

/** Parses every document; a document with a syntax error is reported (E_YAML_SYNTAX) and left out. */
export function readYamlDocs(text: string, file: string): YamlDocsResult {
  const diagnostics: Diagnostic[] = [];
  const docs: YamlDoc[] = [];
  const at1 = { file, line: 1, column: 1 };
  if (text.length > MAX_K8S_YAML_CHARS) {
    const message = `${file} is larger than ${MAX_K8S_YAML_CHARS} characters`;
    return { docs, diagnostics: [{ code: 'E_FILE_TOO_LARGE', severity: 'error', message, path: [], source: at1 }] };
  }
  const lines = new LineCounter();
  const pos = (offset: number): SourcePosition => {
    const p = lines.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { docs, diagnostics: [{ code: 'E_YAML_SYNTAX', severity: 'error', message, path: [], source: at1 }] };
  }
  parsed.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const message = e.message.split('\n')[0] ?? e.message;
        diagnostics.push({ code: 'E_YAML_SYNTAX', severity: 'error', message, path: [index], source: pos(e.pos[0]) });
      }
      return;
    }
    const root = doc.contents;
    if (root === null) return;
    const start = pos((root as Node).range?.[0] ?? 0);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      diagnostics.push({ code: 'E_YAML_SYNTAX', severity: 'error', message, path: [index], source: start });
      return;
    }
    docs.push({
      index,
      value,
      source: start,
      locate(path) {
        let node: unknown = root;
        let best = start;
        for (const key of path) {
          node = stepInto(node, key);
          const range = (node as Node | undefined)?.range;
          if (range === undefined || range === null) break;
          best = pos(range[0]);
        }
        return best;
      },
    });
  });
  return { docs, diagnostics };
}

/** `value` as a plain map, or undefined. */
export function asMap(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The value at `path` inside nested maps/lists. */
export function valueAt(value: unknown, path: YamlPath): unknown {
  let v = value;
  for (const key of path) {
    if (Array.isArray(v) && typeof key === 'number') v = v[key];
    else {
      const m = asMap(v);
      if (m === undefined) return undefined;
      v = m[String(key)];
    }
  }
  return v;
}
