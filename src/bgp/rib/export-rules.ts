/**
 * What a best path looks like when sent to one peer (RFC 4271 §5.1, §9.1.3, §9.2; RFC 1997; RFC 4456; FRR's
 * defaults): split horizon, iBGP non-transit, well-known communities, attribute stripping, the export route map,
 * then local AS prepending and next hop. Returns the exported set, or undefined when nothing is sent.
 */
import { type Policy, type PolicyRoute, prependAsns } from '../policy/index.js';
import { formatIpv4U32 } from '../wire/address-text.js';
import { unknownForReadvertisement } from '../wire/attribute-list.js';
import type { RibAttributesDraft } from './attributes.js';
import { AttributeFlag, type AttributeInterner, type InternedAttributes } from './intern.js';
import type { Path, RibPeer } from './path.js';
import { keyAfi, type PrefixKey } from './prefix-key.js';

/** The facts of the receiving side of an export. */
export interface ExportTarget {
  readonly peer: RibPeer;
  /** Session local address (the "self" next hop). */
  readonly localAddress: string;
  /** A link-local address of ours on the link to the peer, sent as second IPv6 next hop (RFC 2545 §3). */
  readonly localLinkLocal?: string;
  /** `neighbor X route-map NAME out`. */
  readonly exportMap?: string;
  /** `neighbor X next-hop-self` (iBGP). */
  readonly nextHopSelf?: boolean;
  /** Address families negotiated with the peer (AFI codes). */
  readonly families: ReadonlySet<number>;
}

export interface ExportContext {
  readonly localAsn: number;
  readonly routerId: number;
  /** RFC 4456 cluster id (defaults to the router id). */
  readonly clusterId: number;
  readonly defaultLocalPref: number;
  /** RFC 8212: eBGP peers without an export policy get nothing. */
  readonly ebgpRequiresPolicy: boolean;
  readonly policy: Policy;
  readonly interner: AttributeInterner;
}

const V4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** The "self" next hop for a route of `afi` over a session from `localAddress` (IPv4-mapped for IPv6 over IPv4). */
export function selfNextHopFor(afi: 1 | 2, localAddress: string): string | undefined {
  const local = V4_MAPPED.exec(localAddress)?.[1] ?? localAddress;
  const localIsV6 = local.includes(':');
  if (afi === 2) return localIsV6 ? local : `::ffff:${local}`;
  return localIsV6 ? undefined : local;
}

/** Whether the route may be sent at all (before any attribute work). */
export function exportAllowed(best: Path, to: ExportTarget, afi: 1 | 2, ctx: ExportContext): boolean {
  const from = best.peer;
  if (from === to.peer) return false; // split horizon: never back to the peer it came from
  if (!to.families.has(afi)) return false;
  // RFC 4271 §9.2 / RFC 4456 §6: iBGP routes go to iBGP peers only when one side is a route-reflector client
  if (from.kind === 'ibgp' && to.peer.kind === 'ibgp' && from.rrClient !== true && to.peer.rrClient !== true)
    return false;
  const a = best.attrs;
  // Well-known communities restrict learned routes; on originated routes they are meant for the receiver.
  if (from.kind === 'local') return !(to.peer.kind === 'ebgp' && ctx.ebgpRequiresPolicy && to.exportMap === undefined);
  if (a.hasFlag(AttributeFlag.noAdvertise)) return false; // RFC 1997: to no peer
  if (a.hasFlag(AttributeFlag.noExport) && to.peer.kind === 'ebgp') return false; // RFC 1997: not outside the AS
  if (a.hasFlag(AttributeFlag.noExportSubconfed) && to.peer.kind !== 'ibgp') return false; // RFC 1997
  // RFC 8212 §3: no export policy, no routes to an eBGP peer
  if (to.peer.kind === 'ebgp' && ctx.ebgpRequiresPolicy && to.exportMap === undefined) return false;
  return true;
}

/** The exported attribute set (not referenced: the Adj-RIB-Out takes its reference when it commits). */
export function exportAttributes(
  key: PrefixKey,
  best: Path,
  to: ExportTarget,
  ctx: ExportContext,
): InternedAttributes | undefined {
  const afi = keyAfi(key);
  if (!exportAllowed(best, to, afi, ctx)) return undefined;
  const from = best.peer;
  const kind = to.peer.kind;
  const a: RibAttributesDraft = { ...best.attrs.value };
  delete a.weight; // local to this router
  if (a.unknown !== undefined) {
    // RFC 4271 §5: optional transitive unknown attributes pass on with the Partial bit, others are dropped
    const passed = unknownForReadvertisement(a.unknown);
    if (passed.length > 0) a.unknown = passed;
    else delete a.unknown;
  }
  if (kind === 'ebgp') {
    delete a.localPref; // RFC 4271 §5.1.5: LOCAL_PREF never goes to an external peer
    if (from.kind !== 'local') delete a.med; // RFC 4271 §5.1.4: a received MED is not passed to other ASes
    delete a.originatorId; // RFC 4456 §8: optional non-transitive, kept inside the AS
    delete a.clusterList;
  } else {
    a.localPref ??= ctx.defaultLocalPref; // RFC 4271 §5.1.5: always sent to internal peers
    if (from.kind === 'ibgp') {
      // RFC 4456 §8: reflecting: ORIGINATOR_ID set once, our cluster id in front of CLUSTER_LIST
      a.originatorId ??= formatIpv4U32(from.routerId);
      a.clusterList = [formatIpv4U32(ctx.clusterId), ...(a.clusterList ?? [])];
    }
  }
  const route: PolicyRoute = {
    prefix: key,
    direction: 'export',
    peerAddress: to.peer.id,
    localAddress: to.localAddress,
    attrs: a,
    nextHopSet: false,
  };
  if (to.exportMap !== undefined && !ctx.policy.routeMaps.apply(to.exportMap, route)) return undefined;
  // RFC 4271 §5.1.2: an external peer gets our AS in front; RFC 5065 §5.3: a confederation peer in a confed segment
  if (kind === 'ebgp') a.asPath = prependAsns(a.asPath, [ctx.localAsn]);
  else if (kind === 'confed') {
    const first = a.asPath[0];
    a.asPath =
      first?.type === 'confedSequence'
        ? [{ type: 'confedSequence', asns: [ctx.localAsn, ...first.asns] }, ...a.asPath.slice(1)]
        : [{ type: 'confedSequence', asns: [ctx.localAsn] }, ...a.asPath];
  }
  if (!route.nextHopSet) {
    // RFC 4271 §5.1.3: next hop self towards eBGP (and iBGP with next-hop-self, or for routes without one); an
    // originated route with an explicit next hop keeps it
    const explicitLocal = from.kind === 'local' && a.nextHop !== '';
    if (a.nextHop === '' || (!explicitLocal && (kind === 'ebgp' || to.nextHopSelf === true))) {
      const self = selfNextHopFor(afi, to.localAddress);
      if (self === undefined) return undefined;
      a.nextHop = self;
      if (afi === 2 && to.localLinkLocal !== undefined && kind === 'ebgp') a.nextHopLinkLocal = to.localLinkLocal;
      else delete a.nextHopLinkLocal;
    } else delete a.nextHopLinkLocal; // FRR: a learned link-local next hop is not passed on
  }
  if (afi === 1 && a.nextHop.includes(':')) return undefined; // no RFC 8950 extended next hop
  return ctx.interner.get(a);
}
