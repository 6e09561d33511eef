/**
 * Connection collision detection (RFC 4271 §6.8, RFC 6286 §2.2) as a pure decision. The driver calls it when a
 * second connection to the same peer reaches the point where the peer's BGP Identifier is known (an OPEN arrived
 * on one of them while the other is in OpenSent/OpenConfirm) and feeds `OpenCollisionDump` to the FSM of the loser.
 */

/** Which of the two colliding connections survives. */
export type CollisionWinner = 'locallyInitiated' | 'remotelyInitiated';

/**
 * RFC 4271 §6.8: compare the BGP Identifiers as unsigned 32-bit integers. If the local one is lower, the connection
 * the local system initiated is closed and the one the remote initiated survives; otherwise the local one survives.
 * RFC 6286 §2.2: with equal identifiers (possible between ASes), the connection initiated by the speaker with the
 * larger AS number survives.
 */
export function resolveCollision(localId: number, remoteId: number, localAs = 0, remoteAs = 0): CollisionWinner {
  const local = localId >>> 0;
  const remote = remoteId >>> 0;
  if (local === remote) return localAs >>> 0 > remoteAs >>> 0 ? 'locallyInitiated' : 'remotelyInitiated';
  return local < remote ? 'remotelyInitiated' : 'locallyInitiated';
}

/** Parses dotted-quad text ("10.0.0.1") into the u32 the FSM uses for BGP Identifiers; undefined if malformed. */
export function parseBgpId(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatBgpId(id: number): string {
  const v = id >>> 0;
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}
