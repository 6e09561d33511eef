/** fast-check arbitraries for wire values (canonical forms: what decode returns). */
import fc from 'fast-check';
import { formatIpv4, formatIpv6 } from './address-text.js';
import type { Capability } from './capabilities.js';
import type { AsPathSegment, LargeCommunity, PathAttributes, RawAttribute } from './path-attributes.js';
import type { Prefix } from './prefix.js';
import type { UpdateMessage } from './update.js';

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

export function prefixArb(afi: 1 | 2, pathId = false): fc.Arbitrary<Prefix> {
  const max = afi === 1 ? 32 : 128;
  return fc
    .tuple(fc.integer({ min: 0, max }), fc.uint8Array({ minLength: max / 8, maxLength: max / 8 }), u32)
    .map(([length, full, id]) => {
      const n = (length + 7) >>> 3;
      const bytes = full.slice(0, n);
      if (length & 7) bytes[n - 1] = bytes[n - 1]! & ((0xff << (8 - (length & 7))) & 0xff);
      return pathId ? { afi, length, bytes, pathId: id } : { afi, length, bytes };
    });
}

export const ipv4Arb = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => formatIpv4(b));
/** Unicast-looking IPv4 (valid as NEXT_HOP: not 0.0.0.0, broadcast or multicast). */
export const nextHopArb = fc
  .tuple(fc.integer({ min: 1, max: 223 }), fc.uint8Array({ minLength: 3, maxLength: 3 }))
  .map(([a, rest]) => `${a}.${rest[0]}.${rest[1]}.${rest[2]}`);
export const ipv6Arb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => formatIpv6(b));

export function asPathArb(fourOctet: boolean): fc.Arbitrary<AsPathSegment[]> {
  const asn = fourOctet ? u32 : u16;
  return fc.array(
    fc.record({
      type: fc.constantFrom('sequence', 'set', 'confedSequence', 'confedSet') as fc.Arbitrary<AsPathSegment['type']>,
      asns: fc.array(asn, { minLength: 1, maxLength: 12 }),
    }),
    { maxLength: 4 },
  );
}

const largeArb: fc.Arbitrary<LargeCommunity> = fc.tuple(u32, u32, u32);

/** Unknown optional attributes, sorted by type code, one per code (as decode returns them). */
const unknownArb: fc.Arbitrary<RawAttribute[]> = fc
  .uniqueArray(
    fc.record({
      flags: fc.constantFrom(0x80, 0xc0, 0xe0, 0xd0, 0xf0),
      typeCode: fc.integer({ min: 19, max: 255 }).filter((t) => t !== 32),
      value: fc.uint8Array({ maxLength: 40 }),
    }),
    { selector: (u) => u.typeCode, maxLength: 3 },
  )
  .map((list) => list.sort((a, b) => a.typeCode - b.typeCode));

export function attributesArb(fourOctet: boolean): fc.Arbitrary<PathAttributes> {
  return fc.record(
    {
      origin: fc.integer({ min: 0, max: 2 }),
      asPath: asPathArb(fourOctet),
      nextHop: nextHopArb,
      med: u32,
      localPref: u32,
      atomicAggregate: fc.constant(true as const),
      aggregator: fc.record({ asn: fourOctet ? u32 : u16, address: ipv4Arb }),
      communities: fc.array(u32, { minLength: 1, maxLength: 6 }),
      originatorId: ipv4Arb,
      clusterList: fc.array(ipv4Arb, { minLength: 1, maxLength: 3 }),
      mpReach: fc.oneof(
        fc.record({
          afi: fc.constant(2),
          safi: fc.constant(1),
          nextHops: fc.oneof(fc.tuple(ipv6Arb), fc.tuple(ipv6Arb, ipv6Arb)),
          nlri: fc.array(prefixArb(2), { maxLength: 8 }),
        }),
        fc.record({
          afi: fc.constant(1),
          safi: fc.constant(1),
          nextHops: fc.tuple(ipv4Arb),
          nlri: fc.array(prefixArb(1), { maxLength: 8 }),
        }),
      ),
      mpUnreach: fc.record({
        afi: fc.constant(2),
        safi: fc.constant(1),
        withdrawn: fc.array(prefixArb(2), { maxLength: 8 }),
      }),
      largeCommunities: fc.array(largeArb, { minLength: 1, maxLength: 4 }),
      unknown: unknownArb.filter((l) => l.length > 0),
    },
    { requiredKeys: [] },
  );
}

/** Well-formed UPDATEs: mandatory attributes present whenever there is NLRI (RFC 4271 §5, RFC 4760 §3). */
export function updateArb(fourOctet: boolean): fc.Arbitrary<UpdateMessage> {
  return fc
    .record({
      type: fc.constant('update' as const),
      withdrawn: fc.array(prefixArb(1) as fc.Arbitrary<Prefix & { afi: 1 }>, { maxLength: 6 }),
      attributes: attributesArb(fourOctet),
      nlri: fc.array(prefixArb(1) as fc.Arbitrary<Prefix & { afi: 1 }>, { maxLength: 6 }),
    })
    .map((u) => {
      const a = u.attributes;
      const needsBase = u.nlri.length > 0 || (a.mpReach !== undefined && a.mpReach.nlri.length > 0);
      if (!needsBase) return u;
      const attributes: PathAttributes = {
        ...a,
        origin: a.origin ?? 0,
        asPath: a.asPath ?? [],
        ...(u.nlri.length > 0 ? { nextHop: a.nextHop ?? '192.0.2.1' } : {}),
      };
      return { ...u, attributes };
    });
}

export const capabilityArb: fc.Arbitrary<Capability> = fc.oneof(
  fc.record({ type: fc.constant('multiprotocol' as const), afi: u16, safi: fc.integer({ min: 0, max: 255 }) }),
  fc.constant({ type: 'routeRefresh' as const }),
  fc.constant({ type: 'enhancedRouteRefresh' as const }),
  fc.constant({ type: 'extendedMessage' as const }),
  fc.record({ type: fc.constant('fourOctetAs' as const), asn: u32 }),
  fc.record({
    type: fc.constant('gracefulRestart' as const),
    restartState: fc.boolean(),
    notification: fc.boolean(),
    restartTimeSec: fc.integer({ min: 0, max: 4095 }),
    families: fc.array(fc.record({ afi: u16, safi: fc.integer({ min: 0, max: 255 }), forwardingState: fc.boolean() }), {
      maxLength: 4,
    }),
  }),
  fc.record({
    type: fc.constant('addPath' as const),
    families: fc.array(
      fc.record({
        afi: u16,
        safi: fc.integer({ min: 0, max: 255 }),
        direction: fc.constantFrom('receive', 'send', 'both') as fc.Arbitrary<'receive' | 'send' | 'both'>,
      }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  fc.record({
    type: fc.constant('fqdn' as const),
    hostname: fc.string({ maxLength: 30 }),
    domain: fc.string({ maxLength: 30 }),
  }),
  fc.record({
    type: fc.constant('unknown' as const),
    code: fc.integer({ min: 0, max: 255 }).filter((c) => ![1, 2, 6, 64, 65, 69, 70, 73].includes(c)),
    value: fc.uint8Array({ maxLength: 20 }),
  }),
);
