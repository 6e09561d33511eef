/**
 * `v6net agent --dry-run`: what a node would announce to each peer and family, and why — the answer to "why is my
 * Service (not) announced?" — plus the LB-IPAM result and the conditions Cilium would set. JSON-ready data and a
 * text form. The BGP password never appears: only the Secret it comes from and whether it was found.
 */
import type { K8sCondition } from '../../k8s/objects-core.js';
import { afiSafiText, type DesiredPath, type PathReason } from '../agent/types.js';
import type { NodePlan } from '../node-plan.js';
import { tabwrite } from './tabwriter.js';

export interface DryRunRoute {
  readonly prefix: string;
  /** The local address of the TCP session (§8.3), spelled per session and prefix family: {@link nextHopRule}. */
  readonly nextHop: string;
  readonly communities: readonly string[];
  readonly largeCommunities: readonly string[];
  readonly localPref: number | null;
  readonly localPrefNotSent: number | null;
  readonly origin: string;
  readonly why: readonly string[];
}

export interface DryRunReport {
  readonly node: string;
  readonly nodeConfigOwner: string | null;
  readonly instances: readonly {
    readonly name: string;
    readonly localAsn: number;
    readonly routerId: string;
    readonly routerIdSource: string;
    readonly localPort: number | null;
    readonly reconcileErrors: readonly string[];
    readonly peers: readonly {
      readonly name: string;
      readonly address: string;
      readonly peerAsn: number;
      readonly session: string;
      readonly peerConfig: string | null;
      readonly port: number;
      readonly localAddress: string | null;
      readonly holdTimeSec: number;
      readonly keepaliveTimeSec: number;
      readonly connectRetrySec: number;
      readonly ttl: number | null;
      readonly gracefulRestartSec: number | null;
      readonly md5: string;
      readonly families: readonly string[];
      readonly advertised: readonly { readonly family: string; readonly routes: readonly DryRunRoute[] }[];
    }[];
  }[];
  readonly skippedInstances: readonly { readonly name: string; readonly reason: string }[];
  readonly loadBalancer: readonly {
    readonly service: string;
    readonly ingress: readonly string[];
    readonly condition: K8sCondition | null;
  }[];
  readonly pools: readonly { readonly name: string; readonly conditions: readonly K8sCondition[] }[];
  readonly notAnnounced: readonly {
    readonly service: string;
    readonly advertisement: string;
    readonly addressType: string | null;
    readonly address: string | null;
    readonly reason: string;
  }[];
  readonly conditions: Readonly<Record<string, readonly K8sCondition[]>>;
  readonly problems: readonly {
    readonly severity: string;
    readonly code: string;
    readonly object: string;
    readonly message: string;
  }[];
}

export const NEXT_HOP_SELF = 'self (local address of the session)';

/**
 * §8.3, gotcha 10: Cilium originates with an unspecified next hop and GoBGP fills in the session's local address. An
 * IPv6 prefix over an IPv4 session gets that IPv4 address IPv4-mapped; an IPv4 prefix over an IPv6 session goes in
 * MP_REACH with the IPv6 address (RFC 8950 style).
 */
export function nextHopRule(peerAddress: string, afi: string): { readonly text: string; readonly short: string } {
  const session = peerAddress.includes(':') ? 6 : 4;
  if (afi === 'ipv6' && session === 4)
    return { text: 'self as ::ffff:<local IPv4> (IPv6 prefix over an IPv4 session)', short: 'self (::ffff:IPv4)' };
  if (afi === 'ipv4' && session === 6)
    return { text: 'self: local IPv6 address in MP_REACH (IPv4 prefix over an IPv6 session)', short: 'self (IPv6)' };
  return { text: NEXT_HOP_SELF, short: 'self' };
}

function why(r: PathReason): string {
  const where = `CiliumBGPAdvertisement ${r.advertisement}[${r.entry}]`;
  if (r.type === 'PodCIDR') return `PodCIDR ${r.podCidr ?? ''} of the node (${where})`;
  if (r.type === 'Interface') return `address of interface ${r.interface ?? ''} (${where})`;
  return `${r.addressType ?? 'Service'} ${r.address ?? ''} of Service ${r.service ?? ''} (${where})`;
}

function route(p: DesiredPath, peerAddress: string, afi: string): DryRunRoute {
  return {
    prefix: p.prefix,
    nextHop: nextHopRule(peerAddress, afi).text,
    communities: p.communities,
    largeCommunities: p.largeCommunities,
    localPref: p.localPref ?? null,
    localPrefNotSent: p.localPrefNotSent ?? null,
    origin: p.origin,
    why: p.reasons.map(why),
  };
}

export function dryRunReport(plan: NodePlan): DryRunReport {
  const d = plan.desired;
  const conditions: Record<string, readonly K8sCondition[]> = {};
  for (const [name, list] of plan.operator.clusterConfigConditions) conditions[`CiliumBGPClusterConfig/${name}`] = list;
  for (const [name, list] of plan.operator.peerConfigConditions)
    if (list.length > 0) conditions[`CiliumBGPPeerConfig/${name}`] = list;
  return {
    node: plan.node,
    nodeConfigOwner: plan.nodeConfig?.metadata.ownerReferences[0]?.name ?? null,
    instances: d.instances.map((i) => ({
      name: i.name,
      localAsn: i.localAsn,
      routerId: i.routerId,
      routerIdSource: i.routerIdSource,
      localPort: i.localPort ?? null,
      reconcileErrors: i.reconcileErrors,
      peers: i.peers.map((p) => ({
        name: p.name,
        address: p.address,
        peerAsn: p.peerAsn,
        session: p.internal === undefined ? 'any AS' : p.internal ? 'iBGP' : 'eBGP',
        peerConfig: p.peerConfig ?? null,
        port: p.port,
        localAddress: p.localAddress ?? null,
        holdTimeSec: p.holdTimeSec,
        keepaliveTimeSec: p.keepaliveTimeSec,
        connectRetrySec: p.connectRetrySec,
        ttl: p.ttl ?? null,
        gracefulRestartSec: p.gracefulRestart?.restartTimeSec ?? null,
        md5:
          p.authSecret === undefined
            ? 'none'
            : `Secret ${p.authSecret}${p.passwordSet ? ' (password set)' : ' (missing: empty password)'}`,
        families: p.families.map(afiSafiText),
        advertised: p.advertised.map((f) => ({
          family: afiSafiText(f.family),
          routes: f.paths.map((x) => route(x, p.address, f.family.afi)),
        })),
      })),
    })),
    skippedInstances: d.skippedInstances,
    loadBalancer: plan.lbIpam.services
      .filter((s) => s.responsible)
      .map((s) => ({ service: `${s.namespace}/${s.name}`, ingress: s.ingress, condition: s.condition ?? null })),
    pools: plan.lbIpam.pools.map((p) => ({ name: p.name, conditions: p.conditions })),
    notAnnounced: d.serviceNotes.map((n) => ({
      service: n.service,
      advertisement: n.advertisement,
      addressType: n.addressType ?? null,
      address: n.address ?? null,
      reason: n.reason,
    })),
    conditions,
    problems: plan.problems.map((p) => ({ severity: p.severity, code: p.code, object: p.object, message: p.message })),
  };
}

const list = (xs: readonly string[]): string => (xs.length === 0 ? '-' : xs.join(' '));
const cond = (c: K8sCondition): string =>
  `${c.type.replace(/^cilium\.io\//, '')}=${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}`;

export function formatDryRun(r: DryRunReport): string {
  const out: string[] = [
    `Node ${r.node}${r.nodeConfigOwner ? ` (CiliumBGPNodeConfig from CiliumBGPClusterConfig ${r.nodeConfigOwner})` : ''}`,
  ];
  for (const i of r.instances) {
    out.push(
      `  BGP instance ${i.name}: local AS ${i.localAsn}, router ID ${i.routerId} (${i.routerIdSource}), ${i.localPort === null ? 'no listener (dials out only)' : `listens on port ${i.localPort}`}`,
    );
    for (const e of i.reconcileErrors) out.push(`    reconcile error (previous advertisements kept): ${e}`);
    for (const p of i.peers) {
      out.push(
        `    peer ${p.name} ${p.address} AS ${p.peerAsn} (${p.session}${p.ttl !== null ? `, TTL ${p.ttl}` : ''}), PeerConfig ${p.peerConfig ?? '- (defaults, no advertisements)'}`,
        `      port ${p.port}${p.localAddress ? `, source ${p.localAddress}` : ''}, hold ${p.holdTimeSec}s, keepalive ${p.keepaliveTimeSec}s, connect-retry ${p.connectRetrySec}s, graceful restart ${p.gracefulRestartSec === null ? 'off' : `${p.gracefulRestartSec}s`}, TCP-MD5 ${p.md5}, families ${p.families.join(' ')}`,
      );
      if (p.advertised.length === 0) out.push('      nothing advertised');
      for (const f of p.advertised) {
        if (f.routes.length === 0) {
          out.push(`      ${f.family}: nothing`);
          continue;
        }
        out.push(`      ${f.family}:`);
        let rows = 'Prefix\tNext hop\tCommunities\tLarge communities\tLocal-pref\tWhy\n';
        for (const rt of f.routes) {
          const lp =
            rt.localPref !== null
              ? String(rt.localPref)
              : rt.localPrefNotSent !== null
                ? `${rt.localPrefNotSent} not sent (eBGP)`
                : '-';
          rt.why.forEach((w, k) => {
            rows +=
              k === 0
                ? `${rt.prefix}\t${nextHopRule(p.address, f.family.split('/')[0] ?? '').short}\t${list(rt.communities)}\t${list(rt.largeCommunities)}\t${lp}\t${w}\n`
                : `\t\t\t\t\t${w}\n`;
          });
        }
        for (const line of tabwrite(rows).trimEnd().split('\n')) out.push(`        ${line.trimEnd()}`);
      }
    }
  }
  for (const s of r.skippedInstances) out.push(`  BGP instance ${s.name} does not start: ${s.reason}`);
  if (r.instances.length === 0 && r.skippedInstances.length === 0) out.push('  no BGP instance on this node');
  out.push('', 'LB-IPAM');
  if (r.loadBalancer.length === 0) out.push('  no LoadBalancer Service served by LB-IPAM');
  for (const s of r.loadBalancer)
    out.push(`  ${s.service}: ${list(s.ingress)}${s.condition ? `  ${cond(s.condition)}` : ''}`);
  for (const p of r.pools) out.push(`  pool ${p.name}: ${p.conditions.map(cond).join(', ')}`);
  if (r.notAnnounced.length > 0) {
    out.push('', 'Not announced from this node');
    for (const n of r.notAnnounced) {
      const what = [n.addressType, n.address].filter((x) => x !== null).join(' ');
      out.push(
        `  ${n.service}${what ? ` ${what}` : ''}: ${n.reason}${n.advertisement !== '-' ? ` (${n.advertisement})` : ''}`,
      );
    }
  }
  const condNames = Object.keys(r.conditions);
  if (condNames.length > 0) {
    out.push('', 'Conditions');
    for (const name of condNames) out.push(`  ${name}: ${r.conditions[name]!.map(cond).join(', ')}`);
  }
  if (r.problems.length > 0) {
    out.push('', 'Problems');
    for (const p of r.problems) out.push(`  ${p.severity} ${p.code} ${p.object}: ${p.message}`);
  }
  return `${out.join('\n')}\n`;
}
