/**
 * Go and GoBGP text forms the Cilium CLIs print (reference §9): `time.Duration` rounded to seconds, and GoBGP's
 * path attribute `String()` forms in a Go slice (`[{Origin: i} {AsPath: 65001} ...]`), attributes in type-code order.
 */
import type { BgpFamily } from '../../bgp/speaker/config-types.js';
import type { RouteAttributes } from '../../bgp/speaker/route.js';
import { communityValue } from '../agent/advertisements.js';

/** Go `time.Duration(s * time.Second).String()` for whole seconds: `0s`, `5s`, `33m26s`, `1h0m3s`. */
export function goDuration(totalSec: number): string {
  const s = Math.max(0, Math.round(totalSec));
  if (s === 0) return '0s';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${m}m${sec}s`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}

const GOBGP_WELL_KNOWN: Readonly<Record<number, string>> = {
  4294901760: 'planned-shut',
  4294901761: 'accept-own',
  4294901762: 'route-filter-translated-v4',
  4294901763: 'route-filter-v4',
  4294901764: 'route-filter-translated-v6',
  4294901765: 'route-filter-v6',
  4294901766: 'llgr-stale',
  4294901767: 'no-llgr',
  4294902426: 'blackhole',
  4294967041: 'no-export',
  4294967042: 'no-advertise',
  4294967043: 'no-export-subconfed',
  4294967044: 'no-peer',
};

function communityText(text: string): string {
  const v = communityValue(text) ?? 0;
  return GOBGP_WELL_KNOWN[v] ?? `${v >>> 16}:${v & 0xffff}`;
}

const ORIGIN: Readonly<Record<string, string>> = { igp: 'i', egp: 'e', incomplete: '?' };

/** GoBGP's attribute list of one path, as `cilium bgp routes` prints it in the Attrs column. */
export function gobgpAttributes(prefix: string, family: BgpFamily, a: RouteAttributes): string {
  const parts: string[] = [`{Origin: ${ORIGIN[a.origin] ?? '-'}}`];
  const asns = a.asPath
    .map((s) => (s.type === 'set' ? `{${s.asns.join(',')}}` : s.asns.join(' ')))
    .filter((t) => t !== '');
  if (asns.length > 0) parts.push(`{AsPath: ${asns.join(' ')}}`);
  if (family === 'ipv4-unicast') parts.push(`{Nexthop: ${a.nextHop}}`);
  if (a.med !== undefined) parts.push(`{Med: ${a.med}}`);
  if (a.localPref !== undefined) parts.push(`{LocalPref: ${a.localPref}}`);
  if (a.communities.length > 0) parts.push(`{Communities: ${a.communities.map(communityText).join(', ')}}`);
  if (family === 'ipv6-unicast') parts.push(`{MpReach(ipv6-unicast): {Nexthop: ${a.nextHop}, NLRIs: [${prefix}]}}`);
  if (a.largeCommunities.length > 0) parts.push(`{LargeCommunity: [ ${a.largeCommunities.join(', ')}]}`);
  return `[${parts.join(' ')}]`;
}
