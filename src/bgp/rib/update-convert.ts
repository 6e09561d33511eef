/**
 * The general path of route ingestion: a fully decoded UPDATE (any shape the codec accepts, RFC 7606 outcome
 * included) to RIB operations. `update-scan.ts` handles the common shape faster with the same results.
 */
import { Afi, Safi } from '../wire/codes.js';
import type { AfiSafi } from '../wire/context.js';
import { isEndOfRib } from '../wire/end-of-rib.js';
import type { Prefix } from '../wire/prefix.js';
import type { UpdateMessage } from '../wire/update.js';
import { type RibAttributesDraft, ribAttributesFromWire } from './attributes.js';
import type { AttributeInterner } from './intern.js';
import { prefixKey } from './prefix-key.js';
import type { UpdateSink } from './update-scan.js';

export interface ConvertedUpdate {
  /** The family of an End-of-RIB marker (RFC 4724 §2). */
  readonly endOfRib?: AfiSafi;
  /** Announced prefixes handled as withdrawn because of an RFC 7606 treat-as-withdraw error. */
  readonly treatedAsWithdraw: number;
}

function isUnicast(afi: number, safi: number): afi is 1 | 2 {
  return (afi === Afi.ipv4 || afi === Afi.ipv6) && safi === Safi.unicast;
}

/** Feeds a decoded UPDATE to `sink`. Families other than IPv4/IPv6 unicast are ignored. */
export function convertUpdate(m: UpdateMessage, interner: AttributeInterner, sink: UpdateSink): ConvertedUpdate {
  const eor = isEndOfRib(m);
  if (eor !== undefined) return { endOfRib: eor, treatedAsWithdraw: 0 };
  const a = m.attributes;
  for (const p of m.withdrawn) sink.withdraw(prefixKey(p));
  if (a.mpUnreach !== undefined && isUnicast(a.mpUnreach.afi, a.mpUnreach.safi))
    for (const p of a.mpUnreach.withdrawn) sink.withdraw(prefixKey(p));
  const reach = a.mpReach !== undefined && isUnicast(a.mpReach.afi, a.mpReach.safi) ? a.mpReach : undefined;
  if (m.treatAsWithdraw === true) {
    // RFC 7606 §2: every announced prefix of the UPDATE is handled as withdrawn
    let n = 0;
    for (const p of m.nlri) {
      sink.withdraw(prefixKey(p));
      n++;
    }
    for (const p of reach?.nlri ?? []) {
      sink.withdraw(prefixKey(p));
      n++;
    }
    return { treatedAsWithdraw: n };
  }
  if (m.nlri.length > 0) announce(m.nlri, ribAttributesFromWire(a, Afi.ipv4), interner, sink);
  if (reach !== undefined && reach.nlri.length > 0) {
    const attrs: RibAttributesDraft = { ...ribAttributesFromWire(a, reach.afi as 1 | 2) };
    if (reach.afi === Afi.ipv4) attrs.nextHop = reach.nextHops[0] ?? attrs.nextHop;
    announce(reach.nlri, attrs, interner, sink);
  }
  return { treatedAsWithdraw: 0 };
}

function announce(
  prefixes: readonly Prefix[],
  attrs: Parameters<AttributeInterner['get']>[0],
  interner: AttributeInterner,
  sink: UpdateSink,
): void {
  const handle = interner.get(attrs);
  for (const p of prefixes) sink.announce(prefixKey(p), handle);
  interner.dropIfUnused(handle);
}
