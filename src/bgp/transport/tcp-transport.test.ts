import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Connection, TransportError } from '../../core/transport.js';
import { LINUX } from './libc.js';
import { AF_INET, AF_INET6 } from './sockaddr.js';
import type { SocketConnection } from './socket-connection.js';
import { getIntOption, getMinTtl, getTtl, type SocketFamily, setMinTtl } from './socket-options.js';
import { type TcpListener, TcpTransport } from './tcp-transport.js';
import type { BgpConnectExtra, BgpListener, PassivePeer } from './types.js';

const transport = new TcpTransport();
const FAIL_TIMEOUT_MS = 400;
const open: { listeners: BgpListener[]; connections: Connection[] } = { listeners: [], connections: [] };

afterEach(async () => {
  for (const c of open.connections.splice(0)) c.destroy();
  for (const l of open.listeners.splice(0)) await l.close();
});

interface Server {
  listener: TcpListener;
  accepted: Connection[];
  nextAccepted(): Promise<Connection>;
}

async function listen(address: string, peers: PassivePeer[] = []): Promise<Server> {
  const accepted: Connection[] = [];
  const waiters: ((c: Connection) => void)[] = [];
  const listener = (await transport.listen({ address, port: 0, peers }, (c) => {
    accepted.push(c);
    open.connections.push(c);
    waiters.shift()?.(c);
  })) as TcpListener;
  open.listeners.push(listener);
  return {
    listener,
    accepted,
    nextAccepted: () =>
      accepted.length > 0 ? Promise.resolve(accepted[0]!) : new Promise<Connection>((r) => waiters.push(r)),
  };
}

async function connect(address: string, port: number, extra: BgpConnectExtra = {}, timeoutMs = 3000) {
  const c = await transport.connect({ remoteAddress: address, remotePort: port, timeoutMs, ...extra });
  open.connections.push(c);
  return c;
}

async function expectConnectError(promise: Promise<unknown>, code: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  expect((err as TransportError).code).toBe(code);
}

function receive(c: Connection, bytes: number): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const parts: number[] = [];
    c.onData((chunk) => {
      parts.push(...chunk);
      if (parts.length >= bytes) resolve(Uint8Array.from(parts));
    });
  });
}

function fdOf(c: Connection): number {
  const fd = (c as SocketConnection).fd;
  if (fd === undefined) throw new Error('no fd');
  return fd;
}

function countFds(): number {
  return readdirSync('/proc/self/fd').length;
}

const families: { name: string; loopback: string; family: SocketFamily; range: PassivePeer }[] = [
  { name: 'IPv6', loopback: '::1', family: AF_INET6, range: { address: '::', prefixLength: 64 } },
  { name: 'IPv4', loopback: '127.0.0.1', family: AF_INET, range: { address: '127.0.0.0', prefixLength: 8 } },
];

describe.each(families)('TcpTransport over $name loopback', ({ loopback, family, range }) => {
  it('connects with matching MD5 keys on both sides and carries bytes both ways', async () => {
    const server = await listen(loopback, [{ address: loopback, md5Key: 's3cret-key' }]);
    const client = await connect(loopback, server.listener.port, { md5Key: 's3cret-key' });
    const accepted = await server.nextAccepted();
    expect(accepted.remoteAddress).toBe(loopback);
    expect(accepted.remotePort).toBe(client.localPort);
    expect(client.remotePort).toBe(server.listener.port);
    const got = receive(accepted, 3);
    client.write(Uint8Array.of(1, 2, 3));
    expect([...(await got)]).toEqual([1, 2, 3]);
    const back = receive(client, 2);
    accepted.write(Uint8Array.of(9, 8));
    expect([...(await back)]).toEqual([9, 8]);
  });

  it('times out, with no connection accepted, when the keys differ', async () => {
    const server = await listen(loopback, [{ address: loopback, md5Key: 'right' }]);
    const started = performance.now();
    await expectConnectError(
      transport.connect({
        remoteAddress: loopback,
        remotePort: server.listener.port,
        timeoutMs: FAIL_TIMEOUT_MS,
        md5Key: 'wrong',
      }),
      'E_CONNECT_TIMEOUT',
    );
    // The connect gives up on its own timer: not earlier, and not much later.
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(FAIL_TIMEOUT_MS - 5);
    expect(elapsed).toBeLessThan(FAIL_TIMEOUT_MS + 500);
    expect(server.accepted).toHaveLength(0);
  });

  it('times out when only the listener has a key', async () => {
    const server = await listen(loopback, [{ address: loopback, md5Key: 'right' }]);
    await expectConnectError(
      transport.connect({ remoteAddress: loopback, remotePort: server.listener.port, timeoutMs: FAIL_TIMEOUT_MS }),
      'E_CONNECT_TIMEOUT',
    );
    expect(server.accepted).toHaveLength(0);
  });

  it('times out when only the connecting side has a key', async () => {
    const server = await listen(loopback);
    await expectConnectError(
      transport.connect({
        remoteAddress: loopback,
        remotePort: server.listener.port,
        timeoutMs: FAIL_TIMEOUT_MS,
        md5Key: 'lonely',
      }),
      'E_CONNECT_TIMEOUT',
    );
    expect(server.accepted).toHaveLength(0);
  });

  it('accepts a peer covered by a prefix key (listen range) and rejects a wrong key for it', async () => {
    const server = await listen(loopback, [{ ...range, md5Key: 'range-key' }]);
    await connect(loopback, server.listener.port, { md5Key: 'range-key' });
    await server.nextAccepted();
    await expectConnectError(
      transport.connect({
        remoteAddress: loopback,
        remotePort: server.listener.port,
        timeoutMs: FAIL_TIMEOUT_MS,
        md5Key: 'other',
      }),
      'E_CONNECT_TIMEOUT',
    );
    expect(server.accepted).toHaveLength(1);
  });

  it('adds and removes keys while listening', async () => {
    const server = await listen(loopback);
    server.listener.setPeer({ address: loopback, md5Key: 'added-later' });
    await connect(loopback, server.listener.port, { md5Key: 'added-later' });
    server.listener.removePeer(loopback);
    await expectConnectError(
      transport.connect({
        remoteAddress: loopback,
        remotePort: server.listener.port,
        timeoutMs: FAIL_TIMEOUT_MS,
        md5Key: 'added-later',
      }),
      'E_CONNECT_TIMEOUT',
    );
    await connect(loopback, server.listener.port);
    await expect.poll(() => server.accepted.length).toBe(2);
  });

  it('sets the TTL / hop limit on both sides (read back with getsockopt)', async () => {
    const server = await listen(loopback, [{ address: loopback, ttlSecurity: { mode: 'ttl', ttl: 1 } }]);
    const client = await connect(loopback, server.listener.port, { ttlSecurity: { mode: 'ttl', ttl: 3 } });
    const accepted = await server.nextAccepted();
    expect(getTtl(fdOf(client), family)).toBe(3);
    expect(getTtl(fdOf(accepted), family)).toBe(1);
  });

  it('leaves accepted sockets of peers without a TTL policy at the system default', async () => {
    const server = await listen(loopback);
    await connect(loopback, server.listener.port);
    const accepted = await server.nextAccepted();
    expect(getTtl(server.listener.fd, family)).toBe(255);
    expect(getTtl(fdOf(accepted), family)).toBeLessThan(255);
  });

  it('GTSM sends with 255 and sets the minimum TTL', async () => {
    const gtsm = { mode: 'gtsm', hops: 2 } as const;
    const server = await listen(loopback, [{ address: loopback, ttlSecurity: gtsm }]);
    const client = await connect(loopback, server.listener.port, { ttlSecurity: gtsm });
    const accepted = await server.nextAccepted();
    for (const c of [client, accepted]) {
      expect(getTtl(fdOf(c), family)).toBe(255);
      expect(getMinTtl(fdOf(c), family)).toBe(254);
    }
  });

  it('puts the TTL on the wire: a minimum-TTL listener drops SYNs sent with a lower TTL', async () => {
    const server = await listen(loopback);
    setMinTtl(server.listener.fd, family, 255, false);
    await expectConnectError(
      transport.connect({
        remoteAddress: loopback,
        remotePort: server.listener.port,
        timeoutMs: FAIL_TIMEOUT_MS,
        ttlSecurity: { mode: 'ttl', ttl: 254 },
      }),
      'E_CONNECT_TIMEOUT',
    );
    await connect(loopback, server.listener.port, { ttlSecurity: { mode: 'ttl', ttl: 255 } });
    await expect.poll(() => server.accepted.length).toBe(1);
  });

  it('reports a refused connection as E_CONNECT_REFUSED', async () => {
    const server = await listen(loopback);
    const port = server.listener.port;
    await server.listener.close();
    await expectConnectError(
      transport.connect({ remoteAddress: loopback, remotePort: port, timeoutMs: 2000 }),
      'E_CONNECT_REFUSED',
    );
  });

  it('binds to the requested local address', async () => {
    const server = await listen(loopback);
    const client = await connect(loopback, server.listener.port, {});
    const bound = await transport.connect({
      remoteAddress: loopback,
      remotePort: server.listener.port,
      localAddress: loopback,
      timeoutMs: 2000,
    });
    open.connections.push(bound);
    expect(bound.localAddress).toBe(loopback);
    expect(client.localAddress).toBe(loopback);
  });

  it('close() flushes and ends the stream; the other side sees the end', async () => {
    const server = await listen(loopback);
    const client = await connect(loopback, server.listener.port);
    const accepted = await server.nextAccepted();
    const got = receive(accepted, 4);
    const closedOnServer = new Promise<Error | undefined>((r) => accepted.onClose(r));
    client.write(Uint8Array.of(4, 3, 2, 1));
    client.close();
    expect([...(await got)]).toEqual([4, 3, 2, 1]);
    expect(await closedOnServer).toBeUndefined();
  });
});

describe('TcpTransport dual-stack listener', () => {
  it('accepts an IPv4 peer on :: with its MD5 key and TTL, reporting plain IPv4 addresses', async () => {
    const server = await listen('::', [
      { address: '127.0.0.1', md5Key: 'v4-on-v6', ttlSecurity: { mode: 'ttl', ttl: 2 } },
    ]);
    const client = await connect('127.0.0.1', server.listener.port, { md5Key: 'v4-on-v6' });
    const accepted = await server.nextAccepted();
    expect(accepted.remoteAddress).toBe('127.0.0.1');
    expect(client.localAddress).toBe('127.0.0.1');
    expect(getIntOption(fdOf(accepted), LINUX.IPPROTO_IP, LINUX.IP_TTL)).toBe(2);
    await expectConnectError(
      transport.connect({ remoteAddress: '127.0.0.1', remotePort: server.listener.port, timeoutMs: FAIL_TIMEOUT_MS }),
      'E_CONNECT_TIMEOUT',
    );
  });
});

describe('TcpTransport resources', () => {
  it('leaks no file descriptors over successful, refused, timed-out and rejected connects', async () => {
    // Warm up libc bindings and Node internals so their one-time descriptors are not counted.
    const warm = await listen('::1');
    await connect('::1', warm.listener.port);
    for (const c of open.connections.splice(0)) c.destroy();
    await warm.listener.close();
    open.listeners.splice(0);
    await new Promise((r) => setTimeout(r, 50));
    const before = countFds();
    for (let round = 0; round < 3; round++) {
      const server = await listen('::1', [{ address: '::1', md5Key: 'k' }]);
      await connect('::1', server.listener.port, { md5Key: 'k' });
      await server.nextAccepted();
      await expectConnectError(
        transport.connect({ remoteAddress: '::1', remotePort: server.listener.port, timeoutMs: 150, md5Key: 'x' }),
        'E_CONNECT_TIMEOUT',
      );
      await expectConnectError(
        transport.connect({ remoteAddress: '::1', remotePort: 1, timeoutMs: 1000 }),
        'E_CONNECT_REFUSED',
      );
      await expectConnectError(
        transport.connect({ remoteAddress: '::1', remotePort: server.listener.port, timeoutMs: 100, md5Key: '' }),
        'E_TRANSPORT_OPTION',
      );
      for (const c of open.connections.splice(0)) c.destroy();
      for (const l of open.listeners.splice(0)) await l.close();
    }
    await expect.poll(() => countFds(), { timeout: 2000 }).toBe(before);
  });

  it('reads SO_ERROR as 0 on a healthy connection', async () => {
    const server = await listen('::1');
    const client = await connect('::1', server.listener.port);
    expect(getIntOption(fdOf(client), LINUX.SOL_SOCKET, LINUX.SO_ERROR)).toBe(0);
  });
});
