/**
 * Loc-RIB: per prefix, the candidate paths (one per peer, post import policy) and the decision. A change to one
 * prefix re-decides that prefix only. Memory: a prefix with a single candidate stores the Path itself as the map
 * value (the common case on a router with one upstream); only contested prefixes get a `LocRibEntry`.
 */
import { type Decision, decideBestPath } from './best-path.js';
import type { BestPathOptions } from './best-path-steps.js';
import type { Path } from './path.js';
import type { PrefixKey } from './prefix-key.js';

/** A prefix with more than one candidate path. Candidates are kept sorted by peer id (a canonical order). */
class LocRibEntry {
  constructor(
    readonly paths: Path[],
    public decision: Decision,
  ) {}
}

/** What one prefix looks like in the Loc-RIB. */
export interface LocRibRoute extends Decision {
  readonly key: PrefixKey;
  readonly paths: readonly Path[];
}

/** A change of best path (or of the multipath set) for one prefix; `best` undefined: the prefix is gone. */
export interface LocRibChange {
  readonly key: PrefixKey;
  readonly previous: Path | undefined;
  readonly best: Path | undefined;
  readonly multipath: readonly Path[];
}

function samePaths(a: readonly Path[], b: readonly Path[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const NO_PATHS: readonly Path[] = Object.freeze([]);

export class LocRib {
  readonly #table = new Map<PrefixKey, Path | LocRibEntry>();

  constructor(readonly options: BestPathOptions = {}) {}

  get size(): number {
    return this.#table.size;
  }

  /** Adds `path` or replaces the candidate from the same peer; returns the change when the outcome changed. */
  update(key: PrefixKey, path: Path): LocRibChange | undefined {
    const cur = this.#table.get(key);
    if (cur === undefined) {
      this.#table.set(key, path);
      return { key, previous: undefined, best: path, multipath: [path] };
    }
    if (!(cur instanceof LocRibEntry)) {
      if (cur.peer.id === path.peer.id) {
        this.#table.set(key, path);
        return { key, previous: cur, best: path, multipath: [path] };
      }
      const paths = cur.peer.id < path.peer.id ? [cur, path] : [path, cur];
      const entry = new LocRibEntry(paths, decideBestPath(paths, this.options));
      this.#table.set(key, entry);
      return this.#changed(key, cur, [cur], entry.decision);
    }
    const before = cur.decision;
    const paths = cur.paths;
    let i = 0;
    while (i < paths.length && paths[i]!.peer.id < path.peer.id) i++;
    if (i < paths.length && paths[i]!.peer.id === path.peer.id) paths[i] = path;
    else paths.splice(i, 0, path);
    cur.decision = decideBestPath(paths, this.options);
    return this.#changed(key, before.best, before.multipath, cur.decision);
  }

  /** Removes the candidate from `peerId`; returns the change when the outcome changed. */
  withdraw(key: PrefixKey, peerId: string): LocRibChange | undefined {
    const cur = this.#table.get(key);
    if (cur === undefined) return undefined;
    if (!(cur instanceof LocRibEntry)) {
      if (cur.peer.id !== peerId) return undefined;
      this.#table.delete(key);
      return { key, previous: cur, best: undefined, multipath: NO_PATHS };
    }
    const i = cur.paths.findIndex((p) => p.peer.id === peerId);
    if (i < 0) return undefined;
    const before = cur.decision;
    cur.paths.splice(i, 1);
    if (cur.paths.length === 1) {
      const only = cur.paths[0]!;
      this.#table.set(key, only);
      return this.#changed(key, before.best, before.multipath, { best: only, multipath: [only], reason: 'only-path' });
    }
    cur.decision = decideBestPath(cur.paths, this.options);
    return this.#changed(key, before.best, before.multipath, cur.decision);
  }

  #changed(key: PrefixKey, prev: Path, prevMulti: readonly Path[], now: Decision): LocRibChange | undefined {
    if (prev === now.best && samePaths(prevMulti, now.multipath)) return undefined;
    return { key, previous: prev, best: now.best, multipath: now.multipath };
  }

  /** The best path of `key`, if any. */
  best(key: PrefixKey): Path | undefined {
    const cur = this.#table.get(key);
    if (cur === undefined) return undefined;
    return cur instanceof LocRibEntry ? cur.decision.best : cur;
  }

  get(key: PrefixKey): LocRibRoute | undefined {
    const cur = this.#table.get(key);
    if (cur === undefined) return undefined;
    if (cur instanceof LocRibEntry) return { key, paths: [...cur.paths], ...cur.decision };
    return { key, paths: [cur], best: cur, multipath: [cur], reason: 'only-path' };
  }

  *routes(): IterableIterator<LocRibRoute> {
    for (const key of this.#table.keys()) yield this.get(key)!;
  }

  keys(): IterableIterator<PrefixKey> {
    return this.#table.keys();
  }
}
