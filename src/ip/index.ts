/**
 * IPv4/IPv6 addresses and prefixes as immutable value types (RFC 4291 text in, RFC 5952 text out), prefix
 * arithmetic, a prefix trie with longest-prefix match, and a first-free prefix allocator.
 */
export {
  type IpErrorCodeValue,
  IpErrorCode,
  IpParseError,
  type IpParseErrorCode,
  IpRangeError,
  type ParseResult,
} from './errors.js';
export { familyBits, hostMask, type IpFamily, maxValue, prefixMask } from './family.js';
export { type AddressParseOptions, Ipv4Address } from './ipv4-address.js';
export { Ipv4Prefix } from './ipv4-prefix.js';
export { Ipv6Address } from './ipv6-address.js';
export { Ipv6Prefix } from './ipv6-prefix.js';
export { parseAddress, parsePrefix, tryParseAddress, tryParsePrefix } from './parse.js';
export { PrefixAllocator } from './prefix-allocator.js';
export { addressFromBigInt, prefixFromBigInt } from './prefix-factory.js';
export { type PrefixEntry, PrefixTrie } from './prefix-trie.js';
export type { IpAddress, IpPrefix } from './types.js';
