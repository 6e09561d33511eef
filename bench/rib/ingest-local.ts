/**
 * In-process ingest of the synthetic table into the RIB (framer → scanner → Loc-RIB), no sockets: a quick loop for
 * profiling the hot path (`node --cpu-prof --import tsx bench/rib/ingest-local.ts 1000000`). Not a substitute for
 * bench/rib-ingest.ts, which measures the real speaker against real daemons. A second argument writes a heap snapshot
 * there after the ingest.
 */
import { writeHeapSnapshot } from 'node:v8';
import { BgpFramer } from '../../src/bgp/wire/framer.js';
import { SpeakerRib } from '../../src/bgp/speaker/speaker-rib.js';
import { IngestSink } from '../../src/bgp/speaker/speaker-rib.js';
import { VirtualClock } from '../../src/core/clock.js';
import { generateTable } from './table.js';

const count = Number(process.argv[2] ?? 250_000);
const table = generateTable(count, 65010, '2001:db8:0:1::1');
const rib = new SpeakerRib({ clock: new VirtualClock(), localAsn: 65000, routerIdU32: 0xc0000202, emit: () => {} });
const p = rib.peer('2001:db8:0:1::1', { asn: 65010 } as never);
const ctx = { fourOctetAs: true, extendedMessage: false };
const framer = new BgpFramer();
const sink = new IngestSink(p, new Set([2]));
global.gc?.();
const before = process.memoryUsage();
const t0 = performance.now();
const CHUNK = 64 * 1024;
for (let o = 0; o < table.stream.length; o += CHUNK) {
  for (const m of framer.push(table.stream.subarray(o, Math.min(table.stream.length, o + CHUNK)))) {
    rib.ingest(m, ctx, sink);
  }
}
const ms = performance.now() - t0;
global.gc?.();
const after = process.memoryUsage();
console.log(
  JSON.stringify({
    prefixes: rib.rib.locRib.size,
    sets: rib.rib.interner.size,
    ms: Math.round(ms),
    heapMiB: +((after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 1048576).toFixed(1),
    rssMiB: +(after.rss / 1048576).toFixed(1),
    bytesPerPrefix: Math.round(
      (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / rib.rib.locRib.size,
    ),
  }),
);
if (process.argv[3] !== undefined) writeHeapSnapshot(process.argv[3]);
