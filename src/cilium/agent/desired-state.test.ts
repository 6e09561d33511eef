import { describe, expect, it } from 'vitest';
import type { CiliumBgpAdvertisement, CiliumBgpPeerConfig } from '../../k8s/kinds.js';
import type { K8sEndpointSlice, K8sSecret, K8sService } from '../../k8s/objects-core.js';
import type { CiliumBgpAdvertisementEntry, CiliumBgpPeerConfigSpec } from '../../k8s/objects.js';
import { nodeViewFromNode } from '../node-view.js';
import type { NodeConfigInstance, NodeConfigObject, NodeConfigPeer } from '../operator/types.js';
import {
  advertisement,
  endpointSlice,
  lbStatus,
  node,
  peerConfig,
  secret,
  service,
} from '../testing/objects.test-helper.js';
import { type AgentInput, desiredNodeState } from './desired-state.js';
import { sessionTtl } from './peer-config.js';
import { type AgentOptions, defaultAgentOptions, type DesiredPeer, type NodeDesiredState } from './types.js';

const LOCAL_ASN = 65500;
const N1 = nodeViewFromNode(
  node('n1', { addresses: ['2001:db8::11'], podCIDRs: ['2001:db8:c200::/64', '10.1.0.0/24'] }),
);

const ALL: CiliumBgpPeerConfigSpec['families'] = [
  { afi: 'ipv6', safi: 'unicast', advertisements: { matchLabels: { advertise: 'bgp' } } },
  { afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { advertise: 'bgp' } } },
];
const SELECT_ALL = { matchExpressions: [{ key: 'somekey', operator: 'NotIn' as const, values: ['never-used-value'] }] };

function nodeConfig(peers: NodeConfigPeer[], extra: Partial<NodeConfigInstance> = {}): NodeConfigObject {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumBGPNodeConfig',
    metadata: { name: 'n1', ownerReferences: [] },
    spec: { bgpInstances: [{ name: 'i', localASN: LOCAL_ASN, routerID: '10.0.0.1', peers, ...extra }] },
  };
}

const ebgp: NodeConfigPeer = { name: 'r01', peerAddress: '2001:db8::1', peerASN: 65666, peerConfigRef: { name: 'pc' } };
const ibgp: NodeConfigPeer = {
  name: 'rr',
  peerAddress: '2001:db8::2',
  peerASN: LOCAL_ASN,
  peerConfigRef: { name: 'pc' },
};

interface Case {
  peers?: NodeConfigPeer[];
  peerConfigs?: CiliumBgpPeerConfig[];
  adverts?: CiliumBgpAdvertisement[];
  services?: K8sService[];
  slices?: K8sEndpointSlice[];
  secrets?: K8sSecret[];
  options?: Partial<AgentOptions>;
}

function run(c: Case): NodeDesiredState {
  const input: AgentInput = {
    node: N1,
    nodeConfig: nodeConfig(c.peers ?? [ebgp]),
    peerConfigs: c.peerConfigs ?? [peerConfig('pc', { families: ALL })],
    advertisements: c.adverts ?? [],
    services: c.services ?? [],
    endpointSlices: c.slices ?? [],
    secrets: c.secrets ?? [],
  };
  return desiredNodeState(input, { ...defaultAgentOptions, ...c.options });
}

const adv = (name: string, entries: CiliumBgpAdvertisementEntry[], labels = { advertise: 'bgp' }) =>
  advertisement(name, labels, entries);
const peerOf = (s: NodeDesiredState, name = 'r01'): DesiredPeer => s.instances[0]!.peers.find((p) => p.name === name)!;
/** prefix → communities/large/localPref of one peer's family. */
const paths = (s: NodeDesiredState, afi = 'ipv6', name = 'r01') =>
  Object.fromEntries(
    (peerOf(s, name).advertised.find((f) => f.family.afi === afi)?.paths ?? []).map((p) => [
      p.prefix,
      [p.communities.join(' '), p.largeCommunities.join(' '), p.localPref ?? null],
    ]),
  );
const prefixes = (s: NodeDesiredState, afi = 'ipv6', name = 'r01') => Object.keys(paths(s, afi, name)).sort();

const POD = adv('pod', [
  { advertisementType: 'PodCIDR', attributes: { communities: { standard: ['65000:99'] }, localPreference: 99 } },
]);
const web = (spec: Partial<K8sService['spec']> = {}, meta = {}, status?: K8sService['status']) =>
  service(
    'web',
    { type: 'LoadBalancer', clusterIP: '2001:db8:c100::10', clusterIPs: ['2001:db8:c100::10'], ...spec },
    { labels: { app: 'web' }, ...meta },
    status,
  );
const svcAdvert = (
  addresses: ('LoadBalancerIP' | 'ClusterIP' | 'ExternalIP')[],
  extra: Partial<CiliumBgpAdvertisementEntry> = {},
) => adv('svc', [{ advertisementType: 'Service', service: { addresses }, selector: SELECT_ALL, ...extra }]);

describe('§4.1 from peer to advertisements, gotcha 1', () => {
  it('a peer without peerConfigRef: session with default settings, no routes', () => {
    const s = run({ peers: [{ name: 'p', peerAddress: '2001:db8::9', peerASN: 65001 }], adverts: [POD] });
    expect(peerOf(s, 'p')).toMatchObject({
      port: 179,
      connectRetrySec: 120,
      holdTimeSec: 90,
      keepaliveTimeSec: 30,
      ttl: 1,
      passwordSet: false,
      families: [
        { afi: 'ipv6', safi: 'unicast' },
        { afi: 'ipv4', safi: 'unicast' },
      ],
      advertised: [],
    });
    expect(peerOf(s, 'p').gracefulRestart).toBeUndefined();
  });

  it('a peerConfigRef naming a missing PeerConfig: the peer is not configured at all', () => {
    const s = run({ peers: [{ ...ebgp, peerConfigRef: { name: 'nope' } }] });
    expect(s.instances[0]!.peers).toEqual([]);
    expect(s.problems.map((p) => p.code)).toEqual(['W_CILIUM_PEER_CONFIG_MISSING']);
  });

  it('empty families: ipv6+ipv4 unicast negotiated, nothing advertised', () => {
    const s = run({ peerConfigs: [peerConfig('pc', {})], adverts: [POD] });
    expect(peerOf(s).families.map((f) => f.afi)).toEqual(['ipv6', 'ipv4']);
    expect(peerOf(s).advertised).toEqual([]);
  });

  it.each([
    ['omitted families[].advertisements selects nothing', undefined, []],
    ['{} selects every advertisement', {}, ['2001:db8:c200::/64']],
    [
      'matchLabels selects by the labels of CiliumBGPAdvertisement objects (not names)',
      { matchLabels: { advertise: 'bgp' } },
      ['2001:db8:c200::/64'],
    ],
    ['non-matching labels select nothing', { matchLabels: { advertise: 'other' } }, []],
  ] as const)('%s', (_, selector, expected) => {
    const s = run({
      peerConfigs: [
        peerConfig('pc', {
          families: [{ afi: 'ipv6', safi: 'unicast', ...(selector ? { advertisements: selector } : {}) }],
        }),
      ],
      adverts: [POD],
    });
    expect(prefixes(s)).toEqual(expected);
  });

  it('IPv4 prefixes go only into ipv4 families, IPv6 into ipv6', () => {
    const s = run({ adverts: [POD] });
    expect([prefixes(s, 'ipv6'), prefixes(s, 'ipv4')]).toEqual([['2001:db8:c200::/64'], ['10.1.0.0/24']]);
  });

  it('unsupported families are reported and carry nothing', () => {
    const s = run({
      peerConfigs: [peerConfig('pc', { families: [{ afi: 'l2vpn', safi: 'evpn', advertisements: {} }] })],
      adverts: [POD],
    });
    expect(peerOf(s).advertised).toEqual([]);
    expect(s.problems.map((p) => p.code)).toEqual(['W_CILIUM_FAMILY']);
  });
});

describe('§4.2 / §6 PodCIDR advertisements', () => {
  it('the node PodCIDRs with the advertisement attributes (local-pref dropped towards eBGP)', () => {
    const s = run({ adverts: [POD] });
    const path = peerOf(s).advertised[0]!.paths[0]!;
    expect(path).toMatchObject({
      prefix: '2001:db8:c200::/64',
      communities: ['65000:99'],
      origin: 'igp',
      localPrefNotSent: 99,
    });
    expect(path.localPref).toBeUndefined();
    expect(path.reasons).toEqual([{ advertisement: 'pod', entry: 0, type: 'PodCIDR', podCidr: '2001:db8:c200::/64' }]);
  });

  it.each([
    ['kubernetes', 1],
    ['cluster-pool', 1],
    ['multi-pool', 0],
    ['eni', 0],
  ] as const)('IPAM mode %s', (ipamMode, count) => {
    expect(prefixes(run({ adverts: [POD], options: { ipamMode } })).length).toBe(count);
  });

  it('gotcha 6: overlapping PodCIDR advertisements are not merged: the last one wins', () => {
    const s = run({
      adverts: [
        POD,
        adv('pod2', [
          { advertisementType: 'PodCIDR', attributes: { communities: { standard: ['65000:2'], large: ['1:2:3'] } } },
        ]),
      ],
    });
    expect(paths(s)).toEqual({ '2001:db8:c200::/64': ['65000:2', '1:2:3', null] });
  });

  it('a PodCIDR that does not parse fails the reconcile of the instance', () => {
    const s = desiredNodeState(
      {
        node: { ...N1, podCIDRs: ['bogus'] },
        nodeConfig: nodeConfig([ebgp]),
        peerConfigs: [peerConfig('pc', { families: ALL })],
        advertisements: [POD],
        services: [],
        endpointSlices: [],
        secrets: [],
      },
      defaultAgentOptions,
    );
    expect(s.instances[0]!.reconcileErrors.length).toBeGreaterThan(0);
  });
});

describe('§4.3 Service selectors', () => {
  it.each([
    ['an omitted selector advertises no Service (issue #33076)', undefined, []],
    ['NotIn with a dummy key selects every Service', SELECT_ALL, ['2001:db8:c100::10/128']],
    ['{} selects every Service', {}, ['2001:db8:c100::10/128']],
    ['matchLabels on the Service labels', { matchLabels: { app: 'web' } }, ['2001:db8:c100::10/128']],
    [
      'the implicit io.kubernetes.service.namespace label',
      { matchLabels: { 'io.kubernetes.service.namespace': 'default' } },
      ['2001:db8:c100::10/128'],
    ],
    [
      'the implicit io.kubernetes.service.name label, other name',
      { matchLabels: { 'io.kubernetes.service.name': 'api' } },
      [],
    ],
  ] as const)('%s', (_, selector, expected) => {
    const s = run({
      adverts: [
        adv('svc', [
          { advertisementType: 'Service', service: { addresses: ['ClusterIP'] }, ...(selector ? { selector } : {}) },
        ]),
      ],
      services: [web()],
    });
    expect(prefixes(s)).toEqual(expected);
  });

  it('a selector that does not convert (NotIn without values) is a reconcile error', () => {
    const s = run({
      adverts: [
        adv('svc', [
          {
            advertisementType: 'Service',
            service: { addresses: ['ClusterIP'] },
            selector: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] },
          },
        ]),
      ],
      services: [web()],
    });
    expect(s.instances[0]!.reconcileErrors).toEqual([
      'advertisement svc[0]: selector requirement on "a" with operator NotIn has no values',
    ]);
  });
});

describe('§4.4 overlapping Service advertisements, gotcha 6', () => {
  const two = [
    adv('a', [
      {
        advertisementType: 'Service',
        service: { addresses: ['ClusterIP'] },
        selector: SELECT_ALL,
        attributes: { communities: { standard: ['65000:2', '65000:1'], large: ['9:9:9'] }, localPreference: 100 },
      },
    ]),
    adv('b', [
      {
        advertisementType: 'Service',
        service: { addresses: ['ClusterIP'] },
        selector: SELECT_ALL,
        attributes: {
          communities: { standard: ['65000:1', '65000:3'], wellKnown: ['no-export'] },
          localPreference: 200,
        },
      },
    ]),
  ];
  it('1.18+: communities unioned and sorted, local-pref the maximum (towards iBGP)', () => {
    const s = run({ peers: [ibgp], adverts: two, services: [web()] });
    expect(paths(s, 'ipv6', 'rr')).toEqual({
      '2001:db8:c100::10/128': ['65000:1 65000:2 65000:3 no-export', '9:9:9', 200],
    });
    expect(peerOf(s, 'rr').advertised[0]!.paths[0]!.reasons.map((r) => r.advertisement)).toEqual(['a', 'b']);
  });

  it('≤1.17 (advertisementMerge: last-wins): the last matching advertisement wins', () => {
    const s = run({ peers: [ibgp], adverts: two, services: [web()], options: { advertisementMerge: 'last-wins' } });
    expect(paths(s, 'ipv6', 'rr')).toEqual({ '2001:db8:c100::10/128': ['65000:1 65000:3 no-export', '', 200] });
  });

  it('within one advertisement: standard and well-known deduplicated by value (first text kept), large by text', () => {
    const s = run({
      peers: [ibgp],
      adverts: [
        adv('a', [
          {
            advertisementType: 'Service',
            service: { addresses: ['ClusterIP'] },
            selector: SELECT_ALL,
            attributes: {
              communities: {
                standard: ['65535:65281', '65000:1'],
                wellKnown: ['no-export', 'blackhole'],
                large: ['1:1:1', '1:1:1'],
              },
            },
          },
        ]),
      ],
      services: [web()],
    });
    expect(paths(s, 'ipv6', 'rr')).toEqual({
      '2001:db8:c100::10/128': ['65535:65281 65000:1 blackhole', '1:1:1', null],
    });
  });
});

describe('§4.5 local-pref only towards iBGP, gotcha 5', () => {
  it.each([
    ['eBGP peer: not sent', ebgp, 'r01', undefined, 99],
    ['iBGP peer: sent', ibgp, 'rr', 99, undefined],
  ] as const)('%s', (_, peer, name, sent, notSent) => {
    const p = peerOf(run({ peers: [peer], adverts: [POD] }), name).advertised[0]!.paths[0]!;
    expect([p.localPref, p.localPrefNotSent]).toEqual([sent, notSent]);
  });
});

describe('§5.1 which Service addresses', () => {
  it.each([
    [
      'LoadBalancerIP: status ingress IPs',
      web({}, {}, lbStatus('2001:db8:c401::1', '10.0.0.1')),
      ['LoadBalancerIP'],
      ['2001:db8:c401::1/128'],
    ],
    [
      'LoadBalancerIP: hostname-only ingress is ignored',
      web({}, {}, { loadBalancer: { ingress: [{ hostname: 'x' }] } }),
      ['LoadBalancerIP'],
      [],
    ],
    ['LoadBalancerIP: no ingress, nothing', web(), ['LoadBalancerIP'], []],
    [
      'gotcha 8: another LoadBalancerClass is not advertised',
      web({ loadBalancerClass: 'metallb' }, {}, lbStatus('2001:db8:c401::1')),
      ['LoadBalancerIP'],
      [],
    ],
    [
      'the BGP LoadBalancerClass is advertised',
      web({ loadBalancerClass: 'io.cilium/bgp-control-plane' }, {}, lbStatus('2001:db8:c401::1')),
      ['LoadBalancerIP'],
      ['2001:db8:c401::1/128'],
    ],
    [
      'ClusterIP: clusterIP and clusterIPs deduplicated',
      web({ clusterIPs: ['2001:db8:c100::10', '2001:db8:c100::11'] }),
      ['ClusterIP'],
      ['2001:db8:c100::10/128', '2001:db8:c100::11/128'],
    ],
    ['ClusterIP: headless (None) is skipped', web({ clusterIP: 'None', clusterIPs: ['None'] }), ['ClusterIP'], []],
    [
      'ExternalIP: every valid entry, any Service type',
      web({ type: 'ClusterIP', externalIPs: ['2001:db8:e::1', 'bogus'] }),
      ['ExternalIP'],
      ['2001:db8:e::1/128'],
    ],
  ] as const)('%s', (_, svc, addresses, expected) => {
    expect(prefixes(run({ adverts: [svcAdvert([...addresses])], services: [svc] }))).toEqual(expected);
  });

  it('the dry-run notes say why an address is not announced', () => {
    const s = run({
      adverts: [svcAdvert(['LoadBalancerIP'])],
      services: [
        web({ loadBalancerClass: 'metallb' }, {}, lbStatus('2001:db8:c401::1')),
        service('other', { type: 'ClusterIP' }, { namespace: 'x' }),
      ],
    });
    expect(s.serviceNotes.map((n) => [n.service, n.reason])).toEqual([
      ['default/web', 'loadBalancerClass metallb is not io.cilium/bgp-control-plane'],
      ['x/other', 'no LoadBalancer ingress IP'],
    ]);
    expect(run({ adverts: [], services: [web()] }).serviceNotes.map((n) => n.reason)).toEqual([
      'no Service advertisement of this node selects it',
    ]);
  });
});

describe('§5.2 traffic policy Local, gotcha 7', () => {
  const ready = (nodeName: string, extra = {}) => ({
    addresses: ['2001:db8:c200::5'],
    nodeName,
    conditions: { ready: true, ...extra },
  });
  it.each([
    [
      'eTP=Local with a local ready endpoint: announced',
      { externalTrafficPolicy: 'Local' as const },
      [ready('n1')],
      ['LoadBalancerIP'],
      1,
    ],
    [
      'eTP=Local with the endpoint on another node: not announced',
      { externalTrafficPolicy: 'Local' as const },
      [ready('n2')],
      ['LoadBalancerIP'],
      0,
    ],
    [
      'eTP=Local: a not-ready local endpoint does not count',
      { externalTrafficPolicy: 'Local' as const },
      [ready('n1', { ready: false })],
      ['LoadBalancerIP'],
      0,
    ],
    [
      'eTP=Local: a terminating local endpoint does not count',
      { externalTrafficPolicy: 'Local' as const },
      [ready('n1', { terminating: true })],
      ['LoadBalancerIP'],
      0,
    ],
    [
      'eTP=Local: ready unset means ready',
      { externalTrafficPolicy: 'Local' as const },
      [{ addresses: ['x'], nodeName: 'n1' }],
      ['LoadBalancerIP'],
      1,
    ],
    ['eTP=Local does not affect ClusterIP', { externalTrafficPolicy: 'Local' as const }, [], ['ClusterIP'], 1],
    ['iTP=Local affects ClusterIP', { internalTrafficPolicy: 'Local' as const }, [ready('n2')], ['ClusterIP'], 0],
    [
      'iTP=Local does not affect LoadBalancerIP',
      { internalTrafficPolicy: 'Local' as const },
      [],
      ['LoadBalancerIP'],
      1,
    ],
    [
      'eTP=Cluster without endpoints: still announced (no-service-endpoints-routable default true)',
      {},
      [],
      ['LoadBalancerIP'],
      1,
    ],
  ] as const)('%s', (_, spec, endpoints, addresses, count) => {
    const s = run({
      adverts: [svcAdvert([...addresses])],
      services: [web(spec, {}, lbStatus('2001:db8:c401::1'))],
      slices: [endpointSlice('web', [...endpoints])],
    });
    expect(prefixes(s).length).toBe(count);
  });

  it('enable-no-service-endpoints-routable=false: no active backend anywhere → not announced', () => {
    const s = run({
      adverts: [svcAdvert(['LoadBalancerIP'])],
      services: [web({}, {}, lbStatus('2001:db8:c401::1'))],
      options: { noServiceEndpointsRoutable: false },
    });
    expect(prefixes(s)).toEqual([]);
  });
});

describe('§5.3 aggregation, §5.4 origin', () => {
  const agg = { aggregationLengthIPv4: 24, aggregationLengthIPv6: 64 };
  it.each([
    ['IPv6 VIP masked to aggregationLengthIPv6', {}, 'ipv6', ['2001:db8:c401::/64']],
    ['IPv4 VIP masked to aggregationLengthIPv4', {}, 'ipv4', ['10.0.10.0/24']],
    [
      'gotcha 7: aggregation is ignored with eTP=Local',
      { externalTrafficPolicy: 'Local' as const },
      'ipv6',
      ['2001:db8:c401::7/128'],
    ],
  ] as const)('%s', (_, spec, afi, expected) => {
    const s = run({
      adverts: [
        adv('svc', [
          { advertisementType: 'Service', service: { addresses: ['LoadBalancerIP'], ...agg }, selector: SELECT_ALL },
        ]),
      ],
      services: [web(spec, {}, lbStatus('2001:db8:c401::7', '10.0.10.7'))],
      slices: [endpointSlice('web', [{ addresses: ['x'], nodeName: 'n1' }])],
    });
    expect(prefixes(s, afi)).toEqual(expected);
  });

  it('--enable-bgp-legacy-origin-attribute: LoadBalancerIP paths get ORIGIN incomplete, others igp', () => {
    const s = run({
      adverts: [svcAdvert(['LoadBalancerIP', 'ClusterIP'])],
      services: [web({}, {}, lbStatus('2001:db8:c401::7'))],
      options: { legacyOriginAttribute: true },
    });
    expect(peerOf(s).advertised[0]!.paths.map((p) => [p.prefix, p.origin])).toEqual([
      ['2001:db8:c100::10/128', 'igp'],
      ['2001:db8:c401::7/128', 'incomplete'],
    ]);
  });
});

describe('§1.2 PeerConfig resolution, §8.4 TTL, gotchas 3 and 4', () => {
  it.each([
    ['eBGP, default ebgpMultihop 1: TTL 1', 65500, 65666, 1, 1],
    ['eBGP, ebgpMultihop 4: TTL 4', 65500, 65666, 4, 4],
    ['iBGP: ebgpMultihop ignored, no TTL forced', 65500, 65500, 4, undefined],
    ['peerASN 0 (any AS): no TTL forced', 65500, 0, 1, undefined],
  ] as const)('%s', (_, local, peer, multihop, ttl) => {
    expect(sessionTtl(local, peer, multihop)).toBe(ttl);
  });

  it('timers, GR (restart time default 120), port from the PeerConfig', () => {
    const s = run({
      peerConfigs: [
        peerConfig('pc', {
          timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3, connectRetryTimeSeconds: 5 },
          gracefulRestart: { enabled: true },
          transport: { peerPort: 1179 },
          ebgpMultihop: 4,
        }),
      ],
    });
    expect(peerOf(s)).toMatchObject({
      holdTimeSec: 9,
      keepaliveTimeSec: 3,
      connectRetrySec: 5,
      gracefulRestart: { restartTimeSec: 120 },
      port: 1179,
      ttl: 4,
    });
  });

  const withSecret = (secrets: K8sSecret[], options: Partial<AgentOptions> = {}) =>
    run({ peerConfigs: [peerConfig('pc', { authSecretRef: 'bgp' })], secrets, options });

  it.each([
    ['data.password (base64)', [secret('bgp', 's3cret')], {}, 's3cret', []],
    ['stringData.password', [{ ...secret('bgp', undefined), stringData: { password: 'plain' } }], {}, 'plain', []],
    ['a missing Secret: empty password, a warning', [], {}, undefined, ['W_CILIUM_SECRET_MISSING']],
  ] as const)('password from %s', (_, secrets, options, password, codes) => {
    const s = withSecret([...secrets], options);
    expect(s.passwords.get('i/2001:db8::1')).toBe(password);
    expect(peerOf(s).passwordSet).toBe(password !== undefined);
    expect(s.problems.map((p) => p.code)).toEqual(codes);
  });

  it.each([
    ['the password key missing', [secret('bgp', undefined)], {}, 'failed to fetch secret "bgp": missing password key'],
    [
      'no secrets namespace configured',
      [secret('bgp', 'x')],
      { secretsNamespace: undefined },
      'SecretsNamespace not configured',
    ],
  ] as const)('%s: error, the peer is skipped', (_, secrets, options, message) => {
    const s = withSecret([...secrets], options);
    expect(s.instances[0]!.peers).toEqual([]);
    expect(s.problems.map((p) => p.message)).toEqual([`peer r01: ${message}`]);
  });

  it('the password never appears in the desired state outside the passwords map', () => {
    const s = withSecret([secret('bgp', 'TopSecret-42')]);
    expect(JSON.stringify({ ...s, passwords: undefined })).not.toContain('TopSecret-42');
  });

  it('sourceInterface: the one global address of the peer family; unknown or ambiguous: the peer is skipped', () => {
    const pcs = [peerConfig('pc', { transport: { sourceInterface: 'eth1' } })];
    const ok = run({ peerConfigs: pcs, options: { interfaces: { eth1: ['fe80::1', '2001:db8::11', '192.0.2.1'] } } });
    expect(peerOf(ok).localAddress).toBe('2001:db8::11');
    const two = run({ peerConfigs: pcs, options: { interfaces: { eth1: ['2001:db8::11', '2001:db8::12'] } } });
    expect(two.instances[0]!.peers).toEqual([]);
    const override = run({ peers: [{ ...ebgp, localAddress: '2001:db8::99' }], peerConfigs: pcs });
    expect(peerOf(override).localAddress).toBe('2001:db8::99');
  });

  it('a peer without peerAddress is skipped', () => {
    const s = run({ peers: [{ name: 'x', peerASN: 1 }] });
    expect(s.instances[0]!.peers).toEqual([]);
  });
});

describe('§3 / §1.1 instances that cannot start', () => {
  it('missing localASN, or no router ID on an IPv6-only node', () => {
    const s = desiredNodeState(
      {
        node: nodeViewFromNode(node('n1', { addresses: ['2001:db8::11'] })),
        nodeConfig: {
          ...nodeConfig([]),
          spec: {
            bgpInstances: [
              { name: 'no-asn', peers: [] },
              { name: 'no-id', localASN: 1, peers: [] },
            ],
          },
        },
        peerConfigs: [],
        advertisements: [],
        services: [],
        endpointSlices: [],
        secrets: [],
      },
      defaultAgentOptions,
    );
    expect(s.instances).toEqual([]);
    expect(s.skippedInstances.map((i) => i.name)).toEqual(['no-asn', 'no-id']);
    expect(s.skippedInstances[0]!.reason).toBe('missing ASN in desired config');
  });

  it('the IPv6-only node gets the MAC-derived router ID when the MAC is given', () => {
    const s = desiredNodeState(
      {
        node: nodeViewFromNode(node('n1', { addresses: ['2001:db8::11'] })),
        nodeConfig: { ...nodeConfig([]), spec: { bgpInstances: [{ name: 'i', localASN: 1, peers: [] }] } },
        peerConfigs: [],
        advertisements: [],
        services: [],
        endpointSlices: [],
        secrets: [],
      },
      { ...defaultAgentOptions, ciliumHostMac: '02:00:0a:ff:00:21' },
    );
    expect(s.instances[0]).toMatchObject({ routerId: '10.255.0.33', routerIdSource: 'ciliumHostMac' });
  });
});
