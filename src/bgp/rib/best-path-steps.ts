/**
 * The steps of the BGP decision process (RFC 4271 §9.1.2.2 with the usual FRR tie breaks), one small comparator
 * each. A comparator returns `{ winner: -1 }` when path `a` is better, `1` when `b` is, `0` when the step cannot
 * tell them apart; `reason` names the step (FRR "bestpath reason"). Results are shared constants: comparing
 * allocates nothing.
 */
import type { Path } from './path.js';

export type BestPathReason =
  | 'weight'
  | 'local-pref'
  | 'local-route'
  | 'as-path-length'
  | 'origin'
  | 'med'
  | 'peer-type'
  | 'igp-cost'
  | 'older-path'
  | 'router-id'
  | 'cluster-list-length'
  | 'peer-address'
  | 'equal';

export interface StepResult {
  readonly winner: -1 | 0 | 1;
  readonly reason: BestPathReason;
}

export interface BestPathOptions {
  /** LOCAL_PREF assumed when a path has none (eBGP-learned paths never carry one). Default 100. */
  readonly defaultLocalPref?: number;
  /** `bgp bestpath as-path ignore`. */
  readonly asPathIgnore?: boolean;
  /** `bgp always-compare-med`: compare MED between paths from different neighbor ASes too. */
  readonly alwaysCompareMed?: boolean;
  /** `bgp deterministic-med`: pick the best per neighbor AS first, then compare those winners. */
  readonly deterministicMed?: boolean;
  /** `bgp bestpath med missing-as-worst`: a missing MED is 4294967295 instead of 0 (RFC 4271 §9.1.2.2 c). */
  readonly medMissingAsWorst?: boolean;
  /** `bgp bestpath compare-routerid`: skip the "prefer the oldest eBGP path" step. */
  readonly compareRouterId?: boolean;
  /** IGP cost to reach a next hop (RFC 4271 §9.1.2.2 e). Default: 0 for every next hop. */
  readonly igpCost?: (nextHop: string) => number;
  /** ECMP over eBGP paths (`maximum-paths N`). Default 1 (no multipath). */
  readonly maximumPaths?: number;
  /** ECMP over iBGP paths (`maximum-paths ibgp N`). Default 1. */
  readonly maximumPathsIbgp?: number;
  /** `bgp bestpath as-path multipath-relax`: equal AS path length is enough (no identical path needed). */
  readonly asPathMultipathRelax?: boolean;
}

export type Comparator = (a: Path, b: Path, o: BestPathOptions) => StepResult;

const results = new Map<string, StepResult>();
function result(winner: -1 | 0 | 1, reason: BestPathReason): StepResult {
  const k = `${winner}${reason}`;
  let r = results.get(k);
  if (r === undefined) {
    r = Object.freeze({ winner, reason });
    results.set(k, r);
  }
  return r;
}

function stepResults(reason: BestPathReason): readonly [StepResult, StepResult, StepResult] {
  return [result(-1, reason), result(0, reason), result(1, reason)];
}

/** Lower value wins. */
function lower(r: readonly [StepResult, StepResult, StepResult], x: number, y: number): StepResult {
  return x < y ? r[0] : x > y ? r[2] : r[1];
}

const WEIGHT = stepResults('weight');
const LOCAL_PREF = stepResults('local-pref');
const LOCAL_ROUTE = stepResults('local-route');
const AS_PATH = stepResults('as-path-length');
const ORIGIN = stepResults('origin');
const MED = stepResults('med');
const PEER_TYPE = stepResults('peer-type');
const IGP = stepResults('igp-cost');
const OLDER = stepResults('older-path');
const ROUTER_ID = stepResults('router-id');
const CLUSTER = stepResults('cluster-list-length');
const PEER_ADDRESS = stepResults('peer-address');

/** Highest weight (local, default 0; FRR and Cisco consider it before anything else). */
export const compareByWeight: Comparator = (a, b) => lower(WEIGHT, -a.attrs.weight, -b.attrs.weight);

/** RFC 4271 §9.1.1: highest degree of preference (LOCAL_PREF, default 100). */
export const compareByLocalPref: Comparator = (a, b, o) => {
  const d = o.defaultLocalPref ?? 100;
  const x = a.attrs.localPref;
  const y = b.attrs.localPref;
  return lower(LOCAL_PREF, -(x < 0 ? d : x), -(y < 0 ? d : y));
};

/** Locally originated routes (network/redistribute/aggregate) before learned ones (FRR step 3). */
export const compareByLocalRoute: Comparator = (a, b) =>
  lower(LOCAL_ROUTE, a.peer.kind === 'local' ? 0 : 1, b.peer.kind === 'local' ? 0 : 1);

/** RFC 4271 §9.1.2.2 a: fewest AS numbers (AS_SET counts 1, confederation segments 0). */
export const compareByAsPathLength: Comparator = (a, b, o) =>
  o.asPathIgnore === true ? AS_PATH[1] : lower(AS_PATH, a.attrs.asPathLength, b.attrs.asPathLength);

/** RFC 4271 §9.1.2.2 b: lowest ORIGIN (IGP < EGP < INCOMPLETE). */
export const compareByOrigin: Comparator = (a, b) => lower(ORIGIN, a.attrs.origin, b.attrs.origin);

const MAX_MED = 4294967295;

/**
 * RFC 4271 §9.1.2.2 c: MED is compared between paths from the same neighbor AS; FRR also compares two paths
 * without any AS hop (internal routes), and all paths with `always-compare-med`.
 */
export function medComparable(a: Path, b: Path, o: BestPathOptions): boolean {
  if (o.alwaysCompareMed === true) return true;
  const na = a.attrs.neighborAs;
  if (na >= 0 && na === b.attrs.neighborAs) return true;
  return a.attrs.asPathLength === 0 && b.attrs.asPathLength === 0;
}

/** RFC 4271 §9.1.2.2 c: lowest MED (a missing MED is 0, or the worst value with `med missing-as-worst`). */
export const compareByMed: Comparator = (a, b, o) => {
  if (!medComparable(a, b, o)) return MED[1];
  const missing = o.medMissingAsWorst === true ? MAX_MED : 0;
  const x = a.attrs.med;
  const y = b.attrs.med;
  return lower(MED, x < 0 ? missing : x, y < 0 ? missing : y);
};

/** eBGP (and local) 0; iBGP and confederation-eBGP (RFC 5065 §5.3: internal for this step) 1. */
const PEER_RANK = { local: 0, ebgp: 0, confed: 1, ibgp: 1 } as const;

/** RFC 4271 §9.1.2.2 d: paths from eBGP peers over paths from iBGP (and confederation) peers. */
export const compareByPeerType: Comparator = (a, b) => lower(PEER_TYPE, PEER_RANK[a.peer.kind], PEER_RANK[b.peer.kind]);

/** RFC 4271 §9.1.2.2 e: lowest IGP cost to the next hop (a hook; without one every cost is 0). */
export const compareByIgpCost: Comparator = (a, b, o) => {
  if (o.igpCost === undefined) return IGP[1];
  return lower(IGP, o.igpCost(a.attrs.nextHop), o.igpCost(b.attrs.nextHop));
};

/** RFC 5004 (FRR): between two eBGP paths prefer the one received first, unless `compare-routerid`. */
export const compareByAge: Comparator = (a, b, o) => {
  if (o.compareRouterId === true || a.peer.kind !== 'ebgp' || b.peer.kind !== 'ebgp') return OLDER[1];
  return lower(OLDER, a.seq, b.seq);
};

/** RFC 4456 §9: the ORIGINATOR_ID stands in for the BGP Identifier when present. */
function effectiveRouterId(p: Path): number {
  const orig = p.attrs.originatorId;
  return orig >= 0 ? orig : p.peer.routerId;
}

/** RFC 4271 §9.1.2.2 f: lowest BGP Identifier (RFC 4456 §9: ORIGINATOR_ID when present). */
export const compareByRouterId: Comparator = (a, b) => lower(ROUTER_ID, effectiveRouterId(a), effectiveRouterId(b));

/** RFC 4456 §9: shortest CLUSTER_LIST. */
export const compareByClusterListLength: Comparator = (a, b) =>
  lower(CLUSTER, a.attrs.clusterListLength, b.attrs.clusterListLength);

/** RFC 4271 §9.1.2.2 g: lowest peer address. */
export const compareByPeerAddress: Comparator = (a, b) => {
  const x = a.peer.addressSortKey;
  const y = b.peer.addressSortKey;
  return x < y ? PEER_ADDRESS[0] : x > y ? PEER_ADDRESS[2] : PEER_ADDRESS[1];
};

/** The steps up to and including the IGP cost: paths equal through these may share ECMP. */
export const MULTIPATH_STEPS: readonly Comparator[] = [
  compareByWeight,
  compareByLocalPref,
  compareByLocalRoute,
  compareByAsPathLength,
  compareByOrigin,
  compareByMed,
  compareByPeerType,
  compareByIgpCost,
];

/** All steps in decision order. */
export const BEST_PATH_STEPS: readonly Comparator[] = [
  ...MULTIPATH_STEPS,
  compareByAge,
  compareByRouterId,
  compareByClusterListLength,
  compareByPeerAddress,
];

export const EQUAL: StepResult = result(0, 'equal');
