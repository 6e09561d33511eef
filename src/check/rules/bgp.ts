/**
 * Family `bgp`: the node ⇄ router sessions (CiliumBGPPeerConfig and the VyOS peer group): timers, graceful
 * restart, multihop, authentication, address families and advertisements.
 *
 * Facts: RFC 4271 §4.2 (hold time 0 or ≥ 3), §10 (keepalive suggested at one third of the hold time); Cilium
 * CiliumBGPPeerConfig CRD: holdTimeSeconds 3..65535, keepAliveTimeSeconds 1..65535, CEL rule keepalive ≤ hold,
 * ebgpMultihop ≤ 1 means directly connected; RFC 4724 (graceful restart); localPreference is only sent to iBGP peers
 * (RFC 4271 §5.1.5).
 */
import type { Ipv6Prefix } from '../../ip/index.js';
import type { DataPath } from '../../spec/plan-types.js';
import { type Finding, planRule, type Rule } from '../rule.js';

const TIMERS: DataPath = ['cluster', 'bgp', 'timers'];

export const holdTimeInvalid = planRule({
  id: 'bgp/hold-time-invalid',
  severity: 'error',
  doc: "Hold time below 3 s: 1 and 2 are invalid (RFC 4271 §4.2) and Cilium's CRD refuses 0 (its range is 3..65535).",
  checkPlan(plan) {
    const hold = plan.bgp.timers.holdTimeSec;
    if (hold >= 3) return [];
    return [
      {
        path: [...TIMERS, 'holdTimeSec'],
        message: `hold time ${hold} s is ${hold === 0 ? 'refused by Cilium (0 disables keepalives)' : 'invalid (RFC 4271: 0 or at least 3)'}`,
        hint: 'use a hold time of 3 s or more (e.g. 9 with keepalive 3)',
      },
    ];
  },
});

export const keepaliveExceedsHold = planRule({
  id: 'bgp/keepalive-exceeds-hold',
  severity: 'error',
  doc: "Keepalive time is 0 or larger than the hold time: Cilium's CRD refuses it (keepAliveTimeSeconds ≥ 1 and ≤ holdTimeSeconds) and the session would expire.",
  checkPlan(plan) {
    const { holdTimeSec: hold, keepaliveTimeSec: ka } = plan.bgp.timers;
    if (ka >= 1 && ka <= hold) return [];
    return [
      {
        path: [...TIMERS, 'keepaliveTimeSec'],
        message: `keepalive ${ka} s ${ka === 0 ? 'is refused by Cilium' : `is longer than the hold time ${hold} s`}`,
        hint: 'use a keepalive of one third of the hold time',
      },
    ];
  },
});

export const keepaliveOverThird = planRule({
  id: 'bgp/keepalive-over-third',
  severity: 'warning',
  doc: 'Keepalive time above one third of the hold time (RFC 4271 §10): one lost keepalive can expire the session.',
  checkPlan(plan) {
    const { holdTimeSec: hold, keepaliveTimeSec: ka } = plan.bgp.timers;
    if (ka < 1 || ka > hold || ka * 3 <= hold) return [];
    return [
      {
        path: [...TIMERS, 'keepaliveTimeSec'],
        message: `keepalive ${ka} s is more than a third of the hold time ${hold} s`,
        hint: `use a keepalive of ${Math.max(1, Math.floor(hold / 3))} s`,
      },
    ];
  },
});

export const gracefulRestartShort = planRule({
  id: 'bgp/graceful-restart-short',
  severity: 'warning',
  doc: "Graceful-restart time shorter than the hold time: a restarting node's routes are flushed before a silent failure could even be detected, so GR buys little.",
  checkPlan(plan) {
    const gr = plan.bgp.gracefulRestart;
    const hold = plan.bgp.timers.holdTimeSec;
    if (!gr.enabled || gr.restartTimeSec >= hold) return [];
    return [
      {
        path: ['cluster', 'bgp', 'gracefulRestart', 'restartTimeSec'],
        message: `graceful-restart time ${gr.restartTimeSec} s is shorter than the hold time ${hold} s`,
        hint: 'use a restart time at least as long as the hold time (Cilium default 120 s)',
      },
    ];
  },
});

export const ebgpMultihopUnneeded = planRule({
  id: 'bgp/ebgp-multihop-unneeded',
  severity: 'info',
  doc: 'ebgpMultihop > 1 while every router is on the node segment: a TTL of 1 suffices (multihop is harmless but drops the one-hop guarantee).',
  checkPlan(plan) {
    const net = plan.nodeNetwork?.prefix;
    const hops = plan.bgp.ebgpMultihop;
    if (net === undefined || hops <= 1 || !plan.routers.every((r) => net.contains(r.nodeInterface.address))) return [];
    return [
      {
        path: ['cluster', 'bgp', 'ebgpMultihop'],
        message: `ebgpMultihop ${hops} is unnecessary: all routers share the node network ${net.toString()}`,
        hint: 'leave ebgpMultihop at 1 for directly connected peers',
      },
    ];
  },
});

export const noAuthentication = planRule({
  id: 'bgp/no-authentication',
  severity: 'info',
  doc: 'The node sessions have no TCP-MD5 password (authSecretRef): anyone on the node segment could open a session within the listen range.',
  checkPlan(plan) {
    if (plan.bgp.authSecretRef !== undefined && plan.bgp.authSecretRef !== '') return [];
    return [
      {
        path: ['cluster', 'bgp'],
        message: 'BGP sessions between nodes and routers are not authenticated',
        hint: 'set cluster.bgp.authSecretRef to a Secret holding the password',
      },
    ];
  },
});

export const noIpv6Family = planRule({
  id: 'bgp/no-ipv6-family',
  severity: 'error',
  doc: 'cluster.bgp.families lacks ipv6-unicast: an IPv6-only cluster would advertise nothing.',
  checkPlan(plan) {
    if (plan.bgp.families.includes('ipv6-unicast')) return [];
    return [
      {
        path: ['cluster', 'bgp', 'families'],
        message: 'the BGP families do not include ipv6-unicast',
        hint: 'add ipv6-unicast to cluster.bgp.families',
      },
    ];
  },
});

export const ipv4Family = planRule({
  id: 'bgp/ipv4-family',
  severity: 'info',
  doc: 'cluster.bgp.families includes ipv4-unicast in an IPv6-only design: negotiated but nothing to advertise.',
  checkPlan(plan) {
    if (!plan.bgp.families.includes('ipv4-unicast')) return [];
    return [
      {
        path: ['cluster', 'bgp', 'families'],
        message: 'ipv4-unicast is enabled in an IPv6-only cluster',
        hint: 'drop ipv4-unicast unless the cluster is dual-stack',
      },
    ];
  },
});

export const noAdvertisements = planRule({
  id: 'bgp/no-advertisements',
  severity: 'warning',
  doc: 'The cluster declares no advertisements: the sessions come up but the nodes announce nothing (no PodCIDRs, no Service IPs).',
  checkPlan(plan) {
    if (plan.advertisements.length > 0) return [];
    return [
      {
        path: ['cluster'],
        message: 'no BGP advertisements: nothing will be announced',
        hint: 'add a PodCIDR and/or a Service advertisement under cluster.advertisements',
      },
    ];
  },
});

export const localPreferenceEbgp = planRule({
  id: 'bgp/local-preference-ebgp',
  severity: 'info',
  doc: 'An advertisement sets localPreference but every node session is eBGP: LOCAL_PREF is only sent to iBGP peers, so it has no effect.',
  checkPlan(plan) {
    if (plan.routers.some((r) => r.asn === plan.clusterAsn)) return [];
    return plan.advertisements
      .filter((a) => a.localPreference !== undefined)
      .map((a) => ({
        path: [...a.path, 'localPreference'],
        message: `advertisement '${a.name}' sets localPreference ${a.localPreference}, which eBGP peers never receive`,
        hint: 'use communities (or AS-path prepending on the router) to steer eBGP peers',
      }));
  },
});

export const podCidrNotAdvertised = planRule({
  id: 'bgp/pod-cidr-not-advertised',
  severity: 'warning',
  doc: 'No PodCIDR advertisement in native routing: the routers never learn the node PodCIDRs, so pod addresses are unreachable from outside the node segment.',
  checkPlan(plan) {
    if (plan.advertisements.length === 0 || plan.advertisements.some((a) => a.type === 'PodCIDR')) return [];
    return [
      {
        path: ['cluster', 'advertisements'],
        message: 'no PodCIDR advertisement: the routers will not learn the pod prefixes',
        hint: 'add an advertisement with type: PodCIDR',
      },
    ];
  },
});

export const loadBalancerIpsNotAdvertised = planRule({
  id: 'bgp/lb-ips-not-advertised',
  severity: 'warning',
  doc: 'The spec declares LoadBalancer Services but no Service advertisement announces LoadBalancerIP: their addresses are allocated but unreachable.',
  checkPlan(plan) {
    const lbIndex = plan.services.findIndex((s) => s.type === 'LoadBalancer');
    // With no advertisements at all, bgp/no-advertisements already says it.
    if (lbIndex < 0 || plan.advertisements.length === 0) return [];
    if (plan.advertisements.some((a) => a.addresses.includes('LoadBalancerIP'))) return [];
    return [
      {
        path: ['workloads', 'services', lbIndex, 'type'],
        message: `Service '${plan.services[lbIndex]!.name}' is a LoadBalancer but no advertisement announces LoadBalancerIP`,
        hint: 'add LoadBalancerIP to the addresses of a Service advertisement',
      },
    ];
  },
});

export const aggregationWiderThanPrefix = planRule({
  id: 'bgp/aggregation-wider-than-prefix',
  severity: 'warning',
  doc: "A Service advertisement's aggregationLengthIPv6 is shorter than the LB pool or service CIDR it aggregates: every node announces a prefix covering addresses outside it.",
  checkPlan(plan) {
    const out: Finding[] = [];
    for (const adv of plan.advertisements) {
      const len = adv.aggregationLengthIPv6;
      if (adv.type !== 'Service' || len === undefined) continue;
      const covered: { name: string; prefix: Ipv6Prefix }[] = [];
      if (adv.addresses.includes('LoadBalancerIP'))
        covered.push(...plan.lbPools.map((p) => ({ name: `LB pool '${p.name}'`, prefix: p.prefix })));
      if (adv.addresses.includes('ClusterIP') && plan.serviceCidr !== undefined) {
        covered.push({ name: 'the service CIDR', prefix: plan.serviceCidr });
      }
      const wider = covered.filter((c) => c.prefix.length > len);
      if (wider.length === 0) continue;
      const first = wider[0]!;
      out.push({
        path: [...adv.path, 'aggregationLengthIPv6'],
        message: `advertisement '${adv.name}' aggregates to /${len}: ${first.name} ${first.prefix.toString()} would be announced as ${first.prefix.supernet(len).toString()}`,
        hint: `use an aggregation length of at least /${Math.max(...wider.map((c) => c.prefix.length))}, or none (/128 host routes)`,
      });
    }
    return out;
  },
});

export const bgpRules: readonly Rule[] = [
  holdTimeInvalid,
  keepaliveExceedsHold,
  keepaliveOverThird,
  gracefulRestartShort,
  ebgpMultihopUnneeded,
  noAuthentication,
  noIpv6Family,
  ipv4Family,
  noAdvertisements,
  localPreferenceEbgp,
  podCidrNotAdvertised,
  loadBalancerIpsNotAdvertised,
  aggregationWiderThanPrefix,
];
