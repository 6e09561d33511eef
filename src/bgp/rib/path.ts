/** Peers and paths as the RIBs see them. */
import type { InternedAttributes } from './intern.js';

export type RibPeerKind = 'ebgp' | 'ibgp' | 'confed' | 'local';

/** What the decision process needs to know about the peer a path came from. */
export interface RibPeer {
  /** Stable id (the peer address text for configured/dynamic neighbors, `local` for originated routes). */
  readonly id: string;
  /** Small integer, unique per RIB: the canonical order of candidates. */
  readonly index: number;
  /** eBGP, iBGP, confederation-external (RFC 5065), or the local speaker itself (originated routes). */
  readonly kind: RibPeerKind;
  readonly remoteAsn: number;
  /** BGP Identifier from the peer's OPEN, as an unsigned 32-bit number. */
  readonly routerId: number;
  /** The peer's address in a form that sorts like the address bytes (`peerAddressSortKey`), for the last tie break. */
  readonly addressSortKey: string;
  /** RFC 4456: the peer is our route-reflector client. */
  readonly rrClient?: boolean;
}

/** One path to one prefix: who sent it, in which order, and its interned attributes (one reference held). */
export class Path {
  /** RFC 4724 §4.2: kept from a session that went down, waiting to be refreshed or swept. */
  stale = false;

  constructor(
    readonly peer: RibPeer,
    readonly attrs: InternedAttributes,
    /** Arrival order in the RIB (monotonic), for the "oldest eBGP path" step. */
    readonly seq: number,
  ) {}
}

/** A sort key for address bytes: family digit then the bytes in hex (so string order = byte order). */
export function peerAddressSortKey(bytes: Uint8Array): string {
  let s = bytes.length === 4 ? '4' : '6';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
  return s;
}

/** `192.0.2.1` → unsigned 32-bit number. */
export function routerIdNumber(dottedQuad: string): number {
  const parts = dottedQuad.split('.');
  let v = 0;
  for (const p of parts) v = v * 256 + (Number(p) & 0xff);
  return v >>> 0;
}
