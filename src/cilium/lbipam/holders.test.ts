import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { service } from '../testing/objects.test-helper.js';
import { Holders } from './holders.js';
import { incompatibility, type ServiceView, serviceViewOf } from './service-view.js';
import { v6netLbIpamOptions } from './types.js';

let order = 0;
const arbView = fc
  .record({
    namespace: fc.constantFrom('a', 'b'),
    key: fc.constantFrom('k', 'k', 'k', 'other'),
    cross: fc.constantFrom('', '*', '*', 'a', 'b', 'a,b'),
    ports: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 3 }),
    duplicatePort: fc.boolean(),
    local: fc.boolean(),
    podSelector: fc.constantFrom<Record<string, string> | undefined>(
      undefined,
      {},
      { app: 'x' },
      { app: 'y' },
      { tier: 'z', app: 'x' },
    ),
  })
  .map(
    (r): ServiceView =>
      serviceViewOf(
        service(
          `s${order}`,
          {
            ports: [...r.ports, ...(r.duplicatePort && r.ports.length > 0 ? [r.ports[0]!] : [])].map((port) => ({
              port,
            })),
            ...(r.local ? { externalTrafficPolicy: 'Local' as const } : {}),
            ...(r.podSelector ? { selector: r.podSelector } : {}),
          },
          {
            namespace: r.namespace,
            annotations: {
              'lbipam.cilium.io/sharing-key': r.key,
              ...(r.cross ? { 'lbipam.cilium.io/sharing-cross-namespace': r.cross } : {}),
            },
          },
        ),
        v6netLbIpamOptions,
        undefined,
        () => {},
        order++,
      ),
  );

const bruteForce = (list: readonly ServiceView[], view: ServiceView, except?: ServiceView) =>
  list.every((o) => o === except || incompatibility(o, view) === undefined);

describe('Holders (§7.5: may a Service join an IP? compatible with every holder)', () => {
  it('agrees with asking every holder, with and without excluding one holder, after adds and removals', () => {
    fc.assert(
      fc.property(fc.array(arbView, { minLength: 5, maxLength: 30 }), arbView, fc.nat(), (candidates, view, pick) => {
        // Holders of one IP are compatible with each other (each joined compatible with all before it).
        const list: ServiceView[] = [];
        for (const c of candidates) if (bruteForce(list, c)) list.push(c);
        fc.pre(list.length >= 5);
        let holders = new Holders([list[0]!]);
        holders.compatibleWithAll(view); // build the index early, so the adds below update it
        for (const v of list.slice(1)) holders.add(v);
        expect(holders.compatibleWithAll(view)).toBe(bruteForce(list, view));
        const member = list[pick % list.length]!;
        expect(holders.compatibleWithAll(member, member)).toBe(bruteForce(list, member, member));
        holders = holders.without(member);
        const rest = list.filter((v) => v !== member);
        expect(holders.compatibleWithAll(view)).toBe(bruteForce(rest, view));
        expect(holders.compatibleWithAll(member)).toBe(bruteForce(rest, member));
      }),
      { numRuns: 400 },
    );
  });

  it('a holder whose ports change is seen after invalidate()', () => {
    const views = Array.from({ length: 6 }, (_, i) =>
      serviceViewOf(
        service(`s${i}`, { ports: [{ port: 100 + i }] }, { annotations: { 'lbipam.cilium.io/sharing-key': 'k' } }),
        v6netLbIpamOptions,
        undefined,
        () => {},
        i,
      ),
    );
    const holders = new Holders(views.slice(0, 5));
    const joiner = views[5]!;
    expect(holders.compatibleWithAll(joiner)).toBe(true);
    views[2]!.ports = [105];
    holders.invalidate();
    expect(holders.compatibleWithAll(joiner)).toBe(false);
  });
});
