/**
 * Data-driven test of `v6net check` over broken specs: every `test/fixtures/spec/*.yaml` states its expected
 * findings in header comments (`# expect: code@line`). Each fixture is loaded, planned and checked; every expected
 * code must be reported at its line (as often as it is listed), and no error or warning may appear that is not
 * expected. Infos are only asserted when listed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSpecText } from '../src/check/index.js';

const dir = resolve(import.meta.dirname, 'fixtures', 'spec');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function expectations(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^# expect: (\S+@\d+)\s*$/gm)) out.push(m[1]!);
  return out.sort();
}

describe('check fixtures', () => {
  it('has at least 30 broken specs, each with expectations', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    for (const f of fixtures) expect(expectations(readFileSync(join(dir, f), 'utf8')), f).not.toEqual([]);
  });

  it.each(fixtures)('%s', (name) => {
    const text = readFileSync(join(dir, name), 'utf8');
    const expected = expectations(text);
    const { diagnostics } = checkSpecText(text, name);
    const key = (d: (typeof diagnostics)[number]) => `${d.code}@${d.source?.line ?? '?'}`;
    const found = diagnostics.map(key);
    // Every expectation, with multiplicity.
    const remaining = [...found];
    for (const e of expected) {
      const at = remaining.indexOf(e);
      expect(at, `${name}: expected ${e}, found ${found.join(', ') || 'nothing'}`).toBeGreaterThanOrEqual(0);
      remaining.splice(at, 1);
    }
    // Nothing serious that was not expected.
    const unexpected = diagnostics.filter((d) => d.severity !== 'info' && !expected.includes(key(d))).map(key);
    expect(unexpected, `${name}: unexpected findings`).toEqual([]);
    // Every diagnostic of a fixture points into it.
    for (const d of diagnostics) expect(d.source?.file ?? name).toBe(name);
  });
});
