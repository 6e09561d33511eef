/**
 * Types of the pure BGP finite state machine (RFC 4271 §8). `step(state, event, config) → { state, actions }` never
 * reads a clock and never starts a timer itself: timers are actions a driver maps onto an injected Clock.
 *
 * DelayOpen (RFC 4271 §8.1.1 optional attributes DelayOpen / DelayOpenTime) is not implemented; events 12 and 20
 * (DelayOpenTimer_Expires, BGPOpen with DelayOpenTimer running) therefore do not exist here.
 */

export type FsmStateName = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

/**
 * Timers the FSM owns. `idleHold` is the restart back-off (RFC 4271 §8.1.1 IdleHoldTimer, used for
 * DampPeerOscillations); `idleHoldReset` runs while Established and, when it expires, resets the back-off to its
 * initial value (the session "stayed up").
 */
export type FsmTimer = 'connectRetry' | 'hold' | 'keepalive' | 'idleHold' | 'idleHoldReset';

export interface AfiSafi {
  readonly afi: number;
  readonly safi: number;
}

/** Graceful restart (RFC 4724) as advertised by the peer. */
export interface PeerGracefulRestart {
  readonly restartTimeSec: number;
  /** R bit: the peer has restarted. */
  readonly restartState: boolean;
  /** N bit (RFC 8538): the peer supports graceful restart for NOTIFICATION messages. */
  readonly notification: boolean;
  readonly families: readonly (AfiSafi & { readonly forwardingState: boolean })[];
}

/**
 * One capability of a received OPEN (RFC 5492), as the FSM needs it. The speaker converts the wire codec's decoded
 * capabilities into this (see `peerOpenFromWire` once the codec is in).
 */
export type PeerCapability =
  | { readonly kind: 'multiprotocol'; readonly afi: number; readonly safi: number }
  | { readonly kind: 'routeRefresh' }
  | { readonly kind: 'enhancedRouteRefresh' }
  | { readonly kind: 'fourOctetAs'; readonly asn: number }
  | ({ readonly kind: 'gracefulRestart' } & PeerGracefulRestart)
  | { readonly kind: 'extendedMessage' }
  | { readonly kind: 'fqdn'; readonly hostname: string; readonly domainName: string }
  | { readonly kind: 'unknown'; readonly code: number };

/** The fields of a received, syntactically valid OPEN message (RFC 4271 §4.2). */
export interface PeerOpen {
  readonly version: number;
  /** The 2-octet "My Autonomous System" field (AS_TRANS 23456 when the real AS needs 4 octets). */
  readonly myAs: number;
  readonly holdTimeSec: number;
  /** BGP Identifier as an unsigned 32-bit integer. */
  readonly bgpId: number;
  readonly capabilities: readonly PeerCapability[];
}

/** What both sides agreed on: the input of everything that happens in Established. */
export interface Negotiated {
  /** The peer's AS (from the 4-octet AS capability when present, RFC 6793). */
  readonly peerAs: number;
  readonly peerBgpId: number;
  /** True when local AS equals peer AS. */
  readonly internal: boolean;
  /** min(local, peer) hold time; 0 means no hold timer and no keepalives. */
  readonly holdTimeSec: number;
  /** min(configured keepalive, holdTimeSec / 3) (FRR's rule); 0 when holdTimeSec is 0. */
  readonly keepaliveTimeSec: number;
  /** Both sides support 4-octet AS numbers (RFC 6793). */
  readonly fourOctetAs: boolean;
  /** Address families both sides advertised (RFC 4760), in local configuration order. */
  readonly families: readonly AfiSafi[];
  readonly routeRefresh: boolean;
  readonly enhancedRouteRefresh: boolean;
  /** Present when both sides advertised graceful restart: the peer's values. */
  readonly gracefulRestart: PeerGracefulRestart | undefined;
  /** Both sides advertised RFC 8654 extended messages (65535 octets). */
  readonly extendedMessage: boolean;
  /** The peer's hostname capability (draft-walton-bgp-hostname-capability), if sent. */
  readonly peerFqdn: { readonly hostname: string; readonly domainName: string } | undefined;
  /** Capability codes the peer sent that we do not understand (ignored, RFC 5492 §4). */
  readonly unknownCapabilities: readonly number[];
}

export interface NotificationData {
  readonly code: number;
  readonly subcode: number;
  readonly data: Uint8Array;
}

/** Capabilities the local side can be configured to insist on (RFC 5492 §5: missing → NOTIFICATION 2/7). */
export type RequirableCapability =
  | 'fourOctetAs'
  | 'routeRefresh'
  | 'enhancedRouteRefresh'
  | 'gracefulRestart'
  | 'extendedMessage';

export interface FsmDampingConfig {
  /** First idle hold (back-off) time after a failure. */
  readonly initialIdleHoldMs: number;
  /** The back-off doubles on every consecutive failure up to this cap. */
  readonly maxIdleHoldMs: number;
  /** A session that stayed Established this long resets the back-off to `initialIdleHoldMs`. */
  readonly resetAfterMs: number;
}

export interface FsmConfig {
  readonly localAs: number;
  /** Local BGP Identifier (u32). */
  readonly bgpId: number;
  /** Expected peer AS: a number, or any AS ≠ local ('external') / = local ('internal'). */
  readonly peerAs: number | 'external' | 'internal';
  readonly holdTimeSec: number;
  /** Configured keepalive; undefined means holdTimeSec / 3. */
  readonly keepaliveTimeSec: number | undefined;
  readonly connectRetryTimeSec: number;
  /** The "large value" the HoldTimer gets in OpenSent (RFC 4271 §8.2.2 suggests 4 minutes). */
  readonly openSentHoldTimeSec: number;
  /** Families we advertise (multiprotocol capabilities). */
  readonly families: readonly AfiSafi[];
  readonly fourOctetAs: boolean;
  readonly routeRefresh: boolean;
  readonly enhancedRouteRefresh: boolean;
  readonly extendedMessage: boolean;
  /** Local graceful restart (advertised when set). */
  readonly gracefulRestart: { readonly restartTimeSec: number } | undefined;
  readonly requiredCapabilities: readonly RequirableCapability[];
  /** RFC 6286 §2.1: allow an eBGP peer to use our own BGP identifier (FRR does). Default false. */
  readonly allowSameBgpIdForEbgp: boolean;
  /** Restart automatically (after the idle hold back-off) when the session fails. Default true. */
  readonly automaticRestart: boolean;
  readonly damping: FsmDampingConfig;
}

export interface FsmState {
  readonly name: FsmStateName;
  /** RFC 4271 §8.1.1 ConnectRetryCounter. */
  readonly connectRetryCounter: number;
  /** Started with PassiveTcpEstablishment (listen only, never connect). */
  readonly passive: boolean;
  /** True between a start event and a ManualStop: automatic restarts are allowed. */
  readonly enabled: boolean;
  /** Timers currently running (kept in sync with the startTimer/stopTimer actions step emits). */
  readonly timers: readonly FsmTimer[];
  /** The back-off the next failure will use. */
  readonly idleHoldMs: number;
  /** Set from OpenSent → OpenConfirm on; cleared in Idle. */
  readonly negotiated: Negotiated | undefined;
}

/** FSM events (RFC 4271 §8.1.2–8.1.5; numbers in comments). */
export type FsmEvent<TUpdate = unknown> =
  | { readonly type: 'ManualStart' } // 1
  | { readonly type: 'ManualStop' } // 2
  | { readonly type: 'AutomaticStart' } // 3
  | { readonly type: 'ManualStart_with_PassiveTcpEstablishment' } // 4
  | { readonly type: 'AutomaticStart_with_PassiveTcpEstablishment' } // 5
  | { readonly type: 'AutomaticStop'; readonly subcode?: number } // 8 (Cease subcode, default 2 admin shutdown)
  | { readonly type: 'ConnectRetryTimer_Expires' } // 9
  | { readonly type: 'HoldTimer_Expires' } // 10
  | { readonly type: 'KeepaliveTimer_Expires' } // 11
  | { readonly type: 'IdleHoldTimer_Expires' } // 13
  | { readonly type: 'IdleHoldResetTimer_Expires' } // not in RFC: damping reset
  | { readonly type: 'Tcp_CR_Acked' } // 16: our outgoing connection is up
  | { readonly type: 'TcpConnectionConfirmed' } // 17: an incoming connection was accepted
  | { readonly type: 'TcpConnectionFails' } // 18
  | { readonly type: 'BGPOpen'; readonly open: PeerOpen } // 19 (validation happens in step)
  | ({ readonly type: 'BGPHeaderErr' } & NotificationData) // 21
  | ({ readonly type: 'BGPOpenMsgErr' } & NotificationData) // 22
  | { readonly type: 'OpenCollisionDump' } // 23
  | { readonly type: 'NotifMsg'; readonly code: number; readonly subcode: number } // 25; code 2 subcode 1 is NotifMsgVerErr (24)
  | { readonly type: 'KeepAliveMsg' } // 26
  | { readonly type: 'UpdateMsg'; readonly update: TUpdate } // 27
  | ({ readonly type: 'UpdateMsgErr' } & NotificationData) // 28
  | { readonly type: 'RouteRefreshMsg' }; // not in RFC 4271: ROUTE-REFRESH received (RFC 2918)

export type SessionDownReason =
  | { readonly kind: 'manualStop' }
  | { readonly kind: 'automaticStop' }
  | { readonly kind: 'holdTimerExpired' }
  | { readonly kind: 'connectionFailed' }
  | { readonly kind: 'notificationReceived'; readonly code: number; readonly subcode: number }
  | { readonly kind: 'notificationSent'; readonly code: number; readonly subcode: number }
  | { readonly kind: 'collision' }
  | { readonly kind: 'fsmError'; readonly event: string };

export type FsmAction<TUpdate = unknown> =
  | { readonly type: 'startTimer'; readonly timer: FsmTimer; readonly durationMs: number }
  | { readonly type: 'stopTimer'; readonly timer: FsmTimer }
  /** Open a TCP connection to the peer (the driver reports Tcp_CR_Acked or TcpConnectionFails). */
  | { readonly type: 'connect' }
  /** Drop the TCP connection (after flushing what was queued, e.g. a NOTIFICATION). */
  | { readonly type: 'dropConnection' }
  /** Send our OPEN, built by the driver from its configuration. */
  | { readonly type: 'sendOpen' }
  | { readonly type: 'sendKeepalive' }
  | ({ readonly type: 'sendNotification' } & NotificationData)
  | { readonly type: 'established'; readonly negotiated: Negotiated }
  /** Only when leaving Established: the driver deletes the routes learned over this session. */
  | { readonly type: 'sessionDown'; readonly reason: SessionDownReason }
  | { readonly type: 'processUpdate'; readonly update: TUpdate };

export interface StepResult<TUpdate = unknown> {
  readonly state: FsmState;
  readonly actions: readonly FsmAction<TUpdate>[];
}
