/**
 * Family `cross-address`: the addresses both ends must agree on. A Cilium peer address must be an address of the
 * router it names (else the nodes dial nobody), and every node address must be accepted by the router: inside a
 * listen range with a peer group, or a configured neighbor (FRR never dials listen-range peers and refuses the rest).
 */
import { count } from '../facts.js';
import { artifactRule, finding, side } from '../artifact-rule.js';
import type { Finding, Rule } from '../rule.js';
import { routerAt } from './cross-asn.js';

export const peerAddressNotOnRouter = artifactRule({
  id: 'cross-address/peer-address-not-on-router',
  severity: 'error',
  doc: "A Cilium peerAddress is on no interface of the router it is meant for (same name, or the one router no peer reaches): the nodes' sessions go nowhere.",
  checkArtifacts(view) {
    const owning = new Set(view.peers.map((p) => p.router).filter((r) => r !== undefined));
    const spare = view.routers.filter((r) => !owning.has(r));
    const out: Finding[] = [];
    for (const p of view.peers) {
      if (p.router !== undefined || p.address === undefined) continue;
      const named = view.routers.find((r) => r.name === p.peer.name || r.hostName?.value.split('.')[0] === p.peer.name);
      const router = named ?? (spare.length === 1 ? spare[0] : undefined);
      if (router === undefined) continue;
      const iface = router.interfaces.find((i) => !i.loopback && i.addresses.length > 0);
      const have = router.interfaces.flatMap((i) => i.addresses.map((a) => a.value.address.toString()));
      out.push(
        finding(
          p.at('peerAddress'),
          `peer '${p.peer.name}' address ${p.address.toString()} is not an address of router '${router.name}' (it has ${have.join(', ') || 'no IPv6 address'})`,
          {
            hint: "use the router's node-facing interface address as peerAddress",
            related: [
              side(
                `router '${router.name}' interface ${iface?.name ?? ''}`,
                iface?.addresses[0]?.source ?? iface?.source ?? routerAt(router),
              ),
            ],
          },
        ),
      );
    }
    return out;
  },
});

export const peerAddressUnverified = artifactRule({
  id: 'cross-address/peer-address-unverified',
  severity: 'info',
  doc: "The router's config lists no interface address (an FRR bgpd config without its interfaces): the Cilium peer is matched to it by name, and its peerAddress cannot be checked.",
  checkArtifacts(view) {
    return view.peers
      .filter((p) => p.router !== undefined && p.addressVerified === false)
      .map((p) =>
        finding(
          p.at('peerAddress'),
          `peer '${p.peer.name}' address ${p.address?.toString() ?? ''} cannot be checked: router '${p.router!.name}' lists no interface address`,
          {
            hint: "add the router's interface configuration (FRR: interface … ipv6 address) to the inputs",
            related: [side(`router '${p.router!.name}'`, routerAt(p.router!))],
          },
        ),
      );
  },
});

export const nodeOutsideListenRange = artifactRule({
  id: 'cross-address/node-outside-listen-range',
  severity: 'error',
  doc: "A node's address is in no listen range of the router (and is no configured neighbor): the router refuses that node's session.",
  checkArtifacts(view) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const s of view.sessions()) {
      if (s.refused.length === 0 || seen.has(s.router.file)) continue;
      seen.add(s.router.file);
      const first = s.refused[0]!;
      const selected = view.selectedNodes(s.peer.config).filter((n) => n.ipv6.length > 0).length;
      const ranges = s.router.listenRanges;
      const where = ranges[0]?.text.source ?? routerAt(s.router);
      out.push(
        finding(
          where,
          `router '${s.router.name}' refuses ${count(s.refused.length, 'node')} of ${selected} (first: '${first.name}' ${first.ipv6[0]!.address.toString()}): ${
            ranges.length === 0
              ? 'it has no listen range'
              : `outside its listen range${ranges.length > 1 ? 's' : ''} ${ranges.map((r) => r.text.value).join(', ')}`
          } and not a configured neighbor`,
          {
            hint: 'make the listen range cover the node network',
            related: [side(`node '${first.name}' address`, first.ipv6[0]!.source)],
          },
        ),
      );
    }
    return out;
  },
});

export const crossAddressRules: readonly Rule[] = [
  peerAddressNotOnRouter,
  peerAddressUnverified,
  nodeOutsideListenRange,
];
