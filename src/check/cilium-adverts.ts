/**
 * What a Cilium peer is sent (reference §4–§6), for the checks that compare it with a router's policy: the
 * CiliumBGPAdvertisement entries its peer config's families select by label (nil selector = none; no peerConfigRef
 * = none), and for each entry representative prefixes the nodes announce: each node's PodCIDR, one LoadBalancer IP
 * per pool block (or its aggregate), the ClusterIPs and externalIPs of the Services the entry selects. Each prefix
 * carries the standard communities the entry attaches and where it comes from.
 */
import type { SourcePosition } from '../core/diagnostic.js';
import { communityNumeric, communityValue } from '../cilium/agent/advertisements.js';
import { serviceSelectorLabels } from '../cilium/selector.js';
import { Ipv6Prefix } from '../ip/index.js';
import type { Decoded } from '../k8s/decode.js';
import type { CiliumBgpAdvertisement } from '../k8s/kinds.js';
import type { CiliumBgpAdvertisementEntry } from '../k8s/objects.js';
import { type ArtifactView, at, type CiliumPeerView, type NodeView, parseIpv6, selects } from './artifact-view.js';

export interface SelectedAdvert {
  readonly advert: Decoded<CiliumBgpAdvertisement>;
  readonly index: number;
  readonly entry: CiliumBgpAdvertisementEntry;
  /** Position of the entry. */
  readonly source: SourcePosition;
}

export type AdvertisedKind = 'PodCIDR' | 'LoadBalancerIP' | 'ClusterIP' | 'ExternalIP';

export interface AdvertisedPrefix {
  readonly kind: AdvertisedKind;
  readonly prefix: Ipv6Prefix;
  readonly communities: readonly string[];
  /** The object the prefix comes from (node, pool block, Service). */
  readonly origin: { readonly message: string; readonly source: SourcePosition };
  readonly via: SelectedAdvert;
}

/** Advertisement entries sent to `peer` for IPv6 unicast. */
export function advertsForPeer(view: ArtifactView, peer: CiliumPeerView): SelectedAdvert[] {
  const pc = peer.peerConfig;
  if (pc === undefined) return [];
  const out: SelectedAdvert[] = [];
  for (const family of pc.object.spec.families ?? []) {
    if (family.afi !== 'ipv6' || family.safi !== 'unicast' || family.advertisements === undefined) continue;
    for (const advert of view.advertisements) {
      if (!selects(family.advertisements, 'nothing', advert.object.metadata.labels ?? {})) continue;
      advert.object.spec.advertisements.forEach((entry, index) => {
        if (!out.some((o) => o.advert === advert && o.index === index)) {
          out.push({ advert, index, entry, source: at(advert, ['spec', 'advertisements', index]) });
        }
      });
    }
  }
  return out;
}

/** Standard communities of an entry, well-known names as FRR writes them (`no-export` → 65535:65281). */
export function entryCommunities(entry: CiliumBgpAdvertisementEntry): string[] {
  const c = entry.attributes?.communities;
  return [...(c?.standard ?? []), ...(c?.wellKnown ?? []).map(numericWellKnown)];
}

function numericWellKnown(name: string): string {
  const value = communityValue(name);
  return value === undefined ? name : communityNumeric(value);
}

function host(text: string): Ipv6Prefix | undefined {
  const a = parseIpv6(text);
  return a === undefined ? undefined : Ipv6Prefix.of(a, 128);
}

function aggregate(p: Ipv6Prefix, length: number | undefined): Ipv6Prefix {
  return length === undefined || length >= p.length ? p : p.supernet(length).network();
}

/** Representative prefixes `nodes` announce to `peer` (every node of the session; all selected when empty). */
export function advertisedPrefixes(
  view: ArtifactView,
  peer: CiliumPeerView,
  nodes: readonly NodeView[],
): AdvertisedPrefix[] {
  const out: AdvertisedPrefix[] = [];
  const who = nodes.length > 0 ? nodes : view.selectedNodes(peer.config);
  for (const via of advertsForPeer(view, peer)) {
    const communities = entryCommunities(via.entry);
    const add = (kind: AdvertisedKind, prefix: Ipv6Prefix | undefined, message: string, source: SourcePosition) => {
      if (prefix !== undefined) out.push({ kind, prefix, communities, origin: { message, source }, via });
    };
    if (via.entry.advertisementType === 'PodCIDR') {
      for (const n of who) {
        for (const c of n.podCidrs) {
          const p = Ipv6Prefix.tryParse(c.text);
          if (p.ok) add('PodCIDR', p.value.network(), `node '${n.name}' PodCIDR ${c.text}`, c.source);
        }
      }
      continue;
    }
    // A Service entry without selector selects no Service (reference §4.3), so it announces nothing at all.
    if (
      via.entry.advertisementType !== 'Service' ||
      via.entry.service === undefined ||
      via.entry.selector === undefined
    )
      continue;
    const addresses = via.entry.service.addresses;
    const agg = via.entry.service.aggregationLengthIPv6;
    if (addresses.includes('LoadBalancerIP')) {
      for (const pool of view.pools) {
        const blocks = pool.object.spec.blocks ?? pool.object.spec.cidrs ?? [];
        const field = pool.object.spec.blocks ? 'blocks' : 'cidrs';
        blocks.forEach((b, i) => {
          const cidr = b.cidr === undefined ? undefined : Ipv6Prefix.tryParse(b.cidr);
          const first = cidr?.ok
            ? Ipv6Prefix.of(cidr.value.network().first(), 128)
            : b.start !== undefined
              ? host(b.start)
              : undefined;
          if (first === undefined) return;
          const base = cidr?.ok ? cidr.value.network() : first;
          add(
            'LoadBalancerIP',
            agg === undefined ? first : aggregate(base, agg),
            `LB pool '${pool.object.metadata.name}' ${b.cidr ?? b.start}`,
            at(pool, ['spec', field, i]),
          );
        });
      }
    }
    for (const svc of view.services) {
      const labels = serviceSelectorLabels(svc.object.metadata);
      if (!selects(via.entry.selector, 'nothing', labels)) continue;
      const name = `Service '${svc.object.metadata.namespace ?? 'default'}/${svc.object.metadata.name}'`;
      if (addresses.includes('ClusterIP')) {
        const ips = svc.object.spec.clusterIPs ?? (svc.object.spec.clusterIP ? [svc.object.spec.clusterIP] : []);
        ips.forEach((ip, i) => {
          add(
            'ClusterIP',
            host(ip),
            `${name} ClusterIP ${ip}`,
            at(svc, svc.object.spec.clusterIPs ? ['spec', 'clusterIPs', i] : ['spec', 'clusterIP']),
          );
        });
      }
      if (addresses.includes('ExternalIP')) {
        (svc.object.spec.externalIPs ?? []).forEach((ip, i) => {
          add('ExternalIP', host(ip), `${name} externalIP ${ip}`, at(svc, ['spec', 'externalIPs', i]));
        });
      }
    }
  }
  return out;
}
