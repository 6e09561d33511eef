/**
 * The benchmark's BGP sender: one eBGP session to a receiver, then the pre-encoded table (a file of concatenated
 * UPDATE messages) written as fast as the TCP socket takes it, then End-of-RIB. Identical for every receiver.
 * Prints JSON lines: {"event":"established"}, {"event":"sent","firstWriteMs","lastWriteMs","bytes"}.
 *
 *   node --import tsx bench/rib/sender.ts --connect ADDR --local ADDR --asn N --peer-asn N --router-id ID --table FILE
 * Stops by itself after --lifetime-sec (default 900) or on SIGTERM; exits 1 on a NOTIFICATION or a closed socket.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { BgpFramer } from '../../src/bgp/wire/framer.js';
import { encodeEndOfRib, encodeKeepalive, encodeOpen } from '../../src/bgp/speaker/wire-adapter.js';

const { values } = parseArgs({
  options: {
    connect: { type: 'string' },
    port: { type: 'string', default: '179' },
    local: { type: 'string' },
    asn: { type: 'string' },
    'router-id': { type: 'string' },
    table: { type: 'string' },
    'lifetime-sec': { type: 'string', default: '900' },
  },
});
const table = readFileSync(values.table!);
const say = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const ctx = { fourOctetAs: true, extendedMessage: false };
const CHUNK = 256 * 1024;

const socket = connect({ host: values.connect!, port: Number(values.port), localAddress: values.local! });
socket.setNoDelay(true);
const framer = new BgpFramer();
let gotOpen = false;
let established = false;
const life = setTimeout(() => process.exit(0), Number(values['lifetime-sec']) * 1000);
life.unref();
process.on('SIGTERM', () => process.exit(0));

socket.on('connect', () => {
  socket.write(
    encodeOpen({
      asn: Number(values.asn),
      routerId: values['router-id']!,
      holdTimeSec: 240,
      families: ['ipv6-unicast'],
    }),
  );
});

socket.on('data', (chunk: Buffer) => {
  for (const m of framer.push(chunk)) {
    const type = m[18];
    if (type === 1) {
      gotOpen = true;
      socket.write(encodeKeepalive());
    } else if (type === 3) {
      say({ event: 'notification', code: m[19], subcode: m[20] });
      process.exit(1);
    } else if (type === 4 && gotOpen && !established) {
      established = true;
      say({ event: 'established' });
      void sendTable();
    }
  }
});
socket.on('close', () => {
  say({ event: 'closed' });
  process.exit(1);
});
socket.on('error', (e) => {
  say({ event: 'error', message: e.message });
  process.exit(1);
});

async function sendTable(): Promise<void> {
  const firstWriteMs = Date.now();
  for (let o = 0; o < table.length; o += CHUNK) {
    if (!socket.write(table.subarray(o, Math.min(table.length, o + CHUNK))))
      await new Promise<void>((resolve) => socket.once('drain', () => resolve()));
  }
  const lastWriteMs = Date.now();
  socket.write(encodeEndOfRib('ipv6-unicast', ctx));
  say({ event: 'sent', firstWriteMs, lastWriteMs, bytes: table.length });
  setInterval(() => socket.write(encodeKeepalive()), 30_000).unref();
}
