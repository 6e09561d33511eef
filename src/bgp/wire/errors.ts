/**
 * The only error wire decoders throw. It carries the NOTIFICATION the peer should receive (RFC 4271 §6) and the
 * RFC 7606 §2 handling level. Non-fatal UPDATE problems (treat-as-withdraw, attribute-discard) are not thrown:
 * they are reported in `UpdateMessage.errors`.
 */
import { V6netError } from '../../core/errors.js';

/** RFC 7606 §2 error handling approaches, weakest last. */
export const ErrorHandling = {
  sessionReset: 'sessionReset',
  afiSafiDisable: 'afiSafiDisable',
  treatAsWithdraw: 'treatAsWithdraw',
  attributeDiscard: 'attributeDiscard',
} as const;
export type ErrorHandlingLevel = (typeof ErrorHandling)[keyof typeof ErrorHandling];

const EMPTY = new Uint8Array(0);

/** A protocol error found while decoding. `code` is always `E_BGP_WIRE`; the NOTIFICATION code is `errorCode`. */
export class BgpWireError extends V6netError {
  /** NOTIFICATION error code (RFC 4271 §4.5), see `NotificationCode`. */
  readonly errorCode: number;
  readonly subcode: number;
  /** NOTIFICATION data field. */
  readonly data: Uint8Array;
  readonly handling: ErrorHandlingLevel;

  constructor(
    errorCode: number,
    subcode: number,
    data: Uint8Array = EMPTY,
    handling: ErrorHandlingLevel = ErrorHandling.sessionReset,
    message?: string,
  ) {
    super('E_BGP_WIRE', message ?? `BGP wire error ${errorCode}/${subcode}`);
    this.errorCode = errorCode;
    this.subcode = subcode;
    this.data = data;
    this.handling = handling;
  }
}

/** A value handed to an encoder cannot be put on the wire (caller bug or an over-long message). */
export class BgpEncodeError extends V6netError {
  constructor(message: string) {
    super('E_BGP_ENCODE', message);
  }
}
