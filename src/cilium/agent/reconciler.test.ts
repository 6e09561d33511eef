import { describe, expect, it } from 'vitest';
import { peer, speakerConfig, World } from '../../bgp/speaker/speaker-world.test-helper.js';
import { nodeViewFromNode } from '../node-view.js';
import type { NodeConfigObject, NodeConfigPeer } from '../operator/types.js';
import { advertisement, lbStatus, node, peerConfig, secret, service } from '../testing/objects.test-helper.js';
import { type AgentInput, desiredNodeState } from './desired-state.js';
import { FakeBgpControlPort } from './port.js';
import { planReconcile, reconcileNode } from './reconciler.js';
import { SpeakerBgpControlPort } from './speaker-port.js';
import { defaultAgentOptions, type NodeDesiredState } from './types.js';

const AGENT = '2001:db8::11';
const R01 = '2001:db8::1';
const RR = '2001:db8::2';

const peers: NodeConfigPeer[] = [
  { name: 'r01', peerAddress: R01, peerASN: 65666, peerConfigRef: { name: 'pc' } },
  { name: 'rr', peerAddress: RR, peerASN: 65500, peerConfigRef: { name: 'pc' } },
];

function input(over: Partial<AgentInput> = {}, instance: Record<string, unknown> = {}): AgentInput {
  const nc: NodeConfigObject = {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumBGPNodeConfig',
    metadata: { name: 'n1', ownerReferences: [] },
    spec: { bgpInstances: [{ name: 'i', localASN: 65500, routerID: '10.0.0.11', peers, ...instance }] },
  };
  return {
    node: nodeViewFromNode(node('n1', { addresses: [AGENT], podCIDRs: ['2001:db8:c200::/64'] })),
    nodeConfig: nc,
    peerConfigs: [
      peerConfig('pc', {
        authSecretRef: 'bgp',
        timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3, connectRetryTimeSeconds: 2 },
        gracefulRestart: { enabled: true, restartTimeSeconds: 15 },
        families: [{ afi: 'ipv6', safi: 'unicast', advertisements: { matchLabels: { advertise: 'bgp' } } }],
      }),
    ],
    advertisements: [
      advertisement('pod', { advertise: 'bgp' }, [
        {
          advertisementType: 'PodCIDR',
          attributes: { communities: { standard: ['65000:99'], large: ['65000:1:2'] }, localPreference: 99 },
        },
      ]),
      advertisement('svc', { advertise: 'bgp' }, [
        { advertisementType: 'Service', service: { addresses: ['LoadBalancerIP'] }, selector: {} },
      ]),
    ],
    services: [service('web', {}, {}, lbStatus('2001:db8:c401::1'))],
    endpointSlices: [],
    secrets: [secret('bgp', 'md5-pass')],
    ...over,
  };
}

const desired = (i: AgentInput): NodeDesiredState => desiredNodeState(i, defaultAgentOptions);
const kinds = (plan: ReturnType<typeof planReconcile>) => plan.actions.map((a) => a.action);

describe('reconciler (plan against the running state, apply through the port)', () => {
  it('first reconcile creates the instance, adds peers, sets routes; the second plans nothing', async () => {
    const port = new FakeBgpControlPort();
    const first = await reconcileNode(desired(input()), port);
    expect(kinds(first)).toEqual(['createInstance', 'addPeer', 'setPeerRoutes', 'addPeer', 'setPeerRoutes']);
    expect((await reconcileNode(desired(input()), port)).actions).toEqual([]);
    const r01 = port.running().get('i')!.peers.get(R01)!;
    expect(r01.spec).toMatchObject({
      asn: 65666,
      holdTimeSec: 9,
      keepaliveTimeSec: 3,
      ttl: 1,
      password: 'md5-pass',
      families: ['ipv6-unicast'],
      gracefulRestart: { restartTimeSec: 15 },
    });
    expect(r01.routes.map((r) => [r.prefix, r.communities, r.largeCommunities, r.localPref, r.nextHop])).toEqual([
      ['2001:db8:c200::/64', ['65000:99'], ['65000:1:2'], undefined, 'self'],
      ['2001:db8:c401::1/128', [], [], undefined, 'self'],
    ]);
    expect(port.running().get('i')!.peers.get(RR)!.routes[0]!.localPref).toBe(99);
  });

  it.each([
    ['a withdrawn Service: only that peer routes change', input({ services: [] }), ['setPeerRoutes', 'setPeerRoutes']],
    [
      'hold time changed: the peers are re-added (reset)',
      input({
        peerConfigs: [
          peerConfig('pc', {
            authSecretRef: 'bgp',
            timers: { holdTimeSeconds: 30, keepAliveTimeSeconds: 10 },
            families: [{ afi: 'ipv6', safi: 'unicast', advertisements: { matchLabels: { advertise: 'bgp' } } }],
          }),
        ],
      }),
      ['removePeer', 'addPeer', 'setPeerRoutes', 'removePeer', 'addPeer', 'setPeerRoutes'],
    ],
    [
      'the password changed: re-added',
      input({ secrets: [secret('bgp', 'other')] }),
      ['removePeer', 'addPeer', 'setPeerRoutes', 'removePeer', 'addPeer', 'setPeerRoutes'],
    ],
    ['a peer removed from the NodeConfig: Cease to it', input({}, { peers: [peers[0]!] }), ['removePeer']],
    [
      'router ID changed: the instance is recreated',
      input({}, { routerID: '10.0.0.99' }),
      ['deleteInstance', 'createInstance', 'addPeer', 'setPeerRoutes', 'addPeer', 'setPeerRoutes'],
    ],
    ['no NodeConfig: the instance is removed', input({ nodeConfig: undefined }), ['deleteInstance']],
  ] as const)('%s', async (_, next, expected) => {
    const port = new FakeBgpControlPort();
    await reconcileNode(desired(input()), port);
    expect(kinds(await reconcileNode(desired(next), port))).toEqual(expected);
    expect((await reconcileNode(desired(next), port)).actions).toEqual([]);
  });

  it('a reconcile error keeps the previous advertisements (Cilium aborts that reconcile)', async () => {
    const port = new FakeBgpControlPort();
    await reconcileNode(desired(input()), port);
    const broken = input({
      services: [],
      advertisements: [
        advertisement('svc', { advertise: 'bgp' }, [
          {
            advertisementType: 'Service',
            service: { addresses: ['LoadBalancerIP'] },
            selector: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] },
          },
        ]),
      ],
    });
    expect((await reconcileNode(desired(broken), port)).actions).toEqual([]);
    expect(port.running().get('i')!.peers.get(R01)!.routes.length).toBe(2);
  });

  it('peerASN 0 (any AS) is reported: the speaker cannot accept any AS', () => {
    const plan = planReconcile(desired(input({}, { peers: [{ ...peers[0]!, peerASN: 0 }] })), new Map());
    expect(plan.problems.map((p) => p.code)).toEqual(['E_AGENT_PEER_ASN_ANY']);
    expect(kinds(plan)).toEqual(['createInstance']);
  });

  it('the port log never holds the password', async () => {
    const port = new FakeBgpControlPort();
    await reconcileNode(desired(input()), port);
    expect(JSON.stringify(port.calls)).not.toContain('md5-pass');
  });
});

describe('the speaker port on an in-memory network (§8.3 next hop, §4.5, MD5, gotcha 10)', () => {
  async function setUp(routerPassword = 'md5-pass') {
    const world = new World();
    const r01 = world.host(
      R01,
      speakerConfig(65666, '10.255.255.1', R01, {
        peers: [peer(AGENT, 65500, { passive: true, password: routerPassword, families: ['ipv6-unicast'] })],
      }),
    );
    const rr = world.host(
      RR,
      speakerConfig(65500, '10.255.255.2', RR, {
        peers: [peer(AGENT, 65500, { passive: true, password: 'md5-pass', families: ['ipv6-unicast'] })],
      }),
    );
    await Promise.all([r01.speaker.start(), rr.speaker.start()]);
    const port = new SpeakerBgpControlPort({ clock: world.clock, transport: world.network.transport(AGENT) });
    return { world, r01, rr, port };
  }

  it('announces PodCIDR and LB IP with next hop = the session local address; LOCAL_PREF only over iBGP; withdraws', async () => {
    const { world, r01, rr, port } = await setUp();
    await reconcileNode(desired(input()), port);
    await world.run(2000);
    expect(r01.speaker.session(AGENT)?.state).toBe('Established');
    const atR01 = r01.speaker.receivedRoutes(AGENT)!;
    expect(
      atR01.map((r) => [r.prefix, r.nextHop, r.asPath[0]?.asns, r.communities, r.largeCommunities, r.localPref]),
    ).toEqual([
      ['2001:db8:c200::/64', AGENT, [65500], ['65000:99'], ['65000:1:2'], undefined],
      ['2001:db8:c401::1/128', AGENT, [65500], [], [], undefined],
    ]);
    expect(rr.speaker.receivedRoutes(AGENT)!.map((r) => [r.prefix, r.localPref])).toEqual([
      ['2001:db8:c200::/64', 99],
      ['2001:db8:c401::1/128', 100],
    ]);
    // Twice: nothing to do. Then the Service goes: withdrawn at both routers.
    expect((await reconcileNode(desired(input()), port)).actions).toEqual([]);
    await reconcileNode(desired(input({ services: [] })), port);
    await world.run(500);
    expect(r01.speaker.receivedRoutes(AGENT)!.map((r) => r.prefix)).toEqual(['2001:db8:c200::/64']);
    expect(port.peers().map((p) => [p.name, p.state, p.peerAsn, p.families])).toEqual([
      ['r01', 'established', 65666, [{ afi: 'ipv6', safi: 'unicast', received: 0, advertised: 1 }]],
      ['rr', 'established', 65500, [{ afi: 'ipv6', safi: 'unicast', received: 0, advertised: 1 }]],
    ]);
    expect(port.routes('advertised', 'ipv6-unicast').map((r) => [r.peer, r.prefix, r.attributes.nextHop])).toEqual([
      [R01, '2001:db8:c200::/64', AGENT],
      [RR, '2001:db8:c200::/64', AGENT],
    ]);
    expect(port.routes('available', 'ipv6-unicast').map((r) => [r.prefix, r.attributes.nextHop])).toEqual([
      ['2001:db8:c200::/64', '::'],
    ]);
  });

  it('§8.1: a received route is counted but never accepted, so never passed on to the other router', async () => {
    const world = new World();
    const defaultRoute = {
      prefix: '::/0',
      nextHop: 'self' as const,
      communities: [],
      largeCommunities: [],
      origin: 'igp' as const,
      asPath: [],
    };
    const r01 = world.host(
      R01,
      speakerConfig(65666, '10.255.255.1', R01, {
        peers: [peer(AGENT, 65500, { passive: true, password: 'md5-pass', families: ['ipv6-unicast'] })],
        routes: [defaultRoute],
      }),
    );
    const rr = world.host(
      RR,
      speakerConfig(65500, '10.255.255.2', RR, {
        peers: [peer(AGENT, 65500, { passive: true, password: 'md5-pass', families: ['ipv6-unicast'] })],
      }),
    );
    await Promise.all([r01.speaker.start(), rr.speaker.start()]);
    const port = new SpeakerBgpControlPort({ clock: world.clock, transport: world.network.transport(AGENT) });
    await reconcileNode(desired(input()), port);
    await world.run(2000);
    expect(port.peers().map((p) => [p.name, p.families[0]?.received])).toEqual([
      ['r01', 1],
      ['rr', 0],
    ]);
    expect(rr.speaker.receivedRoutes(AGENT)!.map((r) => r.prefix)).not.toContain('::/0');
    expect(port.routes('available', 'ipv6-unicast').map((r) => r.prefix)).not.toContain('::/0');
  });

  it('a wrong MD5 password never establishes', async () => {
    const { world, r01, port } = await setUp('not-the-password');
    await reconcileNode(desired(input()), port);
    await world.run(5000);
    expect(r01.speaker.session(AGENT)?.isEstablished ?? false).toBe(false);
  });

  it('removing the NodeConfig instance sends a Cease and the routes go', async () => {
    const { world, r01, port } = await setUp();
    await reconcileNode(desired(input()), port);
    await world.run(2000);
    await reconcileNode(desired(input({ nodeConfig: undefined })), port);
    await world.run(500);
    expect(r01.events.some((e) => e.event === 'notificationReceived' && e.code === 6)).toBe(true);
    expect(r01.speaker.receivedRoutes(AGENT) ?? []).toEqual([]);
  });
});
