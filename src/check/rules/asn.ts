/**
 * Family `asn`: autonomous system numbers of the cluster, the routers and the upstream. The design is eBGP on
 * every hop (nodes ⇄ routers ⇄ upstream), so equal ASNs on two sides of a session are mistakes.
 *
 * Reserved: 0 (RFC 7607), 23456 AS_TRANS (RFC 6793), 65535 and 4294967295 (RFC 7300) — refused or mishandled by
 * speakers. 65552-131071 are merely unallocated in the IANA registry ("Reserved"): they work between 4-octet-AS
 * speakers, but they are neither private nor yours (the seed's routers use AS 65666, which falls in this range).
 * Documentation: 64496-64511 and 65536-65551 (RFC 5398). Private: 64512-65534 and 4200000000-4294967294 (RFC 6996).
 */
import type { DataPath, Plan } from '../../spec/plan-types.js';
import { planRule, type Rule } from '../rule.js';

export function isReservedAsn(asn: number): boolean {
  return asn === 0 || asn === 23456 || asn === 65535 || asn === 4294967295;
}

/** 65552-131071: reserved (unallocated) by IANA, usable only as a 4-octet ASN and not private. */
export function isIanaReservedAsn(asn: number): boolean {
  return asn >= 65552 && asn <= 131071;
}

export function isDocumentationAsn(asn: number): boolean {
  return (asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551);
}

export function isPrivateAsn(asn: number): boolean {
  return (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294);
}

interface AsnUse {
  readonly who: string;
  readonly asn: number;
  readonly path: DataPath;
}

function asnUses(plan: Plan): AsnUse[] {
  const out: AsnUse[] = [{ who: 'the cluster', asn: plan.clusterAsn, path: ['cluster', 'asn'] }];
  for (const r of plan.routers) out.push({ who: `router '${r.name}'`, asn: r.asn, path: [...r.path, 'asn'] });
  if (plan.upstream !== undefined) out.push({ who: 'the upstream', asn: plan.upstream.asn, path: ['upstream', 'asn'] });
  return out;
}

export const reserved = planRule({
  id: 'asn/reserved',
  severity: 'error',
  doc: 'An ASN is reserved (0, 23456 AS_TRANS, 65535, 4294967295): BGP speakers refuse or mishandle it.',
  checkPlan(plan) {
    return asnUses(plan)
      .filter((u) => isReservedAsn(u.asn))
      .map((u) => ({
        path: u.path,
        message: `${u.who} uses reserved AS ${u.asn}`,
        hint: 'use a private ASN (64512-65534 or 4200000000-4294967294) or one assigned to you',
      }));
  },
});

export const ianaReserved = planRule({
  id: 'asn/iana-reserved',
  severity: 'warning',
  doc: 'An ASN is in 65552-131071 (IANA reserved): it works between 4-octet-AS speakers but is not private, so remove-private-as does not strip it and upstream filters may reject it.',
  checkPlan(plan) {
    return asnUses(plan)
      .filter((u) => isIanaReservedAsn(u.asn))
      .map((u) => ({
        path: u.path,
        message: `${u.who} uses AS ${u.asn}, which is IANA-reserved (65552-131071), not private`,
        hint: 'use a private ASN (64512-65534 or 4200000000-4294967294), e.g. 65000-65534 for routers',
      }));
  },
});

export const documentation = planRule({
  id: 'asn/documentation',
  severity: 'warning',
  doc: 'An ASN is from the documentation ranges 64496-64511 / 65536-65551 (RFC 5398): fine in examples, never in a real network.',
  checkPlan(plan) {
    return asnUses(plan)
      .filter((u) => isDocumentationAsn(u.asn))
      .map((u) => ({
        path: u.path,
        message: `${u.who} uses documentation AS ${u.asn}`,
        hint: 'use a private ASN or one assigned to you',
      }));
  },
});

export const clusterEqualsRouter = planRule({
  id: 'asn/cluster-equals-router',
  severity: 'error',
  doc: "The cluster ASN equals a router's: the sessions become iBGP (no next-hop change, local-pref, no AS-path loop protection), which this design does not use.",
  checkPlan(plan) {
    return plan.routers
      .filter((r) => r.asn === plan.clusterAsn)
      .map((r) => ({
        path: ['cluster', 'asn'],
        message: `the cluster and router '${r.name}' are both AS ${r.asn}: the node sessions would be iBGP`,
        hint: 'give the cluster its own private ASN',
        related: [{ message: `router '${r.name}' ASN`, path: [...r.path, 'asn'] }],
      }));
  },
});

export const upstreamEqualsRouter = planRule({
  id: 'asn/upstream-equals-router',
  severity: 'error',
  doc: "The upstream ASN equals a router's: the uplink session becomes iBGP and the routers' routes are not re-advertised upstream as intended.",
  checkPlan(plan) {
    const up = plan.upstream;
    if (up === undefined) return [];
    return plan.routers
      .filter((r) => r.asn === up.asn)
      .map((r) => ({
        path: ['upstream', 'asn'],
        message: `the upstream and router '${r.name}' are both AS ${up.asn}`,
        hint: 'the routers need their own ASN, distinct from the upstream',
        related: [{ message: `router '${r.name}' ASN`, path: [...r.path, 'asn'] }],
      }));
  },
});

export const upstreamEqualsCluster = planRule({
  id: 'asn/upstream-equals-cluster',
  severity: 'error',
  doc: 'The upstream ASN equals the cluster ASN: the upstream sees its own AS in the path of every cluster route and drops it (AS-path loop detection).',
  checkPlan(plan) {
    const up = plan.upstream;
    if (up === undefined || up.asn !== plan.clusterAsn) return [];
    return [
      {
        path: ['cluster', 'asn'],
        message: `the cluster and the upstream are both AS ${up.asn}: cluster routes loop-drop at the upstream`,
        hint: 'give the cluster its own private ASN',
        related: [{ message: 'upstream ASN', path: ['upstream', 'asn'] }],
      },
    ];
  },
});

export const privateTowardUpstream = planRule({
  id: 'asn/private-toward-upstream',
  severity: 'info',
  doc: 'Routers (or the cluster) use private ASNs behind a public upstream AS: the upstream must strip private ASNs (remove-private-as) before announcing to the internet.',
  checkPlan(plan) {
    const up = plan.upstream;
    if (up === undefined || isPrivateAsn(up.asn)) return [];
    const priv = plan.routers.filter((r) => isPrivateAsn(r.asn));
    if (priv.length === 0) return [];
    const r = priv[0]!;
    return [
      {
        path: [...r.path, 'asn'],
        message: `router '${r.name}' AS ${r.asn} is private; upstream AS ${up.asn} is public and must remove private ASNs`,
        hint: 'configure remove-private-as (or equivalent) on the upstream towards its peers',
      },
    ];
  },
});

export const publicCluster = planRule({
  id: 'asn/public-cluster',
  severity: 'info',
  doc: 'The cluster uses a public ASN: unusual for nodes behind routers; make sure the ASN is yours.',
  checkPlan(plan) {
    const asn = plan.clusterAsn;
    if (isPrivateAsn(asn) || isReservedAsn(asn) || isIanaReservedAsn(asn) || isDocumentationAsn(asn)) return [];
    return [
      {
        path: ['cluster', 'asn'],
        message: `the cluster uses public AS ${asn}`,
        hint: 'nodes usually use a private ASN such as 65500',
      },
    ];
  },
});

export const asnRules: readonly Rule[] = [
  reserved,
  ianaReserved,
  documentation,
  clusterEqualsRouter,
  upstreamEqualsRouter,
  upstreamEqualsCluster,
  privateTowardUpstream,
  publicCluster,
];
