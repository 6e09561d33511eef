/**
 * The port through which the agent's reconciler drives a BGP speaker: instances (one BGP speaker each), peers and the
 * routes originated towards each peer. `FakeBgpControlPort` keeps the same state in memory and logs every call.
 */
import type { BgpFamily, RouteConfig } from '../../bgp/speaker/config-types.js';

export interface PortInstanceSpec {
  readonly name: string;
  readonly asn: number;
  readonly routerId: string;
  /** undefined: no listener (§1.1: only dial out). */
  readonly localPort?: number;
}

export interface PortPeerSpec {
  readonly name: string;
  readonly address: string;
  readonly asn: number;
  readonly port: number;
  readonly localAddress?: string;
  readonly holdTimeSec: number;
  readonly keepaliveTimeSec: number;
  readonly connectRetrySec: number;
  /** TTL of outgoing packets (§8.4); undefined = OS default. */
  readonly ttl?: number;
  /** TCP-MD5 key; never logged or printed. */
  readonly password?: string;
  readonly gracefulRestart?: { readonly restartTimeSec: number };
  readonly families: readonly BgpFamily[];
}

export interface RunningPeer {
  readonly spec: PortPeerSpec;
  readonly routes: readonly RouteConfig[];
}

export interface RunningInstance {
  readonly spec: PortInstanceSpec;
  /** By peer address. */
  readonly peers: ReadonlyMap<string, RunningPeer>;
}

export interface BgpControlPort {
  /** What is running now (what this port applied), by instance name. */
  running(): ReadonlyMap<string, RunningInstance>;
  createInstance(spec: PortInstanceSpec): Promise<void>;
  /** Tears the instance down, sending a Cease NOTIFICATION to every peer (§2: removing an instance). */
  deleteInstance(name: string): Promise<void>;
  addPeer(instance: string, peer: PortPeerSpec): void;
  /** Ends the session with a Cease NOTIFICATION. */
  removePeer(instance: string, address: string): void;
  setPeerRoutes(instance: string, address: string, routes: readonly RouteConfig[]): void;
}

export type PortCall =
  | { readonly call: 'createInstance'; readonly spec: PortInstanceSpec }
  | { readonly call: 'deleteInstance'; readonly name: string }
  | { readonly call: 'addPeer'; readonly instance: string; readonly address: string }
  | { readonly call: 'removePeer'; readonly instance: string; readonly address: string }
  | {
      readonly call: 'setPeerRoutes';
      readonly instance: string;
      readonly address: string;
      readonly prefixes: readonly string[];
    };

interface MutableInstance {
  spec: PortInstanceSpec;
  peers: Map<string, RunningPeer>;
}

/** In-memory port: the state a speaker would hold, and a log of calls (no passwords). */
export class FakeBgpControlPort implements BgpControlPort {
  readonly calls: PortCall[] = [];
  readonly #instances = new Map<string, MutableInstance>();

  running(): ReadonlyMap<string, RunningInstance> {
    return this.#instances;
  }

  async createInstance(spec: PortInstanceSpec): Promise<void> {
    if (this.#instances.has(spec.name)) throw new Error(`instance ${spec.name} exists`);
    this.calls.push({ call: 'createInstance', spec });
    this.#instances.set(spec.name, { spec, peers: new Map() });
  }

  async deleteInstance(name: string): Promise<void> {
    this.calls.push({ call: 'deleteInstance', name });
    this.#instances.delete(name);
  }

  #instance(name: string): MutableInstance {
    const i = this.#instances.get(name);
    if (i === undefined) throw new Error(`no instance ${name}`);
    return i;
  }

  addPeer(instance: string, peer: PortPeerSpec): void {
    const i = this.#instance(instance);
    if (i.peers.has(peer.address)) throw new Error(`peer ${peer.address} exists`);
    this.calls.push({ call: 'addPeer', instance, address: peer.address });
    i.peers.set(peer.address, { spec: peer, routes: [] });
  }

  removePeer(instance: string, address: string): void {
    this.calls.push({ call: 'removePeer', instance, address });
    this.#instance(instance).peers.delete(address);
  }

  setPeerRoutes(instance: string, address: string, routes: readonly RouteConfig[]): void {
    const i = this.#instance(instance);
    const p = i.peers.get(address);
    if (p === undefined) throw new Error(`no peer ${address}`);
    this.calls.push({ call: 'setPeerRoutes', instance, address, prefixes: routes.map((r) => r.prefix) });
    i.peers.set(address, { spec: p.spec, routes: [...routes] });
  }
}
