import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../core/clock.js';
import type { Connection, TransportError } from '../../core/transport.js';
import { MemoryNetwork } from './memory-transport.js';
import type { PassivePeer } from './types.js';

/** A network on a virtual clock with a manual FIFO scheduler, so tests decide when deliveries happen. */
function setup(hops?: (from: string, to: string) => number) {
  const clock = new VirtualClock();
  const queue: (() => void)[] = [];
  const network = new MemoryNetwork({ clock, schedule: (t) => queue.push(t), ...(hops ? { hops } : {}) });
  const run = async () => {
    for (let i = 0; i < 10_000 && queue.length > 0; i++) {
      queue.shift()!();
      await Promise.resolve();
    }
    await Promise.resolve();
  };
  return { clock, network, run, queue };
}

async function listenOn(network: MemoryNetwork, address: string, peers: PassivePeer[] = []) {
  const accepted: Connection[] = [];
  const listener = await network.transport(address).listen({ address, port: 179, peers }, (c) => accepted.push(c));
  return { listener, accepted };
}

function outcome(p: Promise<Connection>) {
  const box: { connection?: Connection; error?: unknown } = {};
  p.then(
    (c) => {
      box.connection = c;
    },
    (e: unknown) => {
      box.error = e;
    },
  );
  return box;
}

const A = '2001:db8::a';
const B = '2001:db8::b';

describe('MemoryNetwork', () => {
  it('connects with matching MD5 keys and delivers bytes asynchronously and in order', async () => {
    const { network, run } = setup();
    const { accepted } = await listenOn(network, B, [{ address: A, md5Key: 'pw' }]);
    const box = outcome(
      network.transport(A).connect({ remoteAddress: B, remotePort: 179, timeoutMs: 1000, md5Key: 'pw' }),
    );
    await run();
    const client = box.connection!;
    expect(client.remoteAddress).toBe(B);
    expect(accepted).toHaveLength(1);
    const server = accepted[0]!;
    expect(server.remoteAddress).toBe(A);
    expect(server.remotePort).toBe(client.localPort);
    const got: number[] = [];
    server.onData((c) => got.push(...c));
    client.write(Uint8Array.of(1));
    client.write(Uint8Array.of(2, 3));
    expect(got).toEqual([]); // not synchronous
    await run();
    expect(got).toEqual([1, 2, 3]);
  });

  it.each([
    ['different keys', 'a', 'b'],
    ['key on the listener only', undefined, 'b'],
    ['key on the connecting side only', 'a', undefined],
  ])('never completes with %s: connect times out, nothing is accepted', async (_name, clientKey, serverKey) => {
    const { network, run, clock } = setup();
    const { accepted } = await listenOn(network, B, [{ address: A, ...(serverKey ? { md5Key: serverKey } : {}) }]);
    const box = outcome(
      network
        .transport(A)
        .connect({ remoteAddress: B, remotePort: 179, timeoutMs: 5000, ...(clientKey ? { md5Key: clientKey } : {}) }),
    );
    await run();
    clock.advance(4999);
    await run();
    expect(box.error).toBeUndefined();
    expect(box.connection).toBeUndefined();
    clock.advance(1);
    await run();
    expect((box.error as TransportError).code).toBe('E_CONNECT_TIMEOUT');
    expect(accepted).toHaveLength(0);
  });

  it('refuses when nobody listens, and applies a prefix key (listen range)', async () => {
    const { network, run } = setup();
    const refused = outcome(network.transport(A).connect({ remoteAddress: B, remotePort: 179, timeoutMs: 10 }));
    await run();
    expect((refused.error as TransportError).code).toBe('E_CONNECT_REFUSED');
    const { accepted } = await listenOn(network, B, [{ address: '2001:db8::', prefixLength: 64, md5Key: 'range' }]);
    const ok = outcome(
      network.transport(A).connect({ remoteAddress: B, remotePort: 179, timeoutMs: 10, md5Key: 'range' }),
    );
    await run();
    expect(ok.connection).toBeDefined();
    expect(accepted).toHaveLength(1);
  });

  it('lets a TTL 1 session reach only a directly connected peer; multihop and GTSM follow the hop count', async () => {
    const { network, run } = setup(() => 2);
    await listenOn(network, B, [{ address: A }]);
    const connect = (ttlSecurity: { mode: 'ttl'; ttl: number } | { mode: 'gtsm'; hops: number }) =>
      outcome(network.transport(A).connect({ remoteAddress: B, remotePort: 179, timeoutMs: 10, ttlSecurity }));
    const single = connect({ mode: 'ttl', ttl: 1 });
    const multihop = connect({ mode: 'ttl', ttl: 2 });
    await run();
    expect(single.connection).toBeUndefined();
    expect(multihop.connection).toBeDefined();
    // GTSM on the listener side for this peer, allowing 1 hop: a peer 2 hops away is dropped.
    const gtsm = setup(() => 2);
    await listenOn(gtsm.network, B, [{ address: A, ttlSecurity: { mode: 'gtsm', hops: 1 } }]);
    const tooFar = outcome(
      gtsm.network
        .transport(A)
        .connect({ remoteAddress: B, remotePort: 179, timeoutMs: 10, ttlSecurity: { mode: 'gtsm', hops: 1 } }),
    );
    await gtsm.run();
    expect(tooFar.connection).toBeUndefined();
  });

  it('close() delivers queued data before the end; both sides see onClose without error', async () => {
    const { network, run } = setup();
    const { accepted } = await listenOn(network, B);
    const box = outcome(network.transport(A).connect({ remoteAddress: B, remotePort: 179, timeoutMs: 10 }));
    await run();
    const client = box.connection!;
    const server = accepted[0]!;
    const events: string[] = [];
    server.onData((c) => events.push(`data:${[...c].join(',')}`));
    server.onClose((err) => events.push(`server-close:${err === undefined ? 'ok' : 'err'}`));
    client.onClose((err) => events.push(`client-close:${err === undefined ? 'ok' : 'err'}`));
    client.write(Uint8Array.of(7, 7));
    client.close();
    expect(client.write(Uint8Array.of(1))).toBe(false);
    await run();
    expect(events).toEqual(['data:7,7', 'server-close:ok', 'client-close:ok']);
  });

  it('destroy() resets the peer', async () => {
    const { network, run } = setup();
    const { accepted } = await listenOn(network, B);
    const box = outcome(network.transport(A).connect({ remoteAddress: B, remotePort: 179, timeoutMs: 10 }));
    await run();
    let serverErr: unknown = 'not closed';
    accepted[0]!.onClose((err) => {
      serverErr = err;
    });
    box.connection!.destroy();
    await run();
    expect((serverErr as TransportError).code).toBe('E_CONNECTION_RESET');
  });

  it('keeps data that arrives before onData is registered', async () => {
    const { network, run } = setup();
    const { accepted } = await listenOn(network, B);
    const box = outcome(network.transport(A).connect({ remoteAddress: B, remotePort: 179, timeoutMs: 10 }));
    await run();
    box.connection!.write(Uint8Array.of(5));
    await run();
    const got: number[] = [];
    accepted[0]!.onData((c) => got.push(...c));
    await run();
    expect(got).toEqual([5]);
  });

  it('rejects a second listener on the same address and port', async () => {
    const { network } = setup();
    await listenOn(network, B);
    const err = await listenOn(network, B).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as TransportError).code).toBe('E_LISTEN_FAILED');
  });

  it('a cut path loses segments silently and makes new connects time out, until restored', async () => {
    const { network, run, clock } = setup();
    const { accepted } = await listenOn(network, B);
    const box = outcome(network.transport(A).connect({ remoteAddress: B, remotePort: 179, timeoutMs: 100 }));
    await run();
    const client = box.connection!;
    const got: number[] = [];
    let closed = false;
    accepted[0]!.onData((c) => got.push(...c));
    accepted[0]!.onClose(() => {
      closed = true;
    });
    network.setReachable(B, A, false);
    client.write(Uint8Array.of(1));
    const again = outcome(network.transport(A).connect({ remoteAddress: B, remotePort: 179, timeoutMs: 100 }));
    await run();
    clock.advance(100);
    await run();
    expect(got).toEqual([]);
    expect(closed).toBe(false);
    expect((again.error as TransportError).code).toBe('E_CONNECT_TIMEOUT');
    network.setReachable(A, B, true);
    client.write(Uint8Array.of(2));
    await run();
    expect(got).toEqual([2]);
  });

  it('works with the default microtask scheduler', async () => {
    const network = new MemoryNetwork({ clock: new VirtualClock() });
    const accepted: Connection[] = [];
    await network.transport(B).listen({ address: '::', port: 179 }, (c) => accepted.push(c));
    const client = await network.transport(A).connect({ remoteAddress: B, remotePort: 179, timeoutMs: 10 });
    const got = new Promise<number[]>((resolve) => accepted[0]!.onData((c) => resolve([...c])));
    client.write(Uint8Array.of(42));
    expect(await got).toEqual([42]);
  });
});
