/** LB-IPAM pool conflicts (§7.7), pool modification and deletion (§7.8), the §1.6 pool fields. */
import { describe, expect, it } from 'vitest';
import { pool, service } from '../testing/objects.test-helper.js';
import { allocateLoadBalancerIps, LbIpam } from './lb-ipam.js';
import type { LbIpamOptions, LbIpamResult } from './types.js';

const DUAL: LbIpamOptions = {
  ipv4Enabled: true,
  ipv6Enabled: true,
  defaultLbServiceIpam: 'lbipam',
  bgpControlPlaneEnabled: true,
  l2AnnouncementsEnabled: false,
};

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

describe('§7.7 conflicts, gotcha 11', () => {
  it('the newer of two overlapping pools is marked and fully disabled', () => {
    const r = allocateLoadBalancerIps(
      [
        pool(
          'new',
          { blocks: [{ cidr: '10.0.0.128/25' }, { cidr: '10.9.0.0/24' }] },
          { creationTimestamp: '2026-02-01T00:00:00Z' },
        ),
        pool('old', { blocks: [{ cidr: '10.0.0.0/24' }] }, { creationTimestamp: '2026-01-01T00:00:00Z' }),
      ],
      [v4('a', { loadBalancerIP: '10.9.0.1' }), v4('b')],
      DUAL,
    );
    expect(r.pools.map((p) => [p.name, p.conflicting])).toEqual([
      ['new', true],
      ['old', false],
    ]);
    expect(poolCondition(r, 'new', 'cilium.io/PoolConflict')).toMatchObject({
      status: 'True',
      reason: 'cidr_overlap',
      message:
        "Pool conflicts since range '10.0.0.128 - 10.0.0.255' overlaps range '10.0.0.0 - 10.0.0.255' from IP Pool 'old'",
    });
    expect(conditionOf(r, 'a')).toMatchObject({ reason: 'no_pool' });
    expect(ingressOf(r, 'b')).toEqual(['10.0.0.0']);
  });

  it('equal creation timestamps: the later pool in input order is marked', () => {
    const r = allocateLoadBalancerIps(
      [pool('a', { blocks: [{ cidr: '10.0.0.0/24' }] }), pool('b', { blocks: [{ cidr: '10.0.0.0/25' }] })],
      [],
      DUAL,
    );
    expect(r.pools.map((p) => p.conflicting)).toEqual([false, true]);
  });

  it('ranges overlapping inside one pool mark that pool against itself', () => {
    const r = allocateLoadBalancerIps(
      [pool('a', { blocks: [{ cidr: '10.0.0.0/24' }, { start: '10.0.0.9', stop: '10.0.1.3' }] })],
      [v4('x')],
      DUAL,
    );
    expect(poolCondition(r, 'a', 'cilium.io/PoolConflict')?.message).toBe(
      "Pool conflicts since range '10.0.0.0 - 10.0.0.255' overlaps range '10.0.0.9 - 10.0.1.3' from IP Pool 'a'",
    );
    expect(conditionOf(r, 'x')).toMatchObject({ reason: 'no_pool' });
  });

  it('the conflict resolves when the older pool goes: False/resolved, allocation resumes', () => {
    const ipam = new LbIpam(DUAL);
    ipam.sync(
      [pool('a', { blocks: [{ cidr: '10.0.0.0/24' }] }), pool('b', { blocks: [{ cidr: '10.0.0.0/25' }] })],
      [v4('x')],
    );
    ipam.deletePool('a');
    const r = ipam.result();
    expect(poolCondition(r, 'b', 'cilium.io/PoolConflict')).toMatchObject({ status: 'False', reason: 'resolved' });
    expect(ingressOf(r, 'x')).toEqual(['10.0.0.0']);
  });
});

describe('§7.8 pool modification and deletion, §1.6 fields, gotcha 12', () => {
  it('unchanged blocks keep allocations; a removed block drops them and the Service is re-satisfied', () => {
    const ipam = new LbIpam(DUAL);
    ipam.sync(
      [pool('p', { blocks: [{ cidr: '10.0.0.0/24' }, { cidr: '10.0.1.0/24' }] })],
      [v4('a', { loadBalancerIP: '10.0.1.5' }), v4('b')],
    );
    ipam.upsertPool(pool('p', { blocks: [{ cidr: '10.0.0.0/24' }, { cidr: '10.0.2.0/24' }] }));
    const r = ipam.result();
    expect(ingressOf(r, 'b')).toEqual(['10.0.0.0']);
    expect(conditionOf(r, 'a')).toMatchObject({ status: 'False', reason: 'no_pool' });
    expect(ingressOf(r, 'a')).toEqual([]);
  });

  it('deleting a pool moves its Services to another pool', () => {
    const ipam = new LbIpam(DUAL);
    ipam.sync(
      [pool('p1', { blocks: [{ cidr: '10.0.0.0/24' }] }), pool('p2', { blocks: [{ cidr: '10.0.9.0/24' }] })],
      [v4('a')],
    );
    ipam.deletePool('p1');
    expect(ingressOf(ipam.result(), 'a')).toEqual(['10.0.9.0']);
  });

  it('disabled stops new allocations; existing ones stay', () => {
    const ipam = new LbIpam(DUAL);
    ipam.sync([pool('p', { blocks: [{ cidr: '10.0.0.0/24' }] })], [v4('a')]);
    ipam.upsertPool(pool('p', { blocks: [{ cidr: '10.0.0.0/24' }], disabled: true }));
    ipam.upsertService(v4('b'));
    const r = ipam.result();
    expect(ingressOf(r, 'a')).toEqual(['10.0.0.0']);
    expect(conditionOf(r, 'b')).toMatchObject({ reason: 'no_pool' });
  });

  it('toggling allowFirstLastIPs to No does not revoke an IP already given', () => {
    const ipam = new LbIpam(DUAL);
    ipam.sync([pool('p', { blocks: [{ cidr: '10.0.0.0/24' }] })], [v4('a')]);
    ipam.upsertPool(pool('p', { blocks: [{ cidr: '10.0.0.0/24' }], allowFirstLastIPs: 'No' }));
    ipam.upsertService(v4('b'));
    expect([ingressOf(ipam.result(), 'a'), ingressOf(ipam.result(), 'b')]).toEqual([['10.0.0.0'], ['10.0.0.1']]);
    expect(poolCondition(ipam.result(), 'p', 'cilium.io/IPsUsed')?.message).toBe('3'); // a, b and .255
  });

  it.each([
    ['/31 (2 addresses) is never reserved', '10.0.0.0/31', '10.0.0.0'],
    ['/32 is never reserved', '10.0.0.7/32', '10.0.0.7'],
    ['/30 reserves first and last', '10.0.0.0/30', '10.0.0.1'],
    ['IPv6 /127 is never reserved', '2001:db8::/127', '2001:db8::'],
  ] as const)('gotcha 12: %s', (_, cidr, first) => {
    const r = allocateLoadBalancerIps(
      [pool('p', { blocks: [{ cidr }], allowFirstLastIPs: 'No' })],
      [service('a', { ipFamilyPolicy: 'PreferDualStack' })],
      DUAL,
    );
    expect(ingressOf(r, 'a')).toEqual([first]);
  });

  it('gotcha 12: start/stop ranges are never reserved', () => {
    const r = allocateLoadBalancerIps(
      [pool('p', { blocks: [{ start: '10.0.0.0', stop: '10.0.0.9' }], allowFirstLastIPs: 'No' })],
      [v4('a')],
      DUAL,
    );
    expect(ingressOf(r, 'a')).toEqual(['10.0.0.0']);
  });

  it('the deprecated cidrs field is read like blocks', () => {
    const r = allocateLoadBalancerIps([pool('p', { cidrs: [{ cidr: '10.0.0.0/24' }] })], [v4('a')], DUAL);
    expect(ingressOf(r, 'a')).toEqual(['10.0.0.0']);
  });

  it('§1.6 serviceSelector sees the implicit io.kubernetes.service.name/namespace labels', () => {
    const r = allocateLoadBalancerIps(
      [
        pool('only-web', {
          blocks: [{ cidr: '10.0.0.0/24' }],
          serviceSelector: {
            matchLabels: { 'io.kubernetes.service.namespace': 'prod', 'io.kubernetes.service.name': 'web' },
          },
        }),
      ],
      [v4('web', {}, { namespace: 'prod' }), v4('web', {}, { namespace: 'dev' })],
      DUAL,
    );
    expect([ingressOf(r, 'web', 'prod'), ingressOf(r, 'web', 'dev')]).toEqual([['10.0.0.0'], []]);
  });

  it('deleting the last pool makes LB-IPAM dormant; statuses stay as written until a pool returns', () => {
    const ipam = new LbIpam(DUAL);
    const p = pool('p', { blocks: [{ cidr: '10.0.0.0/24' }] });
    ipam.sync([p], [v4('a'), v4('b')]);
    ipam.deletePool('p');
    expect(ingressOf(ipam.result(), 'b')).toEqual(['10.0.0.1']);
    ipam.upsertPool(p);
    expect([ingressOf(ipam.result(), 'a'), ingressOf(ipam.result(), 'b')]).toEqual([['10.0.0.0'], ['10.0.0.1']]);
  });
});
