/**
 * The retry index changes cost, not meaning: after every event, LB-IPAM with the index must leave exactly the state
 * of LB-IPAM re-trying every unsatisfied Service (Cilium's `satisfyServices`), in the same order. Random event
 * sequences over small pools (so they fill up), sharing keys, requested IPs, families, selectors and classes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { K8sService } from '../../k8s/objects-core.js';
import { pool, service } from '../testing/objects.test-helper.js';
import { LbIpam } from './lb-ipam.js';
import type { LbIpamOptions } from './types.js';

const DUAL: LbIpamOptions = {
  ipv4Enabled: true,
  ipv6Enabled: true,
  defaultLbServiceIpam: 'lbipam',
  bgpControlPlaneEnabled: true,
  l2AnnouncementsEnabled: false,
};

const arbService = fc
  .record({
    name: fc.integer({ min: 0, max: 6 }).map((i) => `s${i}`),
    namespace: fc.constantFrom('default', 'default', 'other'),
    key: fc.constantFrom('', 'k1', 'k2'),
    cross: fc.constantFrom('', '*', 'default'),
    port: fc.constantFrom(80, 443, 53),
    local: fc.boolean(),
    podSelector: fc.constantFrom(undefined, { app: 'a' }, { app: 'b' }),
    families: fc.constantFrom<('IPv4' | 'IPv6')[]>(['IPv4'], ['IPv6'], [], ['IPv6', 'IPv4']),
    policy: fc.constantFrom(undefined, 'PreferDualStack', 'RequireDualStack'),
    request: fc.option(fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.0', '10.0.1.1', 'fd00::1', '10.9.9.9', 'bad'), {
      nil: undefined,
    }),
    annotated: fc.option(fc.constantFrom('10.0.0.2', 'fd00::2', '10.0.1.2'), { nil: undefined }),
    tier: fc.constantFrom(undefined, 'x', 'y'),
    lbClass: fc.constantFrom(undefined, undefined, 'io.cilium/bgp-control-plane', 'other'),
    type: fc.constantFrom('LoadBalancer', 'LoadBalancer', 'LoadBalancer', 'ClusterIP'),
    status: fc.option(fc.constantFrom('10.0.0.1', 'fd00::2', '10.0.1.3', 'junk'), { nil: undefined }),
  })
  .map(
    (s): K8sService =>
      service(
        s.name,
        {
          type: s.type,
          ports: [{ port: s.port }],
          ...(s.local ? { externalTrafficPolicy: 'Local' as const } : {}),
          ...(s.podSelector ? { selector: s.podSelector } : {}),
          ipFamilies: s.families,
          ...(s.policy ? { ipFamilyPolicy: s.policy } : {}),
          ...(s.request ? { loadBalancerIP: s.request } : {}),
          ...(s.lbClass ? { loadBalancerClass: s.lbClass } : {}),
        },
        {
          namespace: s.namespace,
          ...(s.tier ? { labels: { tier: s.tier } } : {}),
          annotations: {
            ...(s.key ? { 'lbipam.cilium.io/sharing-key': s.key } : {}),
            ...(s.cross ? { 'lbipam.cilium.io/sharing-cross-namespace': s.cross } : {}),
            ...(s.annotated ? { 'lbipam.cilium.io/ips': s.annotated } : {}),
          },
        },
        s.status ? { loadBalancer: { ingress: [{ ip: s.status }] } } : undefined,
      ),
  );

const arbPool = fc
  .record({
    name: fc.constantFrom('p', 'q', 'r'),
    blocks: fc.subarray(
      [
        { cidr: '10.0.0.0/30' },
        { start: '10.0.1.1', stop: '10.0.1.3' },
        { cidr: 'fd00::/126' },
        { start: '10.0.0.2' },
        { cidr: '10.0.0.0/29' },
      ],
      { minLength: 1 },
    ),
    allowFirstLastIPs: fc.constantFrom(undefined, 'No' as const, 'Yes' as const),
    disabled: fc.constantFrom(false, false, true),
    serviceSelector: fc.constantFrom(
      undefined,
      { matchLabels: { tier: 'x' } },
      {
        matchExpressions: [{ key: 'tier', operator: 'NotIn' as const, values: ['y'] }],
      },
    ),
    created: fc.constantFrom(undefined, '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
  })
  .map(({ name, created, allowFirstLastIPs, serviceSelector, ...spec }) =>
    pool(
      name,
      { ...spec, ...(allowFirstLastIPs ? { allowFirstLastIPs } : {}), ...(serviceSelector ? { serviceSelector } : {}) },
      created ? { creationTimestamp: created } : {},
    ),
  );

const arbEvent = fc.oneof(
  { weight: 5, arbitrary: arbService.map((svc) => ({ t: 'upsertService' as const, svc })) },
  {
    weight: 4,
    arbitrary: fc
      .record({ name: fc.integer({ min: 0, max: 6 }), namespace: fc.constantFrom('default', 'default', 'other') })
      .map((d) => ({ t: 'deleteService' as const, namespace: d.namespace, name: `s${d.name}` })),
  },
  { weight: 1, arbitrary: arbPool.map((p) => ({ t: 'upsertPool' as const, pool: p })) },
  { weight: 1, arbitrary: fc.constantFrom('p', 'q', 'r').map((name) => ({ t: 'deletePool' as const, name })) },
);

describe('LB-IPAM retry index (only Services an event may help are re-tried)', () => {
  it('leaves the same state as re-trying every unsatisfied Service, after every event', () => {
    fc.assert(
      fc.property(
        fc.array(arbPool, { minLength: 1, maxLength: 2 }),
        fc.array(arbService, { maxLength: 8 }),
        fc.array(arbEvent, { maxLength: 40 }),
        (pools, services, events) => {
          const indexed = new LbIpam(DUAL);
          const plain = new LbIpam(DUAL, { retry: 'all' });
          indexed.sync(pools, services);
          plain.sync(pools, services);
          for (const e of events) {
            for (const ipam of [indexed, plain]) {
              if (e.t === 'upsertService') ipam.upsertService(e.svc);
              else if (e.t === 'deleteService') ipam.deleteService(e.namespace, e.name);
              else if (e.t === 'upsertPool') ipam.upsertPool(e.pool);
              else ipam.deletePool(e.name);
            }
            expect(indexed.result()).toEqual(plain.result());
            expect([...indexed.allocations()]).toEqual([...plain.allocations()]);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a full pool: deleting one Service gives its IP to the first waiting Service in arrival order', () => {
    const ipam = new LbIpam(DUAL);
    const names = Array.from({ length: 8 }, (_, i) => `s${i}`);
    ipam.sync(
      [pool('p', { blocks: [{ cidr: '10.0.0.0/30' }] })],
      names.map((n) => service(n, { ipFamilies: ['IPv4'] })),
    );
    const holder = (ip: string) => ipam.result().services.find((s) => s.ingress.includes(ip))?.name;
    expect(holder('10.0.0.1')).toBe('s1');
    ipam.deleteService('default', 's1');
    expect(holder('10.0.0.1')).toBe('s4');
    ipam.deleteService('default', 's0');
    expect(holder('10.0.0.0')).toBe('s5');
    const waiting = ipam.result().services.filter((s) => s.ingress.length === 0);
    expect(waiting.map((s) => [s.name, s.condition?.reason])).toEqual([
      ['s6', 'out_of_ips'],
      ['s7', 'out_of_ips'],
    ]);
  });

  /** Runs the same events on LB-IPAM with and without the index; returns the indexed one's result per step. */
  function both(setup: (ipam: LbIpam) => void, ...steps: ((ipam: LbIpam) => void)[]) {
    const indexed = new LbIpam(DUAL);
    const plain = new LbIpam(DUAL, { retry: 'all' });
    const out = [];
    for (const step of [setup, ...steps]) {
      step(indexed);
      step(plain);
      expect(indexed.result()).toEqual(plain.result());
      out.push(indexed.result());
    }
    return out;
  }
  const ingress = (r: ReturnType<LbIpam['result']>, name: string) => r.services.find((s) => s.name === name)?.ingress;
  const v4 = (name: string, port: number, key?: string, extra: Partial<K8sService['spec']> = {}, tier?: string) =>
    service(
      name,
      { ipFamilies: ['IPv4'], ports: [{ port }], ...extra },
      {
        ...(key ? { annotations: { 'lbipam.cilium.io/sharing-key': key } } : {}),
        ...(tier ? { labels: { tier } } : {}),
      },
    );
  const onePool = pool('p', { blocks: [{ start: '10.0.0.2' }] });

  it('an owner that changes its sharing key re-tries the Services waiting for its IP', () => {
    const [before, after] = both(
      (ipam) => ipam.sync([onePool], [v4('holder', 80), v4('asker', 443, 'k', { loadBalancerIP: '10.0.0.2' })]),
      (ipam) => ipam.upsertService(v4('holder', 80, 'k')),
    );
    expect(before!.services.find((s) => s.name === 'asker')?.condition?.reason).toBe(
      'already_allocated_incompatible_service',
    );
    expect(ingress(after!, 'asker')).toEqual(['10.0.0.2']);
  });

  it('a holder leaving a shared IP (not freed) lets a waiting Service of the key join', () => {
    const [before, after] = both(
      (ipam) => ipam.sync([onePool], [v4('a', 80, 'k'), v4('x', 443, 'k'), v4('b', 80, 'k')]),
      (ipam) => ipam.deleteService('default', 'a'),
    );
    expect(ingress(before!, 'b')).toEqual([]);
    expect(ingress(after!, 'b')).toEqual(['10.0.0.2']);
  });

  it('a change made during a pass reaches later Services in the same pass, earlier ones at the next event', () => {
    const selective = pool('p', { blocks: [{ start: '10.0.0.2' }], serviceSelector: { matchLabels: { tier: 'x' } } });
    // `late` (no pool selects it) can only join the key's IP; `v2` gets that IP when `holder` goes.
    const [, later] = both(
      (ipam) =>
        ipam.sync(
          [selective],
          [v4('holder', 80, undefined, {}, 'x'), v4('v2', 80, 'k', {}, 'x'), v4('late', 443, 'k')],
        ),
      (ipam) => ipam.deleteService('default', 'holder'),
    );
    expect([ingress(later!, 'v2'), ingress(later!, 'late')]).toEqual([['10.0.0.2'], ['10.0.0.2']]);
    const [, sameEvent, nextEvent] = both(
      (ipam) =>
        ipam.sync(
          [selective],
          [v4('early', 443, 'k'), v4('holder', 80, undefined, {}, 'x'), v4('v2', 80, 'k', {}, 'x')],
        ),
      (ipam) => ipam.deleteService('default', 'holder'),
      (ipam) => ipam.upsertService(v4('unrelated', 53)),
    );
    expect([ingress(sameEvent!, 'v2'), ingress(sameEvent!, 'early')]).toEqual([['10.0.0.2'], []]);
    expect(ingress(nextEvent!, 'early')).toEqual(['10.0.0.2']);
  });
});
