import { describe, expect, it } from 'vitest';
import type { CiliumBgpClusterConfigSpec } from '../../k8s/objects.js';
import { nodeViewFromNode } from '../node-view.js';
import { clusterConfig, node, override, peerConfig, secret } from '../testing/objects.test-helper.js';
import { reconcileOperator } from './reconcile-operator.js';
import { RouterIdPool } from './router-id.js';
import { defaultOperatorOptions, type OperatorInput } from './types.js';

const nodes = [
  nodeViewFromNode(node('n1', { labels: { 'kubernetes.io/os': 'linux', rack: 'a' } })),
  nodeViewFromNode(node('n2', { labels: { 'kubernetes.io/os': 'linux', rack: 'b' } })),
  nodeViewFromNode(node('w1', { labels: { 'kubernetes.io/os': 'windows' } })),
];

const spec = (extra: Partial<CiliumBgpClusterConfigSpec> = {}): CiliumBgpClusterConfigSpec => ({
  bgpInstances: [
    {
      name: 'i1',
      localASN: 65500,
      peers: [
        { name: 'r01', peerASN: 65666, peerAddress: '2001:db8::1', peerConfigRef: { name: 'pc' } },
        { name: 'r02', peerASN: 65666, peerAddress: '2001:db8::2', peerConfigRef: { name: 'pc' } },
      ],
    },
  ],
  ...extra,
});

const input = (extra: Partial<OperatorInput> = {}): OperatorInput => ({
  clusterConfigs: [clusterConfig('cc', spec())],
  nodes,
  overrides: [],
  peerConfigs: [peerConfig('pc')],
  secrets: [],
  ...extra,
});

const names = (r: ReturnType<typeof reconcileOperator>) => r.nodeConfigs.map((n) => n.metadata.name);

describe('§2 ClusterConfig × nodes → CiliumBGPNodeConfig', () => {
  it.each([
    ['nil nodeSelector selects every node', undefined, ['n1', 'n2', 'w1']],
    ['matchLabels', { matchLabels: { 'kubernetes.io/os': 'linux' } }, ['n1', 'n2']],
    ['empty selector {} selects every node', {}, ['n1', 'n2', 'w1']],
    ['matchExpressions In', { matchExpressions: [{ key: 'rack', operator: 'In' as const, values: ['b'] }] }, ['n2']],
    [
      'NotIn with a dummy key selects all (gotcha 2)',
      { matchExpressions: [{ key: 'x', operator: 'NotIn' as const, values: ['never'] }] },
      ['n1', 'n2', 'w1'],
    ],
    ['no match', { matchLabels: { rack: 'z' } }, []],
  ])('%s', (_, nodeSelector, expected) => {
    const r = reconcileOperator(
      input({ clusterConfigs: [clusterConfig('cc', spec(nodeSelector ? { nodeSelector } : {}))] }),
    );
    expect(names(r)).toEqual(expected);
    expect(r.created).toEqual(expected);
  });

  it('the NodeConfig is named after the node, owned by the ClusterConfig, instances and peers in order', () => {
    const r = reconcileOperator(input());
    expect(r.nodeConfigs[0]).toEqual({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumBGPNodeConfig',
      metadata: {
        name: 'n1',
        ownerReferences: [
          { apiVersion: 'cilium.io/v2', kind: 'CiliumBGPClusterConfig', name: 'cc', uid: 'uid-cc', controller: true },
        ],
      },
      spec: {
        bgpInstances: [
          {
            name: 'i1',
            localASN: 65500,
            peers: [
              { name: 'r01', peerAddress: '2001:db8::1', peerASN: 65666, peerConfigRef: { name: 'pc' } },
              { name: 'r02', peerAddress: '2001:db8::2', peerASN: 65666, peerConfigRef: { name: 'pc' } },
            ],
          },
        ],
      },
    });
  });

  it('NodeConfigOverride: routerID, localASN, localPort per instance; only localAddress per peer', () => {
    const r = reconcileOperator(
      input({
        overrides: [
          override('n1', {
            bgpInstances: [
              {
                name: 'i1',
                routerID: '10.255.0.1',
                localASN: 65501,
                localPort: 1179,
                peers: [{ name: 'r02', localAddress: '2001:db8::11', localPort: 5000 }],
              },
              { name: 'unknown-instance', routerID: '10.0.0.9' },
            ],
          }),
        ],
      }),
    );
    const inst = r.nodeConfigs.find((n) => n.metadata.name === 'n1')!.spec.bgpInstances[0]!;
    expect(inst).toMatchObject({ name: 'i1', localASN: 65501, localPort: 1179, routerID: '10.255.0.1' });
    expect(inst.peers.map((p) => p.localAddress)).toEqual([undefined, '2001:db8::11']);
    expect(JSON.stringify(inst)).not.toContain('5000');
    expect(r.nodeConfigs.find((n) => n.metadata.name === 'n2')!.spec.bgpInstances[0]!.routerID).toBeUndefined();
  });

  it('an unusable override routerID skips the node this round (no NodeConfig change)', () => {
    const r = reconcileOperator(
      input({ overrides: [override('n1', { bgpInstances: [{ name: 'i1', routerID: 'not-an-ip' }] })] }),
    );
    expect(names(r)).toEqual(['n2', 'w1']);
    expect(r.problems.map((p) => [p.code, p.key])).toEqual([['E_CILIUM_ROUTER_ID', 'n1/i1']]);
  });

  it('two ClusterConfigs selecting one node: the first owner keeps it, the second reports ConflictingClusterConfig', () => {
    const r = reconcileOperator(
      input({
        clusterConfigs: [
          clusterConfig('first', spec({ nodeSelector: { matchLabels: { rack: 'a' } } })),
          clusterConfig('second', spec({ nodeSelector: { matchLabels: { 'kubernetes.io/os': 'linux' } } })),
        ],
      }),
    );
    expect(r.nodeConfigs.map((n) => [n.metadata.name, n.metadata.ownerReferences[0]?.name])).toEqual([
      ['n1', 'first'],
      ['n2', 'second'],
    ]);
    const cond = r.clusterConfigConditions.get('second')!.find((c) => c.type === 'cilium.io/ConflictingClusterConfig');
    expect(cond).toEqual({
      type: 'cilium.io/ConflictingClusterConfig',
      status: 'True',
      reason: 'ConflictingClusterConfigs',
      message: 'Selecting the same node(s) with ClusterConfig(s): [first]',
    });
    expect(
      r.clusterConfigConditions.get('first')!.find((c) => c.type === 'cilium.io/ConflictingClusterConfig')?.status,
    ).toBe('False');
  });

  it('reconcile twice plans nothing; a node that stops matching loses its NodeConfig', () => {
    const first = reconcileOperator(input());
    const second = reconcileOperator(input({ existingNodeConfigs: first.nodeConfigs }));
    expect([second.created, second.updated, second.deleted]).toEqual([[], [], []]);
    expect(second.nodeConfigs).toEqual(first.nodeConfigs);
    const narrowed = reconcileOperator(
      input({
        clusterConfigs: [clusterConfig('cc', spec({ nodeSelector: { matchLabels: { rack: 'a' } } }))],
        existingNodeConfigs: first.nodeConfigs,
      }),
    );
    expect(narrowed.deleted).toEqual(['n2', 'w1']);
    expect(names(narrowed)).toEqual(['n1']);
  });

  it('a changed spec updates; a deleted ClusterConfig garbage-collects its NodeConfigs', () => {
    const first = reconcileOperator(input());
    const changed = reconcileOperator(
      input({
        clusterConfigs: [clusterConfig('cc', spec({ bgpInstances: [{ name: 'i1', localASN: 65501 }] }))],
        existingNodeConfigs: first.nodeConfigs,
      }),
    );
    expect(changed.updated).toEqual(['n1', 'n2', 'w1']);
    const gone = reconcileOperator(input({ clusterConfigs: [], existingNodeConfigs: first.nodeConfigs }));
    expect(gone.nodeConfigs).toEqual([]);
  });

  it('a selector with NotIn and no values fails that ClusterConfig (issue #23280)', () => {
    const r = reconcileOperator(
      input({
        clusterConfigs: [
          clusterConfig(
            'cc',
            spec({ nodeSelector: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] } }),
          ),
        ],
      }),
    );
    expect(r.nodeConfigs).toEqual([]);
    expect(r.problems.map((p) => p.code)).toEqual(['E_CILIUM_SELECTOR_VALUES']);
    expect(r.clusterConfigConditions.has('cc')).toBe(false);
  });
});

describe('§1.1 ClusterConfig status conditions, §1.2 MissingAuthSecret', () => {
  it('all False (sorted by type) when everything is fine', () => {
    const r = reconcileOperator(input({ clusterConfigs: [clusterConfig('cc', spec(), { generation: 4 })] }));
    expect(r.clusterConfigConditions.get('cc')).toEqual([
      {
        type: 'cilium.io/ConflictingClusterConfig',
        status: 'False',
        reason: 'ConflictingClusterConfigs',
        message: '',
        observedGeneration: 4,
      },
      {
        type: 'cilium.io/MissingPeerConfigs',
        status: 'False',
        reason: 'MissingPeerConfigs',
        message: '',
        observedGeneration: 4,
      },
      {
        type: 'cilium.io/NoMatchingNode',
        status: 'False',
        reason: 'NoMatchingNode',
        message: 'No node matches spec.nodeSelector',
        observedGeneration: 4,
      },
    ]);
  });

  it('NoMatchingNode and MissingPeerConfigs (sorted, deduplicated)', () => {
    const cc = clusterConfig('cc', {
      nodeSelector: { matchLabels: { none: 'x' } },
      bgpInstances: [
        {
          name: 'a',
          peers: [
            { name: 'p', peerConfigRef: { name: 'zeta' } },
            { name: 'q', peerConfigRef: { name: 'alpha' } },
            { name: 'r' },
          ],
        },
        {
          name: 'b',
          peers: [
            { name: 'p', peerConfigRef: { name: 'zeta' } },
            { name: 'q', peerConfigRef: { name: 'pc' } },
          ],
        },
      ],
    });
    const conds = reconcileOperator(input({ clusterConfigs: [cc] })).clusterConfigConditions.get('cc')!;
    expect(conds.find((c) => c.type === 'cilium.io/NoMatchingNode')?.status).toBe('True');
    expect(conds.find((c) => c.type === 'cilium.io/MissingPeerConfigs')).toMatchObject({
      status: 'True',
      message: 'Referenced CiliumBGPPeerConfig(s) are missing: [alpha zeta]',
    });
  });

  it.each([
    ['no authSecretRef: False', undefined, [], 'False', ''],
    ['the Secret exists in the secrets namespace: False', 'bgp', [secret('bgp', 'x')], 'False', ''],
    [
      'the Secret is in another namespace: True',
      'bgp',
      [secret('bgp', 'x', 'default')],
      'True',
      'Referenced Auth Secret "bgp" is missing',
    ],
    ['absent: True', 'bgp', [], 'True', 'Referenced Auth Secret "bgp" is missing'],
  ] as const)('%s', (_, ref, secrets, status, message) => {
    const r = reconcileOperator(
      input({ peerConfigs: [peerConfig('pc', ref ? { authSecretRef: ref } : {})], secrets: [...secrets] }),
    );
    expect(r.peerConfigConditions.get('pc')).toEqual([
      { type: 'cilium.io/MissingAuthSecret', status, reason: 'MissingAuthSecret', message },
    ]);
  });

  it('status reporting off, or no secrets namespace: no conditions', () => {
    const off = reconcileOperator(input({ peerConfigs: [peerConfig('pc', { authSecretRef: 'x' })] }), {
      ...defaultOperatorOptions,
      statusReport: false,
    });
    expect(off.clusterConfigConditions.get('cc')).toEqual([]);
    expect(off.peerConfigConditions.get('pc')).toEqual([]);
    const noNs = reconcileOperator(input({ peerConfigs: [peerConfig('pc', { authSecretRef: 'x' })] }), {
      ...defaultOperatorOptions,
      secretsNamespace: undefined,
    });
    expect(noNs.peerConfigConditions.get('pc')).toEqual([]);
  });
});

describe('§3.3 router IDs in ip-pool mode', () => {
  const ipPool = { ...defaultOperatorOptions, routerIdAllocation: { mode: 'ip-pool' as const, pool: '10.0.0.0/30' } };

  it('one ID per <node>/<instance>, lowest first, network address included', () => {
    const r = reconcileOperator(input(), ipPool);
    expect(r.nodeConfigs.map((n) => n.spec.bgpInstances[0]?.routerID)).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.2']);
  });

  it('override outside the pool is used as-is and frees the pool ID; inside and free moves; inside and taken is an error', () => {
    const pool = new RouterIdPool('10.0.0.0/30');
    reconcileOperator(input(), ipPool, pool);
    expect(pool.get('n2/i1')).toBe('10.0.0.1');
    const r = reconcileOperator(
      input({
        overrides: [
          override('n1', { bgpInstances: [{ name: 'i1', routerID: '192.0.2.1' }] }),
          override('n2', { bgpInstances: [{ name: 'i1', routerID: '10.0.0.3' }] }),
          override('w1', { bgpInstances: [{ name: 'i1', routerID: '10.0.0.3' }] }),
        ],
      }),
      ipPool,
      pool,
    );
    expect(pool.get('n1/i1')).toBeUndefined();
    expect(pool.get('n2/i1')).toBe('10.0.0.3');
    expect(r.nodeConfigs.map((n) => [n.metadata.name, n.spec.bgpInstances[0]?.routerID])).toEqual([
      ['n1', '192.0.2.1'],
      ['n2', '10.0.0.3'],
    ]);
    expect(r.problems.map((p) => [p.key, p.message])).toEqual([
      ['w1/i1', 'router ID 10.0.0.3 is already allocated to n2/i1'],
    ]);
  });

  it('IDs are restored from existing NodeConfigs; a full pool is reported; no ClusterConfig clears all', () => {
    const first = reconcileOperator(input(), ipPool);
    const restored = reconcileOperator(input({ existingNodeConfigs: first.nodeConfigs }), ipPool);
    expect([restored.created, restored.updated]).toEqual([[], []]);
    const tiny = { ...ipPool, routerIdAllocation: { mode: 'ip-pool' as const, pool: '10.0.0.0/31' } };
    expect(reconcileOperator(input(), tiny).problems.map((p) => p.key)).toEqual(['w1/i1']);
    const pool = new RouterIdPool('10.0.0.0/30');
    reconcileOperator(input(), ipPool, pool);
    reconcileOperator(input({ clusterConfigs: [] }), ipPool, pool);
    expect(pool.keys()).toEqual([]);
  });

  it('a pool that is not an IPv4 CIDR: the operator is degraded', () => {
    const r = reconcileOperator(input(), { ...ipPool, routerIdAllocation: { mode: 'ip-pool', pool: '2001:db8::/64' } });
    expect(r.problems.map((p) => p.code)).toEqual(['E_CILIUM_ROUTER_ID_POOL']);
    expect(r.nodeConfigs).toEqual([]);
  });
});
