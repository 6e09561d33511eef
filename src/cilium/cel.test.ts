import { describe, expect, it } from 'vitest';
import type { CiliumBgpAdvertisementEntry, CiliumBgpPeerConfigSpec } from '../k8s/objects.js';
import { buildK8sInventory } from '../k8s/decode.js';
import { readK8sYaml } from '../k8s/yaml-read.js';
import { advertisementCelViolations, peerConfigCelViolations } from './cel.js';
import { celDiagnostics, clusterObjectsFromInventory } from './cluster-state.js';
import { advertisement, peerConfig } from './testing/objects.test-helper.js';

describe('§1.2 PeerConfig CEL: keepAliveTimeSeconds <= holdTimeSeconds, after CRD defaults', () => {
  it.each<[string, CiliumBgpPeerConfigSpec, boolean]>([
    ['no timers: nothing to check (the agent defaults 90/30)', {}, true],
    ['hold 9 alone: keepalive defaults to 30 → refused', { timers: { holdTimeSeconds: 9 } }, false],
    ['hold 9, keepalive 3', { timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 3 } }, true],
    ['keepalive equal to hold', { timers: { holdTimeSeconds: 9, keepAliveTimeSeconds: 9 } }, true],
    ['keepalive 100 alone: hold defaults to 90 → refused', { timers: { keepAliveTimeSeconds: 100 } }, false],
    ['connect-retry only: 30 <= 90', { timers: { connectRetryTimeSeconds: 5 } }, true],
  ])('%s', (_, spec, ok) => {
    expect(peerConfigCelViolations(peerConfig('p', spec)).length === 0).toBe(ok);
  });
});

describe('§1.3 Advertisement CEL', () => {
  it.each<[string, CiliumBgpAdvertisementEntry, string[]]>([
    ['PodCIDR', { advertisementType: 'PodCIDR' }, []],
    ['PodCIDR with a selector', { advertisementType: 'PodCIDR', selector: {} }, ['selector']],
    ['Service without service', { advertisementType: 'Service', selector: {} }, ['advertisementType']],
    ['Service', { advertisementType: 'Service', service: { addresses: ['LoadBalancerIP'] } }, []],
    ['PodCIDR with service', { advertisementType: 'PodCIDR', service: { addresses: ['LoadBalancerIP'] } }, ['service']],
    ['Interface without interface', { advertisementType: 'Interface' }, ['advertisementType']],
    ['Interface', { advertisementType: 'Interface', interface: { name: 'lo' } }, []],
    [
      'Service with interface',
      { advertisementType: 'Service', service: { addresses: ['ClusterIP'] }, interface: { name: 'lo' } },
      ['interface'],
    ],
  ])('%s', (_, entry, fields) => {
    expect(advertisementCelViolations(advertisement('a', {}, [entry])).map((v) => v.path[3])).toEqual(fields);
  });
});

describe('refused objects are reported where they are written and left out of the cluster', () => {
  it('a PeerConfig with hold 9 and no keepalive', () => {
    const text = [
      'apiVersion: cilium.io/v2',
      'kind: CiliumBGPPeerConfig',
      'metadata:',
      '  name: fast',
      'spec:',
      '  timers:',
      '    holdTimeSeconds: 9',
      '---',
      'apiVersion: cilium.io/v2',
      'kind: CiliumBGPPeerConfig',
      'metadata:',
      '  name: ok',
      'spec: {}',
      '',
    ].join('\n');
    const inventory = buildK8sInventory(readK8sYaml(text, 'peers.yaml').objects);
    const diagnostics = celDiagnostics(inventory);
    expect(diagnostics.map((d) => [d.code, d.source?.file, d.source?.line])).toEqual([
      ['E_CILIUM_CEL', 'peers.yaml', 7],
    ]);
    expect(clusterObjectsFromInventory(inventory).peerConfigs.map((p) => p.metadata.name)).toEqual(['ok']);
  });
});
