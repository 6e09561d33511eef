/**
 * The path attribute table: one row per known type code with its name, the Optional/Transitive flags it must
 * carry, its value codec and the RFC 7606 handling level when it is malformed.
 */
import {
  aggregatorAttrCodec,
  as4AggregatorCodec,
  as4PathCodec,
  asPathCodec,
  atomicAggregateCodec,
  clusterListCodec,
  communitiesCodec,
  largeCommunitiesCodec,
  localPrefCodec,
  medCodec,
  mpReachCodec,
  mpUnreachCodec,
  nextHopCodec,
  originatorIdCodec,
  originCodec,
} from './attribute-codecs.js';
import type { Codec } from './codec.js';
import { AttributeFlag, AttributeType, UpdateMessageErrorSubcode } from './codes.js';
import { ErrorHandling, type ErrorHandlingLevel } from './errors.js';
import type { Aggregator, AsPathSegment, PathAttributes } from './path-attributes.js';

/** Attributes as decoded before RFC 6793 reconstruction (AS4_* only live here, never in PathAttributes). */
export interface DecodedAttributeValues extends Omit<PathAttributes, 'unknown'> {
  readonly as4Path?: readonly AsPathSegment[];
  readonly as4Aggregator?: Aggregator;
}

export type AttributeKey = keyof DecodedAttributeValues;

export interface AttributeRow<K extends AttributeKey = AttributeKey> {
  readonly typeCode: number;
  readonly key: K;
  /** Expected Optional and Transitive bits (RFC 4271 §5; checked per RFC 7606 §3 c). */
  readonly flags: number;
  /** RFC 7606 handling level when the attribute is malformed. */
  readonly handling: ErrorHandlingLevel;
  /** UPDATE Message Error subcode reported when the value is malformed and the codec did not name one. */
  readonly malformedSubcode: number;
  /** Where the handling level is specified. */
  readonly rfc: string;
  readonly codec: Codec<NonNullable<DecodedAttributeValues[K]>>;
}

const WELL_KNOWN = AttributeFlag.transitive;
const OPTIONAL = AttributeFlag.optional;
const OPTIONAL_TRANSITIVE = AttributeFlag.optional | AttributeFlag.transitive;
const H = ErrorHandling;
const S = UpdateMessageErrorSubcode;

function row<K extends AttributeKey>(r: AttributeRow<K>): AttributeRow<K> {
  return Object.freeze(r);
}

/** In type-code order (also the order attributes are encoded in). */
export const ATTRIBUTE_TABLE = [
  row({
    typeCode: AttributeType.origin,
    key: 'origin',
    flags: WELL_KNOWN,
    handling: H.treatAsWithdraw,
    malformedSubcode: S.attributeLengthError,
    rfc: 'RFC 7606 §7.1',
    codec: originCodec,
  }),
  row({
    typeCode: AttributeType.asPath,
    key: 'asPath',
    flags: WELL_KNOWN,
    handling: H.treatAsWithdraw,
    malformedSubcode: S.malformedAsPath,
    rfc: 'RFC 7606 §7.2',
    codec: asPathCodec,
  }),
  row({
    typeCode: AttributeType.nextHop,
    key: 'nextHop',
    flags: WELL_KNOWN,
    handling: H.treatAsWithdraw,
    malformedSubcode: S.attributeLengthError,
    rfc: 'RFC 7606 §7.3',
    codec: nextHopCodec,
  }),
  row({
    typeCode: AttributeType.med,
    key: 'med',
    flags: OPTIONAL,
    handling: H.treatAsWithdraw,
    malformedSubcode: S.attributeLengthError,
    rfc: 'RFC 7606 §7.4',
    codec: medCodec,
  }),
  row({
    typeCode: AttributeType.localPref,
    key: 'localPref',
    flags: WELL_KNOWN,
    handling: H.treatAsWithdraw,
    malformedSubcode: S.attributeLengthError,
    rfc: 'RFC 7606 §7.5',
    codec: localPrefCodec,
  }),
  row({
    typeCode: AttributeType.atomicAggregate,
    key: 'atomicAggregate',
    flags: WELL_KNOWN,
    handling: H.attributeDiscard,
    malformedSubcode: S.attributeLengthError,
    rfc: 'RFC 7606 §7.6',
    codec: atomicAggregateCodec,
  }),
  row({
    typeCode: AttributeType.aggregator,
    key: 'aggregator',
    flags: OPTIONAL_TRANSITIVE,
    handling: H.attributeDiscard,
    malformedSubcode: S.attributeLengthError,
    rfc: 'RFC 7606 §7.7',
    codec: aggregatorAttrCodec,
  }),
  row({
    typeCode: AttributeType.communities,
    key: 'communities',
    flags: OPTIONAL_TRANSITIVE,
    handling: H.treatAsWithdraw,
    malformedSubcode: S.attributeLengthError,
    rfc: 'RFC 7606 §7.8',
    codec: communitiesCodec,
  }),
  row({
    typeCode: AttributeType.originatorId,
    key: 'originatorId',
    flags: OPTIONAL,
    handling: H.treatAsWithdraw,
    malformedSubcode: S.attributeLengthError,
    rfc: 'RFC 7606 §7.9',
    codec: originatorIdCodec,
  }),
  row({
    typeCode: AttributeType.clusterList,
    key: 'clusterList',
    flags: OPTIONAL,
    handling: H.treatAsWithdraw,
    malformedSubcode: S.attributeLengthError,
    rfc: 'RFC 7606 §7.10',
    codec: clusterListCodec,
  }),
  row({
    typeCode: AttributeType.mpReach,
    key: 'mpReach',
    flags: OPTIONAL,
    handling: H.sessionReset,
    malformedSubcode: S.optionalAttributeError,
    rfc: 'RFC 7606 §7.11',
    codec: mpReachCodec,
  }),
  row({
    typeCode: AttributeType.mpUnreach,
    key: 'mpUnreach',
    flags: OPTIONAL,
    handling: H.sessionReset,
    malformedSubcode: S.optionalAttributeError,
    rfc: 'RFC 7606 §7.12',
    codec: mpUnreachCodec,
  }),
  row({
    typeCode: AttributeType.as4Path,
    key: 'as4Path',
    flags: OPTIONAL_TRANSITIVE,
    handling: H.attributeDiscard,
    malformedSubcode: S.malformedAsPath,
    rfc: 'RFC 6793 §6',
    codec: as4PathCodec,
  }),
  row({
    typeCode: AttributeType.as4Aggregator,
    key: 'as4Aggregator',
    flags: OPTIONAL_TRANSITIVE,
    handling: H.attributeDiscard,
    malformedSubcode: S.attributeLengthError,
    rfc: 'RFC 6793 §6',
    codec: as4AggregatorCodec,
  }),
  row({
    typeCode: AttributeType.largeCommunities,
    key: 'largeCommunities',
    flags: OPTIONAL_TRANSITIVE,
    handling: H.treatAsWithdraw,
    malformedSubcode: S.attributeLengthError,
    rfc: 'RFC 8092 §6',
    codec: largeCommunitiesCodec,
  }),
] as const satisfies readonly AttributeRow[];

/** Rows indexed by type code (undefined for unknown codes). */
export const ATTRIBUTE_BY_CODE: readonly (AttributeRow | undefined)[] = (() => {
  const byCode = new Array<AttributeRow | undefined>(256).fill(undefined);
  for (const r of ATTRIBUTE_TABLE) byCode[r.typeCode] = r as unknown as AttributeRow;
  return byCode;
})();

const RANK: Readonly<Record<ErrorHandlingLevel, number>> = {
  sessionReset: 3,
  afiSafiDisable: 2,
  treatAsWithdraw: 1,
  attributeDiscard: 0,
};

/** The more severe of two handling levels (RFC 7606 §3: the strongest applicable approach wins). */
export function strongerHandling(a: ErrorHandlingLevel, b: ErrorHandlingLevel): ErrorHandlingLevel {
  return RANK[a] >= RANK[b] ? a : b;
}
