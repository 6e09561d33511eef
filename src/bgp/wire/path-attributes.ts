/** Decoded path attributes of an UPDATE (RFC 4271 §5) as one structured, readonly object. */
import type { Prefix } from './prefix.js';

export type AsPathSegmentTypeName = 'sequence' | 'set' | 'confedSequence' | 'confedSet';

export interface AsPathSegment {
  readonly type: AsPathSegmentTypeName;
  readonly asns: readonly number[];
}

export interface Aggregator {
  readonly asn: number;
  /** Dotted quad. */
  readonly address: string;
}

/** RFC 4760 §3. Decoded for IPv4/IPv6 unicast and multicast; other families stay in `unknown` as raw bytes. */
export interface MpReach {
  readonly afi: number;
  readonly safi: number;
  /** RFC 5952 text (IPv6: global, or global + link-local; IPv4: dotted quad). */
  readonly nextHops: readonly string[];
  readonly nlri: readonly Prefix[];
}

/** RFC 4760 §4. Any family decodes when it carries no NLRI (End-of-RIB, RFC 4724 §2). */
export interface MpUnreach {
  readonly afi: number;
  readonly safi: number;
  readonly withdrawn: readonly Prefix[];
}

/** An attribute kept byte-for-byte (unknown type, or a family the codec does not parse). */
export interface RawAttribute {
  /** Flags as received (RFC 4271 §4.3): optional, transitive, partial, extended length. */
  readonly flags: number;
  readonly typeCode: number;
  readonly value: Uint8Array;
}

/** RFC 8092 §3: global administrator, local data part 1, local data part 2. */
export type LargeCommunity = readonly [number, number, number];

export interface PathAttributes {
  /** RFC 4271 §5.1.1, see `Origin`. */
  readonly origin?: number;
  /** Full AS path with 4-octet AS numbers (RFC 6793 §4.2.3 reconstruction applied on 2-octet sessions). */
  readonly asPath?: readonly AsPathSegment[];
  /** IPv4 NEXT_HOP as a dotted quad. */
  readonly nextHop?: string;
  readonly med?: number;
  readonly localPref?: number;
  readonly atomicAggregate?: true;
  readonly aggregator?: Aggregator;
  /** RFC 1997 communities as u32 values, in received order. */
  readonly communities?: readonly number[];
  /** RFC 4456 §8, dotted quad. */
  readonly originatorId?: string;
  /** RFC 4456 §8, dotted quads. */
  readonly clusterList?: readonly string[];
  readonly mpReach?: MpReach;
  readonly mpUnreach?: MpUnreach;
  readonly largeCommunities?: readonly LargeCommunity[];
  /** Unrecognised optional attributes, in type-code order. */
  readonly unknown?: readonly RawAttribute[];
}
