/** BGP-4 wire codec: public API. */
export { AddressSyntaxError, formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from './address-text.js';
export { asPathCount } from './as4.js';
export {
  attributesEncodingLength,
  type DecodedAttributes,
  decodeAttributes,
  encodeAttributes,
  type UpdateError,
  unknownForReadvertisement,
} from './attribute-list.js';
export { ATTRIBUTE_BY_CODE, ATTRIBUTE_TABLE, type AttributeRow, strongerHandling } from './attribute-table.js';
export {
  type AddPathDirectionName,
  type AddPathFamily,
  CAPABILITY_CODECS,
  type Capability,
  type CapabilityType,
  capabilityCodec,
  type GracefulRestartFamily,
} from './capabilities.js';
export type { Codec } from './codec.js';
export * from './codes.js';
export {
  CommunitySyntaxError,
  formatCommunity,
  formatLargeCommunity,
  parseCommunity,
  parseLargeCommunity,
} from './community.js';
export {
  type AfiSafi,
  hasAddPath,
  INITIAL_WIRE_CONTEXT,
  IPV4_UNICAST,
  IPV6_UNICAST,
  type WireContext,
} from './context.js';
export { endOfRib, isEndOfRib } from './end-of-rib.js';
export { BgpEncodeError, BgpWireError, ErrorHandling, type ErrorHandlingLevel } from './errors.js';
export { BgpFramer, type BgpFramerOptions } from './framer.js';
export {
  type BgpMessage,
  type BgpMessageType,
  decodeMessage,
  encodeMessage,
  KEEPALIVE,
  type KeepaliveMessage,
  MESSAGE_CODECS,
  maxMessageLength,
  messageCodec,
  messageEncodingLength,
} from './message.js';
export {
  ceaseNotification,
  decodeShutdownCommunication,
  encodeShutdownCommunication,
  MAX_SHUTDOWN_COMMUNICATION,
  type NotificationMessage,
  notificationCodec,
  notificationFromError,
} from './notification.js';
export { type OpenMessage, openCodec } from './open.js';
export type {
  Aggregator,
  AsPathSegment,
  AsPathSegmentTypeName,
  LargeCommunity,
  MpReach,
  MpUnreach,
  PathAttributes,
  RawAttribute,
} from './path-attributes.js';
export {
  decodePrefixes,
  encodePrefix,
  formatWirePrefix,
  type Prefix,
  type Prefix4,
  type Prefix6,
  PrefixSyntaxError,
  parseWirePrefix,
  prefixCodec,
  prefixEncodingLength,
  prefixesEncodingLength,
} from './prefix.js';
export { type RouteRefreshMessage, routeRefreshCodec } from './route-refresh.js';
export { type UpdateMessage, updateCodec } from './update.js';
export { type NegotiatedWire, negotiateWire } from './negotiate.js';
