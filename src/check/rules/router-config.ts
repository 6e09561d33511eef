/**
 * Family `router-config`: router configurations that cannot work whatever the other side does (reference §2.2,
 * §2.5, §3.2): no BGP identifier on an IPv6-only router (FRR falls back to 0.0.0.0: Bad BGP Identifier, refused by
 * FRR ≥ 10), a listen range without an existing peer group, a neighbor or group with no address family (with
 * `no bgp default ipv4-unicast` it never starts), a policy reference to a route map or prefix list that does not
 * exist (FRR then denies everything).
 */
import { Ipv4Address } from '../../ip/index.js';
import type { RouterModel } from '../../router/model.js';
import { effectivePeer } from '../../router/peers.js';
import { artifactRule, finding, side } from '../artifact-rule.js';
import type { Finding, Rule } from '../rule.js';
import { routerAt } from './cross-asn.js';

function hasBgp(r: RouterModel): boolean {
  return r.systemAs !== undefined || r.peerGroups.length + r.neighbors.length > 0;
}

export const routerIdMissing = artifactRule({
  id: 'router-config/router-id-missing',
  severity: 'error',
  doc: 'A router runs BGP without `parameters router-id` and has no IPv4 address: FRR uses 0.0.0.0, which peers reject (Bad BGP Identifier) and FRR ≥ 10 refuses to use.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const r of view.routers) {
      if (!hasBgp(r) || r.routerId !== undefined) continue;
      const peer = view.peers.find((p) => p.router === r);
      out.push(
        finding(
          r.systemAs?.source ?? routerAt(r),
          `router '${r.name}' has no BGP router-id and no IPv4 address to derive one from`,
          {
            hint: `set protocols bgp parameters router-id <unique IPv4, e.g. 10.255.255.${view.routers.indexOf(r) + 1}>`,
            related: [peer ? side(`Cilium peer '${peer.peer.name}'`, peer.at('peerAddress')) : undefined],
          },
        ),
      );
    }
    for (const r of view.routers) {
      if (r.routerId !== undefined && !Ipv4Address.tryParse(r.routerId.value).ok) {
        out.push(
          finding(
            r.routerId.source ?? routerAt(r),
            `router '${r.name}' router-id '${r.routerId.value}' is not an IPv4 address`,
            { hint: 'a BGP identifier is written as an IPv4 address' },
          ),
        );
      }
    }
    return out;
  },
});

export const listenRangeWithoutGroup = artifactRule({
  id: 'router-config/listen-range-without-group',
  severity: 'error',
  doc: 'A listen range names no peer group, or one that does not exist (or has no remote-as): VyOS refuses the commit and FRR accepts no dynamic neighbor.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const r of view.routers) {
      for (const range of r.listenRanges) {
        const name = range.peerGroup?.value;
        const group = name === undefined ? undefined : r.peerGroups.find((g) => g.name === name);
        if (group !== undefined && group.remoteAs !== undefined) continue;
        const why =
          name === undefined
            ? 'names no peer group'
            : group === undefined
              ? `names peer group '${name}', which does not exist`
              : `names peer group '${name}', which has no remote-as`;
        out.push(
          finding(range.text.source ?? routerAt(r), `router '${r.name}' listen range ${range.text.value} ${why}`, {
            hint: 'point the range at a peer group with remote-as',
          }),
        );
      }
    }
    return out;
  },
});

export const peerWithoutAddressFamily = artifactRule({
  id: 'router-config/peer-without-address-family',
  severity: 'error',
  doc: 'A configured neighbor has no address family (itself or through its peer group): VyOS sets `no bgp default ipv4-unicast`, so no family is active and the session never starts.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const r of view.routers) {
      for (const n of r.neighbors) {
        const eff = effectivePeer(r, n);
        if (eff.addressFamilies.some((a) => a.activated)) continue;
        out.push(
          finding(n.source ?? routerAt(r), `router '${r.name}' neighbor ${n.name} has no address family`, {
            hint: `set protocols bgp neighbor ${n.name} address-family ipv6-unicast`,
          }),
        );
      }
    }
    return out;
  },
});

export const policyMissing = artifactRule({
  id: 'router-config/policy-missing',
  severity: 'error',
  doc: 'A neighbor or peer group uses a route-map or prefix-list that does not exist: VyOS refuses the commit, and FRR denies every route in that direction.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const r of view.routers) {
      for (const p of [...r.peerGroups, ...r.neighbors]) {
        for (const af of p.addressFamilies) {
          const refs = [
            { kind: 'route-map', ref: af.routeMapImport, ok: (n: string) => r.routeMaps.has(n) },
            { kind: 'route-map', ref: af.routeMapExport, ok: (n: string) => r.routeMaps.has(n) },
            { kind: 'prefix-list', ref: af.prefixListImport, ok: (n: string) => r.prefixLists6.has(n) },
            { kind: 'prefix-list', ref: af.prefixListExport, ok: (n: string) => r.prefixLists6.has(n) },
          ];
          for (const { kind, ref, ok } of refs) {
            if (ref === undefined || ok(ref.value)) continue;
            out.push(
              finding(
                ref.source ?? p.source ?? routerAt(r),
                `router '${r.name}' ${p.kind} ${p.name} uses ${kind} ${ref.value}, which does not exist`,
                {
                  hint: `define policy ${kind === 'route-map' ? 'route-map' : 'prefix-list6'} ${ref.value} (or fix the name)`,
                },
              ),
            );
          }
        }
      }
    }
    return out;
  },
});

export const routerConfigRules: readonly Rule[] = [
  routerIdMissing,
  listenRangeWithoutGroup,
  peerWithoutAddressFamily,
  policyMissing,
];
