/**
 * The speaker's only contact with the wire codec: frames incoming bytes into messages, decodes them into the
 * speaker's terms (FSM `PeerOpen`, `InboundUpdate`) and encodes what the session sends. Keeping it in one file
 * keeps the codec's data shapes out of the session driver.
 */
import { AFI, SAFI } from '../fsm/config.js';
import type { AfiSafi, Negotiated, PeerCapability, PeerOpen } from '../fsm/types.js';
import { parseIpv4U32 } from '../wire/address-text.js';
import type { Capability } from '../wire/capabilities.js';
import { AS_TRANS, BGP_VERSION, CeaseSubcode, MessageType, NotificationCode, Origin } from '../wire/codes.js';
import { INITIAL_WIRE_CONTEXT, type WireContext } from '../wire/context.js';
import { endOfRib, isEndOfRib } from '../wire/end-of-rib.js';
import { BgpWireError } from '../wire/errors.js';
import { BgpFramer } from '../wire/framer.js';
import {
  type BgpMessage,
  decodeMessage,
  encodeMessage,
  KEEPALIVE,
  maxMessageLength,
  messageEncodingLength,
} from '../wire/message.js';
import { ceaseNotification, decodeShutdownCommunication, MAX_SHUTDOWN_COMMUNICATION } from '../wire/notification.js';
import type { OpenMessage } from '../wire/open.js';
import type { PathAttributes } from '../wire/path-attributes.js';
import { formatWirePrefix, type Prefix, parseWirePrefix } from '../wire/prefix.js';
import type { UpdateMessage } from '../wire/update.js';
import { formatCommunity, formatLargeCommunity, parseCommunity, parseLargeCommunity } from './communities.js';
import type { BgpFamily, OriginName } from './config-types.js';
import type { InboundUpdate, RouteAttributes } from './route.js';

export function afiSafiOf(family: BgpFamily): AfiSafi {
  return family === 'ipv6-unicast' ? { afi: AFI.ipv6, safi: SAFI.unicast } : { afi: AFI.ipv4, safi: SAFI.unicast };
}

export function familyOfAfiSafi(afi: number, safi: number): BgpFamily | undefined {
  if (safi !== SAFI.unicast) return undefined;
  if (afi === AFI.ipv6) return 'ipv6-unicast';
  if (afi === AFI.ipv4) return 'ipv4-unicast';
  return undefined;
}

export function wireContextOf(negotiated: Negotiated | undefined): WireContext {
  if (negotiated === undefined) return INITIAL_WIRE_CONTEXT;
  return { fourOctetAs: negotiated.fourOctetAs, extendedMessage: negotiated.extendedMessage };
}

// ---------------------------------------------------------------------------------------------------- encoding

export interface OpenParameters {
  readonly asn: number;
  readonly routerId: string;
  readonly holdTimeSec: number;
  readonly families: readonly BgpFamily[];
  readonly gracefulRestart?: {
    readonly restartTimeSec: number;
    /** RFC 4724 §3 R bit: this speaker has restarted (set while it defers). */
    readonly restartState?: boolean;
    /** RFC 4724 §3 F bit per family: forwarding state preserved across the restart. */
    readonly forwardingState?: boolean;
  };
}

export function encodeOpen(p: OpenParameters): Uint8Array {
  const capabilities: Capability[] = p.families.map((f) => ({ type: 'multiprotocol', ...afiSafiOf(f) }));
  capabilities.push({ type: 'routeRefresh' });
  // RFC 6793 §4.1: always advertise the 4-octet AS capability; "My AS" is AS_TRANS when the AS needs 4 octets.
  capabilities.push({ type: 'fourOctetAs', asn: p.asn });
  if (p.gracefulRestart !== undefined) {
    capabilities.push({
      type: 'gracefulRestart',
      restartState: p.gracefulRestart.restartState === true,
      // RFC 8538 §2: the N bit; NOTIFICATIONs other than Cease/Hard Reset then keep routes too
      notification: true,
      restartTimeSec: p.gracefulRestart.restartTimeSec,
      families: p.families.map((f) => ({
        ...afiSafiOf(f),
        forwardingState: p.gracefulRestart?.forwardingState === true,
      })),
    });
  }
  const open: OpenMessage = {
    type: 'open',
    version: BGP_VERSION,
    myAsn: p.asn > 0xffff ? AS_TRANS : p.asn,
    holdTimeSec: p.holdTimeSec,
    bgpId: p.routerId,
    capabilities,
  };
  return encodeMessage(open, INITIAL_WIRE_CONTEXT);
}

export function encodeKeepalive(): Uint8Array {
  return encodeMessage(KEEPALIVE, INITIAL_WIRE_CONTEXT);
}

export function encodeNotification(code: number, subcode: number, data: Uint8Array): Uint8Array {
  return encodeMessage({ type: 'notification', code, subcode, data }, INITIAL_WIRE_CONTEXT);
}

/** Cease / Administrative Shutdown with an RFC 8203/9003 message (cut to 255 octets). */
export function shutdownNotificationData(message: string): Uint8Array {
  let text = message;
  // Bounded: each round drops one character.
  while (new TextEncoder().encode(text).length > MAX_SHUTDOWN_COMMUNICATION) text = text.slice(0, -1);
  return ceaseNotification(CeaseSubcode.administrativeShutdown, text).data;
}

export function encodeUpdate(m: UpdateMessage, ctx: WireContext): Uint8Array {
  return encodeMessage(m, ctx);
}

const ORIGIN_CODE: Record<OriginName, number> = { igp: Origin.igp, egp: Origin.egp, incomplete: Origin.incomplete };

function wireAttributes(attrs: RouteAttributes): PathAttributes {
  return {
    origin: ORIGIN_CODE[attrs.origin],
    asPath: attrs.asPath,
    ...(attrs.med !== undefined ? { med: attrs.med } : {}),
    ...(attrs.localPref !== undefined ? { localPref: attrs.localPref } : {}),
    ...(attrs.communities.length > 0 ? { communities: attrs.communities.map((c) => parseCommunity(c) ?? 0) } : {}),
    ...(attrs.largeCommunities.length > 0
      ? { largeCommunities: attrs.largeCommunities.map((c) => parseLargeCommunity(c) ?? [0, 0, 0]) }
      : {}),
  };
}

/** An UPDATE announcing `prefixes` (one family) with `attrs`: IPv4 in the NLRI field, IPv6 in MP_REACH_NLRI. */
function announceMessage(prefixes: readonly Prefix[], attrs: RouteAttributes, base: PathAttributes): UpdateMessage {
  if (prefixes[0]?.afi === AFI.ipv4) {
    return {
      type: 'update',
      withdrawn: [],
      attributes: { ...base, nextHop: attrs.nextHop },
      nlri: prefixes as (Prefix & { afi: 1 })[],
    };
  }
  const nextHops = attrs.nextHopLinkLocal !== undefined ? [attrs.nextHop, attrs.nextHopLinkLocal] : [attrs.nextHop];
  return {
    type: 'update',
    withdrawn: [],
    // RFC 4760 §3: IPv6 reachability travels in MP_REACH_NLRI with its own next hop.
    attributes: { ...base, mpReach: { afi: AFI.ipv6, safi: SAFI.unicast, nextHops, nlri: prefixes } },
    nlri: [],
  };
}

function withdrawMessage(prefixes: readonly Prefix[], family: BgpFamily): UpdateMessage {
  if (family === 'ipv4-unicast') {
    return { type: 'update', withdrawn: prefixes as (Prefix & { afi: 1 })[], attributes: {}, nlri: [] };
  }
  return {
    type: 'update',
    withdrawn: [],
    attributes: { mpUnreach: { afi: AFI.ipv6, safi: SAFI.unicast, withdrawn: prefixes } },
    nlri: [],
  };
}

/**
 * Packs `prefixes` into as few messages as fit the negotiated maximum length (RFC 4271 §4.3 / RFC 8654). Chunks
 * are sized by an estimate and checked with the codec's exact length; an over-long chunk is split in two.
 */
function packed(
  prefixes: readonly Prefix[],
  build: (chunk: readonly Prefix[]) => UpdateMessage,
  ctx: WireContext,
): Uint8Array[] {
  const max = maxMessageLength(ctx);
  const out: Uint8Array[] = [];
  const emit = (chunk: readonly Prefix[]): void => {
    const m = build(chunk);
    if (messageEncodingLength(m, ctx) <= max || chunk.length <= 1) {
      out.push(encodeMessage(m, ctx));
      return;
    }
    const half = Math.ceil(chunk.length / 2);
    emit(chunk.slice(0, half));
    emit(chunk.slice(half));
  };
  const overhead = prefixes.length === 0 ? 0 : messageEncodingLength(build(prefixes.slice(0, 1)), ctx);
  let chunk: Prefix[] = [];
  let size = overhead;
  for (const p of prefixes) {
    const n = 1 + Math.ceil(p.length / 8);
    if (chunk.length > 0 && size + n > max) {
      emit(chunk);
      chunk = [];
      size = overhead;
    }
    chunk.push(p);
    size += n;
  }
  if (chunk.length > 0) emit(chunk);
  return out;
}

/** One UPDATE announcing `prefix` with `attrs`. */
export function encodeAnnouncement(prefix: string, attrs: RouteAttributes, ctx: WireContext): Uint8Array {
  return encodeMessage(announceMessage([parseWirePrefix(prefix)], attrs, wireAttributes(attrs)), ctx);
}

export interface Announcement {
  readonly prefix: string;
  readonly attributes: RouteAttributes;
}

/** UPDATEs for many routes: routes with equal attributes and family share messages (the initial dump). */
export function encodeAnnouncements(list: readonly Announcement[], ctx: WireContext): Uint8Array[] {
  const groups = new Map<string, { attrs: RouteAttributes; prefixes: Prefix[] }>();
  for (const a of list) {
    const p = parseWirePrefix(a.prefix);
    const key = `${p.afi}|${JSON.stringify(a.attributes)}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { attrs: a.attributes, prefixes: [] };
      groups.set(key, g);
    }
    g.prefixes.push(p);
  }
  const out: Uint8Array[] = [];
  for (const g of groups.values()) {
    const base = wireAttributes(g.attrs);
    out.push(...packed(g.prefixes, (chunk) => announceMessage(chunk, g.attrs, base), ctx));
  }
  return out;
}

/** UPDATEs withdrawing prefixes of one family (IPv6 via MP_UNREACH_NLRI), packed to the maximum length. */
export function encodeWithdrawals(prefixes: readonly string[], family: BgpFamily, ctx: WireContext): Uint8Array[] {
  return packed(prefixes.map(parseWirePrefix), (chunk) => withdrawMessage(chunk, family), ctx);
}

/** One UPDATE withdrawing prefixes of one family. */
export function encodeWithdrawal(prefixes: readonly string[], family: BgpFamily, ctx: WireContext): Uint8Array {
  return encodeMessage(withdrawMessage(prefixes.map(parseWirePrefix), family), ctx);
}

/** RFC 4724 §2 End-of-RIB marker of a family. */
export function encodeEndOfRib(family: BgpFamily, ctx: WireContext): Uint8Array {
  const { afi, safi } = afiSafiOf(family);
  return encodeUpdate(endOfRib(afi, safi), ctx);
}

// ---------------------------------------------------------------------------------------------------- decoding

export type DecodedMessage =
  | { readonly type: 'open'; readonly open: PeerOpen; readonly peerAsn: number }
  | { readonly type: 'update'; readonly update: InboundUpdate }
  /** An UPDATE left undecoded (`rawUpdates`): the RIB reads the bytes itself. */
  | { readonly type: 'updateBytes'; readonly bytes: Uint8Array }
  | { readonly type: 'keepalive' }
  | { readonly type: 'notification'; readonly code: number; readonly subcode: number; readonly data: Uint8Array }
  | { readonly type: 'routeRefresh'; readonly afi: number; readonly safi: number }
  | {
      readonly type: 'error';
      readonly event: 'BGPHeaderErr' | 'BGPOpenMsgErr' | 'UpdateMsgErr';
      readonly code: number;
      readonly subcode: number;
      readonly data: Uint8Array;
    };

/** Splits the stream into messages (the codec's framer) and decodes them one at a time. */
export class MessageReader {
  private readonly framer = new BgpFramer();
  private readonly pending: Uint8Array[] = [];
  private readonly rawUpdates: boolean;

  /** `rawUpdates`: UPDATE messages are returned as bytes (`updateBytes`), checked only for a valid header. */
  constructor(options: { readonly rawUpdates?: boolean } = {}) {
    this.rawUpdates = options.rawUpdates === true;
  }

  push(chunk: Uint8Array): void {
    // Copy: the framer's messages may share memory with the chunk.
    this.pending.push(...this.framer.push(chunk.slice()));
  }

  /** The next complete message, or undefined when more bytes are needed. Header errors come back as `error`. */
  next(ctx: WireContext): DecodedMessage | undefined {
    const bytes = this.pending.shift();
    if (bytes === undefined) return undefined;
    this.framer.extendedMessage = ctx.extendedMessage;
    const type = bytes[18];
    if (this.rawUpdates && type === MessageType.update && bytes.length >= 23) return { type: 'updateBytes', bytes };
    let m: BgpMessage;
    try {
      m = decodeMessage(bytes, ctx);
    } catch (error) {
      if (error instanceof BgpWireError && error.errorCode === NotificationCode.messageHeaderError) {
        return {
          type: 'error',
          event: 'BGPHeaderErr',
          code: error.errorCode,
          subcode: error.subcode,
          data: error.data,
        };
      }
      return wireError(type === MessageType.open ? 'BGPOpenMsgErr' : 'UpdateMsgErr', error);
    }
    switch (m.type) {
      case 'keepalive':
        return { type: 'keepalive' };
      case 'notification':
        return { type: 'notification', code: m.code, subcode: m.subcode, data: m.data };
      case 'routeRefresh':
        return { type: 'routeRefresh', afi: m.afi, safi: m.safi };
      case 'open':
        return openMessage(m);
      case 'update':
        return { type: 'update', update: inboundUpdate(m) };
      default: {
        const never: never = m;
        return never;
      }
    }
  }
}

function wireError(event: 'BGPOpenMsgErr' | 'UpdateMsgErr', error: unknown): DecodedMessage {
  if (error instanceof BgpWireError) {
    return { type: 'error', event, code: error.errorCode, subcode: error.subcode, data: error.data };
  }
  const code = event === 'BGPOpenMsgErr' ? NotificationCode.openMessageError : NotificationCode.updateMessageError;
  return { type: 'error', event, code, subcode: event === 'BGPOpenMsgErr' ? 0 : 1, data: new Uint8Array(0) };
}

function peerCapability(c: Capability): PeerCapability {
  switch (c.type) {
    case 'multiprotocol':
      return { kind: 'multiprotocol', afi: c.afi, safi: c.safi };
    case 'routeRefresh':
      return { kind: 'routeRefresh' };
    case 'enhancedRouteRefresh':
      return { kind: 'enhancedRouteRefresh' };
    case 'extendedMessage':
      return { kind: 'extendedMessage' };
    case 'fourOctetAs':
      return { kind: 'fourOctetAs', asn: c.asn };
    case 'gracefulRestart':
      return {
        kind: 'gracefulRestart',
        restartTimeSec: c.restartTimeSec,
        restartState: c.restartState,
        notification: c.notification,
        families: c.families,
      };
    case 'fqdn':
      return { kind: 'fqdn', hostname: c.hostname, domainName: c.domain };
    case 'addPath':
      return { kind: 'unknown', code: 69 };
    case 'unknown':
      return { kind: 'unknown', code: c.code };
    default: {
      const never: never = c;
      return never;
    }
  }
}

function openMessage(m: OpenMessage): DecodedMessage {
  const capabilities = m.capabilities.map(peerCapability);
  const as4 = m.capabilities.find((c) => c.type === 'fourOctetAs');
  return {
    type: 'open',
    open: { version: m.version, myAs: m.myAsn, holdTimeSec: m.holdTimeSec, bgpId: parseIpv4U32(m.bgpId), capabilities },
    peerAsn: as4?.type === 'fourOctetAs' ? as4.asn : m.myAsn,
  };
}

const ORIGIN_NAME: readonly OriginName[] = ['igp', 'egp', 'incomplete'];

function routeAttributes(a: PathAttributes, nextHop: string, nextHopLinkLocal: string | undefined): RouteAttributes {
  return {
    origin: ORIGIN_NAME[a.origin ?? Origin.incomplete] ?? 'incomplete',
    asPath: a.asPath ?? [],
    nextHop,
    ...(nextHopLinkLocal !== undefined ? { nextHopLinkLocal } : {}),
    ...(a.med !== undefined ? { med: a.med } : {}),
    ...(a.localPref !== undefined ? { localPref: a.localPref } : {}),
    communities: (a.communities ?? []).map(formatCommunity),
    largeCommunities: (a.largeCommunities ?? []).map(formatLargeCommunity),
    ...(a.atomicAggregate ? { atomicAggregate: true } : {}),
  };
}

/** Wire UPDATE → the speaker's view (groups by next hop, End-of-RIB detection, RFC 7606 flag). */
export function inboundUpdate(m: UpdateMessage): InboundUpdate {
  const a = m.attributes;
  const withdrawn: string[] = m.withdrawn.map(formatWirePrefix);
  if (a.mpUnreach !== undefined) withdrawn.push(...a.mpUnreach.withdrawn.map(formatWirePrefix));
  const announced: { prefixes: string[]; attributes: RouteAttributes }[] = [];
  if (m.nlri.length > 0) {
    announced.push({
      prefixes: m.nlri.map(formatWirePrefix),
      attributes: routeAttributes(a, a.nextHop ?? '0.0.0.0', undefined),
    });
  }
  if (
    a.mpReach !== undefined &&
    familyOfAfiSafi(a.mpReach.afi, a.mpReach.safi) !== undefined &&
    a.mpReach.nlri.length > 0
  ) {
    const [nh, ll] = a.mpReach.nextHops;
    announced.push({ prefixes: a.mpReach.nlri.map(formatWirePrefix), attributes: routeAttributes(a, nh ?? '::', ll) });
  }
  const eor = isEndOfRib(m);
  const endOfRib = eor === undefined ? undefined : familyOfAfiSafi(eor.afi, eor.safi);
  return { withdrawn, announced, treatAsWithdraw: m.treatAsWithdraw === true, endOfRib };
}

/** RFC 8203/9003: the shutdown communication of a Cease 2 or 4 NOTIFICATION, when it carries a valid one. */
export function shutdownCommunication(code: number, subcode: number, data: Uint8Array): string | undefined {
  return decodeShutdownCommunication({ type: 'notification', code, subcode, data });
}
