/**
 * Loads a speaker configuration from YAML text. Problems are collected (not thrown one by one) as Diagnostics
 * located at `file:line:col` of the offending node. Pure: the caller reads the file and passes the environment
 * (for `passwordEnv`).
 */
import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { Diagnostic, SourcePosition } from '../../core/diagnostic.js';
import { tryParseAddress, tryParsePrefix } from '../../ip/parse.js';
import type { PolicyConfig } from '../policy/types.js';
import { checkBestPathConfig, checkPolicyConfig, type SectionProblem } from './config-policy.js';
import { parseCommunity, parseLargeCommunity } from './communities.js';
import {
  BGP_FAMILIES,
  type BgpFamily,
  type ControlConfig,
  DEFAULT_BGP_PORT,
  DEFAULT_PEER_SETTINGS,
  type ListenConfig,
  type ListenRangeConfig,
  type OriginName,
  type PeerConfig,
  type PeerSettings,
  type RouteConfig,
  type SpeakerConfig,
} from './config-types.js';

export const SpeakerConfigCode = {
  yaml: 'E_CONFIG_YAML',
  type: 'E_CONFIG_TYPE',
  required: 'E_CONFIG_REQUIRED',
  unknownKey: 'E_CONFIG_UNKNOWN_KEY',
  value: 'E_CONFIG_VALUE',
  env: 'E_CONFIG_ENV',
  duplicate: 'E_CONFIG_DUPLICATE',
} as const;

export interface SpeakerConfigResult {
  /** Present only when there are no errors. */
  readonly config?: SpeakerConfig;
  readonly diagnostics: readonly Diagnostic[];
}

type Path = readonly (string | number)[];

const PEER_SETTING_KEYS = [
  'asn',
  'passive',
  'password',
  'passwordEnv',
  'holdTimeSec',
  'keepaliveTimeSec',
  'connectRetrySec',
  'multihop',
  'ttlSecurity',
  'localAddress',
  'families',
  'description',
  'gracefulRestart',
  'importPolicy',
  'exportPolicy',
  'softReconfigurationInbound',
  'nextHopSelf',
] as const;

class Reader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
    readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  pos(node: Node | null | undefined): SourcePosition | undefined {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  error(code: string, message: string, path: Path, node: Node | null | undefined, hint?: string): undefined {
    const source = this.pos(node) ?? { file: this.file, line: 1, column: 1 };
    this.diagnostics.push({ code, severity: 'error', message, path, source, ...(hint ? { hint } : {}) });
    return undefined;
  }

  /** The map's entries as [key, valueNode]; reports keys outside `allowed`. */
  map(node: unknown, path: Path, allowed: readonly string[]): Map<string, Node | null> | undefined {
    if (!isMap(node)) return this.error(SpeakerConfigCode.type, 'expected a mapping', path, node as Node);
    const out = new Map<string, Node | null>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key === undefined || !allowed.includes(key)) {
        this.error(
          SpeakerConfigCode.unknownKey,
          `unknown key '${key ?? '?'}'`,
          [...path, key ?? '?'],
          keyNode,
          `allowed: ${allowed.join(', ')}`,
        );
        continue;
      }
      out.set(key, (pair.value as Node | null) ?? null);
    }
    return out;
  }

  seq(node: Node | null | undefined, path: Path): (Node | null)[] | undefined {
    if (node === undefined) return [];
    if (!isSeq(node)) return this.error(SpeakerConfigCode.type, 'expected a list', path, node);
    return node.items as (Node | null)[];
  }

  int(node: Node | null | undefined, path: Path, min: number, max: number): number | undefined {
    if (node === undefined) return undefined;
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v))
      return this.error(SpeakerConfigCode.type, 'expected an integer', path, node);
    if (v < min || v > max) return this.error(SpeakerConfigCode.value, `must be between ${min} and ${max}`, path, node);
    return v;
  }

  str(node: Node | null | undefined, path: Path): string | undefined {
    if (node === undefined) return undefined;
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'string' || v === '')
      return this.error(SpeakerConfigCode.type, 'expected a non-empty string', path, node);
    return v;
  }

  bool(node: Node | null | undefined, path: Path): boolean | undefined {
    if (node === undefined) return undefined;
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'boolean') return this.error(SpeakerConfigCode.type, 'expected true or false', path, node);
    return v;
  }

  address(node: Node | null | undefined, path: Path, family?: 4 | 6): string | undefined {
    const text = this.str(node, path);
    if (text === undefined) return undefined;
    const parsed = tryParseAddress(text);
    if (!parsed.ok) return this.error(parsed.code, `not an IP address: '${text}'`, path, node);
    if (family !== undefined && parsed.value.family !== family) {
      return this.error(SpeakerConfigCode.value, `expected an IPv${family} address`, path, node);
    }
    return parsed.value.toString();
  }

  prefix(node: Node | null | undefined, path: Path): string | undefined {
    const text = this.str(node, path);
    if (text === undefined) return undefined;
    const parsed = tryParsePrefix(text);
    if (!parsed.ok) return this.error(parsed.code, `not an IP prefix: '${text}'`, path, node);
    if (parsed.value.hasHostBits()) {
      return this.error(
        SpeakerConfigCode.value,
        `prefix has host bits set (did you mean ${parsed.value.network().toString()}?)`,
        path,
        node,
      );
    }
    return parsed.value.toString();
  }

  required<T>(value: T | undefined, present: boolean, path: Path, parent: Node | null | undefined): T | undefined {
    if (!present)
      this.error(SpeakerConfigCode.required, `'${String(path[path.length - 1])}' is required`, path, parent);
    return value;
  }
}

function asnValue(
  r: Reader,
  node: Node | null | undefined,
  path: Path,
  allowExternal: boolean,
): number | 'external' | undefined {
  if (allowExternal && isScalar(node) && node.value === 'external') return 'external';
  return r.int(node, path, 1, 4294967295);
}

function parseSettings(
  r: Reader,
  m: Map<string, Node | null>,
  path: Path,
  allowExternal: boolean,
): PeerSettings | undefined {
  const get = (k: string) => (m.has(k) ? m.get(k) : undefined);
  const asn = r.required(
    asnValue(r, get('asn'), [...path, 'asn'], allowExternal),
    m.has('asn'),
    [...path, 'asn'],
    get('asn'),
  );
  let password = r.str(get('password'), [...path, 'password']);
  const passwordEnvNode = get('passwordEnv');
  const passwordEnv = r.str(passwordEnvNode, [...path, 'passwordEnv']);
  if (password !== undefined && passwordEnv !== undefined) {
    r.error(
      SpeakerConfigCode.value,
      "give 'password' or 'passwordEnv', not both",
      [...path, 'passwordEnv'],
      passwordEnvNode,
    );
  } else if (passwordEnv !== undefined) {
    password = r.env[passwordEnv];
    if (password === undefined || password === '') {
      r.error(
        SpeakerConfigCode.env,
        `environment variable ${passwordEnv} is not set`,
        [...path, 'passwordEnv'],
        passwordEnvNode,
      );
    }
  }
  // RFC 2385 keys are at most 80 octets (TCP_MD5SIG_MAXKEYLEN on Linux).
  if (password !== undefined && Buffer.byteLength(password) > 80) {
    r.error(
      SpeakerConfigCode.value,
      'password longer than 80 bytes',
      [...path, 'password'],
      get('password') ?? passwordEnvNode,
    );
  }
  // RFC 4271 §4.2: hold time 0 or at least 3 seconds.
  const holdTimeSec =
    r.int(get('holdTimeSec'), [...path, 'holdTimeSec'], 0, 65535) ?? DEFAULT_PEER_SETTINGS.holdTimeSec;
  if (holdTimeSec === 1 || holdTimeSec === 2) {
    r.error(
      SpeakerConfigCode.value,
      'hold time must be 0 or at least 3 seconds',
      [...path, 'holdTimeSec'],
      get('holdTimeSec'),
    );
  }
  const keepaliveTimeSec =
    r.int(get('keepaliveTimeSec'), [...path, 'keepaliveTimeSec'], 0, 21845) ?? Math.floor(holdTimeSec / 3);
  const connectRetrySec =
    r.int(get('connectRetrySec'), [...path, 'connectRetrySec'], 1, 65535) ?? DEFAULT_PEER_SETTINGS.connectRetrySec;
  const multihopNode = get('multihop');
  const multihop =
    isScalar(multihopNode) && multihopNode.value === true ? 255 : r.int(multihopNode, [...path, 'multihop'], 1, 255);
  const ttlNode = get('ttlSecurity');
  const ttlSecurity =
    isScalar(ttlNode) && ttlNode.value === true ? 1 : r.int(ttlNode, [...path, 'ttlSecurity'], 1, 254);
  if (multihop !== undefined && ttlSecurity !== undefined) {
    r.error(
      SpeakerConfigCode.value,
      "'multihop' and 'ttlSecurity' exclude each other",
      [...path, 'ttlSecurity'],
      ttlNode,
    );
  }
  const localAddress = r.address(get('localAddress'), [...path, 'localAddress']);
  let families: BgpFamily[] = [...DEFAULT_PEER_SETTINGS.families];
  const famNodes = r.seq(get('families'), [...path, 'families']);
  if (famNodes !== undefined && famNodes.length > 0) {
    families = [];
    famNodes.forEach((n, i) => {
      const f = r.str(n, [...path, 'families', i]);
      if (f === undefined) return;
      if (!(BGP_FAMILIES as readonly string[]).includes(f)) {
        r.error(
          SpeakerConfigCode.value,
          `unknown family '${f}'`,
          [...path, 'families', i],
          n,
          `use ${BGP_FAMILIES.join(' or ')}`,
        );
      } else if (!families.includes(f as BgpFamily)) families.push(f as BgpFamily);
    });
  }
  const description = r.str(get('description'), [...path, 'description']);
  let gracefulRestart: { restartTimeSec: number } | undefined;
  if (m.has('gracefulRestart')) {
    const gm = r.map(get('gracefulRestart'), [...path, 'gracefulRestart'], ['restartTimeSec']);
    if (gm !== undefined) {
      // RFC 4724 §3: Restart Time is 12 bits.
      const restartTimeSec =
        r.int(gm.get('restartTimeSec'), [...path, 'gracefulRestart', 'restartTimeSec'], 0, 4095) ?? 120;
      gracefulRestart = { restartTimeSec };
    }
  }
  const passive = r.bool(get('passive'), [...path, 'passive']) ?? DEFAULT_PEER_SETTINGS.passive;
  const importPolicy = r.str(get('importPolicy'), [...path, 'importPolicy']);
  const exportPolicy = r.str(get('exportPolicy'), [...path, 'exportPolicy']);
  const softReconfigurationInbound = r.bool(get('softReconfigurationInbound'), [...path, 'softReconfigurationInbound']);
  const nextHopSelf = r.bool(get('nextHopSelf'), [...path, 'nextHopSelf']);
  if (asn === undefined) return undefined;
  return {
    asn,
    passive,
    holdTimeSec,
    keepaliveTimeSec,
    connectRetrySec,
    families,
    ...(password !== undefined ? { password } : {}),
    ...(multihop !== undefined ? { multihop } : {}),
    ...(ttlSecurity !== undefined ? { ttlSecurity } : {}),
    ...(localAddress !== undefined ? { localAddress } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(gracefulRestart !== undefined ? { gracefulRestart } : {}),
    ...(importPolicy !== undefined ? { importPolicy } : {}),
    ...(exportPolicy !== undefined ? { exportPolicy } : {}),
    ...(softReconfigurationInbound !== undefined ? { softReconfigurationInbound } : {}),
    ...(nextHopSelf !== undefined ? { nextHopSelf } : {}),
  };
}

function parsePeer(r: Reader, node: Node | null, path: Path): PeerConfig | undefined {
  const m = r.map(node, path, ['address', 'port', ...PEER_SETTING_KEYS]);
  if (m === undefined) return undefined;
  const address = r.required(
    r.address(m.get('address'), [...path, 'address']),
    m.has('address'),
    [...path, 'address'],
    node,
  );
  const port = r.int(m.get('port'), [...path, 'port'], 1, 65535) ?? DEFAULT_BGP_PORT;
  const settings = parseSettings(r, m, path, false);
  if (address === undefined || settings === undefined || settings.asn === 'external') return undefined;
  return { ...settings, asn: settings.asn, address, port };
}

function parseRange(r: Reader, node: Node | null, path: Path): ListenRangeConfig | undefined {
  const m = r.map(node, path, ['prefix', 'limit', ...PEER_SETTING_KEYS]);
  if (m === undefined) return undefined;
  const prefix = r.required(r.prefix(m.get('prefix'), [...path, 'prefix']), m.has('prefix'), [...path, 'prefix'], node);
  const limit = r.int(m.get('limit'), [...path, 'limit'], 1, 65535) ?? 100;
  const settings = parseSettings(r, m, path, true);
  if (prefix === undefined || settings === undefined) return undefined;
  return { ...settings, passive: true, prefix, limit };
}

const ORIGINS: readonly OriginName[] = ['igp', 'egp', 'incomplete'];

/** Parses one route (config file entry or `POST /routes` body, as a YAML/JSON node). */
function parseRouteNode(r: Reader, node: Node | null, path: Path): RouteConfig | undefined {
  const m = r.map(node, path, [
    'prefix',
    'nextHop',
    'communities',
    'largeCommunities',
    'med',
    'localPref',
    'origin',
    'asPath',
  ]);
  if (m === undefined) return undefined;
  const prefix = r.required(r.prefix(m.get('prefix'), [...path, 'prefix']), m.has('prefix'), [...path, 'prefix'], node);
  let nextHop: string | undefined = 'self';
  const nhNode = m.get('nextHop');
  if (m.has('nextHop') && !(isScalar(nhNode) && nhNode.value === 'self'))
    nextHop = r.address(nhNode, [...path, 'nextHop']);
  const communities: string[] = [];
  (r.seq(m.get('communities'), [...path, 'communities']) ?? []).forEach((n, i) => {
    const text = isScalar(n) ? String(n.value) : undefined;
    if (text === undefined || parseCommunity(text) === undefined) {
      r.error(
        SpeakerConfigCode.value,
        'not a community (asn:value or a well-known name)',
        [...path, 'communities', i],
        n,
      );
    } else communities.push(text);
  });
  const largeCommunities: string[] = [];
  (r.seq(m.get('largeCommunities'), [...path, 'largeCommunities']) ?? []).forEach((n, i) => {
    const text = isScalar(n) ? String(n.value) : undefined;
    if (text === undefined || parseLargeCommunity(text) === undefined) {
      r.error(
        SpeakerConfigCode.value,
        'not a large community (global:local1:local2)',
        [...path, 'largeCommunities', i],
        n,
      );
    } else largeCommunities.push(text);
  });
  const med = r.int(m.get('med'), [...path, 'med'], 0, 4294967295);
  const localPref = r.int(m.get('localPref'), [...path, 'localPref'], 0, 4294967295);
  const originText = r.str(m.get('origin'), [...path, 'origin']) ?? 'igp';
  if (!(ORIGINS as readonly string[]).includes(originText)) {
    r.error(
      SpeakerConfigCode.value,
      `origin must be one of ${ORIGINS.join(', ')}`,
      [...path, 'origin'],
      m.get('origin'),
    );
  }
  const asPath: number[] = [];
  (r.seq(m.get('asPath'), [...path, 'asPath']) ?? []).forEach((n, i) => {
    const v = r.int(n, [...path, 'asPath', i], 1, 4294967295);
    if (v !== undefined) asPath.push(v);
  });
  if (prefix === undefined || nextHop === undefined) return undefined;
  return {
    prefix,
    nextHop,
    communities,
    largeCommunities,
    origin: originText as OriginName,
    asPath,
    ...(med !== undefined ? { med } : {}),
    ...(localPref !== undefined ? { localPref } : {}),
  };
}

function parseControl(r: Reader, node: Node | null, path: Path): ControlConfig | undefined {
  const m = r.map(node, path, ['address', 'port', 'socket']);
  if (m === undefined) return undefined;
  if (m.has('socket')) {
    const socket = r.str(m.get('socket'), [...path, 'socket']);
    return socket === undefined ? undefined : { kind: 'socket', socket };
  }
  const address = r.address(m.get('address'), [...path, 'address']) ?? '127.0.0.1';
  const port = r.required(r.int(m.get('port'), [...path, 'port'], 0, 65535), m.has('port'), [...path, 'port'], node);
  return port === undefined ? undefined : { kind: 'tcp', address, port };
}

/** A section checked by schema (`config-policy.ts`): its value, or undefined with the problems reported in place. */
function parseSection<T>(
  r: Reader,
  doc: Document,
  node: Node | null,
  path: Path,
  check: (value: unknown, path: Path) => { value?: T; problems: readonly SectionProblem[] },
): T | undefined {
  const { value, problems } = check(isNode(node) ? node.toJSON() : node, path);
  for (const p of problems) r.error(p.code, p.message, p.path, nodeAt(doc, p.path) ?? node, p.hint);
  return value;
}

/** A peer's import/export policy must name a route map of `policy` (FRR would silently deny everything). */
function checkPolicyNames(
  r: Reader,
  doc: Document,
  policy: PolicyConfig | undefined,
  peers: readonly (readonly [PeerSettings, Path])[],
): void {
  const maps = new Set((policy?.routeMaps ?? []).map((m) => m.name));
  for (const [p, path] of peers) {
    for (const k of ['importPolicy', 'exportPolicy'] as const) {
      const name = p[k];
      if (name === undefined || maps.has(name)) continue;
      const at = [...path, k];
      r.error(SpeakerConfigCode.value, `no route map '${name}' in policy.routeMaps`, at, nodeAt(doc, at));
    }
  }
}

function nodeAt(doc: Document, path: readonly (string | number)[]): Node | undefined {
  const n = doc.getIn(path, true);
  return isNode(n) ? n : undefined;
}

function newReader(text: string, file: string, env: Readonly<Record<string, string | undefined>>) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r = new Reader(file, lines, env);
  for (const e of doc.errors) {
    const lp = e.linePos?.[0];
    r.diagnostics.push({
      code: SpeakerConfigCode.yaml,
      severity: 'error',
      message: e.message.split('\n')[0] ?? 'YAML syntax error',
      path: [],
      source: { file, line: lp?.line ?? 1, column: lp?.col ?? 1 },
    });
  }
  return { r, doc };
}

/** Parses and validates a whole speaker configuration file. */
export function parseSpeakerConfig(
  text: string,
  file: string,
  env: Readonly<Record<string, string | undefined>> = {},
): SpeakerConfigResult {
  const { r, doc } = newReader(text, file, env);
  if (r.diagnostics.length > 0) return { diagnostics: r.diagnostics };
  const top = r.map(
    doc.contents,
    [],
    [
      'asn',
      'routerId',
      'listen',
      'peers',
      'listenRanges',
      'routes',
      'control',
      'restarting',
      'selectionDeferralSec',
      'ebgpRequiresPolicy',
      'bestPath',
      'policy',
    ],
  );
  if (top === undefined) return { diagnostics: r.diagnostics };
  const asn = r.required(r.int(top.get('asn'), ['asn'], 1, 4294967295), top.has('asn'), ['asn'], doc.contents);
  const routerId = r.required(
    r.address(top.get('routerId'), ['routerId'], 4),
    top.has('routerId'),
    ['routerId'],
    doc.contents,
  );
  const listen: ListenConfig[] = [];
  (r.seq(top.get('listen'), ['listen']) ?? []).forEach((n, i) => {
    const m = r.map(n, ['listen', i], ['address', 'port']);
    if (m === undefined) return;
    const address = r.required(
      r.address(m.get('address'), ['listen', i, 'address']),
      m.has('address'),
      ['listen', i, 'address'],
      n,
    );
    const port = r.int(m.get('port'), ['listen', i, 'port'], 0, 65535) ?? DEFAULT_BGP_PORT;
    if (address !== undefined) listen.push({ address, port });
  });
  const peers: PeerConfig[] = [];
  const peerNodes = r.seq(top.get('peers'), ['peers']) ?? [];
  peerNodes.forEach((n, i) => {
    const p = parsePeer(r, n, ['peers', i]);
    if (p === undefined) return;
    if (peers.some((q) => q.address === p.address)) {
      r.error(SpeakerConfigCode.duplicate, `peer ${p.address} is configured twice`, ['peers', i, 'address'], n);
    } else peers.push(p);
  });
  const listenRanges: ListenRangeConfig[] = [];
  (r.seq(top.get('listenRanges'), ['listenRanges']) ?? []).forEach((n, i) => {
    const lr = parseRange(r, n, ['listenRanges', i]);
    if (lr !== undefined) listenRanges.push(lr);
  });
  const routes: RouteConfig[] = [];
  (r.seq(top.get('routes'), ['routes']) ?? []).forEach((n, i) => {
    const rt = parseRouteNode(r, n, ['routes', i]);
    if (rt === undefined) return;
    if (routes.some((q) => q.prefix === rt.prefix)) {
      r.error(SpeakerConfigCode.duplicate, `route ${rt.prefix} is configured twice`, ['routes', i, 'prefix'], n);
    } else routes.push(rt);
  });
  const control = top.has('control') ? parseControl(r, top.get('control') ?? null, ['control']) : undefined;
  const restarting = r.bool(top.get('restarting'), ['restarting']);
  const selectionDeferralSec = r.int(top.get('selectionDeferralSec'), ['selectionDeferralSec'], 1, 3600);
  const ebgpRequiresPolicy = r.bool(top.get('ebgpRequiresPolicy'), ['ebgpRequiresPolicy']);
  const section = <T>(key: string, check: Parameters<typeof parseSection<T>>[4]) =>
    top.has(key) ? parseSection(r, doc, top.get(key) ?? null, [key], check) : undefined;
  const bestPath = section('bestPath', checkBestPathConfig);
  const policy = section('policy', checkPolicyConfig);
  // (names are checked against a policy that loaded; a broken one was reported already)
  if (policy !== undefined || !top.has('policy'))
    checkPolicyNames(r, doc, policy, [
      ...peers.map((p, i) => [p, ['peers', i]] as const),
      ...listenRanges.map((p, i) => [p, ['listenRanges', i]] as const),
    ]);
  if (r.diagnostics.length > 0 || asn === undefined || routerId === undefined) return { diagnostics: r.diagnostics };
  return {
    config: {
      asn,
      routerId,
      listen,
      peers,
      listenRanges,
      routes,
      ...(control !== undefined ? { control } : {}),
      ...(restarting !== undefined ? { restarting } : {}),
      ...(selectionDeferralSec !== undefined ? { selectionDeferralSec } : {}),
      ...(ebgpRequiresPolicy !== undefined ? { ebgpRequiresPolicy } : {}),
      ...(bestPath !== undefined ? { bestPath } : {}),
      ...(policy !== undefined ? { policy } : {}),
    },
    diagnostics: r.diagnostics,
  };
}

/** Parses one route given as JSON text (the control API's `POST /routes` body). */
export function parseRouteJson(text: string): { route?: RouteConfig; diagnostics: readonly Diagnostic[] } {
  const { r, doc } = newReader(text, '<request>', {});
  if (r.diagnostics.length > 0) return { diagnostics: r.diagnostics };
  const route = parseRouteNode(r, doc.contents as Node | null, []);
  return r.diagnostics.length > 0 || route === undefined ? { diagnostics: r.diagnostics } : { route, diagnostics: [] };
}
