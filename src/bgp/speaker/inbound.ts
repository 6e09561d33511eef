/** Applies one received UPDATE to a peer's Adj-RIB-In (RFC 7606 treat-as-withdraw included). */
import type { AdjRibIn } from './adj-rib-in.js';
import type { BgpFamily } from './config-types.js';
import { familyOf, type InboundUpdate } from './route.js';

export interface InboundResult {
  /** Prefixes stored. */
  readonly announced: number;
  /** Prefixes removed by withdrawals. */
  readonly withdrawn: number;
  /** Announced prefixes removed instead because of an RFC 7606 treat-as-withdraw error. */
  readonly treatAsWithdraw: number;
  /** The first few prefixes (announced, then withdrawn with a leading `-`). */
  readonly sample: readonly string[];
  /** Announced prefixes per family (counting treat-as-withdraw ones: the peer did send them). */
  readonly receivedByFamily: ReadonlyMap<BgpFamily, number>;
}

const SAMPLE = 5;

/** Prefixes of families not in `families` (not negotiated) are ignored. */
export function applyInboundUpdate(
  rib: AdjRibIn,
  update: InboundUpdate,
  families: ReadonlySet<BgpFamily>,
  nowMs: number,
): InboundResult {
  let announced = 0;
  let withdrawn = 0;
  let treated = 0;
  const sample: string[] = [];
  const receivedByFamily = new Map<BgpFamily, number>();
  for (const prefix of update.withdrawn) {
    if (rib.delete(prefix)) withdrawn++;
    if (sample.length < SAMPLE) sample.push(`-${prefix}`);
  }
  for (const group of update.announced) {
    for (const prefix of group.prefixes) {
      const family = familyOf(prefix);
      if (!families.has(family)) continue;
      receivedByFamily.set(family, (receivedByFamily.get(family) ?? 0) + 1);
      if (update.treatAsWithdraw) {
        // RFC 7606 §2: treat-as-withdraw — the announced prefixes are withdrawn instead.
        rib.delete(prefix);
        treated++;
        continue;
      }
      rib.set({ ...group.attributes, prefix, family, receivedMs: nowMs });
      announced++;
      if (sample.length < SAMPLE) sample.push(prefix);
    }
  }
  return { announced, withdrawn, treatAsWithdraw: treated, sample, receivedByFamily };
}
