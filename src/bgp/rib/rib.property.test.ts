import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideBestPath } from './best-path.js';
import type { BestPathOptions } from './best-path-steps.js';
import type { RibAttributes } from './attributes.js';
import { Path } from './path.js';
import { keyFromBytes, type PrefixKey } from './prefix-key.js';
import { Rib, type RibPeerState } from './rib.js';

const PEERS = [
  { id: '2001:db8::1', kind: 'ebgp', remoteAsn: 65001 },
  { id: '2001:db8::2', kind: 'ebgp', remoteAsn: 65002 },
  { id: '2001:db8::3', kind: 'ibgp', remoteAsn: 65000 },
  { id: '2001:db8::4', kind: 'ebgp', remoteAsn: 65001 },
] as const;

const attrsArb: fc.Arbitrary<RibAttributes> = fc.record({
  origin: fc.integer({ min: 0, max: 2 }),
  asPath: fc
    .array(fc.constantFrom(65001, 65002, 65003, 65010), { minLength: 1, maxLength: 3 })
    .map((asns) => [{ type: 'sequence' as const, asns }]),
  nextHop: fc.constantFrom('2001:db8::a', '2001:db8::b'),
  med: fc.constantFrom(0, 10, 20),
  localPref: fc.constantFrom(100, 200),
});

const opArb = fc.record({
  peer: fc.integer({ min: 0, max: PEERS.length - 1 }),
  prefix: fc.integer({ min: 0, max: 5 }),
  attrs: fc.option(attrsArb, { nil: undefined }),
});

const optionsArb: fc.Arbitrary<BestPathOptions> = fc.record({
  deterministicMed: fc.boolean(),
  alwaysCompareMed: fc.boolean(),
  maximumPaths: fc.constantFrom(1, 4),
  asPathMultipathRelax: fc.boolean(),
});

function prefix(i: number): PrefixKey {
  return keyFromBytes(2, 48, new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, i]));
}

describe('Loc-RIB property: incremental ≡ from-scratch', () => {
  it('any sequence of announcements and withdrawals from several peers leaves the decision a recomputation gives', () => {
    fc.assert(
      fc.property(optionsArb, fc.array(opArb, { maxLength: 60 }), (options, ops) => {
        const rib = new Rib({ localAsn: 65000, routerId: 1, bestPath: options });
        const peers: RibPeerState[] = PEERS.map((p, i) =>
          rib.addPeer({ ...p, routerId: 100 - i, addressSortKey: `6${i}` }),
        );
        // the model: current (post-policy) attributes per peer and prefix, with arrival order
        const model = new Map<string, { attrs: RibAttributes; seq: number }>();
        let seq = 0;
        for (const op of ops) {
          const peer = peers[op.peer]!;
          const key = prefix(op.prefix);
          if (op.attrs === undefined) {
            peer.withdraw(key);
            model.delete(`${op.peer}/${op.prefix}`);
          } else {
            peer.announce(key, rib.interner.get(op.attrs));
            model.set(`${op.peer}/${op.prefix}`, { attrs: op.attrs, seq: seq++ });
          }
        }
        for (let i = 0; i <= 5; i++) {
          const key = prefix(i);
          const candidates: Path[] = [];
          for (let p = 0; p < peers.length; p++) {
            const m = model.get(`${p}/${i}`);
            if (m !== undefined) candidates.push(new Path(peers[p]!, rib.interner.get(m.attrs), m.seq));
          }
          const route = rib.locRib.get(key);
          if (candidates.length === 0) {
            expect(route).toBeUndefined();
            continue;
          }
          const fresh = decideBestPath(candidates, options);
          expect(route).toBeDefined();
          expect(route!.best.peer).toBe(fresh.best.peer);
          expect(route!.best.attrs.key).toBe(fresh.best.attrs.key);
          expect(route!.multipath.map((p) => p.peer.id)).toEqual(fresh.multipath.map((p) => p.peer.id));
        }
        // reference counts: withdrawing everything leaves no attribute set behind
        for (let p = 0; p < peers.length; p++) for (let i = 0; i <= 5; i++) peers[p]!.withdraw(prefix(i));
        expect(rib.locRib.size).toBe(0);
        expect(rib.interner.size).toBe(0);
        for (const p of peers) expect(p.accepted).toEqual([0, 0, 0]);
      }),
      { numRuns: 400 },
    );
  });
});
