/**
 * The attribute set a RIB path carries: the wire `PathAttributes` without the NLRI-carrying MP attributes, with the
 * next hop(s) lifted out of MP_REACH, plus the local-only `weight`. `attribute-key.ts` gives each set its canonical
 * byte key (equal sets ⇔ equal keys).
 */
import type {
  Aggregator,
  AsPathSegment,
  LargeCommunity,
  PathAttributes,
  RawAttribute,
} from '../wire/path-attributes.js';

export interface RibAttributes {
  /** RFC 4271 §5.1.1 (0 igp, 1 egp, 2 incomplete). */
  readonly origin: number;
  readonly asPath: readonly AsPathSegment[];
  /** The (global) next hop: IPv4 dotted quad or IPv6 RFC 5952 text; '' when none is known (local routes). */
  readonly nextHop: string;
  /** RFC 2545 §3: second (link-local) IPv6 next hop. */
  readonly nextHopLinkLocal?: string;
  readonly med?: number;
  readonly localPref?: number;
  readonly atomicAggregate?: true;
  readonly aggregator?: Aggregator;
  /** RFC 1997 communities (u32), in received order. */
  readonly communities?: readonly number[];
  readonly largeCommunities?: readonly LargeCommunity[];
  /** RFC 4456 §8 (dotted quads). */
  readonly originatorId?: string;
  readonly clusterList?: readonly string[];
  /** Unrecognised optional attributes as received. */
  readonly unknown?: readonly RawAttribute[];
  /** Local only (never sent): the FRR/Cisco `weight`, default 0. */
  readonly weight?: number;
}

/** Mutable draft used while building or editing an attribute set. */
export type RibAttributesDraft = { -readonly [K in keyof RibAttributes]: RibAttributes[K] };

/**
 * RIB attributes from decoded UPDATE attributes. The next hop comes from MP_REACH (IPv6: global, then link-local)
 * or NEXT_HOP (IPv4 NLRI).
 */
export function ribAttributesFromWire(pa: PathAttributes, afi: 1 | 2 = 2): RibAttributes {
  const out: RibAttributesDraft = { origin: pa.origin ?? 2, asPath: pa.asPath ?? [], nextHop: '' };
  const mpHops = pa.mpReach?.nextHops;
  if (afi === 2 && mpHops !== undefined && mpHops.length > 0) {
    out.nextHop = mpHops[0]!;
    if (mpHops[1] !== undefined) out.nextHopLinkLocal = mpHops[1];
  } else if (pa.nextHop !== undefined) out.nextHop = pa.nextHop;
  if (pa.med !== undefined) out.med = pa.med;
  if (pa.localPref !== undefined) out.localPref = pa.localPref;
  if (pa.atomicAggregate !== undefined) out.atomicAggregate = true;
  if (pa.aggregator !== undefined) out.aggregator = pa.aggregator;
  if (pa.communities !== undefined && pa.communities.length > 0) out.communities = pa.communities;
  if (pa.largeCommunities !== undefined && pa.largeCommunities.length > 0) out.largeCommunities = pa.largeCommunities;
  if (pa.originatorId !== undefined) out.originatorId = pa.originatorId;
  if (pa.clusterList !== undefined && pa.clusterList.length > 0) out.clusterList = pa.clusterList;
  if (pa.unknown !== undefined && pa.unknown.length > 0) out.unknown = pa.unknown;
  return out;
}

/** A frozen deep copy (the interned value must never change under its users). */
export function freezeAttributes(a: RibAttributes): RibAttributes {
  const out: RibAttributesDraft = { ...a };
  out.asPath = Object.freeze(a.asPath.map((s) => Object.freeze({ type: s.type, asns: Object.freeze([...s.asns]) })));
  if (a.communities !== undefined) out.communities = Object.freeze([...a.communities]);
  if (a.largeCommunities !== undefined)
    out.largeCommunities = Object.freeze(a.largeCommunities.map((l) => Object.freeze([l[0], l[1], l[2]] as const)));
  if (a.clusterList !== undefined) out.clusterList = Object.freeze([...a.clusterList]);
  if (a.aggregator !== undefined) out.aggregator = Object.freeze({ ...a.aggregator });
  if (a.unknown !== undefined) out.unknown = Object.freeze(a.unknown.map((u) => Object.freeze({ ...u })));
  for (const k of Object.keys(out) as (keyof RibAttributesDraft)[]) if (out[k] === undefined) delete out[k];
  return Object.freeze(out);
}

/** RFC 4271 §9.1.2.2 a: AS_SET counts 1, confederation segments count 0 (RFC 5065 §5.3). */
export function asPathLength(asPath: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of asPath) {
    if (s.type === 'sequence') n += s.asns.length;
    else if (s.type === 'set') n += 1;
  }
  return n;
}

/**
 * The neighbor AS (RFC 4271 §9.1.2.2 c): the first AS of the first non-confederation segment when it is an
 * AS_SEQUENCE; undefined for an empty path or one starting with an AS_SET.
 */
export function neighborAs(asPath: readonly AsPathSegment[]): number | undefined {
  for (const s of asPath) {
    if (s.type === 'confedSequence' || s.type === 'confedSet') continue;
    return s.type === 'sequence' ? s.asns[0] : undefined;
  }
  return undefined;
}

/** `65001 65002 {65003,65004}` as FRR prints it (confed sequence in parentheses, confed set in brackets). */
export function formatAsPathText(asPath: readonly AsPathSegment[]): string {
  const parts: string[] = [];
  for (const s of asPath) {
    if (s.asns.length === 0) continue;
    if (s.type === 'sequence') parts.push(s.asns.join(' '));
    else if (s.type === 'set') parts.push(`{${s.asns.join(',')}}`);
    else if (s.type === 'confedSequence') parts.push(`(${s.asns.join(' ')})`);
    else parts.push(`[${s.asns.join(',')}]`);
  }
  return parts.join(' ');
}
