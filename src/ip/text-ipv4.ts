import { IpErrorCode, IpParseFailure, quoteInput } from './errors.js';

const OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

/**
 * Parse strict dotted-quad IPv4 text (`a.b.c.d`, each 0..255 in decimal) to a 32-bit unsigned number.
 * Leading zeros are rejected because historic parsers read them as octal (RFC 6943 §3.1.1); short and hex
 * forms (`10.1`, `0x0a.0.0.1`) are rejected for the same reason. `input` is the full text for the error message.
 */
export function parseIpv4Text(text: string, input: string = text, what = 'IPv4 address'): number {
  const parts = text.split('.');
  if (parts.length !== 4) {
    throw new IpParseFailure(
      IpErrorCode.syntax,
      `invalid ${what} ${quoteInput(input)}: expected 4 dotted parts`,
      input,
    );
  }
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) {
      throw new IpParseFailure(
        IpErrorCode.syntax,
        `invalid ${what} ${quoteInput(input)}: part ${quoteInput(part)} is not a decimal 0..255 without leading zeros`,
        input,
      );
    }
    const octet = Number(part);
    if (octet > 255) {
      throw new IpParseFailure(IpErrorCode.syntax, `invalid ${what} ${quoteInput(input)}: ${part} > 255`, input);
    }
    value = value * 256 + octet;
  }
  return value;
}

/** Format a 32-bit unsigned number as dotted-quad text. */
export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}
