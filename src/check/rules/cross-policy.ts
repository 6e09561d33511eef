/**
 * Family `cross-policy`: what the routers' routing policy does with what the cluster announces, evaluated with FRR's
 * semantics (`src/router/policy-eval.ts`; conditions v6net does not evaluate make a rule stay silent). The import
 * policy for the node sessions must accept the prefixes Cilium advertises but nothing else (never `::/0`: any node
 * could attract all traffic); it should cap the prefix count; the upstream export needs a policy and must carry the
 * LB pools; what the router exports to the nodes is discarded by Cilium; communities Cilium attaches should mean
 * something to the router.
 */
import type { SourcePosition } from '../../core/diagnostic.js';
import { Ipv6Prefix } from '../../ip/index.js';
import type { RouterModel } from '../../router/model.js';
import { activeAf, type EffectivePeer, effectivePeer, isEbgp } from '../../router/peers.js';
import { evaluatePeerPolicy, type PolicyVerdict, policySource } from '../../router/policy-eval.js';
import { artifactRule, finding, side } from '../artifact-rule.js';
import { type ArtifactView, at, type PeerSessions } from '../artifact-view.js';
import { advertisedPrefixes, advertsForPeer, entryCommunities } from '../cilium-adverts.js';
import type { Finding, Rule } from '../rule.js';
import { routerAt } from './cross-asn.js';

const DEFAULT_ROUTE = Ipv6Prefix.parse('::/0');
const GLOBAL_UNICAST = Ipv6Prefix.parse('2000::/3');

/** Node sessions with IPv6 unicast active, one per (router, peer group/neighbor). */
function nodeSessions(view: ArtifactView): (PeerSessions & { session: NonNullable<PeerSessions['session']> })[] {
  const seen = new Set<string>();
  const out: (PeerSessions & { session: NonNullable<PeerSessions['session']> })[] = [];
  for (const s of view.sessions()) {
    if (s.session === undefined || activeAf(s.session.peer) === undefined) continue;
    const key = `${s.router.file}|${s.session.peer.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s as PeerSessions & { session: NonNullable<PeerSessions['session']> });
  }
  return out;
}

function ebgpToNodes(s: PeerSessions): boolean {
  return isEbgp(s.router, s.session!.peer, s.peer.instance.localASN) ?? true;
}

/** Where a verdict is best shown: the deciding rule, or the session's policy reference for an implicit deny. */
function where(s: PeerSessions, v: PolicyVerdict, direction: 'import' | 'export'): SourcePosition {
  const reference = policySource(activeAf(s.session!.peer), direction);
  return (
    (v.implicit ? reference : (v.via?.source ?? v.source)) ?? reference ?? s.session!.peer.source ?? routerAt(s.router)
  );
}

function ciliumPeerSide(s: PeerSessions) {
  return side(`Cilium peer '${s.peer.peer.name}'`, s.peer.at('peerAddress'));
}

export const nodeImportAcceptsAnything = artifactRule({
  id: 'cross-policy/node-import-accepts-anything',
  severity: 'error',
  doc: "The router's import policy for the node sessions accepts ::/0 or any global prefix (or there is none): any node, or anything that gets onto the node segment, can attract the network's traffic.",
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const s of nodeSessions(view)) {
      const af = activeAf(s.session.peer);
      const def = evaluatePeerPolicy(s.router, af, 'import', { prefix: DEFAULT_ROUTE }, ebgpToNodes(s));
      const wide = evaluatePeerPolicy(s.router, af, 'import', { prefix: GLOBAL_UNICAST }, ebgpToNodes(s));
      const hit =
        def.result === 'permit'
          ? { v: def, what: 'the default route ::/0' }
          : wide.result === 'permit'
            ? { v: wide, what: 'prefixes outside the cluster (2000::/3)' }
            : undefined;
      if (hit === undefined) continue;
      out.push(
        finding(
          where(s, hit.v, 'import'),
          `router '${s.router.name}' accepts ${hit.what} from the nodes (${hit.v.reason})`,
          {
            hint: "import only the cluster's prefixes: PodCIDRs up to the node mask, LB pools and the service CIDR up to /128",
            related: [ciliumPeerSide(s)],
          },
        ),
      );
    }
    return out;
  },
});

export const advertisedPrefixRejected = artifactRule({
  id: 'cross-policy/advertised-prefix-rejected',
  severity: 'error',
  doc: "A prefix Cilium advertises to the router (PodCIDR, LB IP, ClusterIP, externalIP) is denied by the router's import policy for the node session: it never becomes reachable.",
  checkArtifacts(view) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const s of nodeSessions(view)) {
      const af = activeAf(s.session.peer);
      for (const p of advertisedPrefixes(view, s.peer, s.nodes)) {
        const v = evaluatePeerPolicy(
          s.router,
          af,
          'import',
          { prefix: p.prefix, communities: p.communities },
          ebgpToNodes(s),
        );
        const key = `${s.router.file}|${s.session.peer.name}|${p.kind}|${p.origin.source.file}:${p.origin.source.line}`;
        if (v.result !== 'deny' || seen.has(key)) continue;
        seen.add(key);
        out.push(
          finding(
            where(s, v, 'import'),
            `router '${s.router.name}' rejects ${p.kind} ${p.prefix.toString()} from the nodes (${v.reason})`,
            {
              hint: `permit ${p.prefix.toString()} in the import policy of ${s.session.peer.kind} ${s.session.peer.name}`,
              related: [
                side(p.origin.message, p.origin.source),
                side(`advertised by '${p.via.advert.object.metadata.name}'`, p.via.source),
              ],
            },
          ),
        );
      }
    }
    return out;
  },
});

export const noMaximumPrefix = artifactRule({
  id: 'cross-policy/no-maximum-prefix',
  severity: 'warning',
  doc: "The node sessions have no maximum-prefix: one misbehaving node (or a Service explosion) can fill the router's table.",
  checkArtifacts(view) {
    return nodeSessions(view)
      .filter((s) => activeAf(s.session.peer)?.maximumPrefix === undefined)
      .map((s) => {
        const peer = s.session.peer;
        return finding(
          activeAf(peer)?.source ?? peer.source ?? routerAt(s.router),
          `router '${s.router.name}' ${peer.kind} '${peer.name}' has no maximum-prefix for the node sessions`,
          {
            hint: `set protocols bgp ${peer.kind} ${peer.name} address-family ipv6-unicast maximum-prefix (PodCIDR + Service addresses per node, with headroom)`,
            related: [ciliumPeerSide(s)],
          },
        );
      });
  },
});

/** Upstream neighbors of a router: eBGP neighbors that are not node sessions. */
function upstreams(view: ArtifactView, router: RouterModel): EffectivePeer[] {
  const nodeAddrs = new Set(view.nodes.flatMap((n) => n.ipv6.map((a) => a.address.toBigInt())));
  const nodeGroups = new Set(
    view
      .sessions()
      .filter((s) => s.router === router && s.session)
      .map((s) => s.session!.peer.name),
  );
  return router.neighbors
    .map((n) => effectivePeer(router, n))
    .filter((n) => {
      const addr = Ipv6Prefix.tryParse(`${n.name}/128`);
      if (addr.ok && nodeAddrs.has(addr.value.address.toBigInt())) return false;
      if (n.peerGroup !== undefined && nodeGroups.has(n.peerGroup.value)) return false;
      return activeAf(n) !== undefined && isEbgp(router, n) !== false;
    });
}

export const upstreamExportWithoutPolicy = artifactRule({
  id: 'cross-policy/upstream-export-without-policy',
  severity: 'warning',
  doc: 'An upstream session has no export policy (and ebgp-requires-policy is off, the VyOS default): every route the router knows, each node /128 and PodCIDR included, goes upstream.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const router of view.routers) {
      if (router.ebgpRequiresPolicy) continue;
      for (const n of upstreams(view, router)) {
        const af = activeAf(n)!;
        if (af.routeMapExport || af.prefixListExport || af.otherExportFilters.length > 0) continue;
        const nodeSide = view.sessions().find((s) => s.router === router && s.session !== undefined);
        out.push(
          finding(
            n.neighbor?.source ?? af.source ?? routerAt(router),
            `router '${router.name}' sends everything to upstream ${n.name} (no export policy)`,
            {
              hint: `set protocols bgp neighbor ${n.name} address-family ipv6-unicast route-map export (the aggregate only)`,
              related: [
                nodeSide
                  ? side(
                      `routes learned from the nodes (${nodeSide.session!.peer.kind} ${nodeSide.session!.peer.name})`,
                      nodeSide.session!.peer.source,
                    )
                  : undefined,
              ],
            },
          ),
        );
      }
    }
    return out;
  },
});

export const lbPoolNotExported = artifactRule({
  id: 'cross-policy/lb-pool-not-exported',
  severity: 'warning',
  doc: 'An LB pool is not announced upstream: neither its addresses nor an aggregate the router originates (network, aggregate-address) containing it pass the upstream export policy, so LoadBalancer IPs are unreachable from outside.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const router of view.routers) {
      const ups = upstreams(view, router);
      if (ups.length === 0 || !view.peers.some((p) => p.router === router)) continue;
      const originated = [...router.networks, ...router.aggregates];
      for (const pool of view.pools) {
        const blocks = pool.object.spec.blocks ?? pool.object.spec.cidrs ?? [];
        blocks.forEach((b, i) => {
          const cidr = b.cidr === undefined ? undefined : Ipv6Prefix.tryParse(b.cidr);
          if (!cidr?.ok) return;
          const block = cidr.value.network();
          const host = Ipv6Prefix.of(block.first(), 128);
          for (const up of ups) {
            const af = activeAf(up);
            const direct = evaluatePeerPolicy(router, af, 'export', { prefix: host }, true);
            if (direct.result !== 'deny') continue;
            const covering = originated.filter((o) => o.prefix.contains(block));
            const results = covering.map(
              (o) => evaluatePeerPolicy(router, af, 'export', { prefix: o.prefix }, true).result,
            );
            if (results.some((r) => r !== 'deny')) continue;
            const field = pool.object.spec.blocks ? 'blocks' : 'cidrs';
            const reason =
              covering.length === 0
                ? originated.length > 0
                  ? `outside the aggregate ${originated[0]!.prefix.toString()} the router originates`
                  : 'no originated aggregate covers it'
                : 'the covering aggregate is not exported either';
            out.push(
              finding(
                at(pool, ['spec', field, i]),
                `LB pool '${pool.object.metadata.name}' ${block.toString()} is not exported by router '${router.name}' to ${up.name}: its /128s are denied (${direct.reason}) and ${reason}`,
                {
                  hint: 'originate an aggregate covering the pool (network) and permit it in the upstream export policy',
                  related: [
                    side(`router '${router.name}' export to ${up.name}`, policySource(af, 'export') ?? up.source),
                  ],
                },
              ),
            );
          }
        });
      }
    }
    return out;
  },
});

export const defaultRouteToNodes = artifactRule({
  id: 'cross-policy/default-route-to-nodes',
  severity: 'info',
  doc: "The router exports a default route to the nodes (export policy permits ::/0, or default-originate): Cilium's BGP control plane rejects every received route, so nodes need their default route from RA or static config anyway.",
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const s of nodeSessions(view)) {
      const af = activeAf(s.session.peer)!;
      const v = evaluatePeerPolicy(s.router, af, 'export', { prefix: DEFAULT_ROUTE }, ebgpToNodes(s));
      if (af.defaultOriginate === undefined && !(v.result === 'permit' && (af.routeMapExport || af.prefixListExport)))
        continue;
      out.push(
        finding(
          af.defaultOriginate?.source ?? where(s, v, 'export'),
          `router '${s.router.name}' exports ::/0 to the nodes, which Cilium never installs`,
          {
            hint: 'nodes take their default route from router advertisements or static config; exporting nothing to them is enough',
            related: [ciliumPeerSide(s)],
          },
        ),
      );
    }
    return out;
  },
});

/** Does route map `name` look at communities (a `match community` in any rule)? */
function mapUsesCommunities(router: RouterModel, name: string | undefined): boolean {
  return (
    name !== undefined &&
    (router.routeMaps.get(name)?.rules.some((r) => r.matches.some((m) => m.kind === 'community-list')) ?? false)
  );
}

export const communityUnused = artifactRule({
  id: 'cross-policy/community-unused',
  severity: 'info',
  doc: 'An advertisement attaches communities, but the routers receiving it match no community in their import policy for the nodes or their upstream export: the communities change nothing.',
  checkArtifacts(view) {
    const unused = new Map<
      string,
      { advert: ReturnType<typeof advertsForPeer>[number]; routers: { name: string; at?: SourcePosition }[] }
    >();
    const usedBy = new Set<string>();
    for (const s of nodeSessions(view)) {
      const af = activeAf(s.session.peer)!;
      const used =
        mapUsesCommunities(s.router, af.routeMapImport?.value) ||
        upstreams(view, s.router).some((u) => mapUsesCommunities(s.router, activeAf(u)?.routeMapExport?.value));
      for (const a of advertsForPeer(view, s.peer)) {
        if (entryCommunities(a.entry).length === 0) continue;
        const key = `${a.advert.read.source.file}|${a.advert.object.metadata.name}|${a.index}`;
        if (used) {
          usedBy.add(key);
          continue;
        }
        const entry = unused.get(key) ?? { advert: a, routers: [] };
        if (!entry.routers.some((r) => r.name === s.router.name)) {
          const where = policySource(af, 'import') ?? s.session.peer.source;
          entry.routers.push(where ? { name: s.router.name, at: where } : { name: s.router.name });
        }
        unused.set(key, entry);
      }
    }
    const out: Finding[] = [];
    for (const [key, { advert: a, routers }] of unused) {
      if (usedBy.has(key)) continue;
      out.push(
        finding(
          at(a.advert, ['spec', 'advertisements', a.index, 'attributes', 'communities']),
          `communities ${entryCommunities(a.entry).join(', ')} of '${a.advert.object.metadata.name}' are not used by router${routers.length > 1 ? 's' : ''} ${routers.map((r) => `'${r.name}'`).join(', ')}`,
          {
            hint: 'match them in a route-map (e.g. to set local-preference or tag routes upstream), or drop them',
            related: routers.map((r) => side(`router '${r.name}' import policy`, r.at)),
          },
        ),
      );
    }
    return out;
  },
});

export const crossPolicyRules: readonly Rule[] = [
  nodeImportAcceptsAnything,
  advertisedPrefixRejected,
  noMaximumPrefix,
  upstreamExportWithoutPolicy,
  lbPoolNotExported,
  defaultRouteToNodes,
  communityUnused,
];
