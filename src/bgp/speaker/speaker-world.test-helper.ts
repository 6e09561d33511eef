/**
 * Test harness: speakers on an in-memory network with a VirtualClock and a hand-driven delivery queue, so whole
 * BGP conversations (including a 9 s hold timer) run deterministically in milliseconds.
 */
import { VirtualClock } from '../../core/clock.js';
import type { Connection, ConnectOptions, ListenOptions } from '../../core/transport.js';
import { MemoryNetwork } from '../transport/memory-transport.js';
import type { BgpConnectExtra, BgpListener, BgpListenExtra, BgpTransport } from '../transport/types.js';
import type { PeerConfig, SpeakerConfig } from './config-types.js';
import type { SpeakerEvent } from './events.js';
import { Speaker } from './speaker.js';

/** Wraps a transport so a test can silence one host (its writes vanish, like a hung peer). */
export class MutableTransport implements BgpTransport {
  silent = false;
  private readonly open = new Set<Connection>();
  constructor(private readonly inner: BgpTransport) {}

  /** Aborts every connection of this host, as a crashing process would (no NOTIFICATION, a reset). */
  crash(): void {
    for (const c of this.open) c.destroy();
    this.open.clear();
  }

  private wrap(c: Connection): Connection {
    this.open.add(c);
    c.onClose(() => this.open.delete(c));
    const write = c.write.bind(c);
    c.write = (bytes: Uint8Array) => (this.silent ? true : write(bytes));
    return c;
  }

  async connect(options: ConnectOptions & BgpConnectExtra): Promise<Connection> {
    return this.wrap(await this.inner.connect(options));
  }

  listen(options: ListenOptions & BgpListenExtra, onConnection: (c: Connection) => void): Promise<BgpListener> {
    return this.inner.listen(options, (c) => onConnection(this.wrap(c)));
  }
}

export interface Host {
  readonly speaker: Speaker;
  readonly events: SpeakerEvent[];
  readonly transport: MutableTransport;
}

export class World {
  readonly clock = new VirtualClock();
  private readonly tasks: (() => void)[] = [];
  readonly network = new MemoryNetwork({ clock: this.clock, schedule: (t) => this.tasks.push(t) });

  host(address: string, config: SpeakerConfig): Host {
    const transport = new MutableTransport(this.network.transport(address));
    const events: SpeakerEvent[] = [];
    const speaker = new Speaker({ config, clock: this.clock, transport, onEvent: (e) => events.push(e) });
    return { speaker, events, transport };
  }

  /** Runs queued deliveries and promise callbacks until nothing is left (bounded). */
  async settle(): Promise<void> {
    for (let round = 0; round < 10_000; round++) {
      while (this.tasks.length > 0) this.tasks.shift()!();
      await new Promise((r) => setImmediate(r));
      if (this.tasks.length === 0) return;
    }
    throw new Error('World.settle: the network never went quiet');
  }

  /** Advances virtual time by `ms` in `stepMs` steps, settling the network at every step. */
  async run(ms: number, stepMs = 100): Promise<void> {
    await this.settle();
    for (let t = 0; t < ms; t += stepMs) {
      this.clock.advance(Math.min(stepMs, ms - t));
      await this.settle();
    }
  }
}

export function peer(address: string, asn: number, extra: Partial<PeerConfig> = {}): PeerConfig {
  return {
    address,
    port: 179,
    asn,
    passive: false,
    holdTimeSec: 9,
    keepaliveTimeSec: 3,
    connectRetrySec: 5,
    families: ['ipv6-unicast', 'ipv4-unicast'],
    ...extra,
  };
}

export function speakerConfig(
  asn: number,
  routerId: string,
  address: string,
  extra: Partial<SpeakerConfig> = {},
): SpeakerConfig {
  return {
    asn,
    routerId,
    listen: [{ address, port: 179 }],
    peers: [],
    listenRanges: [],
    routes: [],
    ...extra,
  };
}
