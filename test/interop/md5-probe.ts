/**
 * Helper process for md5-frr.test.ts: runs inside the test's network namespace (`ip netns exec`), connects with
 * the TCP transport and prints one JSON line: {connected, code?, firstBytes?}. Not a test itself.
 */
import { TransportError } from '../../src/core/transport.js';
import { TcpTransport } from '../../src/bgp/transport/tcp-transport.js';

const [remoteAddress = '', port = '179', localAddress = '', key = '', timeout = '3000'] = process.argv.slice(2);

async function main(): Promise<void> {
  try {
    const connection = await new TcpTransport().connect({
      remoteAddress,
      remotePort: Number(port),
      localAddress,
      timeoutMs: Number(timeout),
      ...(key === '' ? {} : { md5Key: key }),
    });
    const first = await new Promise<Uint8Array | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 5000);
      connection.onData((chunk) => {
        clearTimeout(timer);
        resolve(chunk);
      });
      connection.onClose(() => resolve(undefined));
    });
    connection.destroy();
    const firstBytes = first === undefined ? '' : Buffer.from(first.subarray(0, 19)).toString('hex');
    process.stdout.write(`${JSON.stringify({ connected: true, firstBytes })}\n`);
  } catch (err) {
    const code = err instanceof TransportError ? err.code : 'UNEXPECTED';
    process.stdout.write(`${JSON.stringify({ connected: false, code })}\n`);
  }
}

await main();
