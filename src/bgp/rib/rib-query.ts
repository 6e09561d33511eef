/**
 * Read-only queries over the RIBs for the control API: one prefix, longest match for an address, and sorted paging
 * (prefixes in address order, shorter first on a tie, like FRR's `show bgp ipv6`).
 */
import type { RibAttributes } from './attributes.js';
import type { BestPathReason } from './best-path-steps.js';
import type { LocRib } from './loc-rib.js';
import { formatPrefixKey, keyAfi, keyFromBytes, keyLength, maskedKeyFromBytes, type PrefixKey } from './prefix-key.js';

export interface RibPathView {
  /** The peer's address, or `local` for an originated route. */
  readonly peer: string;
  /** The path came over iBGP (FRR status code `i`). */
  readonly internal: boolean;
  readonly best: boolean;
  /** Part of the ECMP set (the best path included). */
  readonly multipath: boolean;
  readonly stale: boolean;
  readonly attributes: RibAttributes;
}

export interface RibRouteView {
  readonly prefix: string;
  /** Why the best path won (FRR's "bestpath reason"). */
  readonly reason: BestPathReason | 'only-path';
  readonly paths: readonly RibPathView[];
}

/** Address order (byte by byte), then shorter prefix first; IPv4 before IPv6. */
export function compareKeys(a: PrefixKey, b: PrefixKey): number {
  const fa = keyAfi(a);
  const fb = keyAfi(b);
  if (fa !== fb) return fa - fb;
  const n = Math.max(a.length, b.length);
  for (let i = 1; i < n; i++) {
    const x = i < a.length ? a.charCodeAt(i) : 0;
    const y = i < b.length ? b.charCodeAt(i) : 0;
    if (x !== y) return x - y;
  }
  return keyLength(a) - keyLength(b);
}

export function routeView(locRib: LocRib, key: PrefixKey): RibRouteView | undefined {
  const r = locRib.get(key);
  if (r === undefined) return undefined;
  return {
    prefix: formatPrefixKey(key),
    reason: r.reason,
    paths: r.paths.map((p) => ({
      peer: p.peer.id,
      internal: p.peer.kind === 'ibgp',
      best: p === r.best,
      multipath: r.multipath.includes(p),
      stale: p.stale,
      attributes: p.attrs.value,
    })),
  };
}

/** The most specific prefix in the Loc-RIB covering `address` (16 or 4 bytes). */
export function longestMatch(locRib: LocRib, address: Uint8Array): PrefixKey | undefined {
  const afi = address.length === 4 ? 1 : 2;
  for (let len = address.length * 8; len >= 0; len--) {
    const key = maskedKeyFromBytes(afi, len, address);
    if (locRib.best(key) !== undefined) return key;
  }
  return undefined;
}

/** Up to `limit` keys after `after` (exclusive) in `compareKeys` order, optionally of one AFI. */
export function pageKeys(
  keys: Iterable<PrefixKey>,
  after: PrefixKey | undefined,
  limit: number,
  afi?: 1 | 2,
): PrefixKey[] {
  const picked: PrefixKey[] = [];
  for (const k of keys) {
    if (afi !== undefined && keyAfi(k) !== afi) continue;
    if (after !== undefined && compareKeys(k, after) <= 0) continue;
    picked.push(k);
  }
  picked.sort(compareKeys);
  return picked.length > limit ? picked.slice(0, limit) : picked;
}

/** The key of a host address (/128 or /32). */
export function hostKey(address: Uint8Array): PrefixKey {
  return keyFromBytes(address.length === 4 ? 1 : 2, address.length * 8, address);
}
