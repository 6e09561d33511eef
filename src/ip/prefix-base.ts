import { IpErrorCode, IpParseFailure, IpRangeError, quoteInput } from './errors.js';
import { familyBits, hostMask, type IpFamily, prefixMask } from './family.js';
import type { IpAddress, IpPrefix } from './types.js';

/** How a concrete prefix class builds its addresses and prefixes (internal). */
export interface PrefixKind<A, P> {
  readonly family: IpFamily;
  readonly name: 'IPv4' | 'IPv6';
  address(value: bigint): A;
  prefix(address: A, length: number): P;
}

/** Check a prefix length for a family; throws `E_PREFIX_LENGTH` (as a range error). */
export function checkLength(family: IpFamily, length: number): void {
  if (!Number.isInteger(length) || length < 0 || length > familyBits(family)) {
    throw new IpRangeError(
      IpErrorCode.prefixLength,
      `prefix length ${String(length)} is not an integer in 0..${familyBits(family)}`,
    );
  }
}

/** Convert a `bigint | number` index to bigint; throws `E_PREFIX_RANGE` for fractions, NaN and unsafe numbers. */
function toIndex(index: bigint | number): bigint {
  if (typeof index === 'bigint') return index;
  if (!Number.isSafeInteger(index)) {
    throw new IpRangeError(IpErrorCode.prefixRange, `index ${String(index)} is not a safe integer`);
  }
  return BigInt(index);
}

const LENGTH_TEXT = /^(?:0|[1-9][0-9]{0,3})$/;

/**
 * Split `address/length` text (RFC 4291 §2.3) and check the length part. Returns the address text and length;
 * throws `E_PREFIX_SYNTAX`, `E_PREFIX_LENGTH` or `E_IP_ZONE` (a prefix never carries a zone id).
 */
export function splitPrefixText(text: string, family: IpFamily, name: string): { addressText: string; length: number } {
  const slash = text.indexOf('/');
  if (slash < 0 || text.indexOf('/', slash + 1) >= 0) {
    throw new IpParseFailure(
      IpErrorCode.prefixSyntax,
      `invalid ${name} prefix ${quoteInput(text)}: expected address/length`,
      text,
    );
  }
  const addressText = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  if (addressText.includes('%')) {
    throw new IpParseFailure(
      IpErrorCode.zone,
      `invalid ${name} prefix ${quoteInput(text)}: a prefix has no zone id`,
      text,
    );
  }
  // RFC 4291 §2.3: prefix-length is a decimal value; we also refuse leading zeros so the text form is canonical.
  if (!LENGTH_TEXT.test(lengthText)) {
    const tooLong = /^[1-9][0-9]*$/.test(lengthText);
    throw new IpParseFailure(
      tooLong ? IpErrorCode.prefixLength : IpErrorCode.prefixSyntax,
      tooLong
        ? `invalid ${name} prefix ${quoteInput(text)}: length ${quoteInput(lengthText)} > ${familyBits(family)}`
        : `invalid ${name} prefix ${quoteInput(text)}: length ${quoteInput(lengthText)} is not a decimal without leading zeros`,
      text,
    );
  }
  const length = Number(lengthText);
  if (length > familyBits(family)) {
    throw new IpParseFailure(
      IpErrorCode.prefixLength,
      `invalid ${name} prefix ${quoteInput(text)}: length ${length} > ${familyBits(family)}`,
      text,
    );
  }
  return { addressText, length };
}

/** Shared implementation of {@link Ipv4Prefix} and {@link Ipv6Prefix} (immutable; host bits kept as written). */
export abstract class PrefixBase<A extends IpAddress, P extends PrefixBase<A, P>> {
  /** The address as written (host bits may be set; see {@link PrefixBase.hasHostBits}). */
  readonly address: A;
  /** Prefix length in bits. */
  readonly length: number;
  /** Network value (host bits cleared); a plain field so that structural equality (vitest `toEqual`) sees it. */
  private readonly net: bigint;
  readonly #kind: PrefixKind<A, P>;

  protected constructor(kind: PrefixKind<A, P>, address: A, length: number) {
    checkLength(kind.family, length);
    if (address.family !== kind.family) {
      throw new IpRangeError(IpErrorCode.family, `an ${kind.name} prefix needs an ${kind.name} address`);
    }
    if (address.zone !== undefined) {
      throw new IpRangeError(IpErrorCode.zone, `a prefix has no zone id (got ${address.toString()})`);
    }
    this.#kind = kind;
    this.address = address;
    this.length = length;
    this.net = address.toBigInt() & prefixMask(kind.family, length);
  }

  /** Network value as a bigint (host bits cleared). */
  networkBigInt(): bigint {
    return this.net;
  }

  /** The same prefix with host bits cleared (returns itself if none are set). */
  network(): P {
    return this.hasHostBits() ? this.#kind.prefix(this.#kind.address(this.net), this.length) : (this as unknown as P);
  }

  /** True if the address as written has bits set beyond the prefix length (e.g. 2001:db8::1/64). */
  hasHostBits(): boolean {
    return this.address.toBigInt() !== this.net;
  }

  /** First address (the network address). */
  first(): A {
    return this.#kind.address(this.net);
  }

  /** Last address (all host bits set). */
  last(): A {
    return this.#kind.address(this.net | hostMask(this.#kind.family, this.length));
  }

  /** Number of addresses, 2^(bits - length). */
  size(): bigint {
    return 1n << BigInt(familyBits(this.#kind.family) - this.length);
  }

  /** True if the address, or every address of the prefix, lies inside this prefix. Other family: false. */
  contains(x: IpAddress | IpPrefix): boolean {
    if (x.family !== this.#kind.family) return false;
    const mask = prefixMask(this.#kind.family, this.length);
    if (x instanceof PrefixBase) return x.length >= this.length && (x.net & mask) === this.net;
    return ((x as IpAddress).toBigInt() & mask) === this.net;
  }

  /** True if the two prefixes share at least one address (for prefixes: one contains the other). */
  overlaps(p: IpPrefix): boolean {
    return this.contains(p) || (p as PrefixBase<IpAddress, IpPrefix>).contains(this as unknown as IpPrefix);
  }

  /** Number of subnets of length `newLength`; throws `E_PREFIX_RANGE` unless length <= newLength <= bits. */
  subnetCount(newLength: number): bigint {
    this.#checkSubLength(newLength);
    return 1n << BigInt(newLength - this.length);
  }

  /** Subnet number `index` (from 0) of length `newLength`; throws `E_PREFIX_RANGE`. */
  subnet(index: bigint | number, newLength: number): P {
    const count = this.subnetCount(newLength);
    const i = toIndex(index);
    if (i < 0n || i >= count) {
      throw new IpRangeError(
        IpErrorCode.prefixRange,
        `subnet index ${i} is outside 0..${count - 1n} for /${newLength} in ${this.toString()}`,
      );
    }
    const step = BigInt(familyBits(this.#kind.family) - newLength);
    return this.#kind.prefix(this.#kind.address(this.net | (i << step)), newLength);
  }

  /** The enclosing prefix of length `newLength` (host bits cleared); throws `E_PREFIX_RANGE` unless 0 <= newLength <= length. */
  supernet(newLength: number): P {
    if (!Number.isInteger(newLength) || newLength < 0 || newLength > this.length) {
      throw new IpRangeError(
        IpErrorCode.prefixRange,
        `supernet length ${String(newLength)} is not an integer in 0..${this.length}`,
      );
    }
    const net = this.net & prefixMask(this.#kind.family, newLength);
    return this.#kind.prefix(this.#kind.address(net), newLength);
  }

  /** Address number `index` (from 0) inside the prefix; throws `E_PREFIX_RANGE` outside 0..size-1. */
  nth(index: bigint | number): A {
    const i = toIndex(index);
    if (i < 0n || i >= this.size()) {
      throw new IpRangeError(IpErrorCode.prefixRange, `address index ${i} is outside ${this.toString()}`);
    }
    return this.#kind.address(this.net + i);
  }

  /** All subnets of length `newLength` in address order (lazy). Throws `E_PREFIX_RANGE` on a bad length. */
  *subnets(newLength: number): Generator<P> {
    const count = this.subnetCount(newLength);
    const step = BigInt(familyBits(this.#kind.family) - newLength);
    for (let i = 0n; i < count; i++) yield this.#kind.prefix(this.#kind.address(this.net | (i << step)), newLength);
  }

  /** All addresses in order (lazy; an IPv6 /64 has 2^64 of them, so bound your loop). */
  *addresses(): Generator<A> {
    const end = this.net + this.size();
    for (let v = this.net; v < end; v++) yield this.#kind.address(v);
  }

  /** Same family, same address as written and same length. */
  equals(o: IpPrefix): boolean {
    return (
      o instanceof PrefixBase &&
      o.family === this.#kind.family &&
      o.length === this.length &&
      o.address.equals(this.address)
    );
  }

  /** Total order: IPv4 before IPv6, then network address, then length, then address as written. */
  compare(o: IpPrefix): number {
    const other = o as unknown as PrefixBase<IpAddress, IpPrefix>;
    if (other.#kind.family !== this.#kind.family) return this.#kind.family < other.#kind.family ? -1 : 1;
    if (this.net !== other.net) return this.net < other.net ? -1 : 1;
    if (this.length !== other.length) return this.length < other.length ? -1 : 1;
    return this.address.compare(other.address);
  }

  /** The text form (for JSON.stringify). */
  toJSON(): string {
    return this.toString();
  }

  /** `address/length` with the address as written, in RFC 5952 form for IPv6. */
  toString(): string {
    return `${this.address.toString()}/${this.length}`;
  }

  #checkSubLength(newLength: number): void {
    const bits = familyBits(this.#kind.family);
    if (!Number.isInteger(newLength) || newLength < this.length || newLength > bits) {
      throw new IpRangeError(
        IpErrorCode.prefixRange,
        `subnet length ${String(newLength)} is not an integer in ${this.length}..${bits}`,
      );
    }
  }
}
