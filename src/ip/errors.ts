import { InputError } from '../core/errors.js';

/** Stable error codes raised by `src/ip` (tests assert these, never message text). */
export const IpErrorCode = {
  /** Address text is not a valid IPv4/IPv6 address (RFC 4291 §2.2, dotted-quad IPv4). */
  syntax: 'E_IP_SYNTAX',
  /** Address text carries a zone id (`%eth0`) where none is allowed (RFC 4007 §11). */
  zone: 'E_IP_ZONE',
  /** Prefix text is not `address/length` (RFC 4291 §2.3). */
  prefixSyntax: 'E_PREFIX_SYNTAX',
  /** Prefix length is outside 0..32 (IPv4) or 0..128 (IPv6). */
  prefixLength: 'E_PREFIX_LENGTH',
  /** Address arithmetic left the address space, or a value/byte length is out of range. */
  ipRange: 'E_IP_RANGE',
  /** Subnet/supernet/nth index or length outside what the prefix allows. */
  prefixRange: 'E_PREFIX_RANGE',
  /** An IPv4 value was given where IPv6 is required, or the reverse. */
  family: 'E_IP_FAMILY',
} as const;

/** One of the codes in {@link IpErrorCode}. */
export type IpErrorCodeValue = (typeof IpErrorCode)[keyof typeof IpErrorCode];

/** Codes a parse function can report. */
export type IpParseErrorCode = 'E_IP_SYNTAX' | 'E_IP_ZONE' | 'E_PREFIX_SYNTAX' | 'E_PREFIX_LENGTH';

/** Text that is not a valid address or prefix; `input` is the offending text. */
export class IpParseError extends InputError {
  /** Which rule the text broke. */
  override readonly code: IpParseErrorCode;
  /** The offending text as given. */
  readonly input: string;

  /** Prefer the `parse*` functions; this is public for code that re-raises a {@link ParseResult} failure. */
  constructor(code: IpParseErrorCode, message: string, input: string) {
    super(code, message);
    this.code = code;
    this.input = input;
  }
}

/** Arithmetic or argument outside the address space (`E_IP_RANGE`, `E_PREFIX_RANGE`, `E_PREFIX_LENGTH`, `E_IP_FAMILY`). */
export class IpRangeError extends InputError {}

/** Result of a `tryParse*` function: never throws, reports the error code instead. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/**
 * Internal parse failure: a plain object (no stack trace captured, so failing is cheap for `tryParse*`).
 * Turned into an {@link IpParseError} by {@link parseOrThrow} or into a {@link ParseResult} by {@link tryParseWith}.
 */
export class IpParseFailure {
  constructor(
    readonly code: IpParseErrorCode,
    readonly message: string,
    readonly input: string,
  ) {}
}

/** Run an internal reader and turn an {@link IpParseFailure} into a thrown {@link IpParseError}. */
export function parseOrThrow<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof IpParseFailure) throw new IpParseError(err.code, err.message, err.input);
    throw err;
  }
}

/** Run an internal reader and turn a failure (or any other throw, defensively) into a failed {@link ParseResult}. */
export function tryParseWith<T>(read: () => T): ParseResult<T> {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    if (err instanceof IpParseFailure || err instanceof IpParseError) {
      return { ok: false, code: err.code, message: err.message };
    }
    // Defensive: parse functions only throw IpParseError; anything else is reported as a syntax error.
    return { ok: false, code: IpErrorCode.syntax, message: err instanceof Error ? err.message : String(err) };
  }
}

/** Render untrusted input for an error message: quoted, control characters escaped, long text cut. */
export function quoteInput(text: string): string {
  const cut = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return JSON.stringify(cut);
}

/** Guard for JavaScript callers: a non-string input is an `E_IP_SYNTAX` error, never a TypeError. */
export function asText(text: unknown, what: string): string {
  if (typeof text === 'string') return text;
  throw new IpParseFailure(IpErrorCode.syntax, `${what} must be text, got ${typeof text}`, String(typeof text));
}
