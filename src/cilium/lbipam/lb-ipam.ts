/**
 * The LB-IPAM controller (reference §7) as an event-driven state machine, like the operator's: pools and Services
 * are upserted and deleted one at a time, and every event leaves each Service's `status.loadBalancer.ingress` and
 * `cilium.io/IPAMRequestSatisfied` condition, and each pool's conditions, as Cilium's operator would write them.
 *
 * Order is deterministic: ranges are kept in insertion order (pools as they arrive, blocks in `spec.blocks` order);
 * Services are processed in the order they arrived, where Cilium iterates Go maps. Satisfied Services are always
 * revalidated before unsatisfied ones (§7.8), so existing assignments are kept when pools change.
 *
 * Cost: a pool event revalidates every Service, as Cilium does. A Service event re-tries only the unsatisfied
 * Services it may help (retry-index.ts: a freed IP's range, the IP itself, the sharing key), in arrival order,
 * with the outcome of re-trying all of them.
 *
 * Status is LB-IPAM's own: the `status` of a Service object is read only when the Service is first seen (the
 * artifacts of a repo carry none; a live export carries the operator's). Later upserts keep what LB-IPAM wrote, as
 * the API server would.
 */
import type { K8sService } from '../../k8s/objects-core.js';
import type { CiliumLoadBalancerIpPool } from '../../k8s/kinds.js';
import { formatIp, type LbRange, rangeContains } from './ranges.js';
import { Holders } from './holders.js';
import {
  changedPoolRanges,
  compilePoolSelector,
  newPoolRanges,
  type PoolState,
  poolResult,
  settleConflicts,
} from './pools.js';
import { type ReasonKey, RetryIndex } from './retry-index.js';
import { ServiceTable } from './service-table.js';
import {
  type AllocatedIp,
  type IngressIp,
  incompatibility,
  isLbIpamResponsible,
  isSatisfied,
  type IpValue,
  type ServiceView,
  selectorLabels,
  serviceKey,
  serviceResult,
  serviceViewOf,
  SATISFIED,
  append,
  hasFamily,
  hasIngress,
} from './service-view.js';
import type { LbIpamOptions, LbIpamProblem, LbIpamResult, LbIpamServiceResult, UnsatisfiedReason } from './types.js';

interface ServiceEntry {
  svc: K8sService;
  readonly order: number;
  view: ServiceView | undefined;
  /** Kept by the ServiceTable. */
  slot: number;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const ipKey = (ip: IpValue): string => `${ip.family}/${ip.value}`;

export class LbIpam {
  readonly options: LbIpamOptions;
  readonly #pools = new Map<string, PoolState>();
  #ranges: LbRange[] = [];
  readonly #services = new ServiceTable<ServiceEntry>();
  /** Sharing key → allocations held under it (§7.5). */
  #sharing = new Map<string, Map<string, AllocatedIp>>();
  #initialized = false;
  #seq = 0;
  /** Unsatisfied Services by what could satisfy them. */
  readonly #waiting = new RetryIndex<ServiceView>();
  readonly #retryAll: boolean;
  readonly #problems: LbIpamProblem[] = [];

  readonly #badRequestedIp = (svc: K8sService, text: string): void =>
    this.#problem(
      'E_LBIPAM_REQUESTED_IP',
      `Service/${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`,
      `Unable to parse requested IP '${text}'`,
    );

  /**
   * `retry: 'all'` re-tries every unsatisfied Service after each Service event, without the index: the plain form of
   * the same semantics, kept for tests that check the index against it.
   */
  constructor(options: LbIpamOptions, tuning: { readonly retry?: 'indexed' | 'all' } = {}) {
    this.options = options;
    this.#retryAll = tuning.retry === 'all';
  }

  // ------------------------------------------------------------------------------------------------- events

  /**
   * The initial sync (§7.1): pools first, then Services. Nothing is allocated while no pool exists ("dormant").
   * Equivalent to upserting everything, but revalidates once instead of after every object.
   */
  sync(pools: readonly CiliumLoadBalancerIpPool[], services: readonly K8sService[]): void {
    for (const svc of services) this.#remember(svc);
    for (const pool of pools) {
      if (!this.#pools.has(pool.metadata.name)) this.#newPool(pool);
    }
    if (this.#pools.size === 0) return;
    this.#settleConflicts();
    this.#initialize();
  }

  upsertPool(pool: CiliumLoadBalancerIpPool): void {
    const existing = this.#pools.get(pool.metadata.name);
    if (existing !== undefined && sameJson(existing.pool.spec, pool.spec)) {
      existing.pool = pool;
      return;
    }
    if (existing !== undefined) this.#modifyPool(existing, pool);
    else this.#newPool(pool);
    this.#settleConflicts();
    if (!this.#initialized) this.#initialize();
    else this.#satisfyServices();
  }

  deletePool(name: string): void {
    const state = this.#pools.get(name);
    if (state === undefined) return;
    const gone = this.#ranges.filter((r) => r.pool === name);
    this.#ranges = this.#ranges.filter((r) => r.pool !== name);
    const modified = this.#dropRangeAllocations(new Set(gone));
    this.#pools.delete(name);
    if (this.#pools.size === 0) {
      // §7.1: the last pool gone, the controller resets its state and goes dormant (statuses stay as written).
      this.#restart();
      return;
    }
    for (const view of modified) {
      this.#stripOrImportIngresses(view);
      if (!isSatisfied(view)) this.#satisfyService(view);
      this.#track(view);
    }
    this.#settleConflicts();
    this.#satisfyServices();
  }

  upsertService(svc: K8sService): void {
    const entry = this.#remember(svc);
    if (!this.#initialized) return;
    this.#handleService(entry, false);
    this.#satisfyChanged();
  }

  deleteService(namespace: string, name: string): void {
    const entry = this.#services.get(namespace, name);
    if (entry === undefined) return;
    if (entry.view !== undefined) {
      this.#releaseAll(entry.view);
      this.#waiting.remove(entry.view);
    }
    this.#services.delete(namespace, name);
    if (this.#initialized) this.#satisfyChanged();
  }

  // ------------------------------------------------------------------------------------------------- results

  result(): LbIpamResult {
    const services: LbIpamServiceResult[] = [];
    this.#services.forEach((entry) => {
      services.push(serviceResult(entry.svc, entry.view, this.options));
    });
    const pools = [...this.#pools.values()].map((p) => poolResult(p, this.#ranges));
    return { services, pools, problems: [...this.#problems] };
  }

  /** Every allocation (for tests and the bench): IP text → owning Service keys. */
  allocations(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const r of this.#ranges) {
      for (const [value, owners] of r.alloc.entries()) {
        if (owners !== null)
          out.set(
            formatIp(r.family, value),
            owners.list.map((v) => serviceKey(v.namespace, v.name)),
          );
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------------- pools

  #newPool(pool: CiliumLoadBalancerIpPool): void {
    const onProblem = this.#poolProblem;
    const state: PoolState = {
      name: pool.metadata.name,
      order: this.#seq++,
      pool,
      selector: compilePoolSelector(pool, onProblem),
      conflict: undefined,
      conflictReason: 'resolved',
    };
    this.#pools.set(state.name, state);
    this.#ranges.push(...newPoolRanges(pool, onProblem));
  }

  readonly #poolProblem = (code: 'E_LBIPAM_BLOCK' | 'E_LBIPAM_SELECTOR', pool: string, message: string): void =>
    this.#problem(code, `CiliumLoadBalancerIPPool/${pool}`, message);

  /** §7.8: unchanged blocks keep their allocations, removed ones drop them, new ones are added. */
  #modifyPool(state: PoolState, pool: CiliumLoadBalancerIpPool): void {
    const { removed, added } = changedPoolRanges(
      state.pool,
      pool,
      this.#ranges.filter((r) => r.pool === state.name),
    );
    state.pool = pool;
    state.selector = compilePoolSelector(pool, this.#poolProblem);
    this.#ranges = this.#ranges.filter((r) => !removed.has(r));
    this.#dropRangeAllocations(removed);
    this.#ranges.push(...added);
    for (const r of this.#ranges) if (r.pool === state.name) r.externallyDisabled = pool.spec.disabled === true;
    if (this.#initialized) this.#revalidateAll();
  }

  #settleConflicts(): void {
    settleConflicts([...this.#pools.values()], this.#ranges);
  }

  // ------------------------------------------------------------------------------------------------- services

  #remember(svc: K8sService): ServiceEntry {
    const namespace = svc.metadata.namespace ?? 'default';
    const entry = this.#services.get(namespace, svc.metadata.name);
    if (entry !== undefined) {
      entry.svc = svc;
      return entry;
    }
    const created: ServiceEntry = { svc, order: this.#seq++, view: undefined, slot: -1 };
    this.#services.add(namespace, svc.metadata.name, created);
    return created;
  }

  #initialize(): void {
    this.#initialized = true;
    this.#services.forEach((entry) => {
      this.#handleService(entry, true);
    });
    this.#revalidateAll();
  }

  #restart(): void {
    this.#initialized = false;
    this.#ranges = [];
    this.#sharing = new Map();
    this.#waiting.clear();
    this.#services.forEach((entry) => {
      if (entry.view !== undefined) entry.view.allocated = [];
    });
  }

  /** `handleUpsertService` (init = the initial sync: store the view, revalidate later). */
  #handleService(entry: ServiceEntry, init: boolean): void {
    const svc = entry.svc;
    if (!isLbIpamResponsible(svc, this.options)) {
      if (entry.view !== undefined) {
        // No longer ours: release as if deleted, clear the ingress and our condition.
        this.#releaseAll(entry.view);
        this.#waiting.remove(entry.view);
        entry.view.ingress = [];
        entry.view.condition = undefined;
        entry.view = undefined;
      }
      return;
    }
    const oldKey = entry.view?.sharingKey ?? '';
    entry.view = serviceViewOf(svc, this.options, entry.view, this.#badRequestedIp, entry.order);
    if (init) return;
    // Whoever waits on an IP it holds or on its sharing key may now get a different answer (compatibility).
    for (const a of entry.view.allocated) {
      (a.range as LbRange).alloc.owner(a.ip.value)?.invalidate();
      this.#waiting.changed(`ip:${a.ip.family}/${a.ip.value}`);
    }
    if (oldKey !== '') this.#waiting.changed(`key:${oldKey}`);
    if (entry.view.sharingKey !== '' && entry.view.sharingKey !== oldKey)
      this.#waiting.changed(`key:${entry.view.sharingKey}`);
    this.#stripInvalidAllocations(entry.view);
    this.#stripOrImportIngresses(entry.view);
    if (!isSatisfied(entry.view)) this.#satisfyService(entry.view);
    this.#track(entry.view);
  }

  /** Keeps the retry index in step with `view` right after it was tried. */
  #track(view: ServiceView): void {
    if (isSatisfied(view)) this.#waiting.remove(view);
    else this.#waiting.wait(view, this.#reasonsOf(view));
  }

  /**
   * What could satisfy an unsatisfied Service without a pool event: its requested IPs (freed, or their owners
   * changed); else a free IP in an enabled range of a missing family whose pool selects it, or a change of the IPs
   * its sharing key holds.
   */
  #reasonsOf(view: ServiceView): ReasonKey[] {
    if (view.requested.length > 0) return view.requested.map((r) => `ip:${r.family}/${r.value}`);
    const reasons: ReasonKey[] = [];
    const missing = (f: 4 | 6) =>
      (f === 4 ? view.families.v4 : view.families.v6) && !view.allocated.some((a) => a.ip.family === f);
    const m4 = missing(4);
    const m6 = missing(6);
    if (!m4 && !m6) return reasons;
    for (const r of this.#ranges) {
      if ((r.family === 4 ? m4 : m6) && !this.#disabled(r) && this.#poolMatches(r, view) === true) reasons.push(r);
    }
    if (view.sharingKey !== '') reasons.push(`key:${view.sharingKey}`);
    return reasons;
  }

  #views(): ServiceView[] {
    const out: ServiceView[] = [];
    this.#services.forEach((e) => {
      if (e.view !== undefined) out.push(e.view);
    });
    return out;
  }

  /** §7.8: satisfied Services first, so a widened pool lets them keep their IPs. */
  #revalidateAll(): void {
    const satisfied: ServiceView[] = [];
    const unsatisfied: ServiceView[] = [];
    this.#services.forEach((e) => {
      if (e.view !== undefined) (isSatisfied(e.view) ? satisfied : unsatisfied).push(e.view);
    });
    for (const v of satisfied.concat(unsatisfied)) {
      this.#stripInvalidAllocations(v);
      this.#stripOrImportIngresses(v);
      if (!isSatisfied(v)) this.#satisfyService(v);
      this.#track(v);
    }
  }

  /** After a pool event: every unsatisfied Service, in order. */
  #satisfyServices(): void {
    for (const v of this.#waiting.all()) {
      this.#satisfyService(v);
      this.#track(v);
    }
  }

  /** After a Service event: the unsatisfied Services whose outcome may have changed, in order. */
  #satisfyChanged(): void {
    if (this.#retryAll) {
      this.#satisfyServices();
      return;
    }
    this.#waiting.pass(
      (key) => typeof key === 'string' || (!this.#disabled(key as LbRange) && (key as LbRange).alloc.hasFree()),
      (v) => {
        this.#satisfyService(v);
        this.#track(v);
      },
    );
  }

  #poolMatches(range: LbRange, view: ServiceView): boolean | undefined {
    const pool = this.#pools.get(range.pool);
    if (pool === undefined) return undefined;
    return pool.selector === undefined || pool.selector.matches(selectorLabels(view));
  }

  #disabled(r: LbRange): boolean {
    return r.internallyDisabled || r.externallyDisabled;
  }

  /** The enabled range holding `ip` whose pool selects `view`; `foundPool` when one holds it but does not select. */
  #findRangeOfIp(view: ServiceView, ip: IpValue): { range?: LbRange; foundPool: boolean } {
    let foundPool = false;
    for (const r of this.#ranges) {
      if (this.#disabled(r) || !rangeContains(r, ip.family, ip.value)) continue;
      const matches = this.#poolMatches(r, view);
      if (matches === undefined) continue;
      foundPool = true;
      if (matches) return { range: r, foundPool: false };
    }
    return { foundPool };
  }

  #release(view: ServiceView, a: AllocatedIp): void {
    const range = a.range as LbRange;
    const owners = range.alloc.owner(a.ip.value);
    const rest = owners?.without(view);
    if (rest === undefined || rest.list.length === 0) {
      range.alloc.free(a.ip.value);
      if (view.sharingKey !== '') this.#sharing.get(view.sharingKey)?.delete(ipKey(a.ip));
      this.#waiting.changed(range);
    } else {
      range.alloc.setOwner(a.ip.value, rest);
    }
    this.#waiting.changed(`ip:${a.ip.family}/${a.ip.value}`);
    if (view.sharingKey !== '') this.#waiting.changed(`key:${view.sharingKey}`);
    view.allocated = view.allocated.filter((x) => x !== a);
  }

  #releaseAll(view: ServiceView): void {
    for (const a of [...view.allocated]) this.#release(view, a);
  }

  /** §7.6: release allocations that are no longer valid. */
  #stripInvalidAllocations(view: ServiceView): void {
    if (view.allocated.length === 0) return;
    for (const a of [...view.allocated].reverse()) {
      const range = a.range as LbRange;
      const matches = this.#ranges.includes(range) ? this.#poolMatches(range, view) : undefined;
      if (matches !== true) {
        this.#release(view, a);
        continue;
      }
      if (!this.#sharingCompatible(view)) {
        this.#release(view, a);
        continue;
      }
      if (view.requested.length > 0) {
        if (!view.requested.some((r) => r.family === a.ip.family && r.value === a.ip.value)) this.#release(view, a);
      } else if (a.ip.family === 6 ? !view.families.v6 : !view.families.v4) {
        this.#release(view, a);
      }
    }
  }

  #sharingCompatible(view: ServiceView): boolean {
    for (const a of view.allocated) {
      const owners = (a.range as LbRange).alloc.owner(a.ip.value);
      if (owners === undefined || owners === null || owners.list.length <= 1) continue;
      if (!owners.compatibleWithAll(view, view)) return false;
    }
    return true;
  }

  #indexSharing(view: ServiceView, a: AllocatedIp): void {
    if (view.sharingKey === '') return;
    let m = this.#sharing.get(view.sharingKey);
    if (m === undefined) {
      m = new Map();
      this.#sharing.set(view.sharingKey, m);
    }
    if (!m.has(ipKey(a.ip))) {
      m.set(ipKey(a.ip), a);
      this.#waiting.changed(`key:${view.sharingKey}`);
    }
  }

  /** §7.6: keep ingress IPs LB-IPAM allocated; import others that lie in a matching range and are free; strip the rest. */
  #stripOrImportIngresses(view: ServiceView): void {
    if (view.ingress.length === 0) return;
    const kept: IngressIp[] = [];
    for (const entry of view.ingress) {
      const ip = entry.ip;
      if (ip === undefined) continue;
      if (!view.allocated.some((a) => a.ip.family === ip.family && a.ip.value === ip.value)) {
        if (view.requested.length > 0 && !view.requested.some((r) => r.family === ip.family && r.value === ip.value))
          continue;
        if (ip.family === 6 ? !view.families.v6 : !view.families.v4) continue;
        const { range } = this.#findRangeOfIp(view, ip);
        if (range === undefined) continue;
        if (!range.alloc.alloc(ip.value, new Holders([view]))) continue; // taken: left to the regular allocation logic
        const a: AllocatedIp = { ip, range };
        view.allocated = append(view.allocated, a);
        this.#indexSharing(view, a);
      }
      kept.push(entry);
    }
    // Consecutive duplicates are removed (slices.CompactFunc).
    view.ingress = kept.filter((e, i) => i === 0 || kept[i - 1]!.ip?.value !== e.ip?.value);
  }

  #unsatisfied(view: ServiceView, reason: UnsatisfiedReason, message: string): void {
    view.condition = { status: 'False', reason, message };
  }

  #satisfyService(view: ServiceView): void {
    if (view.requested.length > 0) this.#satisfySpecific(view);
    else this.#satisfyGeneric(view);
    for (const a of view.allocated) {
      if (hasIngress(view, a.ip)) continue;
      view.ingress = append(view.ingress, { text: a.ip.text, ip: a.ip });
      this.#indexSharing(view, a);
    }
    if (isSatisfied(view)) view.condition = SATISFIED;
  }

  /** §7.2: every requested IP must lie in an enabled range whose pool selects the Service. */
  #satisfySpecific(view: ServiceView): void {
    for (const req of view.requested) {
      if (view.allocated.some((a) => a.ip.family === req.family && a.ip.value === req.value)) continue;
      const { range, foundPool } = this.#findRangeOfIp(view, req);
      if (range === undefined) {
        if (foundPool) {
          this.#unsatisfied(
            view,
            'pool_selector_mismatch',
            `The pool with the CIDR containing '${req.text}', doesn't select this service`,
          );
        } else this.#unsatisfied(view, 'no_pool', `No pool exists with a CIDR containing '${req.text}'`);
        continue;
      }
      const owners = range.alloc.owner(req.value);
      if (owners !== undefined) {
        if (view.sharingKey === '') {
          this.#unsatisfied(view, 'already_allocated', `The IP '${req.text}' is already allocated to another service`);
          continue;
        }
        // A reserved first/last IP has no owners: Cilium then lets a Service with a sharing key take it.
        const current = owners?.list ?? [];
        const reason = current.map((o) => incompatibility(o, view)).find((r) => r !== undefined);
        if (reason !== undefined) {
          this.#unsatisfied(
            view,
            'already_allocated_incompatible_service',
            `The IP '${req.text}' is already allocated to an incompatible service. Reason: ${reason}`,
          );
          continue;
        }
        if (owners === null) range.alloc.setOwner(req.value, new Holders([view]));
        else owners.add(view);
      } else if (!range.alloc.alloc(req.value, new Holders([view]))) {
        continue;
      }
      view.allocated = append(view.allocated, { ip: req, range });
    }
  }

  #satisfyGeneric(view: ServiceView): void {
    const has4 = hasFamily(view.allocated, 4);
    const has6 = hasFamily(view.allocated, 6);
    if (view.families.v4 && !has4) this.#satisfyFamily(view, 4);
    if (view.families.v6 && !has6) this.#satisfyFamily(view, 6);
  }

  /** §7.5 then §7.4: join a compatible IP of the sharing key, else allocate a new one. */
  #satisfyFamily(view: ServiceView, family: 4 | 6): void {
    if (view.sharingKey !== '') {
      for (const shared of this.#sharing.get(view.sharingKey)?.values() ?? []) {
        if (shared.ip.family !== family) continue;
        const range = shared.range as LbRange;
        const owners = range.alloc.owner(shared.ip.value);
        if (owners === undefined || owners === null || owners.list.length === 0) continue;
        if (!owners.compatibleWithAll(view)) continue;
        view.allocated = append(view.allocated, shared);
        owners.add(view);
        return;
      }
    }
    let full = false;
    for (const r of this.#ranges) {
      if (this.#disabled(r) || r.family !== family) continue;
      if (this.#poolMatches(r, view) !== true) continue;
      const value = r.alloc.allocAny(new Holders([view]));
      if (value === undefined) {
        full = true;
        continue;
      }
      view.allocated = append(view.allocated, { ip: { family, value, text: formatIp(family, value) }, range: r });
      return;
    }
    if (full) {
      this.#unsatisfied(
        view,
        'out_of_ips',
        'All enabled CiliumLoadBalancerIPPools that match this service ran out of allocatable IPs',
      );
    } else {
      this.#unsatisfied(view, 'no_pool', 'There are no enabled CiliumLoadBalancerIPPools that match this service');
    }
  }

  /** Allocations from deleted ranges disappear from the Services that held them. */
  #dropRangeAllocations(ranges: ReadonlySet<LbRange>): ServiceView[] {
    if (ranges.size === 0) return [];
    const modified: ServiceView[] = [];
    for (const view of this.#views()) {
      const before = view.allocated.length;
      view.allocated = view.allocated.filter((a) => !ranges.has(a.range as LbRange));
      if (view.allocated.length !== before) modified.push(view);
    }
    for (const m of this.#sharing.values()) {
      for (const [k, a] of m) if (ranges.has(a.range as LbRange)) m.delete(k);
    }
    return modified;
  }

  #problem(code: LbIpamProblem['code'], object: string, message: string): void {
    if (!this.#problems.some((p) => p.code === code && p.object === object && p.message === message)) {
      this.#problems.push({ code, object, message });
    }
  }
}

/**
 * One LB-IPAM run over a fixed set of objects (the initial sync): pools in the given order, then Services in the
 * given order. Deterministic for a given input order.
 */
export function allocateLoadBalancerIps(
  pools: readonly CiliumLoadBalancerIpPool[],
  services: readonly K8sService[],
  options: LbIpamOptions,
): LbIpamResult {
  const ipam = new LbIpam(options);
  ipam.sync(pools, services);
  return ipam.result();
}
