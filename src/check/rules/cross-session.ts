/**
 * Family `cross-session`: session parameters on both ends of the node sessions. The router must activate IPv6
 * unicast for the nodes' group (VyOS sets `no bgp default ipv4-unicast`); TTL handling must match the topology
 * (multihop when a node is not on the router's segment, none needed when all are); when both sides set a hold time it
 * should be the same; graceful restart should be on both sides or neither. (Each side's own timer validity is the
 * `session-timers` family.)
 */
import type { SourcePosition } from '../../core/diagnostic.js';
import type { Decoded } from '../../k8s/decode.js';
import type { CiliumBgpPeerConfig } from '../../k8s/kinds.js';
import type { Located, RouterModel, RouterPeer } from '../../router/model.js';
import { activeAf, interfaceWithAddress } from '../../router/peers.js';
import { artifactRule, finding, side } from '../artifact-rule.js';
import { at, type CiliumPeerView, type PeerSessions } from '../artifact-view.js';
import type { Finding, Rule } from '../rule.js';
import { routerAt } from './cross-asn.js';

/** Cilium's defaults (bgp_peer_types.go SetDefaults): hold 90, keepalive 30, multihop 1. */
export const CILIUM_DEFAULTS = { holdTimeSec: 90, keepaliveSec: 30, ebgpMultihop: 1 } as const;

function peerConfigAt(p: CiliumPeerView, path: readonly (string | number)[]): SourcePosition {
  return p.peerConfig !== undefined
    ? at(p.peerConfig, ['spec', ...path])
    : p.at(p.peer.peerConfigRef ? 'peerConfigRef' : []);
}

function groupWhere(s: PeerSessions): SourcePosition {
  return s.session?.peer.source ?? routerAt(s.router);
}

/** Does the Cilium peer negotiate IPv6 unicast (explicit family, or the default ipv6+ipv4 families)? */
function wantsIpv6(pc: Decoded<CiliumBgpPeerConfig> | undefined): boolean {
  const families = pc?.object.spec.families;
  return (
    families === undefined || families.length === 0 || families.some((f) => f.afi === 'ipv6' && f.safi === 'unicast')
  );
}

export const noIpv6Unicast = artifactRule({
  id: 'cross-session/no-ipv6-unicast',
  severity: 'error',
  doc: "The router's neighbor or peer group for the nodes lacks `address-family ipv6-unicast`: VyOS disables IPv4 by default, so no family is active and the nodes' IPv6 routes are never exchanged.",
  checkArtifacts(view) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const s of view.sessions()) {
      const peer = s.session?.peer;
      if (peer === undefined || !wantsIpv6(s.peer.peerConfig) || activeAf(peer) !== undefined) continue;
      const key = `${s.router.file}|${peer.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(
        finding(
          groupWhere(s),
          `router '${s.router.name}' ${peer.kind} '${peer.name}' has no address-family ipv6-unicast; the nodes only speak IPv6 unicast`,
          {
            hint: `set protocols bgp ${peer.kind} ${peer.name} address-family ipv6-unicast`,
            related: [
              side(
                'Cilium families',
                peerConfigAt(s.peer, s.peer.peerConfig?.object.spec.families ? ['families'] : []),
              ),
            ],
          },
        ),
      );
    }
    return out;
  },
});

/** Nodes of a session that are not on the router's segment of the peer address. */
function offLink(s: PeerSessions) {
  const owner = s.peer.address === undefined ? undefined : interfaceWithAddress(s.router, s.peer.address);
  if (owner === undefined) return undefined;
  const segments = owner.iface.addresses.map((a) => a.value.network());
  return { owner, nodes: s.nodes.filter((n) => !segments.some((seg) => seg.contains(n.ipv6[0]!.address))) };
}

function routerTtl(peer: RouterPeer): Located<number> | undefined {
  return peer.ebgpMultihop ?? peer.ttlSecurityHops;
}

export const multihopNeeded = artifactRule({
  id: 'cross-session/multihop-needed',
  severity: 'error',
  doc: "A node is not on the router's segment of the peer address, but a side sends with TTL 1 (Cilium ebgpMultihop ≤ 1, or the router without ebgp-multihop): its packets die one hop short.",
  checkArtifacts(view) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const s of view.sessions()) {
      const off = offLink(s);
      const node = off?.nodes[0];
      if (off === undefined || node === undefined || s.session === undefined) continue;
      const nodeSide = side(
        `node '${node.name}' ${node.ipv6[0]!.address.toString()}, not on ${off.owner.iface.name}`,
        node.ipv6[0]!.source,
      );
      const hops = s.peer.peerConfig?.object.spec.ebgpMultihop ?? CILIUM_DEFAULTS.ebgpMultihop;
      const ciliumKey = `cilium|${s.peer.peerConfig?.read.source.file}|${s.peer.peerConfig?.object.metadata.name ?? s.peer.peer.name}`;
      if (hops <= 1 && !seen.has(ciliumKey)) {
        seen.add(ciliumKey);
        out.push(
          finding(
            peerConfigAt(s.peer, s.peer.peerConfig?.object.spec.ebgpMultihop ? ['ebgpMultihop'] : []),
            `Cilium sends with TTL 1 to router '${s.router.name}', but node '${node.name}' is not on its segment`,
            { hint: 'set ebgpMultihop to the hop count (e.g. 2)', related: [nodeSide] },
          ),
        );
      }
      const peer = s.session.peer;
      const routerKey = `${s.router.file}|${peer.name}`;
      if (routerTtl(peer) === undefined && !peer.disableConnectedCheck && !seen.has(routerKey)) {
        seen.add(routerKey);
        out.push(
          finding(
            groupWhere(s),
            `router '${s.router.name}' ${peer.kind} '${peer.name}' has no ebgp-multihop, but node '${node.name}' is not on its segment`,
            { hint: `set protocols bgp ${peer.kind} ${peer.name} ebgp-multihop 2`, related: [nodeSide] },
          ),
        );
      }
    }
    return out;
  },
});

export const multihopUnneeded = artifactRule({
  id: 'cross-session/multihop-unneeded',
  severity: 'info',
  doc: "Every node is on the router's segment, yet a side sets eBGP multihop: TTL 1 suffices (multihop is harmless but gives up the one-hop guarantee).",
  checkArtifacts(view) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const s of view.sessions()) {
      const off = offLink(s);
      if (off === undefined || s.nodes.length === 0 || off.nodes.length > 0 || s.session === undefined) continue;
      const segment = side(
        `router '${s.router.name}' ${off.owner.iface.name} ${off.owner.address.value.toString()}`,
        off.owner.address.source,
      );
      const hops = s.peer.peerConfig?.object.spec.ebgpMultihop;
      const ciliumKey = `cilium|${s.peer.peerConfig?.read.source.file}|${s.peer.peerConfig?.object.metadata.name}`;
      if (hops !== undefined && hops > 1 && !seen.has(ciliumKey)) {
        seen.add(ciliumKey);
        out.push(
          finding(
            peerConfigAt(s.peer, ['ebgpMultihop']),
            `ebgpMultihop ${hops} is unnecessary: the nodes share a segment with router '${s.router.name}'`,
            { hint: 'leave ebgpMultihop at 1 for directly connected peers', related: [segment] },
          ),
        );
      }
      const ttl = routerTtl(s.session.peer);
      const routerKey = `${s.router.file}|${s.session.peer.name}`;
      if (ttl !== undefined && ttl.value > 1 && s.session.peer.ebgpMultihop !== undefined && !seen.has(routerKey)) {
        seen.add(routerKey);
        out.push(
          finding(
            ttl.source ?? groupWhere(s),
            `router '${s.router.name}' ebgp-multihop ${ttl.value} is unnecessary: the nodes are on its segment`,
            {
              hint: 'remove ebgp-multihop for directly connected nodes',
              related: [side(`Cilium peer '${s.peer.peer.name}'`, s.peer.at('peerAddress'))],
            },
          ),
        );
      }
    }
    return out;
  },
});

/** The hold/keepalive a router applies to a peer: the peer's timers, else the global ones. */
function routerTimers(router: RouterModel, peer: RouterPeer) {
  const peerHold = peer.timers.holdTimeSec;
  return peerHold !== undefined ? peer.timers : router.timers;
}

export const holdTimeMismatch = artifactRule({
  id: 'cross-session/hold-time-mismatch',
  severity: 'warning',
  doc: 'Both ends set a hold time and they differ: the session runs with the smaller one, so one side does not get the failure detection it was configured for.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const s of view.sessions()) {
      const cilium = s.peer.peerConfig?.object.spec.timers?.holdTimeSeconds;
      const peer = s.session?.peer;
      const hold = peer === undefined ? undefined : routerTimers(s.router, peer).holdTimeSec;
      if (cilium === undefined || hold === undefined || hold.value === cilium) continue;
      const key = `${s.router.file}|${peer!.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(
        finding(
          hold.source ?? groupWhere(s),
          `router '${s.router.name}' hold time ${hold.value} s, Cilium ${cilium} s: the session uses ${Math.min(hold.value, cilium)} s`,
          {
            hint: 'configure the same hold time (and keepalive) on both sides',
            related: [side(`Cilium holdTimeSeconds ${cilium}`, peerConfigAt(s.peer, ['timers', 'holdTimeSeconds']))],
          },
        ),
      );
    }
    return out;
  },
});

export const gracefulRestartOneSide = artifactRule({
  id: 'cross-session/graceful-restart-one-side',
  severity: 'warning',
  doc: "Graceful restart on one side only: with Cilium's GR on and the router's off, a Cilium agent restart withdraws every node route; with the router's on and Cilium's off, the router's own restarts are not bridged.",
  checkArtifacts(view) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const s of view.sessions()) {
      const peer = s.session?.peer;
      if (peer === undefined) continue;
      const key = `${s.router.file}|${peer.name}|${s.peer.peerConfig?.object.metadata.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const cilium = s.peer.peerConfig?.object.spec.gracefulRestart?.enabled === true;
      const ciliumSide = side(
        `Cilium gracefulRestart ${cilium ? 'enabled' : 'off'}`,
        peerConfigAt(s.peer, s.peer.peerConfig?.object.spec.gracefulRestart ? ['gracefulRestart'] : []),
      );
      const mode = peer.gracefulRestart?.value;
      if (cilium && mode === 'disable') {
        out.push(
          finding(
            peer.gracefulRestart?.source ?? groupWhere(s),
            `router '${s.router.name}' disables graceful restart for ${peer.kind} '${peer.name}' while Cilium enables it`,
            { hint: `remove graceful-restart disable (FRR helps restarting peers by default)`, related: [ciliumSide] },
          ),
        );
      } else if (!cilium && (mode === 'enable' || (mode === undefined && s.router.gracefulRestart !== undefined))) {
        const where = peer.gracefulRestart?.source ?? s.router.gracefulRestart?.source ?? groupWhere(s);
        out.push(
          finding(where, `router '${s.router.name}' enables graceful restart but Cilium's peer config does not`, {
            hint: 'enable gracefulRestart in the CiliumBGPPeerConfig',
            related: [ciliumSide],
          }),
        );
      }
    }
    return out;
  },
});

export const crossSessionRules: readonly Rule[] = [
  noIpv6Unicast,
  multihopNeeded,
  multihopUnneeded,
  holdTimeMismatch,
  gracefulRestartOneSide,
];
