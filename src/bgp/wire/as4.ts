/**
 * RFC 6793 §4.2: carrying 4-octet AS numbers across a session where the peer only speaks 2-octet AS_PATHs.
 * Sending: AS_TRANS in AS_PATH/AGGREGATOR plus AS4_PATH/AS4_AGGREGATOR. Receiving: rebuild the real path (§4.2.3).
 */
import { AS_TRANS } from './codes.js';
import type { Aggregator, AsPathSegment } from './path-attributes.js';

function isConfed(s: AsPathSegment): boolean {
  return s.type === 'confedSequence' || s.type === 'confedSet';
}

/** RFC 6793 §4.2.3 / RFC 4271 §9.1.2.2 a: an AS_SET counts 1, confederation segments count 0. */
export function asPathCount(path: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of path) {
    if (s.type === 'sequence') n += s.asns.length;
    else if (s.type === 'set') n += 1;
  }
  return n;
}

/** True when some AS number of the path does not fit 2 octets. */
export function needsAs4Path(path: readonly AsPathSegment[]): boolean {
  for (const s of path) for (const asn of s.asns) if (asn > 0xffff) return true;
  return false;
}

/** The AS4_PATH to send with `path`: RFC 6793 §4.2.2, confederation segments are left out. */
export function as4PathFor(path: readonly AsPathSegment[]): AsPathSegment[] {
  return path.filter((s) => !isConfed(s));
}

/** The AS4_AGGREGATOR to send: only when the aggregator AS does not fit 2 octets (RFC 6793 §4.2.2). */
export function needsAs4Aggregator(agg: Aggregator | undefined): boolean {
  return agg !== undefined && agg.asn > 0xffff;
}

export interface As4Result {
  readonly asPath: readonly AsPathSegment[] | undefined;
  readonly aggregator: Aggregator | undefined;
}

/** RFC 6793 §4.2.3: merge AS_PATH/AGGREGATOR with AS4_PATH/AS4_AGGREGATOR received from a 2-octet speaker. */
export function reconstructAs4(
  asPath: readonly AsPathSegment[] | undefined,
  aggregator: Aggregator | undefined,
  as4Path: readonly AsPathSegment[] | undefined,
  as4Aggregator: Aggregator | undefined,
): As4Result {
  if (aggregator !== undefined && aggregator.asn !== AS_TRANS) {
    // RFC 6793 §4.2.3: a real 2-octet aggregator means AS4_AGGREGATOR and AS4_PATH are ignored
    return { asPath, aggregator };
  }
  const agg = aggregator !== undefined && as4Aggregator !== undefined ? as4Aggregator : aggregator;
  if (as4Path === undefined || asPath === undefined) return { asPath, aggregator: agg };
  // RFC 6793 §6: confederation segments in AS4_PATH are discarded
  const as4 = as4Path.filter((s) => !isConfed(s));
  const have = asPathCount(asPath);
  const extra = asPathCount(as4);
  // RFC 6793 §4.2.3: an AS4_PATH longer than AS_PATH is ignored
  if (have < extra) return { asPath, aggregator: agg };
  let need = have - extra;
  const merged: AsPathSegment[] = [];
  for (const s of asPath) {
    if (isConfed(s)) {
      merged.push(s);
      continue;
    }
    if (need === 0) break;
    if (s.type === 'set') {
      merged.push(s);
      need -= 1;
    } else {
      const take = Math.min(need, s.asns.length);
      merged.push(take === s.asns.length ? s : { type: 'sequence', asns: s.asns.slice(0, take) });
      need -= take;
    }
  }
  for (const s of as4) {
    const last = merged[merged.length - 1];
    // Join the leading AS_PATH part and the AS4_PATH where both are sequences (one path, as the sender had it).
    if (
      last !== undefined &&
      last.type === 'sequence' &&
      s.type === 'sequence' &&
      merged.length > 0 &&
      need === 0 &&
      s === as4[0] &&
      last.asns.length + s.asns.length <= 255
    ) {
      merged[merged.length - 1] = { type: 'sequence', asns: [...last.asns, ...s.asns] };
    } else merged.push(s);
  }
  return { asPath: merged, aggregator: agg };
}
