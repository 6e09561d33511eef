import { IpErrorCode, IpParseFailure, quoteInput } from './errors.js';

// RFC 6874 §2 limits a zone id in a URI to unreserved characters; we apply the same set to plain text so a zone
// id can always travel in a URL. Interface names (eth0, enp0s31f6, eth0.100) and numeric indices fit.
const ZONE = /^[A-Za-z0-9._~-]{1,64}$/;

/** Split `addr%zone` (RFC 4007 §11.2). Throws E_IP_ZONE if a zone is present but not allowed. */
export function splitZone(
  text: string,
  allowZone: boolean | undefined,
  what: string,
): { body: string; zone: string | undefined } {
  const at = text.indexOf('%');
  if (at < 0) return { body: text, zone: undefined };
  if (!allowZone) {
    throw new IpParseFailure(
      IpErrorCode.zone,
      `${what} ${quoteInput(text)} has a zone id; zone ids are only accepted where { allowZone: true } is passed`,
      text,
    );
  }
  const zone = text.slice(at + 1);
  if (!ZONE.test(zone)) {
    throw new IpParseFailure(
      IpErrorCode.syntax,
      `invalid zone id in ${quoteInput(text)}: expected 1..64 of A-Z a-z 0-9 . _ ~ -`,
      text,
    );
  }
  return { body: text.slice(0, at), zone };
}
