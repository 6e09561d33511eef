/**
 * Family `cilium-node`: what the nodes end up with (reference §3). IPv6-only nodes have no IPv4 address to take a
 * BGP router ID from: BGPv2 uses a CiliumBGPNodeConfigOverride `routerID`, else (1.17+) the last 4 bytes of the
 * cilium_host MAC (not guaranteed unique; older releases do not start the instance) and ignores the
 * `cilium.io/bgp-virtual-router.<asn>` annotation the v1 API needed; v1 without the annotation fails. Duplicate
 * router IDs and node selectors that select no node are reported too.
 */
import type { SourcePosition } from '../../core/diagnostic.js';
import {
  annotationRouterIdText,
  ROUTER_ID_ANNOTATION_PREFIX,
  virtualRouterAnnotationKey,
} from '../../k8s/bgp-annotations.js';
import type { DataPath } from '../../spec/plan-types.js';
import { artifactRule, finding, side } from '../artifact-rule.js';
import { type ArtifactView, at, type NodeView, selects } from '../artifact-view.js';
import { count } from '../facts.js';
import type { Finding, Rule } from '../rule.js';

/** The `router-id=` of a node's `cilium.io/bgp-virtual-router.<asn>` annotation. */
export function annotationRouterId(
  node: NodeView,
  asn: number | undefined,
): { value: string; source: SourcePosition } | undefined {
  if (asn === undefined) return undefined;
  const key = virtualRouterAnnotationKey(asn);
  const text = node.annotations[key];
  const value = text === undefined ? undefined : annotationRouterIdText(text);
  return value === undefined ? undefined : { value, source: node.locate(['metadata', 'annotations', key]) };
}

/** The routerID a node override gives a node for a BGP instance. */
function overrideRouterId(
  view: ArtifactView,
  node: string,
  instance: string,
): { value: string; source: SourcePosition } | undefined {
  for (const o of view.overrides) {
    if (o.object.metadata.name !== node) continue;
    const i = o.object.spec.bgpInstances.findIndex((b) => b.name === instance);
    const id = i >= 0 ? o.object.spec.bgpInstances[i]!.routerID : undefined;
    if (id !== undefined) return { value: id, source: at(o, ['spec', 'bgpInstances', i, 'routerID']) };
  }
  return undefined;
}

function instanceAt(config: ArtifactView['clusterConfigs'][number], i: number, field: string): SourcePosition {
  return at(config, ['spec', 'bgpInstances', i, field]);
}

/** IPv6-only nodes a v2 cluster config selects that have no override routerID for an instance. */
function withoutOverride(view: ArtifactView) {
  const out: {
    config: ArtifactView['clusterConfigs'][number];
    instance: number;
    nodes: NodeView[];
    annotated: NodeView[];
  }[] = [];
  for (const config of view.clusterConfigs) {
    config.object.spec.bgpInstances.forEach((inst, i) => {
      const nodes = view
        .selectedNodes(config)
        .filter((n) => n.known && !n.hasIpv4 && overrideRouterId(view, n.name, inst.name) === undefined);
      if (nodes.length === 0) return;
      out.push({
        config,
        instance: i,
        nodes,
        annotated: nodes.filter((n) => annotationRouterId(n, inst.localASN) !== undefined),
      });
    });
  }
  return out;
}

export const routerIdAnnotationIgnored = artifactRule({
  id: 'cilium-node/router-id-annotation-ignored',
  severity: 'warning',
  doc: 'IPv6-only nodes carry a cilium.io/bgp-virtual-router router-id annotation but run BGPv2, which ignores it (1.17+): their router ID comes from the cilium_host MAC instead.',
  checkArtifacts(view) {
    return withoutOverride(view)
      .filter((w) => w.annotated.length > 0)
      .map((w) => {
        const first = w.annotated[0]!;
        const asn = w.config.object.spec.bgpInstances[w.instance]!.localASN;
        return finding(
          annotationRouterId(first, asn)!.source,
          `${count(w.annotated.length, 'node')} (first: '${first.name}') set the router ID by annotation, which CiliumBGPClusterConfig '${w.config.object.metadata.name}' (BGPv2) ignores`,
          {
            hint: 'write one CiliumBGPNodeConfigOverride per node with bgpInstances[].routerID (v6net render does)',
            related: [
              side(
                `BGPv2 instance '${w.config.object.spec.bgpInstances[w.instance]!.name}'`,
                instanceAt(w.config, w.instance, 'name'),
              ),
            ],
          },
        );
      });
  },
});

export const routerIdFromMac = artifactRule({
  id: 'cilium-node/router-id-from-mac',
  severity: 'warning',
  doc: 'IPv6-only nodes without a CiliumBGPNodeConfigOverride routerID: Cilium 1.17+ derives the router ID from the cilium_host MAC (not guaranteed unique), older releases do not start the BGP instance.',
  checkArtifacts(view) {
    return withoutOverride(view)
      .filter((w) => w.annotated.length === 0)
      .map((w) => {
        const first = w.nodes[0]!;
        return finding(
          first.locate(['metadata', 'name']),
          `${count(w.nodes.length, 'IPv6-only node')} (first: '${first.name}') have no router ID for CiliumBGPClusterConfig '${w.config.object.metadata.name}'`,
          {
            hint: 'write a CiliumBGPNodeConfigOverride per node with bgpInstances[].routerID (or use routerIDAllocation ip-pool)',
            related: [
              side(
                `instance '${w.config.object.spec.bgpInstances[w.instance]!.name}'`,
                instanceAt(w.config, w.instance, 'name'),
              ),
            ],
          },
        );
      });
  },
});

export const routerIdNotDerivable = artifactRule({
  id: 'cilium-node/router-id-not-derivable',
  severity: 'error',
  doc: 'An IPv6-only node selected by a v1 CiliumBGPPeeringPolicy has no cilium.io/bgp-virtual-router.<asn> router-id annotation: the virtual router does not start.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const policy of view.policies) {
      policy.object.spec.virtualRouters.forEach((vr, i) => {
        const missing = view.nodes.filter(
          (n) =>
            n.known &&
            !n.hasIpv4 &&
            selects(policy.object.spec.nodeSelector, 'everything', n.labels) &&
            annotationRouterId(n, vr.localASN) === undefined,
        );
        if (missing.length === 0) return;
        const first = missing[0]!;
        out.push(
          finding(
            first.locate([
              'metadata',
              first.annotations && Object.keys(first.annotations).length > 0 ? 'annotations' : 'name',
            ]),
            `${count(missing.length, 'IPv6-only node')} (first: '${first.name}') have no router-id annotation for AS${vr.localASN}: the v1 virtual router does not start there`,
            {
              hint: `kubectl annotate node ${first.name} ${ROUTER_ID_ANNOTATION_PREFIX}${vr.localASN}="router-id=<unique IPv4>"`,
              related: [
                side(
                  `v1 policy '${policy.object.metadata.name}' localASN`,
                  at(policy, ['spec', 'virtualRouters', i, 'localASN']),
                ),
              ],
            },
          ),
        );
      });
    }
    return out;
  },
});

export const duplicateRouterId = artifactRule({
  id: 'cilium-node/duplicate-router-id',
  severity: 'warning',
  doc: 'Two nodes of the same BGP instance get the same router ID (override routerID, or v1 annotation): RFC 6286 wants it unique within the AS, and peers comparing IDs mix them up.',
  checkArtifacts(view) {
    const ids: { key: string; node: string; source: SourcePosition }[] = [];
    for (const o of view.overrides) {
      o.object.spec.bgpInstances.forEach((b, i) => {
        if (b.routerID !== undefined)
          ids.push({
            key: `v2|${b.name}|${b.routerID}`,
            node: o.object.metadata.name,
            source: at(o, ['spec', 'bgpInstances', i, 'routerID']),
          });
      });
    }
    for (const policy of view.policies) {
      for (const vr of policy.object.spec.virtualRouters) {
        for (const n of view.nodes) {
          const id = annotationRouterId(n, vr.localASN);
          if (id !== undefined) ids.push({ key: `v1|${vr.localASN}|${id.value}`, node: n.name, source: id.source });
        }
      }
    }
    const first = new Map<string, { node: string; source: SourcePosition }>();
    const out: Finding[] = [];
    for (const id of ids) {
      const prior = first.get(id.key);
      if (prior === undefined) {
        first.set(id.key, id);
        continue;
      }
      if (prior.node === id.node) continue;
      out.push(
        finding(id.source, `node '${id.node}' has router ID ${id.key.split('|')[2]}, like node '${prior.node}'`, {
          hint: 'give every node its own router ID',
          related: [side(`node '${prior.node}'`, prior.source)],
        }),
      );
    }
    return out;
  },
});

export const nodeSelectorMatchesNothing = artifactRule({
  id: 'cilium-node/node-selector-matches-nothing',
  severity: 'warning',
  doc: "A CiliumBGPClusterConfig's nodeSelector matches none of the nodes read: no node runs its BGP instances (NoMatchingNode).",
  checkArtifacts(view) {
    const known = view.nodes.filter((n) => n.known);
    if (known.length === 0) return [];
    return view.clusterConfigs
      .filter((c) => view.selectedNodes(c).length === 0)
      .map((c) => {
        const path: DataPath = ['spec', c.object.spec.nodeSelector ? 'nodeSelector' : 'bgpInstances'];
        return finding(
          at(c, path),
          `CiliumBGPClusterConfig '${c.object.metadata.name}' selects none of the ${count(known.length, 'node')}`,
          {
            hint: 'fix the nodeSelector (or the node labels)',
            related: [side(`node '${known[0]!.name}' labels`, known[0]!.locate(['metadata', 'labels']))],
          },
        );
      });
  },
});

export const ciliumNodeRules: readonly Rule[] = [
  routerIdAnnotationIgnored,
  routerIdFromMac,
  routerIdNotDerivable,
  duplicateRouterId,
  nodeSelectorMatchesNothing,
];
