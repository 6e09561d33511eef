import { asText, type ParseResult, tryParseWith } from './errors.js';
import { type AddressParseOptions, Ipv4Address } from './ipv4-address.js';
import { Ipv4Prefix } from './ipv4-prefix.js';
import { Ipv6Address } from './ipv6-address.js';
import { Ipv6Prefix } from './ipv6-prefix.js';
import type { IpAddress, IpPrefix } from './types.js';

/** Parse an IPv6 (text with a colon) or IPv4 address; throws {@link IpParseError}. */
export function parseAddress(text: string, opts?: AddressParseOptions): IpAddress {
  const input = asText(text, 'address');
  return input.includes(':') ? Ipv6Address.parse(input, opts) : Ipv4Address.parse(input, opts);
}

/** Like {@link parseAddress} but returns a {@link ParseResult} and never throws. */
export function tryParseAddress(text: string, opts?: AddressParseOptions): ParseResult<IpAddress> {
  return tryParseWith(() => parseAddress(text, opts));
}

/** Parse an IPv6 (text with a colon) or IPv4 prefix `address/length`; throws {@link IpParseError}. */
export function parsePrefix(text: string): IpPrefix {
  const input = asText(text, 'prefix');
  return input.includes(':') ? Ipv6Prefix.parse(input) : Ipv4Prefix.parse(input);
}

/** Like {@link parsePrefix} but returns a {@link ParseResult} and never throws. */
export function tryParsePrefix(text: string): ParseResult<IpPrefix> {
  return tryParseWith(() => parsePrefix(text));
}
