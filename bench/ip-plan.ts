/**
 * Micro-benchmarks of src/ip on the planning hot path: text parse/format, tryParse failures, first-free
 * allocation and the prefix trie. Run: `npx tsx bench/ip-plan.ts` (writes bench/results/ip-plan.json), then
 * `npx tsx bench/report.ts`.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Ipv6Address, Ipv6Prefix, PrefixAllocator, PrefixTrie } from '../src/ip/index.js';

/** Run `fn` `n` times after a warm-up; returns microseconds per call (best of 3 rounds). */
function perCallUs(n: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(n, 1000); i++) fn(i);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    best = Math.min(best, ((performance.now() - t0) * 1000) / n);
  }
  return best;
}

const texts = ['2001:db8::1', '2a0e:97c0:ae3:1::ff', 'fe80::1:2:3:4', '::ffff:192.0.2.1', '2001:DB8:0:0:1:0:0:1'];
const addr = Ipv6Address.parse('2001:db8:0:1:0:0:0:1');
const site = Ipv6Prefix.parse('2a0e:97c0:ae3::/48');

const metrics: Record<string, number> = {
  'Ipv6Address.parse (µs)': perCallUs(100_000, (i) => Ipv6Address.parse(texts[i % texts.length]!)),
  'Ipv6Address.tryParse, invalid (µs)': perCallUs(100_000, () => Ipv6Address.tryParse('2001:db8::1::2')),
  'Ipv6Address.toString (µs)': perCallUs(100_000, () => addr.toString()),
  'Ipv6Prefix.parse (µs)': perCallUs(100_000, () => Ipv6Prefix.parse('2001:db8:1::/48')),
  'Ipv6Prefix.contains(address) (µs)': perCallUs(100_000, () => site.contains(addr)),
  'allocate 1000 x /64 from a /48 (ms)':
    perCallUs(20, () => {
      const a = new PrefixAllocator(site);
      for (let i = 0; i < 1000; i++) a.allocate(64);
    }) / 1000,
  'allocate 1000 mixed /56../64 from a /48 (ms)':
    perCallUs(10, () => {
      const a = new PrefixAllocator(site);
      for (let i = 0; i < 1000; i++) a.allocate(56 + (i % 9));
    }) / 1000,
};

const trie = new PrefixTrie<number>(6);
const nets = Array.from({ length: 10_000 }, (_, i) => site.subnet(i * 6 + 1, 64));
metrics['PrefixTrie.set, 10,000 /64 (ms)'] =
  perCallUs(3, () => {
    trie.clear();
    for (const [i, p] of nets.entries()) trie.set(p, i);
  }) / 1000;
const probes = nets.map((p) => p.nth(7));
metrics['PrefixTrie.longestMatch over 10,000 /64 (µs)'] = perCallUs(100_000, (i) =>
  trie.longestMatch(probes[i % 10_000]!),
);

const result = {
  name: 'ip: parse, format, allocation, trie',
  date: new Date().toISOString(),
  node: process.versions.node,
  machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'} (shared)`,
  metrics,
  notes: ['Best of 3 rounds after warm-up; the machine is shared, so figures are upper bounds.'],
};
writeFileSync(join(import.meta.dirname, 'results', 'ip-plan.json'), `${JSON.stringify(result, null, 2)}\n`);
for (const [k, v] of Object.entries(metrics)) console.log(`${k.padEnd(48)} ${v.toFixed(3)}`);
