import { asText, type ParseResult, parseOrThrow, tryParseWith } from './errors.js';
import { type AddressParseOptions, readIpv4Address } from './ipv4-address.js';
import { readIpv4Prefix } from './ipv4-prefix.js';
import { readIpv6Address } from './ipv6-address.js';
import { readIpv6Prefix } from './ipv6-prefix.js';
import type { IpAddress, IpPrefix } from './types.js';

function readAddress(text: string, opts?: AddressParseOptions): IpAddress {
  const input = asText(text, 'address');
  return input.includes(':') ? readIpv6Address(input, opts) : readIpv4Address(input, opts);
}

function readPrefix(text: string): IpPrefix {
  const input = asText(text, 'prefix');
  return input.includes(':') ? readIpv6Prefix(input) : readIpv4Prefix(input);
}

/** Parse an IPv6 (text with a colon) or IPv4 address; throws {@link IpParseError}. */
export function parseAddress(text: string, opts?: AddressParseOptions): IpAddress {
  return parseOrThrow(() => readAddress(text, opts));
}

/** Like {@link parseAddress} but returns a {@link ParseResult} and never throws. */
export function tryParseAddress(text: string, opts?: AddressParseOptions): ParseResult<IpAddress> {
  return tryParseWith(() => readAddress(text, opts));
}

/** Parse an IPv6 (text with a colon) or IPv4 prefix `address/length`; throws {@link IpParseError}. */
export function parsePrefix(text: string): IpPrefix {
  return parseOrThrow(() => readPrefix(text));
}

/** Like {@link parsePrefix} but returns a {@link ParseResult} and never throws. */
export function tryParsePrefix(text: string): ParseResult<IpPrefix> {
  return tryParseWith(() => readPrefix(text));
}
