/** Text forms of communities: RFC 1997 `asn:value` (or well-known names) and RFC 8092 `global:local1:local2`. */
import { V6netError } from '../../core/errors.js';
import { WellKnownCommunity } from './codes.js';
import type { LargeCommunity } from './path-attributes.js';

export class CommunitySyntaxError extends V6netError {
  constructor(text: string) {
    super('E_COMMUNITY_SYNTAX', `not a valid community: ${JSON.stringify(text)}`);
  }
}

const NAME_BY_VALUE = new Map<number, string>(Object.entries(WellKnownCommunity).map(([k, v]) => [v, k]));

/** `65000:99`, or the well-known name (`NO_EXPORT`) for registered values. */
export function formatCommunity(value: number): string {
  return NAME_BY_VALUE.get(value) ?? `${value >>> 16}:${value & 0xffff}`;
}

const U16 = /^(0|[1-9]\d{0,4})$/;
const U32 = /^(0|[1-9]\d{0,9})$/;

/** Parses `asn:value` (each 0..65535) or a well-known name (any case, `-` or `_`). */
export function parseCommunity(text: string): number {
  const name = text.toUpperCase().replace(/-/g, '_');
  const known = (WellKnownCommunity as Readonly<Record<string, number>>)[name];
  if (known !== undefined) return known;
  const parts = text.split(':');
  if (parts.length !== 2 || !U16.test(parts[0]!) || !U16.test(parts[1]!)) throw new CommunitySyntaxError(text);
  const hi = Number(parts[0]);
  const lo = Number(parts[1]);
  if (hi > 0xffff || lo > 0xffff) throw new CommunitySyntaxError(text);
  return ((hi << 16) | lo) >>> 0;
}

/** `a:b:c`. */
export function formatLargeCommunity(c: LargeCommunity): string {
  return `${c[0]}:${c[1]}:${c[2]}`;
}

/** Parses `a:b:c` with each part a u32. */
export function parseLargeCommunity(text: string): LargeCommunity {
  const parts = text.split(':');
  if (parts.length !== 3 || !parts.every((p) => U32.test(p))) throw new CommunitySyntaxError(text);
  const nums = parts.map(Number);
  if (nums.some((n) => n > 0xffffffff)) throw new CommunitySyntaxError(text);
  return [nums[0]!, nums[1]!, nums[2]!];
}
