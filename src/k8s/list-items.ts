/**
 * `kubectl get … -o yaml` writes a `kind: List` (or `NodeList`, `ServiceList`, …) with the objects under `items`.
 * This turns such a document into one ReadObject per item, each locating its fields inside the list, so every
 * reader downstream sees ordinary objects. Items that are not objects with apiVersion/kind are reported (info).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { K8sObject } from './objects.js';
import type { ReadObject } from './yaml-read.js';

function isList(read: ReadObject): boolean {
  const { apiVersion, kind } = read.object;
  return apiVersion === 'v1' && kind.endsWith('List') && Array.isArray(read.object['items']);
}

export function expandLists(reads: readonly ReadObject[]): { objects: ReadObject[]; diagnostics: Diagnostic[] } {
  const objects: ReadObject[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const read of reads) {
    if (!isList(read)) {
      objects.push(read);
      continue;
    }
    const items = read.object['items'] as unknown[];
    items.forEach((item, i) => {
      const raw = item as Record<string, unknown> | null;
      const source = read.locate(['items', i]) ?? read.source;
      if (
        raw === null ||
        typeof raw !== 'object' ||
        typeof raw['apiVersion'] !== 'string' ||
        typeof raw['kind'] !== 'string'
      ) {
        diagnostics.push({
          code: 'E_K8S_NOT_AN_OBJECT',
          severity: 'info',
          message: `item ${i + 1} of the ${read.object.kind} is not a Kubernetes object (no apiVersion/kind); skipped`,
          path: ['items', i],
          source,
        });
        return;
      }
      const meta = (raw['metadata'] ?? {}) as Record<string, unknown>;
      const object = {
        ...raw,
        metadata: { ...meta, name: typeof meta['name'] === 'string' ? meta['name'] : '' },
      } as K8sObject;
      objects.push({
        object,
        index: read.index,
        source,
        locate: (path) => read.locate(['items', i, ...path]),
      });
    });
  }
  return { objects, diagnostics };
}
