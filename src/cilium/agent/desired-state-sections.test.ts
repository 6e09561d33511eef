/**
 * Agent semantics beyond the main table (reference §3.1, §4.2 Interface and CiliumPodIPPool, §5.5, §8.1, §8.3 and
 * gotcha 10): the rules that decide what is not done as much as what is.
 */
import { describe, expect, it } from 'vitest';
import type { CiliumBgpAdvertisement } from '../../k8s/kinds.js';
import type { K8sService } from '../../k8s/objects-core.js';
import type { CiliumBgpAdvertisementEntry } from '../../k8s/objects.js';
import { nodeViewFromNode } from '../node-view.js';
import type { NodeConfigObject, NodeConfigPeer } from '../operator/types.js';
import { nextHopRule } from '../show/dry-run.js';
import { advertisement, lbStatus, node, peerConfig, service } from '../testing/objects.test-helper.js';
import { desiredNodeState } from './desired-state.js';
import { type AgentOptions, defaultAgentOptions, type NodeDesiredState } from './types.js';

const ebgp: NodeConfigPeer = { name: 'r01', peerAddress: '2001:db8::1', peerASN: 65666, peerConfigRef: { name: 'pc' } };
const FAMILIES = [
  { afi: 'ipv6', safi: 'unicast', advertisements: { matchLabels: { advertise: 'bgp' } } },
  { afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { advertise: 'bgp' } } },
];
const SELECT_ALL = { matchExpressions: [{ key: 'somekey', operator: 'NotIn' as const, values: ['never-used-value'] }] };

function nodeConfig(extra: Record<string, unknown> = {}): NodeConfigObject {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumBGPNodeConfig',
    metadata: { name: 'n1', ownerReferences: [] },
    spec: { bgpInstances: [{ name: 'i', localASN: 65500, routerID: '10.0.0.1', peers: [ebgp], ...extra }] },
  };
}

function run(
  c: {
    adverts?: CiliumBgpAdvertisement[];
    services?: K8sService[];
    options?: Partial<AgentOptions>;
    annotations?: Record<string, string>;
    nodeConfig?: NodeConfigObject;
  } = {},
): NodeDesiredState {
  const n = node('n1', { addresses: ['2001:db8::11'], podCIDRs: ['2001:db8:c200::/64'] });
  return desiredNodeState(
    {
      node: nodeViewFromNode({ ...n, metadata: { ...n.metadata, annotations: c.annotations ?? {} } }),
      nodeConfig: c.nodeConfig ?? nodeConfig(),
      peerConfigs: [peerConfig('pc', { families: FAMILIES })],
      advertisements: c.adverts ?? [],
      services: c.services ?? [],
      endpointSlices: [],
      secrets: [],
    },
    { ...defaultAgentOptions, ...c.options },
  );
}

const adv = (entries: CiliumBgpAdvertisementEntry[]) => advertisement('a', { advertise: 'bgp' }, entries);
const routes = (s: NodeDesiredState, afi: string) =>
  s.instances[0]!.peers[0]!.advertised.find((f) => f.family.afi === afi)?.paths.map((p) => p.prefix) ?? [];

describe('§4.2 Interface advertisements', () => {
  const lo = adv([
    {
      advertisementType: 'Interface',
      interface: { name: 'lo-bgp' },
      attributes: { communities: { standard: ['65000:7'] } },
    },
  ]);

  it('every usable address of the interface, as a host route of its family, deduplicated', () => {
    const s = run({
      adverts: [lo],
      options: {
        interfaces: {
          'lo-bgp': [
            '2001:db8:aaaa::1',
            '2001:db8:aaaa:0::1',
            'fe80::1%lo-bgp',
            '::ffff:192.0.2.1',
            '192.0.2.7',
            '169.254.0.5',
            '127.0.0.1',
            '::1',
          ],
        },
      },
    });
    expect(routes(s, 'ipv6')).toEqual(['2001:db8:aaaa::1/128']);
    expect(routes(s, 'ipv4').sort()).toEqual(['169.254.0.5/32', '192.0.2.7/32']);
    const path = s.instances[0]!.peers[0]!.advertised[0]!.paths[0]!;
    expect([path.communities, path.reasons[0]?.type, path.reasons[0]?.interface]).toEqual([
      ['65000:7'],
      'Interface',
      'lo-bgp',
    ]);
  });

  it('an interface that does not exist is a reconcile error (previous advertisements kept)', () => {
    const s = run({ adverts: [lo], options: { interfaces: { eth0: ['2001:db8::11'] } } });
    expect(s.instances[0]!.reconcileErrors.join('\n')).toContain('interface "lo-bgp" not found');
  });
});

describe('§4.2 CiliumPodIPPool advertisements', () => {
  it('need multi-pool IPAM: nothing is announced, one warning per advertisement entry', () => {
    const s = run({ adverts: [adv([{ advertisementType: 'CiliumPodIPPool', selector: SELECT_ALL }])] });
    expect([routes(s, 'ipv6'), routes(s, 'ipv4')]).toEqual([[], []]);
    expect(s.problems.map((p) => p.code)).toEqual(['W_CILIUM_POD_IP_POOL']);
  });
});

describe('§3.1 / §3.2: the v2 agent does not read the bgp-virtual-router annotation', () => {
  it('router-id and local-port in the annotation change nothing', () => {
    const plain = run({
      options: { ciliumHostMac: 'aa:bb:0a:01:02:03' },
      nodeConfig: nodeConfig({ routerID: undefined }),
    });
    const annotated = run({
      options: { ciliumHostMac: 'aa:bb:0a:01:02:03' },
      nodeConfig: nodeConfig({ routerID: undefined }),
      annotations: { 'cilium.io/bgp-virtual-router.65500': 'router-id=192.0.2.1,local-port=1179' },
    });
    expect(annotated.instances[0]!.routerId).toBe('10.1.2.3');
    expect(annotated.instances[0]!.localPort).toBeUndefined();
    expect(annotated).toEqual(plain);
  });
});

describe('§5.5: the BGP reconcilers read no Service annotations', () => {
  it('service.cilium.io/* and other annotations do not change what is announced', () => {
    const svc = (annotations: Record<string, string>) =>
      service(
        'web',
        { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster' },
        { annotations },
        lbStatus('2001:db8:c401::5'),
      );
    const adverts = [
      adv([{ advertisementType: 'Service', service: { addresses: ['LoadBalancerIP'] }, selector: SELECT_ALL }]),
    ];
    const plain = run({ adverts, services: [svc({})] });
    const annotated = run({
      adverts,
      services: [
        svc({
          'service.cilium.io/global': 'true',
          'service.cilium.io/affinity': 'local',
          'service.cilium.io/lb-l7': 'enabled',
          'io.cilium/bgp-no-advertise': 'true',
        }),
      ],
    });
    expect(routes(plain, 'ipv6')).toEqual(['2001:db8:c401::5/128']);
    expect(annotated).toEqual(plain);
  });
});

describe('§8.1: an instance without localPort does not listen', () => {
  it.each([
    [undefined, undefined],
    [1179, 1179],
  ])('localPort %s → listener %s', (localPort, expected) => {
    const s = run({ nodeConfig: nodeConfig(localPort === undefined ? {} : { localPort }) });
    expect(s.instances[0]!.localPort).toBe(expected);
  });
});

describe('§8.3 next hop, gotcha 10', () => {
  it.each([
    ['2001:db8::1', 'ipv6', 'self'],
    ['192.0.2.1', 'ipv4', 'self'],
    ['192.0.2.1', 'ipv6', 'self (::ffff:IPv4)'],
    ['2001:db8::1', 'ipv4', 'self (IPv6)'],
  ])('session %s, %s prefix: %s', (peer, afi, short) => {
    expect(nextHopRule(peer, afi).short).toBe(short);
  });
});
