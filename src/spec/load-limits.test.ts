import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSpecText } from './load.js';
import { MINI_SPEC_YAML } from './testing.js';
import {
  MAX_ALIAS_COUNT,
  MAX_COMPACT_SEQUENCE_DEPTH,
  MAX_FLOW_DEPTH,
  MAX_INDENT_COLUMNS,
  MAX_SPEC_CHARS,
} from './yaml-source.js';

const FILE = 'spec.yaml';

function codes(text: string): string[] {
  return loadSpecText(text, FILE).diagnostics.map((d) => d.code);
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

describe('loadSpecText: hostile and odd input never throws and never hangs', () => {
  it('an empty file is one E_SCHEMA_TYPE at 1:1', () => {
    const { diagnostics, spec } = loadSpecText('', FILE);
    expect(spec).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.source])).toEqual([['E_SCHEMA_TYPE', { file: FILE, line: 1, column: 1 }]]);
  });

  it('a comment-only file, a scalar and a JSON array are E_SCHEMA_TYPE at the root', () => {
    for (const text of ['# nothing\n', 'just text', '[1, 2, 3]', '42']) {
      const { diagnostics } = loadSpecText(text, FILE);
      expect(diagnostics.map((d) => [d.code, d.path])).toEqual([['E_SCHEMA_TYPE', []]]);
    }
  });

  it('binary garbage gives diagnostics, not a spec', () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const { diagnostics, spec } = loadSpecText(text, FILE);
    expect(spec).toBeUndefined();
    expect(diagnostics.length).toBeGreaterThan(0);
  });

  it('100 000 nested brackets: E_YAML_TOO_DEEP, quickly', () => {
    const { value, ms } = timed(() => codes(`a: ${'['.repeat(100_000)}`));
    expect(value).toEqual(['E_YAML_TOO_DEEP']);
    expect(ms).toBeLessThan(2000);
  });

  it(`nesting up to ${MAX_FLOW_DEPTH} levels is parsed normally (brackets inside quotes and comments do not count)`, () => {
    const deep = `${'['.repeat(MAX_FLOW_DEPTH)}${']'.repeat(MAX_FLOW_DEPTH)}`;
    expect(codes(deep)).toEqual(['E_SCHEMA_TYPE']);
    const quoted = `description: "${'['.repeat(500)}" # ${'{'.repeat(500)}\n`;
    expect(codes(quoted)).not.toContain('E_YAML_TOO_DEEP');
  });

  it('deep block nesting (a million "- " levels, or 100 000 indented keys) is E_YAML_TOO_DEEP, quickly', () => {
    const compact = timed(() => loadSpecText(`${'- '.repeat(1_000_000)}x\n`, FILE).diagnostics);
    expect(compact.value.map((d) => [d.code, d.source?.line])).toEqual([['E_YAML_TOO_DEEP', 1]]);
    expect(compact.ms).toBeLessThan(2000);
    const lines = ['a:'];
    for (let i = 1; i < 1000; i++) lines.push(`${' '.repeat(i)}k${i}:`);
    const indented = timed(() => loadSpecText(lines.join('\n'), FILE).diagnostics);
    expect(indented.value.map((d) => [d.code, d.source?.line])).toEqual([['E_YAML_TOO_DEEP', MAX_INDENT_COLUMNS + 2]]);
    expect(indented.ms).toBeLessThan(2000);
  });

  it('moderate block nesting is parsed normally', () => {
    expect(codes(`${'- '.repeat(MAX_COMPACT_SEQUENCE_DEPTH)}x\n`)).toEqual(['E_SCHEMA_TYPE']);
    const lines = ['a:'];
    for (let i = 1; i < 50; i++) lines.push(`${' '.repeat(i)}k${i}:`);
    const found = codes(lines.join('\n'));
    expect(found).not.toContain('E_YAML_TOO_DEEP');
    expect(found).toContain('E_SCHEMA_UNKNOWN_KEY');
  });

  it('an alias bomb is refused with E_YAML_ALIAS_LIMIT', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) {
      const prev = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const { value, ms } = timed(() => codes(lines.join('\n')));
    expect(value).toEqual(['E_YAML_ALIAS_LIMIT']);
    expect(ms).toBeLessThan(2000);
    expect(MAX_ALIAS_COUNT).toBeGreaterThan(0);
  });

  it('a few aliases for shared values are fine', () => {
    const text = MINI_SPEC_YAML.replace('  asn: 65500\n', '  asn: &asn 65500\n').replace(
      'upstream:\n  asn: 64999',
      'upstream:\n  asn: *asn',
    );
    const loaded = loadSpecText(text, FILE);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.spec?.upstream?.asn).toBe(65500);
  });

  it('a 10 MB file is refused with E_YAML_TOO_LARGE without parsing it', () => {
    const text = `description: "${'x'.repeat(10 * 1024 * 1024)}"\n`;
    expect(text.length).toBeGreaterThan(MAX_SPEC_CHARS);
    const { value, ms } = timed(() => codes(text));
    expect(value).toEqual(['E_YAML_TOO_LARGE']);
    expect(ms).toBeLessThan(1000);
  });

  it('a large flat map (30 000 keys) with a repeated key loads in bounded time', () => {
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) lines.push(`k${i}: ${i}`);
    lines.push('k5: again');
    const { value, ms } = timed(() => loadSpecText(lines.join('\n'), FILE).diagnostics);
    expect(value.filter((d) => d.code === 'E_YAML_DUPLICATE_KEY').map((d) => d.path)).toEqual([['k5']]);
    expect(ms).toBeLessThan(20_000);
  });

  it('multiple YAML documents are a syntax error', () => {
    expect(codes(`${MINI_SPEC_YAML}---\n${MINI_SPEC_YAML}`)).toContain('E_YAML_SYNTAX');
  });

  it('property: any text gives either a spec or at least one error, never an exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const loaded = loadSpecText(text, FILE);
        expect(loaded.spec !== undefined || loaded.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('property: mutating the valid spec (cut, duplicate or swap a line) never throws and locates every error', () => {
    const lines = MINI_SPEC_YAML.split('\n');
    fc.assert(
      fc.property(
        fc.nat(lines.length - 1),
        fc.nat(lines.length - 1),
        fc.constantFrom('cut', 'dup', 'swap'),
        (i, j, op) => {
          const copy = [...lines];
          if (op === 'cut') copy.splice(i, 1);
          else if (op === 'dup') copy.splice(i, 0, copy[j]!);
          else [copy[i], copy[j]] = [copy[j]!, copy[i]!];
          const loaded = loadSpecText(copy.join('\n'), FILE);
          for (const d of loaded.diagnostics) expect(d.source?.line).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
