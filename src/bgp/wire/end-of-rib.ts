/** End-of-RIB markers (RFC 4724 §2). */
import type { AfiSafi } from './context.js';
import { Afi, Safi } from './codes.js';
import type { UpdateMessage } from './update.js';

/**
 * RFC 4724 §2: IPv4 unicast End-of-RIB is an UPDATE with no withdrawn routes, no attributes and no NLRI; other
 * families use an UPDATE whose only attribute is an MP_UNREACH_NLRI without withdrawn routes.
 */
export function endOfRib(afi: number, safi: number): UpdateMessage {
  if (afi === Afi.ipv4 && safi === Safi.unicast) return { type: 'update', withdrawn: [], attributes: {}, nlri: [] };
  return { type: 'update', withdrawn: [], attributes: { mpUnreach: { afi, safi, withdrawn: [] } }, nlri: [] };
}

/** The family an End-of-RIB marker is for, or undefined when `update` is not one. */
export function isEndOfRib(update: UpdateMessage): AfiSafi | undefined {
  if (update.withdrawn.length !== 0 || update.nlri.length !== 0 || update.treatAsWithdraw) return undefined;
  const a = update.attributes;
  let count = 0;
  for (const k in a) if ((a as Record<string, unknown>)[k] !== undefined) count++;
  if (count === 0) return { afi: Afi.ipv4, safi: Safi.unicast };
  // RFC 4724 §2: the MP_UNREACH_NLRI is the only attribute and carries no withdrawn routes
  if (count === 1 && a.mpUnreach !== undefined && a.mpUnreach.withdrawn.length === 0) {
    return { afi: a.mpUnreach.afi, safi: a.mpUnreach.safi };
  }
  return undefined;
}
