/**
 * From a peer to the advertisements that apply to it (reference §4.1), and the attribute arithmetic of §4.4:
 * communities of one advertisement (standard + well-known deduplicated by value, large by text), and the merge of
 * overlapping advertisements (1.18+: union and max local-pref; ≤1.17: last wins).
 */
import type { CiliumBgpAdvertisement } from '../../k8s/kinds.js';
import type { CiliumBgpAdvertisementEntry, CiliumBgpPeerConfigSpec } from '../../k8s/objects.js';
import { compileSelector } from '../selector.js';
import type { AdvertisementType, AfiSafi, DesiredPath, PathReason } from './types.js';

/** An advertisement entry with where it came from (object name, index in `spec.advertisements`). */
export interface SelectedAdvertisement {
  readonly object: string;
  readonly entry: number;
  readonly advert: CiliumBgpAdvertisementEntry;
}

export interface FamilyAdvertisements {
  readonly family: AfiSafi;
  readonly adverts: readonly SelectedAdvertisement[];
}

/**
 * §4.1: for a peer with a PeerConfig, each family **as written** (no defaults: empty families → nothing) selects
 * CiliumBGPAdvertisement objects by their labels (nil selector → nothing, `{}` → all); the entries of `type` are
 * collected in object order, then array order. Throws `E_CILIUM_SELECTOR_VALUES` like Cilium's conversion.
 */
export function advertisementsForPeer(
  spec: CiliumBgpPeerConfigSpec,
  objects: readonly CiliumBgpAdvertisement[],
  type: AdvertisementType,
): FamilyAdvertisements[] {
  return (spec.families ?? []).map((f) => {
    const matcher = compileSelector(f.advertisements, 'nothing');
    const adverts: SelectedAdvertisement[] = [];
    for (const obj of objects) {
      if (!matcher.matches(obj.metadata.labels ?? {})) continue;
      obj.spec.advertisements.forEach((advert, entry) => {
        if (advert.advertisementType === type) adverts.push({ object: obj.metadata.name, entry, advert });
      });
    }
    return { family: { afi: f.afi, safi: f.safi }, adverts };
  });
}

/** §1.3 well-known community names and their values. */
export const WELL_KNOWN_COMMUNITIES: Readonly<Record<string, number>> = {
  internet: 0x00000000,
  'planned-shut': 0xffff0000,
  'accept-own': 0xffff0001,
  'route-filter-translated-v4': 0xffff0002,
  'route-filter-v4': 0xffff0003,
  'route-filter-translated-v6': 0xffff0004,
  'route-filter-v6': 0xffff0005,
  'llgr-stale': 0xffff0006,
  'no-llgr': 0xffff0007,
  blackhole: 0xffff029a,
  'no-export': 0xffffff01,
  'no-advertise': 0xffffff02,
  'no-export-subconfed': 0xffffff03,
  'no-peer': 0xffffff04,
};

/** A standard community (`a:b`, one decimal, or a well-known name) as its 32-bit value. */
export function communityValue(text: string): number | undefined {
  const named = WELL_KNOWN_COMMUNITIES[text];
  if (named !== undefined) return named;
  const pair = /^(\d{1,5}):(\d{1,5})$/.exec(text);
  if (pair) {
    const hi = Number(pair[1]);
    const lo = Number(pair[2]);
    return hi <= 0xffff && lo <= 0xffff ? ((hi << 16) | lo) >>> 0 : undefined;
  }
  if (/^\d{1,10}$/.test(text)) {
    const n = Number(text);
    return n <= 0xffffffff ? n : undefined;
  }
  return undefined;
}

/** `hi:lo` (the form every BGP implementation reads). */
export const communityNumeric = (value: number): string => `${value >>> 16}:${value & 0xffff}`;

/**
 * §4.4 `getCommunities`: standard and well-known merged and deduplicated by numeric value (the first text seen
 * stays), large communities deduplicated by text.
 */
export function advertCommunities(advert: CiliumBgpAdvertisementEntry): { standard: string[]; large: string[] } {
  const c = advert.attributes?.communities;
  const seen = new Set<number>();
  const standard: string[] = [];
  for (const text of [...(c?.standard ?? []), ...(c?.wellKnown ?? [])]) {
    const v = communityValue(text);
    if (v === undefined || seen.has(v)) continue;
    seen.add(v);
    standard.push(text);
  }
  return { standard, large: [...new Set(c?.large ?? [])] };
}

/** The attributes one advertisement gives a path. */
export function pathFromAdvert(
  prefix: string,
  sel: SelectedAdvertisement,
  reason: PathReason,
  origin: DesiredPath['origin'],
): DesiredPath {
  const { standard, large } = advertCommunities(sel.advert);
  const lp = sel.advert.attributes?.localPreference;
  return {
    prefix,
    communities: standard,
    largeCommunities: large,
    ...(lp !== undefined ? { localPref: lp } : {}),
    origin,
    reasons: [reason],
  };
}

const sortedUnion = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])].sort();

/**
 * §4.4: two paths for one prefix towards one peer and family. `union` (1.18+): communities and large communities
 * unioned, deduplicated by text and sorted; local-pref the maximum. `last-wins` (≤1.17): the later one's attributes.
 * Reasons accumulate either way.
 */
export function mergePaths(a: DesiredPath, b: DesiredPath, mode: 'union' | 'last-wins'): DesiredPath {
  const reasons = [...a.reasons, ...b.reasons];
  if (mode === 'last-wins') return { ...b, reasons };
  const lp =
    a.localPref === undefined
      ? b.localPref
      : b.localPref === undefined
        ? a.localPref
        : Math.max(a.localPref, b.localPref);
  return {
    prefix: a.prefix,
    communities: sortedUnion(a.communities, b.communities),
    largeCommunities: sortedUnion(a.largeCommunities, b.largeCommunities),
    ...(lp !== undefined ? { localPref: lp } : {}),
    origin: a.origin === 'incomplete' || b.origin === 'incomplete' ? 'incomplete' : 'igp',
    reasons,
  };
}

/** Accumulates paths per prefix, merging overlaps. */
export class PathSet {
  readonly #paths = new Map<string, DesiredPath>();
  constructor(private readonly mode: 'union' | 'last-wins') {}

  add(path: DesiredPath): void {
    const prev = this.#paths.get(path.prefix);
    this.#paths.set(path.prefix, prev === undefined ? path : mergePaths(prev, path, this.mode));
  }

  /** PodCIDR/Interface paths: last wins, never merged (§4.4) — but still one path per prefix. */
  replace(path: DesiredPath): void {
    const prev = this.#paths.get(path.prefix);
    this.#paths.set(path.prefix, prev === undefined ? path : { ...path, reasons: [...prev.reasons, ...path.reasons] });
  }

  /** Paths sorted by prefix length descending, then prefix text (policy statements are longest-first, §5.3). */
  list(): DesiredPath[] {
    const len = (p: string) => Number(p.slice(p.indexOf('/') + 1));
    return [...this.#paths.values()].sort(
      (x, y) => len(y.prefix) - len(x.prefix) || (x.prefix < y.prefix ? -1 : x.prefix > y.prefix ? 1 : 0),
    );
  }
}
