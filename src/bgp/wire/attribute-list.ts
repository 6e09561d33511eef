/**
 * The Path Attributes field of an UPDATE (RFC 4271 §4.3) with RFC 7606 revised error handling: malformed
 * attributes are discarded or make the UPDATE "treat-as-withdraw" (reported, not thrown); only session-reset
 * problems throw BgpWireError.
 */
import { ByteReader, ByteUnderflowError, type ByteWriter } from '../../core/bytes.js';
import { as4PathFor, needsAs4Aggregator, needsAs4Path, reconstructAs4 } from './as4.js';
import { isParsedFamily } from './attribute-codecs.js';
import { ATTRIBUTE_BY_CODE, ATTRIBUTE_TABLE, type AttributeRow, strongerHandling } from './attribute-table.js';
import { AttributeFlag, AttributeType, NotificationCode, UpdateMessageErrorSubcode } from './codes.js';
import type { WireContext } from './context.js';
import { BgpWireError, ErrorHandling, type ErrorHandlingLevel } from './errors.js';
import type { PathAttributes, RawAttribute } from './path-attributes.js';

/** One non-fatal problem found in an UPDATE (RFC 7606 §2: logged, not sent as a NOTIFICATION). */
export interface UpdateError {
  /** Attribute type code the problem is about (0 when it concerns the attribute list as a whole). */
  readonly attrType: number;
  readonly handling: ErrorHandlingLevel;
  /** The NOTIFICATION code/subcode RFC 4271 would have used. */
  readonly code: number;
  readonly subcode: number;
}

export interface DecodedAttributes {
  readonly attributes: PathAttributes;
  readonly errors: readonly UpdateError[];
  readonly treatAsWithdraw: boolean;
}

const S = UpdateMessageErrorSubcode;
const UPDATE = NotificationCode.updateMessageError;
// Local copies of the table constants used per attribute (cheaper than module namespace reads in the hot loop).
const OPTIONAL = AttributeFlag.optional;
const EXTENDED_LENGTH = AttributeFlag.extendedLength;
const FLAG_MASK = AttributeFlag.optional | AttributeFlag.transitive;
const MP_REACH = AttributeType.mpReach;
const MP_UNREACH = AttributeType.mpUnreach;
const TREAT_AS_WITHDRAW = ErrorHandling.treatAsWithdraw;
const ATTRIBUTE_DISCARD = ErrorHandling.attributeDiscard;
const SESSION_RESET = ErrorHandling.sessionReset;
const AFI_SAFI_DISABLE = ErrorHandling.afiSafiDisable;
const BY_CODE = ATTRIBUTE_BY_CODE;
const EMPTY_ERRORS: readonly UpdateError[] = Object.freeze([]);

/** Per-call "seen" marks without allocating: a stamp per type code. */
const seenStamp = new Uint32Array(256);
let stamp = 0;

function nextStamp(): number {
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    seenStamp.fill(0);
    stamp = 1;
  }
  return stamp;
}

function addError(
  errors: UpdateError[] | undefined,
  attrType: number,
  handling: ErrorHandlingLevel,
  subcode: number,
): UpdateError[] {
  const list = errors ?? [];
  list.push({ attrType, handling, code: UPDATE, subcode });
  return list;
}

function hasErrorFor(errors: readonly UpdateError[] | undefined, attrType: number): boolean {
  if (errors !== undefined) for (const e of errors) if (e.attrType === attrType) return true;
  return false;
}

/**
 * Decodes the attributes in `r` (exactly the Path Attributes field). `hasIpv4Nlri` tells whether the UPDATE
 * carries NLRI in its NLRI field (for the mandatory-attribute check of RFC 7606 §3 d).
 */
export function decodeAttributes(r: ByteReader, ctx: WireContext, hasIpv4Nlri: boolean): DecodedAttributes {
  const out: Record<string, unknown> = {};
  let unknown: RawAttribute[] | undefined;
  let errors: UpdateError[] | undefined;
  const mark = nextStamp();
  const buf = r.buf;

  while (r.remaining > 0) {
    const start = r.offset;
    // RFC 7606 §4: fewer octets than a minimal attribute header: treat-as-withdraw, NLRI located via the total length
    if (r.remaining < 3) {
      errors = addError(errors, 0, TREAT_AS_WITHDRAW, S.malformedAttributeList);
      break;
    }
    const flags = buf[start]!;
    const typeCode = buf[start + 1]!;
    const ext = (flags & EXTENDED_LENGTH) !== 0;
    if (ext && r.remaining < 4) {
      errors = addError(errors, typeCode, TREAT_AS_WITHDRAW, S.malformedAttributeList); // RFC 7606 §4
      break;
    }
    const len = ext ? (buf[start + 2]! << 8) | buf[start + 3]! : buf[start + 2]!;
    const valueStart = start + (ext ? 4 : 3);
    // RFC 7606 §4: the last attribute overruns the Total Attribute Length → treat-as-withdraw
    if (valueStart + len > r.end) {
      errors = addError(errors, typeCode, TREAT_AS_WITHDRAW, S.malformedAttributeList);
      break;
    }
    r.offset = valueStart + len;
    const row = BY_CODE[typeCode];

    if (seenStamp[typeCode] === mark) {
      // RFC 7606 §3 g: repeated MP_REACH/MP_UNREACH → session reset with Malformed Attribute List
      if (typeCode === MP_REACH || typeCode === MP_UNREACH) {
        throw new BgpWireError(UPDATE, S.malformedAttributeList, buf.slice(start, r.offset));
      }
      // RFC 7606 §3 g: other repeats are discarded, the first occurrence stays
      errors = addError(errors, typeCode, ATTRIBUTE_DISCARD, S.malformedAttributeList);
      continue;
    }
    seenStamp[typeCode] = mark;

    if (row === undefined || !isParsedMp(row, buf, valueStart, len)) {
      if ((flags & OPTIONAL) === 0) {
        // RFC 4271 §6.3: an unrecognised well-known attribute
        throw new BgpWireError(UPDATE, S.unrecognizedWellKnownAttribute, buf.slice(start, r.offset));
      }
      // RFC 4271 §5: unrecognised optional attributes are kept (transitive ones are passed on, by the RIB)
      if (unknown === undefined) unknown = [];
      unknown.push({ flags, typeCode, value: buf.slice(valueStart, valueStart + len) });
      continue;
    }

    if ((flags & FLAG_MASK) !== row.flags) {
      // RFC 7606 §3 c: wrong Optional/Transitive bits: malformed, at least treat-as-withdraw
      const handling = strongerHandling(row.handling, TREAT_AS_WITHDRAW);
      if (handling === SESSION_RESET) {
        throw new BgpWireError(UPDATE, S.attributeFlagsError, buf.slice(start, r.offset), handling);
      }
      errors = addError(errors, typeCode, handling, S.attributeFlagsError);
      continue;
    }

    const value = new ByteReader(buf, valueStart, valueStart + len);
    let subcode: number = row.malformedSubcode;
    let ok = false;
    try {
      const v = row.codec.decode(value, ctx);
      if (value.remaining === 0) {
        out[row.key] = v;
        ok = true;
      }
    } catch (e) {
      if (e instanceof BgpWireError) subcode = e.subcode;
      else if (!(e instanceof ByteUnderflowError)) throw e;
    }
    if (ok) continue;
    // RFC 7606 §7: the per-attribute handling level from the table
    if (row.handling === SESSION_RESET || row.handling === AFI_SAFI_DISABLE) {
      throw new BgpWireError(UPDATE, subcode, buf.slice(start, r.offset), row.handling);
    }
    errors = addError(errors, typeCode, row.handling, subcode);
  }

  // RFC 6793 §4.1: a 4-octet speaker ignores AS4_PATH/AS4_AGGREGATOR from a 4-octet peer;
  // RFC 6793 §4.2.3: on a 2-octet session they rebuild the real path.
  const as4Path = out.as4Path as PathAttributes['asPath'];
  const as4Aggregator = out.as4Aggregator as PathAttributes['aggregator'];
  if (as4Path !== undefined || as4Aggregator !== undefined) {
    delete out.as4Path;
    delete out.as4Aggregator;
    if (!ctx.fourOctetAs) {
      const merged = reconstructAs4(
        out.asPath as PathAttributes['asPath'],
        out.aggregator as PathAttributes['aggregator'],
        as4Path,
        as4Aggregator,
      );
      if (merged.asPath !== undefined) out.asPath = merged.asPath;
      if (merged.aggregator !== undefined) out.aggregator = merged.aggregator;
    }
  }
  if (unknown !== undefined) out.unknown = unknown;

  // RFC 7606 §3 d: missing well-known mandatory attributes → treat-as-withdraw (only matters with NLRI present;
  // RFC 4760 §3 makes NEXT_HOP optional when only MP_REACH_NLRI carries reachability).
  const mpReach = out.mpReach as PathAttributes['mpReach'];
  if (hasIpv4Nlri || (mpReach !== undefined && mpReach.nlri.length > 0)) {
    if (out.origin === undefined && !hasErrorFor(errors, AttributeType.origin))
      errors = addError(errors, AttributeType.origin, TREAT_AS_WITHDRAW, S.missingWellKnownAttribute);
    if (out.asPath === undefined && !hasErrorFor(errors, AttributeType.asPath))
      errors = addError(errors, AttributeType.asPath, TREAT_AS_WITHDRAW, S.missingWellKnownAttribute);
    if (hasIpv4Nlri && out.nextHop === undefined && !hasErrorFor(errors, AttributeType.nextHop))
      errors = addError(errors, AttributeType.nextHop, TREAT_AS_WITHDRAW, S.missingWellKnownAttribute);
  }

  if (errors === undefined) return { attributes: out as PathAttributes, errors: EMPTY_ERRORS, treatAsWithdraw: false };
  let withdraw = false;
  for (const e of errors) if (e.handling === TREAT_AS_WITHDRAW) withdraw = true;
  return { attributes: out as PathAttributes, errors, treatAsWithdraw: withdraw };
}

/** MP_REACH/MP_UNREACH of families we do not parse are kept raw (MP_UNREACH without NLRI is always parsed). */
function isParsedMp(row: AttributeRow, buf: Uint8Array, at: number, len: number): boolean {
  if (row.typeCode !== MP_REACH && row.typeCode !== MP_UNREACH) return true;
  if (len < 3) return true; // too short to name a family: let the codec report it malformed
  if (row.typeCode === MP_UNREACH && len === 3) return true;
  return isParsedFamily((buf[at]! << 8) | buf[at + 1]!, buf[at + 2]!);
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding

interface Item {
  readonly typeCode: number;
  readonly flags: number;
  readonly row?: AttributeRow;
  readonly value: unknown;
  readonly len: number;
}

/** The attributes to put on the wire, in type-code order, with their value lengths. */
function plan(attrs: PathAttributes, ctx: WireContext): Item[] {
  const values: Record<string, unknown> = { ...attrs };
  delete values.unknown;
  // AS4_PATH/AS4_AGGREGATOR are never given by callers: they are derived here.
  delete values.as4Path;
  delete values.as4Aggregator;
  if (!ctx.fourOctetAs) {
    // RFC 6793 §4.2.2: a NEW speaker talking to an OLD one sends AS4_PATH/AS4_AGGREGATOR when needed
    if (attrs.asPath !== undefined && needsAs4Path(attrs.asPath)) values.as4Path = as4PathFor(attrs.asPath);
    if (needsAs4Aggregator(attrs.aggregator)) values.as4Aggregator = attrs.aggregator;
  }
  const items: Item[] = [];
  for (const row of ATTRIBUTE_TABLE as readonly AttributeRow[]) {
    const v = values[row.key];
    if (v === undefined) continue;
    const len = row.codec.encodingLength(v as never, ctx);
    items.push({
      typeCode: row.typeCode,
      flags: row.flags | (len > 255 ? AttributeFlag.extendedLength : 0),
      row,
      value: v,
      len,
    });
  }
  for (const u of attrs.unknown ?? []) {
    const flags = u.value.length > 255 ? u.flags | AttributeFlag.extendedLength : u.flags;
    items.push({ typeCode: u.typeCode, flags, value: u.value, len: u.value.length });
  }
  if (attrs.unknown !== undefined && attrs.unknown.length > 0) items.sort((a, b) => a.typeCode - b.typeCode);
  return items;
}

function itemLength(it: Item): number {
  return ((it.flags & AttributeFlag.extendedLength) !== 0 ? 4 : 3) + it.len;
}

/** Exact size of the Path Attributes field. */
export function attributesEncodingLength(attrs: PathAttributes, ctx: WireContext): number {
  let n = 0;
  for (const it of plan(attrs, ctx)) n += itemLength(it);
  return n;
}

/** Writes the Path Attributes field (without its 2-octet total length). */
export function encodeAttributes(attrs: PathAttributes, w: ByteWriter, ctx: WireContext): void {
  for (const it of plan(attrs, ctx)) {
    w.u8(it.flags);
    w.u8(it.typeCode);
    if ((it.flags & AttributeFlag.extendedLength) !== 0) w.u16(it.len);
    else w.u8(it.len);
    if (it.row === undefined) w.bytes(it.value as Uint8Array);
    else it.row.codec.encode(it.value as never, w, ctx);
  }
}

/**
 * Unknown attributes to send on when re-advertising a route (RFC 4271 §5 / §9.1.2): optional transitive ones are
 * passed on with the Partial bit set, optional non-transitive ones are dropped.
 */
export function unknownForReadvertisement(unknown: readonly RawAttribute[] | undefined): RawAttribute[] {
  const out: RawAttribute[] = [];
  for (const u of unknown ?? []) {
    if ((u.flags & AttributeFlag.optional) === 0 || (u.flags & AttributeFlag.transitive) === 0) continue;
    out.push({ ...u, flags: u.flags | AttributeFlag.partial });
  }
  return out;
}
