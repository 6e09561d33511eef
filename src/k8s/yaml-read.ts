/**
 * Reads multi-document Kubernetes YAML with source positions. Never throws: syntax problems become diagnostics
 * (`E_YAML_SYNTAX`) with file:line:column; documents that are not objects with apiVersion/kind are reported as
 * `E_K8S_NOT_AN_OBJECT` (info) and skipped. Each object keeps the position of its document and a `locate(path)` for
 * any field inside it, so checks can point at the exact line.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import type { K8sObject } from './objects.js';

export interface ReadObject {
  readonly object: K8sObject;
  /** 0-based index of the document in the file. */
  readonly index: number;
  readonly source: SourcePosition;
  /** Position of a field inside this object, e.g. ['spec', 'bgpInstances', 0, 'localASN']. */
  locate(path: readonly (string | number)[]): SourcePosition | undefined;
}

export interface ReadResult {
  readonly objects: ReadObject[];
  readonly diagnostics: Diagnostic[];
}

/** Inputs larger than this are refused (a located error, not a hang). */
export const MAX_K8S_YAML_CHARS = 8 * 1024 * 1024;

function childNode(node: unknown, key: string | number): unknown {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(k) === String(key)) return pair.value ?? pair.key;
    }
    return undefined;
  }
  if (isSeq(node) && typeof key === 'number') return node.items[key];
  return undefined;
}

export function readK8sYaml(text: string, file: string): ReadResult {
  const diagnostics: Diagnostic[] = [];
  const objects: ReadObject[] = [];
  if (text.length > MAX_K8S_YAML_CHARS) {
    diagnostics.push({
      code: 'E_FILE_TOO_LARGE',
      severity: 'error',
      message: `${file} is larger than ${MAX_K8S_YAML_CHARS} characters`,
      path: [],
      source: { file, line: 1, column: 1 },
    });
    return { objects, diagnostics };
  }
  const lineCounter = new LineCounter();
  const pos = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    // An empty stream is an (empty) array too; syntax errors are on each document.
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    diagnostics.push({
      code: 'E_YAML_SYNTAX',
      severity: 'error',
      message: error instanceof Error ? error.message : String(error),
      path: [],
      source: { file, line: 1, column: 1 },
    });
    return { objects, diagnostics };
  }
  docs.forEach((doc, index) => {
    for (const e of doc.errors) {
      diagnostics.push({
        code: e.code === 'DUPLICATE_KEY' ? 'E_YAML_DUPLICATE_KEY' : 'E_YAML_SYNTAX',
        severity: 'error',
        message: e.message.split('\n')[0] ?? e.message,
        path: [index],
        source: pos(e.pos[0]),
      });
    }
    if (doc.errors.length > 0) return;
    const contents = doc.contents;
    if (contents === null) return; // empty document (e.g. a leading ---)
    const start = pos((contents as Node).range?.[0] ?? 0);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      diagnostics.push({
        code: 'E_YAML_SYNTAX',
        severity: 'error',
        message: error instanceof Error ? error.message : String(error),
        path: [index],
        source: start,
      });
      return;
    }
    if (
      value === null ||
      typeof value !== 'object' ||
      Array.isArray(value) ||
      typeof (value as Record<string, unknown>)['apiVersion'] !== 'string' ||
      typeof (value as Record<string, unknown>)['kind'] !== 'string'
    ) {
      diagnostics.push({
        code: 'E_K8S_NOT_AN_OBJECT',
        severity: 'info',
        message: `document ${index + 1} is not a Kubernetes object (no apiVersion/kind); skipped`,
        path: [index],
        source: start,
      });
      return;
    }
    const raw = value as Record<string, unknown>;
    const meta = (raw['metadata'] ?? {}) as Record<string, unknown>;
    const object = {
      ...raw,
      metadata: { ...meta, name: typeof meta['name'] === 'string' ? meta['name'] : '' },
    } as K8sObject;
    objects.push({
      object,
      index,
      source: start,
      locate(path) {
        let node: unknown = contents;
        let last: SourcePosition | undefined = start;
        for (const key of path) {
          node = childNode(node, key);
          if (node === undefined) return last;
          const range = (node as Node).range;
          if (range) last = pos(range[0]);
        }
        return last;
      },
    });
  });
  return { objects, diagnostics };
}
