/**
 * Seeded fuzzing of framer + decoder (used by fuzz.test.ts and bench/fuzz-nightly.ts). Valid encodings are
 * mutated (bit flips, byte writes, truncation, length-field edits, attribute shuffles/duplicates, splices) or
 * targeted (one attribute made malformed in a known way). Properties checked on every input:
 *  - only BgpWireError escapes, with a code/subcode allowed for that message type and session-reset handling;
 *  - non-fatal UPDATE errors agree with RFC 7606 (table below, written independently of ATTRIBUTE_TABLE);
 *  - targeted mutations produce exactly the error RFC 7606 prescribes;
 *  - on 4-octet sessions, decode∘encode∘decode is stable (re-encoding a decoded message is a fixed point).
 */
import fc from 'fast-check';
import { attributesArb, capabilityArb, prefixArb, updateArb } from './arbitraries.test-helper.js';
import { BgpEncodeError, BgpWireError } from './errors.js';
import { BgpFramer } from './framer.js';
import { type BgpMessage, decodeMessage, encodeMessage, KEEPALIVE } from './message.js';
import type { WireContext } from './context.js';
import type { UpdateMessage } from './update.js';
import { endOfRib } from './end-of-rib.js';

/** RFC 7606 §7 (+ RFC 6793 §6, RFC 8092 §6): handling and subcode when an attribute's value has a bad length. */
export const RFC7606_MALFORMED_LENGTH: Readonly<Record<number, readonly [string, number]>> = {
  1: ['treatAsWithdraw', 5], // §7.1 ORIGIN
  2: ['treatAsWithdraw', 11], // §7.2 AS_PATH → Malformed AS_PATH
  3: ['treatAsWithdraw', 5], // §7.3 NEXT_HOP
  4: ['treatAsWithdraw', 5], // §7.4 MULTI_EXIT_DISC
  5: ['treatAsWithdraw', 5], // §7.5 LOCAL_PREF
  6: ['attributeDiscard', 5], // §7.6 ATOMIC_AGGREGATE
  7: ['attributeDiscard', 5], // §7.7 AGGREGATOR
  8: ['treatAsWithdraw', 5], // §7.8 COMMUNITIES
  9: ['treatAsWithdraw', 5], // §7.9 ORIGINATOR_ID
  10: ['treatAsWithdraw', 5], // §7.10 CLUSTER_LIST
  14: ['sessionReset', 9], // §7.11 MP_REACH_NLRI
  15: ['sessionReset', 9], // §7.12 MP_UNREACH_NLRI
  17: ['attributeDiscard', 11], // RFC 6793 §6 AS4_PATH
  18: ['attributeDiscard', 5], // RFC 6793 §6 AS4_AGGREGATOR
  32: ['treatAsWithdraw', 5], // RFC 8092 §6 LARGE_COMMUNITIES
};

/** (code, subcode) pairs decodeMessage may throw, by message type octet (0 = framing, before any type). */
const ALLOWED_THROWS: Readonly<Record<number, ReadonlySet<string>>> = {
  0: new Set(['1/1', '1/2']),
  1: new Set(['1/1', '1/2', '2/0', '2/1', '2/3', '2/4', '2/6']),
  2: new Set(['1/1', '1/2', '3/1', '3/2', '3/4', '3/9', '3/10']),
  3: new Set(['1/1', '1/2']),
  4: new Set(['1/1', '1/2']),
  5: new Set(['1/1', '1/2', '7/1']),
};
const HEADER_THROWS = new Set(['1/1', '1/2', '1/3']);

export interface FuzzOptions {
  readonly count: number;
  readonly seed: number;
  /** Stop after this many violations (default 10). */
  readonly maxViolations?: number;
}

export interface FuzzStats {
  readonly count: number;
  readonly decoded: number;
  readonly decodedWithErrors: number;
  readonly treatAsWithdraw: number;
  /** Thrown errors by `code/subcode`. */
  readonly thrown: Readonly<Record<string, number>>;
  /** Non-fatal UPDATE errors by `attrType:code/subcode:handling`. */
  readonly reported: Readonly<Record<string, number>>;
  /** Targeted mutations checked against the RFC 7606 table, by attribute type. */
  readonly targeted: Readonly<Record<number, number>>;
  readonly stabilityChecked: number;
  readonly violations: readonly string[];
  readonly elapsedMs: number;
}

interface Sample {
  readonly bytes: Uint8Array;
  readonly ctx: WireContext;
  readonly update?: UpdateMessage;
}

/** xorshift32: small, fast, seeded. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const AS4: WireContext = { fourOctetAs: true, extendedMessage: false };
const AS2: WireContext = { fourOctetAs: false, extendedMessage: false };
const ADDPATH: WireContext = {
  fourOctetAs: true,
  extendedMessage: true,
  addPath: [
    { afi: 1, safi: 1 },
    { afi: 2, safi: 1 },
  ],
};

function tryEncode(m: BgpMessage, ctx: WireContext): Uint8Array | undefined {
  try {
    return encodeMessage(m, ctx);
  } catch (e) {
    if (e instanceof BgpEncodeError) return undefined;
    throw e;
  }
}

/** Valid messages of every type, from the seeded fast-check arbitraries. */
export function buildCorpus(seed: number): Sample[] {
  const out: Sample[] = [];
  const add = (m: BgpMessage, ctx: WireContext): void => {
    const bytes = tryEncode(m, ctx);
    if (bytes !== undefined) out.push(m.type === 'update' ? { bytes, ctx, update: m } : { bytes, ctx });
  };
  for (const u of fc.sample(updateArb(true), { seed, numRuns: 150 })) add(u, AS4);
  for (const u of fc.sample(updateArb(false), { seed: seed + 1, numRuns: 100 })) add(u, AS2);
  const big = fc.record({ asn: fc.integer({ min: 0x10000, max: 0xffffffff }), attrs: attributesArb(false) });
  for (const { asn, attrs } of fc.sample(big, { seed: seed + 2, numRuns: 60 })) {
    const attributes = {
      ...attrs,
      asPath: [{ type: 'sequence' as const, asns: [65001, asn] }],
      aggregator: { asn, address: '192.0.2.1' },
    };
    add({ type: 'update', withdrawn: [], nlri: [], attributes }, AS2);
  }
  const addPathUpdate = fc.record({
    nlri: fc.array(prefixArb(1, true), { maxLength: 5 }),
    v6: fc.array(prefixArb(2, true), { minLength: 1, maxLength: 5 }),
  });
  for (const { nlri, v6 } of fc.sample(addPathUpdate, { seed: seed + 3, numRuns: 40 })) {
    add(
      {
        type: 'update',
        withdrawn: [],
        nlri: nlri as UpdateMessage['nlri'],
        attributes: {
          origin: 0,
          asPath: [{ type: 'sequence', asns: [65001] }],
          nextHop: '192.0.2.1',
          mpReach: { afi: 2, safi: 1, nextHops: ['2001:db8::1'], nlri: v6 },
        },
      },
      ADDPATH,
    );
  }
  const caps = fc.array(capabilityArb, { maxLength: 8 });
  for (const capabilities of fc.sample(caps, { seed: seed + 4, numRuns: 60 })) {
    add({ type: 'open', version: 4, myAsn: 65001, holdTimeSec: 90, bgpId: '192.0.2.1', capabilities }, AS2);
  }
  for (const [afi, safi] of [
    [1, 1],
    [2, 1],
    [2, 2],
  ]) {
    add(endOfRib(afi!, safi!), AS4);
    for (const subtype of [0, 1, 2]) add({ type: 'routeRefresh', afi: afi!, safi: safi!, subtype }, AS4);
  }
  add(KEEPALIVE, AS4);
  add({ type: 'notification', code: 6, subcode: 2, data: new Uint8Array([3, 0x62, 0x79, 0x65]) }, AS4);
  add({ type: 'notification', code: 3, subcode: 11, data: new Uint8Array(0) }, AS4);
  return out;
}

interface AttrSpan {
  readonly start: number;
  readonly end: number;
  readonly valueStart: number;
  readonly typeCode: number;
  readonly flags: number;
}

/** Attribute boundaries of a valid UPDATE. */
function scanAttributes(b: Uint8Array): { attrStart: number; attrEnd: number; spans: AttrSpan[] } {
  const wl = (b[19]! << 8) | b[20]!;
  const lenAt = 21 + wl;
  const total = (b[lenAt]! << 8) | b[lenAt + 1]!;
  const attrStart = lenAt + 2;
  const attrEnd = attrStart + total;
  const spans: AttrSpan[] = [];
  let o = attrStart;
  while (o < attrEnd) {
    const flags = b[o]!;
    const ext = (flags & 0x10) !== 0;
    const len = ext ? (b[o + 2]! << 8) | b[o + 3]! : b[o + 2]!;
    const valueStart = o + (ext ? 4 : 3);
    spans.push({ start: o, end: valueStart + len, valueStart, typeCode: b[o + 1]!, flags });
    o = valueStart + len;
  }
  return { attrStart, attrEnd, spans };
}

/** Re-assembles an UPDATE from its parts with correct header and total attribute length. */
function rebuild(b: Uint8Array, attrStart: number, attrEnd: number, attrs: Uint8Array[]): Uint8Array {
  const head = b.subarray(19, attrStart - 2);
  const nlri = b.subarray(attrEnd);
  let attrLen = 0;
  for (const a of attrs) attrLen += a.length;
  const total = 19 + head.length + 2 + attrLen + nlri.length;
  const out = new Uint8Array(total);
  out.set(b.subarray(0, 16), 0);
  out[16] = total >>> 8;
  out[17] = total & 0xff;
  out[18] = b[18]!;
  let o = 19;
  out.set(head, o);
  o += head.length;
  out[o++] = attrLen >>> 8;
  out[o++] = attrLen & 0xff;
  for (const a of attrs) {
    out.set(a, o);
    o += a.length;
  }
  out.set(nlri, o);
  return out;
}

/** One attribute with `extra` appended to its value (length field rewritten, extended length when needed). */
function withExtraByte(b: Uint8Array, s: AttrSpan, extra: number): Uint8Array {
  const value = b.subarray(s.valueStart, s.end);
  const len = value.length + 1;
  const ext = len > 255;
  const out = new Uint8Array((ext ? 4 : 3) + len);
  out[0] = ext ? s.flags | 0x10 : s.flags & ~0x10;
  out[1] = s.typeCode;
  if (ext) {
    out[2] = len >>> 8;
    out[3] = len & 0xff;
  } else out[2] = len;
  out.set(value, ext ? 4 : 3);
  out[out.length - 1] = extra;
  return out;
}

type Expectation =
  | { readonly kind: 'any' }
  | { readonly kind: 'report'; readonly attrType: number; readonly handling: string; readonly subcode: number }
  | { readonly kind: 'throw'; readonly code: number; readonly subcode: number };

const ANY: Expectation = { kind: 'any' };

/** Mutates a sample; returns the bytes and (for targeted mutations) the exact expected outcome. */
function mutate(s: Sample, next: () => number): { bytes: Uint8Array; expect: Expectation } {
  const src = s.bytes;
  const op = next() % 12;
  const b = src.slice();
  switch (op) {
    case 0:
    case 1: {
      // bit flips
      const flips = 1 + (next() % 3);
      for (let i = 0; i < flips; i++) {
        const at = next() % b.length;
        b[at] = b[at]! ^ (1 << (next() & 7));
      }
      return { bytes: b, expect: ANY };
    }
    case 2: {
      // random byte writes past the header
      if (b.length > 19) {
        const writes = 1 + (next() % 4);
        for (let i = 0; i < writes; i++) b[19 + (next() % (b.length - 19))] = next() & 0xff;
      }
      return { bytes: b, expect: ANY };
    }
    case 3: {
      // truncation, with the header length fixed up half of the time
      const cut = next() % b.length;
      const t = b.slice(0, cut);
      if (cut >= 18 && next() & 1) {
        t[16] = cut >>> 8;
        t[17] = cut & 0xff;
      }
      return { bytes: t, expect: ANY };
    }
    case 4: {
      // length-field edits: header, withdrawn length, total attribute length, or one attribute length
      const which = next() % 4;
      const delta = (next() % 2 === 0 ? 1 : -1) * (1 + (next() % 4));
      if (which === 0 || b[18] !== 2 || b.length < 23) {
        const len = Math.max(0, Math.min(0xffff, ((b[16]! << 8) | b[17]!) + delta));
        b[16] = len >>> 8;
        b[17] = len & 0xff;
        return { bytes: b, expect: ANY };
      }
      if (which === 1) {
        const v = ((b[19]! << 8) | b[20]!) + delta;
        b[19] = (v >>> 8) & 0xff;
        b[20] = v & 0xff;
        return { bytes: b, expect: ANY };
      }
      const { attrStart, spans } = scanAttributes(src);
      if (which === 2 || spans.length === 0) {
        const at = attrStart - 2;
        const v = ((b[at]! << 8) | b[at + 1]!) + delta;
        b[at] = (v >>> 8) & 0xff;
        b[at + 1] = v & 0xff;
        return { bytes: b, expect: ANY };
      }
      const sp = spans[next() % spans.length]!;
      b[sp.valueStart - 1] = (b[sp.valueStart - 1]! + delta) & 0xff;
      return { bytes: b, expect: ANY };
    }
    case 5: {
      // attribute shuffle / delete / duplicate
      if (b[18] !== 2) return { bytes: b, expect: ANY };
      const { attrStart, attrEnd, spans } = scanAttributes(src);
      const parts = spans.map((sp) => src.subarray(sp.start, sp.end));
      if (parts.length === 0) return { bytes: b, expect: ANY };
      const kind = next() % 3;
      if (kind === 0) {
        for (let i = parts.length - 1; i > 0; i--) {
          const j = next() % (i + 1);
          [parts[i], parts[j]] = [parts[j]!, parts[i]!];
        }
        return { bytes: rebuild(src, attrStart, attrEnd, parts), expect: ANY };
      }
      if (kind === 1) {
        parts.splice(next() % parts.length, 1);
        return { bytes: rebuild(src, attrStart, attrEnd, parts), expect: ANY };
      }
      const i = next() % parts.length;
      const sp = spans[i]!;
      parts.push(parts[i]!);
      const out = rebuild(src, attrStart, attrEnd, parts);
      // RFC 7606 §3 g: a repeated MP_REACH/MP_UNREACH resets the session, other repeats are discarded
      const isMp = sp.typeCode === 14 || sp.typeCode === 15;
      const expect: Expectation = isMp
        ? { kind: 'throw', code: 3, subcode: 1 }
        : { kind: 'report', attrType: sp.typeCode, handling: 'attributeDiscard', subcode: 1 };
      return {
        bytes: out,
        expect: (sp.flags & 0x80) === 0 || RFC7606_MALFORMED_LENGTH[sp.typeCode] !== undefined ? expect : ANY,
      };
    }
    case 6:
    case 7: {
      // targeted: one known attribute gets one extra value octet → malformed per RFC 7606 §7
      if (b[18] !== 2) return { bytes: b, expect: ANY };
      const { attrStart, attrEnd, spans } = scanAttributes(src);
      const known = spans.filter(
        (sp) => RFC7606_MALFORMED_LENGTH[sp.typeCode] !== undefined && isParsedFamilyAttr(src, sp),
      );
      if (known.length === 0) return { bytes: b, expect: ANY };
      const sp = known[next() % known.length]!;
      // 0xff: never completes a value, and as a prefix length it exceeds every family (RFC 7606 §5.3)
      const parts = spans.map((x) => (x === sp ? withExtraByte(src, x, 0xff) : src.subarray(x.start, x.end)));
      const [handling, subcode] = RFC7606_MALFORMED_LENGTH[sp.typeCode]!;
      const expect: Expectation =
        handling === 'sessionReset'
          ? { kind: 'throw', code: 3, subcode }
          : { kind: 'report', attrType: sp.typeCode, handling, subcode };
      return { bytes: rebuild(src, attrStart, attrEnd, parts), expect };
    }
    case 8: {
      // targeted: wrong Optional/Transitive bits on a known attribute (RFC 7606 §3 c)
      if (b[18] !== 2) return { bytes: b, expect: ANY };
      const { spans } = scanAttributes(src);
      const known = spans.filter(
        (sp) => RFC7606_MALFORMED_LENGTH[sp.typeCode] !== undefined && isParsedFamilyAttr(src, sp),
      );
      if (known.length === 0) return { bytes: b, expect: ANY };
      const sp = known[next() % known.length]!;
      const bit = next() & 1 ? 0x40 : 0x80;
      b[sp.start] = b[sp.start]! ^ bit;
      if ((bit === 0x80 && (b[sp.start]! & 0x80) === 0) || sp.typeCode > 32) return { bytes: b, expect: ANY };
      const isMp = sp.typeCode === 14 || sp.typeCode === 15;
      return {
        bytes: b,
        expect: isMp
          ? { kind: 'throw', code: 3, subcode: 4 }
          : { kind: 'report', attrType: sp.typeCode, handling: 'treatAsWithdraw', subcode: 4 },
      };
    }
    case 9: {
      // marker, type and header length edits with known answers (RFC 4271 §6.1)
      const k = next() % 3;
      if (k === 0) {
        b[next() % 16] = next() % 255;
        return { bytes: b, expect: { kind: 'throw', code: 1, subcode: 1 } };
      }
      if (k === 1) {
        b[18] = 6 + (next() % 250);
        return { bytes: b, expect: { kind: 'throw', code: 1, subcode: 3 } };
      }
      const bad = next() % 19;
      b[16] = 0;
      b[17] = bad;
      return { bytes: b, expect: { kind: 'throw', code: 1, subcode: 2 } };
    }
    case 10: {
      // random body with a valid header
      const len = 19 + (next() % 200);
      const r = new Uint8Array(len);
      r.fill(0xff, 0, 16);
      r[16] = len >>> 8;
      r[17] = len & 0xff;
      r[18] = 1 + (next() % 5);
      for (let i = 19; i < len; i++) r[i] = next() & 0xff;
      return { bytes: r, expect: ANY };
    }
    default: {
      // splice: a prefix of this message followed by random bytes
      const cut = 19 + (next() % Math.max(1, b.length - 19));
      for (let i = cut; i < b.length; i++) b[i] = next() & 0xff;
      return { bytes: b, expect: ANY };
    }
  }
}

/** MP attributes of families the codec parses (others are raw by design and never malformed). */
function isParsedFamilyAttr(b: Uint8Array, sp: AttrSpan): boolean {
  if (sp.typeCode !== 14 && sp.typeCode !== 15) return true;
  const afi = (b[sp.valueStart]! << 8) | b[sp.valueStart + 1]!;
  const safi = b[sp.valueStart + 2]!;
  return (afi === 1 || afi === 2) && (safi === 1 || safi === 2);
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs the fuzzer; never throws for a finding, returns violations instead. */
export function runFuzz(options: FuzzOptions): FuzzStats {
  const started = performance.now();
  const next = rng(options.seed);
  const corpus = buildCorpus(options.seed);
  const maxViolations = options.maxViolations ?? 10;
  const violations: string[] = [];
  const thrown: Record<string, number> = {};
  const reported: Record<string, number> = {};
  const targeted: Record<number, number> = {};
  let decoded = 0;
  let decodedWithErrors = 0;
  let taw = 0;
  let stabilityChecked = 0;

  const violation = (what: string, input: Uint8Array, ctx: WireContext): void => {
    if (violations.length < maxViolations) violations.push(`${what} [as4=${ctx.fourOctetAs}] ${hex(input)}`);
  };

  for (let i = 0; i < options.count && violations.length < maxViolations; i++) {
    const sample = corpus[next() % corpus.length]!;
    // Sometimes decode with the other AS width: valid framing, different meaning.
    const ctx = next() % 16 === 0 ? { ...sample.ctx, fourOctetAs: !sample.ctx.fourOctetAs } : sample.ctx;
    const { bytes, expect } = mutate(sample, next);
    const framer = new BgpFramer({ extendedMessage: ctx.extendedMessage });
    let frames: Uint8Array[];
    try {
      if (bytes.length > 20 && next() % 4 === 0) {
        const split = 1 + (next() % (bytes.length - 1));
        frames = [...framer.push(bytes.subarray(0, split)), ...framer.push(bytes.subarray(split))];
      } else frames = framer.push(bytes);
    } catch (e) {
      const key = e instanceof BgpWireError ? `${e.errorCode}/${e.subcode}` : 'non-wire';
      thrown[key] = (thrown[key] ?? 0) + 1;
      if (!(e instanceof BgpWireError) || !ALLOWED_THROWS[0]!.has(key))
        violation(`framer threw ${key}: ${String(e)}`, bytes, ctx);
      else if (
        expect.kind === 'throw' &&
        !(expect.code === e.errorCode && expect.subcode === e.subcode) &&
        expect.code === 1
      ) {
        violation(`framer threw ${key}, expected ${expect.code}/${expect.subcode}`, bytes, ctx);
      }
      continue;
    }
    if (frames.length === 0) {
      // An incomplete message (truncated input): nothing to decode; a targeted header error must still show.
      if (expect.kind === 'throw' && expect.code !== 1) violation('targeted input produced no frame', bytes, ctx);
      continue;
    }
    for (const frame of frames) {
      const type = frame[18]!;
      let msg: BgpMessage;
      try {
        msg = decodeMessage(frame, ctx);
      } catch (e) {
        const key = e instanceof BgpWireError ? `${e.errorCode}/${e.subcode}` : 'non-wire';
        thrown[key] = (thrown[key] ?? 0) + 1;
        if (!(e instanceof BgpWireError)) {
          violation(`non-wire error escaped: ${String(e)}`, frame, ctx);
          continue;
        }
        const allowed = ALLOWED_THROWS[type];
        if (!(allowed?.has(key) ?? HEADER_THROWS.has(key)) && !HEADER_THROWS.has(key))
          violation(`type ${type} threw ${key}`, frame, ctx);
        if (e.handling !== 'sessionReset') violation(`thrown with handling ${e.handling}`, frame, ctx);
        if (expect.kind === 'throw' && (expect.code !== e.errorCode || expect.subcode !== e.subcode)) {
          violation(`threw ${key}, RFC says ${expect.code}/${expect.subcode}`, frame, ctx);
        }
        if (expect.kind === 'report') violation(`threw ${key}, RFC says report ${JSON.stringify(expect)}`, frame, ctx);
        if (expect.kind === 'throw') targeted[1000 + expect.subcode] = (targeted[1000 + expect.subcode] ?? 0) + 1;
        continue;
      }
      decoded++;
      if (expect.kind === 'throw') violation(`decoded, RFC says throw ${expect.code}/${expect.subcode}`, frame, ctx);
      if (msg.type !== 'update') continue;
      const errs = msg.errors ?? [];
      if (errs.length > 0) decodedWithErrors++;
      if (msg.treatAsWithdraw) taw++;
      let anyTaw = false;
      for (const er of errs) {
        const key = `${er.attrType}:${er.code}/${er.subcode}:${er.handling}`;
        reported[key] = (reported[key] ?? 0) + 1;
        if (er.handling === 'treatAsWithdraw') anyTaw = true;
        if (!checkReported(er)) violation(`reported ${key} disagrees with RFC 7606`, frame, ctx);
      }
      if (anyTaw !== (msg.treatAsWithdraw === true))
        violation('treatAsWithdraw flag disagrees with errors', frame, ctx);
      if (expect.kind === 'report') {
        const hit = errs.some(
          (er) => er.attrType === expect.attrType && er.subcode === expect.subcode && er.handling === expect.handling,
        );
        if (!hit) violation(`missing report ${expect.attrType}:3/${expect.subcode}:${expect.handling}`, frame, ctx);
        else targeted[expect.attrType] = (targeted[expect.attrType] ?? 0) + 1;
      }
      if (ctx.fourOctetAs && (i & 7) === 0) {
        stabilityChecked++;
        const e1 = tryEncode(msg, { ...ctx, extendedMessage: true });
        if (e1 !== undefined) {
          const again = decodeMessage(e1, { ...ctx, extendedMessage: true });
          const e2 = tryEncode(again, { ...ctx, extendedMessage: true });
          if (e2 === undefined || !sameBytes(e1, e2))
            violation('re-encoding a decoded UPDATE is not stable', frame, ctx);
        }
      }
    }
  }
  return {
    count: options.count,
    decoded,
    decodedWithErrors,
    treatAsWithdraw: taw,
    thrown,
    reported,
    targeted,
    stabilityChecked,
    violations,
    elapsedMs: performance.now() - started,
  };
}

/** A reported (non-fatal) error is one RFC 7606 allows for that attribute. */
function checkReported(er: { attrType: number; code: number; subcode: number; handling: string }): boolean {
  if (er.code !== 3) return false;
  const row = RFC7606_MALFORMED_LENGTH[er.attrType];
  switch (er.subcode) {
    case 1: // §4 list overrun (treat-as-withdraw) or §3 g repeat (discard)
      return er.handling === 'treatAsWithdraw' || er.handling === 'attributeDiscard';
    case 3: // §3 d missing ORIGIN/AS_PATH/NEXT_HOP
      return er.handling === 'treatAsWithdraw' && er.attrType >= 1 && er.attrType <= 3;
    case 4: // §3 c flags: at least treat-as-withdraw, never for MP (those reset the session)
      return er.handling === 'treatAsWithdraw' && row !== undefined && row[0] !== 'sessionReset';
    case 5:
      return row !== undefined && row[0] === er.handling && row[0] !== 'sessionReset';
    case 6: // §7.1 invalid ORIGIN value
      return er.attrType === 1 && er.handling === 'treatAsWithdraw';
    case 8: // §7.3 invalid NEXT_HOP
      return er.attrType === 3 && er.handling === 'treatAsWithdraw';
    case 11: // §7.2 / RFC 6793 §6
      return (
        (er.attrType === 2 && er.handling === 'treatAsWithdraw') ||
        (er.attrType === 17 && er.handling === 'attributeDiscard')
      );
    default:
      return false;
  }
}
