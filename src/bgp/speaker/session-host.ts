/** What a peer session (`peer-session.ts`) needs from its speaker, and the definition of one peer. */
import type { Clock } from '../../core/clock.js';
import type { BgpTransport } from '../transport/types.js';
import type { BgpFamily, PeerSettings } from './config-types.js';
import type { SpeakerEvent } from './events.js';
import type { PeerSession } from './peer-session.js';
import type { SpeakerRib } from './speaker-rib.js';

/** What a peer session needs from its speaker. */
export interface SessionHost {
  readonly clock: Clock;
  readonly transport: BgpTransport;
  readonly localAsn: number;
  readonly routerId: string;
  readonly routerIdU32: number;
  emit(event: SpeakerEvent): void;
  /** Called once the session reaches Established: the speaker sends its routes. */
  onEstablished(session: PeerSession): void;
  /** RFC 2918: the peer sent a ROUTE-REFRESH. */
  onRouteRefresh(session: PeerSession, family: BgpFamily): void;
  /** Called when a dynamic neighbor's session is over (the speaker forgets the peer). */
  onDynamicGone(session: PeerSession): void;
  /** The router core. */
  readonly speakerRib: SpeakerRib;
  /** After input was processed: send what the RIB staged for every peer. */
  flushRib(): void;
  /** Graceful restart settings the OPEN advertises (R/F bits while the speaker is restarting). */
  readonly restarting: boolean;
}

/** The identity and settings of one peer (configured, or dynamic from a listen range). */
export interface PeerDefinition {
  readonly address: string;
  readonly port: number;
  readonly settings: PeerSettings;
  /** Listen range a dynamic neighbor came from. */
  readonly range?: string;
}
