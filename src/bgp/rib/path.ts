/** Peers and paths as the RIBs see them. */
import type { InternedAttributes } from './intern.js';

/** What the decision process needs to know about the peer a path came from. */
export interface RibPeer {
  /** Stable id (the peer address text for configured/dynamic neighbors, `local` for originated routes). */
  readonly id: string;
  /** eBGP, iBGP, confederation-external (RFC 5065), or the local speaker itself (originated routes). */
  readonly kind: 'ebgp' | 'ibgp' | 'confed' | 'local';
  readonly remoteAsn: number;
  /** BGP Identifier from the peer's OPEN, as an unsigned 32-bit number. */
  readonly routerId: number;
  /**
   * The peer's address in a form that sorts like the address bytes (use `peerAddressSortKey`), for the final
   * "lowest peer address" tie break.
   */
  readonly addressSortKey: string;
  /** RFC 4456: the peer is our route-reflector client (informational for export rules). */
  readonly rrClient?: boolean;
}

/** One path to one prefix: who sent it, when, and its interned attributes. */
export interface Path {
  readonly peer: RibPeer;
  readonly attrs: InternedAttributes;
  /** Clock time (ms) when this path was learned (for the "oldest eBGP path" step). */
  readonly receivedMs: number;
}

/** A sort key for an address text: family digit then the address bytes in hex (so string order = byte order). */
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
