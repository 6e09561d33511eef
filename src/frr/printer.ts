/**
 * Prints an FrrConfig as frr.conf text in the layout VyOS's `bgpd.frr.j2` / `policy.frr.j2` produce (reference
 * §4.2/§4.3, template blank lines and trailing spaces removed): `router bgp` header, global address families, each
 * peer group then each neighbor with its own address-family blocks, the remaining router statements, `exit`; then
 * as-path lists, community lists, prefix lists and route maps, each section closed by `!`. Statements print in the
 * order they are stored (the translator stores them in template order).
 */
import type { FrrAddressFamily, FrrBgpPeer, FrrConfig, FrrRouterBgp, FrrStatement } from './model.js';

const HEADER = new Set([
  'bgp ebgp-requires-policy',
  'no bgp ebgp-requires-policy',
  'bgp default ipv4-unicast',
  'no bgp default ipv4-unicast',
  'no bgp network import-check',
]);

/**
 * `vyos` (default): the exact layout of VyOS's template (reference §4.3).
 * `debian-frr`: the same, except that `bgp router-id` and `bgp graceful-restart …` come before any neighbor.
 * FRR 8.4 (Debian 12) rejects a bare `bgp graceful-restart` once a neighbor exists ("% Invalid value" / "Config
 * Failed", verified with `bgpd -C`); FRR itself also writes `bgp router-id` first. Use it for files that must load
 * on Debian's FRR (lab, rendered artifacts).
 */
export type FrrLayout = 'vyos' | 'debian-frr';

export interface FormatFrrOptions {
  readonly layout?: FrrLayout;
}

const EARLY = ['bgp router-id', 'bgp graceful-restart'];

/** True for the router statements printed right after `router bgp` (before any neighbor) in `layout`. */
export function isHeaderStatement(s: FrrStatement, layout: FrrLayout = 'vyos'): boolean {
  const text = s.join(' ');
  if (HEADER.has(text)) return true;
  return layout === 'debian-frr' && EARLY.some((e) => text === e || text.startsWith(`${e} `));
}

function afLines(af: FrrAddressFamily, prefix: string, out: string[]): void {
  out.push(' !', ` address-family ${af.afi} ${af.safi}`);
  for (const s of af.statements) {
    if (prefix !== '' && s[0] === 'no') out.push(`  no ${prefix}${s.slice(1).join(' ')}`);
    else out.push(`  ${prefix}${s.join(' ')}`);
  }
  out.push(' exit-address-family');
}

function peerLines(peer: FrrBgpPeer, out: string[]): void {
  const prefix = `neighbor ${peer.name} `;
  out.push(' !');
  for (const s of peer.statements) {
    if (s[0] === 'no') out.push(` no ${prefix}${s.slice(1).join(' ')}`);
    else out.push(` ${prefix}${s.join(' ')}`);
  }
  for (const af of peer.addressFamilies) afLines(af, prefix, out);
}

function routerLines(rb: FrrRouterBgp, out: string[], layout: FrrLayout): void {
  out.push(`router bgp ${rb.asn}${rb.vrf === undefined ? '' : ` vrf ${rb.vrf}`}`);
  for (const s of rb.statements) if (isHeaderStatement(s, layout)) out.push(` ${s.join(' ')}`);
  for (const af of rb.addressFamilies) afLines(af, '', out);
  for (const p of rb.peerGroups) peerLines(p, out);
  for (const p of rb.neighbors) peerLines(p, out);
  out.push(' !');
  for (const s of rb.statements) if (!isHeaderStatement(s, layout)) out.push(` ${s.join(' ')}`);
  out.push('exit', '!');
}

const seqPart = (seq: number | undefined): string => (seq === undefined ? '' : ` seq ${seq}`);

export function formatFrrConfig(config: FrrConfig, options: FormatFrrOptions = {}): string {
  const layout = options.layout ?? 'vyos';
  const out: string[] = [...config.preamble];
  for (const rb of config.routerBgp) routerLines(rb, out, layout);

  const section = (lines: string[]): void => {
    if (lines.length > 0) out.push(...lines, '!');
  };
  section(
    config.asPathLists.flatMap((l) =>
      l.entries.map((e) => `bgp as-path access-list ${l.name}${seqPart(e.seq)} ${e.action} ${e.value}`),
    ),
  );
  for (const kind of ['community-list', 'extcommunity-list', 'large-community-list'] as const) {
    section(
      config.communityLists
        .filter((l) => l.kind === kind)
        .flatMap((l) =>
          l.entries.map(
            (e) =>
              `bgp ${kind}${l.type === 'numbered' ? '' : ` ${l.type}`} ${l.name}${seqPart(e.seq)} ${e.action} ${e.value}`,
          ),
        ),
    );
  }
  for (const afi of ['ip', 'ipv6'] as const) {
    section(
      config.prefixLists
        .filter((l) => l.afi === afi)
        .flatMap((l) => [
          ...(l.description === undefined ? [] : [`${afi} prefix-list ${l.name} description ${l.description}`]),
          ...l.entries.map(
            (e) =>
              `${afi} prefix-list ${l.name}${seqPart(e.seq)} ${e.action} ${e.prefix}` +
              `${e.ge === undefined ? '' : ` ge ${e.ge}`}${e.le === undefined ? '' : ` le ${e.le}`}`,
          ),
        ]),
    );
  }
  for (const rm of config.routeMaps) {
    out.push(`route-map ${rm.name} ${rm.action} ${rm.seq}`);
    for (const s of rm.statements) out.push(` ${s.join(' ')}`);
    out.push('exit', '!');
  }
  out.push(...config.other);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
