/**
 * BGP-4 code points as `as const` tables (IANA registries; the defining RFC is named on each table).
 * Nothing else in the wire codec writes a bare protocol number.
 */

/** RFC 4271 §4.1 message types; RFC 2918 §3 ROUTE-REFRESH. */
export const MessageType = {
  open: 1,
  update: 2,
  notification: 3,
  keepalive: 4,
  routeRefresh: 5,
} as const;
export type MessageTypeCode = (typeof MessageType)[keyof typeof MessageType];

/** RFC 4271 §4.1 header layout and limits; RFC 8654 §3 extended messages. */
export const Header = {
  markerLength: 16,
  length: 19,
  maxMessageLength: 4096,
  maxExtendedMessageLength: 65535,
  /** RFC 4271 §4.2: 10 fixed octets after the header. */
  openMinLength: 29,
  /** RFC 4271 §4.3: two 2-octet length fields. */
  updateMinLength: 23,
  notificationMinLength: 21,
  keepaliveLength: 19,
  /** RFC 2918 §3: AFI (2) + reserved/subtype (1) + SAFI (1). */
  routeRefreshLength: 23,
} as const;

/** RFC 4271 §4.2 version. */
export const BGP_VERSION = 4;

/** RFC 6793 §9: AS_TRANS stands in for a 4-octet AS number in 2-octet fields. */
export const AS_TRANS = 23456;

/** IANA Address Family Numbers used by BGP (RFC 4760 §3). */
export const Afi = { ipv4: 1, ipv6: 2 } as const;
export type AfiCode = (typeof Afi)[keyof typeof Afi];

/** IANA SAFI values (RFC 4760 §6 and later). Only unicast NLRI are decoded; others pass through raw. */
export const Safi = { unicast: 1, multicast: 2, mplsLabel: 4, mplsVpn: 128, flowspec: 133 } as const;
export type SafiCode = (typeof Safi)[keyof typeof Safi];

/** RFC 5492 §4: optional parameter type for capabilities; RFC 9072 §2: 255 marks the extended length form. */
export const OptionalParameterType = { capabilities: 2, extendedLength: 255 } as const;

/** IANA capability codes. */
export const CapabilityCode = {
  multiprotocol: 1, // RFC 4760 §8
  routeRefresh: 2, // RFC 2918 §2
  extendedMessage: 6, // RFC 8654 §3
  gracefulRestart: 64, // RFC 4724 §3
  fourOctetAs: 65, // RFC 6793 §3
  addPath: 69, // RFC 7911 §4
  enhancedRouteRefresh: 70, // RFC 7313 §3.1
  fqdn: 73, // draft-walton-bgp-hostname-capability
} as const;
export type CapabilityCodeValue = (typeof CapabilityCode)[keyof typeof CapabilityCode];

/** RFC 4724 §3 restart flags (high 4 bits of the 16-bit field); RFC 8538 §2 adds N. */
export const GracefulRestartFlag = { restartState: 0x8, notification: 0x4 } as const;
/** RFC 4724 §3: per-AFI/SAFI flags; bit 0 (0x80) = forwarding state preserved. */
export const GracefulRestartFamilyFlag = { forwardingState: 0x80 } as const;

/** RFC 7911 §4 Send/Receive field. */
export const AddPathDirection = { receive: 1, send: 2, both: 3 } as const;

/** RFC 4271 §4.3 attribute flag bits. */
export const AttributeFlag = {
  optional: 0x80,
  transitive: 0x40,
  partial: 0x20,
  extendedLength: 0x10,
} as const;

/** IANA path attribute type codes. */
export const AttributeType = {
  origin: 1, // RFC 4271 §5.1.1
  asPath: 2, // RFC 4271 §5.1.2
  nextHop: 3, // RFC 4271 §5.1.3
  med: 4, // RFC 4271 §5.1.4 MULTI_EXIT_DISC
  localPref: 5, // RFC 4271 §5.1.5
  atomicAggregate: 6, // RFC 4271 §5.1.6
  aggregator: 7, // RFC 4271 §5.1.7
  communities: 8, // RFC 1997
  originatorId: 9, // RFC 4456 §8
  clusterList: 10, // RFC 4456 §8
  mpReach: 14, // RFC 4760 §3
  mpUnreach: 15, // RFC 4760 §4
  as4Path: 17, // RFC 6793 §3
  as4Aggregator: 18, // RFC 6793 §3
  largeCommunities: 32, // RFC 8092 §3
} as const;
export type AttributeTypeCode = (typeof AttributeType)[keyof typeof AttributeType];

/** RFC 4271 §5.1.1 ORIGIN values. */
export const Origin = { igp: 0, egp: 1, incomplete: 2 } as const;
export type OriginCode = (typeof Origin)[keyof typeof Origin];

/** RFC 4271 §4.3 AS_PATH segment types; RFC 5065 §3 confederation segments. */
export const AsPathSegmentType = { set: 1, sequence: 2, confedSequence: 3, confedSet: 4 } as const;

/** RFC 1997 and IANA well-known communities. */
export const WellKnownCommunity = {
  GRACEFUL_SHUTDOWN: 0xffff0000, // RFC 8326
  ACCEPT_OWN: 0xffff0001, // RFC 7611
  LLGR_STALE: 0xffff0006, // RFC 9494
  NO_LLGR: 0xffff0007, // RFC 9494
  BLACKHOLE: 0xffff029a, // RFC 7999
  NO_EXPORT: 0xffffff01, // RFC 1997
  NO_ADVERTISE: 0xffffff02, // RFC 1997
  NO_EXPORT_SUBCONFED: 0xffffff03, // RFC 1997
  NO_PEER: 0xffffff04, // RFC 3765
} as const;

/** RFC 7313 §3.2 ROUTE-REFRESH message subtypes (the former Reserved octet of RFC 2918). */
export const RouteRefreshSubtype = { normal: 0, beginningOfRouteRefresh: 1, endOfRouteRefresh: 2 } as const;

/** RFC 4271 §4.5 error codes; RFC 6608 (FSM subcodes); RFC 7313 §5 code 7. */
export const NotificationCode = {
  messageHeaderError: 1,
  openMessageError: 2,
  updateMessageError: 3,
  holdTimerExpired: 4,
  finiteStateMachineError: 5,
  cease: 6,
  routeRefreshMessageError: 7,
} as const;
export type NotificationCodeValue = (typeof NotificationCode)[keyof typeof NotificationCode];

/** RFC 4271 §6.1. */
export const MessageHeaderErrorSubcode = {
  connectionNotSynchronized: 1,
  badMessageLength: 2,
  badMessageType: 3,
} as const;

/** RFC 4271 §6.2; RFC 5492 §5 (7); RFC 9234 §4.2 (11). */
export const OpenMessageErrorSubcode = {
  unspecific: 0,
  unsupportedVersionNumber: 1,
  badPeerAs: 2,
  badBgpIdentifier: 3,
  unsupportedOptionalParameter: 4,
  unacceptableHoldTime: 6,
  unsupportedCapability: 7,
  roleMismatch: 11,
} as const;

/** RFC 4271 §6.3 (7 is deprecated and never sent). */
export const UpdateMessageErrorSubcode = {
  malformedAttributeList: 1,
  unrecognizedWellKnownAttribute: 2,
  missingWellKnownAttribute: 3,
  attributeFlagsError: 4,
  attributeLengthError: 5,
  invalidOriginAttribute: 6,
  invalidNextHopAttribute: 8,
  optionalAttributeError: 9,
  invalidNetworkField: 10,
  malformedAsPath: 11,
} as const;

/** RFC 6608 §4. */
export const FsmErrorSubcode = {
  unspecified: 0,
  unexpectedMessageInOpenSent: 1,
  unexpectedMessageInOpenConfirm: 2,
  unexpectedMessageInEstablished: 3,
} as const;

/** RFC 4486 §4; RFC 8538 §5 (9); RFC 9384 §3 (10). */
export const CeaseSubcode = {
  maximumNumberOfPrefixesReached: 1,
  administrativeShutdown: 2,
  peerDeconfigured: 3,
  administrativeReset: 4,
  connectionRejected: 5,
  otherConfigurationChange: 6,
  connectionCollisionResolution: 7,
  outOfResources: 8,
  hardReset: 9,
  bfdDown: 10,
} as const;

/** RFC 7313 §5. */
export const RouteRefreshErrorSubcode = { invalidMessageLength: 1 } as const;

/** Subcode tables by error code (for names in logs and for validating decoded NOTIFICATIONs). */
export const NotificationSubcodes = {
  [NotificationCode.messageHeaderError]: MessageHeaderErrorSubcode,
  [NotificationCode.openMessageError]: OpenMessageErrorSubcode,
  [NotificationCode.updateMessageError]: UpdateMessageErrorSubcode,
  [NotificationCode.holdTimerExpired]: {},
  [NotificationCode.finiteStateMachineError]: FsmErrorSubcode,
  [NotificationCode.cease]: CeaseSubcode,
  [NotificationCode.routeRefreshMessageError]: RouteRefreshErrorSubcode,
} as const;

function nameOf(table: Readonly<Record<string, number>>, value: number): string | undefined {
  for (const [name, v] of Object.entries(table)) if (v === value) return name;
  return undefined;
}

/** `updateMessageError/malformedAsPath` style name of a NOTIFICATION code and subcode (numbers when unknown). */
export function notificationName(code: number, subcode: number): string {
  const codeName = nameOf(NotificationCode, code) ?? String(code);
  const table = (NotificationSubcodes as Readonly<Record<number, Readonly<Record<string, number>>>>)[code];
  const subName = table === undefined ? undefined : nameOf(table, subcode);
  return `${codeName}/${subName ?? String(subcode)}`;
}

/** Name of a capability code, or `capability-<n>`. */
export function capabilityName(code: number): string {
  return nameOf(CapabilityCode, code) ?? `capability-${code}`;
}

/** Name of a path attribute type code, or `attribute-<n>`. */
export function attributeName(typeCode: number): string {
  return nameOf(AttributeType, typeCode) ?? `attribute-${typeCode}`;
}
