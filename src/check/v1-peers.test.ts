import { describe, expect, it } from 'vitest';
import { buildK8sInventory } from '../k8s/decode.js';
import { readK8sYaml } from '../k8s/yaml-read.js';
import { v1PeerViews } from './v1-peers.js';

const POLICY = `apiVersion: cilium.io/v2alpha1
kind: CiliumBGPPeeringPolicy
metadata:
  name: legacy
spec:
  nodeSelector:
    matchLabels: {bgp: legacy}
  virtualRouters:
    - localASN: 65500
      neighbors:
        - peerAddress: 2001:db8::1/128
          peerASN: 65666
          eBGPMultihopTTL: 2
          holdTimeSeconds: 9
        - peerAddress: 2001:db8::2/128
          peerASN: 65667
          families:
            - {afi: ipv6, safi: unicast}
`;

function views() {
  const inv = buildK8sInventory(readK8sYaml(POLICY, 'v1.yaml').objects);
  return v1PeerViews(inv.byKind.CiliumBGPPeeringPolicy);
}

describe('v1 peering policy as v2 peer views', () => {
  it('turns each neighbor into a peer with a peer config; families default to both unicast families', () => {
    const [v] = views();
    const instance = v!.config.object.spec.bgpInstances[0]!;
    expect(instance.localASN).toBe(65500);
    expect(instance.peers?.map((p) => [p.peerAddress, p.peerASN])).toEqual([
      ['2001:db8::1', 65666],
      ['2001:db8::2', 65667],
    ]);
    expect(v!.config.object.spec.nodeSelector).toEqual({ matchLabels: { bgp: 'legacy' } });
    expect(v!.peerConfigs[0]!.object.spec).toMatchObject({ ebgpMultihop: 2, timers: { holdTimeSeconds: 9 } });
    expect(v!.peerConfigs[0]!.object.spec.families?.map((f) => f.afi)).toEqual(['ipv6', 'ipv4']);
    expect(v!.peerConfigs[1]!.object.spec.families?.map((f) => f.afi)).toEqual(['ipv6']);
  });

  it('locates every v2 field at the v1 line it came from', () => {
    const [v] = views();
    const line = (p: ReturnType<typeof v1PeerViews>[number]['config'], path: (string | number)[]) =>
      p.read.locate(path)?.line;
    expect(line(v!.config, ['spec', 'bgpInstances', 0, 'localASN'])).toBe(9);
    expect(line(v!.config, ['spec', 'bgpInstances', 0, 'peers', 1, 'peerASN'])).toBe(16);
    expect(line(v!.config, ['spec', 'nodeSelector'])).toBe(7);
    const pc = v!.peerConfigs[0]!;
    expect(pc.read.locate(['spec', 'ebgpMultihop'])?.line).toBe(13);
    expect(pc.read.locate(['spec', 'timers', 'holdTimeSeconds'])?.line).toBe(14);
    // A field the neighbor does not write: the neighbor itself.
    expect(pc.read.locate(['spec', 'authSecretRef'])?.line).toBe(11);
  });
});
