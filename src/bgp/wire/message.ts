/**
 * Whole BGP messages: the RFC 4271 §4.1 header (marker, length, type) around the per-type body codecs.
 * `decodeMessage` throws only BgpWireError; `encodeMessage` checks the negotiated maximum length.
 */
import { ByteReader, ByteUnderflowError, ByteWriter } from '../../core/bytes.js';
import type { Codec } from './codec.js';
import {
  Header,
  MessageHeaderErrorSubcode,
  MessageType,
  NotificationCode,
  OpenMessageErrorSubcode,
  RouteRefreshErrorSubcode,
  UpdateMessageErrorSubcode,
} from './codes.js';
import type { WireContext } from './context.js';
import { BgpEncodeError, BgpWireError } from './errors.js';
import { type NotificationMessage, notificationCodec } from './notification.js';
import { type OpenMessage, openCodec } from './open.js';
import { type RouteRefreshMessage, routeRefreshCodec } from './route-refresh.js';
import { type UpdateMessage, updateCodec } from './update.js';

export interface KeepaliveMessage {
  readonly type: 'keepalive';
}

export type BgpMessage = OpenMessage | UpdateMessage | NotificationMessage | KeepaliveMessage | RouteRefreshMessage;
export type BgpMessageType = BgpMessage['type'];

const keepaliveCodec: Codec<KeepaliveMessage> = {
  decode: () => KEEPALIVE,
  encode() {},
  encodingLength: () => 0,
};

/** The one KEEPALIVE value (RFC 4271 §4.4: header only). */
export const KEEPALIVE: KeepaliveMessage = Object.freeze({ type: 'keepalive' });

interface BodyRow {
  readonly code: number;
  readonly codec: Codec<BgpMessage>;
  /** Smallest valid total length (RFC 4271 §6.1). */
  readonly minLength: number;
  /** RFC 8654 §4: OPEN and KEEPALIVE never exceed 4096 octets. */
  readonly alwaysSmall: boolean;
  /** NOTIFICATION for a body that ends early. */
  readonly truncated: readonly [number, number];
}

const H = NotificationCode;

/** Message body codecs by message type. */
export const MESSAGE_CODECS: { readonly [T in BgpMessageType]: BodyRow } = {
  open: {
    code: MessageType.open,
    codec: openCodec as Codec<BgpMessage>,
    minLength: Header.openMinLength,
    alwaysSmall: true,
    truncated: [H.openMessageError, OpenMessageErrorSubcode.unspecific],
  },
  update: {
    code: MessageType.update,
    codec: updateCodec as Codec<BgpMessage>,
    minLength: Header.updateMinLength,
    alwaysSmall: false,
    truncated: [H.updateMessageError, UpdateMessageErrorSubcode.malformedAttributeList],
  },
  notification: {
    code: MessageType.notification,
    codec: notificationCodec as Codec<BgpMessage>,
    minLength: Header.notificationMinLength,
    alwaysSmall: false,
    truncated: [H.messageHeaderError, MessageHeaderErrorSubcode.badMessageLength],
  },
  keepalive: {
    code: MessageType.keepalive,
    codec: keepaliveCodec as Codec<BgpMessage>,
    minLength: Header.keepaliveLength,
    alwaysSmall: true,
    truncated: [H.messageHeaderError, MessageHeaderErrorSubcode.badMessageLength],
  },
  routeRefresh: {
    code: MessageType.routeRefresh,
    codec: routeRefreshCodec as Codec<BgpMessage>,
    minLength: Header.routeRefreshLength,
    alwaysSmall: false,
    truncated: [H.routeRefreshMessageError, RouteRefreshErrorSubcode.invalidMessageLength],
  },
};

const BY_CODE: readonly (BodyRow | undefined)[] = (() => {
  const rows = new Array<BodyRow | undefined>(256).fill(undefined);
  for (const row of Object.values(MESSAGE_CODECS)) rows[row.code] = row;
  return rows;
})();

/** RFC 4271 §4.1 / RFC 8654 §3: the largest message this context allows. */
export function maxMessageLength(ctx: Pick<WireContext, 'extendedMessage'>): number {
  return ctx.extendedMessage ? Header.maxExtendedMessageLength : Header.maxMessageLength;
}

function lengthData(len: number): Uint8Array {
  return new Uint8Array([len >>> 8, len & 0xff]);
}

function badLength(len: number): BgpWireError {
  // RFC 4271 §6.1: Bad Message Length, data = the erroneous Length field
  return new BgpWireError(H.messageHeaderError, MessageHeaderErrorSubcode.badMessageLength, lengthData(len));
}

/** Checks marker and length of a header at `buf[off..]` (needs 19 bytes); returns the length field. */
export function checkHeader(buf: Uint8Array, off: number, max: number): number {
  for (let i = 0; i < Header.markerLength; i++) {
    // RFC 4271 §6.1: the marker is all ones, else Connection Not Synchronized
    if (buf[off + i] !== 0xff)
      throw new BgpWireError(H.messageHeaderError, MessageHeaderErrorSubcode.connectionNotSynchronized);
  }
  const len = (buf[off + 16]! << 8) | buf[off + 17]!;
  // RFC 4271 §6.1 / RFC 8654 §4: length below 19 or above the negotiated maximum
  if (len < Header.length || len > max) throw badLength(len);
  return len;
}

/** Decodes one whole message (header included, `buf.length` equal to its Length field). */
export function decodeMessage(buf: Uint8Array, ctx: WireContext): BgpMessage {
  if (buf.length < Header.length) throw badLength(buf.length);
  const len = checkHeader(buf, 0, maxMessageLength(ctx));
  if (len !== buf.length) throw badLength(len);
  const typeCode = buf[18]!;
  const row = BY_CODE[typeCode];
  // RFC 4271 §6.1: unknown type → Bad Message Type, data = the type octet
  if (row === undefined)
    throw new BgpWireError(H.messageHeaderError, MessageHeaderErrorSubcode.badMessageType, new Uint8Array([typeCode]));
  // RFC 4271 §6.1: a length too small for the type (KEEPALIVE: exactly 19); RFC 8654 §4: OPEN/KEEPALIVE ≤ 4096
  if (len < row.minLength || (row.code === MessageType.keepalive && len !== Header.keepaliveLength))
    throw badLength(len);
  if (row.alwaysSmall && len > Header.maxMessageLength) throw badLength(len);
  const r = new ByteReader(buf, Header.length, len);
  try {
    return row.codec.decode(r, ctx);
  } catch (e) {
    if (e instanceof BgpWireError) throw e;
    if (e instanceof ByteUnderflowError) throw new BgpWireError(row.truncated[0], row.truncated[1]);
    throw e;
  }
}

/** Exact encoded size of a message, header included. */
export function messageEncodingLength(msg: BgpMessage, ctx: WireContext): number {
  return Header.length + MESSAGE_CODECS[msg.type].codec.encodingLength(msg, ctx);
}

const MARKER = new Uint8Array(Header.markerLength).fill(0xff);

/** Encodes a message with its header. Throws BgpEncodeError when it exceeds the allowed length. */
export function encodeMessage(msg: BgpMessage, ctx: WireContext): Uint8Array {
  const row = MESSAGE_CODECS[msg.type];
  const len = Header.length + row.codec.encodingLength(msg, ctx);
  const max = row.alwaysSmall ? Header.maxMessageLength : maxMessageLength(ctx);
  if (len > max) throw new BgpEncodeError(`${msg.type} message of ${len} octets exceeds ${max}`);
  const w = new ByteWriter(len);
  w.bytes(MARKER);
  w.u16(len);
  w.u8(row.code);
  row.codec.encode(msg, w, ctx);
  if (w.length !== len) throw new BgpEncodeError(`${msg.type}: encodingLength ${len} but wrote ${w.length}`);
  return w.finish();
}

/** A codec over whole messages (header included), for the shared round-trip helper. */
export const messageCodec: Codec<BgpMessage> = {
  decode(r, ctx) {
    const msg = decodeMessage(r.bytes(r.remaining), ctx);
    return msg;
  },
  encode(msg, w, ctx) {
    w.bytes(encodeMessage(msg, ctx));
  },
  encodingLength: messageEncodingLength,
};
