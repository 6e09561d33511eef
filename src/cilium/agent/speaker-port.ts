/**
 * `BgpControlPort` on v6net's BGP speaker: one `Speaker` per Cilium BGP instance, peers added and removed at run
 * time, per-peer originated routes. It also answers what `cilium bgp peers` and `cilium bgp routes` show (sessions,
 * Loc-RIB of originated paths, Adj-RIB-Out per peer, with ages), from the speaker's public API only.
 */
import type { BgpFamily, PeerConfig, RouteConfig } from '../../bgp/speaker/config-types.js';
import type { PeerStatus } from '../../bgp/speaker/control-api.js';
import type { SpeakerEventListener } from '../../bgp/speaker/events.js';
import { buildOutboundAttributes } from '../../bgp/speaker/outbound.js';
import { familyOf, type RouteAttributes } from '../../bgp/speaker/route.js';
import { Speaker } from '../../bgp/speaker/speaker.js';
import type { BgpTransport } from '../../bgp/transport/types.js';
import type { Clock } from '../../core/clock.js';
import type { BgpControlPort, PortInstanceSpec, PortPeerSpec, RunningInstance, RunningPeer } from './port.js';

/** The import route map of every peer: deny all (Cilium never accepts received routes). */
const REJECT_RECEIVED = 'CILIUM-REJECT-RECEIVED';

export interface SpeakerPortOptions {
  readonly clock: Clock;
  readonly transport: BgpTransport;
  /** Address the instance listens on when it has a localPort (default `::`). */
  readonly listenAddress?: string;
  /** Speaker events of every instance, tagged with the instance name. */
  readonly onEvent?: (instance: string, event: Parameters<SpeakerEventListener>[0]) => void;
}

interface InstanceState {
  spec: PortInstanceSpec;
  speaker: Speaker;
  peers: Map<string, RunningPeer>;
  /** When each (peer, prefix) route was last changed; and each prefix first originated (Loc-RIB age). */
  routeSince: Map<string, number>;
  pathSince: Map<string, number>;
}

/** One session as `cilium bgp peers` lists it. */
export interface PeerView {
  readonly instance: string;
  readonly localAsn: number;
  readonly name: string;
  readonly address: string;
  readonly port: number;
  /** Configured peer AS, or the learned one when configured as 0. */
  readonly peerAsn: number;
  /** GoBGP state names: idle, connect, active, open_sent, open_confirm, established. */
  readonly state: string;
  readonly uptimeSec: number;
  readonly families: readonly {
    readonly afi: string;
    readonly safi: string;
    readonly received: number;
    readonly advertised: number;
  }[];
}

/** One path as `cilium bgp routes` lists it. */
export interface RouteView {
  readonly instance: string;
  readonly localAsn: number;
  /** Peer address (advertised routes only). */
  readonly peer?: string;
  readonly prefix: string;
  readonly family: BgpFamily;
  readonly ageSec: number;
  readonly attributes: RouteAttributes;
}

const STATE_NAMES: Readonly<Record<string, string>> = {
  Idle: 'idle',
  Connect: 'connect',
  Active: 'active',
  OpenSent: 'open_sent',
  OpenConfirm: 'open_confirm',
  Established: 'established',
};

const AFI_SAFI: Readonly<Record<BgpFamily, { afi: string; safi: string }>> = {
  'ipv6-unicast': { afi: 'ipv6', safi: 'unicast' },
  'ipv4-unicast': { afi: 'ipv4', safi: 'unicast' },
};

export class SpeakerBgpControlPort implements BgpControlPort {
  readonly #options: SpeakerPortOptions;
  readonly #instances = new Map<string, InstanceState>();

  constructor(options: SpeakerPortOptions) {
    this.#options = options;
  }

  running(): ReadonlyMap<string, RunningInstance> {
    return this.#instances;
  }

  /** The speaker of an instance (for tests and diagnostics). */
  speaker(instance: string): Speaker | undefined {
    return this.#instances.get(instance)?.speaker;
  }

  async createInstance(spec: PortInstanceSpec): Promise<void> {
    const speaker = new Speaker({
      config: {
        asn: spec.asn,
        routerId: spec.routerId,
        // §1.1: without localPort the instance does not listen and only dials out.
        listen:
          spec.localPort !== undefined ? [{ address: this.#options.listenAddress ?? '::', port: spec.localPort }] : [],
        peers: [],
        listenRanges: [],
        routes: [],
        // §8.1: Cilium rejects every received path (GoBGP import policy reject): counted, never accepted, so never
        // in the Loc-RIB and never passed on from one router to the other.
        policy: { routeMaps: [{ name: REJECT_RECEIVED, rules: [{ seq: 10, action: 'deny' }] }] },
      },
      clock: this.#options.clock,
      transport: this.#options.transport,
      ...(this.#options.onEvent ? { onEvent: (e) => this.#options.onEvent?.(spec.name, e) } : {}),
    });
    await speaker.start();
    this.#instances.set(spec.name, { spec, speaker, peers: new Map(), routeSince: new Map(), pathSince: new Map() });
  }

  async deleteInstance(name: string): Promise<void> {
    const state = this.#instances.get(name);
    if (state === undefined) return;
    this.#instances.delete(name);
    await state.speaker.stop('BGP instance removed');
  }

  #state(instance: string): InstanceState {
    const s = this.#instances.get(instance);
    if (s === undefined) throw new Error(`no BGP instance ${instance}`);
    return s;
  }

  addPeer(instance: string, peer: PortPeerSpec): void {
    const s = this.#state(instance);
    const config: PeerConfig = {
      address: peer.address,
      port: peer.port,
      asn: peer.asn,
      passive: false,
      holdTimeSec: peer.holdTimeSec,
      keepaliveTimeSec: peer.keepaliveTimeSec,
      connectRetrySec: peer.connectRetrySec,
      families: peer.families,
      importPolicy: REJECT_RECEIVED,
      // GoBGP has no peer name; Cilium keeps it as JSON in the description (§8.1).
      description: JSON.stringify({ name: peer.name }),
      ...(peer.password !== undefined ? { password: peer.password } : {}),
      ...(peer.ttl !== undefined ? { multihop: peer.ttl } : {}),
      ...(peer.localAddress !== undefined ? { localAddress: peer.localAddress } : {}),
      ...(peer.gracefulRestart !== undefined
        ? { gracefulRestart: { restartTimeSec: peer.gracefulRestart.restartTimeSec } }
        : {}),
    };
    s.speaker.addPeer(config);
    s.peers.set(peer.address, { spec: peer, routes: [] });
  }

  removePeer(instance: string, address: string): void {
    const s = this.#state(instance);
    s.speaker.removePeer(address, 'peer removed from the CiliumBGPNodeConfig');
    s.peers.delete(address);
    for (const k of [...s.routeSince.keys()]) if (k.startsWith(`${address} `)) s.routeSince.delete(k);
    this.#prunePaths(s);
  }

  setPeerRoutes(instance: string, address: string, routes: readonly RouteConfig[]): void {
    const s = this.#state(instance);
    const peer = s.peers.get(address);
    if (peer === undefined) throw new Error(`no peer ${address} in ${instance}`);
    const now = this.#options.clock.nowMs();
    const before = new Map(peer.routes.map((r) => [r.prefix, JSON.stringify(r)]));
    for (const r of routes) {
      if (before.get(r.prefix) !== JSON.stringify(r)) s.routeSince.set(`${address} ${r.prefix}`, now);
      if (!s.pathSince.has(r.prefix)) s.pathSince.set(r.prefix, now);
    }
    for (const p of before.keys()) if (!routes.some((r) => r.prefix === p)) s.routeSince.delete(`${address} ${p}`);
    s.speaker.setPeerRoutes(address, routes);
    s.peers.set(address, { spec: peer.spec, routes: [...routes] });
    this.#prunePaths(s);
  }

  #prunePaths(s: InstanceState): void {
    const live = new Set<string>();
    for (const p of s.peers.values()) for (const r of p.routes) live.add(r.prefix);
    for (const prefix of [...s.pathSince.keys()]) if (!live.has(prefix)) s.pathSince.delete(prefix);
  }

  // ------------------------------------------------------------------------------------------- observation

  peers(): PeerView[] {
    const out: PeerView[] = [];
    for (const [name, s] of this.#instances) {
      const status = new Map<string, PeerStatus>(s.speaker.peers().map((p) => [p.address, p]));
      for (const [address, peer] of s.peers) {
        const st = status.get(address);
        const established = st?.state === 'Established';
        out.push({
          instance: name,
          localAsn: s.spec.asn,
          name: peer.spec.name,
          address,
          port: peer.spec.port,
          peerAsn: peer.spec.asn === 0 ? (st?.remoteAsn ?? 0) : peer.spec.asn,
          state: STATE_NAMES[st?.state ?? ''] ?? 'unknown',
          uptimeSec: established ? (st?.uptimeSec ?? 0) : 0,
          families: peer.spec.families.map((f) => {
            const c = st?.families.find((x) => x.family === f);
            return { ...AFI_SAFI[f], received: c?.received ?? 0, advertised: c?.advertised ?? 0 };
          }),
        });
      }
    }
    return out;
  }

  /**
   * `available`: the instance's Loc-RIB of originated paths (Cilium originates with an unspecified next hop, §8.3).
   * `advertised`: per Established peer, the paths of its negotiated families with the attributes sent on the wire.
   */
  routes(kind: 'available' | 'advertised', family: BgpFamily): RouteView[] {
    const now = this.#options.clock.nowMs();
    const ageSec = (since: number | undefined) => Math.max(0, Math.round((now - (since ?? now)) / 1000));
    const out: RouteView[] = [];
    for (const [name, s] of this.#instances) {
      if (kind === 'available') {
        const seen = new Map<string, RouteConfig>();
        for (const p of s.peers.values())
          for (const r of p.routes) if (familyOf(r.prefix) === family) seen.set(r.prefix, r);
        for (const r of seen.values()) {
          out.push({
            instance: name,
            localAsn: s.spec.asn,
            prefix: r.prefix,
            family,
            ageSec: ageSec(s.pathSince.get(r.prefix)),
            attributes: {
              origin: r.origin,
              asPath: [],
              nextHop: family === 'ipv6-unicast' ? '::' : '0.0.0.0',
              communities: [],
              largeCommunities: [],
            },
          });
        }
        continue;
      }
      const status = new Map(s.speaker.peers().map((p) => [p.address, p]));
      for (const [address, peer] of s.peers) {
        const st = status.get(address);
        if (st?.state !== 'Established' || st.localAddress === undefined) continue;
        if (!st.capabilities.includes(`multiprotocol:${family}`)) continue;
        for (const r of peer.routes) {
          if (familyOf(r.prefix) !== family) continue;
          const built = buildOutboundAttributes(r, {
            localAsn: s.spec.asn,
            internal: st.remoteAsn === s.spec.asn,
            localAddress: st.localAddress,
          });
          if (!built.ok) continue;
          out.push({
            instance: name,
            localAsn: s.spec.asn,
            peer: address,
            prefix: r.prefix,
            family,
            ageSec: ageSec(s.routeSince.get(`${address} ${r.prefix}`)),
            attributes: built.attributes,
          });
        }
      }
    }
    return out;
  }
}
