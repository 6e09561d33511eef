/** Small helpers of the session driver and the speaker. */
import type { TtlSecurity } from '../transport/types.js';
import type { PeerSettings } from './config-types.js';

const V4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** `::ffff:192.0.2.1` → `192.0.2.1` (what a dual-stack listener reports for IPv4 peers). */
export function normalizeRemoteAddress(address: string): string {
  return V4_MAPPED.exec(address)?.[1] ?? address.toLowerCase();
}

export function ttlSecurityOf(s: PeerSettings): TtlSecurity | undefined {
  if (s.ttlSecurity !== undefined) return { mode: 'gtsm', hops: s.ttlSecurity };
  if (s.multihop !== undefined) return { mode: 'ttl', ttl: s.multihop };
  return undefined;
}
