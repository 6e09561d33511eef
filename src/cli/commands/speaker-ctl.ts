/**
 * `v6net speaker ctl`: the control API client. Prints `show bgp summary`-like tables (or the raw JSON with --json).
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { parseSpeakerConfig } from '../../bgp/speaker/config-load.js';
import type { ControlConfig } from '../../bgp/speaker/config-types.js';
import type { PeerStatus } from '../../bgp/speaker/control-api.js';
import { formatAsPath, type LearnedRoute } from '../../bgp/speaker/route.js';
import { formatAdvertisedText, formatLocRibText, formatRibSummaryText } from '../../bgp/speaker/rib-text.js';
import { InputError, UsageError } from '../../core/errors.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';

export const SPEAKER_CTL_HELP = `Usage: v6net speaker ctl [--control HOST:PORT | --socket PATH | --config FILE] [--json] <request>

Requests:
  peers                      session summary (like 'show bgp summary')
  routes PEER                routes received from PEER (Adj-RIB-In)
  rib [PREFIX|ADDRESS]       Loc-RIB like 'show bgp ipv6 unicast': every prefix (paged: --limit N --after PREFIX
                             --family ipv4|ipv6), one prefix, or the longest match for an address
  advertised PEER            Adj-RIB-Out of PEER (paged like rib)
  refresh PEER               soft inbound refresh (like 'clear bgp PEER soft in'): ROUTE-REFRESH or re-run policy
  summary                    RIB sizes and per-peer counts (received, accepted, advertised, stale)
  announce PREFIX [--next-hop ADDR|self] [--community C]... [--large-community LC]...
                  [--med N] [--local-pref N] [--origin igp|egp|incomplete] [--as-path "ASN ASN ..."]
  withdraw PREFIX

Options:
  --control HOST:PORT   control API address (e.g. 127.0.0.1:17999 or [::1]:17999)
  --socket PATH         control API unix socket
  --config FILE         take the control address from the speaker's config file
  --json                print the API's JSON answer instead of a table
`;

interface Endpoint {
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
}

function parseEndpoint(text: string): Endpoint {
  const bracket = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  if (bracket) return { host: bracket[1]!, port: Number(bracket[2]) };
  const plain = /^([^:]+):(\d+)$/.exec(text);
  if (plain) return { host: plain[1]!, port: Number(plain[2]) };
  if (/^\d+$/.test(text)) return { host: '127.0.0.1', port: Number(text) };
  throw new UsageError(`--control: expected HOST:PORT or [IPV6]:PORT, got '${text}'`);
}

function endpointFromControl(c: ControlConfig): Endpoint {
  return c.kind === 'socket' ? { socketPath: c.socket } : { host: c.address, port: c.port };
}

function call(
  endpoint: Endpoint,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        ...(endpoint.socketPath !== undefined
          ? { socketPath: endpoint.socketPath }
          : { host: endpoint.host, port: endpoint.port }),
        method,
        path,
        timeout: 5000,
        headers:
          payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolvePromise({ status: res.statusCode ?? 0, json: JSON.parse(text) as unknown });
          } catch {
            reject(
              new InputError(
                'E_CONTROL_RESPONSE',
                `control API answered something that is not JSON (HTTP ${res.statusCode})`,
              ),
            );
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out after 5 s')));
    req.on('error', (err) => {
      const where = endpoint.socketPath ?? `${endpoint.host}:${endpoint.port}`;
      reject(new InputError('E_CONTROL_CONNECT', `cannot reach the speaker's control API at ${where}: ${err.message}`));
    });
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** `00:01:23`, or `2d03h04m` past a day (FRR's Up/Down column). */
export function formatUptime(sec: number | null): string {
  if (sec === null) return 'never';
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return d > 0 ? `${d}d${two(h)}h${two(m)}m` : `${two(h)}:${two(m)}:${two(s)}`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatPeersTable(body: { asn: number; routerId: string; peers: readonly PeerStatus[] }): string {
  const header = `BGP router identifier ${body.routerId}, local AS number ${body.asn}\n`;
  const rows: string[][] = [['Neighbor', 'V', 'AS', 'MsgRcvd', 'MsgSent', 'Up/Down', 'State/PfxRcd', 'PfxSnt', 'Desc']];
  for (const p of body.peers) {
    const accepted = p.families.reduce((n, f) => n + f.accepted, 0);
    const advertised = p.families.reduce((n, f) => n + f.advertised, 0);
    const established = p.state === 'Established';
    rows.push([
      p.address,
      '4',
      String(p.remoteAsn ?? p.asn),
      String(p.messagesReceived),
      String(p.messagesSent),
      formatUptime(p.uptimeSec),
      established ? String(accepted) : p.state,
      established ? String(advertised) : '-',
      p.description ?? (p.range !== undefined ? `dynamic ${p.range}` : ''),
    ]);
  }
  const total = `\nTotal number of neighbors ${body.peers.length}`;
  return `${header}\n${table(rows)}\n${total}\n`;
}

const ORIGIN_CODE: Record<string, string> = { igp: 'i', egp: 'e', incomplete: '?' };

export function formatRoutesTable(body: { peer: string; routes: readonly LearnedRoute[] }): string {
  const rows: string[][] = [['   Network', 'Next Hop', 'Metric', 'LocPrf', 'Path', 'Communities']];
  const sorted = [...body.routes].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  for (const r of sorted) {
    const path = formatAsPath(r.asPath);
    rows.push([
      `*> ${r.prefix}`,
      r.nextHop,
      r.med === undefined ? '' : String(r.med),
      r.localPref === undefined ? '' : String(r.localPref),
      `${path === '' ? '' : `${path} `}${ORIGIN_CODE[r.origin] ?? '?'}`,
      [...r.communities, ...r.largeCommunities].join(' '),
    ]);
  }
  return `Routes received from ${body.peer}:\n\n${table(rows)}\n\nDisplayed ${body.routes.length} routes\n`;
}

/** Paging options (--limit, --after, --family) as query parameters. */
function pageQuery(
  values: { limit?: string; after?: string; family?: string },
  int: (name: string, text: string | undefined) => number | undefined,
): URLSearchParams {
  const q = new URLSearchParams();
  const limit = int('limit', values.limit);
  if (limit !== undefined) q.set('limit', String(limit));
  if (values.after !== undefined) q.set('after', values.after);
  if (values.family !== undefined) {
    if (values.family !== 'ipv4' && values.family !== 'ipv6') throw new UsageError('--family: ipv4 or ipv6');
    q.set('family', values.family);
  }
  return q;
}

function queryText(q: URLSearchParams): string {
  const t = q.toString();
  return t === '' ? '' : `?${t}`;
}

function asError(json: unknown): { code: string; message: string } {
  const e = (json as { error?: { code?: unknown; message?: unknown } }).error;
  return { code: String(e?.code ?? 'E_CONTROL'), message: String(e?.message ?? 'request failed') };
}

export async function runSpeakerCtl(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    control: { type: 'string' },
    socket: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean' },
    'next-hop': { type: 'string' },
    community: { type: 'string', multiple: true },
    'large-community': { type: 'string', multiple: true },
    med: { type: 'string' },
    'local-pref': { type: 'string' },
    origin: { type: 'string' },
    'as-path': { type: 'string' },
    limit: { type: 'string' },
    after: { type: 'string' },
    family: { type: 'string' },
  });
  let endpoint: Endpoint;
  if (values.socket !== undefined) endpoint = { socketPath: values.socket };
  else if (values.control !== undefined) endpoint = parseEndpoint(values.control);
  else if (values.config !== undefined) {
    const file = resolve(io.cwd, values.config);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputError('E_CONFIG_READ', `cannot read ${values.config}: ${(error as Error).message}`);
    }
    const { config } = parseSpeakerConfig(text, values.config, io.env);
    if (config?.control === undefined)
      throw new InputError('E_CONTROL_NONE', `${values.config} has no usable 'control' section`);
    endpoint = endpointFromControl(config.control);
  } else endpoint = { host: '127.0.0.1', port: 17999 };

  const [verb, arg] = positionals;
  const json = values.json === true;
  const int = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) throw new UsageError(`--${name}: expected a non-negative integer`);
    return Number(text);
  };
  let res: { status: number; json: unknown };
  switch (verb) {
    case 'peers':
      res = await call(endpoint, 'GET', '/peers');
      break;
    case 'routes':
      if (arg === undefined) throw new UsageError('routes: give the peer address');
      res = await call(endpoint, 'GET', `/peers/${encodeURIComponent(arg)}/routes`);
      break;
    case 'announce': {
      if (arg === undefined) throw new UsageError('announce: give the prefix');
      const med = int('med', values.med);
      const localPref = int('local-pref', values['local-pref']);
      const body = {
        prefix: arg,
        ...(values['next-hop'] !== undefined ? { nextHop: values['next-hop'] } : {}),
        ...(values.community !== undefined ? { communities: values.community } : {}),
        ...(values['large-community'] !== undefined ? { largeCommunities: values['large-community'] } : {}),
        ...(med !== undefined ? { med } : {}),
        ...(localPref !== undefined ? { localPref } : {}),
        ...(values.origin !== undefined ? { origin: values.origin } : {}),
        ...(values['as-path'] !== undefined
          ? {
              asPath: values['as-path']
                .split(/[\s,]+/)
                .filter((x) => x !== '')
                .map((x) => int('as-path', x)),
            }
          : {}),
      };
      res = await call(endpoint, 'POST', '/routes', body);
      break;
    }
    case 'rib': {
      const q = pageQuery(values, int);
      if (arg !== undefined) q.set(arg.includes('/') ? 'prefix' : 'match', arg);
      res = await call(endpoint, 'GET', `/rib${queryText(q)}`);
      break;
    }
    case 'advertised':
      if (arg === undefined) throw new UsageError('advertised: give the peer address');
      res = await call(
        endpoint,
        'GET',
        `/peers/${encodeURIComponent(arg)}/advertised${queryText(pageQuery(values, int))}`,
      );
      break;
    case 'summary':
      res = await call(endpoint, 'GET', '/rib/summary');
      break;
    case 'refresh':
      if (arg === undefined) throw new UsageError('refresh: give the peer address');
      res = await call(endpoint, 'POST', `/peers/${encodeURIComponent(arg)}/refresh`);
      break;
    case 'withdraw':
      if (arg === undefined) throw new UsageError('withdraw: give the prefix');
      res = await call(endpoint, 'DELETE', '/routes', { prefix: arg });
      break;
    default:
      throw new UsageError(
        verb === undefined
          ? 'give a request: peers, routes, rib, advertised, summary, announce or withdraw'
          : `unknown request '${verb}'`,
      );
  }
  if (res.status >= 400) {
    const e = asError(res.json);
    if (json) io.stdout.write(`${JSON.stringify(res.json)}\n`);
    io.stderr.write(`v6net speaker ctl: ${e.code}: ${e.message}\n`);
    return 1;
  }
  if (json) {
    io.stdout.write(`${JSON.stringify(res.json, null, 2)}\n`);
    return 0;
  }
  if (verb === 'peers') io.stdout.write(formatPeersTable(res.json as Parameters<typeof formatPeersTable>[0]));
  else if (verb === 'routes') io.stdout.write(formatRoutesTable(res.json as Parameters<typeof formatRoutesTable>[0]));
  else if (verb === 'rib') io.stdout.write(formatLocRibText(res.json as Parameters<typeof formatLocRibText>[0]));
  else if (verb === 'advertised')
    io.stdout.write(formatAdvertisedText(res.json as Parameters<typeof formatAdvertisedText>[0]));
  else if (verb === 'summary')
    io.stdout.write(formatRibSummaryText(res.json as Parameters<typeof formatRibSummaryText>[0]));
  else if (verb === 'refresh')
    io.stdout.write(
      `${arg}: ${(res.json as { refresh: string }).refresh === 'requested' ? 'ROUTE-REFRESH sent' : 'import policy re-applied'}\n`,
    );
  else if (verb === 'announce')
    io.stdout.write(`announced ${(res.json as { announced: { prefix: string } }).announced.prefix}\n`);
  else io.stdout.write(`withdrawn ${(res.json as { withdrawn: string }).withdrawn}\n`);
  return 0;
}
