/**
 * The LB-IPAM controller (reference §7) as an event-driven state machine, like the operator's: pools and Services
 * are upserted and deleted one at a time, and every event leaves each Service's `status.loadBalancer.ingress` and
 * `cilium.io/IPAMRequestSatisfied` condition, and each pool's conditions, as Cilium's operator would write them.
 *
 * Order is deterministic: ranges are kept in insertion order (pools as they arrive, blocks in `spec.blocks` order);
 * Services are processed in the order they arrived, where Cilium iterates Go maps. Satisfied Services are always
 * revalidated before unsatisfied ones (§7.8), so existing assignments are kept when pools change.
 *
 * Status is LB-IPAM's own: the `status` of a Service object is read only when the Service is first seen (the
 * artifacts of a repo carry none; a live export carries the operator's). Later upserts keep what LB-IPAM wrote, as
 * the API server would.
 */
import type { K8sCondition, K8sService } from '../../k8s/objects-core.js';
import type { CiliumLoadBalancerIpPool } from '../../k8s/kinds.js';
import { CiliumSemanticsError } from '../errors.js';
import { compileSelector, type LabelMatcher } from '../selector.js';
import {
  formatIp,
  formatRange,
  type LbRange,
  newRange,
  parseBlock,
  poolBlocks,
  rangeContains,
  rangesOverlap,
  reserveFirstLast,
} from './ranges.js';
import {
  type AllocatedIp,
  incompatibility,
  isLbIpamResponsible,
  isSatisfied,
  type IpValue,
  parseIp,
  type ServiceView,
  serviceKey,
  serviceViewOf,
} from './service-view.js';
import {
  LbIpamCondition,
  type LbIpamOptions,
  type LbIpamPoolResult,
  type LbIpamProblem,
  type LbIpamResult,
  type LbIpamServiceResult,
  type UnsatisfiedReason,
} from './types.js';

interface PoolState {
  readonly name: string;
  readonly order: number;
  pool: CiliumLoadBalancerIpPool;
  /** undefined = nil selector (serves every Service). */
  selector: LabelMatcher | undefined;
  conflict: { readonly message: string } | undefined;
  /** Set once the pool got its first PoolConflict condition. */
  conflictReason: 'cidr_overlap' | 'resolved';
}

interface ServiceEntry {
  svc: K8sService;
  readonly order: number;
  view: ServiceView | undefined;
}

function creationMs(pool: CiliumLoadBalancerIpPool): number {
  const t = pool.metadata.creationTimestamp;
  const ms = t === undefined ? Number.NaN : Date.parse(t);
  return Number.isNaN(ms) ? 0 : ms;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const ipKey = (ip: IpValue): string => `${ip.family}/${ip.value}`;

export class LbIpam {
  readonly options: LbIpamOptions;
  readonly #pools = new Map<string, PoolState>();
  #ranges: LbRange[] = [];
  readonly #services = new Map<string, ServiceEntry>();
  /** Sharing key → allocations held under it (§7.5). */
  #sharing = new Map<string, Map<string, AllocatedIp>>();
  #initialized = false;
  #seq = 0;
  readonly #problems: LbIpamProblem[] = [];

  constructor(options: LbIpamOptions) {
    this.options = options;
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
    }
    this.#settleConflicts();
    this.#satisfyServices();
  }

  upsertService(svc: K8sService): void {
    const entry = this.#remember(svc);
    if (!this.#initialized) return;
    this.#handleService(entry, false);
    this.#satisfyServices();
  }

  deleteService(namespace: string, name: string): void {
    const key = serviceKey(namespace, name);
    const entry = this.#services.get(key);
    if (entry === undefined) return;
    if (entry.view !== undefined) this.#releaseAll(entry.view);
    this.#services.delete(key);
    if (this.#initialized) this.#satisfyServices();
  }

  // ------------------------------------------------------------------------------------------------- results

  result(): LbIpamResult {
    const services: LbIpamServiceResult[] = [];
    for (const entry of this.#services.values()) {
      const svc = entry.svc;
      const namespace = svc.metadata.namespace ?? 'default';
      const responsible = isLbIpamResponsible(svc, this.options);
      const view = entry.view;
      const ingress = view?.ingress ?? (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '');
      services.push({
        namespace,
        name: svc.metadata.name,
        responsible,
        ingress: ingress.filter((ip) => ip !== ''),
        ...(responsible && view?.condition !== undefined
          ? {
              condition: {
                type: LbIpamCondition.requestSatisfied,
                ...view.condition,
                ...(view.generation !== undefined ? { observedGeneration: view.generation } : {}),
              },
            }
          : {}),
      });
    }
    const pools = [...this.#pools.values()].map((p) => this.#poolResult(p));
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
            owners.map((v) => v.key),
          );
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------------- pools

  #newPool(pool: CiliumLoadBalancerIpPool): void {
    const state: PoolState = {
      name: pool.metadata.name,
      order: this.#seq++,
      pool,
      selector: this.#compilePoolSelector(pool),
      conflict: undefined,
      conflictReason: 'resolved',
    };
    this.#pools.set(state.name, state);
    for (const block of poolBlocks(pool.spec)) {
      const parsed = parseBlock(block);
      if (!parsed.ok) {
        this.#problem('E_LBIPAM_BLOCK', `CiliumLoadBalancerIPPool/${state.name}`, parsed.message);
        continue;
      }
      const range = newRange(state.name, parsed, pool.spec.disabled === true);
      if (parsed.fromCidr && pool.spec.allowFirstLastIPs === 'No') reserveFirstLast(range, true);
      this.#ranges.push(range);
    }
  }

  #compilePoolSelector(pool: CiliumLoadBalancerIpPool): LabelMatcher | undefined {
    if (pool.spec.serviceSelector === undefined) return undefined;
    try {
      return compileSelector(pool.spec.serviceSelector, 'nothing');
    } catch (e) {
      if (!(e instanceof CiliumSemanticsError)) throw e;
      this.#problem('E_LBIPAM_SELECTOR', `CiliumLoadBalancerIPPool/${pool.metadata.name}`, e.message);
      return compileSelector(undefined, 'nothing');
    }
  }

  /** §7.8: unchanged blocks keep their allocations, removed ones drop them, new ones are added. */
  #modifyPool(state: PoolState, pool: CiliumLoadBalancerIpPool): void {
    const wasNo = state.pool.spec.allowFirstLastIPs === 'No';
    const isNo = pool.spec.allowFirstLastIPs === 'No';
    state.pool = pool;
    state.selector = this.#compilePoolSelector(pool);
    const wanted = poolBlocks(pool.spec)
      .map((b) => parseBlock(b))
      .filter((b): b is Extract<ReturnType<typeof parseBlock>, { ok: true }> => b.ok);
    const existing = this.#ranges.filter((r) => r.pool === state.name);
    const same = (r: LbRange, b: (typeof wanted)[number]) =>
      r.family === b.family && r.first === b.first && r.last === b.last;
    const removed = new Set<LbRange>();
    for (const r of existing) {
      const match = wanted.find((b) => same(r, b));
      if (match === undefined) {
        removed.add(r);
        continue;
      }
      // Toggling allowFirstLastIPs reserves or frees first/last; IPs already given to Services stay theirs.
      if (match.fromCidr && wasNo !== isNo) reserveFirstLast(r, isNo);
    }
    this.#ranges = this.#ranges.filter((r) => !removed.has(r));
    this.#dropRangeAllocations(removed);
    for (const b of wanted) {
      if (existing.some((r) => same(r, b))) continue;
      const range = newRange(state.name, b, false);
      if (b.fromCidr && isNo) reserveFirstLast(range, true);
      this.#ranges.push(range);
    }
    for (const r of this.#ranges) if (r.pool === state.name) r.externallyDisabled = pool.spec.disabled === true;
    if (this.#initialized) this.#revalidateAll();
  }

  /** §7.7 settleConflicts: mark the newer of two overlapping pools (or a pool overlapping itself), unmark resolved. */
  #settleConflicts(): void {
    const pools = [...this.#pools.values()];
    const rangesOf = (p: PoolState) => this.#ranges.filter((r) => r.pool === p.name);
    const internal = (rs: LbRange[]): [LbRange, LbRange] | undefined => {
      for (let i = 0; i < rs.length; i++)
        for (let j = i + 1; j < rs.length; j++) if (rangesOverlap(rs[i]!, rs[j]!)) return [rs[i]!, rs[j]!];
      return undefined;
    };
    const between = (a: LbRange[], b: LbRange[]): [LbRange, LbRange] | undefined => {
      for (const x of a) for (const y of b) if (rangesOverlap(x, y)) return [x, y];
      return undefined;
    };
    // Newer = later creationTimestamp; equal timestamps (Cilium: map order, undefined) → later in input order.
    const newer = (a: PoolState, b: PoolState) => {
      const ta = creationMs(a.pool);
      const tb = creationMs(b.pool);
      return ta !== tb ? ta > tb : a.order > b.order;
    };
    const mark = (target: PoolState, other: PoolState, tr: LbRange, or: LbRange) => {
      if (target.conflict !== undefined) return;
      target.conflict = {
        message: `Pool conflicts since range '${formatRange(tr)}' overlaps range '${formatRange(or)}' from IP Pool '${other.name}'`,
      };
      target.conflictReason = 'cidr_overlap';
      for (const r of rangesOf(target)) r.internallyDisabled = true;
    };
    for (const outer of pools) {
      if (outer.conflict !== undefined) continue;
      const outerRanges = rangesOf(outer);
      const self = internal(outerRanges);
      if (self !== undefined) {
        mark(outer, outer, self[0], self[1]);
        continue;
      }
      for (const inner of pools) {
        if (inner === outer || inner.conflict !== undefined) continue;
        const hit = between(outerRanges, rangesOf(inner));
        if (hit === undefined) continue;
        if (newer(inner, outer)) mark(inner, outer, hit[1], hit[0]);
        else mark(outer, inner, hit[0], hit[1]);
        break;
      }
    }
    for (const outer of pools) {
      if (outer.conflict === undefined) continue;
      const outerRanges = rangesOf(outer);
      if (internal(outerRanges) !== undefined) continue;
      if (pools.some((inner) => inner !== outer && between(outerRanges, rangesOf(inner)) !== undefined)) continue;
      outer.conflict = undefined;
      outer.conflictReason = 'resolved';
      for (const r of outerRanges) r.internallyDisabled = false;
    }
  }

  #poolResult(p: PoolState): LbIpamPoolResult {
    let total = 0n;
    let used = 0n;
    for (const r of this.#ranges) {
      if (r.pool !== p.name) continue;
      total += r.last - r.first + 1n;
      used += BigInt(r.alloc.used());
    }
    const gen = p.pool.metadata.generation;
    const cond = (type: string, status: K8sCondition['status'], reason: string, message: string): K8sCondition => ({
      type,
      status,
      reason,
      message,
      ...(gen !== undefined ? { observedGeneration: gen } : {}),
    });
    return {
      name: p.name,
      conflicting: p.conflict !== undefined,
      disabled: p.pool.spec.disabled === true,
      conditions: [
        p.conflict !== undefined
          ? cond(LbIpamCondition.poolConflict, 'True', 'cidr_overlap', p.conflict.message)
          : cond(LbIpamCondition.poolConflict, 'False', 'resolved', ''),
        cond(LbIpamCondition.ipsTotal, 'Unknown', 'noreason', total.toString()),
        cond(LbIpamCondition.ipsAvailable, 'Unknown', 'noreason', (total - used).toString()),
        cond(LbIpamCondition.ipsUsed, 'Unknown', 'noreason', used.toString()),
      ],
    };
  }

  // ------------------------------------------------------------------------------------------------- services

  #remember(svc: K8sService): ServiceEntry {
    const key = serviceKey(svc.metadata.namespace ?? 'default', svc.metadata.name);
    const entry = this.#services.get(key);
    if (entry !== undefined) {
      entry.svc = svc;
      return entry;
    }
    const created: ServiceEntry = { svc, order: this.#seq++, view: undefined };
    this.#services.set(key, created);
    return created;
  }

  #initialize(): void {
    this.#initialized = true;
    for (const entry of this.#services.values()) this.#handleService(entry, true);
    this.#revalidateAll();
  }

  #restart(): void {
    this.#initialized = false;
    this.#ranges = [];
    this.#sharing = new Map();
    for (const entry of this.#services.values()) {
      if (entry.view !== undefined) entry.view.allocated = [];
    }
  }

  /** `handleUpsertService` (init = the initial sync: store the view, revalidate later). */
  #handleService(entry: ServiceEntry, init: boolean): void {
    const svc = entry.svc;
    if (!isLbIpamResponsible(svc, this.options)) {
      if (entry.view !== undefined) {
        // No longer ours: release as if deleted, clear the ingress and our condition.
        this.#releaseAll(entry.view);
        entry.view.ingress = [];
        entry.view.condition = undefined;
        entry.view = undefined;
      }
      return;
    }
    const object = `Service/${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`;
    entry.view = serviceViewOf(svc, this.options, entry.view, (text) =>
      this.#problem('E_LBIPAM_REQUESTED_IP', object, `Unable to parse requested IP '${text}'`),
    );
    if (init) return;
    this.#stripInvalidAllocations(entry.view);
    this.#stripOrImportIngresses(entry.view);
    if (!isSatisfied(entry.view)) this.#satisfyService(entry.view);
  }

  #views(): ServiceView[] {
    const out: ServiceView[] = [];
    for (const e of this.#services.values()) if (e.view !== undefined) out.push(e.view);
    return out;
  }

  /** §7.8: satisfied Services first, so a widened pool lets them keep their IPs. */
  #revalidateAll(): void {
    const views = this.#views();
    const satisfied = views.filter((v) => isSatisfied(v));
    const unsatisfied = views.filter((v) => !isSatisfied(v));
    for (const v of [...satisfied, ...unsatisfied]) {
      this.#stripInvalidAllocations(v);
      this.#stripOrImportIngresses(v);
      if (!isSatisfied(v)) this.#satisfyService(v);
    }
  }

  #satisfyServices(): void {
    for (const v of this.#views()) if (!isSatisfied(v)) this.#satisfyService(v);
  }

  #poolMatches(range: LbRange, view: ServiceView): boolean | undefined {
    const pool = this.#pools.get(range.pool);
    if (pool === undefined) return undefined;
    return pool.selector === undefined || pool.selector.matches(view.labels);
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
    const rest = (owners ?? []).filter((v) => v !== view);
    if (rest.length === 0) {
      range.alloc.free(a.ip.value);
      if (view.sharingKey !== '') this.#sharing.get(view.sharingKey)?.delete(ipKey(a.ip));
    } else {
      range.alloc.setOwner(a.ip.value, rest);
    }
    view.allocated = view.allocated.filter((x) => x !== a);
  }

  #releaseAll(view: ServiceView): void {
    for (const a of [...view.allocated]) this.#release(view, a);
  }

  /** §7.6: release allocations that are no longer valid. */
  #stripInvalidAllocations(view: ServiceView): void {
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
      const owners = (a.range as LbRange).alloc.owner(a.ip.value) ?? [];
      if (owners.length <= 1) continue;
      for (const o of owners) if (o !== view && incompatibility(o, view) !== undefined) return false;
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
    if (!m.has(ipKey(a.ip))) m.set(ipKey(a.ip), a);
  }

  /** §7.6: keep ingress IPs LB-IPAM allocated; import others that lie in a matching range and are free; strip the rest. */
  #stripOrImportIngresses(view: ServiceView): void {
    const kept: string[] = [];
    for (const text of view.ingress) {
      if (text === '') continue;
      const ip = parseIp(text);
      if (ip === undefined) continue;
      if (!view.allocated.some((a) => a.ip.family === ip.family && a.ip.value === ip.value)) {
        if (view.requested.length > 0 && !view.requested.some((r) => r.family === ip.family && r.value === ip.value))
          continue;
        if (ip.family === 6 ? !view.families.v6 : !view.families.v4) continue;
        const { range } = this.#findRangeOfIp(view, ip);
        if (range === undefined) continue;
        if (!range.alloc.alloc(ip.value, [view])) continue; // taken: left to the regular allocation logic
        const a: AllocatedIp = { ip, range };
        view.allocated.push(a);
        this.#indexSharing(view, a);
      }
      kept.push(text);
    }
    // Consecutive duplicates are removed (slices.CompactFunc).
    view.ingress = kept.filter((t, i) => i === 0 || parseIp(kept[i - 1]!)?.value !== parseIp(t)?.value);
  }

  #setCondition(view: ServiceView, satisfied: boolean, reason: string, message: string): void {
    view.condition = { status: satisfied ? 'True' : 'False', reason, message };
  }

  #unsatisfied(view: ServiceView, reason: UnsatisfiedReason, message: string): void {
    this.#setCondition(view, false, reason, message);
  }

  #satisfyService(view: ServiceView): void {
    if (view.requested.length > 0) this.#satisfySpecific(view);
    else this.#satisfyGeneric(view);
    for (const a of view.allocated) {
      if (view.ingress.some((t) => parseIp(t)?.value === a.ip.value && parseIp(t)?.family === a.ip.family)) continue;
      view.ingress.push(a.ip.text);
      this.#indexSharing(view, a);
    }
    if (isSatisfied(view)) this.#setCondition(view, true, 'satisfied', '');
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
        const current = owners ?? [];
        const reason = current.map((o) => incompatibility(o, view)).find((r) => r !== undefined);
        if (reason !== undefined) {
          this.#unsatisfied(
            view,
            'already_allocated_incompatible_service',
            `The IP '${req.text}' is already allocated to an incompatible service. Reason: ${reason}`,
          );
          continue;
        }
        range.alloc.setOwner(req.value, [...current, view]);
      } else if (!range.alloc.alloc(req.value, [view])) {
        continue;
      }
      view.allocated.push({ ip: req, range });
    }
  }

  #satisfyGeneric(view: ServiceView): void {
    const has4 = view.allocated.some((a) => a.ip.family === 4);
    const has6 = view.allocated.some((a) => a.ip.family === 6);
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
        if (owners === undefined || owners === null || owners.length === 0) continue;
        if (owners.some((o) => incompatibility(o, view) !== undefined)) continue;
        view.allocated.push(shared);
        range.alloc.setOwner(shared.ip.value, [...owners, view]);
        return;
      }
    }
    let full = false;
    for (const r of this.#ranges) {
      if (this.#disabled(r) || r.family !== family) continue;
      if (this.#poolMatches(r, view) !== true) continue;
      const value = r.alloc.allocAny([view]);
      if (value === undefined) {
        full = true;
        continue;
      }
      view.allocated.push({ ip: { family, value, text: formatIp(family, value) }, range: r });
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
