/**
 * Loc-RIB: per prefix, the candidate paths (at most one per peer, after import policy: together they are the
 * post-policy Adj-RIBs-In, as in FRR's table) and the decision. A change to one prefix re-decides that prefix only.
 * Memory: a prefix with a single candidate stores the Path itself as the map value (the common case on a router
 * with one upstream); only contested prefixes get a `RouteEntry`.
 */
import { type Decision, decideBestPath } from './best-path.js';
import type { BestPathOptions, BestPathReason } from './best-path-steps.js';
import type { Path, RibPeer } from './path.js';
import type { PrefixKey } from './prefix-key.js';
import { PrefixTable } from './prefix-table.js';

/** A prefix with more than one candidate path, in canonical order (by peer index). */
class RouteEntry {
  constructor(
    readonly paths: Path[],
    public decision: Decision,
  ) {}
}

/** What one prefix looks like in the Loc-RIB. */
export interface LocRibRoute {
  readonly key: PrefixKey;
  /** Candidates in canonical order (by peer index). */
  readonly paths: readonly Path[];
  readonly best: Path;
  /** Best first, then the other ECMP paths. */
  readonly multipath: readonly Path[];
  readonly reason: BestPathReason | 'only-path';
}

function samePaths(a: readonly Path[], b: readonly Path[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class LocRib {
  readonly #table = new PrefixTable<Path | RouteEntry>();

  constructor(readonly options: BestPathOptions = {}) {}

  /** Number of prefixes with at least one path. */
  get size(): number {
    return this.#table.size;
  }

  /**
   * Adds `path` or replaces the candidate from the same peer. Returns the path it replaced (the caller releases its
   * attributes) and whether the best path or multipath set changed, through `changed`.
   */
  update(key: PrefixKey, path: Path): Path | undefined {
    this.changed = false;
    const cur = this.#table.get(key);
    if (cur === undefined) {
      this.#table.set(key, path);
      this.changed = true;
      return undefined;
    }
    if (!(cur instanceof RouteEntry)) {
      if (cur.peer === path.peer) {
        this.#table.set(key, path);
        this.changed = true;
        return cur;
      }
      const paths = cur.peer.index < path.peer.index ? [cur, path] : [path, cur];
      const entry = new RouteEntry(paths, decideBestPath(paths, this.options));
      this.#table.set(key, entry);
      this.changed = entry.decision.best !== cur || entry.decision.multipath.length > 1;
      return undefined;
    }
    const before = cur.decision;
    const paths = cur.paths;
    let i = 0;
    while (i < paths.length && paths[i]!.peer.index < path.peer.index) i++;
    let replaced: Path | undefined;
    if (i < paths.length && paths[i]!.peer === path.peer) {
      replaced = paths[i];
      paths[i] = path;
    } else paths.splice(i, 0, path);
    cur.decision = decideBestPath(paths, this.options);
    // A replaced best path is a change even when the same peer still wins (new attributes).
    this.changed =
      before.best === replaced ||
      cur.decision.best !== before.best ||
      !samePaths(before.multipath, cur.decision.multipath);
    return replaced;
  }

  /** Set by `update`/`remove`: whether the best path (or multipath set) of the prefix changed. */
  changed = false;

  /** Removes the candidate from `peer`; returns it (or undefined), with `changed` set. */
  remove(key: PrefixKey, peer: RibPeer): Path | undefined {
    this.changed = false;
    const cur = this.#table.get(key);
    if (cur === undefined) return undefined;
    if (!(cur instanceof RouteEntry)) {
      if (cur.peer !== peer) return undefined;
      this.#table.delete(key);
      this.changed = true;
      return cur;
    }
    const i = cur.paths.findIndex((p) => p.peer === peer);
    if (i < 0) return undefined;
    const before = cur.decision;
    const [removed] = cur.paths.splice(i, 1);
    if (cur.paths.length === 1) {
      const only = cur.paths[0]!;
      this.#table.set(key, only);
      this.changed = before.best !== only || before.multipath.length > 1;
      return removed;
    }
    cur.decision = decideBestPath(cur.paths, this.options);
    this.changed = cur.decision.best !== before.best || !samePaths(before.multipath, cur.decision.multipath);
    return removed;
  }

  /** The candidate from `peer`, if any. */
  pathFrom(key: PrefixKey, peer: RibPeer): Path | undefined {
    const cur = this.#table.get(key);
    if (cur === undefined) return undefined;
    if (!(cur instanceof RouteEntry)) return cur.peer === peer ? cur : undefined;
    for (const p of cur.paths) if (p.peer === peer) return p;
    return undefined;
  }

  /** The best path of `key`, if any. */
  best(key: PrefixKey): Path | undefined {
    const cur = this.#table.get(key);
    if (cur === undefined) return undefined;
    return cur instanceof RouteEntry ? cur.decision.best : cur;
  }

  /** The multipath set of `key` (best first), empty when the prefix is unknown. */
  multipath(key: PrefixKey): readonly Path[] {
    const cur = this.#table.get(key);
    if (cur === undefined) return [];
    return cur instanceof RouteEntry ? cur.decision.multipath : [cur];
  }

  get(key: PrefixKey): LocRibRoute | undefined {
    const cur = this.#table.get(key);
    if (cur === undefined) return undefined;
    if (cur instanceof RouteEntry) return { key, paths: [...cur.paths], ...cur.decision };
    return { key, paths: [cur], best: cur, multipath: [cur], reason: 'only-path' };
  }

  /** Every prefix (insertion order). */
  keys(): IterableIterator<PrefixKey> {
    return this.#table.keys();
  }

  *routes(): IterableIterator<LocRibRoute> {
    for (const key of this.#table.keys()) yield this.get(key)!;
  }

  /** Calls `fn` for every path of every prefix (no allocation per prefix). */
  forEachPath(fn: (key: PrefixKey, path: Path) => void): void {
    this.#table.forEach((cur, key) => {
      if (cur instanceof RouteEntry) for (const p of cur.paths) fn(key, p);
      else fn(key, cur);
    });
  }

  /** Re-runs the decision for `key` (options changed, or an IGP cost moved); returns whether it changed. */
  redecide(key: PrefixKey): boolean {
    const cur = this.#table.get(key);
    if (!(cur instanceof RouteEntry)) return false;
    const before = cur.decision;
    cur.decision = decideBestPath(cur.paths, this.options);
    return cur.decision.best !== before.best || !samePaths(before.multipath, cur.decision.multipath);
  }
}
