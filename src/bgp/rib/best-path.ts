/**
 * The decision process over the candidate paths of one prefix (RFC 4271 §9.1.2): run the comparator steps of
 * `best-path-steps.ts` in order, record the step that decided, and collect the ECMP multipath set (FRR rules).
 */
import {
  BEST_PATH_STEPS,
  type BestPathOptions,
  type BestPathReason,
  EQUAL,
  MULTIPATH_STEPS,
  type StepResult,
} from './best-path-steps.js';
import type { Path } from './path.js';

export interface Decision {
  readonly best: Path;
  /** Best first, then the other ECMP paths (length 1 without multipath). */
  readonly multipath: readonly Path[];
  /** Why `best` beat the runner-up (`only-path` with one candidate; FRR "bestpath reason"). */
  readonly reason: BestPathReason | 'only-path';
}

/** Full comparison: the first step that tells `a` and `b` apart (`winner` -1: a better, 1: b better). */
export function comparePaths(a: Path, b: Path, o: BestPathOptions): StepResult {
  for (const step of BEST_PATH_STEPS) {
    const r = step(a, b, o);
    if (r.winner !== 0) return r;
  }
  return EQUAL;
}

/** Whether `a` and `b` are equal through the IGP-cost step (multipath candidates). */
export function equalForMultipath(a: Path, b: Path, o: BestPathOptions): boolean {
  for (const step of MULTIPATH_STEPS) if (step(a, b, o).winner !== 0) return false;
  return true;
}

function sameAsPath(a: Path, b: Path): boolean {
  if (a.attrs === b.attrs) return true;
  const x = a.attrs.value.asPath;
  const y = b.attrs.value.asPath;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const s = x[i]!;
    const t = y[i]!;
    if (s.type !== t.type || s.asns.length !== t.asns.length) return false;
    for (let j = 0; j < s.asns.length; j++) if (s.asns[j] !== t.asns[j]) return false;
  }
  return true;
}

/** Linear scan: the best of `paths` and the reason it beat the last contender it met. */
function scan(paths: readonly Path[], o: BestPathOptions): { best: Path; reason: BestPathReason | 'only-path' } {
  let best = paths[0]!;
  let reason: BestPathReason | 'only-path' = 'only-path';
  for (let i = 1; i < paths.length; i++) {
    const p = paths[i]!;
    const r = comparePaths(best, p, o);
    if (r.winner === 1) best = p;
    reason = r.reason;
  }
  return { best, reason };
}

/**
 * Selects the best path among `paths` (non-empty, in a canonical order: the caller keeps it stable so that an
 * incremental run and a recomputation agree). With `deterministicMed`, paths are first grouped by neighbor AS.
 */
export function decideBestPath(paths: readonly Path[], o: BestPathOptions): Decision {
  if (paths.length === 1) return { best: paths[0]!, multipath: paths, reason: 'only-path' };
  let picked: { best: Path; reason: BestPathReason | 'only-path' };
  if (o.deterministicMed === true) {
    // FRR bgp_best_selection: best per neighbor AS first (MED applies inside a group), then among the winners.
    const groups = new Map<number, Path[]>();
    for (const p of paths) {
      const k = p.attrs.neighborAs;
      const g = groups.get(k);
      if (g === undefined) groups.set(k, [p]);
      else g.push(p);
    }
    const winners: Path[] = [];
    for (const g of groups.values()) winners.push(scan(g, o).best);
    picked = scan(winners, o);
    if (winners.length === 1) picked = scan(paths, o);
  } else {
    picked = scan(paths, o);
  }
  return { best: picked.best, multipath: multipathSet(picked.best, paths, o), reason: picked.reason };
}

function multipathSet(best: Path, paths: readonly Path[], o: BestPathOptions): readonly Path[] {
  const internal = best.peer.kind === 'ibgp';
  const max = internal ? (o.maximumPathsIbgp ?? 1) : (o.maximumPaths ?? 1);
  if (max <= 1 || best.peer.kind === 'local') return [best];
  const out: Path[] = [best];
  for (const p of paths) {
    if (out.length >= max) break;
    if (p === best) continue;
    if ((p.peer.kind === 'ibgp') !== internal || p.peer.kind === 'local') continue;
    if (!equalForMultipath(best, p, o)) continue;
    // FRR: without multipath-relax the AS paths must be identical (so the neighbor AS is the same too).
    if (o.asPathMultipathRelax !== true && !sameAsPath(best, p)) continue;
    out.push(p);
  }
  return out;
}
