/**
 * Family `cilium-bgp`: Cilium BGP objects that are valid for the API server but do not do what they look like
 * (reference §1–§4, §10): peers without a peer config (no routes), peer configs that do not exist (no session),
 * families or Service advertisements without a selector (nil selects nothing), selectors that select no
 * advertisement, In/NotIn with empty values (reconcile fails), localPreference towards eBGP peers (stripped), the
 * v1 CiliumBGPPeeringPolicy (removed in 1.19) and v1 + v2 on the same nodes (v1 wins).
 */
import type { SourcePosition } from '../../core/diagnostic.js';
import type { Decoded } from '../../k8s/decode.js';
import type { K8sLabelSelector } from '../../k8s/objects.js';
import type { DataPath } from '../../spec/plan-types.js';
import { artifactRule, finding, side } from '../artifact-rule.js';
import { type ArtifactView, at, selects } from '../artifact-view.js';
import { advertsForPeer } from '../cilium-adverts.js';
import type { Finding, Rule } from '../rule.js';

export const peerWithoutPeerConfig = artifactRule({
  id: 'cilium-bgp/peer-without-peer-config',
  severity: 'error',
  doc: 'A peer without peerConfigRef: the session comes up with default timers and no auth, but Cilium advertises nothing to it.',
  checkArtifacts(view) {
    return view.peers
      .filter((p) => p.peer.peerConfigRef === undefined || p.peer.peerConfigRef.name === '')
      .map((p) =>
        finding(p.at(), `peer '${p.peer.name}' has no peerConfigRef: nothing is advertised to it`, {
          hint: 'add peerConfigRef: {name: <CiliumBGPPeerConfig>} with families and an advertisements selector',
          related: [p.router ? side(`router '${p.router.name}'`, p.router.bgpSource ?? p.router.source) : undefined],
        }),
      );
  },
});

export const peerConfigMissing = artifactRule({
  id: 'cilium-bgp/peer-config-missing',
  severity: 'error',
  doc: 'A peerConfigRef names a CiliumBGPPeerConfig that does not exist: the agent does not configure that peer at all (MissingPeerConfigs).',
  checkArtifacts(view) {
    return view.peers
      .filter(
        (p) => p.peer.peerConfigRef !== undefined && p.peer.peerConfigRef.name !== '' && p.peerConfig === undefined,
      )
      .map((p) => {
        const names = view.peerConfigs.map((c) => c.object.metadata.name);
        return finding(
          p.at(['peerConfigRef', 'name']),
          `peer '${p.peer.name}' refers to CiliumBGPPeerConfig '${p.peer.peerConfigRef!.name}', which does not exist${names.length > 0 ? ` (there is ${names.map((n) => `'${n}'`).join(', ')})` : ''}`,
          {
            hint: 'create the peer config or fix the name',
            related: view.peerConfigs
              .slice(0, 1)
              .map((c) => side(`CiliumBGPPeerConfig '${c.object.metadata.name}'`, at(c, ['metadata', 'name']))),
          },
        );
      });
  },
});

export const familyWithoutAdvertisements = artifactRule({
  id: 'cilium-bgp/family-without-advertisements',
  severity: 'error',
  doc: 'A peer config family has no advertisements selector (or the config lists no families): a nil selector selects nothing, so no prefix is advertised in that family.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const pc of view.peerConfigs) {
      const families = pc.object.spec.families ?? [];
      if (families.length === 0) {
        out.push(
          finding(
            at(pc, ['spec']),
            `CiliumBGPPeerConfig '${pc.object.metadata.name}' has no families: ipv6 and ipv4 unicast are negotiated with no advertisements`,
            { hint: 'add families: [{afi: ipv6, safi: unicast, advertisements: {matchLabels: {...}}}]' },
          ),
        );
        continue;
      }
      families.forEach((f, i) => {
        if (f.advertisements !== undefined) return;
        out.push(
          finding(
            at(pc, ['spec', 'families', i]),
            `family ${f.afi}/${f.safi} of '${pc.object.metadata.name}' has no advertisements selector: nothing is advertised in it`,
            { hint: 'add advertisements: {matchLabels: {advertise: bgp}} matching your CiliumBGPAdvertisements' },
          ),
        );
      });
    }
    return out;
  },
});

export const advertisementSelectorMatchesNothing = artifactRule({
  id: 'cilium-bgp/advertisement-selector-matches-nothing',
  severity: 'warning',
  doc: "A family's advertisements selector matches no CiliumBGPAdvertisement (by label): the peers using it get no routes.",
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const pc of view.peerConfigs) {
      (pc.object.spec.families ?? []).forEach((f, i) => {
        if (f.advertisements === undefined) return;
        if (view.advertisements.some((a) => selects(f.advertisements, 'nothing', a.object.metadata.labels ?? {})))
          return;
        const labelled =
          view.advertisements.find((a) => Object.keys(a.object.metadata.labels ?? {}).length > 0) ??
          view.advertisements[0];
        out.push(
          finding(
            at(pc, ['spec', 'families', i, 'advertisements']),
            `the advertisements selector of '${pc.object.metadata.name}' ${f.afi}/${f.safi} matches none of the ${view.advertisements.length} CiliumBGPAdvertisements`,
            {
              hint: 'give the advertisements the labels the selector asks for',
              related: [
                labelled
                  ? side(
                      `'${labelled.object.metadata.name}' labels`,
                      at(labelled, ['metadata', labelled.object.metadata.labels ? 'labels' : 'name']),
                    )
                  : undefined,
              ],
            },
          ),
        );
      });
    }
    return out;
  },
});

export const serviceSelectorMissing = artifactRule({
  id: 'cilium-bgp/service-selector-missing',
  severity: 'error',
  doc: 'A Service advertisement without selector: Cilium advertises no Service at all (cilium #33076); select all with a NotIn on a label no Service has.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const a of view.advertisements) {
      a.object.spec.advertisements.forEach((e, i) => {
        if (e.advertisementType !== 'Service' || e.selector !== undefined) return;
        out.push(
          finding(
            at(a, ['spec', 'advertisements', i]),
            `Service advertisement ${i + 1} of '${a.object.metadata.name}' has no selector: it advertises no Service`,
            {
              hint: "add selector: {matchExpressions: [{key: somekey, operator: NotIn, values: ['never-used-value']}]} to select every Service",
            },
          ),
        );
      });
    }
    return out;
  },
});

/** Every label selector in the Cilium objects, with its position. */
function selectorsOf(
  view: ArtifactView,
): { selector: K8sLabelSelector; at: (path: DataPath) => SourcePosition; what: string }[] {
  const out: { selector: K8sLabelSelector; at: (path: DataPath) => SourcePosition; what: string }[] = [];
  const add = <T>(d: Decoded<T>, path: DataPath, selector: K8sLabelSelector | undefined, what: string) => {
    if (selector !== undefined) out.push({ selector, at: (p) => at(d, [...path, ...p]), what });
  };
  for (const c of view.clusterConfigs)
    add(c, ['spec', 'nodeSelector'], c.object.spec.nodeSelector, `nodeSelector of '${c.object.metadata.name}'`);
  for (const pc of view.peerConfigs)
    (pc.object.spec.families ?? []).forEach((f, i) => {
      add(
        pc,
        ['spec', 'families', i, 'advertisements'],
        f.advertisements,
        `advertisements selector of '${pc.object.metadata.name}'`,
      );
    });
  for (const a of view.advertisements)
    a.object.spec.advertisements.forEach((e, i) => {
      add(a, ['spec', 'advertisements', i, 'selector'], e.selector, `selector of '${a.object.metadata.name}'`);
    });
  for (const p of view.pools)
    add(
      p,
      ['spec', 'serviceSelector'],
      p.object.spec.serviceSelector,
      `serviceSelector of '${p.object.metadata.name}'`,
    );
  for (const v1 of view.policies)
    add(v1, ['spec', 'nodeSelector'], v1.object.spec.nodeSelector, `nodeSelector of '${v1.object.metadata.name}'`);
  return out;
}

export const selectorValuesEmpty = artifactRule({
  id: 'cilium-bgp/selector-values-empty',
  severity: 'error',
  doc: 'A selector requirement with operator In or NotIn and no values: Cilium cannot convert it and the reconcile fails (cilium #23280); use a dummy value.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const s of selectorsOf(view)) {
      (s.selector.matchExpressions ?? []).forEach((e, i) => {
        if ((e.operator !== 'In' && e.operator !== 'NotIn') || (e.values?.length ?? 0) > 0) return;
        out.push(
          finding(
            s.at(['matchExpressions', i]),
            `${s.what}: ${e.operator} on '${e.key}' has no values, which fails the reconcile`,
            { hint: `write values: ['never-used-value'] (${e.operator} needs at least one value)` },
          ),
        );
      });
    }
    return out;
  },
});

export const localPreferenceEbgp = artifactRule({
  id: 'cilium-bgp/local-preference-ebgp',
  severity: 'info',
  doc: 'An advertisement sets localPreference but every peer that receives it is eBGP: GoBGP strips LOCAL_PREF towards eBGP peers, so it has no effect.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    const receivers = new Map<string, { ebgp: boolean; at: SourcePosition; peer: string }[]>();
    for (const p of view.peers) {
      const ebgp = p.peer.peerASN === undefined || p.peer.peerASN === 0 ? true : p.peer.peerASN !== p.instance.localASN;
      for (const a of advertsForPeer(view, p)) {
        const key = `${a.advert.read.source.file}|${a.advert.object.metadata.name}|${a.index}`;
        receivers.set(key, [...(receivers.get(key) ?? []), { ebgp, at: p.at('peerASN'), peer: p.peer.name }]);
      }
    }
    for (const a of view.advertisements) {
      a.object.spec.advertisements.forEach((e, i) => {
        const pref = e.attributes?.localPreference;
        const got = receivers.get(`${a.read.source.file}|${a.object.metadata.name}|${i}`) ?? [];
        if (pref === undefined || got.length === 0 || !got.every((r) => r.ebgp)) return;
        out.push(
          finding(
            at(a, ['spec', 'advertisements', i, 'attributes', 'localPreference']),
            `localPreference ${pref} of '${a.object.metadata.name}' reaches only eBGP peers, which never receive it`,
            {
              hint: 'use communities (and a route-map on the router) to steer eBGP peers',
              related: [side(`eBGP peer '${got[0]!.peer}'`, got[0]!.at)],
            },
          ),
        );
      });
    }
    return out;
  },
});

export const peeringPolicyV1 = artifactRule({
  id: 'cilium-bgp/peering-policy-v1',
  severity: 'warning',
  doc: 'A v1 CiliumBGPPeeringPolicy: deprecated since Cilium 1.16 and removed in 1.19; `v6net import` writes the equivalent v2 design.',
  checkArtifacts(view) {
    return view.policies.map((p) =>
      finding(
        at(p, ['kind']),
        `CiliumBGPPeeringPolicy '${p.object.metadata.name}' is the v1 BGP API, removed in Cilium 1.19`,
        {
          hint: 'migrate to CiliumBGPClusterConfig/PeerConfig/Advertisement: v6net import PATH -o v6net.yaml, then v6net render',
        },
      ),
    );
  },
});

export const v1AndV2SameNodes = artifactRule({
  id: 'cilium-bgp/v1-and-v2-same-nodes',
  severity: 'error',
  doc: 'A node is selected by both a v1 CiliumBGPPeeringPolicy and a v2 CiliumBGPClusterConfig: v1 wins and the v2 configuration is ignored there.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const v1 of view.policies) {
      for (const v2 of view.clusterConfigs) {
        const known = view.nodes.filter((n) => n.known);
        const both =
          known.length > 0
            ? known
                .filter(
                  (n) =>
                    selects(v1.object.spec.nodeSelector, 'everything', n.labels) &&
                    selects(v2.object.spec.nodeSelector, 'everything', n.labels),
                )
                .map((n) => n.name)
            : v1.object.spec.nodeSelector === undefined ||
                v2.object.spec.nodeSelector === undefined ||
                JSON.stringify(v1.object.spec.nodeSelector) === JSON.stringify(v2.object.spec.nodeSelector)
              ? ['(every node)']
              : [];
        if (both.length === 0) continue;
        out.push(
          finding(
            at(v2, ['spec', v2.object.spec.nodeSelector ? 'nodeSelector' : 'bgpInstances']),
            `CiliumBGPClusterConfig '${v2.object.metadata.name}' and v1 policy '${v1.object.metadata.name}' both select ${both.length === 1 ? both[0] : `${both.length} nodes (first: ${both[0]})`}: v1 wins there`,
            {
              hint: 'remove the v1 policy once the v2 configuration is complete (or make the selectors disjoint)',
              related: [
                side(
                  `v1 policy '${v1.object.metadata.name}'`,
                  at(v1, ['spec', v1.object.spec.nodeSelector ? 'nodeSelector' : 'virtualRouters']),
                ),
              ],
            },
          ),
        );
      }
    }
    return out;
  },
});

export const ciliumBgpRules: readonly Rule[] = [
  peerWithoutPeerConfig,
  peerConfigMissing,
  familyWithoutAdvertisements,
  advertisementSelectorMatchesNothing,
  serviceSelectorMissing,
  selectorValuesEmpty,
  localPreferenceEbgp,
  peeringPolicyV1,
  v1AndV2SameNodes,
];
