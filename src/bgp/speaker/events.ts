/**
 * Structured events the speaker emits (state changes, updates, errors). The CLI prints them as JSON lines
 * (`{"event":"established","peer":"2001:db8::2",...}`) or as readable log lines; tests collect them.
 */
import type { BgpFamily } from './config-types.js';

export type SpeakerEvent =
  | { readonly event: 'listening'; readonly address: string; readonly port: number }
  | { readonly event: 'state'; readonly peer: string; readonly from: string; readonly to: string }
  | {
      readonly event: 'established';
      readonly peer: string;
      readonly asn: number;
      readonly routerId: string;
      readonly localAddress: string;
      readonly holdTimeSec: number;
      readonly keepaliveTimeSec: number;
      readonly families: readonly BgpFamily[];
    }
  | {
      readonly event: 'down';
      readonly peer: string;
      readonly reason: string;
      readonly code?: number;
      readonly subcode?: number;
    }
  | {
      readonly event: 'notificationSent' | 'notificationReceived';
      readonly peer: string;
      readonly code: number;
      readonly subcode: number;
      readonly name: string;
      /** RFC 8203 shutdown communication, when present. */
      readonly message?: string;
    }
  | {
      readonly event: 'update';
      readonly peer: string;
      readonly announced: number;
      readonly withdrawn: number;
      /** Prefixes withdrawn because of an RFC 7606 treat-as-withdraw error in the UPDATE. */
      readonly treatAsWithdraw: number;
      /** The first few prefixes (announced, then withdrawn with a leading `-`). */
      readonly sample: readonly string[];
    }
  | {
      readonly event: 'endOfRib';
      readonly peer: string;
      readonly family: BgpFamily;
      readonly direction: 'sent' | 'received';
    }
  | {
      /** RFC 2918 ROUTE-REFRESH: sent (we asked the peer to resend) or received (we resent our routes). */
      readonly event: 'routeRefresh';
      readonly peer: string;
      readonly family: BgpFamily;
      readonly direction: 'sent' | 'received';
    }
  | {
      readonly event: 'gracefulRestart';
      readonly peer: string;
      /** retained: routes kept stale after the session failed; removed: stale routes dropped. */
      readonly phase: 'retained' | 'removed';
      readonly routes: number;
      readonly family?: BgpFamily;
    }
  | { readonly event: 'dynamicNeighbor'; readonly peer: string; readonly range: string }
  | { readonly event: 'peerRemoved'; readonly peer: string }
  | {
      readonly event: 'peerRoutes';
      readonly peer: string;
      /** Routes the peer is now meant to have (global and per-peer). */
      readonly routes: number;
      /** Prefixes announced / withdrawn on the wire by this change (0 while the session is not Established). */
      readonly announced: number;
      readonly withdrawn: number;
    }
  | { readonly event: 'connectionRejected'; readonly peer: string; readonly reason: string }
  | { readonly event: 'routeAnnounced' | 'routeWithdrawn'; readonly prefix: string }
  | { readonly event: 'error'; readonly peer?: string; readonly code: string; readonly message: string };

export type SpeakerEventListener = (event: SpeakerEvent) => void;

/** One readable line for a log (no timestamp; the caller adds one). */
export function formatSpeakerEvent(e: SpeakerEvent): string {
  switch (e.event) {
    case 'listening':
      return `listening on [${e.address}]:${e.port}`;
    case 'state':
      return `peer ${e.peer}: ${e.from} -> ${e.to}`;
    case 'established':
      return `peer ${e.peer}: established (AS ${e.asn}, router id ${e.routerId}, local ${e.localAddress}, hold ${e.holdTimeSec}s, keepalive ${e.keepaliveTimeSec}s, ${e.families.join(' ')})`;
    case 'down':
      return `peer ${e.peer}: session down (${e.reason}${e.code !== undefined ? ` ${e.code}/${e.subcode ?? 0}` : ''})`;
    case 'notificationSent':
    case 'notificationReceived':
      return `peer ${e.peer}: NOTIFICATION ${e.event === 'notificationSent' ? 'sent' : 'received'} ${e.code}/${e.subcode} (${e.name})${e.message ? ` "${e.message}"` : ''}`;
    case 'update':
      return `peer ${e.peer}: UPDATE +${e.announced} -${e.withdrawn}${e.treatAsWithdraw ? ` (treat-as-withdraw ${e.treatAsWithdraw})` : ''}${e.sample.length ? ` ${e.sample.join(' ')}` : ''}`;
    case 'endOfRib':
      return `peer ${e.peer}: End-of-RIB ${e.family} ${e.direction}`;
    case 'routeRefresh':
      return `peer ${e.peer}: ROUTE-REFRESH ${e.family} ${e.direction}`;
    case 'gracefulRestart':
      return `peer ${e.peer}: graceful restart, ${e.routes} stale route(s) ${e.phase}${e.family ? ` (${e.family})` : ''}`;
    case 'peerRemoved':
      return `peer ${e.peer}: removed`;
    case 'peerRoutes':
      return `peer ${e.peer}: ${e.routes} route(s) for this peer, +${e.announced} -${e.withdrawn} sent`;
    case 'dynamicNeighbor':
      return `peer ${e.peer}: dynamic neighbor from listen range ${e.range}`;
    case 'connectionRejected':
      return `connection from ${e.peer} rejected (${e.reason})`;
    case 'routeAnnounced':
      return `route ${e.prefix} announced`;
    case 'routeWithdrawn':
      return `route ${e.prefix} withdrawn`;
    case 'error':
      return `${e.peer ? `peer ${e.peer}: ` : ''}error ${e.code}: ${e.message}`;
    default: {
      const never: never = e;
      return String(never);
    }
  }
}
