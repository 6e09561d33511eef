/** ROUTE-REFRESH (RFC 2918 §3) with the Message Subtype of enhanced route refresh (RFC 7313 §3.2). */
import type { ByteReader, ByteWriter } from '../../core/bytes.js';
import type { Codec } from './codec.js';
import { MessageHeaderErrorSubcode, NotificationCode, RouteRefreshErrorSubcode, RouteRefreshSubtype } from './codes.js';
import { BgpWireError } from './errors.js';

export interface RouteRefreshMessage {
  readonly type: 'routeRefresh';
  readonly afi: number;
  readonly safi: number;
  /** See `RouteRefreshSubtype`: 0 normal, 1 BoRR, 2 EoRR (RFC 7313 §3.2). */
  readonly subtype: number;
}

/** AFI (2) + subtype (1) + SAFI (1). */
const BODY_LENGTH = 4;

export const routeRefreshCodec: Codec<RouteRefreshMessage> = {
  decode(r: ByteReader): RouteRefreshMessage {
    if (r.remaining !== BODY_LENGTH) {
      const subtype = r.remaining >= 3 ? r.buf[r.offset + 2]! : -1;
      if (
        subtype === RouteRefreshSubtype.beginningOfRouteRefresh ||
        subtype === RouteRefreshSubtype.endOfRouteRefresh
      ) {
        // RFC 7313 §5: BoRR/EoRR with a length other than 4 → ROUTE-REFRESH Message Error / Invalid Message Length
        throw new BgpWireError(
          NotificationCode.routeRefreshMessageError,
          RouteRefreshErrorSubcode.invalidMessageLength,
          r.copy(r.remaining),
        );
      }
      // RFC 4271 §6.1: a length wrong for the message type → Bad Message Length, data = the length field
      const total = 19 + r.remaining;
      throw new BgpWireError(
        NotificationCode.messageHeaderError,
        MessageHeaderErrorSubcode.badMessageLength,
        new Uint8Array([total >>> 8, total & 0xff]),
      );
    }
    const afi = r.u16();
    const subtype = r.u8();
    const safi = r.u8();
    return { type: 'routeRefresh', afi, safi, subtype };
  },
  encode(m: RouteRefreshMessage, w: ByteWriter): void {
    w.u16(m.afi);
    w.u8(m.subtype);
    w.u8(m.safi);
  },
  encodingLength: () => BODY_LENGTH,
};
