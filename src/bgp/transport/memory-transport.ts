/**
 * An in-memory network implementing `BgpTransport`, for tests and the twin. Addresses are plain strings (compared
 * in canonical form); delivery is asynchronous and in order through an injected scheduler (queueMicrotask by
 * default); connect timeouts run on an injected Clock (use a VirtualClock for deterministic runs).
 *
 * It behaves like TCP where BGP cares:
 * - no listener → `E_CONNECT_REFUSED`;
 * - TCP-MD5 keys on both ends must match; a mismatch or a key on one side only drops the SYN: the connect never
 *   completes and ends with `E_CONNECT_TIMEOUT`, and the listener sees nothing;
 * - TTL: a packet crossing `hops` routers arrives with TTL - (hops - 1) and dies at 0, so a single-hop (TTL 1)
 *   session to a peer 2 hops away never connects; GTSM minimum TTLs are checked on both directions;
 * - `close()` delivers everything written, then the end; `destroy()` aborts (the peer sees E_CONNECTION_RESET);
 * - `setReachable(a, b, false)` cuts the path between two addresses: segments vanish silently in both directions
 *   (no FIN, no RST: hold timers have to notice) and new connects time out, until it is restored.
 */
import type { Clock } from '../../core/clock.js';
import { RealClock } from '../../core/clock.js';
import {
  type Connection,
  type ConnectOptions,
  type ListenOptions,
  TRANSPORT_ERROR_CODES,
  TransportError,
} from '../../core/transport.js';
import { PassivePeerTable } from './passive-peers.js';
import { parseSocketAddress } from './sockaddr.js';
import type { BgpConnectExtra, BgpListener, BgpListenExtra, BgpTransport, PassivePeer, TtlSecurity } from './types.js';

export interface MemoryNetworkOptions {
  /** Runs a delivery later, in FIFO order. Default: queueMicrotask. */
  readonly schedule?: (task: () => void) => void;
  /** Timer source for connect timeouts. Default: RealClock. */
  readonly clock?: Clock;
  /** Routers between two addresses plus one (1 = directly connected). Default: always 1. */
  readonly hops?: (from: string, to: string) => number;
}

function canonical(address: string): string {
  const parsed = parseSocketAddress(address);
  return (parsed.family === 6 ? (parsed.toIpv4Mapped() ?? parsed) : parsed).toString();
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function isWildcard(address: string): boolean {
  return address === '::' || address === '0.0.0.0';
}

/** TTL a side sends with and the minimum it accepts. */
function ttlOf(security: TtlSecurity | undefined): { send: number; min: number } {
  if (security === undefined) return { send: 64, min: 0 };
  if (security.mode === 'ttl') return { send: security.ttl, min: 0 };
  return { send: 255, min: 256 - security.hops };
}

/** RFC 2385 and RFC 5082 as the in-memory network applies them to one SYN / SYN-ACK exchange. */
function handshakePasses(
  clientKey: string | undefined,
  serverKey: string | undefined,
  client: { send: number; min: number },
  server: { send: number; min: number },
  hops: number,
): boolean {
  if (clientKey !== serverKey) return false;
  const arriving = (sent: number) => sent - (hops - 1);
  const synTtl = arriving(client.send);
  // The listener answers with 255 (as the TCP transport does); its accepted socket then applies `server.min`.
  const synAckTtl = arriving(255);
  return synTtl >= 1 && synTtl >= server.min && synAckTtl >= client.min && arriving(server.send) >= client.min;
}

class MemoryListener implements BgpListener {
  readonly peers = new PassivePeerTable();
  private closed = false;

  constructor(
    private readonly network: MemoryNetwork,
    readonly address: string,
    readonly port: number,
    readonly onConnection: (connection: Connection) => void,
  ) {}

  setPeer(peer: PassivePeer): void {
    this.peers.set(peer);
  }

  removePeer(address: string, prefixLength?: number): void {
    this.peers.delete(address, prefixLength);
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.network.unregister(this);
    }
    return Promise.resolve();
  }
}

class MemoryConnection implements Connection {
  peer: MemoryConnection | undefined;
  private dataCallbacks: ((chunk: Uint8Array) => void)[] = [];
  private readonly closeCallbacks: ((err?: Error) => void)[] = [];
  private pending: Uint8Array[] = [];
  private closeState: 'open' | 'ending' | 'closed' = 'open';
  private closeError: Error | undefined;

  constructor(
    private readonly network: MemoryNetwork,
    readonly localAddress: string,
    readonly localPort: number,
    readonly remoteAddress: string,
    readonly remotePort: number,
  ) {}

  private schedule(task: () => void): void {
    this.network.schedule(task);
  }

  write(bytes: Uint8Array): boolean {
    if (this.closeState !== 'open') return false;
    if (!this.network.isReachable(this.localAddress, this.remoteAddress)) return true; // lost on the way
    const copy = bytes.slice();
    const peer = this.peer;
    this.schedule(() => peer?.receive(copy));
    return true;
  }

  close(): void {
    if (this.closeState !== 'open') return;
    this.closeState = 'ending';
    const peer = this.peer;
    // The end travels behind the data already written; the peer then closes too (no half-open sessions).
    this.schedule(() => peer?.remoteEnded());
  }

  destroy(): void {
    if (this.closeState === 'closed') return;
    const peer = this.peer;
    this.finish(undefined);
    this.schedule(() =>
      peer?.finish(new TransportError(TRANSPORT_ERROR_CODES.connectionReset, 'connection reset by peer')),
    );
  }

  onData(callback: (chunk: Uint8Array) => void): void {
    this.dataCallbacks.push(callback);
    if (this.pending.length > 0) {
      const queued = this.pending;
      this.pending = [];
      this.schedule(() => {
        for (const chunk of queued) this.receive(chunk);
      });
    }
  }

  onClose(callback: (err?: Error) => void): void {
    if (this.closeState === 'closed') {
      const err = this.closeError;
      this.schedule(() => callback(err));
      return;
    }
    this.closeCallbacks.push(callback);
  }

  onDrain(_callback: () => void): void {
    // write() never reports back-pressure, so drain never needs to fire.
  }

  private receive(chunk: Uint8Array): void {
    if (this.closeState === 'closed') return;
    if (this.dataCallbacks.length === 0) {
      this.pending.push(chunk);
      return;
    }
    for (const cb of this.dataCallbacks) cb(chunk);
  }

  private remoteEnded(): void {
    if (this.closeState === 'closed') return;
    if (this.closeState === 'open') {
      // Like a Node socket without allowHalfOpen: answer the FIN with ours, after our queued data.
      this.closeState = 'ending';
      const peer = this.peer;
      this.schedule(() => peer?.finish(undefined));
    }
    this.finish(undefined);
  }

  finish(err: Error | undefined): void {
    if (this.closeState === 'closed') return;
    this.closeState = 'closed';
    this.closeError = err;
    for (const cb of this.closeCallbacks.splice(0)) cb(err);
  }
}

/** A shared in-memory IP network. Each host gets a transport with `transport(localAddress)`. */
export class MemoryNetwork {
  private readonly listeners = new Map<string, MemoryListener>();
  private nextEphemeralPort = 49152;
  readonly schedule: (task: () => void) => void;
  readonly clock: Clock;
  private readonly hops: (from: string, to: string) => number;
  private readonly cut = new Set<string>();

  constructor(options: MemoryNetworkOptions = {}) {
    this.schedule = options.schedule ?? queueMicrotask;
    this.clock = options.clock ?? new RealClock();
    this.hops = options.hops ?? (() => 1);
  }

  /** A transport whose connections originate from `localAddress` unless a connect names another. */
  transport(localAddress: string): MemoryTransport {
    return new MemoryTransport(this, canonical(localAddress));
  }

  /** Cuts (false) or restores (true) the path between two addresses, in both directions. */
  setReachable(a: string, b: string, reachable: boolean): void {
    const key = pairKey(canonical(a), canonical(b));
    if (reachable) this.cut.delete(key);
    else this.cut.add(key);
  }

  isReachable(a: string, b: string): boolean {
    return this.cut.size === 0 || !this.cut.has(pairKey(a, b));
  }

  register(listener: MemoryListener): void {
    const key = `${listener.address}|${listener.port}`;
    if (this.listeners.has(key)) {
      throw new TransportError(TRANSPORT_ERROR_CODES.listenFailed, `address in use: ${listener.address}`);
    }
    this.listeners.set(key, listener);
  }

  unregister(listener: MemoryListener): void {
    this.listeners.delete(`${listener.address}|${listener.port}`);
  }

  allocatePort(): number {
    const port = this.nextEphemeralPort;
    this.nextEphemeralPort = port >= 65535 ? 49152 : port + 1;
    return port;
  }

  findListener(address: string, port: number): MemoryListener | undefined {
    const exact = this.listeners.get(`${address}|${port}`);
    if (exact !== undefined) return exact;
    const v4 = !address.includes(':');
    return this.listeners.get(`::|${port}`) ?? (v4 ? this.listeners.get(`0.0.0.0|${port}`) : undefined);
  }

  connect(localAddress: string, options: ConnectOptions & BgpConnectExtra): Promise<Connection> {
    const remote = canonical(options.remoteAddress);
    const local = options.localAddress === undefined ? localAddress : canonical(options.localAddress);
    return new Promise<Connection>((resolve, reject) => {
      this.schedule(() => {
        const listener = this.findListener(remote, options.remotePort);
        if (listener === undefined) {
          reject(new TransportError(TRANSPORT_ERROR_CODES.connectRefused, `connection refused by ${remote}`));
          return;
        }
        const peer = listener.peers.match(local);
        const passes =
          this.isReachable(local, remote) &&
          handshakePasses(
            options.md5Key,
            peer?.md5Key,
            ttlOf(options.ttlSecurity),
            ttlOf(peer?.ttlSecurity),
            Math.max(1, this.hops(local, remote)),
          );
        if (!passes) {
          // Dropped SYNs: nothing happens until the connect gives up.
          this.clock.setTimer(options.timeoutMs, () =>
            reject(new TransportError(TRANSPORT_ERROR_CODES.connectTimeout, `no connection to ${remote}`)),
          );
          return;
        }
        const localPort = options.localPort ?? this.allocatePort();
        const client = new MemoryConnection(this, local, localPort, remote, options.remotePort);
        const server = new MemoryConnection(this, remote, options.remotePort, local, localPort);
        client.peer = server;
        server.peer = client;
        listener.onConnection(server);
        resolve(client);
      });
    });
  }
}

export class MemoryTransport implements BgpTransport {
  constructor(
    private readonly network: MemoryNetwork,
    readonly localAddress: string,
  ) {}

  connect(options: ConnectOptions & BgpConnectExtra): Promise<Connection> {
    return this.network.connect(this.localAddress, options);
  }

  listen(
    options: ListenOptions & BgpListenExtra,
    onConnection: (connection: Connection) => void,
  ): Promise<BgpListener> {
    try {
      const address = isWildcard(options.address) ? options.address : canonical(options.address);
      const port = options.port === 0 ? this.network.allocatePort() : options.port;
      const listener = new MemoryListener(this.network, address, port, onConnection);
      for (const peer of options.peers ?? []) listener.setPeer(peer);
      this.network.register(listener);
      return Promise.resolve(listener);
    } catch (err) {
      return Promise.reject(err);
    }
  }
}
