import type { Ipv4Address } from './ipv4-address.js';
import type { Ipv4Prefix } from './ipv4-prefix.js';
import type { Ipv6Address } from './ipv6-address.js';
import type { Ipv6Prefix } from './ipv6-prefix.js';

/** An IPv4 or IPv6 address. */
export type IpAddress = Ipv4Address | Ipv6Address;

/** An IPv4 or IPv6 prefix. */
export type IpPrefix = Ipv4Prefix | Ipv6Prefix;
