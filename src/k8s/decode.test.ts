import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildK8sInventory, decodeK8sObject, validObjects } from './decode.js';
import { readK8sYaml } from './yaml-read.js';

const SEED = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'seed', 'cluster', 'infra', 'cilium');

function decodeText(text: string) {
  const read = readK8sYaml(text, 'x.yaml');
  expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return buildK8sInventory(read.objects);
}

const codesAt = (inv: ReturnType<typeof decodeText>) =>
  inv.diagnostics.map((d) => [d.code, d.severity, d.source?.line, d.path.join('.')]);

describe('decodeK8sObject', () => {
  it("decodes the seed's Cilium files (v2alpha1) without problems", () => {
    for (const f of ['bgp.yaml', 'advertisements.yaml', 'lb-ipam.yaml']) {
      const inv = decodeText(readFileSync(join(SEED, f), 'utf8'));
      expect(inv.diagnostics, f).toEqual([]);
    }
    const bgp = decodeText(readFileSync(join(SEED, 'bgp.yaml'), 'utf8'));
    const [cc] = validObjects(bgp, 'CiliumBGPClusterConfig');
    expect(cc?.spec.bgpInstances[0]?.peers?.map((p) => [p.name, p.peerASN, p.peerAddress])).toEqual([
      ['r01', 65666, '2a0e:97c0:ae3:fff0::1'],
      ['r02', 65666, '2a0e:97c0:ae3:fff0::2'],
    ]);
    expect(validObjects(bgp, 'CiliumBGPPeerConfig')[0]?.spec.timers?.holdTimeSeconds).toBe(9);
  });

  it('reports wrong types, ranges, enums and IP text at the exact line; the object is invalid', () => {
    const inv = decodeText(`apiVersion: cilium.io/v2
kind: CiliumBGPPeerConfig
metadata:
  name: p
spec:
  timers:
    holdTimeSeconds: 2
    keepAliveTimeSeconds: "3"
  gracefulRestart:
    restartTimeSeconds: 5000
  families:
    - afi: ipv7
      safi: unicast
`);
    expect(codesAt(inv)).toEqual([
      ['E_SCHEMA_RANGE', 'error', 7, 'spec.timers.holdTimeSeconds'],
      ['E_SCHEMA_TYPE', 'error', 8, 'spec.timers.keepAliveTimeSeconds'],
      ['E_SCHEMA_REQUIRED', 'error', 10, 'spec.gracefulRestart'],
      ['E_SCHEMA_RANGE', 'error', 10, 'spec.gracefulRestart.restartTimeSeconds'],
      ['E_SCHEMA_ENUM', 'error', 12, 'spec.families.0.afi'],
    ]);
    expect(inv.byKind.CiliumBGPPeerConfig[0]?.valid).toBe(false);
    expect(validObjects(inv, 'CiliumBGPPeerConfig')).toEqual([]);
  });

  it('an unknown field is a warning with a did-you-mean, and the object stays valid', () => {
    const inv = decodeText(`apiVersion: cilium.io/v2
kind: CiliumBGPClusterConfig
metadata: {name: c}
spec:
  nodeSelectr: {}
  bgpInstances:
    - name: i
      localASN: 65500
      peers:
        - {name: r1, peerAddress: "2001:db8::1", peerASN: 65666, peerConfigRef: {name: p}}
`);
    expect(codesAt(inv)).toEqual([['E_SCHEMA_UNKNOWN_KEY', 'warning', 5, 'spec.nodeSelectr']]);
    expect(inv.diagnostics[0]?.hint).toContain('nodeSelector');
    expect(inv.byKind.CiliumBGPClusterConfig[0]?.valid).toBe(true);
  });

  it('version differences: peerConfigRef.group only in v2alpha1, sourceInterface only in v2', () => {
    const cc = (v: string) => `apiVersion: cilium.io/${v}
kind: CiliumBGPClusterConfig
metadata: {name: c}
spec:
  bgpInstances:
    - name: i
      peers:
        - {name: r1, peerAddress: "2001:db8::1", peerConfigRef: {name: p, group: cilium.io}}
`;
    expect(codesAt(decodeText(cc('v2alpha1')))).toEqual([]);
    expect(codesAt(decodeText(cc('v2')))).toEqual([
      ['E_SCHEMA_UNKNOWN_KEY', 'warning', 8, 'spec.bgpInstances.0.peers.0.peerConfigRef.group'],
    ]);
    const pc = (v: string) =>
      `apiVersion: cilium.io/${v}\nkind: CiliumBGPPeerConfig\nmetadata: {name: p}\nspec:\n  transport: {sourceInterface: eth0}\n`;
    expect(codesAt(decodeText(pc('v2')))).toEqual([]);
    expect(codesAt(decodeText(pc('v2alpha1'))).map((x) => x[0])).toEqual(['E_SCHEMA_UNKNOWN_KEY']);
  });

  it('IP and community text is parsed: bad address, bad CIDR, out-of-range community', () => {
    const inv = decodeText(`apiVersion: cilium.io/v2
kind: CiliumBGPClusterConfig
metadata: {name: c}
spec:
  bgpInstances:
    - name: i
      peers: [{name: r1, peerAddress: "2001:db8::g"}, {name: r2, peerAddress: "fe80::1%eth0"}]
---
apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata: {name: pool}
spec:
  blocks: [{cidr: "2001:db8::/129"}, {start: "2001:db8::1%eth0"}]
---
apiVersion: cilium.io/v2
kind: CiliumBGPAdvertisement
metadata: {name: a}
spec:
  advertisements:
    - advertisementType: PodCIDR
      attributes: {communities: {standard: ["65000:99", "65536:1", "4294967296"], large: ["1:2:3", "1:2"]}}
`);
    expect(codesAt(inv).map((x) => [x[0], x[2], x[3]])).toEqual([
      ['E_ADDRESS_SYNTAX', 7, 'spec.bgpInstances.0.peers.0.peerAddress'],
      ['E_PREFIX_SYNTAX', 13, 'spec.blocks.0.cidr'],
      ['E_ADDRESS_SYNTAX', 13, 'spec.blocks.1.start'],
      ['E_SCHEMA_PATTERN', 21, 'spec.advertisements.0.attributes.communities.standard.1'],
      ['E_SCHEMA_PATTERN', 21, 'spec.advertisements.0.attributes.communities.standard.2'],
      ['E_SCHEMA_PATTERN', 21, 'spec.advertisements.0.attributes.communities.large.1'],
    ]);
  });

  it('a kind at a version the API does not serve; a nameless object; core kinds; unmodelled kinds', () => {
    const inv = decodeText(`apiVersion: cilium.io/v2
kind: CiliumBGPPeeringPolicy
metadata: {name: old}
spec: {virtualRouters: []}
---
apiVersion: cilium.io/v2
kind: CiliumBGPAdvertisement
metadata: {labels: {a: b}}
spec: {advertisements: []}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
`);
    expect(codesAt(inv).map((x) => [x[0], x[2]])).toEqual([
      ['E_K8S_API_VERSION', 1],
      ['E_K8S_NO_NAME', 8],
    ]);
    expect(validObjects(inv, 'Service')[0]?.spec.externalTrafficPolicy).toBe('Local');
    expect(inv.other.map((r) => r.object.kind)).toEqual(['Deployment']);
    expect(inv.byKind.CiliumBGPPeeringPolicy).toEqual([]);
  });

  it('the v1 CiliumBGPPeeringPolicy decodes in v2alpha1', () => {
    const inv = decodeText(`apiVersion: cilium.io/v2alpha1
kind: CiliumBGPPeeringPolicy
metadata: {name: v1}
spec:
  nodeSelector: {matchLabels: {bgp: "yes"}}
  virtualRouters:
    - localASN: 65500
      exportPodCIDR: true
      neighbors:
        - {peerAddress: "2001:db8::1/128", peerASN: 65666, eBGPMultihopTTL: 4}
`);
    expect(inv.diagnostics).toEqual([]);
    expect(validObjects(inv, 'CiliumBGPPeeringPolicy')[0]?.spec.virtualRouters[0]?.neighbors[0]?.peerASN).toBe(65666);
  });

  it('never throws on arbitrary object shapes (property)', () => {
    const kinds = [
      'CiliumBGPClusterConfig',
      'CiliumBGPPeerConfig',
      'CiliumBGPAdvertisement',
      'CiliumLoadBalancerIPPool',
      'Service',
      'Node',
      'EndpointSlice',
      'CiliumBGPPeeringPolicy',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.constantFrom('cilium.io/v2', 'cilium.io/v2alpha1', 'v1', 'discovery.k8s.io/v1'),
        fc.anything(),
        (kind, apiVersion, spec) => {
          const read = readK8sYaml(JSON.stringify({ apiVersion, kind, metadata: { name: 'x' }, spec }), 'f.yaml');
          for (const o of read.objects) decodeK8sObject(o);
        },
      ),
      { numRuns: 500 },
    );
  });
});
