/**
 * The control API's RIB answers as text a network engineer reads at a glance: the columns and status codes of FRR's
 * `show bgp ipv6 unicast` (`*` valid, `>` best, `=` multipath, `i` internal, `S` stale), the summary like
 * `show bgp ipv6 unicast summary`. Pure: JSON in, text out.
 */
import type { LearnedRoute } from './route.js';
import { formatAsPath } from './route.js';
import type { RibPage, RibRouteJson, RibSummary } from './rib-queries.js';

const ORIGIN_CODE: Record<string, string> = { igp: 'i', egp: 'e', incomplete: '?' };

const LEGEND = [
  'Status codes:  * valid, > best, = multipath, i internal, S Stale',
  'Origin codes:  i - IGP, e - EGP, ? - incomplete',
];

/** Columns padded to their widest cell; right-aligned where `right[i]`; trailing blanks trimmed. */
export function formatColumns(rows: readonly (readonly string[])[], right: readonly boolean[] = []): string {
  const widths: number[] = [];
  for (const r of rows) for (let i = 0; i < r.length; i++) widths[i] = Math.max(widths[i] ?? 0, r[i]!.length);
  return rows
    .map((r) =>
      r
        .map((c, i) => (right[i] === true ? c.padStart(widths[i]!) : i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join(' ')
        .trimEnd(),
    )
    .join('\n');
}

function pathText(asPath: LearnedRoute['asPath'], origin: string): string {
  const p = formatAsPath(asPath);
  return `${p === '' ? '' : `${p} `}${ORIGIN_CODE[origin] ?? '?'}`;
}

const HEADER = ['', 'Network', 'Next Hop', 'Metric', 'LocPrf', 'Weight', 'Path'];
const RIGHT = [false, false, false, true, true, true, false];

/** `show bgp ipv6 unicast`: one line per path, the prefix only on its first path. */
export function formatLocRibText(
  body: RibPage<RibRouteJson> & { readonly asn: number; readonly routerId: string },
): string {
  const rows: string[][] = [HEADER];
  let paths = 0;
  for (const route of body.routes) {
    route.paths.forEach((p, i) => {
      paths++;
      const status = `${p.stale ? 'S' : ' '}*${p.best ? '>' : p.multipath ? '=' : ' '}${p.internal ? 'i' : ' '}`;
      const a = p.attributes;
      rows.push([
        status,
        i === 0 ? route.prefix : '',
        a.nextHop === '' ? '::' : a.nextHop,
        a.med === undefined ? '' : String(a.med),
        a.localPref === undefined ? '' : String(a.localPref),
        String(a.weight ?? 0),
        pathText(a.asPath, a.origin),
      ]);
    });
  }
  const head = [`BGP table, local router ID is ${body.routerId}, local AS ${body.asn}`, ...LEGEND, ''];
  const more = body.next === undefined ? '' : `\nMore: --after ${body.next}`;
  return `${head.join('\n')}\n${formatColumns(rows, RIGHT)}\n\nDisplayed ${body.routes.length} routes and ${paths} total paths${more}\n`;
}

/** `show bgp ipv6 unicast neighbors PEER advertised-routes`. */
export function formatAdvertisedText(body: RibPage<LearnedRoute> & { readonly peer: string }): string {
  const rows: string[][] = [HEADER];
  for (const r of body.routes) {
    rows.push([
      ' *>',
      r.prefix,
      r.nextHop === '' ? '::' : r.nextHop,
      r.med === undefined ? '' : String(r.med),
      r.localPref === undefined ? '' : String(r.localPref),
      '0',
      pathText(r.asPath, r.origin),
    ]);
  }
  const more = body.next === undefined ? '' : `\nMore: --after ${body.next}`;
  return `Advertised to ${body.peer}:\n\n${formatColumns(rows, RIGHT)}\n\nTotal number of prefixes ${body.routes.length}${more}\n`;
}

/** RIB summary: table sizes and per-peer counts (`show bgp ipv6 unicast summary` columns). */
export function formatRibSummaryText(body: RibSummary & { readonly asn: number; readonly routerId: string }): string {
  const rows: string[][] = [['Neighbor', 'PfxRcd', 'PfxAcc', 'PfxSnt', 'Stale']];
  for (const p of body.peers)
    rows.push([p.address, String(p.received), String(p.accepted), String(p.advertised), String(p.stale)]);
  return [
    `BGP router identifier ${body.routerId}, local AS number ${body.asn}`,
    `RIB entries ${body.prefixes}, paths ${body.paths}, attribute sets ${body.attributeSets}${body.exportDeferred ? ' (best-path export deferred: graceful restart)' : ''}`,
    '',
    formatColumns(rows, [false, true, true, true, true]),
    '',
  ].join('\n');
}
