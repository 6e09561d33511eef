/**
 * UPDATE message body (RFC 4271 §4.3). Non-fatal problems (RFC 7606 treat-as-withdraw / attribute-discard) are
 * returned in `errors` with `treatAsWithdraw`; the speaker turns the NLRI into withdrawals (RFC 7606 §2).
 */
import type { ByteReader, ByteWriter } from '../../core/bytes.js';
import { attributesEncodingLength, decodeAttributes, encodeAttributes, type UpdateError } from './attribute-list.js';
import type { Codec } from './codec.js';
import { Afi, NotificationCode, Safi, UpdateMessageErrorSubcode } from './codes.js';
import { hasAddPath, type WireContext } from './context.js';
import { BgpWireError } from './errors.js';
import type { PathAttributes } from './path-attributes.js';
import { decodePrefixes, encodePrefix, type Prefix, type Prefix4, prefixesEncodingLength } from './prefix.js';

export interface UpdateMessage {
  readonly type: 'update';
  /** IPv4 unicast withdrawals of the Withdrawn Routes field. */
  readonly withdrawn: readonly Prefix4[];
  readonly attributes: PathAttributes;
  /** IPv4 unicast NLRI of the NLRI field. */
  readonly nlri: readonly Prefix4[];
  /** Present (non-empty) only when decoding found non-fatal problems. */
  readonly errors?: readonly UpdateError[];
  /** RFC 7606 §2: present (true) when all NLRI of this UPDATE (incl. MP_REACH) must be treated as withdrawn. */
  readonly treatAsWithdraw?: true;
}

const S = UpdateMessageErrorSubcode;

function malformedList(): BgpWireError {
  // RFC 4271 §6.3 / RFC 7606 §3 a: Withdrawn Routes Length or Total Attribute Length too large
  return new BgpWireError(NotificationCode.updateMessageError, S.malformedAttributeList);
}

export const updateCodec: Codec<UpdateMessage> = {
  decode(r: ByteReader, ctx: WireContext): UpdateMessage {
    if (r.remaining < 4) throw malformedList();
    const withdrawnLen = r.u16();
    if (withdrawnLen > r.remaining - 2) throw malformedList();
    const v4PathId = hasAddPath(ctx, Afi.ipv4, Safi.unicast);
    const withdrawn: Prefix[] = [];
    // RFC 7606 §5.3: a syntactically incorrect Withdrawn Routes field → session reset (Invalid Network Field)
    decodePrefixes(r.sub(withdrawnLen), Afi.ipv4, v4PathId, S.invalidNetworkField, withdrawn);
    const attrLen = r.u16();
    if (attrLen > r.remaining) throw malformedList();
    const attrReader = r.sub(attrLen);
    const nlri: Prefix[] = [];
    // RFC 7606 §5.3: a syntactically incorrect NLRI field → session reset (Invalid Network Field)
    decodePrefixes(r, Afi.ipv4, v4PathId, S.invalidNetworkField, nlri);
    const decoded = decodeAttributes(attrReader, ctx, nlri.length > 0);
    const base = {
      type: 'update' as const,
      withdrawn: withdrawn as Prefix4[],
      attributes: decoded.attributes,
      nlri: nlri as Prefix4[],
    };
    if (decoded.errors.length === 0) return base;
    return decoded.treatAsWithdraw
      ? { ...base, errors: decoded.errors, treatAsWithdraw: true }
      : { ...base, errors: decoded.errors };
  },

  encode(m: UpdateMessage, w: ByteWriter, ctx: WireContext): void {
    const v4PathId = hasAddPath(ctx, Afi.ipv4, Safi.unicast);
    w.u16(prefixesEncodingLength(m.withdrawn, v4PathId));
    for (const p of m.withdrawn) encodePrefix(p, w, v4PathId);
    const lenAt = w.reserve(2);
    const before = w.length;
    encodeAttributes(m.attributes, w, ctx);
    w.patchU16(lenAt, w.length - before);
    for (const p of m.nlri) encodePrefix(p, w, v4PathId);
  },

  encodingLength(m: UpdateMessage, ctx: WireContext): number {
    const v4PathId = hasAddPath(ctx, Afi.ipv4, Safi.unicast);
    return (
      4 +
      prefixesEncodingLength(m.withdrawn, v4PathId) +
      attributesEncodingLength(m.attributes, ctx) +
      prefixesEncodingLength(m.nlri, v4PathId)
    );
  },
};
