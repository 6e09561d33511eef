import { asText, type ParseResult, parseOrThrow, tryParseWith } from './errors.js';
import { Ipv6Address, readIpv6Address } from './ipv6-address.js';
import { type PrefixKind, PrefixBase, splitPrefixText } from './prefix-base.js';

/** An immutable IPv6 prefix `address/length`; the address is kept as written (host bits allowed, detected). */
export class Ipv6Prefix extends PrefixBase<Ipv6Address, Ipv6Prefix> {
  /** Always 6. */
  readonly family = 6 as const;

  private constructor(address: Ipv6Address, length: number) {
    super(KIND, address, length);
  }

  /** Parse `address/length` (RFC 4291 §2.3); throws {@link IpParseError} (`E_PREFIX_SYNTAX`, `E_PREFIX_LENGTH`, `E_IP_SYNTAX`, `E_IP_ZONE`). */
  static parse(text: string): Ipv6Prefix {
    return parseOrThrow(() => readIpv6Prefix(text));
  }

  /** Like {@link Ipv6Prefix.parse} but returns a {@link ParseResult} and never throws. */
  static tryParse(text: string): ParseResult<Ipv6Prefix> {
    return tryParseWith(() => readIpv6Prefix(text));
  }

  /** The prefix `address/length` (address kept as given); throws `E_PREFIX_LENGTH` unless 0 <= length <= 128. */
  static of(address: Ipv6Address, length: number): Ipv6Prefix {
    return new Ipv6Prefix(address, length);
  }
}

/** Internal reader behind {@link Ipv6Prefix.parse}: throws a cheap {@link IpParseFailure}. */
export function readIpv6Prefix(text: string): Ipv6Prefix {
  const input = asText(text, 'IPv6 prefix');
  const { addressText, length } = splitPrefixText(input, 6, 'IPv6');
  return Ipv6Prefix.of(readIpv6Address(addressText), length);
}

const KIND: PrefixKind<Ipv6Address, Ipv6Prefix> = {
  family: 6,
  name: 'IPv6',
  address: (v) => Ipv6Address.fromBigInt(v),
  prefix: (a, l) => Ipv6Prefix.of(a, l),
};
