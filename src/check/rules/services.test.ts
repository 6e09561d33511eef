import { describe, expect, it } from 'vitest';
import type { Plan } from '../../spec/plan-types.js';
import type { ServiceSpec } from '../../spec/schema.js';
import { pathsOf, prefix, samplePlan } from '../testing/sample-plan.js';
import {
  externalIpInLbPool,
  externalIpOutsideAggregate,
  lbPoolExhausted,
  lbPoolNearlyFull,
  localWithoutEndpoints,
  noMatchingPool,
  requestedIpDuplicate,
  requestedIpOutsidePools,
  requestedIpReserved,
  requestedIpsIgnored,
} from './services.js';

function withServices(services: ServiceSpec[], plan: Plan = samplePlan()): Plan {
  return { ...plan, services };
}
function smallPool(plan: Plan, text: string, allowFirstLastIPs = true): Plan {
  const p = prefix(text);
  const capacity = allowFirstLastIPs ? p.size() : p.size() - 2n;
  return { ...plan, lbPools: [{ ...plan.lbPools[0]!, prefix: p, capacity, allowFirstLastIPs }] };
}
const lb = (name: string, extra: Partial<ServiceSpec> = {}): ServiceSpec => ({ name, type: 'LoadBalancer', ...extra });
const rules = [
  externalIpInLbPool,
  externalIpOutsideAggregate,
  lbPoolExhausted,
  lbPoolNearlyFull,
  localWithoutEndpoints,
  noMatchingPool,
  requestedIpDuplicate,
  requestedIpOutsidePools,
  requestedIpReserved,
  requestedIpsIgnored,
];

describe('services rules', () => {
  it('report nothing on the sample plan', () => {
    for (const rule of rules) expect(pathsOf(rule, samplePlan()), rule.id).toEqual([]);
  });
  it('services/no-matching-pool flags a Service no pool selects, not one in a foreign class', () => {
    const plan = samplePlan();
    const selective = { ...plan, lbPools: [{ ...plan.lbPools[0]!, serviceSelector: { matchLabels: { pool: 'a' } } }] };
    const services = [lb('a', { labels: { pool: 'a' } }), lb('b'), lb('c', { loadBalancerClass: 'example.com/other' })];
    expect(pathsOf(noMatchingPool, withServices(services, selective))).toEqual([['workloads', 'services', 1, 'name']]);
  });
  it('services/lb-pool-exhausted counts sharing keys once; lb-pool-nearly-full warns above 80%', () => {
    const plan = smallPool(samplePlan(), '2a0e:97c0:ae3:c401::/126'); // 4 addresses
    const five = ['a', 'b', 'c', 'd', 'e'].map((n) => lb(n));
    expect(pathsOf(lbPoolExhausted, withServices(five, plan))).toEqual([['plan', 2, 'prefix']]);
    const shared = [...five.slice(0, 3), lb('d', { sharingKey: 'k' }), lb('e', { sharingKey: 'k' })];
    expect(pathsOf(lbPoolExhausted, withServices(shared, plan))).toEqual([]);
    expect(pathsOf(lbPoolNearlyFull, withServices(shared, plan))).toEqual([['plan', 2, 'prefix']]);
    expect(pathsOf(lbPoolNearlyFull, withServices(five.slice(0, 3), plan))).toEqual([]);
  });
  it('services/requested-ip-outside-pools flags no_pool and pool_selector_mismatch', () => {
    const plan = samplePlan();
    expect(
      pathsOf(requestedIpOutsidePools, withServices([lb('a', { requestedIPs: ['2a0e:97c0:ae3:c402::1'] })])),
    ).toEqual([['workloads', 'services', 0, 'requestedIPs', 0]]);
    const selective = { ...plan, lbPools: [{ ...plan.lbPools[0]!, serviceSelector: { matchLabels: { pool: 'a' } } }] };
    const svc = lb('b', { requestedIPs: ['2a0e:97c0:ae3:c401::5'] });
    expect(pathsOf(requestedIpOutsidePools, withServices([svc], selective))).toEqual([
      ['workloads', 'services', 0, 'requestedIPs', 0],
    ]);
  });
  it('services/requested-ip-duplicate allows a shared key in one namespace only', () => {
    const ip = ['2a0e:97c0:ae3:c401::80'];
    expect(
      pathsOf(requestedIpDuplicate, withServices([lb('a', { requestedIPs: ip }), lb('b', { requestedIPs: ip })])),
    ).toEqual([['workloads', 'services', 1, 'requestedIPs', 0]]);
    const shared = [lb('a', { requestedIPs: ip, sharingKey: 'k' }), lb('b', { requestedIPs: ip, sharingKey: 'k' })];
    expect(pathsOf(requestedIpDuplicate, withServices(shared))).toEqual([]);
  });
  it('services/requested-ip-reserved flags the first address when allowFirstLastIPs is false', () => {
    const plan = smallPool(samplePlan(), '2a0e:97c0:ae3:c401::/120', false);
    expect(
      pathsOf(requestedIpReserved, withServices([lb('a', { requestedIPs: ['2a0e:97c0:ae3:c401::'] })], plan)),
    ).toEqual([['workloads', 'services', 0, 'requestedIPs', 0]]);
    expect(
      pathsOf(requestedIpReserved, withServices([lb('a', { requestedIPs: ['2a0e:97c0:ae3:c401::1'] })], plan)),
    ).toEqual([]);
  });
  it('services/requested-ips-ignored flags requestedIPs on a ClusterIP Service', () => {
    const svc: ServiceSpec = { name: 'a', type: 'ClusterIP', requestedIPs: ['2a0e:97c0:ae3:c401::1'] };
    expect(pathsOf(requestedIpsIgnored, withServices([svc]))).toEqual([['workloads', 'services', 0, 'requestedIPs']]);
  });
  it('services/local-without-endpoints and services/external-ip-outside-aggregate', () => {
    expect(
      pathsOf(localWithoutEndpoints, withServices([lb('a', { externalTrafficPolicy: 'Local', endpoints: [] })])),
    ).toEqual([['workloads', 'services', 0, 'endpoints']]);
    expect(pathsOf(localWithoutEndpoints, withServices([lb('a', { externalTrafficPolicy: 'Local' })]))).toEqual([]);
    const ext = withServices([{ name: 'a', type: 'ClusterIP', externalIPs: ['2001:db8::1', '2a0e:97c0:ae3:e000::1'] }]);
    expect(pathsOf(externalIpOutsideAggregate, ext)).toEqual([['workloads', 'services', 0, 'externalIPs', 0]]);
  });
  it('services/external-ip-in-lb-pool flags an externalIP LB-IPAM could hand out', () => {
    const svc: ServiceSpec = {
      name: 'a',
      type: 'ClusterIP',
      externalIPs: ['2a0e:97c0:ae3:e000::1', '2a0e:97c0:ae3:c401::100'],
    };
    expect(pathsOf(externalIpInLbPool, withServices([svc]))).toEqual([['workloads', 'services', 0, 'externalIPs', 1]]);
  });
});
