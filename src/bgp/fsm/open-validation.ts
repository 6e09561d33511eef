/**
 * Validation of a received OPEN against the local configuration (RFC 4271 §6.2, RFC 6793, RFC 6286, RFC 5492) and
 * the capability negotiation that produces `Negotiated`. Pure.
 */
import { AFI, SAFI } from './config.js';
import { AS_TRANS, BGP_VERSION, CAPABILITY_CODE, ERROR_CODE, OPEN_SUBCODE } from './codes.js';
import type {
  AfiSafi,
  FsmConfig,
  Negotiated,
  NotificationData,
  PeerCapability,
  PeerGracefulRestart,
  PeerOpen,
  RequirableCapability,
} from './types.js';

export type OpenValidation =
  | { readonly ok: true; readonly negotiated: Negotiated }
  | { readonly ok: false; readonly error: NotificationData };

const EMPTY = new Uint8Array(0);

function openError(subcode: number, data: Uint8Array = EMPTY): OpenValidation {
  return { ok: false, error: { code: ERROR_CODE.openMessage, subcode, data } };
}

function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff;
}

/** The peer's real AS: from the 4-octet AS capability when both sides speak it, else the 2-octet field. */
function resolvePeerAs(open: PeerOpen, config: FsmConfig): number | undefined {
  const as4 = open.capabilities.find((c) => c.kind === 'fourOctetAs');
  if (config.fourOctetAs && as4 !== undefined) {
    // RFC 6793 §4.2.1: a NEW speaker never uses AS_TRANS as its own AS number.
    if (as4.asn === AS_TRANS || as4.asn === 0 || !isU32(as4.asn)) return undefined;
    // RFC 6793 §4.2.1: "My AS" carries the AS itself when it fits in 2 octets, AS_TRANS otherwise.
    if (open.myAs !== AS_TRANS && open.myAs !== as4.asn) return undefined;
    return as4.asn;
  }
  // RFC 6793 §4.2.2: without the capability, AS_TRANS cannot be a peer's real AS.
  if (open.myAs === AS_TRANS || open.myAs === 0) return undefined;
  return open.myAs;
}

function peerAsAcceptable(peerAs: number, config: FsmConfig): boolean {
  const expected = config.peerAs;
  if (expected === 'internal') return peerAs === config.localAs;
  if (expected === 'external') return peerAs !== config.localAs;
  // An OLD (2-octet) local speaker sees AS_TRANS for a peer whose AS needs 4 octets.
  if (!config.fourOctetAs && expected > 0xffff) return peerAs === AS_TRANS;
  return peerAs === expected;
}

/** Capability TLV (RFC 5492 §4) for the Data field of an Unsupported Capability NOTIFICATION. */
function capabilityTlv(code: number, value: Uint8Array = EMPTY): Uint8Array {
  const out = new Uint8Array(2 + value.length);
  out[0] = code;
  out[1] = value.length;
  out.set(value, 2);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function multiprotocolTlv(f: AfiSafi): Uint8Array {
  // RFC 4760 §8: AFI (2 octets), reserved (1), SAFI (1).
  return capabilityTlv(CAPABILITY_CODE.multiprotocol, new Uint8Array([f.afi >> 8, f.afi & 0xff, 0, f.safi]));
}

function requiredCapabilityTlv(cap: RequirableCapability, config: FsmConfig): Uint8Array {
  switch (cap) {
    case 'fourOctetAs': {
      const as = config.localAs >>> 0;
      return capabilityTlv(
        CAPABILITY_CODE.fourOctetAs,
        new Uint8Array([as >>> 24, (as >>> 16) & 0xff, (as >>> 8) & 0xff, as & 0xff]),
      );
    }
    case 'routeRefresh':
      return capabilityTlv(CAPABILITY_CODE.routeRefresh);
    case 'enhancedRouteRefresh':
      return capabilityTlv(CAPABILITY_CODE.enhancedRouteRefresh);
    case 'extendedMessage':
      return capabilityTlv(CAPABILITY_CODE.extendedMessage);
    case 'gracefulRestart': {
      const t = (config.gracefulRestart?.restartTimeSec ?? 0) & 0x0fff;
      return capabilityTlv(CAPABILITY_CODE.gracefulRestart, new Uint8Array([t >> 8, t & 0xff]));
    }
    default: {
      const unreachable: never = cap;
      return unreachable;
    }
  }
}

function has(caps: readonly PeerCapability[], kind: PeerCapability['kind']): boolean {
  return caps.some((c) => c.kind === kind);
}

/** Keepalive interval: min(configured, hold / 3) as FRR does; 0 when the hold time is 0 (RFC 4271 §4.4). */
export function negotiateKeepaliveSec(holdTimeSec: number, configuredKeepaliveSec: number | undefined): number {
  if (holdTimeSec === 0) return 0;
  const third = Math.floor(holdTimeSec / 3);
  if (configuredKeepaliveSec === undefined || configuredKeepaliveSec <= 0) return third;
  return Math.min(configuredKeepaliveSec, third);
}

export function validateOpen(open: PeerOpen, config: FsmConfig): OpenValidation {
  // RFC 4271 §6.2: unsupported version → 2/1, Data = largest locally supported version (2 octets).
  if (open.version !== BGP_VERSION) {
    return openError(OPEN_SUBCODE.unsupportedVersion, new Uint8Array([0, BGP_VERSION]));
  }
  const peerAs = resolvePeerAs(open, config);
  // RFC 4271 §6.2: unacceptable My Autonomous System → 2/2.
  if (peerAs === undefined || !peerAsAcceptable(peerAs, config)) return openError(OPEN_SUBCODE.badPeerAs);
  const internal = peerAs === config.localAs;

  // RFC 4271 §6.2: hold time 1 or 2 seconds is unacceptable → 2/6.
  if (open.holdTimeSec === 1 || open.holdTimeSec === 2 || !Number.isInteger(open.holdTimeSec)) {
    return openError(OPEN_SUBCODE.unacceptableHoldTime);
  }
  if (open.holdTimeSec < 0 || open.holdTimeSec > 0xffff) return openError(OPEN_SUBCODE.unacceptableHoldTime);

  // RFC 6286 §2.1: the identifier is a non-zero u32; the same identifier as ours is invalid for iBGP (and, unless
  // configured otherwise, for eBGP too, as RFC 4271 required).
  if (open.bgpId === 0 || !isU32(open.bgpId)) return openError(OPEN_SUBCODE.badBgpIdentifier);
  if (open.bgpId === config.bgpId >>> 0 && (internal || !config.allowSameBgpIdForEbgp)) {
    return openError(OPEN_SUBCODE.badBgpIdentifier);
  }

  const caps = open.capabilities;
  const advertised = caps.filter((c) => c.kind === 'multiprotocol');
  // RFC 4760 §8 / RFC 2858 practice: a peer that advertises no multiprotocol capability speaks IPv4 unicast only.
  const peerFamilies: readonly AfiSafi[] = advertised.length > 0 ? advertised : [{ afi: AFI.ipv4, safi: SAFI.unicast }];
  const families = config.families.filter((f) => peerFamilies.some((p) => p.afi === f.afi && p.safi === f.safi));
  // RFC 5492 §5 (as FRR does): no address family in common → 2/7 naming the families we offered.
  if (families.length === 0) {
    return openError(OPEN_SUBCODE.unsupportedCapability, concat(config.families.map(multiprotocolTlv)));
  }

  const peerHas: Record<RequirableCapability, boolean> = {
    fourOctetAs: has(caps, 'fourOctetAs'),
    routeRefresh: has(caps, 'routeRefresh'),
    enhancedRouteRefresh: has(caps, 'enhancedRouteRefresh'),
    gracefulRestart: has(caps, 'gracefulRestart'),
    extendedMessage: has(caps, 'extendedMessage'),
  };
  const missing = config.requiredCapabilities.filter((c) => !peerHas[c]);
  // RFC 5492 §5: a capability we insist on is missing → 2/7, Data = the capabilities in question.
  if (missing.length > 0) {
    return openError(OPEN_SUBCODE.unsupportedCapability, concat(missing.map((c) => requiredCapabilityTlv(c, config))));
  }

  const holdTimeSec = Math.min(config.holdTimeSec, open.holdTimeSec);
  const gr = caps.find((c) => c.kind === 'gracefulRestart');
  const fqdn = caps.find((c) => c.kind === 'fqdn');
  const gracefulRestart: PeerGracefulRestart | undefined =
    gr !== undefined && config.gracefulRestart !== undefined
      ? {
          restartTimeSec: gr.restartTimeSec,
          restartState: gr.restartState,
          notification: gr.notification,
          families: gr.families,
        }
      : undefined;
  const negotiated: Negotiated = {
    peerAs,
    peerBgpId: open.bgpId,
    internal,
    holdTimeSec,
    keepaliveTimeSec: negotiateKeepaliveSec(holdTimeSec, config.keepaliveTimeSec),
    fourOctetAs: config.fourOctetAs && peerHas.fourOctetAs,
    families,
    routeRefresh: config.routeRefresh && peerHas.routeRefresh,
    enhancedRouteRefresh: config.enhancedRouteRefresh && peerHas.enhancedRouteRefresh,
    gracefulRestart,
    extendedMessage: config.extendedMessage && peerHas.extendedMessage,
    peerFqdn: fqdn === undefined ? undefined : { hostname: fqdn.hostname, domainName: fqdn.domainName },
    unknownCapabilities: caps.flatMap((c) => (c.kind === 'unknown' ? [c.code] : [])),
  };
  return { ok: true, negotiated };
}
