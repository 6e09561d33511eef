/**
 * NOTIFICATION (RFC 4271 §4.5) and the Shutdown Communication of RFC 8203 / RFC 9003 carried in the data of
 * Cease/Administrative Shutdown and Cease/Administrative Reset.
 */
import type { ByteReader, ByteWriter } from '../../core/bytes.js';
import type { Codec } from './codec.js';
import { CeaseSubcode, NotificationCode } from './codes.js';
import { BgpEncodeError, type BgpWireError } from './errors.js';

export interface NotificationMessage {
  readonly type: 'notification';
  /** See `NotificationCode`. */
  readonly code: number;
  readonly subcode: number;
  readonly data: Uint8Array;
}

export const notificationCodec: Codec<NotificationMessage> = {
  decode(r: ByteReader): NotificationMessage {
    const code = r.u8();
    const subcode = r.u8();
    return { type: 'notification', code, subcode, data: r.copy(r.remaining) };
  },
  encode(m: NotificationMessage, w: ByteWriter): void {
    w.u8(m.code);
    w.u8(m.subcode);
    w.bytes(m.data);
  },
  encodingLength: (m: NotificationMessage) => 2 + m.data.length,
};

/** The NOTIFICATION to send for a decode error (RFC 4271 §6: code, subcode and data from the error). */
export function notificationFromError(err: BgpWireError): NotificationMessage {
  return { type: 'notification', code: err.errorCode, subcode: err.subcode, data: err.data };
}

/** RFC 9003 §2: the message is at most 255 octets of UTF-8. */
export const MAX_SHUTDOWN_COMMUNICATION = 255;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextEncoder();

function carriesShutdownCommunication(code: number, subcode: number): boolean {
  // RFC 9003 §2: only Cease with Administrative Shutdown or Administrative Reset
  return (
    code === NotificationCode.cease &&
    (subcode === CeaseSubcode.administrativeShutdown || subcode === CeaseSubcode.administrativeReset)
  );
}

/** Data field for a Shutdown Communication: length octet + UTF-8 text (RFC 9003 §2). */
export function encodeShutdownCommunication(text: string): Uint8Array {
  const bytes = utf8.encode(text);
  if (bytes.length > MAX_SHUTDOWN_COMMUNICATION) throw new BgpEncodeError('shutdown communication over 255 octets');
  const out = new Uint8Array(1 + bytes.length);
  out[0] = bytes.length;
  out.set(bytes, 1);
  return out;
}

/**
 * The Shutdown Communication of a NOTIFICATION, or undefined when there is none or it is malformed
 * (RFC 9003 §4: a bad length or invalid UTF-8 is not an error, the text is just not shown).
 */
export function decodeShutdownCommunication(m: NotificationMessage): string | undefined {
  if (!carriesShutdownCommunication(m.code, m.subcode) || m.data.length === 0) return undefined;
  const len = m.data[0]!;
  if (len === 0 || 1 + len > m.data.length) return undefined;
  try {
    return strictUtf8.decode(m.data.subarray(1, 1 + len));
  } catch {
    return undefined;
  }
}

/** A Cease NOTIFICATION, with a Shutdown Communication when `text` is given (subcodes 2 and 4 only). */
export function ceaseNotification(subcode: number, text?: string): NotificationMessage {
  if (text !== undefined && !carriesShutdownCommunication(NotificationCode.cease, subcode)) {
    throw new BgpEncodeError('a shutdown communication goes only with administrative shutdown/reset');
  }
  const data = text === undefined ? new Uint8Array(0) : encodeShutdownCommunication(text);
  return { type: 'notification', code: NotificationCode.cease, subcode, data };
}
