/**
 * OPEN message body (RFC 4271 §4.2) with capabilities in optional parameters (RFC 5492 §4) and the RFC 9072
 * extended optional parameters length (decoded always; encoded only when the parameters exceed 255 octets).
 */
import type { ByteReader, ByteWriter } from '../../core/bytes.js';
import { formatIpv4U32, parseIpv4U32 } from './address-text.js';
import { type Capability, capabilityCodec, decodeCapabilities } from './capabilities.js';
import type { Codec } from './codec.js';
import { BGP_VERSION, NotificationCode, OpenMessageErrorSubcode, OptionalParameterType } from './codes.js';
import type { WireContext } from './context.js';
import { BgpEncodeError, BgpWireError } from './errors.js';

export interface OpenMessage {
  readonly type: 'open';
  readonly version: number;
  /** The 2-octet "My Autonomous System" field (AS_TRANS when the real AS needs 4 octets, RFC 6793 §4.1). */
  readonly myAsn: number;
  readonly holdTimeSec: number;
  /** BGP Identifier as a dotted quad. */
  readonly bgpId: string;
  readonly capabilities: readonly Capability[];
}

function openError(subcode: number, data?: Uint8Array): BgpWireError {
  return new BgpWireError(NotificationCode.openMessageError, subcode, data);
}

/** Max value of the 1-octet optional parameters length (RFC 4271 §4.2). */
const MAX_PLAIN_PARAMS = 255;

function capabilitiesLength(caps: readonly Capability[], ctx: WireContext): number {
  let n = 0;
  for (const c of caps) n += capabilityCodec.encodingLength(c, ctx);
  return n;
}

/** Whole optional parameters section: [len][type=2][plen][caps] or the RFC 9072 extended form. */
function paramsLength(caps: readonly Capability[], ctx: WireContext): number {
  if (caps.length === 0) return 1;
  const capLen = capabilitiesLength(caps, ctx);
  if (2 + capLen <= MAX_PLAIN_PARAMS) return 1 + 2 + capLen;
  // RFC 9072 §2: 255, 255, 2-octet length, then parameters with 2-octet lengths.
  return 4 + 3 + capLen;
}

export const openCodec: Codec<OpenMessage> = {
  decode(r: ByteReader, ctx: WireContext): OpenMessage {
    const version = r.u8();
    // RFC 4271 §6.2: data is the largest locally supported version number (2 octets)
    if (version !== BGP_VERSION)
      throw openError(OpenMessageErrorSubcode.unsupportedVersionNumber, new Uint8Array([0, 4]));
    const myAsn = r.u16();
    const holdTimeSec = r.u16();
    // RFC 4271 §6.2: hold time of 1 or 2 seconds is unacceptable
    if (holdTimeSec === 1 || holdTimeSec === 2) throw openError(OpenMessageErrorSubcode.unacceptableHoldTime);
    const id = r.u32();
    // RFC 6286 §2.2: the BGP Identifier is a non-zero 4-octet value
    if (id === 0) throw openError(OpenMessageErrorSubcode.badBgpIdentifier);
    let paramsLen = r.u8();
    let extended = false;
    // RFC 9072 §2: a non-zero length followed by parameter type 255 announces the extended format
    if (paramsLen !== 0 && r.remaining > 0 && r.peekU8() === OptionalParameterType.extendedLength) {
      r.u8();
      paramsLen = r.u16();
      extended = true;
    }
    // RFC 4271 §4.2: the optional parameters fill the rest of the message
    if (paramsLen !== r.remaining) throw openError(OpenMessageErrorSubcode.unspecific);
    const capabilities: Capability[] = [];
    while (r.remaining > 0) {
      const type = r.u8();
      const len = extended ? r.u16() : r.u8();
      const value = r.sub(len);
      // RFC 5492 §4 (updating RFC 4271 §6.2): only capabilities are understood; others are unsupported
      if (type !== OptionalParameterType.capabilities)
        throw openError(OpenMessageErrorSubcode.unsupportedOptionalParameter);
      decodeCapabilities(value, ctx, capabilities);
    }
    return { type: 'open', version, myAsn, holdTimeSec, bgpId: formatIpv4U32(id), capabilities };
  },

  encode(m: OpenMessage, w: ByteWriter, ctx: WireContext): void {
    w.u8(m.version);
    w.u16(m.myAsn);
    w.u16(m.holdTimeSec);
    w.u32(parseIpv4U32(m.bgpId));
    if (m.capabilities.length === 0) {
      w.u8(0);
      return;
    }
    const capLen = capabilitiesLength(m.capabilities, ctx);
    if (2 + capLen <= MAX_PLAIN_PARAMS) {
      w.u8(2 + capLen);
      w.u8(OptionalParameterType.capabilities);
      w.u8(capLen);
    } else {
      if (capLen > 0xffff - 3) throw new BgpEncodeError('OPEN: capabilities too long');
      w.u8(OptionalParameterType.extendedLength);
      w.u8(OptionalParameterType.extendedLength);
      w.u16(3 + capLen);
      w.u8(OptionalParameterType.capabilities);
      w.u16(capLen);
    }
    for (const c of m.capabilities) capabilityCodec.encode(c, w, ctx);
  },

  encodingLength(m: OpenMessage, ctx: WireContext): number {
    return 9 + paramsLength(m.capabilities, ctx);
  },
};
