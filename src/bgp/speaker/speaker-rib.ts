/**
 * The speaker's side of the RIB: feeds received UPDATE bytes to the `Rib` (scanner hot path, full decoder
 * otherwise), turns originated routes into RIB paths, runs graceful restart (RFC 4724 helper mode with RFC 8538, and
 * the restarting speaker's selection deferral) on the injected Clock, and hands each peer the UPDATEs to send.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { Negotiated, SessionDownReason } from '../fsm/types.js';
import type { RibAttributes } from '../rib/attributes.js';
import type { BestPathOptions } from '../rib/best-path-steps.js';
import type { InternedAttributes } from '../rib/intern.js';
import { peerAddressSortKey } from '../rib/path.js';
import { formatPrefixKey, keyAfi, type PrefixKey, prefixKeyFromText } from '../rib/prefix-key.js';
import { Rib, type RibPeerState } from '../rib/rib.js';
import { convertUpdate } from '../rib/update-convert.js';
import { UpdateScanner, type UpdateSink } from '../rib/update-scan.js';
import type { PolicyConfig } from '../policy/types.js';
import { parseIpv4, parseIpv6 } from '../wire/address-text.js';
import { CeaseSubcode, NotificationCode, Origin } from '../wire/codes.js';
import type { WireContext } from '../wire/context.js';
import { BgpWireError } from '../wire/errors.js';
import { decodeMessage } from '../wire/message.js';
import type { UpdateMessage } from '../wire/update.js';
import { parseCommunity, parseLargeCommunity } from './communities.js';
import type { BgpFamily, OriginName, PeerSettings, RouteConfig } from './config-types.js';
import type { SpeakerEvent } from './events.js';

const ORIGIN_CODE: Record<OriginName, number> = { igp: Origin.igp, egp: Origin.egp, incomplete: Origin.incomplete };
export const FAMILY_OF_AFI: Record<1 | 2, BgpFamily> = { 1: 'ipv4-unicast', 2: 'ipv6-unicast' };
/** FRR's default `bgp graceful-restart select-defer-time`. */
export const DEFAULT_SELECTION_DEFERRAL_SEC = 360;

/** Attributes of an originated route (`nextHop: self` becomes "no next hop": export fills in the session address). */
export function originatedAttributes(r: RouteConfig): RibAttributes {
  const communities = r.communities.map((c) => parseCommunity(c) ?? 0);
  const large = r.largeCommunities.map((c) => parseLargeCommunity(c) ?? ([0, 0, 0] as const));
  return {
    origin: ORIGIN_CODE[r.origin],
    asPath: r.asPath.length > 0 ? [{ type: 'sequence', asns: r.asPath }] : [],
    nextHop: r.nextHop === 'self' ? '' : r.nextHop,
    ...(r.med !== undefined ? { med: r.med } : {}),
    ...(r.localPref !== undefined ? { localPref: r.localPref } : {}),
    ...(communities.length > 0 ? { communities } : {}),
    ...(large.length > 0 ? { largeCommunities: large } : {}),
  };
}

/** Counts and a small sample of what one batch of UPDATEs did, for the `update` event. */
export class IngestSink implements UpdateSink {
  announced = 0;
  withdrawn = 0;
  treatAsWithdraw = 0;
  updates = 0;
  readonly sample: string[] = [];
  /** Negotiated AFIs as bits (1 << afi): checked for every prefix. */
  readonly #afiBits: number;

  constructor(
    readonly peer: RibPeerState,
    families: ReadonlySet<number>,
  ) {
    let bits = 0;
    for (const afi of families) bits |= 1 << afi;
    this.#afiBits = bits;
  }

  announce(key: PrefixKey, attrs: InternedAttributes): void {
    if ((this.#afiBits & (1 << keyAfi(key))) === 0) return;
    this.announced++;
    if (this.sample.length < 5) this.sample.push(formatPrefixKey(key));
    this.peer.announce(key, attrs);
  }

  withdraw(key: PrefixKey): void {
    this.withdrawn++;
    if (this.sample.length < 5) this.sample.push(`-${formatPrefixKey(key)}`);
    this.peer.withdraw(key);
  }
}

export interface SpeakerRibOptions {
  readonly clock: Clock;
  readonly localAsn: number;
  readonly routerIdU32: number;
  readonly emit: (event: SpeakerEvent) => void;
  readonly bestPath?: BestPathOptions;
  readonly policy?: PolicyConfig;
  readonly ebgpRequiresPolicy?: boolean;
  /** RFC 4724 §4.1: this start is a restart (R bit), export waits for End-of-RIB or the deferral timer. */
  readonly restarting?: boolean;
  readonly selectionDeferralSec?: number;
}

/** Graceful-restart helper state of one peer (RFC 4724 §4.2). */
interface HelperState {
  timer: TimerHandle | undefined;
  readonly families: Set<1 | 2>;
}

export class SpeakerRib {
  readonly rib: Rib;
  readonly scanner: UpdateScanner;
  readonly #o: SpeakerRibOptions;
  readonly #helpers = new Map<RibPeerState, HelperState>();
  #deferralTimer: TimerHandle | undefined;
  /** Peers whose End-of-RIB the deferral still waits for. */
  readonly #awaitingEor = new Set<string>();

  constructor(o: SpeakerRibOptions) {
    this.#o = o;
    this.rib = new Rib({
      localAsn: o.localAsn,
      routerId: o.routerIdU32,
      ...(o.bestPath !== undefined ? { bestPath: o.bestPath } : {}),
      ...(o.policy !== undefined ? { policy: o.policy } : {}),
      ...(o.ebgpRequiresPolicy !== undefined ? { ebgpRequiresPolicy: o.ebgpRequiresPolicy } : {}),
    });
    this.scanner = new UpdateScanner(this.rib.interner);
    if (o.restarting === true) {
      this.rib.deferExport();
      this.#deferralTimer = o.clock.setTimer((o.selectionDeferralSec ?? DEFAULT_SELECTION_DEFERRAL_SEC) * 1000, () => {
        this.#deferralTimer = undefined;
        this.#release('timer');
      });
    }
  }

  /** True while the restarting speaker defers (its OPENs carry the R bit). */
  get restarting(): boolean {
    return this.rib.exportDeferred;
  }

  /** The RIB peer for `address`, created on first use. */
  peer(address: string, settings: PeerSettings): RibPeerState {
    const known = this.rib.peer(address);
    if (known !== undefined) return known;
    const bytes = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
    const asn = settings.asn === 'external' ? 0 : settings.asn;
    const p = this.rib.addPeer({
      id: address,
      kind: asn === this.#o.localAsn ? 'ibgp' : 'ebgp',
      remoteAsn: asn,
      routerId: 0,
      addressSortKey: peerAddressSortKey(bytes),
      ...(settings.importPolicy !== undefined ? { importMap: settings.importPolicy } : {}),
      ...(settings.exportPolicy !== undefined ? { exportMap: settings.exportPolicy } : {}),
      ...(settings.softReconfigurationInbound ? { softReconfigurationInbound: true } : {}),
      ...(settings.nextHopSelf ? { nextHopSelf: true } : {}),
    });
    if (settings.gracefulRestart !== undefined && this.rib.exportDeferred) this.#awaitingEor.add(address);
    return p;
  }

  forget(address: string): void {
    const p = this.rib.peer(address);
    if (p === undefined) return;
    this.#cancelHelper(p);
    this.rib.removePeer(address);
    this.#awaitingEor.delete(address);
  }

  /** Session Established: identity, GR helper follow-up, then the initial export (unless deferred). */
  established(p: RibPeerState, n: Negotiated, localAddress: string): void {
    p.routerId = n.peerBgpId;
    p.remoteAsn = n.peerAs;
    (p as { kind: string }).kind = n.internal ? 'ibgp' : 'ebgp';
    const helper = this.#helpers.get(p);
    if (helper !== undefined) {
      const gr = n.gracefulRestart;
      if (gr === undefined) this.#sweep(p, undefined, helper);
      else {
        // RFC 4724 §4.2: families the restarted peer no longer lists with the F bit lose their stale routes now
        for (const afi of [...helper.families]) {
          if (!gr.families.some((f) => f.afi === afi && f.forwardingState)) this.#sweep(p, afi, helper);
        }
        if (helper.families.size > 0) this.#startHelperTimer(p, helper, gr.restartTimeSec * 1000);
      }
    }
    const families = new Set<number>(n.families.map((f) => f.afi));
    this.rib.sessionUp(p, { localAddress, families });
  }

  /**
   * Session gone. RFC 4724 §4.2 (and RFC 8538 for NOTIFICATIONs other than Hard Reset when both sides sent the N
   * bit): a GR-capable peer's routes stay as stale for its restart time; otherwise they go now.
   */
  down(p: RibPeerState, n: Negotiated | undefined, reason: SessionDownReason, localN: boolean, dynamic: boolean): void {
    const gr = n?.gracefulRestart;
    const retain = gr !== undefined && !dynamic && gracefulReason(reason, localN && gr.notification);
    this.rib.sessionDown(p, retain);
    if (!retain || gr === undefined) {
      this.#cancelHelper(p);
      return;
    }
    const families = new Set<1 | 2>();
    for (const f of gr.families) if (f.afi === 1 || f.afi === 2) families.add(f.afi);
    // routes of families the peer did not list for GR go at once
    for (const afi of [1, 2] as const) if (!families.has(afi)) this.rib.sweepStale(p, afi);
    const kept = p.staleCount;
    if (kept === 0 || gr.restartTimeSec === 0) {
      this.rib.sweepStale(p);
      this.#cancelHelper(p);
      return;
    }
    const helper = this.#helpers.get(p) ?? { timer: undefined, families };
    for (const f of families) helper.families.add(f);
    this.#helpers.set(p, helper);
    this.#o.emit({ event: 'gracefulRestart', peer: p.id, phase: 'retained', routes: kept });
    this.#startHelperTimer(p, helper, gr.restartTimeSec * 1000);
  }

  /**
   * One received UPDATE (whole message). Returns the wire error that must reset the session, or the family of an
   * End-of-RIB marker (then call `endOfRib`), or undefined.
   */
  ingest(bytes: Uint8Array, ctx: WireContext, sink: IngestSink): BgpWireError | BgpFamily | undefined {
    sink.updates++;
    if (this.scanner.scan(bytes, ctx, sink)) return undefined;
    let m: UpdateMessage;
    try {
      m = decodeMessage(bytes, ctx) as UpdateMessage;
    } catch (e) {
      if (e instanceof BgpWireError) return e;
      throw e;
    }
    const r = convertUpdate(m, this.rib.interner, sink);
    sink.treatAsWithdraw += r.treatedAsWithdraw;
    sink.withdrawn -= r.treatedAsWithdraw;
    if (r.endOfRib === undefined) return undefined;
    const afi = r.endOfRib.afi;
    if (r.endOfRib.safi !== 1 || (afi !== 1 && afi !== 2)) return undefined;
    return FAMILY_OF_AFI[afi];
  }

  /**
   * The peer's End-of-RIB for `family` (the caller reports it first, then calls this): RFC 4724 §4.2 sweep of its
   * stale routes, and the end of our deferral once every awaited peer sent one.
   */
  endOfRib(p: RibPeerState, family: BgpFamily): void {
    const afi = family === 'ipv4-unicast' ? 1 : 2;
    const helper = this.#helpers.get(p);
    if (helper !== undefined) this.#sweep(p, afi, helper);
    if (this.#awaitingEor.delete(p.id) && this.#awaitingEor.size === 0) this.#release('endOfRib');
  }

  /** A configured GR peer that will not be waited for (removed, or not GR-capable after all). */
  stopAwaiting(address: string): void {
    if (this.#awaitingEor.delete(address) && this.#awaitingEor.size === 0 && this.rib.exportDeferred)
      this.#release('endOfRib');
  }

  /** Called when the deferral ends: the speaker sends every peer its table and End-of-RIB. */
  onRelease: ((why: 'endOfRib' | 'timer') => void) | undefined;

  #release(why: 'endOfRib' | 'timer'): void {
    if (!this.rib.exportDeferred) return;
    this.#deferralTimer?.cancel();
    this.#deferralTimer = undefined;
    this.#awaitingEor.clear();
    this.rib.releaseExport();
    this.onRelease?.(why);
  }

  #sweep(p: RibPeerState, afi: 1 | 2 | undefined, helper: HelperState): void {
    const removed = this.rib.sweepStale(p, afi);
    if (afi === undefined) helper.families.clear();
    else helper.families.delete(afi);
    if (removed > 0)
      this.#o.emit({
        event: 'gracefulRestart',
        peer: p.id,
        phase: 'removed',
        routes: removed,
        ...(afi !== undefined ? { family: FAMILY_OF_AFI[afi] } : {}),
      });
    if (helper.families.size === 0 || p.staleCount === 0) this.#cancelHelper(p);
  }

  #startHelperTimer(p: RibPeerState, helper: HelperState, ms: number): void {
    helper.timer?.cancel();
    helper.timer = this.#o.clock.setTimer(ms, () => {
      helper.timer = undefined;
      const removed = this.rib.sweepStale(p);
      this.#helpers.delete(p);
      if (removed > 0) this.#o.emit({ event: 'gracefulRestart', peer: p.id, phase: 'removed', routes: removed });
    });
  }

  #cancelHelper(p: RibPeerState): void {
    const h = this.#helpers.get(p);
    h?.timer?.cancel();
    this.#helpers.delete(p);
  }

  /** Originates (or replaces) a global route. */
  originate(route: RouteConfig): void {
    this.rib.originate(prefixKeyFromText(route.prefix), originatedAttributes(route));
  }

  unoriginate(prefix: string): boolean {
    return this.rib.unoriginate(prefixKeyFromText(prefix));
  }

  /** Per-peer originated routes (they win over the Loc-RIB for that peer). */
  setPeerRoutes(p: RibPeerState, routes: readonly RouteConfig[]): void {
    const map = new Map<PrefixKey, RibAttributes>();
    for (const r of routes) map.set(prefixKeyFromText(r.prefix), originatedAttributes(r));
    this.rib.setPeerRoutes(p, map);
  }
}

/** RFC 4724 §4.2 / RFC 8538 §4: whether a session loss keeps the peer's routes. */
function gracefulReason(reason: SessionDownReason, notificationGr: boolean): boolean {
  switch (reason.kind) {
    case 'connectionFailed':
    case 'holdTimerExpired':
      return reason.kind === 'connectionFailed' || notificationGr;
    case 'notificationReceived':
    case 'notificationSent':
      // RFC 8538 §4: with the N bit on both sides every NOTIFICATION but Cease/Hard Reset keeps the routes
      return notificationGr && !(reason.code === NotificationCode.cease && reason.subcode === CeaseSubcode.hardReset);
    default:
      return false;
  }
}
