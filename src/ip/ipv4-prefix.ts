import { asText, type ParseResult, parseOrThrow, tryParseWith } from './errors.js';
import { Ipv4Address, readIpv4Address } from './ipv4-address.js';
import { type PrefixKind, PrefixBase, splitPrefixText } from './prefix-base.js';

/** An immutable IPv4 prefix `address/length`; the address is kept as written (host bits allowed, detected). */
export class Ipv4Prefix extends PrefixBase<Ipv4Address, Ipv4Prefix> {
  /** Always 4. */
  readonly family = 4 as const;

  private constructor(address: Ipv4Address, length: number) {
    super(KIND, address, length);
  }

  /** Parse `address/length` (RFC 4291 §2.3); throws {@link IpParseError} (`E_PREFIX_SYNTAX`, `E_PREFIX_LENGTH`, `E_IP_SYNTAX`, `E_IP_ZONE`). */
  static parse(text: string): Ipv4Prefix {
    return parseOrThrow(() => readIpv4Prefix(text));
  }

  /** Like {@link Ipv4Prefix.parse} but returns a {@link ParseResult} and never throws. */
  static tryParse(text: string): ParseResult<Ipv4Prefix> {
    return tryParseWith(() => readIpv4Prefix(text));
  }

  /** The prefix `address/length` (address kept as given); throws `E_PREFIX_LENGTH` unless 0 <= length <= 32. */
  static of(address: Ipv4Address, length: number): Ipv4Prefix {
    return new Ipv4Prefix(address, length);
  }
}

/** Internal reader behind {@link Ipv4Prefix.parse}: throws a cheap {@link IpParseFailure}. */
export function readIpv4Prefix(text: string): Ipv4Prefix {
  const input = asText(text, 'IPv4 prefix');
  const { addressText, length } = splitPrefixText(input, 4, 'IPv4');
  return Ipv4Prefix.of(readIpv4Address(addressText), length);
}

const KIND: PrefixKind<Ipv4Address, Ipv4Prefix> = {
  family: 4,
  name: 'IPv4',
  address: (v) => Ipv4Address.fromBigInt(v),
  prefix: (a, l) => Ipv4Prefix.of(a, l),
};
