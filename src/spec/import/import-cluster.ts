/**
 * The cluster half of `import`: from the Cilium objects (BGP v2 kinds in either version, or a v1
 * CiliumBGPPeeringPolicy migrated to v2 terms), LB-IPAM pools and the distribution's cluster network, the BGP part
 * of the `cluster:` section and the cluster's plan entries (nodes: `import-nodes.ts`, Services:
 * `import-services.ts`). Pure; what cannot be carried over becomes a located `import/*` diagnostic.
 */
import type { Diagnostic, SourcePosition } from '../../core/diagnostic.js';
import { Ipv6Address, Ipv6Prefix } from '../../ip/index.js';
import type { Decoded } from '../../k8s/decode.js';
import type { CiliumBgpAdvertisement, CiliumBgpClusterConfig, CiliumBgpPeerConfig } from '../../k8s/kinds.js';
import type { K8sLabelSelector } from '../../k8s/objects.js';
import type { AdvertisementSpec, ClusterBgpSpec, ClusterSpec, LabelSelector, PlanEntry } from '../schema.js';
import type { RepoArtifacts } from './artifacts.js';

export type ImportNote = Diagnostic;

export function importNote(
  code: string,
  severity: Diagnostic['severity'],
  message: string,
  source: SourcePosition | undefined,
  hint?: string,
): ImportNote {
  return {
    code: `import/${code}`,
    severity,
    message,
    path: [],
    ...(source ? { source } : {}),
    ...(hint ? { hint } : {}),
  };
}

/** Position of a field of a decoded object (or the object's start). */
export const atObj = <T>(d: Decoded<T>, path: (string | number)[] = []) => d.read.locate(path) ?? d.read.source;

/** The BGP peers Cilium dials: address, ASN and where they are written. */
export interface CiliumPeerFact {
  readonly name: string;
  readonly address: Ipv6Address;
  readonly asn?: number;
  readonly source: SourcePosition;
}

export interface ClusterImport {
  readonly asn?: number;
  readonly bgp: ClusterBgpSpec;
  readonly advertisements: AdvertisementSpec[];
  readonly peers: CiliumPeerFact[];
  readonly lbPools: PlanEntry[];
  readonly podCidr?: { prefix: string; nodeMaskSize?: number };
  readonly serviceCidr?: string;
  readonly distribution?: ClusterSpec['distribution'];
  readonly clusterName?: string;
  readonly source?: SourcePosition;
}

function selector(s: K8sLabelSelector | undefined): LabelSelector | undefined {
  if (s === undefined) return undefined;
  const out: { matchLabels?: Record<string, string>; matchExpressions?: LabelSelector['matchExpressions'] } = {};
  if (s.matchLabels !== undefined && Object.keys(s.matchLabels).length > 0) out.matchLabels = { ...s.matchLabels };
  if (s.matchExpressions !== undefined && s.matchExpressions.length > 0)
    out.matchExpressions = s.matchExpressions.map((e) => ({
      key: e.key,
      operator: e.operator,
      ...(e.values !== undefined ? { values: [...e.values] } : {}),
    }));
  return out;
}

/** The "select every Service" idiom: one NotIn (or DoesNotExist) on a key, no labels. */
function selectsEverything(s: K8sLabelSelector | undefined): boolean {
  if (s === undefined || (s.matchLabels !== undefined && Object.keys(s.matchLabels).length > 0)) return false;
  const e = s.matchExpressions ?? [];
  return (
    e.length === 1 &&
    (e[0]!.operator === 'DoesNotExist' || (e[0]!.operator === 'NotIn' && (e[0]!.values?.length ?? 0) > 0))
  );
}

function advertisementsOf(ads: readonly Decoded<CiliumBgpAdvertisement>[], notes: ImportNote[]): AdvertisementSpec[] {
  const out: AdvertisementSpec[] = [];
  for (const ad of ads) {
    const entries = ad.object.spec.advertisements ?? [];
    entries.forEach((e, i) => {
      const name = entries.length === 1 ? ad.object.metadata.name : `${ad.object.metadata.name}-${i + 1}`;
      const where = atObj(ad, ['spec', 'advertisements', i]);
      if (e.advertisementType !== 'Service' && e.advertisementType !== 'PodCIDR') {
        notes.push(
          importNote(
            'advertisement-not-imported',
            'warning',
            `advertisement type ${e.advertisementType} of '${ad.object.metadata.name}' has no v6net equivalent; left out`,
            where,
          ),
        );
        return;
      }
      const spec: Record<string, unknown> = { name, type: e.advertisementType };
      if (e.advertisementType === 'Service') {
        if (e.selector === undefined) {
          notes.push(
            importNote(
              'advertisement-not-imported',
              'warning',
              `Service advertisement '${ad.object.metadata.name}' has no selector: Cilium announces nothing; left out`,
              where,
            ),
          );
          return;
        }
        if (e.service?.addresses !== undefined && e.service.addresses.length > 0)
          spec['addresses'] = [...e.service.addresses];
        spec['selector'] = selectsEverything(e.selector) ? 'all' : selector(e.selector);
        if (e.service?.aggregationLengthIPv6 !== undefined)
          spec['aggregationLengthIPv6'] = e.service.aggregationLengthIPv6;
      }
      const c = e.attributes?.communities;
      if (c !== undefined) {
        const communities: Record<string, string[]> = {};
        if (c.standard?.length) communities['standard'] = [...c.standard];
        if (c.large?.length) communities['large'] = [...c.large];
        if (c.wellKnown?.length) communities['wellKnown'] = [...c.wellKnown];
        if (Object.keys(communities).length > 0) spec['communities'] = communities;
      }
      if (e.attributes?.localPreference !== undefined) spec['localPreference'] = e.attributes.localPreference;
      out.push(spec as unknown as AdvertisementSpec);
    });
  }
  return out;
}

function bgpFromV2(
  cc: Decoded<CiliumBgpClusterConfig>,
  pc: Decoded<CiliumBgpPeerConfig> | undefined,
  notes: ImportNote[],
): { bgp: ClusterBgpSpec; asn?: number; peers: CiliumPeerFact[] } {
  const instances = cc.object.spec.bgpInstances ?? [];
  if (instances.length > 1)
    notes.push(
      importNote(
        'instance-not-imported',
        'warning',
        `only the first of ${instances.length} BGP instances of '${cc.object.metadata.name}' is imported`,
        atObj(cc, ['spec', 'bgpInstances', 1]),
      ),
    );
  const inst = instances[0];
  const peers: CiliumPeerFact[] = [];
  (inst?.peers ?? []).forEach((p, i) => {
    const parsed = p.peerAddress === undefined ? undefined : Ipv6Address.tryParse(p.peerAddress);
    if (parsed?.ok !== true) {
      notes.push(
        importNote(
          'peer-not-imported',
          'warning',
          `peer '${p.name}' has no IPv6 peerAddress; v6net peers with routers by address`,
          atObj(cc, ['spec', 'bgpInstances', 0, 'peers', i]),
        ),
      );
      return;
    }
    peers.push({
      name: p.name,
      address: parsed.value,
      ...(p.peerASN !== undefined ? { asn: p.peerASN } : {}),
      source: atObj(cc, ['spec', 'bgpInstances', 0, 'peers', i, 'peerAddress']),
    });
  });
  const bgp: Record<string, unknown> = { clusterConfigName: cc.object.metadata.name };
  if (inst !== undefined && inst.localASN !== undefined && inst.name !== `instance-${inst.localASN}`)
    bgp['instanceName'] = inst.name;
  if (pc !== undefined) bgp['peerConfigName'] = pc.object.metadata.name;
  const ns = selector(cc.object.spec.nodeSelector);
  if (ns !== undefined) bgp['nodeSelector'] = ns;
  if (pc !== undefined) Object.assign(bgp, peerConfigFields(pc));
  return { bgp: bgp as ClusterBgpSpec, ...(inst?.localASN !== undefined ? { asn: inst.localASN } : {}), peers };
}

function peerConfigFields(pc: Decoded<CiliumBgpPeerConfig>): Record<string, unknown> {
  const s = pc.object.spec;
  const out: Record<string, unknown> = {};
  if (s.authSecretRef !== undefined && s.authSecretRef !== '') out['authSecretRef'] = s.authSecretRef;
  if (s.timers?.holdTimeSeconds !== undefined || s.timers?.keepAliveTimeSeconds !== undefined) {
    // Cilium's defaults fill the half that is not written (hold 90, keepalive 30).
    out['timers'] = {
      holdTimeSec: s.timers.holdTimeSeconds ?? 90,
      keepaliveTimeSec: s.timers.keepAliveTimeSeconds ?? 30,
      ...(s.timers.connectRetryTimeSeconds !== undefined
        ? { connectRetryTimeSec: s.timers.connectRetryTimeSeconds }
        : {}),
    };
  }
  if (s.ebgpMultihop !== undefined) out['ebgpMultihop'] = s.ebgpMultihop;
  if (s.gracefulRestart !== undefined)
    out['gracefulRestart'] = {
      enabled: s.gracefulRestart.enabled,
      ...(s.gracefulRestart.restartTimeSeconds !== undefined
        ? { restartTimeSec: s.gracefulRestart.restartTimeSeconds }
        : {}),
    };
  const families = (s.families ?? [])
    .filter((f) => f.safi === 'unicast' && (f.afi === 'ipv6' || f.afi === 'ipv4'))
    .map((f) => `${f.afi}-unicast`);
  if (families.length > 0) out['families'] = families;
  const labels = s.families?.find((f) => f.advertisements?.matchLabels !== undefined)?.advertisements?.matchLabels;
  if (labels !== undefined) out['advertisementLabels'] = { ...labels };
  return out;
}

/** v1 CiliumBGPPeeringPolicy → the same design in v2 terms (the migration `import` offers). */
function bgpFromV1(
  policy: RepoArtifacts['inventory']['byKind']['CiliumBGPPeeringPolicy'][number],
  notes: ImportNote[],
): { bgp: ClusterBgpSpec; asn?: number; peers: CiliumPeerFact[]; advertisements: AdvertisementSpec[] } {
  notes.push(
    importNote(
      'migrated-from-v1',
      'info',
      `CiliumBGPPeeringPolicy '${policy.object.metadata.name}' (removed in Cilium 1.19) migrated to BGPv2 terms; render writes CiliumBGPClusterConfig, CiliumBGPPeerConfig and CiliumBGPAdvertisement`,
      atObj(policy),
    ),
  );
  const vr = policy.object.spec.virtualRouters?.[0];
  const peers: CiliumPeerFact[] = [];
  const n0 = vr?.neighbors?.[0];
  (vr?.neighbors ?? []).forEach((n, i) => {
    const addr = Ipv6Prefix.tryParse(n.peerAddress);
    if (addr.ok !== true) return;
    peers.push({
      name: `peer-${i + 1}`,
      address: addr.value.address,
      asn: n.peerASN,
      source: atObj(policy, ['spec', 'virtualRouters', 0, 'neighbors', i, 'peerAddress']),
    });
  });
  const bgp: Record<string, unknown> = {};
  const ns = selector(policy.object.spec.nodeSelector);
  if (ns !== undefined) bgp['nodeSelector'] = ns;
  if (n0 !== undefined) {
    if (n0.authSecretRef) bgp['authSecretRef'] = n0.authSecretRef;
    if (n0.holdTimeSeconds !== undefined || n0.keepAliveTimeSeconds !== undefined)
      bgp['timers'] = { holdTimeSec: n0.holdTimeSeconds ?? 90, keepaliveTimeSec: n0.keepAliveTimeSeconds ?? 30 };
    if (n0.eBGPMultihopTTL !== undefined) bgp['ebgpMultihop'] = n0.eBGPMultihopTTL;
    if (n0.gracefulRestart !== undefined)
      bgp['gracefulRestart'] = {
        enabled: n0.gracefulRestart.enabled,
        ...(n0.gracefulRestart.restartTimeSeconds !== undefined
          ? { restartTimeSec: n0.gracefulRestart.restartTimeSeconds }
          : {}),
      };
  }
  const advertisements: AdvertisementSpec[] = [];
  if (vr?.exportPodCIDR === true) advertisements.push({ name: 'podcidr', type: 'PodCIDR' });
  if (vr?.serviceSelector !== undefined)
    advertisements.push({
      name: 'services',
      type: 'Service',
      addresses: [...(vr.serviceAdvertisements ?? ['LoadBalancerIP'])],
      selector: selectsEverything(vr.serviceSelector) ? 'all' : selector(vr.serviceSelector)!,
    });
  return { bgp: bgp as ClusterBgpSpec, ...(vr ? { asn: vr.localASN } : {}), peers, advertisements };
}

export function importCluster(a: RepoArtifacts, notes: ImportNote[]): ClusterImport {
  const k = a.inventory.byKind;
  const cc = k.CiliumBGPClusterConfig[0];
  if (k.CiliumBGPClusterConfig.length > 1)
    notes.push(
      importNote(
        'cluster-config-not-imported',
        'warning',
        `${k.CiliumBGPClusterConfig.length} CiliumBGPClusterConfigs; only '${cc!.object.metadata.name}' is imported`,
        atObj(k.CiliumBGPClusterConfig[1]!),
      ),
    );
  let asn: number | undefined;
  let bgp: ClusterBgpSpec = {};
  let peers: CiliumPeerFact[] = [];
  let advertisements = advertisementsOf(k.CiliumBGPAdvertisement, notes);
  let source: SourcePosition | undefined;
  if (cc !== undefined) {
    const refName = cc.object.spec.bgpInstances?.[0]?.peers?.find((p) => p.peerConfigRef?.name)?.peerConfigRef?.name;
    const pc = k.CiliumBGPPeerConfig.find((p) => p.object.metadata.name === refName) ?? k.CiliumBGPPeerConfig[0];
    ({ bgp, peers, asn } = bgpFromV2(cc, pc, notes));
    source = atObj(cc);
  } else if (k.CiliumBGPPeeringPolicy[0] !== undefined) {
    const v1 = bgpFromV1(k.CiliumBGPPeeringPolicy[0], notes);
    ({ bgp, peers, asn } = v1);
    advertisements = v1.advertisements;
    source = atObj(k.CiliumBGPPeeringPolicy[0]);
  }
  const helm = a.helmValues[0];
  if (helm?.secretsNamespace !== undefined && helm.secretsNamespace.value !== 'kube-system')
    bgp = { ...bgp, secretsNamespace: helm.secretsNamespace.value };

  const lbPools: PlanEntry[] = [];
  for (const pool of k.CiliumLoadBalancerIPPool) {
    const blocks = [...(pool.object.spec.blocks ?? []), ...(pool.object.spec.cidrs ?? [])];
    blocks.forEach((b, i) => {
      if (b.cidr === undefined || Ipv6Prefix.tryParse(b.cidr).ok !== true) {
        notes.push(
          importNote(
            'pool-block-not-imported',
            'warning',
            `pool '${pool.object.metadata.name}' block ${i + 1} is not an IPv6 CIDR (start/stop ranges and IPv4 are not modelled); left out`,
            atObj(pool, ['spec', pool.object.spec.blocks ? 'blocks' : 'cidrs', i]),
          ),
        );
        return;
      }
      const entry: Record<string, unknown> = {
        name: blocks.length === 1 ? pool.object.metadata.name : `${pool.object.metadata.name}-${i + 1}`,
        prefix: Ipv6Prefix.parse(b.cidr).toString(),
        role: 'lb-pool',
      };
      const sel = selector(pool.object.spec.serviceSelector);
      if (sel !== undefined) entry['serviceSelector'] = sel;
      if (pool.object.spec.allowFirstLastIPs === 'No') entry['allowFirstLastIPs'] = false;
      lbPools.push(entry as PlanEntry);
    });
  }

  const net = a.clusterNetworks[0];
  const v6 = (xs: readonly { value: string }[] | undefined) =>
    xs
      ?.map((x) => Ipv6Prefix.tryParse(x.value))
      .find((r) => r.ok === true)
      ?.value.toString();
  let podCidr = v6(net?.podSubnets) ?? v6(helm?.clusterPoolIpv6PodCidrs);
  if (podCidr === undefined && helm?.ipv6NativeRoutingCidr !== undefined) podCidr = v6([helm.ipv6NativeRoutingCidr]);
  const nodeMaskSize = net?.nodeMaskSizeIpv6?.value ?? helm?.clusterPoolIpv6MaskSize?.value;
  return {
    ...(asn !== undefined ? { asn } : {}),
    bgp,
    advertisements,
    peers,
    lbPools,
    ...(podCidr !== undefined
      ? { podCidr: { prefix: podCidr, ...(nodeMaskSize !== undefined ? { nodeMaskSize } : {}) } }
      : {}),
    ...(v6(net?.serviceSubnets) !== undefined ? { serviceCidr: v6(net?.serviceSubnets)! } : {}),
    ...(net !== undefined ? { distribution: net.distribution } : {}),
    ...(net?.clusterName !== undefined ? { clusterName: net.clusterName.value } : {}),
    ...(source !== undefined ? { source } : {}),
  };
}
