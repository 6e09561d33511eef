import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { K8sService } from '../../k8s/objects-core.js';
import { lbStatus, pool, service } from '../testing/objects.test-helper.js';
import { allocateLoadBalancerIps, LbIpam } from './lb-ipam.js';
import { requestedFamilies } from './service-view.js';
import type { LbIpamOptions, LbIpamResult } from './types.js';

const DUAL: LbIpamOptions = {
  ipv4Enabled: true,
  ipv6Enabled: true,
  defaultLbServiceIpam: 'lbipam',
  bgpControlPlaneEnabled: true,
  l2AnnouncementsEnabled: false,
};
const V6 = { ...DUAL, ipv4Enabled: false };

const ingressOf = (r: LbIpamResult, name: string, namespace = 'default') =>
  r.services.find((s) => s.name === name && s.namespace === namespace)?.ingress;
const conditionOf = (r: LbIpamResult, name: string) => r.services.find((s) => s.name === name)?.condition;
const poolCondition = (r: LbIpamResult, name: string, type: string) =>
  r.pools.find((p) => p.name === name)?.conditions.find((c) => c.type === type);

const v4 = (
  name: string,
  extra: Parameters<typeof service>[1] = {},
  meta: Parameters<typeof service>[2] = {},
  status?: Parameters<typeof service>[3],
) => service(name, { ipFamilies: ['IPv4'], ...extra }, meta, status);

describe('§7.4 allocation order', () => {
  it.each([
    [
      'IPv4 /24, allowFirstLastIPs unset: the network address first',
      { cidr: '10.0.10.0/24' },
      undefined,
      ['10.0.10.0', '10.0.10.1', '10.0.10.2'],
    ],
    [
      'IPv4 /24, allowFirstLastIPs No: .1, .2, .3',
      { cidr: '10.0.10.0/24' },
      'No',
      ['10.0.10.1', '10.0.10.2', '10.0.10.3'],
    ],
    ['IPv4 /24, allowFirstLastIPs Yes', { cidr: '10.0.10.0/24' }, 'Yes', ['10.0.10.0', '10.0.10.1', '10.0.10.2']],
    [
      'start/stop range in ascending order',
      { start: '10.0.0.5', stop: '10.0.0.9' },
      'No',
      ['10.0.0.5', '10.0.0.6', '10.0.0.7'],
    ],
  ] as const)('%s', (_, block, allow, expected) => {
    const r = allocateLoadBalancerIps(
      [pool('p', { blocks: [block], ...(allow ? { allowFirstLastIPs: allow } : {}) })],
      [v4('a'), v4('b'), v4('c')],
      DUAL,
    );
    expect(['a', 'b', 'c'].map((n) => ingressOf(r, n)?.[0])).toEqual(expected);
  });

  it('IPv6 /64 in the v6net (IPv6-only) cluster: ::, ::1, ... without ipFamilies', () => {
    const r = allocateLoadBalancerIps(
      [pool('p', { blocks: [{ cidr: '2001:db8:c401::/64' }] })],
      [service('a'), service('b')],
      V6,
    );
    expect([ingressOf(r, 'a'), ingressOf(r, 'b')]).toEqual([['2001:db8:c401::'], ['2001:db8:c401::1']]);
  });

  it('the first range (pool order, then block order) that yields an IP wins; a full range is skipped', () => {
    const r = allocateLoadBalancerIps(
      [
        pool('one', { blocks: [{ start: '10.0.0.1' }, { cidr: '10.0.1.0/30' }] }),
        pool('two', { blocks: [{ cidr: '10.0.2.0/24' }] }),
      ],
      ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => v4(n)),
      DUAL,
    );
    expect(r.services.map((s) => s.ingress[0])).toEqual([
      '10.0.0.1',
      '10.0.1.0',
      '10.0.1.1',
      '10.0.1.2',
      '10.0.1.3',
      '10.0.2.0',
    ]);
  });

  it('ranges of the wrong family and pools that do not select the Service are skipped', () => {
    const r = allocateLoadBalancerIps(
      [
        pool('v6', { blocks: [{ cidr: '2001:db8::/120' }] }),
        pool('team-b', { blocks: [{ cidr: '10.0.0.0/24' }], serviceSelector: { matchLabels: { team: 'b' } } }),
        pool('all', { blocks: [{ cidr: '10.9.0.0/24' }] }),
      ],
      [v4('a', {}, { labels: { team: 'a' } }), v4('b', {}, { labels: { team: 'b' } })],
      DUAL,
    );
    expect([ingressOf(r, 'a'), ingressOf(r, 'b')]).toEqual([['10.9.0.0'], ['10.0.0.0']]);
  });

  it('after frees the lowest address of the smallest free block is taken first', () => {
    const ipam = new LbIpam(DUAL);
    ipam.sync(
      [pool('p', { blocks: [{ cidr: '10.0.0.0/24' }] })],
      ['a', 'b', 'c', 'd', 'e'].map((n) => v4(n)),
    );
    ipam.deleteService('default', 'b'); // frees .1 → blocks [.1], [.5-.255]
    ipam.upsertService(v4('f'));
    expect(ingressOf(ipam.result(), 'f')).toEqual(['10.0.0.1']);
    ipam.deleteService('default', 'c');
    ipam.deleteService('default', 'd'); // [.2-.3] is now smaller than [.5-.255]
    ipam.upsertService(v4('g'));
    expect(ingressOf(ipam.result(), 'g')).toEqual(['10.0.0.2']);
  });

  it.each([
    [
      'out_of_ips when every matching range is full',
      [pool('p', { blocks: [{ start: '10.0.0.1' }] })],
      'out_of_ips',
      'All enabled CiliumLoadBalancerIPPools that match this service ran out of allocatable IPs',
    ],
    [
      'no_pool when no range matches',
      [pool('p', { blocks: [{ cidr: '2001:db8::/64' }] })],
      'no_pool',
      'There are no enabled CiliumLoadBalancerIPPools that match this service',
    ],
  ] as const)('%s', (_, pools, reason, message) => {
    const r = allocateLoadBalancerIps([...pools], [v4('a'), v4('b')], DUAL);
    expect(conditionOf(r, 'b')).toMatchObject({
      type: 'cilium.io/IPAMRequestSatisfied',
      status: 'False',
      reason,
      message,
    });
  });
});

describe('§7.3 family selection (no specific IPs)', () => {
  const table: [
    string,
    K8sService['spec']['ipFamilyPolicy'],
    ('IPv4' | 'IPv6')[],
    boolean,
    boolean,
    { v4: boolean; v6: boolean },
  ][] = [
    ['unset policy: the first listed family only', undefined, ['IPv6', 'IPv4'], true, true, { v4: false, v6: true }],
    ['SingleStack, no families: IPv4 when enabled', 'SingleStack', [], true, true, { v4: true, v6: false }],
    ['SingleStack, no families, IPv6-only cluster', 'SingleStack', [], false, true, { v4: false, v6: true }],
    [
      'PreferDualStack lists only enabled families',
      'PreferDualStack',
      ['IPv4', 'IPv6'],
      false,
      true,
      { v4: false, v6: true },
    ],
    [
      'PreferDualStack without families: every enabled family',
      'PreferDualStack',
      [],
      true,
      true,
      { v4: true, v6: true },
    ],
    [
      'RequireDualStack: the families enabled on the cluster',
      'RequireDualStack',
      ['IPv6'],
      true,
      true,
      { v4: true, v6: true },
    ],
    ['RequireDualStack on an IPv6-only cluster', 'RequireDualStack', [], false, true, { v4: false, v6: true }],
  ];
  it.each(table)('%s', (_, policy, families, v4en, v6en, expected) => {
    const svc = service('s', { ...(policy ? { ipFamilyPolicy: policy } : {}), ipFamilies: families });
    expect(requestedFamilies(svc, { ...DUAL, ipv4Enabled: v4en, ipv6Enabled: v6en })).toEqual(expected);
  });

  it('PreferDualStack gets one IP per family; satisfied with both', () => {
    const r = allocateLoadBalancerIps(
      [pool('p', { blocks: [{ cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/64' }] })],
      [service('a', { ipFamilyPolicy: 'PreferDualStack' })],
      DUAL,
    );
    expect(ingressOf(r, 'a')).toEqual(['10.0.0.0', '2001:db8::']);
    expect(conditionOf(r, 'a')).toMatchObject({ status: 'True', reason: 'satisfied', message: '' });
  });
});

describe('§7.2 requested IPs', () => {
  const pools = [
    pool('p', { blocks: [{ cidr: '10.0.0.0/24' }] }),
    pool('sel', { blocks: [{ cidr: '10.1.0.0/24' }], serviceSelector: { matchLabels: { x: 'y' } } }),
  ];
  it('spec.loadBalancerIP and lbipam.cilium.io/ips merge (trimmed, consecutive duplicates removed); family selection is ignored', () => {
    const r = allocateLoadBalancerIps(
      pools,
      [
        service(
          'a',
          { loadBalancerIP: '10.0.0.7', ipFamilies: ['IPv6'] },
          { annotations: { 'lbipam.cilium.io/ips': ' 10.0.0.7, 10.0.0.9 ,10.0.0.9,bogus' } },
        ),
      ],
      DUAL,
    );
    expect(ingressOf(r, 'a')).toEqual(['10.0.0.7', '10.0.0.9']);
    expect(conditionOf(r, 'a')).toMatchObject({ status: 'True', reason: 'satisfied' });
    expect(r.problems.map((p) => [p.code, p.object])).toEqual([['E_LBIPAM_REQUESTED_IP', 'Service/default/a']]);
  });

  it('the alias io.cilium/lb-ipam-ips is read too', () => {
    const r = allocateLoadBalancerIps(
      pools,
      [service('a', {}, { annotations: { 'io.cilium/lb-ipam-ips': '10.0.0.3' } })],
      DUAL,
    );
    expect(ingressOf(r, 'a')).toEqual(['10.0.0.3']);
  });

  it.each([
    ['no_pool', service('a', { loadBalancerIP: '192.0.2.1' }), "No pool exists with a CIDR containing '192.0.2.1'"],
    [
      'pool_selector_mismatch',
      service('a', { loadBalancerIP: '10.1.0.5' }),
      "The pool with the CIDR containing '10.1.0.5', doesn't select this service",
    ],
  ] as const)('%s', (reason, svc, message) => {
    const r = allocateLoadBalancerIps(pools, [svc], DUAL);
    expect(conditionOf(r, 'a')).toMatchObject({ status: 'False', reason, message });
    expect(ingressOf(r, 'a')).toEqual([]);
  });

  it('already_allocated without a sharing key; already_allocated_incompatible_service with an incompatible one', () => {
    const r = allocateLoadBalancerIps(
      pools,
      [
        service(
          'a',
          { loadBalancerIP: '10.0.0.5', ports: [{ port: 80 }] },
          { annotations: { 'lbipam.cilium.io/sharing-key': 'k' } },
        ),
        service('b', { loadBalancerIP: '10.0.0.5' }),
        service(
          'c',
          { loadBalancerIP: '10.0.0.5', ports: [{ port: 80 }] },
          { annotations: { 'lbipam.cilium.io/sharing-key': 'k' } },
        ),
        service(
          'd',
          { loadBalancerIP: '10.0.0.5', ports: [{ port: 443 }] },
          { annotations: { 'lbipam.cilium.io/sharing-key': 'k' } },
        ),
      ],
      DUAL,
    );
    expect(conditionOf(r, 'b')).toMatchObject({
      reason: 'already_allocated',
      message: "The IP '10.0.0.5' is already allocated to another service",
    });
    expect(conditionOf(r, 'c')).toMatchObject({
      reason: 'already_allocated_incompatible_service',
      message: "The IP '10.0.0.5' is already allocated to an incompatible service. Reason: same port",
    });
    expect(ingressOf(r, 'd')).toEqual(['10.0.0.5']);
  });

  it('a requested IP inside a disabled or conflicting pool is no_pool', () => {
    const r = allocateLoadBalancerIps(
      [pool('p', { blocks: [{ cidr: '10.0.0.0/24' }], disabled: true })],
      [service('a', { loadBalancerIP: '10.0.0.1' })],
      DUAL,
    );
    expect(conditionOf(r, 'a')).toMatchObject({ reason: 'no_pool' });
  });
});

describe('§7.5 sharing keys', () => {
  const pools = [pool('p', { blocks: [{ cidr: '10.0.0.0/24' }] })];
  const shared = (
    name: string,
    ports: number[],
    annotations: Record<string, string> = {},
    namespace = 'default',
    extra = {},
  ) =>
    v4(
      name,
      { ports: ports.map((port) => ({ port })), ...extra },
      { namespace, annotations: { 'lbipam.cilium.io/sharing-key': 'k', ...annotations } },
    );

  it.each([
    ['same key, disjoint ports: one IP', [shared('a', [80]), shared('b', [443])], true],
    ['same key, same port (protocol ignored): two IPs', [shared('a', [53]), shared('b', [53])], false],
    ['other namespace without permission: two IPs', [shared('a', [80]), shared('b', [443], {}, 'other')], false],
    [
      'cross-namespace allowed on one side only: two IPs',
      [shared('a', [80], { 'lbipam.cilium.io/sharing-cross-namespace': 'other' }), shared('b', [443], {}, 'other')],
      false,
    ],
    [
      'cross-namespace allowed on both sides: one IP',
      [
        shared('a', [80], { 'lbipam.cilium.io/sharing-cross-namespace': 'other' }),
        shared('b', [443], { 'lbipam.cilium.io/sharing-cross-namespace': 'default' }, 'other'),
      ],
      true,
    ],
    [
      "cross-namespace '*' on both sides: one IP",
      [
        shared('a', [80], { 'io.cilium/lb-ipam-sharing-cross-namespace': '*' }),
        shared('b', [443], { 'lbipam.cilium.io/sharing-cross-namespace': '*' }, 'other'),
      ],
      true,
    ],
    [
      'different externalTrafficPolicy: two IPs',
      [
        shared('a', [80]),
        shared('b', [443], {}, 'default', { externalTrafficPolicy: 'Local', selector: { app: 'x' } }),
      ],
      false,
    ],
    [
      'eTP=Local with equal pod selectors: one IP',
      [
        shared('a', [80], {}, 'default', { externalTrafficPolicy: 'Local', selector: { app: 'x' } }),
        shared('b', [443], {}, 'default', { externalTrafficPolicy: 'Local', selector: { app: 'x' } }),
      ],
      true,
    ],
    [
      'eTP=Local with different pod selectors: two IPs',
      [
        shared('a', [80], {}, 'default', { externalTrafficPolicy: 'Local', selector: { app: 'x' } }),
        shared('b', [443], {}, 'default', { externalTrafficPolicy: 'Local', selector: { app: 'y' } }),
      ],
      false,
    ],
    [
      'eTP=Local without pod selectors: two IPs',
      [
        shared('a', [80], {}, 'default', { externalTrafficPolicy: 'Local' }),
        shared('b', [443], {}, 'default', { externalTrafficPolicy: 'Local' }),
      ],
      false,
    ],
    [
      'the alias io.cilium/lb-ipam-sharing-key',
      [
        shared('a', [80]),
        v4('b', { ports: [{ port: 443 }] }, { annotations: { 'io.cilium/lb-ipam-sharing-key': 'k' } }),
      ],
      true,
    ],
  ] as const)('%s', (_, services, same) => {
    const r = allocateLoadBalancerIps(pools, [...services], DUAL);
    const [a, b] = r.services.map((s) => s.ingress[0]);
    expect(a).toBeDefined();
    expect(a === b).toBe(same);
  });

  it('a Service whose ports change to overlap loses the shared IP and is re-allocated', () => {
    const ipam = new LbIpam(DUAL);
    ipam.sync(pools, [shared('a', [80]), shared('b', [443])]);
    expect(ingressOf(ipam.result(), 'b')).toEqual(['10.0.0.0']);
    ipam.upsertService(shared('b', [80]));
    expect(ingressOf(ipam.result(), 'a')).toEqual(['10.0.0.0']);
    expect(ingressOf(ipam.result(), 'b')).toEqual(['10.0.0.1']);
    expect(ipam.allocations().get('10.0.0.0')).toEqual(['default/a']);
  });

  it('the shared IP is freed only when the last holder goes', () => {
    const ipam = new LbIpam(DUAL);
    ipam.sync(pools, [shared('a', [80]), shared('b', [443])]);
    ipam.deleteService('default', 'a');
    expect(ipam.allocations().get('10.0.0.0')).toEqual(['default/b']);
    ipam.deleteService('default', 'b');
    expect(ipam.allocations().size).toBe(0);
  });
});

describe('§7.1 responsibility, gotcha 8 (LoadBalancerClass)', () => {
  const pools = [pool('p', { blocks: [{ cidr: '10.0.0.0/24' }] })];
  it.each([
    ['type ClusterIP', v4('a', { type: 'ClusterIP' }), DUAL, false],
    ['nil class with default lbipam', v4('a'), DUAL, true],
    [
      'nil class with --default-lb-service-ipam=nodeipam',
      v4('a'),
      { ...DUAL, defaultLbServiceIpam: 'nodeipam' as const },
      false,
    ],
    ['class io.cilium/bgp-control-plane', v4('a', { loadBalancerClass: 'io.cilium/bgp-control-plane' }), DUAL, true],
    [
      'class io.cilium/l2-announcer without L2 announcements',
      v4('a', { loadBalancerClass: 'io.cilium/l2-announcer' }),
      DUAL,
      false,
    ],
    [
      'class io.cilium/l2-announcer with L2 announcements',
      v4('a', { loadBalancerClass: 'io.cilium/l2-announcer' }),
      { ...DUAL, l2AnnouncementsEnabled: true },
      true,
    ],
    ['another class', v4('a', { loadBalancerClass: 'metallb' }), DUAL, false],
  ] as const)('%s', (_, svc, options, responsible) => {
    const r = allocateLoadBalancerIps(pools, [svc], options);
    expect(r.services[0]?.responsible).toBe(responsible);
    expect(r.services[0]?.ingress.length).toBe(responsible ? 1 : 0);
    expect(r.services[0]?.condition === undefined).toBe(!responsible);
  });

  it('a Service that stops being ours releases its IP and loses ingress and condition', () => {
    const ipam = new LbIpam(DUAL);
    ipam.sync(pools, [v4('a')]);
    ipam.upsertService(v4('a', { loadBalancerClass: 'other' }));
    expect(ipam.result().services[0]).toMatchObject({ responsible: false, ingress: [] });
    expect(ipam.result().services[0]?.condition).toBeUndefined();
    expect(ipam.allocations().size).toBe(0);
  });

  it('dormant without pools: nothing is processed; the first pool starts allocation', () => {
    const ipam = new LbIpam(DUAL);
    ipam.sync([], [v4('a')]);
    expect(ipam.result().services[0]?.condition).toBeUndefined();
    ipam.upsertPool(pools[0]!);
    expect(ingressOf(ipam.result(), 'a')).toEqual(['10.0.0.0']);
  });
});

describe('§7.6 status', () => {
  const pools = [pool('p', { blocks: [{ cidr: '10.0.0.0/24' }] })];
  it('imports ingress IPs that are free in a matching range, strips the others, dedupes', () => {
    const r = allocateLoadBalancerIps(
      pools,
      [
        v4('a', {}, {}, lbStatus('10.0.0.77', '10.0.0.77')),
        v4('b', {}, {}, lbStatus('192.0.2.1')),
        v4('c', {}, {}, lbStatus('10.0.0.77')),
      ],
      DUAL,
    );
    expect(ingressOf(r, 'a')).toEqual(['10.0.0.77']);
    expect(ingressOf(r, 'b')).toEqual(['10.0.0.0']); // stripped, then allocated
    expect(ingressOf(r, 'c')).toEqual(['10.0.0.1']);
  });

  it('satisfied Services are revalidated first: an imported IP is kept even when listed after an unsatisfied one', () => {
    const r = allocateLoadBalancerIps(pools, [v4('new'), v4('old', {}, {}, lbStatus('10.0.0.0'))], DUAL);
    expect(ingressOf(r, 'old')).toEqual(['10.0.0.0']);
    expect(ingressOf(r, 'new')).toEqual(['10.0.0.1']);
  });

  it('pool conditions: counts (reserved IPs count as used) and PoolConflict False/resolved for a new pool', () => {
    const r = allocateLoadBalancerIps(
      [pool('p', { blocks: [{ cidr: '10.0.0.0/30' }], allowFirstLastIPs: 'No' }, { generation: 3 })],
      [v4('a')],
      DUAL,
    );
    expect(r.pools[0]?.conditions).toEqual([
      { type: 'cilium.io/PoolConflict', status: 'False', reason: 'resolved', message: '', observedGeneration: 3 },
      { type: 'cilium.io/IPsTotal', status: 'Unknown', reason: 'noreason', message: '4', observedGeneration: 3 },
      { type: 'cilium.io/IPsAvailable', status: 'Unknown', reason: 'noreason', message: '1', observedGeneration: 3 },
      { type: 'cilium.io/IPsUsed', status: 'Unknown', reason: 'noreason', message: '3', observedGeneration: 3 },
    ]);
  });

  it('IPv6 /64 counts are exact big integers', () => {
    const r = allocateLoadBalancerIps([pool('p', { blocks: [{ cidr: '2001:db8::/64' }] })], [], V6);
    expect(poolCondition(r, 'p', 'cilium.io/IPsTotal')?.message).toBe('18446744073709551616');
  });

  it('the Service condition carries observedGeneration', () => {
    const r = allocateLoadBalancerIps(pools, [v4('a', {}, { generation: 7 })], DUAL);
    expect(conditionOf(r, 'a')).toEqual({
      type: 'cilium.io/IPAMRequestSatisfied',
      status: 'True',
      reason: 'satisfied',
      message: '',
      observedGeneration: 7,
    });
  });
});

describe('LB-IPAM properties', () => {
  const arbServices = fc.array(
    fc.record({
      name: fc.integer({ min: 0, max: 40 }).map((i) => `s${i}`),
      key: fc.constantFrom('', 'k1', 'k2'),
      port: fc.constantFrom(80, 443, 53),
      request: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    }),
    { maxLength: 40 },
  );
  const build = (list: { name: string; key: string; port: number; request: number | undefined }[]) => {
    const seen = new Set<string>();
    return list
      .filter((s) => !seen.has(s.name) && seen.add(s.name))
      .map((s) =>
        v4(
          s.name,
          { ports: [{ port: s.port }], ...(s.request !== undefined ? { loadBalancerIP: `10.0.0.${s.request}` } : {}) },
          s.key ? { annotations: { 'lbipam.cilium.io/sharing-key': s.key } } : {},
        ),
      );
  };
  const pools = [
    pool('p', { blocks: [{ cidr: '10.0.0.0/27' }] }),
    pool('q', { blocks: [{ start: '10.0.1.1', stop: '10.0.1.4' }] }),
  ];

  it('no IP is held by two Services unless they share a key and are compatible; deterministic', () => {
    fc.assert(
      fc.property(arbServices, (list) => {
        const services = build(list);
        const r1 = allocateLoadBalancerIps(pools, services, DUAL);
        expect(allocateLoadBalancerIps(pools, services, DUAL)).toEqual(r1);
        const holders = new Map<string, string[]>();
        for (const s of r1.services) for (const ip of s.ingress) holders.set(ip, [...(holders.get(ip) ?? []), s.name]);
        for (const names of holders.values()) {
          if (names.length < 2) continue;
          const svcs = names.map((n) => services.find((s) => s.metadata.name === n)!);
          const key = svcs[0]!.metadata.annotations?.['lbipam.cilium.io/sharing-key'];
          expect(key).toBeDefined();
          expect(new Set(svcs.map((s) => s.metadata.annotations?.['lbipam.cilium.io/sharing-key'])).size).toBe(1);
          expect(new Set(svcs.map((s) => s.spec.ports?.[0]?.port)).size).toBe(svcs.length);
        }
      }),
    );
  });

  it('freeing and re-allocating: delete every Service, re-add them, the same IPs come back; nothing leaks', () => {
    fc.assert(
      fc.property(arbServices, (list) => {
        const services = build(list);
        const ipam = new LbIpam(DUAL);
        ipam.sync(pools, services);
        const first = ipam.result();
        for (const s of services) ipam.deleteService('default', s.metadata.name);
        expect(ipam.allocations().size).toBe(0);
        expect(
          ipam.result().pools.map((p) => p.conditions.find((c) => c.type === 'cilium.io/IPsUsed')?.message),
        ).toEqual(['0', '0']);
        for (const s of services) ipam.upsertService(s);
        const again = new LbIpam(DUAL);
        again.sync(pools, []);
        for (const s of services) again.upsertService(s);
        expect(ipam.result().services.map((s) => s.ingress)).toEqual(again.result().services.map((s) => s.ingress));
        expect(first.services.length).toBe(services.length);
      }),
    );
  });
});
