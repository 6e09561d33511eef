/**
 * Helper process for md5-frr.test.ts, run inside the test's network namespace (`ip netns exec`). Not a test.
 *   connect <remote> <port> <local> <key|''> <timeoutMs>   → {connected, code?, firstBytes?}
 *   listen <address> <port> <prefix/len> <key|''> <waitMs>  → {accepted, remoteAddress?, firstBytes?}
 * Prints one JSON line.
 */
import { TcpTransport } from '../../src/bgp/transport/tcp-transport.js';
import { type Connection, TransportError } from '../../src/core/transport.js';

const [mode = '', a = '', b = '179', c = '', key = '', wait = '3000'] = process.argv.slice(2);
const transport = new TcpTransport();

function firstChunk(connection: Connection): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(''), 5000);
    connection.onData((chunk) => {
      clearTimeout(timer);
      resolve(Buffer.from(chunk.subarray(0, 19)).toString('hex'));
    });
    connection.onClose(() => resolve(''));
  });
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function connectMode(): Promise<void> {
  try {
    const connection = await transport.connect({
      remoteAddress: a,
      remotePort: Number(b),
      localAddress: c,
      timeoutMs: Number(wait),
      ...(key === '' ? {} : { md5Key: key }),
    });
    const firstBytes = await firstChunk(connection);
    connection.destroy();
    print({ connected: true, firstBytes });
  } catch (err) {
    print({ connected: false, code: err instanceof TransportError ? err.code : 'UNEXPECTED' });
  }
}

async function listenMode(): Promise<void> {
  const [prefix = '', length = '128'] = c.split('/');
  const accepted = new Promise<Connection>((resolve) => {
    void transport
      .listen(
        {
          address: a,
          port: Number(b),
          peers: [{ address: prefix, prefixLength: Number(length), ...(key === '' ? {} : { md5Key: key }) }],
        },
        resolve,
      )
      .then((listener) => setTimeout(() => void listener.close(), Number(wait)).unref());
  });
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), Number(wait)));
  const connection = await Promise.race([accepted, timeout]);
  if (connection === undefined) {
    print({ accepted: false });
    process.exit(0);
  }
  const firstBytes = await firstChunk(connection);
  connection.destroy();
  print({ accepted: true, remoteAddress: connection.remoteAddress, firstBytes });
  process.exit(0);
}

await (mode === 'listen' ? listenMode() : connectMode());
