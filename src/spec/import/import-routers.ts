/**
 * The router half of `import`: each router that Cilium peers with (its address is on one of the router's
 * interfaces) becomes a `routers:` entry: identity, the node-facing interface (VLAN sub-interface split into parent
 * and VLAN id), loopback, uplinks, listen range, maximum-prefix and what its node sessions export (evaluated with the
 * router's own policy, FRR semantics); its other neighbors become the `upstream:` section. Pure.
 */
import type { SourcePosition } from '../../core/diagnostic.js';
import { Ipv6Address, Ipv6Prefix } from '../../ip/index.js';
import type { Located, RouterInterface, RouterModel, RouterPeer } from '../../router/model.js';
import {
  activeAf,
  effectivePeer,
  interfaceWithAddress,
  isEbgp,
  routerForPeer,
  sessionFor,
} from '../../router/peers.js';
import { evaluatePeerPolicy } from '../../router/policy-eval.js';
import type { ExportToNodes, RouterSpec, UpstreamSpec } from '../schema.js';
import { type CiliumPeerFact, type ImportNote, importNote } from './import-cluster.js';

export interface RoutersImport {
  readonly routers: RouterSpec[];
  readonly upstream?: UpstreamSpec;
  /** The node segment (the on-link prefix of the routers' node-facing interfaces). */
  readonly nodeNetwork?: { prefix: Ipv6Prefix; vlan?: number };
  readonly loopbacks: Ipv6Prefix[];
  /** Prefixes the routers originate (network statements, aggregates, blackhole statics): aggregate candidates. */
  readonly originated: Ipv6Prefix[];
  readonly routerAddresses: Ipv6Address[];
}

function ifaceName(i: RouterInterface): { name: string; vlan?: number } {
  if (i.vlanId !== undefined) return { name: i.parent ?? i.name.split('.')[0]!, vlan: i.vlanId };
  return { name: i.name };
}

const DEFAULT_ROUTE = Ipv6Prefix.parse('::/0');
const PROBE = Ipv6Prefix.parse('2001:db8:ffff::/48');

function exportToNodes(r: RouterModel, group: RouterPeer): ExportToNodes | undefined {
  const af = activeAf(group);
  const ebgp = isEbgp(r, group) ?? true;
  const def = evaluatePeerPolicy(r, af, 'export', { prefix: DEFAULT_ROUTE }, ebgp).result;
  const other = evaluatePeerPolicy(r, af, 'export', { prefix: PROBE }, ebgp).result;
  if (def === 'unknown' || other === 'unknown') return undefined;
  if (def === 'permit' && other === 'deny') return 'default-route';
  if (def === 'deny' && other === 'deny') return 'none';
  if (def === 'permit' && other === 'permit') return 'all';
  return undefined;
}

/** A router config without interfaces (FRR bgpd alone): the peer address on an assumed eth1, /64 (reported). */
function assumedInterface(
  r: RouterModel,
  peer: CiliumPeerFact,
  notes: ImportNote[],
): { iface: RouterInterface; address: Located<Ipv6Prefix> } {
  const range = r.listenRanges.find((l) => l.prefix?.contains(peer.address))?.prefix;
  const length = range !== undefined && range.length >= 64 ? range.length : 64;
  const address = { value: Ipv6Prefix.of(peer.address, length) };
  notes.push(
    importNote(
      'router-interface-unknown',
      'warning',
      `router '${r.name}' lists no interfaces: its node interface is assumed to be eth1 with ${address.value}`,
      r.source,
      "replace nodeInterface with the router's real interface (and uplinks, loopback)",
    ),
  );
  return {
    iface: { name: 'eth1', type: 'ethernet', addresses: [address], loopback: false },
    address,
  };
}

export function importRouters(
  routers: readonly RouterModel[],
  peers: readonly CiliumPeerFact[],
  clusterAsn: number | undefined,
  notes: ImportNote[],
): RoutersImport {
  const out: RouterSpec[] = [];
  const upstream: { asn: number; neighbors: UpstreamSpec['neighbors'][number][]; source?: SourcePosition }[] = [];
  let nodeNetwork: RoutersImport['nodeNetwork'];
  const loopbacks: Ipv6Prefix[] = [];
  const originated: Ipv6Prefix[] = [];
  const routerAddresses: Ipv6Address[] = [];
  for (const r of routers) {
    const owned = peers
      .map((p) => ({ p, owner: routerForPeer(routers, p.address, p.name) }))
      .find((x) => x.owner?.router === r);
    const peer = owned?.p;
    if (peer === undefined) {
      notes.push(
        importNote(
          'router-not-imported',
          'warning',
          `router '${r.name}' has none of the addresses Cilium peers with; left out`,
          r.source,
        ),
      );
      continue;
    }
    const { iface, address } = interfaceWithAddress(r, peer.address) ?? assumedInterface(r, peer, notes);
    const onLink = address.value.network();
    nodeNetwork ??= { prefix: onLink, ...(iface.vlanId !== undefined ? { vlan: iface.vlanId } : {}) };
    if (r.systemAs === undefined || r.routerId === undefined) {
      notes.push(
        importNote(
          'router-not-imported',
          'error',
          `router '${r.name}' has no ${r.systemAs === undefined ? 'system-as' : 'router-id'}; v6net needs both`,
          r.bgpSource ?? r.source,
        ),
      );
      continue;
    }
    for (const i of r.interfaces) for (const a of i.addresses) routerAddresses.push(a.value.address);
    for (const o of [...r.networks, ...r.aggregates, ...r.staticRoutes.filter((s) => s.blackhole)])
      originated.push(o.prefix);
    const spec: Record<string, unknown> = { name: r.name };
    if (r.hostName !== undefined && r.domainName !== undefined)
      spec['fqdn'] = `${r.hostName.value}.${r.domainName.value}`;
    spec['asn'] = r.systemAs.value;
    spec['routerId'] = r.routerId.value;
    spec['nodeInterface'] = { ...ifaceName(iface), address: address.value.toString() };
    const lo = r.interfaces.find((i) => i.loopback && i.addresses.length > 0);
    if (lo !== undefined) {
      spec['loopback'] = lo.addresses[0]!.value.toString();
      loopbacks.push(lo.addresses[0]!.value.supernet(Math.min(64, lo.addresses[0]!.value.length)));
    }
    const session = sessionFor(r, peer.address);
    const nodeSession = [...r.listenRanges]
      .filter((l) => l.prefix?.overlaps(onLink))
      .sort((a, b) => a.prefix!.length - b.prefix!.length)[0];
    if (nodeSession?.prefix !== undefined && !nodeSession.prefix.equals(onLink))
      spec['listenRange'] = nodeSession.prefix.toString();
    const group = r.peerGroups.find((g) => g.name === nodeSession?.peerGroup?.value);
    const nodePeers = group !== undefined ? [group] : [];
    if (group !== undefined) {
      const exp = exportToNodes(r, group);
      if (exp !== undefined && exp !== 'default-route') spec['exportToNodes'] = exp;
      if (exp === undefined)
        notes.push(
          importNote(
            'export-policy-approximated',
            'warning',
            `router '${r.name}' export policy towards the nodes is neither "default route only", "nothing" nor "everything"; v6net renders default-route`,
            activeAf(group)?.routeMapExport?.source ?? group.source,
          ),
        );
      const max = activeAf(group)?.maximumPrefix?.value;
      if (max !== undefined) spec['maximumPrefix'] = max;
    } else {
      notes.push(
        importNote(
          'listen-range-missing',
          'warning',
          `router '${r.name}' has no listen range over ${onLink}; v6net renders one (peer group K8S)`,
          session?.peer.source ?? r.bgpSource ?? r.source,
        ),
      );
    }
    const uplinks: Record<string, unknown>[] = [];
    for (const n of r.neighbors) {
      const eff = effectivePeer(r, n);
      const addr = Ipv6Address.tryParse(n.name);
      if (addr.ok !== true || onLink.contains(addr.value) || nodePeers.includes(eff.group as RouterPeer)) continue;
      const remote = eff.remoteAs?.value;
      if (typeof remote !== 'number' || remote === clusterAsn) continue;
      const up = upstream.find((u) => u.asn === remote) ?? { asn: remote, neighbors: [], source: n.source };
      if (!upstream.includes(up)) upstream.push(up);
      up.neighbors.push({
        router: r.name,
        address: addr.value.toString(),
        ...(n.description !== undefined ? { description: n.description.value } : {}),
      });
      const link = r.interfaces.find(
        (i) => !i.loopback && i !== iface && i.addresses.some((a) => a.value.network().contains(addr.value)),
      );
      if (link !== undefined && !uplinks.some((u) => u['name'] === ifaceName(link).name))
        uplinks.push({ ...ifaceName(link), address: link.addresses[0]!.value.toString() });
    }
    if (uplinks.length > 0) spec['uplinks'] = uplinks;
    out.push(spec as unknown as RouterSpec);
  }
  if (upstream.length > 1)
    notes.push(
      importNote(
        'upstream-not-imported',
        'warning',
        `neighbors in ${upstream.length} upstream ASes; only AS${upstream[0]!.asn} is imported`,
        upstream[1]!.source,
      ),
    );
  return {
    routers: out,
    ...(upstream[0] !== undefined ? { upstream: { asn: upstream[0].asn, neighbors: upstream[0].neighbors } } : {}),
    ...(nodeNetwork !== undefined ? { nodeNetwork } : {}),
    loopbacks,
    originated,
    routerAddresses,
  };
}
