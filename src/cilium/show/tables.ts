/**
 * `cilium bgp peers` and `cilium bgp routes` (cilium-cli, cluster-wide: one block of rows per node) as text, from
 * what each node's agent reports (reference §9.1, §9.3).
 */
import type { BgpFamily } from '../../bgp/speaker/config-types.js';
import type { PeerView, RouteView } from '../agent/speaker-port.js';
import { gobgpAttributes, goDuration } from './go-format.js';
import { tabwrite } from './tabwriter.js';

export interface NodePeers {
  readonly node: string;
  readonly peers: readonly PeerView[];
}

export interface NodeRoutes {
  readonly node: string;
  readonly routes: readonly RouteView[];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * §9.1: nodes sorted by name; peers by local AS, then peer address; the node name on its first row only; every
 * further family on its own line after 6 empty cells; data lines end with a tab (so Advertised is padded).
 */
export function formatPeersTable(nodes: readonly NodePeers[]): string {
  let text = 'Node\tLocal AS\tPeer AS\tPeer Address\tSession State\tUptime\tFamily\tReceived\tAdvertised\n';
  for (const n of [...nodes].sort((a, b) => byText(a.node, b.node))) {
    const peers = [...n.peers].sort((a, b) => a.localAsn - b.localAsn || byText(a.address, b.address));
    peers.forEach((p, i) => {
      text += i === 0 ? `${n.node}\t` : '\t';
      text += `${p.localAsn}\t${p.peerAsn}\t${p.address}\t${p.state}\t${goDuration(p.uptimeSec)}\t`;
      p.families.forEach((f, j) => {
        if (j > 0) text += '\t'.repeat(6);
        text += `${f.afi}/${f.safi}\t${f.received}\t${f.advertised}\t\n`;
      });
    });
  }
  return tabwrite(text);
}

export type RoutesKind = 'available' | 'advertised';

/** The `cilium bgp routes` arguments: `[available|advertised] [afi] [safi] [vrouter ASN] [peer|neighbor ADDR]`. */
export interface RoutesQuery {
  readonly kind: RoutesKind;
  readonly afi: 'ipv4' | 'ipv6';
  readonly safi: 'unicast';
  readonly vrouter?: number;
  readonly peer?: string;
  /** The notes printed when arguments were defaulted (empty with JSON output). */
  readonly notes: readonly string[];
}

export type RoutesQueryResult =
  | { readonly ok: true; readonly query: RoutesQuery }
  | { readonly ok: false; readonly error: string };

/** §9.3 argument defaults and validation, with cilium-cli's notes and error texts. */
export function parseRoutesArgs(args: readonly string[]): RoutesQueryResult {
  const notes: string[] = [];
  let a = [...args];
  if (a.length < 1) {
    notes.push('(Defaulting to `available ipv4 unicast` routes, please see help for more options)');
    a = ['available', 'ipv4', 'unicast'];
  } else if (a.length < 2) {
    notes.push('(Defaulting to `ipv4 unicast` AFI & SAFI, please see help for more options)');
    a = [a[0]!, 'ipv4', 'unicast'];
  } else if (a.length < 3) {
    notes.push('(Defaulting to `unicast` SAFI, please see help for more options)');
    a = [a[0]!, a[1]!, 'unicast'];
  }
  const [kind, afi, safi, ...rest] = a as [string, string, string, ...string[]];
  if (kind !== 'available' && kind !== 'advertised') {
    return { ok: false, error: `invalid argument: \`${kind}\`, expected \`available\` / \`advertised\`` };
  }
  if (afi !== 'ipv4' && afi !== 'ipv6') return { ok: false, error: `unknown AFI \`${afi}\`` };
  if (safi !== 'unicast') return { ok: false, error: `unknown SAFI \`${safi}\`` };
  let vrouter: number | undefined;
  let peer: string | undefined;
  let i = 0;
  if (rest[i] !== undefined && rest[i] !== 'vrouter' && rest[i] !== 'peer' && rest[i] !== 'neighbor') {
    return { ok: false, error: `invalid argument: \`${rest[i]}\`, expected \`vrouter\` / \`peer\`` };
  }
  if (rest[i] === 'vrouter') {
    if (rest[i + 1] === undefined) return { ok: false, error: 'missing vrouter ASN value' };
    if (!/^\d+$/.test(rest[i + 1]!)) return { ok: false, error: `invalid vrouter ASN: ${rest[i + 1]}` };
    vrouter = Number(rest[i + 1]);
    i += 2;
  }
  if (kind === 'advertised' && rest[i] !== undefined) {
    if (rest[i] !== 'peer' && rest[i] !== 'neighbor') return { ok: false, error: 'missing `peer` argument' };
    if (rest[i + 1] === undefined) return { ok: false, error: 'missing peer IP address' };
    peer = rest[i + 1]!;
  }
  return {
    ok: true,
    query: {
      kind,
      afi,
      safi: 'unicast',
      ...(vrouter !== undefined ? { vrouter } : {}),
      ...(peer !== undefined ? { peer } : {}),
      notes,
    },
  };
}

export const familyOfQuery = (q: RoutesQuery): BgpFamily => (q.afi === 'ipv6' ? 'ipv6-unicast' : 'ipv4-unicast');

/** Filters one node's routes by the query's vrouter and peer. */
export function selectRoutes(routes: readonly RouteView[], q: RoutesQuery): RouteView[] {
  return routes.filter(
    (r) => (q.vrouter === undefined || r.localAsn === q.vrouter) && (q.peer === undefined || r.peer === q.peer),
  );
}

/**
 * §9.3: `Node VRouter [Peer] Prefix NextHop Age Attrs`; nodes sorted; routes by router ASN, neighbor, prefix; the
 * node name on its first row only; rows end with a tab.
 */
export function formatRoutesTable(nodes: readonly NodeRoutes[], printPeer: boolean): string {
  let text = printPeer
    ? 'Node\tVRouter\tPeer\tPrefix\tNextHop\tAge\tAttrs\n'
    : 'Node\tVRouter\tPrefix\tNextHop\tAge\tAttrs\n';
  for (const n of [...nodes].sort((a, b) => byText(a.node, b.node))) {
    const routes = [...n.routes].sort(
      (a, b) => a.localAsn - b.localAsn || byText(a.peer ?? '', b.peer ?? '') || byText(a.prefix, b.prefix),
    );
    routes.forEach((r, i) => {
      text += i === 0 ? `${n.node}\t` : '\t';
      text += `${r.localAsn}\t`;
      if (printPeer) text += `${r.peer ?? ''}\t`;
      text += `${r.prefix}\t${r.attributes.nextHop}\t${goDuration(r.ageSec)}\t${gobgpAttributes(r.prefix, r.family, r.attributes)}\t\n`;
    });
  }
  return tabwrite(text);
}
