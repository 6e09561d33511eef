/**
 * Capabilities (RFC 5492 §4): code, length, value. One codec per code in `CAPABILITY_CODECS`; unknown codes are
 * kept as raw bytes. A recognised capability with a bad length or value is a malformed optional parameter:
 * OPEN Message Error, subcode 0 (RFC 4271 §6.2).
 */
import type { ByteReader, ByteWriter } from '../../core/bytes.js';
import type { Codec } from './codec.js';
import {
  AddPathDirection,
  CapabilityCode,
  GracefulRestartFamilyFlag,
  GracefulRestartFlag,
  NotificationCode,
  OpenMessageErrorSubcode,
} from './codes.js';
import type { WireContext } from './context.js';
import { BgpEncodeError, BgpWireError } from './errors.js';

export interface GracefulRestartFamily {
  readonly afi: number;
  readonly safi: number;
  /** RFC 4724 §3 F bit: forwarding state was preserved for this family. */
  readonly forwardingState: boolean;
}

export type AddPathDirectionName = 'receive' | 'send' | 'both';

export interface AddPathFamily {
  readonly afi: number;
  readonly safi: number;
  readonly direction: AddPathDirectionName;
}

export type Capability =
  | { readonly type: 'multiprotocol'; readonly afi: number; readonly safi: number }
  | { readonly type: 'routeRefresh' }
  | { readonly type: 'enhancedRouteRefresh' }
  | { readonly type: 'extendedMessage' }
  | { readonly type: 'fourOctetAs'; readonly asn: number }
  | {
      readonly type: 'gracefulRestart';
      /** RFC 4724 §3 R bit. */
      readonly restartState: boolean;
      /** RFC 8538 §2 N bit: graceful restart also covers NOTIFICATION-triggered restarts. */
      readonly notification: boolean;
      readonly restartTimeSec: number;
      readonly families: readonly GracefulRestartFamily[];
    }
  | { readonly type: 'addPath'; readonly families: readonly AddPathFamily[] }
  | { readonly type: 'fqdn'; readonly hostname: string; readonly domain: string }
  | { readonly type: 'unknown'; readonly code: number; readonly value: Uint8Array };

export type CapabilityType = Capability['type'];
type Of<T extends CapabilityType> = Extract<Capability, { type: T }>;

function malformed(): BgpWireError {
  // RFC 4271 §6.2: a recognised but malformed optional parameter → subcode 0 (Unspecific).
  return new BgpWireError(NotificationCode.openMessageError, OpenMessageErrorSubcode.unspecific);
}

function expectLength(r: ByteReader, n: number): void {
  if (r.remaining !== n) throw malformed();
}

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** Value codecs (the bytes after code and length), by capability type. */
interface ValueCodec<C extends Capability> {
  readonly code: number;
  decode(r: ByteReader): C;
  encode(c: C, w: ByteWriter): void;
  length(c: C): number;
}

const multiprotocol: ValueCodec<Of<'multiprotocol'>> = {
  code: CapabilityCode.multiprotocol,
  decode(r) {
    expectLength(r, 4); // RFC 4760 §8: AFI (2), reserved (1), SAFI (1)
    const afi = r.u16();
    r.u8();
    return { type: 'multiprotocol', afi, safi: r.u8() };
  },
  encode(c, w) {
    w.u16(c.afi);
    w.u8(0);
    w.u8(c.safi);
  },
  length: () => 4,
};

function empty<T extends 'routeRefresh' | 'enhancedRouteRefresh' | 'extendedMessage'>(
  type: T,
  code: number,
): ValueCodec<Of<T>> {
  return {
    code,
    decode(r) {
      expectLength(r, 0); // RFC 2918 §2, RFC 7313 §3.1, RFC 8654 §3: length 0
      return { type } as Of<T>;
    },
    encode() {},
    length: () => 0,
  };
}

const fourOctetAs: ValueCodec<Of<'fourOctetAs'>> = {
  code: CapabilityCode.fourOctetAs,
  decode(r) {
    expectLength(r, 4); // RFC 6793 §3: the speaker's 4-octet AS number
    return { type: 'fourOctetAs', asn: r.u32() };
  },
  encode(c, w) {
    w.u32(c.asn);
  },
  length: () => 4,
};

const RESTART_TIME_MASK = 0x0fff;

const gracefulRestart: ValueCodec<Of<'gracefulRestart'>> = {
  code: CapabilityCode.gracefulRestart,
  decode(r) {
    if (r.remaining < 2 || (r.remaining - 2) % 4 !== 0) throw malformed(); // RFC 4724 §3: 2 + 4 per family
    const head = r.u16();
    const flags = head >>> 12;
    const families: GracefulRestartFamily[] = [];
    while (r.remaining > 0) {
      const afi = r.u16();
      const safi = r.u8();
      const f = r.u8();
      families.push({ afi, safi, forwardingState: (f & GracefulRestartFamilyFlag.forwardingState) !== 0 });
    }
    return {
      type: 'gracefulRestart',
      restartState: (flags & GracefulRestartFlag.restartState) !== 0,
      notification: (flags & GracefulRestartFlag.notification) !== 0,
      restartTimeSec: head & RESTART_TIME_MASK,
      families,
    };
  },
  encode(c, w) {
    if (c.restartTimeSec > RESTART_TIME_MASK) throw new BgpEncodeError('graceful restart time exceeds 4095 s');
    const flags =
      (c.restartState ? GracefulRestartFlag.restartState : 0) | (c.notification ? GracefulRestartFlag.notification : 0);
    w.u16((flags << 12) | c.restartTimeSec);
    for (const f of c.families) {
      w.u16(f.afi);
      w.u8(f.safi);
      w.u8(f.forwardingState ? GracefulRestartFamilyFlag.forwardingState : 0);
    }
  },
  length: (c) => 2 + 4 * c.families.length,
};

const DIRECTION_NAMES: Readonly<Record<number, AddPathDirectionName>> = {
  [AddPathDirection.receive]: 'receive',
  [AddPathDirection.send]: 'send',
  [AddPathDirection.both]: 'both',
};

const addPath: ValueCodec<Of<'addPath'>> = {
  code: CapabilityCode.addPath,
  decode(r) {
    if (r.remaining === 0 || r.remaining % 4 !== 0) throw malformed(); // RFC 7911 §4: 4 octets per family
    const families: AddPathFamily[] = [];
    while (r.remaining > 0) {
      const afi = r.u16();
      const safi = r.u8();
      const direction = DIRECTION_NAMES[r.u8()];
      if (direction === undefined) throw malformed(); // RFC 7911 §4: Send/Receive is 1, 2 or 3
      families.push({ afi, safi, direction });
    }
    return { type: 'addPath', families };
  },
  encode(c, w) {
    for (const f of c.families) {
      w.u16(f.afi);
      w.u8(f.safi);
      w.u8(AddPathDirection[f.direction]);
    }
  },
  length: (c) => 4 * c.families.length,
};

function utf8Length(s: string): number {
  return utf8Encoder.encode(s).length;
}

const fqdn: ValueCodec<Of<'fqdn'>> = {
  code: CapabilityCode.fqdn,
  decode(r) {
    // draft-walton-bgp-hostname-capability §3: hostname length, hostname, domain length, domain
    const hostname = utf8Decoder.decode(r.bytes(r.u8()));
    const domain = utf8Decoder.decode(r.bytes(r.u8()));
    if (r.remaining !== 0) throw malformed();
    return { type: 'fqdn', hostname, domain };
  },
  encode(c, w) {
    for (const s of [c.hostname, c.domain]) {
      const b = utf8Encoder.encode(s);
      if (b.length > 255) throw new BgpEncodeError('FQDN capability: name longer than 255 octets');
      w.u8(b.length);
      w.bytes(b);
    }
  },
  length: (c) => 2 + utf8Length(c.hostname) + utf8Length(c.domain),
};

const unknown: ValueCodec<Of<'unknown'>> = {
  code: -1,
  decode(r) {
    return { type: 'unknown', code: -1, value: r.copy(r.remaining) };
  },
  encode(c, w) {
    w.bytes(c.value);
  },
  length: (c) => c.value.length,
};

/** One row per known capability type. */
export const CAPABILITY_CODECS = {
  multiprotocol,
  routeRefresh: empty('routeRefresh', CapabilityCode.routeRefresh),
  enhancedRouteRefresh: empty('enhancedRouteRefresh', CapabilityCode.enhancedRouteRefresh),
  extendedMessage: empty('extendedMessage', CapabilityCode.extendedMessage),
  fourOctetAs,
  gracefulRestart,
  addPath,
  fqdn,
  unknown,
} as const satisfies { [T in CapabilityType]: ValueCodec<Of<T>> };

const BY_CODE = new Map<number, ValueCodec<Capability>>();
for (const row of Object.values(CAPABILITY_CODECS)) {
  if (row.code >= 0) BY_CODE.set(row.code, row as unknown as ValueCodec<Capability>);
}

function codecOf(c: Capability): ValueCodec<Capability> {
  return CAPABILITY_CODECS[c.type] as unknown as ValueCodec<Capability>;
}

function codeOf(c: Capability): number {
  return c.type === 'unknown' ? c.code : CAPABILITY_CODECS[c.type].code;
}

/** One capability TLV (RFC 5492 §4). */
export const capabilityCodec: Codec<Capability> = {
  decode(r: ByteReader, _ctx: WireContext): Capability {
    const code = r.u8();
    const value = r.sub(r.u8());
    const row = BY_CODE.get(code);
    if (row === undefined) return { type: 'unknown', code, value: value.copy(value.remaining) };
    return row.decode(value);
  },
  encode(c: Capability, w: ByteWriter): void {
    const len = codecOf(c).length(c);
    if (len > 255) throw new BgpEncodeError(`capability ${c.type}: value longer than 255 octets`);
    w.u8(codeOf(c));
    w.u8(len);
    codecOf(c).encode(c, w);
  },
  encodingLength(c: Capability): number {
    return 2 + codecOf(c).length(c);
  },
};

/** Decodes a capabilities optional parameter value (any number of TLVs). */
export function decodeCapabilities(r: ByteReader, ctx: WireContext, out: Capability[]): void {
  while (r.remaining > 0) out.push(capabilityCodec.decode(r, ctx));
}
