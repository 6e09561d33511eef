import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ipv4Prefix, Ipv6Prefix } from '../ip/index.js';
import { loadSpecObject, loadSpecText } from './load.js';
import { defaultMaximumPrefix, lbPoolCapacity, planNetwork } from './plan.js';
import { isForbiddenRouterId } from './plan-router-ids.js';
import type { NodeSpec, Spec } from './schema.js';
import { MINI_SPEC_YAML, miniSpec } from './testing.js';

function planOf(spec: Spec) {
  const loaded = loadSpecObject(spec, 'test.ts');
  expect(loaded.diagnostics).toEqual([]);
  return planNetwork(loaded);
}

function nodes(count: number, from = 0): NodeSpec[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + from;
    return { name: `node-${i}`, role: 'worker' as const, address: `2001:db8:0:fff0::${(0x100 + i).toString(16)}` };
  });
}

function withNodes(list: NodeSpec[], edit: (s: Spec) => void = () => {}): Spec {
  const spec = miniSpec();
  spec.cluster.nodes = list;
  spec.workloads = undefined;
  edit(spec);
  return spec;
}

function setPod(spec: Spec, prefix: string, nodeMaskSize: number) {
  const pod = spec.plan.find((e) => e.role === 'pod-cidr')!;
  pod.prefix = prefix;
  pod.nodeMaskSize = nodeMaskSize;
}

const text = (x: { toString(): string } | undefined) => x?.toString();

describe('planNetwork: PodCIDRs', () => {
  it('allocates /nodeMaskSize subnets in node order, first free', () => {
    const { plan, diagnostics } = planOf(withNodes(nodes(3)));
    expect(diagnostics).toEqual([]);
    expect(plan!.nodes.map((n) => text(n.podCidr))).toEqual([
      '2001:db8:0:200::/64',
      '2001:db8:0:201::/64',
      '2001:db8:0:202::/64',
    ]);
    expect(plan!.nodes.every((n) => n.podCidrSource === 'allocated')).toBe(true);
    expect(plan!.podCidr?.capacity).toBe(256n);
  });

  it('is deterministic: planning twice gives equal plans', () => {
    const a = planOf(withNodes(nodes(20))).plan!;
    const b = planOf(withNodes(nodes(20))).plan!;
    expect(a.nodes.map((n) => [text(n.podCidr), text(n.routerId)])).toEqual(
      b.nodes.map((n) => [text(n.podCidr), text(n.routerId)]),
    );
  });

  it("property: appending nodes never moves an existing node's PodCIDR or router ID", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 5 }),
        (before, added, pins) => {
          const pinned = (list: NodeSpec[]) =>
            list.map((n, i) =>
              i < pins.length ? { ...n, podCidr: `2001:db8:0:2${pins[i]!.toString(16).padStart(2, '0')}::/64` } : n,
            );
          const uniquePins = new Set(pins.slice(0, before)).size === Math.min(pins.length, before);
          fc.pre(uniquePins);
          const small = planNetwork(loadSpecObject(withNodes(pinned(nodes(before))))).plan!;
          const large = planNetwork(loadSpecObject(withNodes(pinned(nodes(before + added))))).plan!;
          for (let i = 0; i < before; i++) {
            expect(text(large.nodes[i]!.podCidr)).toBe(text(small.nodes[i]!.podCidr));
            expect(text(large.nodes[i]!.routerId)).toBe(text(small.nodes[i]!.routerId));
          }
        },
      ),
      { numRuns: 60, seed: 1 },
    );
  });

  it('honours pinned PodCIDRs first; the others fill around them', () => {
    const list = nodes(3);
    list[2]!.podCidr = '2001:db8:0:200::/64';
    const { plan, diagnostics } = planOf(withNodes(list));
    expect(diagnostics).toEqual([]);
    expect(plan!.nodes.map((n) => [text(n.podCidr), n.podCidrSource])).toEqual([
      ['2001:db8:0:201::/64', 'allocated'],
      ['2001:db8:0:202::/64', 'allocated'],
      ['2001:db8:0:200::/64', 'pinned'],
    ]);
  });

  it('E_PINNED_POD_CIDR_CONFLICT: outside the pod-cidr, wrong length, host bits, pinned twice', () => {
    const list = nodes(5);
    list[0]!.podCidr = '2001:db8:1::/64';
    list[1]!.podCidr = '2001:db8:0:200::/60';
    list[2]!.podCidr = '2001:db8:0:203::1/64';
    list[3]!.podCidr = '2001:db8:0:204::/64';
    list[4]!.podCidr = '2001:db8:0:204::/64';
    const { plan, diagnostics } = planOf(withNodes(list));
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['E_PINNED_POD_CIDR_CONFLICT', ['cluster', 'nodes', 0, 'podCidr']],
      ['E_PINNED_POD_CIDR_CONFLICT', ['cluster', 'nodes', 1, 'podCidr']],
      ['E_PINNED_POD_CIDR_CONFLICT', ['cluster', 'nodes', 2, 'podCidr']],
      ['E_PINNED_POD_CIDR_CONFLICT', ['cluster', 'nodes', 4, 'podCidr']],
    ]);
    expect(plan!.nodes.map((n) => n.podCidrSource)).toEqual(['none', 'none', 'none', 'pinned', 'none']);
  });

  it('E_POD_CIDR_EXHAUSTED when the pod-cidr has fewer subnets than nodes, located in the YAML', () => {
    const yaml = MINI_SPEC_YAML.replace('prefix: 2001:db8:0:200::/56', 'prefix: 2001:db8:0:200::/63');
    const loaded = loadSpecText(yaml, 'spec.yaml');
    const { plan, diagnostics } = planNetwork(loaded);
    expect(diagnostics).toEqual([]);
    expect(plan!.podCidr?.capacity).toBe(2n);

    const three = planOf(withNodes(nodes(3), (s) => setPod(s, '2001:db8:0:200::/63', 64)));
    expect(three.diagnostics.map((d) => [d.code, d.path])).toEqual([['E_POD_CIDR_EXHAUSTED', ['cluster', 'nodes', 2]]]);
    expect(three.plan!.nodes.map((n) => n.podCidrSource)).toEqual(['allocated', 'allocated', 'none']);
    expect(three.plan!.nodes[2]!.podCidr).toBeUndefined();
  });

  it('E_NODE_MASK_SIZE when nodeMaskSize is shorter than the pod-cidr', () => {
    const { plan, diagnostics } = planOf(withNodes(nodes(2), (s) => setPod(s, '2001:db8:0:200::/56', 48)));
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([['E_NODE_MASK_SIZE', ['plan', 1, 'nodeMaskSize']]]);
    expect(plan!.nodes.every((n) => n.podCidr === undefined)).toBe(true);
  });

  it('nodeMaskSize defaults to 64', () => {
    const spec = withNodes(nodes(1));
    delete spec.plan.find((e) => e.role === 'pod-cidr')!.nodeMaskSize;
    expect(planOf(spec).plan!.nodes[0]!.podCidr?.length).toBe(64);
  });
});

describe('planNetwork: router IDs', () => {
  it('takes pool addresses in node order, skipping the network address and explicit IDs', () => {
    const list = nodes(4);
    list[1]!.routerId = '10.255.0.2';
    const { plan } = planOf(withNodes(list));
    expect(plan!.nodes.map((n) => [text(n.routerId), n.routerIdSource])).toEqual([
      ['10.255.0.1', 'pool'],
      ['10.255.0.2', 'explicit'],
      ['10.255.0.3', 'pool'],
      ['10.255.0.4', 'pool'],
    ]);
  });

  it('skips router IDs of routers in the cluster ASN, but not of eBGP routers', () => {
    const spec = withNodes(nodes(2), (s) => {
      s.routers[0]!.routerId = '10.255.0.2'; // AS65666: eBGP, may repeat
      s.routers.push({
        name: 'r02',
        asn: 65500,
        routerId: '10.255.0.1',
        nodeInterface: { name: 'eth1', address: '2001:db8:0:fff0::2/64' },
      });
    });
    expect(planOf(spec).plan!.nodes.map((n) => text(n.routerId))).toEqual(['10.255.0.2', '10.255.0.3']);
  });

  it('never hands out 0.0.0.0 or 224.0.0.0/4', () => {
    const zero = planOf(withNodes(nodes(2), (s) => (s.cluster.routerIdPool = '0.0.0.0/30'))).plan!;
    expect(zero.nodes.map((n) => text(n.routerId))).toEqual(['0.0.0.1', '0.0.0.2']);
    const high = planOf(withNodes(nodes(2), (s) => (s.cluster.routerIdPool = '224.0.0.0/3'))).plan!;
    expect(high.nodes.map((n) => text(n.routerId))).toEqual(['240.0.0.0', '240.0.0.1']);
    expect(isForbiddenRouterId(0)).toBe(true);
    expect(isForbiddenRouterId(0xe0000000)).toBe(true);
    expect(isForbiddenRouterId(0xefffffff)).toBe(true);
    expect(isForbiddenRouterId(0xf0000000)).toBe(false);
  });

  it('property: pool IDs are unique, inside the pool, never the network address, forbidden or explicit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 20, max: 31 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 29 }), { maxLength: 5 }),
        (base, length, count, explicitIdx) => {
          const pool = Ipv4Prefix.parse(
            `${[24, 16, 8, 0].map((s) => (base >>> s) & 255).join('.')}/${length}`,
          ).network();
          const list = nodes(count);
          const explicit = new Set<string>();
          for (const i of explicitIdx) {
            if (i >= count) continue;
            const id = pool.nth(BigInt(i) % pool.size());
            list[i]!.routerId = id.toString();
            explicit.add(id.toString());
          }
          const { plan } = planNetwork(
            loadSpecObject(withNodes(list, (s) => (s.cluster.routerIdPool = pool.toString()))),
          );
          const seen = new Set<string>();
          for (const node of plan!.nodes) {
            if (node.routerIdSource !== 'pool') continue;
            const id = node.routerId!;
            expect(pool.contains(id)).toBe(true);
            expect(id.equals(pool.first())).toBe(false);
            expect(isForbiddenRouterId(id.toNumber())).toBe(false);
            expect(explicit.has(id.toString())).toBe(false);
            expect(seen.has(id.toString())).toBe(false);
            seen.add(id.toString());
          }
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it('E_ROUTER_ID_POOL_EXHAUSTED when the pool runs out', () => {
    const { plan, diagnostics } = planOf(withNodes(nodes(5), (s) => (s.cluster.routerIdPool = '10.0.0.0/30')));
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['E_ROUTER_ID_POOL_EXHAUSTED', ['cluster', 'routerIdPool']],
    ]);
    expect(plan!.nodes.map((n) => n.routerIdSource)).toEqual(['pool', 'pool', 'pool', 'none', 'none']);
  });

  it("without a pool, nodes without an explicit ID get source 'none'", () => {
    const list = nodes(2);
    list[0]!.routerId = '192.0.2.1';
    const { plan, diagnostics } = planOf(withNodes(list, (s) => delete s.cluster.routerIdPool));
    expect(diagnostics).toEqual([]);
    expect(plan!.nodes.map((n) => [text(n.routerId), n.routerIdSource])).toEqual([
      ['192.0.2.1', 'explicit'],
      [undefined, 'none'],
    ]);
  });
});

describe('planNetwork: pools, services and defaults', () => {
  it('LB pool capacity: first/last excluded only when allowFirstLastIPs is false and the CIDR is /126 or larger', () => {
    expect(lbPoolCapacity(Ipv6Prefix.parse('2001:db8::/64'), true)).toBe(1n << 64n);
    expect(lbPoolCapacity(Ipv6Prefix.parse('2001:db8::/64'), false)).toBe((1n << 64n) - 2n);
    expect(lbPoolCapacity(Ipv6Prefix.parse('2001:db8::/126'), false)).toBe(2n);
    expect(lbPoolCapacity(Ipv6Prefix.parse('2001:db8::/127'), false)).toBe(2n);
    expect(lbPoolCapacity(Ipv6Prefix.parse('2001:db8::/128'), false)).toBe(1n);
    const spec = withNodes(nodes(1), (s) => {
      s.plan[2]!.allowFirstLastIPs = false;
      s.plan[2]!.prefix = '2001:db8:0:401::/120';
    });
    const pool = planOf(spec).plan!.lbPools[0]!;
    expect([pool.name, pool.capacity, pool.allowFirstLastIPs]).toEqual(['lb', 254n, false]);
  });

  it('kubernetes.default is the service CIDR network + 1', () => {
    const spec = withNodes(nodes(1), (s) => (s.plan[0]!.prefix = '2001:db8:0:100::8000/112'));
    const { plan } = planOf(spec);
    expect(text(plan!.serviceCidr)).toBe('2001:db8:0:100::/112');
    expect(text(plan!.kubernetesServiceIp)).toBe('2001:db8:0:100::1');
  });

  it('fills BGP defaults like Cilium when cluster.bgp is omitted', () => {
    const { plan } = planOf(withNodes(nodes(1)));
    expect(plan!.bgp).toEqual({
      instanceName: 'instance-65500',
      clusterConfigName: 'cilium-bgp',
      peerConfigName: 'cilium-peer',
      secretsNamespace: 'kube-system',
      timers: { holdTimeSec: 90, keepaliveTimeSec: 30, connectRetryTimeSec: 120 },
      ebgpMultihop: 1,
      gracefulRestart: { enabled: false, restartTimeSec: 120 },
      families: ['ipv6-unicast'],
      advertisementLabels: { advertise: 'bgp' },
    });
  });

  it('node labels: spec labels plus os, hostname and the control-plane role', () => {
    const list = nodes(2);
    list[0]!.role = 'control-plane';
    list[1]!.labels = { rack: 'a' };
    const { plan } = planOf(withNodes(list));
    expect(plan!.nodes[0]!.labels).toEqual({
      'kubernetes.io/hostname': 'node-0',
      'kubernetes.io/os': 'linux',
      'node-role.kubernetes.io/control-plane': '',
    });
    expect(plan!.nodes[1]!.labels).toEqual({
      'kubernetes.io/hostname': 'node-1',
      'kubernetes.io/os': 'linux',
      rack: 'a',
    });
  });

  it('routers: listenRange, exportToNodes and maximumPrefix defaults; upstream neighbors attached', () => {
    const { plan } = planOf(miniSpec());
    const r = plan!.routers[0]!;
    expect(text(r.listenRange)).toBe('2001:db8:0:fff0::/64');
    expect(r.exportToNodes).toBe('default-route');
    // one LB pool; the Service 'web' is a LoadBalancer and only LoadBalancerIP is advertised: 1 address
    expect(r.maximumPrefix).toBe(defaultMaximumPrefix(1, 1));
    expect(r.maximumPrefix).toBe(1 + 1 + 1 + 1 + 1000);
    expect([text(r.nodeInterface.address), text(r.nodeInterface.prefix)]).toEqual([
      '2001:db8:0:fff0::1',
      '2001:db8:0:fff0::/64',
    ]);
    expect(r.upstreamNeighbors.map((n) => [text(n.address), n.asn])).toEqual([['2001:db8:ffff::1', 64999]]);

    const explicit = miniSpec();
    explicit.routers[0]!.listenRange = '2001:db8:0:fff0::/120';
    explicit.routers[0]!.maximumPrefix = 50;
    explicit.routers[0]!.exportToNodes = 'none';
    const e = planOf(explicit).plan!.routers[0]!;
    expect([text(e.listenRange), e.maximumPrefix, e.exportToNodes]).toEqual(['2001:db8:0:fff0::/120', 50, 'none']);
  });

  it('resolves advertisements: Service selector defaults to all, PodCIDR has no addresses', () => {
    const spec = miniSpec();
    spec.cluster.advertisements!.push({ name: 'pods', type: 'PodCIDR', localPreference: 99 });
    const adv = planOf(spec).plan!.advertisements;
    expect(adv.map((a) => [a.name, a.addresses, a.selector, a.localPreference])).toEqual([
      ['services', ['LoadBalancerIP'], 'all', undefined],
      ['pods', [], undefined, 99],
    ]);
  });

  it('returns no plan (and no diagnostics of its own) for a spec that did not load', () => {
    const loaded = loadSpecText('version: 2', 'bad.yaml');
    expect(loaded.spec).toBeUndefined();
    expect(planNetwork(loaded)).toEqual({ diagnostics: [] });
  });
});
