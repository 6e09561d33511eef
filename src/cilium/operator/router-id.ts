/**
 * Router IDs (reference §3). `default` mode is resolved by the agent: the NodeConfig's routerID (from a
 * NodeConfigOverride), else the node's IPv4 address, else — for IPv6-only nodes — the last 4 bytes of the
 * `cilium_host` MAC as a dotted quad (1.17+), else an error and the instance is not started. `ip-pool` mode (1.18+)
 * is allocated by the operator per `<node>/<instance>` from an IPv4 CIDR with the LB-IPAM allocator
 * ({@link RouterIdPool}); the agent then requires a valid IPv4 routerID in the NodeConfig.
 */
import { Ipv4Address } from '../../ip/ipv4-address.js';
import { tryParsePrefix } from '../../ip/parse.js';
import { CiliumErrorCode, CiliumSemanticsError } from '../errors.js';
import { HashAllocator } from '../ipalloc/hash-allocator.js';
import { type NodeView, nodeAddress } from '../node-view.js';

export type RouterIdAllocation = { readonly mode: 'default' } | { readonly mode: 'ip-pool'; readonly pool: string };

export type RouterIdSource = 'nodeConfig' | 'nodeIPv4' | 'ciliumHostMac' | 'ipPool';

export type RouterIdResult =
  | { readonly ok: true; readonly routerId: string; readonly source: RouterIdSource }
  | { readonly ok: false; readonly code: typeof CiliumErrorCode.routerId; readonly message: string };

/** MAC text (`aa:bb:0a:01:02:03`, `-` or `:` separated) → its last 4 bytes as a dotted quad; undefined if < 4 bytes. */
export function routerIdFromMac(mac: string): string | undefined {
  const parts = mac.split(/[:-]/);
  if (parts.length < 4 || !parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) return undefined;
  return parts
    .slice(-4)
    .map((p) => Number.parseInt(p, 16))
    .join('.');
}

function isValidIpv4(text: string | undefined): text is string {
  return text !== undefined && Ipv4Address.tryParse(text).ok;
}

/** The agent's router-ID resolution for one instance (reference §3.2 default mode, §3.3 agent side of ip-pool). */
export function resolveRouterId(
  mode: RouterIdAllocation['mode'],
  instance: { readonly name: string; readonly localASN?: number; readonly routerID?: string },
  node: NodeView,
): RouterIdResult {
  const fail = (message: string): RouterIdResult => ({ ok: false, code: CiliumErrorCode.routerId, message });
  if (mode === 'ip-pool') {
    if (instance.routerID === undefined || instance.routerID === '') {
      return fail("can't find the router-id in the CiliumBGPNodeInstance");
    }
    if (!isValidIpv4(instance.routerID)) return fail(`router-id ${instance.routerID} is not a valid IPv4 address`);
    return { ok: true, routerId: instance.routerID, source: 'ipPool' };
  }
  if (instance.routerID !== undefined && instance.routerID !== '') {
    return { ok: true, routerId: instance.routerID, source: 'nodeConfig' };
  }
  const v4 = nodeAddress(node, 4);
  if (v4 !== undefined) return { ok: true, routerId: v4, source: 'nodeIPv4' };
  if (node.ciliumHostMac !== undefined) {
    const id = routerIdFromMac(node.ciliumHostMac);
    if (id !== undefined) return { ok: true, routerId: id, source: 'ciliumHostMac' };
    return fail(`cilium_host MAC ${node.ciliumHostMac} is shorter than 4 bytes`);
  }
  return fail(
    `cannot resolve router id for local ASN ${instance.localASN ?? '<unset>'}: no IPv4 address and no cilium_host MAC`,
  );
}

/**
 * The operator's ip-pool router-ID allocator (reference §3.3): one ID per `<node>/<instance>` key from an IPv4
 * CIDR, every address of the prefix allocatable (network address included), lowest address of the smallest free
 * block first.
 */
export class RouterIdPool {
  readonly #alloc: HashAllocator<string>;
  readonly #byKey = new Map<string, bigint>();

  /** Throws `E_CILIUM_ROUTER_ID_POOL` unless `cidr` is an IPv4 prefix (Cilium: operator health Degraded). */
  constructor(cidr: string) {
    const r = tryParsePrefix(cidr);
    if (!r.ok || r.value.family !== 4) {
      throw new CiliumSemanticsError(CiliumErrorCode.routerIdPool, `router-ID pool ${cidr} is not an IPv4 CIDR`);
    }
    this.#alloc = new HashAllocator<string>(r.value.first().toBigInt(), r.value.last().toBigInt());
  }

  get(key: string): string | undefined {
    const v = this.#byKey.get(key);
    return v === undefined ? undefined : Ipv4Address.fromBigInt(v).toString();
  }

  /** Restore an allocation from an existing NodeConfig; IDs outside the pool (or taken) are skipped. */
  restore(key: string, routerId: string): boolean {
    const a = Ipv4Address.tryParse(routerId);
    if (!a.ok || this.#byKey.has(key)) return false;
    if (!this.#alloc.alloc(a.value.toBigInt(), key)) return false;
    this.#byKey.set(key, a.value.toBigInt());
    return true;
  }

  /** The key's ID, allocating one if needed; undefined when the pool is exhausted. */
  allocate(key: string): string | undefined {
    const have = this.get(key);
    if (have !== undefined) return have;
    const v = this.#alloc.allocAny(key);
    if (v === undefined) return undefined;
    this.#byKey.set(key, v);
    return Ipv4Address.fromBigInt(v).toString();
  }

  /**
   * Apply an override routerID for a key: outside the pool → used as-is and the key's pool allocation is freed;
   * inside and held by another key → error, no ID this round; inside and free → the old allocation is freed and
   * this one taken.
   */
  override(key: string, routerId: string): { ok: true; routerId: string } | { ok: false; message: string } {
    const a = Ipv4Address.tryParse(routerId);
    if (!a.ok) return { ok: false, message: `router ID ${routerId} is not a valid IPv4 address` };
    const v = a.value.toBigInt();
    if (!this.#alloc.contains(v)) {
      this.free(key);
      return { ok: true, routerId };
    }
    const owner = this.#alloc.owner(v);
    if (owner === key) return { ok: true, routerId };
    if (owner !== undefined) return { ok: false, message: `router ID ${routerId} is already allocated to ${owner}` };
    this.free(key);
    this.#alloc.alloc(v, key);
    this.#byKey.set(key, v);
    return { ok: true, routerId };
  }

  free(key: string): void {
    const v = this.#byKey.get(key);
    if (v === undefined) return;
    this.#alloc.free(v);
    this.#byKey.delete(key);
  }

  /** Keys currently holding an ID. */
  keys(): string[] {
    return [...this.#byKey.keys()];
  }

  clear(): void {
    for (const k of this.keys()) this.free(k);
  }
}
