/**
 * Community text ⇄ numbers: RFC 1997 `asn:value` (each 16 bits) or a well-known name, RFC 8092 large communities
 * `global:local1:local2` (each 32 bits).
 */
import { WellKnownCommunity } from '../wire/codes.js';

const WELL_KNOWN_NAMES: Readonly<Record<string, number>> = {
  'graceful-shutdown': WellKnownCommunity.GRACEFUL_SHUTDOWN,
  'accept-own': WellKnownCommunity.ACCEPT_OWN,
  'llgr-stale': WellKnownCommunity.LLGR_STALE,
  'no-llgr': WellKnownCommunity.NO_LLGR,
  blackhole: WellKnownCommunity.BLACKHOLE,
  'no-export': WellKnownCommunity.NO_EXPORT,
  'no-advertise': WellKnownCommunity.NO_ADVERTISE,
  'no-export-subconfed': WellKnownCommunity.NO_EXPORT_SUBCONFED,
  'local-as': WellKnownCommunity.NO_EXPORT_SUBCONFED,
  'no-peer': WellKnownCommunity.NO_PEER,
};

const U16 = /^(0|[1-9][0-9]{0,4})$/;
const U32 = /^(0|[1-9][0-9]{0,9})$/;

/** `65000:100` or `no-export` → 32-bit value; undefined when the text is not a community. */
export function parseCommunity(text: string): number | undefined {
  const named = WELL_KNOWN_NAMES[text.toLowerCase()];
  if (named !== undefined) return named;
  const parts = text.split(':');
  if (parts.length !== 2 || !parts.every((p) => U16.test(p))) return undefined;
  const hi = Number(parts[0]);
  const lo = Number(parts[1]);
  if (hi > 0xffff || lo > 0xffff) return undefined;
  return ((hi << 16) | lo) >>> 0;
}

export function formatCommunity(value: number): string {
  for (const [name, v] of Object.entries(WELL_KNOWN_NAMES)) if (v === value && name !== 'local-as') return name;
  return `${value >>> 16}:${value & 0xffff}`;
}

export type LargeCommunity = readonly [number, number, number];

/** `65000:1:2` → three 32-bit values; undefined when the text is not a large community. */
export function parseLargeCommunity(text: string): LargeCommunity | undefined {
  const parts = text.split(':');
  if (parts.length !== 3 || !parts.every((p) => U32.test(p))) return undefined;
  const v = parts.map(Number);
  if (v.some((x) => x > 0xffffffff)) return undefined;
  return [v[0]!, v[1]!, v[2]!];
}

export function formatLargeCommunity(value: LargeCommunity): string {
  return `${value[0]}:${value[1]}:${value[2]}`;
}
