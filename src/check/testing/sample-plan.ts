/**
 * A hand-built, valid plan of the homelab network (the seed's /48), for rule unit tests: every rule reports nothing
 * on it, and a test changes one thing and expects one finding. Built without the planner on purpose, so rule tests
 * don't depend on planner behaviour.
 */
import { Ipv4Address, Ipv6Address, Ipv6Prefix } from '../../ip/index.js';
import type { Plan, PlannedEntry, PlannedNode, PlannedRouter } from '../../spec/plan-types.js';
import type { Spec } from '../../spec/schema.js';
import type { CheckContext } from '../rule.js';

const p = (text: string) => Ipv6Prefix.parse(text);
const a = (text: string) => Ipv6Address.parse(text);

export function sampleSpec(): Spec {
  return {
    version: 1,
    name: 'homelab',
    aggregate: '2a0e:97c0:ae3::/48',
    plan: [
      { name: 'services', prefix: '2a0e:97c0:ae3:c100::/112', role: 'service-cidr' },
      { name: 'pods', prefix: '2a0e:97c0:ae3:c200::/56', role: 'pod-cidr', nodeMaskSize: 64 },
      { name: 'lb-pool', prefix: '2a0e:97c0:ae3:c401::/64', role: 'lb-pool' },
      { name: 'nodes', prefix: '2a0e:97c0:ae3:fff0::/64', role: 'node-network', vlan: 2502 },
      { name: 'loopbacks', prefix: '2a0e:97c0:ae3:ffff::/64', role: 'loopbacks' },
    ],
    cluster: {
      name: 'homelab',
      asn: 65500,
      nodes: [
        { name: 'cp1', role: 'control-plane', address: '2a0e:97c0:ae3:fff0::10', routerId: '10.255.0.10' },
        { name: 'w1', role: 'worker', address: '2a0e:97c0:ae3:fff0::11', routerId: '10.255.0.11' },
        { name: 'w2', role: 'worker', address: '2a0e:97c0:ae3:fff0::12', routerId: '10.255.0.12' },
      ],
      bgp: {
        authSecretRef: 'bgp-auth-secret',
        timers: { holdTimeSec: 9, keepaliveTimeSec: 3 },
        ebgpMultihop: 1,
        gracefulRestart: { enabled: true, restartTimeSec: 15 },
      },
      advertisements: [
        { name: 'services', type: 'Service', addresses: ['LoadBalancerIP', 'ClusterIP'] },
        { name: 'pods', type: 'PodCIDR' },
      ],
    },
    routers: [
      {
        name: 'r01',
        asn: 65100,
        routerId: '10.255.255.1',
        nodeInterface: { name: 'eth1', vlan: 2502, address: '2a0e:97c0:ae3:fff0::1/64' },
        loopback: '2a0e:97c0:ae3:ffff::1/128',
        uplinks: [{ name: 'eth0', address: '2001:db8:100::2/64' }],
      },
      {
        name: 'r02',
        asn: 65100,
        routerId: '10.255.255.2',
        nodeInterface: { name: 'eth1', vlan: 2502, address: '2a0e:97c0:ae3:fff0::2/64' },
        loopback: '2a0e:97c0:ae3:ffff::2/128',
        uplinks: [{ name: 'eth0', address: '2001:db8:100::3/64' }],
      },
    ],
    upstream: {
      name: 'backbone',
      asn: 201911,
      neighbors: [
        { router: 'r01', address: '2001:db8:100::1' },
        { router: 'r02', address: '2001:db8:100::1' },
      ],
    },
    workloads: {
      services: [
        { name: 'web', namespace: 'default', type: 'LoadBalancer', endpoints: ['w1'] },
        { name: 'dns', namespace: 'default', type: 'LoadBalancer', requestedIPs: ['2a0e:97c0:ae3:c401::53'] },
      ],
    },
  };
}

/** The plan of {@link sampleSpec}, resolved by hand. */
export function samplePlan(): Plan {
  const spec = sampleSpec();
  const entries: PlannedEntry[] = spec.plan.map((e, i) => ({
    name: e.name,
    role: e.role,
    prefix: p(e.prefix),
    path: ['plan', i],
  }));
  const pods = p('2a0e:97c0:ae3:c200::/56');
  const nodes: PlannedNode[] = spec.cluster.nodes.map((n, i) => ({
    name: n.name,
    role: n.role,
    address: a(n.address),
    podCidr: pods.subnet(i, 64),
    podCidrSource: 'allocated',
    routerId: Ipv4Address.parse(n.routerId ?? '0.0.0.0'),
    routerIdSource: 'explicit',
    labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': n.name },
    path: ['cluster', 'nodes', i],
  }));
  const routers: PlannedRouter[] = spec.routers.map((r, i) => {
    const ifPrefix = p(r.nodeInterface.address);
    const lo = p(r.loopback ?? '::/128');
    return {
      name: r.name,
      asn: r.asn,
      routerId: Ipv4Address.parse(r.routerId),
      nodeInterface: {
        name: r.nodeInterface.name,
        vlan: 2502,
        address: ifPrefix.address,
        prefix: ifPrefix.network(),
      },
      loopback: { name: 'lo', address: lo.address, prefix: lo },
      uplinks: (r.uplinks ?? []).map((u) => {
        const up = p(u.address);
        return { name: u.name, address: up.address, prefix: up.network() };
      }),
      listenRange: p('2a0e:97c0:ae3:fff0::/64'),
      exportToNodes: 'default-route',
      maximumPrefix: 1000,
      upstreamNeighbors: [{ address: a('2001:db8:100::1'), asn: 201911, path: ['upstream', 'neighbors', i] }],
      path: ['routers', i],
    };
  });
  return {
    spec,
    aggregate: p(spec.aggregate),
    entries,
    serviceCidr: p('2a0e:97c0:ae3:c100::/112'),
    kubernetesServiceIp: a('2a0e:97c0:ae3:c100::1'),
    podCidr: { prefix: pods, nodeMaskSize: 64, capacity: 256n },
    lbPools: [
      {
        name: 'lb-pool',
        prefix: p('2a0e:97c0:ae3:c401::/64'),
        capacity: 1n << 64n,
        allowFirstLastIPs: true,
        path: ['plan', 2],
      },
    ],
    nodeNetwork: { prefix: p('2a0e:97c0:ae3:fff0::/64'), vlan: 2502 },
    loopbacks: p('2a0e:97c0:ae3:ffff::/64'),
    clusterName: 'homelab',
    clusterAsn: 65500,
    nodes,
    bgp: {
      instanceName: 'instance-65500',
      clusterConfigName: 'cilium-bgp',
      peerConfigName: 'cilium-peer',
      authSecretRef: 'bgp-auth-secret',
      secretsNamespace: 'kube-system',
      timers: { holdTimeSec: 9, keepaliveTimeSec: 3, connectRetryTimeSec: 120 },
      ebgpMultihop: 1,
      gracefulRestart: { enabled: true, restartTimeSec: 15 },
      families: ['ipv6-unicast'],
      advertisementLabels: { advertise: 'bgp' },
    },
    advertisements: [
      {
        name: 'services',
        type: 'Service',
        addresses: ['LoadBalancerIP', 'ClusterIP'],
        selector: 'all',
        communities: {},
        path: ['cluster', 'advertisements', 0],
      },
      { name: 'pods', type: 'PodCIDR', addresses: [], communities: {}, path: ['cluster', 'advertisements', 1] },
    ],
    routers,
    upstream: { name: 'backbone', asn: 201911 },
    services: spec.workloads?.services ?? [],
  };
}

/** A context over `plan` whose locator puts every path on line 1 (tests assert codes and paths). */
export function contextOf(plan: Plan | undefined): CheckContext {
  return plan === undefined
    ? { file: 'test.yaml', locate: () => undefined }
    : { file: 'test.yaml', locate: () => ({ file: 'test.yaml', line: 1, column: 1 }), plan };
}

/** Replaces one element of a readonly array. */
export function replaceAt<T>(items: readonly T[], index: number, value: T): T[] {
  const out = [...items];
  out[index] = value;
  return out;
}

export { a as addr, p as prefix };

/** Codes of the findings `rule` reports on `plan`, as paths (what the tests assert). */
export function pathsOf(rule: { check: (ctx: CheckContext) => { path: readonly (string | number)[] }[] }, plan: Plan) {
  return rule.check(contextOf(plan)).map((f) => f.path);
}
