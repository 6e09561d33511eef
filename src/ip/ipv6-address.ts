import { asText, IpErrorCode, IpRangeError, type ParseResult, parseOrThrow, tryParseWith } from './errors.js';
import { type AddressParseOptions, compareZones, Ipv4Address } from './ipv4-address.js';
import { formatIpv6, parseIpv6Text } from './text-ipv6.js';
import { splitZone } from './text-zone.js';
import type { IpAddress } from './types.js';

const MAX = (1n << 128n) - 1n;
const MAPPED = 0xffffn << 32n;

/** An immutable IPv6 address (RFC 4291), optionally with a zone id (RFC 4007 §11). */
export class Ipv6Address {
  /** Always 6. */
  readonly family = 6 as const;
  /** Zone id (RFC 4007 §11), only when parsed with `{ allowZone: true }`. */
  readonly zone?: string;
  /** The value; TS-private but a plain field so that structural equality (vitest `toEqual`) sees it. */
  private readonly value: bigint;

  /** Build from a 128-bit unsigned bigint; prefer the static factories. Throws `E_IP_RANGE`. */
  constructor(value: bigint, zone?: string) {
    if (typeof value !== 'bigint' || value < 0n || value > MAX) {
      throw new IpRangeError(IpErrorCode.ipRange, `IPv6 value ${String(value)} is outside 0..2^128-1`);
    }
    this.value = value;
    if (zone !== undefined) this.zone = zone;
  }

  /** Parse any RFC 4291 §2.2 text form; throws {@link IpParseError} (`E_IP_SYNTAX`, `E_IP_ZONE`). */
  static parse(text: string, opts?: AddressParseOptions): Ipv6Address {
    return parseOrThrow(() => readIpv6Address(text, opts));
  }

  /** Like {@link Ipv6Address.parse} but returns a {@link ParseResult} and never throws. */
  static tryParse(text: string, opts?: AddressParseOptions): ParseResult<Ipv6Address> {
    return tryParseWith(() => readIpv6Address(text, opts));
  }

  /** From a bigint in 0..2^128-1; throws `E_IP_RANGE`. */
  static fromBigInt(v: bigint): Ipv6Address {
    return new Ipv6Address(v);
  }

  /** From 16 bytes in network order; throws `E_IP_RANGE` on another length. */
  static fromBytes(b: Uint8Array): Ipv6Address {
    if (b.length !== 16) throw new IpRangeError(IpErrorCode.ipRange, `IPv6 address needs 16 bytes, got ${b.length}`);
    let v = 0n;
    for (let i = 0; i < 16; i += 4) {
      v = (v << 32n) | BigInt(((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0);
    }
    return new Ipv6Address(v);
  }

  /** The IPv4-mapped address ::ffff:a.b.c.d of an IPv4 address (RFC 4291 §2.5.5.2). */
  static fromIpv4Mapped(v4: Ipv4Address): Ipv6Address {
    return new Ipv6Address(MAPPED | v4.toBigInt());
  }

  /** The address as a bigint. */
  toBigInt(): bigint {
    return this.value;
  }

  /** The address as 16 bytes in network order (a fresh array). */
  toBytes(): Uint8Array {
    const out = new Uint8Array(16);
    let v = this.value;
    for (let i = 15; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
    return out;
  }

  /** RFC 5952 text, with `%zone` if the address has one. */
  toString(): string {
    const text = formatIpv6(this.value);
    return this.zone === undefined ? text : `${text}%${this.zone}`;
  }

  /** The embedded IPv4 address if this is IPv4-mapped (::ffff:0:0/96), else undefined. */
  toIpv4Mapped(): Ipv4Address | undefined {
    return this.isIpv4Mapped() ? Ipv4Address.fromBigInt(this.value & 0xffff_ffffn) : undefined;
  }

  /** The text form (for JSON.stringify). */
  toJSON(): string {
    return this.toString();
  }

  /** Same family, value and zone. */
  equals(o: IpAddress): boolean {
    return o instanceof Ipv6Address && o.value === this.value && o.zone === this.zone;
  }

  /** Total order: IPv4 before IPv6, then by value, then by zone (none first). Returns -1, 0 or 1. */
  compare(o: IpAddress): number {
    if (!(o instanceof Ipv6Address)) return 1;
    if (this.value !== o.value) return this.value < o.value ? -1 : 1;
    return compareZones(this.zone, o.zone);
  }

  /** The address `n` further on (negative goes back); throws `E_IP_RANGE` on leaving the address space. */
  add(n: bigint): Ipv6Address {
    const v = this.value + BigInt(n);
    if (v < 0n || v > MAX) {
      throw new IpRangeError(IpErrorCode.ipRange, `${this.toString()} + ${String(n)} leaves the IPv6 address space`);
    }
    return new Ipv6Address(v, this.zone);
  }

  /** :: (RFC 4291 §2.5.2). */
  isUnspecified(): boolean {
    return this.value === 0n;
  }

  /** ::1 (RFC 4291 §2.5.3). */
  isLoopback(): boolean {
    return this.value === 1n;
  }

  /** fe80::/10 (RFC 4291 §2.5.6). */
  isLinkLocal(): boolean {
    return this.value >> 118n === 0x3fan;
  }

  /** fc00::/7 (RFC 4193 §3.1). */
  isUniqueLocal(): boolean {
    return this.value >> 121n === 0x7en;
  }

  /** ff00::/8 (RFC 4291 §2.7). */
  isMulticast(): boolean {
    return this.value >> 120n === 0xffn;
  }

  /** 2001:db8::/32 (RFC 3849 §2) or 3fff::/20 (RFC 9637 §3). */
  isDocumentation(): boolean {
    return this.value >> 96n === 0x2001_0db8n || this.value >> 108n === 0x3fff0n;
  }

  /** ::ffff:0:0/96 (RFC 4291 §2.5.5.2). */
  isIpv4Mapped(): boolean {
    return this.value >> 32n === 0xffffn;
  }

  /** 2000::/3 (RFC 4291 §2.4, IANA global unicast) minus the documentation ranges. */
  isGlobalUnicast(): boolean {
    return this.value >> 125n === 1n && !this.isDocumentation();
  }
}

/** Internal reader behind {@link Ipv6Address.parse}: throws a cheap {@link IpParseFailure}. */
export function readIpv6Address(text: string, opts?: AddressParseOptions): Ipv6Address {
  const input = asText(text, 'IPv6 address');
  const { body, zone } = splitZone(input, opts?.allowZone, 'IPv6 address');
  return new Ipv6Address(parseIpv6Text(body, input), zone);
}
