import { asText, IpErrorCode, IpRangeError, type ParseResult, parseOrThrow, tryParseWith } from './errors.js';
import { formatIpv4, parseIpv4Text } from './text-ipv4.js';
import { splitZone } from './text-zone.js';
import type { IpAddress } from './types.js';

const MAX = 0xffff_ffff;

/** Options for address parsing. */
export interface AddressParseOptions {
  /** Accept and keep an RFC 4007 §11 zone id (`fe80::1%eth0`). Default false: a zone is an `E_IP_ZONE` error. */
  allowZone?: boolean;
}

/** An immutable IPv4 address (RFC 791), optionally with a zone id. */
export class Ipv4Address {
  /** Always 4. */
  readonly family = 4 as const;
  /** Zone id (RFC 4007 §11), only when parsed with `{ allowZone: true }`. */
  readonly zone?: string;
  /** The value; TS-private but a plain field so that structural equality (vitest `toEqual`) sees it. */
  private readonly value: number;

  /** Build from a 32-bit unsigned integer; prefer the static factories. Throws `E_IP_RANGE`. */
  constructor(value: number, zone?: string) {
    if (!Number.isInteger(value) || value < 0 || value > MAX) {
      throw new IpRangeError(IpErrorCode.ipRange, `IPv4 value ${value} is not an integer in 0..2^32-1`);
    }
    this.value = value;
    if (zone !== undefined) this.zone = zone;
  }

  /** Parse strict dotted-quad text; throws {@link IpParseError} (`E_IP_SYNTAX`, `E_IP_ZONE`). */
  static parse(text: string, opts?: AddressParseOptions): Ipv4Address {
    return parseOrThrow(() => readIpv4Address(text, opts));
  }

  /** Like {@link Ipv4Address.parse} but returns a {@link ParseResult} and never throws. */
  static tryParse(text: string, opts?: AddressParseOptions): ParseResult<Ipv4Address> {
    return tryParseWith(() => readIpv4Address(text, opts));
  }

  /** From a 32-bit unsigned integer; throws `E_IP_RANGE`. */
  static fromNumber(n: number): Ipv4Address {
    return new Ipv4Address(n);
  }

  /** From a bigint in 0..2^32-1; throws `E_IP_RANGE`. */
  static fromBigInt(v: bigint): Ipv4Address {
    if (typeof v !== 'bigint' || v < 0n || v > BigInt(MAX)) {
      throw new IpRangeError(IpErrorCode.ipRange, `IPv4 value ${String(v)} is outside 0..2^32-1`);
    }
    return new Ipv4Address(Number(v));
  }

  /** From 4 bytes in network order; throws `E_IP_RANGE` on another length. */
  static fromBytes(b: Uint8Array): Ipv4Address {
    if (b.length !== 4) throw new IpRangeError(IpErrorCode.ipRange, `IPv4 address needs 4 bytes, got ${b.length}`);
    return new Ipv4Address(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
  }

  /** The address as a 32-bit unsigned integer. */
  toNumber(): number {
    return this.value;
  }

  /** The address as a bigint. */
  toBigInt(): bigint {
    return BigInt(this.value);
  }

  /** The address as 4 bytes in network order (a fresh array). */
  toBytes(): Uint8Array {
    const v = this.value;
    return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }

  /** Dotted-quad text, with `%zone` if the address has one. */
  toString(): string {
    const text = formatIpv4(this.value);
    return this.zone === undefined ? text : `${text}%${this.zone}`;
  }

  /** The text form (for JSON.stringify). */
  toJSON(): string {
    return this.toString();
  }

  /** Same family, value and zone. */
  equals(o: IpAddress): boolean {
    return o instanceof Ipv4Address && o.value === this.value && o.zone === this.zone;
  }

  /** Total order: IPv4 before IPv6, then by value, then by zone (none first). Returns -1, 0 or 1. */
  compare(o: IpAddress): number {
    if (!(o instanceof Ipv4Address)) return -1;
    if (this.value !== o.value) return this.value < o.value ? -1 : 1;
    return compareZones(this.zone, o.zone);
  }

  /** The address `n` further on (negative goes back); throws `E_IP_RANGE` on leaving 0.0.0.0..255.255.255.255. */
  add(n: bigint): Ipv4Address {
    const v = BigInt(this.value) + BigInt(n);
    if (v < 0n || v > BigInt(MAX)) {
      throw new IpRangeError(IpErrorCode.ipRange, `${this.toString()} + ${String(n)} leaves the IPv4 address space`);
    }
    return new Ipv4Address(Number(v), this.zone);
  }

  /** 0.0.0.0 (RFC 1122 §3.2.1.3). */
  isUnspecified(): boolean {
    return this.value === 0;
  }

  /** 127.0.0.0/8 (RFC 1122 §3.2.1.3). */
  isLoopback(): boolean {
    return this.value >>> 24 === 127;
  }

  /** 169.254.0.0/16 (RFC 3927 §2.1). */
  isLinkLocal(): boolean {
    return this.value >>> 16 === 0xa9fe;
  }

  /** 10/8, 172.16/12 or 192.168/16 (RFC 1918 §3). */
  isPrivate(): boolean {
    const v = this.value;
    return v >>> 24 === 10 || v >>> 20 === 0xac1 || v >>> 16 === 0xc0a8;
  }

  /** 224.0.0.0/4 (RFC 5771). */
  isMulticast(): boolean {
    return this.value >>> 28 === 0xe;
  }

  /** 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24 (RFC 5737 §3). */
  isDocumentation(): boolean {
    const n = this.value >>> 8;
    return n === 0xc00002 || n === 0xc63364 || n === 0xcb0071;
  }
}

/** Internal reader behind {@link Ipv4Address.parse}: throws a cheap {@link IpParseFailure}. */
export function readIpv4Address(text: string, opts?: AddressParseOptions): Ipv4Address {
  const input = asText(text, 'IPv4 address');
  const { body, zone } = splitZone(input, opts?.allowZone, 'IPv4 address');
  return new Ipv4Address(parseIpv4Text(body, input), zone);
}

/** Order zone ids: none first, then by code units. */
export function compareZones(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}
