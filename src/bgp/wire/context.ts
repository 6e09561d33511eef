/**
 * Facts negotiated in the OPEN exchange that change the wire format. They travel explicitly in every codec call.
 */
import { Afi, Safi } from './codes.js';

export interface AfiSafi {
  readonly afi: number;
  readonly safi: number;
}

export interface WireContext {
  /** RFC 6793: both sides advertised the 4-octet AS capability (AS numbers are 4 octets in AS_PATH/AGGREGATOR). */
  readonly fourOctetAs: boolean;
  /** RFC 8654: both sides advertised extended messages (max message length 65535 instead of 4096). */
  readonly extendedMessage: boolean;
  /**
   * RFC 7911: families whose NLRI carry a 4-octet Path Identifier *in the direction this context is used for*
   * (decode: families we may receive with path ids; encode: families we send with path ids).
   */
  readonly addPath?: readonly AfiSafi[];
}

/** The context before (and while exchanging) OPEN messages. */
export const INITIAL_WIRE_CONTEXT: WireContext = Object.freeze({ fourOctetAs: false, extendedMessage: false });

/** Whether NLRI of `afi/safi` carry path identifiers in this context. */
export function hasAddPath(ctx: WireContext, afi: number, safi: number): boolean {
  const list = ctx.addPath;
  if (list === undefined) return false;
  for (const f of list) if (f.afi === afi && f.safi === safi) return true;
  return false;
}

export const IPV4_UNICAST: AfiSafi = Object.freeze({ afi: Afi.ipv4, safi: Safi.unicast });
export const IPV6_UNICAST: AfiSafi = Object.freeze({ afi: Afi.ipv6, safi: Safi.unicast });
