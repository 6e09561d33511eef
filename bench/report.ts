/**
 * Builds bench/RESULTS.md from the JSON files every benchmark writes into bench/results/. Run after any benchmark:
 *   npx tsx bench/report.ts
 * Each result file: { name, date, node, machine?, metrics: { key: number }, notes?: string[] }.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface BenchResult {
  readonly name: string;
  readonly date: string;
  readonly node?: string;
  readonly machine?: string;
  readonly metrics: Record<string, number | string>;
  readonly notes?: readonly string[];
}

const dir = join(import.meta.dirname, 'results');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const out: string[] = [
  '# Benchmark results',
  '',
  'Written by `bench/report.ts` from `bench/results/*.json`; each benchmark script writes its own JSON file.',
  'Do not edit by hand: re-run the benchmark, then `npx tsx bench/report.ts`.',
  '',
];
for (const f of files) {
  const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as BenchResult;
  out.push(`## ${r.name}`, '');
  out.push(`Run ${r.date}${r.node ? ` on Node ${r.node}` : ''}${r.machine ? `, ${r.machine}` : ''} (\`${f}\`).`, '');
  out.push('| metric | value |', '|---|---|');
  for (const [k, v] of Object.entries(r.metrics))
    out.push(`| ${k} | ${typeof v === 'number' ? Number(v.toFixed(3)) : v} |`);
  out.push('');
  for (const n of r.notes ?? []) out.push(`- ${n}`);
  if ((r.notes ?? []).length > 0) out.push('');
}
writeFileSync(join(import.meta.dirname, 'RESULTS.md'), out.join('\n'));
console.log(`bench/RESULTS.md: ${files.length} result file(s)`);
