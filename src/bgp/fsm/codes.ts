/** NOTIFICATION codes and subcodes the FSM sends (RFC 4271 §4.5, RFC 6608, RFC 4486, RFC 5492). */
export const ERROR_CODE = {
  messageHeader: 1,
  openMessage: 2,
  updateMessage: 3,
  holdTimerExpired: 4,
  fsm: 5,
  cease: 6,
} as const;

export const OPEN_SUBCODE = {
  unsupportedVersion: 1,
  badPeerAs: 2,
  badBgpIdentifier: 3,
  unsupportedOptionalParameter: 4,
  unacceptableHoldTime: 6,
  unsupportedCapability: 7,
} as const;

/** RFC 6608: which state received the unexpected event. */
export const FSM_SUBCODE = {
  unspecified: 0,
  unexpectedInOpenSent: 1,
  unexpectedInOpenConfirm: 2,
  unexpectedInEstablished: 3,
} as const;

/** RFC 4486 Cease subcodes. */
export const CEASE_SUBCODE = {
  maxPrefixes: 1,
  administrativeShutdown: 2,
  peerDeconfigured: 3,
  administrativeReset: 4,
  connectionRejected: 5,
  otherConfigurationChange: 6,
  connectionCollisionResolution: 7,
  outOfResources: 8,
} as const;

/** Capability codes (IANA "Capability Codes" registry). */
export const CAPABILITY_CODE = {
  multiprotocol: 1,
  routeRefresh: 2,
  extendedMessage: 6,
  gracefulRestart: 64,
  fourOctetAs: 65,
  enhancedRouteRefresh: 70,
  fqdn: 73,
} as const;

/** RFC 6793: the 2-octet placeholder for AS numbers above 65535. */
export const AS_TRANS = 23456;

export const BGP_VERSION = 4;
