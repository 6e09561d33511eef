/**
 * The VyOS configuration of each router, as `set` commands: interfaces, the node peer group (remote-as = the
 * cluster ASN, MD5, ebgp-multihop, timers matching the cluster side, import policy that accepts only the cluster's
 * prefixes, export policy per `exportToNodes`, maximum-prefix), the listen range, upstream neighbors with explicit
 * import/export policies, the aggregate originated with a blackhole anchor, graceful restart, ECMP over the nodes,
 * and a stateful firewall. The text is parsed into a VyOS tree by `src/vyos` and printed canonically (set and
 * config.boot), and the FRR config is translated from that same tree: the formats agree by construction.
 */
import type { Plan, PlannedRouter } from '../plan-types.js';
import { PASSWORD_PLACEHOLDER } from './artifact.js';

export const NODE_PEER_GROUP = 'K8S';
export const POLICY_NAMES = {
  nodesIn: 'K8S-IN',
  nodesOut: 'K8S-OUT',
  defaultOnly: 'DEFAULT-ONLY',
  upstreamIn: 'UPSTREAM-IN',
  upstreamOut: 'UPSTREAM-OUT',
} as const;

/** VyOS single-quotes values; a quote inside a value cannot be expressed, so it is refused earlier by the schema. */
function q(value: string | number): string {
  return `'${String(value)}'`;
}

function ifacePath(name: string, vlan: number | undefined): string {
  return vlan === undefined ? `interfaces ethernet ${name}` : `interfaces ethernet ${name} vif ${vlan}`;
}

/** The prefixes the routers accept from nodes: pod prefix up to the node mask, LB pools, service CIDR if advertised. */
export function acceptedFromNodes(plan: Plan): { prefix: string; le: number }[] {
  const out: { prefix: string; le: number }[] = [];
  if (plan.podCidr !== undefined && plan.advertisements.some((a) => a.type === 'PodCIDR')) {
    out.push({ prefix: plan.podCidr.prefix.toString(), le: plan.podCidr.nodeMaskSize });
  }
  const services = plan.advertisements.filter((a) => a.type === 'Service');
  if (services.some((a) => a.addresses.includes('LoadBalancerIP'))) {
    for (const pool of plan.lbPools) out.push({ prefix: pool.prefix.toString(), le: 128 });
  }
  if (plan.serviceCidr !== undefined && services.some((a) => a.addresses.includes('ClusterIP'))) {
    out.push({ prefix: plan.serviceCidr.toString(), le: 128 });
  }
  return out;
}

function prefixListRule(
  name: string,
  rule: number,
  action: 'permit' | 'deny',
  prefix: string,
  le?: number,
  ge?: number,
) {
  const base = `set policy prefix-list6 ${name} rule ${rule}`;
  const prefixLength = Number(prefix.split('/')[1]);
  return [
    `${base} action ${q(action)}`,
    `${base} prefix ${q(prefix)}`,
    ...(ge !== undefined ? [`${base} ge ${q(ge)}`] : []),
    ...(le !== undefined && le > prefixLength ? [`${base} le ${q(le)}`] : []),
  ];
}

function policies(plan: Plan, router: PlannedRouter): string[] {
  const lines: string[] = [];
  const accepted = acceptedFromNodes(plan);
  for (const [i, a] of accepted.entries()) {
    lines.push(...prefixListRule(POLICY_NAMES.nodesIn, (i + 1) * 10, 'permit', a.prefix, a.le));
  }
  const inMap = `set policy route-map ${POLICY_NAMES.nodesIn} rule 10`;
  lines.push(
    `${inMap} action 'permit'`,
    `${inMap} description 'cluster prefixes only; prefer the global next hop'`,
    `${inMap} match ipv6 address prefix-list ${q(POLICY_NAMES.nodesIn)}`,
    `${inMap} set ipv6-next-hop prefer-global`,
  );
  const outMap = `set policy route-map ${POLICY_NAMES.nodesOut} rule 10`;
  switch (router.exportToNodes) {
    case 'default-route':
      lines.push(...prefixListRule(POLICY_NAMES.defaultOnly, 10, 'permit', '::/0'));
      lines.push(
        `${outMap} action 'permit'`,
        `${outMap} match ipv6 address prefix-list ${q(POLICY_NAMES.defaultOnly)}`,
      );
      break;
    case 'none':
      lines.push(`${outMap} action 'deny'`);
      break;
    case 'all':
      lines.push(`${outMap} action 'permit'`);
      break;
  }
  if (router.upstreamNeighbors.length > 0) {
    const agg = plan.aggregate.toString();
    lines.push(...prefixListRule(POLICY_NAMES.upstreamOut, 10, 'permit', agg));
    for (const [i, a] of accepted.entries()) {
      lines.push(...prefixListRule(POLICY_NAMES.upstreamOut, 20 + i * 10, 'permit', a.prefix, a.le));
    }
    lines.push(...prefixListRule(POLICY_NAMES.upstreamIn, 10, 'deny', agg, 128));
    lines.push(...prefixListRule(POLICY_NAMES.upstreamIn, 20, 'permit', '::/0', 48));
    for (const [map, list] of [
      [POLICY_NAMES.upstreamOut, POLICY_NAMES.upstreamOut],
      [POLICY_NAMES.upstreamIn, POLICY_NAMES.upstreamIn],
    ] as const) {
      lines.push(
        `set policy route-map ${map} rule 10 action 'permit'`,
        `set policy route-map ${map} rule 10 match ipv6 address prefix-list ${q(list)}`,
      );
    }
  }
  return lines;
}

function firewall(plan: Plan, router: PlannedRouter): string[] {
  const lines: string[] = [];
  const agg = plan.aggregate.toString();
  const input = 'set firewall ipv6 input filter';
  lines.push(`${input} default-action 'drop'`);
  const inRules: [number, string[]][] = [
    [10, ["action 'accept'", "state 'established'", "state 'related'", "description 'return traffic'"]],
    [20, ["action 'accept'", "protocol 'ipv6-icmp'", "description 'ICMPv6 (ND, PMTUD, ping)'"]],
    [30, ["action 'accept'", `source address ${q('fe80::/10')}`, "description 'link-local'"]],
    [
      40,
      [
        "action 'accept'",
        "protocol 'tcp'",
        "destination port '179'",
        `source address ${q(router.listenRange.toString())}`,
        "description 'BGP from the nodes'",
      ],
    ],
    ...router.upstreamNeighbors.map((u, i): [number, string[]] => [
      50 + i,
      [
        "action 'accept'",
        "protocol 'tcp'",
        "destination port '179'",
        `source address ${q(u.address.toString())}`,
        `description ${q(`BGP from upstream AS${u.asn}`)}`,
      ],
    ]),
    [
      60,
      [
        "action 'accept'",
        "protocol 'tcp'",
        "destination port '22'",
        `source address ${q(agg)}`,
        "description 'SSH from the lab'",
      ],
    ],
  ];
  for (const [n, parts] of inRules) for (const p of parts) lines.push(`${input} rule ${n} ${p}`);
  const fwd = 'set firewall ipv6 forward filter';
  lines.push(`${fwd} default-action 'drop'`);
  const fwdRules: [number, string[]][] = [
    [10, ["action 'accept'", "state 'established'", "state 'related'", "description 'return traffic'"]],
    [20, ["action 'accept'", "protocol 'ipv6-icmp'", "description 'ICMPv6'"]],
    [30, ["action 'accept'", `source address ${q(agg)}`, "description 'from the lab outwards'"]],
    [
      40,
      [
        "action 'accept'",
        "protocol 'tcp'",
        "destination port '80,443'",
        `destination address ${q(agg)}`,
        "description 'HTTP(S) to the lab'",
      ],
    ],
  ];
  for (const [n, parts] of fwdRules) for (const p of parts) lines.push(`${fwd} rule ${n} ${p}`);
  return lines;
}

/** The router's configuration as VyOS `set` commands (not yet in canonical order; the VyOS printer sorts). */
export function routerSetCommands(plan: Plan, router: PlannedRouter, password: string | undefined): string[] {
  const lines: string[] = [];
  const ni = router.nodeInterface;
  lines.push(`set ${ifacePath(ni.name, ni.vlan)} address ${q(`${ni.address}/${ni.prefix.length}`)}`);
  lines.push(`set ${ifacePath(ni.name, ni.vlan)} description ${q(`Kubernetes nodes ${ni.prefix}`)}`);
  for (const up of router.uplinks) {
    lines.push(`set ${ifacePath(up.name, up.vlan)} address ${q(`${up.address}/${up.prefix.length}`)}`);
    lines.push(`set ${ifacePath(up.name, up.vlan)} description ${q('Upstream')}`);
  }
  if (router.loopback !== undefined) {
    lines.push(
      `set interfaces loopback lo address ${q(`${router.loopback.address}/${router.loopback.prefix.length}`)}`,
    );
  }
  if (router.fqdn?.includes('.')) {
    const [host, ...domain] = router.fqdn.split('.');
    lines.push(`set system host-name ${q(host ?? router.name)}`, `set system domain-name ${q(domain.join('.'))}`);
  } else {
    lines.push(`set system host-name ${q(router.name)}`);
  }
  lines.push(...policies(plan, router));
  // Anchor for the aggregate: originated by BGP, packets to unused space inside it are dropped, not looped.
  lines.push(`set protocols static route6 ${plan.aggregate} blackhole distance '254'`);

  const bgp = 'set protocols bgp';
  const b = plan.bgp;
  lines.push(`${bgp} system-as ${q(router.asn)}`);
  lines.push(`${bgp} parameters router-id ${q(router.routerId.toString())}`);
  lines.push(`${bgp} parameters log-neighbor-changes`);
  if (b.gracefulRestart.enabled) lines.push(`${bgp} parameters graceful-restart`);
  lines.push(
    `${bgp} timers holdtime ${q(b.timers.holdTimeSec)}`,
    `${bgp} timers keepalive ${q(b.timers.keepaliveTimeSec)}`,
  );
  lines.push(`${bgp} address-family ipv6-unicast network ${plan.aggregate}`);
  lines.push(`${bgp} address-family ipv6-unicast redistribute connected`);
  lines.push(
    `${bgp} address-family ipv6-unicast maximum-paths ebgp ${q(Math.min(64, Math.max(1, plan.nodes.length)))}`,
  );
  lines.push(`${bgp} listen range ${router.listenRange} peer-group ${q(NODE_PEER_GROUP)}`);
  if (plan.nodes.length > 100) lines.push(`${bgp} listen limit ${q(Math.min(5000, plan.nodes.length * 2))}`);
  const pg = `${bgp} peer-group ${NODE_PEER_GROUP}`;
  lines.push(`${pg} description ${q(`Kubernetes ${plan.clusterName} nodes AS${plan.clusterAsn}`)}`);
  lines.push(`${pg} remote-as ${q(plan.clusterAsn)}`);
  if (b.authSecretRef !== undefined) lines.push(`${pg} password ${q(password ?? PASSWORD_PLACEHOLDER)}`);
  if (b.ebgpMultihop > 1) lines.push(`${pg} ebgp-multihop ${q(b.ebgpMultihop)}`);
  if (b.gracefulRestart.enabled) lines.push(`${pg} graceful-restart 'enable'`);
  const af = `${pg} address-family ipv6-unicast`;
  lines.push(`${af} route-map import ${q(POLICY_NAMES.nodesIn)}`);
  lines.push(`${af} route-map export ${q(POLICY_NAMES.nodesOut)}`);
  lines.push(`${af} maximum-prefix ${q(router.maximumPrefix)}`);
  for (const u of router.upstreamNeighbors) {
    const n = `${bgp} neighbor ${u.address}`;
    lines.push(`${n} remote-as ${q(u.asn)}`);
    if (u.description !== undefined) lines.push(`${n} description ${q(u.description)}`);
    lines.push(`${n} address-family ipv6-unicast route-map import ${q(POLICY_NAMES.upstreamIn)}`);
    lines.push(`${n} address-family ipv6-unicast route-map export ${q(POLICY_NAMES.upstreamOut)}`);
  }
  lines.push(...firewall(plan, router));
  return lines;
}
