import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMessage, decodeMessage } from '../wire/message.js';
import { BgpWireError } from '../wire/errors.js';
import type { Prefix } from '../wire/prefix.js';
import { prefixArb } from '../wire/arbitraries.test-helper.js';
import { decodeAttributesKey, encodeAttributesKey, wireAttributesOf } from './attribute-key.js';
import type { RibAttributes } from './attributes.js';
import { AttributeInterner, type InternedAttributes, scalarsOf } from './intern.js';
import { formatPrefixKey, type PrefixKey } from './prefix-key.js';
import { convertUpdate } from './update-convert.js';
import { UpdateScanner, type UpdateSink } from './update-scan.js';
import { formatIpv6 } from '../wire/address-text.js';

const CTX = { fourOctetAs: true, extendedMessage: false } as const;
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => formatIpv6(b));

/** Attribute sets the fast path handles (4-octet AS, IPv6 next hop, no RR/unknown attributes). */
const scannableAttrs: fc.Arbitrary<RibAttributes> = fc
  .record(
    {
      origin: fc.integer({ min: 0, max: 2 }),
      asPath: fc.array(
        fc.record({
          type: fc.constantFrom('sequence', 'set', 'confedSequence', 'confedSet') as fc.Arbitrary<
            'sequence' | 'set' | 'confedSequence' | 'confedSet'
          >,
          asns: fc.array(fc.oneof(u32, fc.constant(65000)), { minLength: 1, maxLength: 8 }),
        }),
        { maxLength: 3 },
      ),
      nextHop: ipv6,
      nextHopLinkLocal: ipv6,
      med: u32,
      localPref: u32,
      atomicAggregate: fc.constant(true as const),
      aggregator: fc.record({ asn: u32, address: fc.constant('192.0.2.7') }),
      communities: fc.array(fc.oneof(u32, fc.constantFrom(0xffffff01, 0xffffff02, 0xffff029a)), {
        minLength: 1,
        maxLength: 70,
      }),
      largeCommunities: fc.array(fc.tuple(u32, u32, u32), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: ['origin', 'asPath', 'nextHop'] },
  )
  .map((r) => r as RibAttributes);

function updateBytes(a: RibAttributes, nlri: Prefix[], withdrawn: Prefix[]): Uint8Array {
  const hops = a.nextHopLinkLocal !== undefined ? [a.nextHop, a.nextHopLinkLocal] : [a.nextHop];
  return encodeMessage(
    {
      type: 'update',
      withdrawn: [],
      attributes: {
        ...wireAttributesOf(a),
        ...(nlri.length > 0 ? { mpReach: { afi: 2, safi: 1, nextHops: hops, nlri } } : {}),
        ...(withdrawn.length > 0 ? { mpUnreach: { afi: 2, safi: 1, withdrawn } } : {}),
      },
      nlri: [],
    },
    CTX,
  );
}

class Recorder implements UpdateSink {
  readonly ops: string[] = [];
  readonly sets: InternedAttributes[] = [];
  withdraw(key: PrefixKey): void {
    this.ops.push(`-${formatPrefixKey(key)}`);
  }
  announce(key: PrefixKey, attrs: InternedAttributes): void {
    this.ops.push(`+${formatPrefixKey(key)}`);
    this.sets.push(attrs);
  }
}

function slowPath(bytes: Uint8Array, interner: AttributeInterner): Recorder | 'error' {
  const r = new Recorder();
  try {
    convertUpdate(decodeMessage(bytes, CTX) as never, interner, r);
  } catch (e) {
    if (e instanceof BgpWireError) return 'error';
    throw e;
  }
  return r;
}

function scalarsView(a: InternedAttributes) {
  return [a.origin, a.asPathLength, a.neighborAs, a.med, a.localPref, a.nextHop, a.flags, a.originatorId];
}

describe('canonical attribute keys', () => {
  it('decode(encode(a)) keeps the set and re-encodes to the same key', () => {
    fc.assert(
      fc.property(scannableAttrs, fc.integer({ min: 0, max: 1000 }), (a, weight) => {
        const withWeight = weight > 0 ? { ...a, weight } : a;
        const key = encodeAttributesKey(withWeight);
        expect(encodeAttributesKey(decodeAttributesKey(key))).toBe(key);
      }),
    );
  });

  it('an IPv4 next hop travels as NEXT_HOP in the TLVs', () => {
    const a = { origin: 0, asPath: [], nextHop: '192.0.2.1' };
    expect(decodeAttributesKey(encodeAttributesKey(a)).nextHop).toBe('192.0.2.1');
  });
});

describe('UPDATE scanner (hot path) ≡ full decoder', () => {
  it('takes canonical IPv6 UPDATEs and yields the same prefixes, keys and scalars', () => {
    fc.assert(
      fc.property(
        scannableAttrs,
        fc.array(prefixArb(2), { minLength: 1, maxLength: 20 }),
        fc.array(prefixArb(2), { maxLength: 5 }),
        (a, nlri, withdrawn) => {
          const bytes = updateBytes(a, nlri, withdrawn);
          const fast = new Recorder();
          const fastInterner = new AttributeInterner(65000);
          expect(new UpdateScanner(fastInterner).scan(bytes, CTX, fast)).toBe(true);
          const slowInterner = new AttributeInterner(65000);
          const slow = slowPath(bytes, slowInterner);
          expect(slow).not.toBe('error');
          const s = slow as Recorder;
          expect(fast.ops).toEqual(s.ops);
          expect(fast.sets.map((x) => x.key)).toEqual(s.sets.map((x) => x.key));
          expect(fast.sets.map(scalarsView)).toEqual(s.sets.map(scalarsView));
          expect(scalarsView(fast.sets[0]!)).toEqual(
            scalarsView(new AttributeInterner(65000).get(decodeAttributesKey(fast.sets[0]!.key))),
          );
          // the AS loop flag follows the local AS
          expect(fast.sets[0]!.hasFlag(0x80)).toBe(scalarsOf(a, 65000).flags >= 0x80);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('declines what it does not handle: End-of-RIB, IPv4 NLRI, 2-octet AS sessions, RR attributes', () => {
    const scanner = new UpdateScanner(new AttributeInterner());
    const sink = new Recorder();
    const eor = encodeMessage(
      { type: 'update', withdrawn: [], attributes: { mpUnreach: { afi: 2, safi: 1, withdrawn: [] } }, nlri: [] },
      CTX,
    );
    expect(scanner.scan(eor, CTX, sink)).toBe(false);
    const a = { origin: 0, asPath: [], nextHop: '2001:db8::1' };
    const p = { afi: 2 as const, length: 48, bytes: new Uint8Array([0x20, 1, 0xd, 0xb8, 0, 1]) };
    expect(scanner.scan(updateBytes(a, [p], []), { fourOctetAs: false, extendedMessage: false }, sink)).toBe(false);
    expect(scanner.scan(updateBytes({ ...a, originatorId: '1.2.3.4' }, [p], []), CTX, sink)).toBe(false);
    expect(sink.ops).toEqual([]);
  });

  it('never throws on mutated bytes, and when it accepts, agrees with the full decoder', () => {
    fc.assert(
      fc.property(
        scannableAttrs,
        fc.array(prefixArb(2), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
        (a, nlri, edits) => {
          const bytes = updateBytes(a, nlri, []).slice();
          for (const [at, v] of edits) bytes[19 + (at % (bytes.length - 19))] = v;
          const fast = new Recorder();
          const ok = new UpdateScanner(new AttributeInterner(65000)).scan(bytes, CTX, fast);
          if (!ok) {
            expect(fast.ops).toEqual([]);
            return;
          }
          const slow = slowPath(bytes, new AttributeInterner(65000));
          expect(slow).not.toBe('error');
          expect(fast.ops).toEqual((slow as Recorder).ops);
          expect(fast.sets.map((x) => x.key)).toEqual((slow as Recorder).sets.map((x) => x.key));
        },
      ),
      { numRuns: 500 },
    );
  });
});
