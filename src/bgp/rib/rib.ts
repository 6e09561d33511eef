/**
 * The router core of one BGP instance: routes from peers go through import policy into the Loc-RIB (best path per
 * prefix, with originated routes as the `local` peer's candidates), every best-path change is run through each
 * established peer's export rules into its Adj-RIB-Out, and `flush` packs what changed into UPDATEs. Pure: no
 * clock, no sockets; the speaker feeds it and sends what it returns.
 */
import { Policy, type PolicyConfig, type PolicyRoute } from '../policy/index.js';
import type { WireContext } from '../wire/context.js';
import { AdjRibIn } from './adj-rib-in.js';
import { AdjRibOut } from './adj-rib-out.js';
import type { RibAttributes, RibAttributesDraft } from './attributes.js';
import type { BestPathOptions } from './best-path-steps.js';
import { type ExportContext, type ExportTarget, exportAttributes } from './export-rules.js';
import { AttributeFlag, AttributeInterner, type InternedAttributes } from './intern.js';
import { LocRib } from './loc-rib.js';
import { Path, type RibPeer, type RibPeerKind, routerIdNumber } from './path.js';
import { keyAfi, type PrefixKey } from './prefix-key.js';
import { packUpdates } from './update-packer.js';
import type { UpdateSink } from './update-scan.js';

export interface RibOptions {
  readonly localAsn: number;
  /** BGP Identifier as u32. */
  readonly routerId: number;
  readonly clusterId?: number;
  readonly bestPath?: BestPathOptions;
  readonly policy?: PolicyConfig;
  /** RFC 8212: eBGP routes need an import policy to be accepted and an export policy to be sent. Default false. */
  readonly ebgpRequiresPolicy?: boolean;
}

export interface RibPeerOptions {
  /** Peer address text (the peer's id). */
  readonly id: string;
  readonly kind: Exclude<RibPeerKind, 'local'>;
  readonly remoteAsn: number;
  readonly routerId: number;
  readonly addressSortKey: string;
  readonly rrClient?: boolean;
  readonly importMap?: string;
  readonly exportMap?: string;
  readonly nextHopSelf?: boolean;
  /** FRR `soft-reconfiguration inbound`: keep the pre-policy Adj-RIB-In. */
  readonly softReconfigurationInbound?: boolean;
}

/** A peer as the RIB knows it: identity, policy, pre-policy Adj-RIB-In, Adj-RIB-Out and counters. */
export class RibPeerState implements RibPeer, UpdateSink {
  kind: Exclude<RibPeerKind, 'local'>;
  remoteAsn: number;
  routerId: number;
  readonly addressSortKey: string;
  readonly rrClient: boolean;
  importMap: string | undefined;
  exportMap: string | undefined;
  nextHopSelf: boolean;
  readonly adjRibIn: AdjRibIn | undefined;
  readonly adjRibOut: AdjRibOut;
  /** Set while the session is Established: the peer receives exports. */
  target: ExportTarget | undefined;
  /** Prefixes announced by the peer (per AFI) since the session came up, and its candidates now in the Loc-RIB. */
  readonly received = [0, 0, 0];
  readonly accepted = [0, 0, 0];
  /** Stale paths (RFC 4724) currently held. */
  staleCount = 0;
  /** Routes originated towards this peer only; they win over the Loc-RIB's best path for it. */
  overrides = new Map<PrefixKey, InternedAttributes>();
  /** What the last flush sent: announced and withdrawn prefixes. */
  lastFlush = { announced: 0, withdrawn: 0 };

  constructor(
    readonly rib: Rib,
    readonly id: string,
    readonly index: number,
    o: RibPeerOptions,
  ) {
    this.kind = o.kind;
    this.remoteAsn = o.remoteAsn;
    this.routerId = o.routerId;
    this.addressSortKey = o.addressSortKey;
    this.rrClient = o.rrClient === true;
    this.importMap = o.importMap;
    this.exportMap = o.exportMap;
    this.nextHopSelf = o.nextHopSelf === true;
    this.adjRibIn = o.softReconfigurationInbound === true ? new AdjRibIn(rib.interner) : undefined;
    this.adjRibOut = new AdjRibOut(rib.interner);
  }

  announce(key: PrefixKey, attrs: InternedAttributes): void {
    this.rib.announce(this, key, attrs);
  }

  withdraw(key: PrefixKey): void {
    this.rib.withdraw(this, key);
  }
}

const LOCAL_PEER: RibPeer = Object.freeze({
  id: 'local',
  index: 0,
  kind: 'local',
  remoteAsn: 0,
  routerId: 0,
  addressSortKey: '',
});

export class Rib {
  readonly interner: AttributeInterner;
  readonly locRib: LocRib;
  readonly policy: Policy;
  readonly local: RibPeer = LOCAL_PEER;
  readonly #ctx: ExportContext;
  readonly #peers = new Map<string, RibPeerState>();
  #exporting: RibPeerState[] = [];
  #nextIndex = 1;
  #seq = 0;
  #deferred = false;
  /**
   * The path object made last. Prefixes that arrive one after the other from the same peer with the same attribute
   * set (the NLRI of one UPDATE) share it: nothing in a Path is per prefix, and no path from elsewhere arrived in
   * between, so the arrival order it records is the same. One object per UPDATE instead of one per prefix.
   */
  #lastPath: Path | undefined;
  /** Prefixes originated locally (global routes). */
  originatedCount = 0;

  constructor(readonly options: RibOptions) {
    this.interner = new AttributeInterner(options.localAsn);
    this.locRib = new LocRib(options.bestPath ?? {});
    this.policy = new Policy(options.policy ?? {});
    this.#ctx = {
      localAsn: options.localAsn,
      routerId: options.routerId,
      clusterId: options.clusterId ?? options.routerId,
      defaultLocalPref: options.bestPath?.defaultLocalPref ?? 100,
      ebgpRequiresPolicy: options.ebgpRequiresPolicy === true,
      policy: this.policy,
      interner: this.interner,
    };
  }

  // ------------------------------------------------------------------------------------------------ peers

  addPeer(o: RibPeerOptions): RibPeerState {
    if (this.#peers.has(o.id)) throw new Error(`peer ${o.id} already in the RIB`);
    const p = new RibPeerState(this, o.id, this.#nextIndex++, o);
    this.#peers.set(o.id, p);
    return p;
  }

  peer(id: string): RibPeerState | undefined {
    return this.#peers.get(id);
  }

  peers(): IterableIterator<RibPeerState> {
    return this.#peers.values();
  }

  /** Removes a peer and every path it contributed. */
  removePeer(id: string): void {
    const p = this.#peers.get(id);
    if (p === undefined) return;
    this.sessionDown(p, false);
    this.#peers.delete(id);
  }

  // ------------------------------------------------------------------------------------------- inbound

  /** A route from `peer` (pre-policy attributes; the RIB takes its own references). */
  announce(peer: RibPeerState, key: PrefixKey, attrs: InternedAttributes): void {
    const afi = keyAfi(key);
    peer.received[afi]!++;
    peer.adjRibIn?.set(key, attrs);
    this.#importAndInstall(peer, key, attrs);
  }

  withdraw(peer: RibPeerState, key: PrefixKey): void {
    peer.adjRibIn?.delete(key);
    this.#uninstall(peer, key);
  }

  #importAndInstall(peer: RibPeerState, key: PrefixKey, attrs: InternedAttributes): void {
    const post = this.#import(peer, key, attrs);
    if (post === undefined) {
      this.#uninstall(peer, key);
      return;
    }
    const held = this.interner.retain(post);
    let path = this.#lastPath;
    if (path === undefined || path.attrs !== held || path.peer !== peer || path.stale || path.seq !== this.#seq - 1) {
      path = new Path(peer, held, this.#seq++);
      this.#lastPath = path;
    }
    const replaced = this.locRib.update(key, path);
    if (replaced !== undefined) {
      if (replaced.stale) peer.staleCount--;
      this.interner.release(replaced.attrs);
    } else peer.accepted[keyAfi(key)]!++;
    if (this.locRib.changed) this.#export(key);
  }

  #uninstall(peer: RibPeerState, key: PrefixKey): void {
    const removed = this.locRib.remove(key, peer);
    if (removed === undefined) return;
    if (removed.stale) peer.staleCount--;
    peer.accepted[keyAfi(key)]!--;
    this.interner.release(removed.attrs);
    if (this.locRib.changed) this.#export(key);
  }

  /** Import rules and policy: the post-policy set, or undefined when denied. */
  #import(peer: RibPeerState, key: PrefixKey, attrs: InternedAttributes): InternedAttributes | undefined {
    if (attrs.hasFlag(AttributeFlag.asLoop)) return undefined; // RFC 4271 §9.1.2: our AS in the path
    if (peer.kind !== 'ebgp' && (attrs.originatorId >= 0 || attrs.clusterListLength > 0)) {
      // RFC 4456 §8: our own ORIGINATOR_ID or CLUSTER_ID means a reflection loop
      if (attrs.originatorId === this.options.routerId) return undefined;
      const cluster = this.#ctx.clusterId;
      if (attrs.value.clusterList?.some((c) => routerIdNumber(c) === cluster)) return undefined;
    }
    if (peer.importMap === undefined) {
      // RFC 8212 §3: without an import policy nothing from an eBGP peer is accepted (when enabled)
      return peer.kind === 'ebgp' && this.#ctx.ebgpRequiresPolicy ? undefined : attrs;
    }
    const route: PolicyRoute = {
      prefix: key,
      direction: 'import',
      peerAddress: peer.id,
      attrs: { ...attrs.value } as RibAttributesDraft,
      nextHopSet: false,
    };
    if (!this.policy.routeMaps.apply(peer.importMap, route)) return undefined;
    return this.interner.get(route.attrs);
  }

  // ------------------------------------------------------------------------------------------- origination

  /** Originates `key` with `attrs` (network / redistribute): a candidate of the local peer. */
  originate(key: PrefixKey, attrs: RibAttributes): void {
    const path = new Path(this.local, this.interner.intern(attrs), this.#seq++);
    this.#lastPath = undefined;
    const replaced = this.locRib.update(key, path);
    if (replaced !== undefined) this.interner.release(replaced.attrs);
    else this.originatedCount++;
    if (this.locRib.changed) this.#export(key);
  }

  /** Stops originating `key`; false when it was not originated. */
  unoriginate(key: PrefixKey): boolean {
    const removed = this.locRib.remove(key, this.local);
    if (removed === undefined) return false;
    this.originatedCount--;
    this.interner.release(removed.attrs);
    if (this.locRib.changed) this.#export(key);
    return true;
  }

  // ------------------------------------------------------------------------------------------- sessions

  /** The peer's session is Established: it starts receiving exports, beginning with the whole table. */
  sessionUp(peer: RibPeerState, target: Omit<ExportTarget, 'peer' | 'exportMap' | 'nextHopSelf'>): void {
    peer.received.fill(0);
    peer.target = {
      ...target,
      peer,
      ...(peer.exportMap !== undefined ? { exportMap: peer.exportMap } : {}),
      nextHopSelf: peer.nextHopSelf,
    };
    if (!this.#exporting.includes(peer)) this.#exporting.push(peer);
    if (!this.#deferred) this.#exportAll(peer);
  }

  /** Stages every prefix for `peer`: the Loc-RIB's and its own originated ones. */
  #exportAll(peer: RibPeerState): void {
    for (const key of this.locRib.keys()) this.#exportTo(peer, key);
    for (const key of peer.overrides.keys()) if (this.locRib.best(key) === undefined) this.#exportTo(peer, key);
  }

  /**
   * The peer's session is gone. `retainStale`: RFC 4724 §4.2 helper mode, its paths stay as stale candidates
   * (see `sweepStale`); otherwise they are removed now.
   */
  sessionDown(peer: RibPeerState, retainStale: boolean): void {
    this.#exporting = this.#exporting.filter((p) => p !== peer);
    peer.target = undefined;
    peer.adjRibOut.clear();
    peer.adjRibIn?.clear();
    if (this.#lastPath?.peer === peer) this.#lastPath = undefined;
    if (retainStale) {
      // counted per prefix first: one path object may stand for several prefixes
      let n = 0;
      this.locRib.forEachPath((_key, path) => {
        if (path.peer === peer && !path.stale) n++;
      });
      this.locRib.forEachPath((_key, path) => {
        if (path.peer === peer) path.stale = true;
      });
      peer.staleCount += n;
      return;
    }
    this.#removePaths(peer, () => true);
  }

  /** RFC 4724 §4.2: removes the peer's stale paths (of one AFI, or all); returns how many. */
  sweepStale(peer: RibPeerState, afi?: 1 | 2): number {
    if (peer.staleCount === 0) return 0;
    return this.#removePaths(peer, (key, path) => path.stale && (afi === undefined || keyAfi(key) === afi));
  }

  #removePaths(peer: RibPeerState, which: (key: PrefixKey, path: Path) => boolean): number {
    const keys: PrefixKey[] = [];
    this.locRib.forEachPath((key, path) => {
      if (path.peer === peer && which(key, path)) keys.push(key);
    });
    for (const key of keys) this.#uninstall(peer, key);
    return keys.length;
  }

  /** Re-runs the import policy over the pre-policy Adj-RIB-In; false when the peer keeps none (send ROUTE-REFRESH). */
  reapplyImport(peer: RibPeerState): boolean {
    if (peer.adjRibIn === undefined) return false;
    for (const [key, attrs] of peer.adjRibIn.entries()) this.#importAndInstall(peer, key, attrs);
    return true;
  }

  /** Export policy changed: re-evaluates every prefix for the peer (only differences are sent). */
  reapplyExport(peer: RibPeerState): void {
    if (peer.target === undefined) return;
    peer.target = { ...peer.target, nextHopSelf: peer.nextHopSelf };
    if (peer.exportMap === undefined) delete (peer.target as { exportMap?: string }).exportMap;
    else peer.target = { ...peer.target, exportMap: peer.exportMap };
    this.#exportAll(peer);
    for (const [key] of peer.adjRibOut.entries())
      if (this.locRib.best(key) === undefined && !peer.overrides.has(key)) peer.adjRibOut.stage(key, undefined);
  }

  /** RFC 2918: the peer asked for a ROUTE-REFRESH: everything in its Adj-RIB-Out is sent again. */
  resendAll(peer: RibPeerState): void {
    peer.adjRibOut.resendAll();
  }

  // ------------------------------------------------------------------------------------------- export

  /** RFC 4724 §4.1: while deferred, best-path changes are not exported (the restarting speaker waits). */
  deferExport(): void {
    this.#deferred = true;
  }

  get exportDeferred(): boolean {
    return this.#deferred;
  }

  /** Ends the deferral: every established peer gets the whole table now. */
  releaseExport(): void {
    if (!this.#deferred) return;
    this.#deferred = false;
    for (const peer of this.#exporting) this.#exportAll(peer);
  }

  #export(key: PrefixKey): void {
    if (this.#deferred) return;
    const peers = this.#exporting;
    for (let i = 0; i < peers.length; i++) this.#exportTo(peers[i]!, key);
  }

  #exportTo(peer: RibPeerState, key: PrefixKey): void {
    const target = peer.target;
    if (target === undefined) return;
    if (peer.overrides.size > 0) {
      const own = peer.overrides.get(key);
      if (own !== undefined) {
        peer.adjRibOut.stage(key, exportAttributes(key, new Path(this.local, own, 0), target, this.#ctx));
        return;
      }
    }
    const best = this.locRib.best(key);
    if (best === undefined || best.peer === peer) {
      peer.adjRibOut.stage(key, undefined); // split horizon is the common case: nothing to compute
      return;
    }
    peer.adjRibOut.stage(key, exportAttributes(key, best, target, this.#ctx));
  }

  /** Peers with staged changes. */
  pendingPeers(): RibPeerState[] {
    return this.#exporting.filter((p) => p.adjRibOut.pendingCount > 0);
  }

  /** Commits the peer's staged changes and returns the UPDATE messages to send. */
  flush(peer: RibPeerState, ctx: WireContext): Uint8Array[] {
    if (peer.adjRibOut.pendingCount === 0) {
      peer.lastFlush = { announced: 0, withdrawn: 0 };
      return [];
    }
    const commit = peer.adjRibOut.commit();
    let announced = 0;
    for (const keys of commit.announce.values()) announced += keys.length;
    peer.lastFlush = { announced, withdrawn: commit.withdraw.length };
    return packUpdates(commit, ctx);
  }

  /** Replaces the routes originated towards `peer` only; the difference is staged for it. */
  setPeerRoutes(peer: RibPeerState, routes: ReadonlyMap<PrefixKey, RibAttributes>): void {
    const old = peer.overrides;
    const next = new Map<PrefixKey, InternedAttributes>();
    for (const [key, attrs] of routes) next.set(key, this.interner.intern(attrs));
    peer.overrides = next;
    for (const key of old.keys()) if (!next.has(key)) this.#exportTo(peer, key);
    for (const key of next.keys()) this.#exportTo(peer, key);
    for (const attrs of old.values()) this.interner.release(attrs);
  }
}
