/**
 * Small shared helpers for the rules: where things live in the spec (data paths), lookups built once per plan
 * (Maps keyed by address value, so no rule loops over nodes × nodes), label selector matching.
 */
import { Ipv4Address, Ipv6Address, Ipv6Prefix } from '../ip/index.js';
import type { DataPath, Plan, PlannedRouter } from '../spec/plan-types.js';
import type { LabelSelector } from '../spec/schema.js';

/** Data path of a node's field. */
export function nodePath(index: number, field?: string): DataPath {
  return field === undefined ? ['cluster', 'nodes', index] : ['cluster', 'nodes', index, field];
}

/** Index of a planned object from its data path (`['routers', 2]` → 2); -1 when the path has no index. */
export function indexOf(path: DataPath): number {
  const last = path[path.length - 1];
  return typeof last === 'number' ? last : -1;
}

/** Data path of a router's field; `router.path` is e.g. `['routers', 1]`. */
export function routerPath(router: PlannedRouter, ...rest: (string | number)[]): DataPath {
  return [...router.path, ...rest];
}

/** Where an address of the router lives, with a human name. */
export interface RouterAddress {
  readonly router: PlannedRouter;
  readonly address: Ipv6Address;
  readonly what: string;
  readonly path: DataPath;
}

/** Every address the routers own (node interface, loopback, uplinks). */
export function routerAddresses(plan: Plan): RouterAddress[] {
  const out: RouterAddress[] = [];
  for (const router of plan.routers) {
    out.push({
      router,
      address: router.nodeInterface.address,
      what: 'node interface',
      path: routerPath(router, 'nodeInterface', 'address'),
    });
    if (router.loopback !== undefined) {
      out.push({ router, address: router.loopback.address, what: 'loopback', path: routerPath(router, 'loopback') });
    }
    router.uplinks.forEach((uplink, i) => {
      out.push({ router, address: uplink.address, what: 'uplink', path: routerPath(router, 'uplinks', i, 'address') });
    });
  }
  return out;
}

/** Parses IPv6 prefix text, undefined when it does not parse (the loader reports syntax). */
export function tryPrefix(text: unknown): Ipv6Prefix | undefined {
  if (typeof text !== 'string') return undefined;
  const r = Ipv6Prefix.tryParse(text);
  return r.ok ? r.value : undefined;
}

/** Parses IPv6 address text, undefined when it does not parse. */
export function tryAddress(text: unknown): Ipv6Address | undefined {
  if (typeof text !== 'string') return undefined;
  const r = Ipv6Address.tryParse(text);
  return r.ok ? r.value : undefined;
}

/** Parses IPv4 address text, undefined when it does not parse. */
export function tryIpv4(text: unknown): Ipv4Address | undefined {
  if (typeof text !== 'string') return undefined;
  const r = Ipv4Address.tryParse(text);
  return r.ok ? r.value : undefined;
}

/** Kubernetes label selector semantics: every matchLabels pair and every expression must hold; {} selects all. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expr.key);
    const value = labels[expr.key];
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Plural helper for messages: `count(2, 'node')` → `2 nodes`. */
export function count(n: number | bigint, noun: string): string {
  return `${String(n)} ${noun}${n === 1 || n === 1n ? '' : 's'}`;
}

/** Percentage with one decimal for messages. */
export function percent(used: bigint, capacity: bigint): string {
  if (capacity === 0n) return '∞%';
  return `${(Number((used * 1000n) / capacity) / 10).toFixed(1)}%`;
}

/** The cluster-level description of where the nodes peer: `cluster.bgp`. */
export const BGP_PATH: DataPath = ['cluster', 'bgp'];
