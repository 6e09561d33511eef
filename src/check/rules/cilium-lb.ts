/**
 * Family `cilium-lb`: LB-IPAM pools and the Services that take addresses from them (reference §7, §5.1). Overlapping
 * pools make LB-IPAM mark the newer one Conflicting and hand out nothing from it; the old `cidrs` field is
 * deprecated; a LoadBalancer Service with a foreign loadBalancerClass is not announced by the BGP control plane.
 */
import { Ipv6Prefix } from '../../ip/index.js';
import { CILIUM_BGP_LOADBALANCER_CLASS } from '../../k8s/objects.js';
import { artifactRule, finding, side } from '../artifact-rule.js';
import { type ArtifactView, at } from '../artifact-view.js';
import type { Finding, Rule } from '../rule.js';

interface Block {
  readonly pool: ArtifactView['pools'][number];
  readonly index: number;
  readonly field: 'blocks' | 'cidrs';
  readonly from: bigint;
  readonly to: bigint;
  readonly text: string;
}

function blocksOf(view: ArtifactView): Block[] {
  const out: Block[] = [];
  for (const pool of view.pools) {
    const field = pool.object.spec.blocks ? 'blocks' : 'cidrs';
    (pool.object.spec[field] ?? []).forEach((b, index) => {
      let from: bigint | undefined;
      let to: bigint | undefined;
      if (b.cidr !== undefined) {
        const p = Ipv6Prefix.tryParse(b.cidr);
        if (p.ok) [from, to] = [p.value.network().first().toBigInt(), p.value.network().last().toBigInt()];
      } else if (b.start !== undefined) {
        const s = Ipv6Prefix.tryParse(`${b.start}/128`);
        const e = Ipv6Prefix.tryParse(`${b.stop ?? b.start}/128`);
        if (s.ok && e.ok) [from, to] = [s.value.address.toBigInt(), e.value.address.toBigInt()];
      }
      if (from !== undefined && to !== undefined)
        out.push({ pool, index, field, from, to, text: b.cidr ?? `${b.start}-${b.stop ?? b.start}` });
    });
  }
  return out;
}

/** Creation order as LB-IPAM sees it: creationTimestamp, else the order the objects were read. */
function newer(view: ArtifactView, a: Block, b: Block): Block {
  const ta = a.pool.object.metadata.creationTimestamp;
  const tb = b.pool.object.metadata.creationTimestamp;
  if (ta !== undefined && tb !== undefined && ta !== tb) return ta > tb ? a : b;
  return view.pools.indexOf(a.pool) >= view.pools.indexOf(b.pool) ? a : b;
}

export const poolOverlap = artifactRule({
  id: 'cilium-lb/pool-overlap',
  severity: 'error',
  doc: 'Two LB-IPAM ranges overlap (in two pools, or within one): LB-IPAM marks the newer pool Conflicting and allocates nothing from any of its ranges.',
  checkArtifacts(view) {
    const blocks = blocksOf(view);
    const out: Finding[] = [];
    for (let i = 0; i < blocks.length; i++) {
      for (let j = i + 1; j < blocks.length; j++) {
        const a = blocks[i]!;
        const b = blocks[j]!;
        if (a.from > b.to || b.from > a.to) continue;
        const loser = a.pool === b.pool ? b : newer(view, a, b);
        const other = loser === a ? b : a;
        out.push(
          finding(
            at(loser.pool, ['spec', loser.field, loser.index]),
            `${loser.text} of pool '${loser.pool.object.metadata.name}' overlaps ${other.text} of pool '${other.pool.object.metadata.name}': pool '${loser.pool.object.metadata.name}' is marked Conflicting`,
            {
              hint: 'make the pools disjoint',
              related: [
                side(`pool '${other.pool.object.metadata.name}'`, at(other.pool, ['spec', other.field, other.index])),
              ],
            },
          ),
        );
      }
    }
    return out;
  },
});

export const poolCidrsDeprecated = artifactRule({
  id: 'cilium-lb/pool-cidrs-deprecated',
  severity: 'warning',
  doc: 'A CiliumLoadBalancerIPPool uses the deprecated `cidrs` field instead of `blocks` (cilium #32693).',
  checkArtifacts(view) {
    return view.pools
      .filter((p) => p.object.spec.cidrs !== undefined)
      .map((p) =>
        finding(at(p, ['spec', 'cidrs']), `pool '${p.object.metadata.name}' uses 'cidrs'`, {
          hint: 'rename cidrs to blocks (same entries)',
        }),
      );
  },
});

export const serviceClassNotAnnounced = artifactRule({
  id: 'cilium-lb/service-class-not-announced',
  severity: 'warning',
  doc: `A LoadBalancer Service with a loadBalancerClass other than ${CILIUM_BGP_LOADBALANCER_CLASS}: Cilium's BGP control plane does not announce its LoadBalancer IP (and LB-IPAM ignores it unless the class is io.cilium/l2-announcer).`,
  checkArtifacts(view) {
    const lbAdvert = view.advertisements.flatMap((a) =>
      a.object.spec.advertisements.flatMap((e, i) =>
        e.service?.addresses.includes('LoadBalancerIP') ? [{ a, i }] : [],
      ),
    )[0];
    return view.services
      .filter(
        (s) =>
          s.object.spec.type === 'LoadBalancer' &&
          s.object.spec.loadBalancerClass !== undefined &&
          s.object.spec.loadBalancerClass !== CILIUM_BGP_LOADBALANCER_CLASS,
      )
      .map((s) =>
        finding(
          at(s, ['spec', 'loadBalancerClass']),
          `Service '${s.object.metadata.namespace ?? 'default'}/${s.object.metadata.name}' has loadBalancerClass ${s.object.spec.loadBalancerClass}: BGP does not announce it`,
          {
            hint: `remove loadBalancerClass (or set ${CILIUM_BGP_LOADBALANCER_CLASS})`,
            related: [
              lbAdvert
                ? side(
                    `LoadBalancerIP advertisement '${lbAdvert.a.object.metadata.name}'`,
                    at(lbAdvert.a, ['spec', 'advertisements', lbAdvert.i]),
                  )
                : undefined,
            ],
          },
        ),
      );
  },
});

export const ciliumLbRules: readonly Rule[] = [poolOverlap, poolCidrsDeprecated, serviceClassNotAnnounced];
