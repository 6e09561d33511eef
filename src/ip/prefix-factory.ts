import { IpErrorCode, IpRangeError } from './errors.js';
import type { IpFamily } from './family.js';
import { Ipv4Address } from './ipv4-address.js';
import { Ipv4Prefix } from './ipv4-prefix.js';
import { Ipv6Address } from './ipv6-address.js';
import { Ipv6Prefix } from './ipv6-prefix.js';
import type { IpAddress, IpPrefix } from './types.js';

/** Build an address of `family` from its bigint value; throws `E_IP_RANGE`. */
export function addressFromBigInt(family: IpFamily, value: bigint): IpAddress {
  return family === 6 ? Ipv6Address.fromBigInt(value) : Ipv4Address.fromBigInt(value);
}

/** Build a prefix of `family` from an address value and a length; throws `E_IP_RANGE`/`E_PREFIX_LENGTH`. */
export function prefixFromBigInt(family: IpFamily, value: bigint, length: number): IpPrefix {
  return family === 6
    ? Ipv6Prefix.of(Ipv6Address.fromBigInt(value), length)
    : Ipv4Prefix.of(Ipv4Address.fromBigInt(value), length);
}

/** Throw `E_IP_FAMILY` unless `x` is of `family`. */
export function checkFamily(family: IpFamily, x: IpAddress | IpPrefix, what: string): void {
  if (x.family !== family) {
    throw new IpRangeError(IpErrorCode.family, `${what} holds IPv${family} only, got ${x.toString()}`);
  }
}
