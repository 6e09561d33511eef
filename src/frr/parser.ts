/**
 * A tolerant frr.conf reader into FrrConfig: `router bgp` (router statements, address-family blocks, peer groups,
 * neighbors — also in FRR's own `show running-config` layout where all neighbors share one AF block), prefix
 * lists, community / as-path lists and route maps. Indentation is not relied on. Unknown lines are kept verbatim
 * (`preamble` / `other` / router statements). Never throws; problems become diagnostics (`E_FRR_SYNTAX`).
 */
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import {
  type FrrAddressFamily,
  type FrrBgpPeer,
  type FrrConfig,
  type FrrRouteMapEntry,
  type FrrRouterBgp,
  emptyFrrConfig,
} from './model.js';

export interface FrrParseResult {
  readonly config: FrrConfig;
  readonly diagnostics: Diagnostic[];
}

type Context =
  | { readonly kind: 'top' }
  | { readonly kind: 'router'; readonly router: FrrRouterBgp }
  | {
      readonly kind: 'af';
      readonly router: FrrRouterBgp;
      readonly afi: string;
      readonly safi: string;
      readonly global: FrrAddressFamily;
    }
  | { readonly kind: 'route-map'; readonly entry: FrrRouteMapEntry }
  | { readonly kind: 'skip' };

const ROUTE_MAP_WORDS = new Set(['match', 'set', 'call', 'on-match', 'description', 'continue']);
const TOP_WORDS = new Set([
  'router',
  'route-map',
  'ip',
  'ipv6',
  'interface',
  'line',
  'hostname',
  'frr',
  'log',
  'vrf',
  'access-list',
  'end',
  'password',
  'enable',
  'service',
  'debug',
  'agentx',
  'segment-routing',
]);

function isTopLevel(words: readonly string[]): boolean {
  const w0 = words[0] ?? '';
  if (TOP_WORDS.has(w0)) return true;
  return (
    w0 === 'bgp' && ['as-path', 'community-list', 'large-community-list', 'extcommunity-list'].includes(words[1] ?? '')
  );
}

function getAf(holder: { addressFamilies: FrrAddressFamily[] }, afi: string, safi: string, source?: SourcePosition) {
  let af = holder.addressFamilies.find((a) => a.afi === afi && a.safi === safi);
  if (af === undefined) {
    af = source === undefined ? { afi, safi, statements: [] } : { afi, safi, statements: [], source };
    holder.addressFamilies.push(af);
  }
  return af;
}

export function parseFrrConfig(text: string, options: { readonly file?: string } = {}): FrrParseResult {
  const file = options.file ?? '<frr.conf>';
  const config = emptyFrrConfig();
  const diagnostics: Diagnostic[] = [];
  let ctx: Context = { kind: 'top' };
  let seenBlock = false;
  const lines = text.split('\n');

  const err = (message: string, source: SourcePosition, path: (string | number)[] = []): void => {
    diagnostics.push({ code: 'E_FRR_SYNTAX', severity: 'error', message, path, source });
  };
  // Peers by name per router (a router may have thousands of neighbors).
  const peerIndex = new Map<FrrRouterBgp, Map<string, FrrBgpPeer>>();
  const indexOf = (router: FrrRouterBgp): Map<string, FrrBgpPeer> => {
    let m = peerIndex.get(router);
    if (m === undefined) {
      m = new Map();
      peerIndex.set(router, m);
    }
    return m;
  };
  const peerOf = (router: FrrRouterBgp, name: string, source: SourcePosition): FrrBgpPeer => {
    const found = indexOf(router).get(name);
    if (found !== undefined) return found;
    const p: FrrBgpPeer = { kind: 'neighbor', name, statements: [], addressFamilies: [], source };
    router.neighbors.push(p);
    indexOf(router).set(name, p);
    return p;
  };

  for (let ln = 0; ln < lines.length; ln++) {
    const raw = lines[ln]!.replace(/\r$/, '');
    const indent = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    const source: SourcePosition = { file, line: ln + 1, column: indent + 1 };
    if (trimmed === '') continue;
    if (trimmed.startsWith('!') || trimmed.startsWith('#')) {
      // A column-0 `!` ends route-map blocks (older FRR style) and stray contexts; `router bgp` needs `exit`
      // in current FRR but older files end it with `!` too.
      if (indent === 0 && ctx.kind !== 'top') ctx = { kind: 'top' };
      continue;
    }
    const words = trimmed.split(/\s+/);
    const w0 = words[0]!;

    // Leave a block when a top-level statement appears without an `exit`.
    if (ctx.kind === 'route-map' && !ROUTE_MAP_WORDS.has(w0) && w0 !== 'exit' && w0 !== 'no') ctx = { kind: 'top' };
    if ((ctx.kind === 'router' || ctx.kind === 'af') && indent === 0 && isTopLevel(words)) ctx = { kind: 'top' };
    if (ctx.kind === 'skip' && indent === 0 && w0 !== 'exit') ctx = { kind: 'top' };

    switch (ctx.kind) {
      case 'skip':
        config.other.push(raw);
        if (w0 === 'exit') ctx = { kind: 'top' };
        continue;
      case 'route-map':
        if (w0 === 'exit') ctx = { kind: 'top' };
        else ctx.entry.statements.push(words);
        continue;
      case 'af': {
        if (w0 === 'exit-address-family' || w0 === 'exit') {
          ctx = { kind: 'router', router: ctx.router };
          continue;
        }
        const neg = w0 === 'no' && words[1] === 'neighbor';
        if (w0 === 'neighbor' || neg) {
          const name = words[neg ? 2 : 1];
          if (name === undefined || words.length < (neg ? 4 : 3)) {
            err('neighbor statement without a name or keyword', source);
            continue;
          }
          const peer = peerOf(ctx.router, name, source);
          const af = getAf(peer, ctx.afi, ctx.safi, source);
          af.statements.push(neg ? ['no', ...words.slice(3)] : words.slice(2));
        } else ctx.global.statements.push(words);
        continue;
      }
      case 'router': {
        const router: FrrRouterBgp = ctx.router;
        if (w0 === 'exit') {
          ctx = { kind: 'top' };
          continue;
        }
        if (w0 === 'address-family') {
          const afi = words[1];
          if (afi === undefined) {
            err('address-family without a family', source);
            continue;
          }
          const safi = words[2] ?? 'unicast';
          // Every AF block is recorded; the ones left without router-level statements are dropped at the end.
          const existing = router.addressFamilies.find((a) => a.afi === afi && a.safi === safi);
          const global: FrrAddressFamily = existing ?? { afi, safi, statements: [], source };
          if (existing === undefined) router.addressFamilies.push(global);
          ctx = { kind: 'af', router, afi, safi, global };
          continue;
        }
        const neg = w0 === 'no' && words[1] === 'neighbor';
        if (w0 === 'neighbor' || neg) {
          const name = words[neg ? 2 : 1];
          if (name === undefined || words.length < (neg ? 4 : 3)) {
            err('neighbor statement without a name or keyword', source);
            continue;
          }
          const rest = neg ? ['no', ...words.slice(3)] : words.slice(2);
          if (!neg && rest.length === 1 && rest[0] === 'peer-group') {
            const known = indexOf(router).get(name);
            if (known?.kind === 'neighbor') {
              // Declared after first use: it is a group after all.
              router.neighbors.splice(router.neighbors.indexOf(known), 1);
              const group: FrrBgpPeer = {
                ...known,
                kind: 'peer-group',
                statements: [['peer-group'], ...known.statements],
              };
              router.peerGroups.push(group);
              indexOf(router).set(name, group);
            } else if (known === undefined) {
              const group: FrrBgpPeer = {
                kind: 'peer-group',
                name,
                statements: [['peer-group']],
                addressFamilies: [],
                source,
              };
              router.peerGroups.push(group);
              indexOf(router).set(name, group);
            }
            continue;
          }
          peerOf(router, name, source).statements.push(rest);
          continue;
        }
        router.statements.push(words);
        continue;
      }
      case 'top':
        break;
    }

    // Top level.
    if (w0 === 'router' && words[1] === 'bgp') {
      seenBlock = true;
      const asn = /^\d+$/.test(words[2] ?? '') ? Number(words[2]) : Number.NaN;
      if (!Number.isSafeInteger(asn) || asn < 1 || asn > 4294967295) {
        err(`router bgp needs an AS number, got '${words[2] ?? ''}'`, source);
        ctx = { kind: 'skip' };
        config.other.push(raw);
        continue;
      }
      const vrfIdx = words.indexOf('vrf');
      const vrf = vrfIdx > 0 ? words[vrfIdx + 1] : undefined;
      const router: FrrRouterBgp = {
        asn,
        ...(vrf === undefined ? {} : { vrf }),
        statements: [],
        addressFamilies: [],
        peerGroups: [],
        neighbors: [],
        source,
      };
      config.routerBgp.push(router);
      ctx = { kind: 'router', router };
      continue;
    }
    if (w0 === 'route-map') {
      seenBlock = true;
      const [, name, action, seqText] = words;
      const seq = /^\d+$/.test(seqText ?? '') ? Number(seqText) : Number.NaN;
      if (name === undefined || (action !== 'permit' && action !== 'deny') || !Number.isSafeInteger(seq)) {
        err('route-map needs: route-map NAME permit|deny SEQ', source);
        ctx = { kind: 'skip' };
        continue;
      }
      const entry: FrrRouteMapEntry = { name, action, seq, statements: [], source };
      config.routeMaps.push(entry);
      ctx = { kind: 'route-map', entry };
      continue;
    }
    if ((w0 === 'ip' || w0 === 'ipv6') && words[1] === 'prefix-list') {
      seenBlock = true;
      parsePrefixList(words, source, config, err);
      continue;
    }
    if (w0 === 'bgp' && isTopLevel(words)) {
      seenBlock = true;
      parseRegexList(words, source, config, err);
      continue;
    }
    if (w0 === 'interface' || w0 === 'vrf' || w0 === 'line' || w0 === 'segment-routing' || w0 === 'router') {
      seenBlock = true;
      config.other.push(raw);
      ctx = { kind: 'skip' };
      continue;
    }
    if (seenBlock) config.other.push(raw);
    else config.preamble.push(raw);
  }
  for (const router of config.routerBgp) {
    const kept = router.addressFamilies.filter((a) => a.statements.length > 0);
    router.addressFamilies.splice(0, router.addressFamilies.length, ...kept);
  }
  return { config, diagnostics };
}

type ErrFn = (message: string, source: SourcePosition) => void;

function seqAndRest(words: string[], at: number): { seq?: number; rest: string[] } {
  if (words[at] === 'seq' && /^\d+$/.test(words[at + 1] ?? '')) {
    return { seq: Number(words[at + 1]), rest: words.slice(at + 2) };
  }
  return { rest: words.slice(at) };
}

function parsePrefixList(words: string[], source: SourcePosition, config: FrrConfig, err: ErrFn): void {
  const afi = words[0] as 'ip' | 'ipv6';
  const name = words[2];
  if (name === undefined) {
    err('prefix-list without a name', source);
    return;
  }
  let list = config.prefixLists.find((l) => l.afi === afi && l.name === name);
  if (list === undefined) {
    list = { afi, name, entries: [] };
    config.prefixLists.push(list);
  }
  if (words[3] === 'description') {
    list.description = words.slice(4).join(' ');
    return;
  }
  const { seq, rest } = seqAndRest(words, 3);
  const [action, prefix, ...mods] = rest;
  if ((action !== 'permit' && action !== 'deny') || prefix === undefined) {
    err('prefix-list entry needs: [seq N] permit|deny PREFIX [ge N] [le N]', source);
    return;
  }
  let ge: number | undefined;
  let le: number | undefined;
  for (let k = 0; k < mods.length; k += 2) {
    const n = Number(mods[k + 1]);
    if ((mods[k] !== 'ge' && mods[k] !== 'le') || !/^\d+$/.test(mods[k + 1] ?? '')) {
      err(`unexpected '${mods[k]}' in prefix-list entry`, source);
      return;
    }
    if (mods[k] === 'ge') ge = n;
    else le = n;
  }
  list.entries.push({
    ...(seq === undefined ? {} : { seq }),
    action,
    prefix,
    ...(ge === undefined ? {} : { ge }),
    ...(le === undefined ? {} : { le }),
    source,
  });
}

function parseRegexList(words: string[], source: SourcePosition, config: FrrConfig, err: ErrFn): void {
  if (words[1] === 'as-path') {
    // bgp as-path access-list NAME [seq N] permit|deny REGEX
    const name = words[3];
    const { seq, rest } = seqAndRest(words, 4);
    const [action, ...value] = rest;
    if (words[2] !== 'access-list' || name === undefined || (action !== 'permit' && action !== 'deny')) {
      err('as-path list needs: bgp as-path access-list NAME [seq N] permit|deny REGEX', source);
      return;
    }
    let list = config.asPathLists.find((l) => l.name === name);
    if (list === undefined) {
      list = { name, entries: [] };
      config.asPathLists.push(list);
    }
    list.entries.push({ ...(seq === undefined ? {} : { seq }), action, value: value.join(' '), source });
    return;
  }
  const kind = words[1] as 'community-list' | 'large-community-list' | 'extcommunity-list';
  let at = 2;
  let type: 'standard' | 'expanded' | 'numbered' = 'numbered';
  if (words[2] === 'standard' || words[2] === 'expanded') {
    type = words[2];
    at = 3;
  }
  const name = words[at];
  const { seq, rest } = seqAndRest(words, at + 1);
  const [action, ...value] = rest;
  if (name === undefined || (action !== 'permit' && action !== 'deny')) {
    err(`${kind} needs: bgp ${kind} [standard|expanded] NAME [seq N] permit|deny VALUE`, source);
    return;
  }
  let list = config.communityLists.find((l) => l.kind === kind && l.name === name && l.type === type);
  if (list === undefined) {
    list = { kind, type, name, entries: [] };
    config.communityLists.push(list);
  }
  list.entries.push({ ...(seq === undefined ? {} : { seq }), action, value: value.join(' '), source });
}
