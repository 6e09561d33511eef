/**
 * A synthetic IPv6 full table shaped like the real one (see shared/reference/anchors.md §C6): about half /48, a
 * second mode at /32, a spread over /29–/44, 0.7 % longer than /48; AS paths of 2–8 hops over tens of thousands of
 * ASNs with a few heavy transit ASes; communities on a third of the attribute sets; ~1.7 prefixes per attribute set
 * (237k prefixes over 140k distinct paths). Deterministic for a seed. Encoded once as UPDATE messages (MP_REACH_NLRI,
 * 4-octet AS, 4096-octet messages) so every receiver gets exactly the same bytes.
 */
import { encodeMessage } from '../../src/bgp/wire/message.js';
import type { AsPathSegment, PathAttributes } from '../../src/bgp/wire/path-attributes.js';
import { formatWirePrefix, type Prefix } from '../../src/bgp/wire/prefix.js';

/** mulberry32: a small deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(r: () => number, table: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of table) total += w;
  let x = r() * total;
  for (const [v, w] of table) {
    x -= w;
    if (x < 0) return v;
  }
  return table.at(-1)![0];
}

const SPREAD = [
  [29, 1],
  [30, 1],
  [31, 1],
  [33, 2],
  [34, 2],
  [35, 2],
  [36, 6],
  [37, 2],
  [38, 3],
  [39, 2],
  [40, 8],
  [41, 2],
  [42, 3],
  [43, 2],
  [44, 8],
] as const;
const LONGER = [
  [49, 1],
  [52, 2],
  [56, 4],
  [60, 1],
  [64, 3],
] as const;
const PATH_LENGTH = [
  [2, 10],
  [3, 25],
  [4, 30],
  [5, 18],
  [6, 10],
  [7, 5],
  [8, 2],
] as const;
const PER_SET = [
  [1, 65],
  [2, 20],
  [3, 7],
  [4, 5],
  [6, 2],
  [10, 1],
] as const;
const TRANSIT = [6939, 174, 3356, 1299, 2914, 3257, 6453, 6762, 9002, 6830, 37100, 24482, 4637, 7018, 3320];

function prefixLength(r: () => number): number {
  const x = r();
  if (x < 0.5) return 48;
  if (x < 0.7) return 32;
  if (x < 0.993) return weighted(r, SPREAD);
  return weighted(r, LONGER);
}

export interface TableShape {
  readonly prefixes: number;
  readonly attributeSets: number;
  readonly updates: number;
  readonly bytes: number;
  readonly withCommunities: number;
  readonly distinctAsns: number;
  /** The last prefix announced (receivers are checked for it). */
  readonly lastPrefix: string;
}

export interface Table {
  readonly shape: TableShape;
  /** The UPDATE messages, concatenated. */
  readonly stream: Uint8Array;
}

/** Generates the table for `count` prefixes sent by `senderAsn` with next hop `nextHop`. */
export function generateTable(count: number, senderAsn: number, nextHop: string, seed = 2026): Table {
  const r = rng(seed);
  const seen = new Set<string>();
  const prefixes: Prefix[] = [];
  // Bounded: each round either adds a prefix or hits a (rare) duplicate.
  for (let guard = 0; prefixes.length < count && guard < count * 4; guard++) {
    const length = prefixLength(r);
    const bytes = new Uint8Array((length + 7) >>> 3);
    const first = 0x2001 + Math.floor(r() * (0x2c0f - 0x2001));
    bytes[0] = first >>> 8;
    bytes[1] = first & 0xff;
    for (let i = 2; i < bytes.length; i++) bytes[i] = Math.floor(r() * 256);
    if (length & 7) bytes[bytes.length - 1]! &= (0xff << (8 - (length & 7))) & 0xff;
    const key = `${length}/${bytes.join('.')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    prefixes.push({ afi: 2, length, bytes });
  }
  const asnPool = 60_000;
  const originAsn = (): number => {
    // a skewed pick: a few ASes originate many prefixes, most originate one or two
    const x = Math.floor(asnPool * r() ** 2);
    return x < 30_000 ? 1000 + x * 7 : 131072 + x * 13;
  };
  const chunks: Uint8Array[] = [];
  let bytesTotal = 0;
  let updates = 0;
  let sets = 0;
  let withCommunities = 0;
  const asnsSeen = new Set<number>();
  const ctx = { fourOctetAs: true, extendedMessage: false };
  let i = 0;
  while (i < prefixes.length) {
    const n = Math.min(weighted(r, PER_SET), prefixes.length - i);
    const nlri = prefixes.slice(i, i + n);
    i += n;
    sets++;
    const hops = weighted(r, PATH_LENGTH);
    const asns = [senderAsn];
    if (hops > 2) asns.push(TRANSIT[Math.floor(r() * r() * TRANSIT.length)]!);
    while (asns.length < hops - 1) asns.push(originAsn());
    const origin = originAsn();
    asns.push(origin);
    if (r() < 0.05) for (let k = Math.floor(r() * 3); k >= 0; k--) asns.push(origin); // some prepending
    for (const a of asns) asnsSeen.add(a);
    const attrs: PathAttributes & { asPath: AsPathSegment[] } = {
      origin: weighted(r, [
        [0, 90],
        [2, 8],
        [1, 2],
      ] as const),
      asPath: [{ type: 'sequence', asns }],
      ...(r() < 0.2 ? { med: Math.floor(r() * 1000) } : {}),
    };
    if (r() < 1 / 3) {
      withCommunities++;
      const transit = asns[1] ?? senderAsn;
      const c = 1 + Math.floor(r() * 4);
      const list: number[] = [];
      for (let k = 0; k < c; k++) list.push((((transit & 0xffff) << 16) | Math.floor(r() * 65536)) >>> 0);
      (attrs as { communities?: number[] }).communities = list;
    }
    const message = encodeMessage(
      {
        type: 'update',
        withdrawn: [],
        attributes: { ...attrs, mpReach: { afi: 2, safi: 1, nextHops: [nextHop], nlri } },
        nlri: [],
      },
      ctx,
    );
    chunks.push(message);
    bytesTotal += message.length;
    updates++;
  }
  const stream = new Uint8Array(bytesTotal);
  let o = 0;
  for (const c of chunks) {
    stream.set(c, o);
    o += c.length;
  }
  return {
    shape: {
      prefixes: prefixes.length,
      attributeSets: sets,
      updates,
      bytes: bytesTotal,
      withCommunities,
      distinctAsns: asnsSeen.size,
      lastPrefix: formatWirePrefix(prefixes.at(-1)!),
    },
    stream,
  };
}
