/**
 * The v1 CiliumBGPPeeringPolicy seen through v2 eyes, so the cross-checks (ASN, addresses, sessions, passwords,
 * timers, policies) run on clusters still on the v1 API: each virtual router becomes a BGP instance of a
 * ClusterConfig-shaped object, each neighbor a peer with a PeerConfig-shaped object holding its timers, multihop,
 * graceful restart, families and password reference. Nothing is invented: the shapes are views, and every field
 * locates at its line in the v1 object (`eBGPMultihopTTL` for `ebgpMultihop`, the neighbor's `holdTimeSeconds` for
 * `timers.holdTimeSeconds`, …). These views feed only the per-peer rules, never the v2-object rules.
 */
import type { Decoded } from '../k8s/decode.js';
import type { CiliumBgpClusterConfig, CiliumBgpPeerConfig, CiliumBgpPeeringPolicy } from '../k8s/kinds.js';
import type { CiliumBgpPeerConfigSpec } from '../k8s/objects.js';
import type { ReadObject } from '../k8s/yaml-read.js';
import type { DataPath } from '../spec/plan-types.js';

export interface V1PeerViews {
  readonly config: Decoded<CiliumBgpClusterConfig>;
  readonly peerConfigs: readonly Decoded<CiliumBgpPeerConfig>[];
}

type PathMap = (path: readonly (string | number)[]) => DataPath;

function viewOf<T>(policy: Decoded<CiliumBgpPeeringPolicy>, object: T, map: PathMap): Decoded<T> {
  const read: ReadObject = {
    object: object as ReadObject['object'],
    index: policy.read.index,
    source: policy.read.source,
    locate: (path) => policy.read.locate(map(path)),
  };
  return { object, read, valid: policy.valid };
}

const PEER_CONFIG_FIELDS: Readonly<Record<string, string>> = {
  authSecretRef: 'authSecretRef',
  ebgpMultihop: 'eBGPMultihopTTL',
  gracefulRestart: 'gracefulRestart',
  families: 'families',
};

/** `spec.<field>…` of the PeerConfig view → the neighbor's own field. */
function peerConfigPath(base: DataPath): PathMap {
  return (path) => {
    const [spec, field, ...rest] = path;
    if (spec !== 'spec' || typeof field !== 'string') return base;
    if (field === 'timers' && typeof rest[0] === 'string') return [...base, rest[0]];
    if (field === 'transport' && rest[0] === 'peerPort') return [...base, 'peerPort'];
    const v1 = PEER_CONFIG_FIELDS[field];
    return v1 === undefined ? base : [...base, v1, ...rest];
  };
}

/** `spec.bgpInstances[0].…` of the ClusterConfig view → the virtual router's fields. */
function clusterConfigPath(router: number): PathMap {
  const base: DataPath = ['spec', 'virtualRouters', router];
  return (path) => {
    const [spec, field, index, ...rest] = path;
    if (spec !== 'spec') return [];
    if (field === 'nodeSelector') return path.slice();
    if (field !== 'bgpInstances' || index !== 0) return base;
    const [what, j, peerField] = rest;
    if (what === 'localASN') return [...base, 'localASN'];
    if (what !== 'peers' || typeof j !== 'number') return base;
    const neighbor: DataPath = [...base, 'neighbors', j];
    return peerField === 'peerAddress' || peerField === 'peerASN' ? [...neighbor, peerField] : neighbor;
  };
}

/** One ClusterConfig-shaped view per virtual router of each policy, with a PeerConfig-shaped view per neighbor. */
export function v1PeerViews(policies: readonly Decoded<CiliumBgpPeeringPolicy>[]): V1PeerViews[] {
  const out: V1PeerViews[] = [];
  for (const policy of policies) {
    const name = policy.object.metadata.name;
    (policy.object.spec.virtualRouters ?? []).forEach((vr, i) => {
      const peerConfigs: Decoded<CiliumBgpPeerConfig>[] = [];
      const peers = (vr.neighbors ?? []).map((n, j) => {
        const configName = `${name} (v1 virtual router ${i + 1}, neighbor ${j + 1})`;
        const timers = {
          ...(n.holdTimeSeconds !== undefined ? { holdTimeSeconds: n.holdTimeSeconds } : {}),
          ...(n.keepAliveTimeSeconds !== undefined ? { keepAliveTimeSeconds: n.keepAliveTimeSeconds } : {}),
          ...(n.connectRetryTimeSeconds !== undefined ? { connectRetryTimeSeconds: n.connectRetryTimeSeconds } : {}),
        };
        const spec: CiliumBgpPeerConfigSpec = {
          ...(Object.keys(timers).length > 0 ? { timers } : {}),
          ...(n.authSecretRef !== undefined ? { authSecretRef: n.authSecretRef } : {}),
          ...(n.eBGPMultihopTTL !== undefined ? { ebgpMultihop: n.eBGPMultihopTTL } : {}),
          ...(n.gracefulRestart !== undefined ? { gracefulRestart: n.gracefulRestart } : {}),
          // v1 defaults to IPv4 and IPv6 unicast when a neighbor lists no families.
          families: n.families?.length
            ? n.families
            : [
                { afi: 'ipv6', safi: 'unicast' },
                { afi: 'ipv4', safi: 'unicast' },
              ],
        };
        const object: CiliumBgpPeerConfig = {
          apiVersion: policy.object.apiVersion,
          kind: 'CiliumBGPPeerConfig',
          metadata: { name: configName },
          spec,
        };
        peerConfigs.push(viewOf(policy, object, peerConfigPath(['spec', 'virtualRouters', i, 'neighbors', j])));
        const address = n.peerAddress.split('/')[0]!;
        return {
          name: `${name}/${address}`,
          peerASN: n.peerASN,
          peerAddress: address,
          peerConfigRef: { name: configName },
        };
      });
      const object: CiliumBgpClusterConfig = {
        apiVersion: policy.object.apiVersion,
        kind: 'CiliumBGPClusterConfig',
        metadata: { name },
        spec: {
          ...(policy.object.spec.nodeSelector !== undefined ? { nodeSelector: policy.object.spec.nodeSelector } : {}),
          bgpInstances: [{ name: `${name}-v1-${vr.localASN}`, localASN: vr.localASN, peers }],
        },
      };
      out.push({ config: viewOf(policy, object, clusterConfigPath(i)), peerConfigs });
    });
  }
  return out;
}
