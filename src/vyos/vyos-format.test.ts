import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVyosBoot } from './boot-parser.js';
import { formatVyosBoot } from './boot-printer.js';
import { compareLexicalNumeric } from './canonical-order.js';
import { detectVyosFormat, parseVyosConfig } from './parse-any.js';
import { parseVyosSet } from './set-parser.js';
import { formatVyosSet } from './set-printer.js';
import { toPlain, VyosTree } from './tree.js';

const fixtures = resolve(import.meta.dirname, '../../test/fixtures/vyos');
const read = (name: string): string => readFileSync(resolve(fixtures, name), 'utf8');
const r01Set = read('r01.set');
const r01Boot = read('r01.boot');

describe('canonical order (lexical-numeric)', () => {
  it('compares digit runs as numbers and the rest bytewise', () => {
    const names = ['eth10', 'bogon-v4', 'eth2', 'IX-out-v4', 'rule', '100', '20', 'eth1'];
    expect([...names].sort(compareLexicalNumeric)).toEqual([
      '20',
      '100',
      'IX-out-v4',
      'bogon-v4',
      'eth1',
      'eth2',
      'eth10',
      'rule',
    ]);
    expect(compareLexicalNumeric('2a0e:97c0:ae0:102::1', '2a0e:97c0:ae0:102::1')).toBe(0);
    expect(compareLexicalNumeric('ab', 'abc')).toBeLessThan(0);
  });
});

describe('set format', () => {
  it('parse → print is byte-identical for canonical input', () => {
    const { tree, diagnostics } = parseVyosSet(r01Set, { file: 'r01.set' });
    expect(diagnostics).toEqual([]);
    expect(formatVyosSet(tree)).toBe(r01Set);
  });

  it('a messy hand-written file parses to the same tree', () => {
    const messy = parseVyosSet(read('r01-messy.set'), { file: 'r01-messy.set' });
    const canonical = parseVyosSet(r01Set);
    expect(messy.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(toPlain(messy.tree.root)).toEqual(toPlain(canonical.tree.root));
    expect(formatVyosSet(messy.tree)).toBe(r01Set);
  });

  it('keeps source positions of nodes and values', () => {
    const { tree } = parseVyosSet(r01Set, { file: 'r01.set' });
    expect(tree.get(['protocols', 'bgp', 'neighbor', '2a0e:97c0:ae0:102::1'])?.source).toEqual({
      file: 'r01.set',
      line: 11,
      column: 28,
    });
    expect(tree.located(['protocols', 'bgp', 'system-as'])).toEqual({
      value: '65666',
      source: { file: 'r01.set', line: 17, column: 29 },
    });
  });

  it('marks tag nodes from the schema and reads unquoted values of known leaves', () => {
    const { tree } = parseVyosSet('set interfaces loopback lo\nset protocols bgp system-as 65000\n');
    expect(tree.get(['interfaces', 'loopback'])?.tag).toBe(true);
    expect(tree.childNames(['interfaces', 'loopback'])).toEqual(['lo']);
    expect(tree.values(['protocols', 'bgp', 'system-as'])).toEqual(['65000']);
    // the older documented form `loopback 'lo'` is the same tree
    expect(toPlain(parseVyosSet("set interfaces loopback 'lo'").tree.root)).toEqual(
      toPlain(parseVyosSet('set interfaces loopback lo').tree.root),
    );
  });

  it('multi leaves append in order, single leaves replace (with a warning), repeats are no-ops', () => {
    const { tree, diagnostics } = parseVyosSet(
      [
        "set interfaces ethernet eth0 address '2001:db8::2/64'",
        "set interfaces ethernet eth0 address '2001:db8::1/64'",
        "set interfaces ethernet eth0 address '2001:db8::2/64'",
        "set protocols bgp system-as '1'",
        "set protocols bgp system-as '2'",
      ].join('\n'),
      { file: 'x.set' },
    );
    expect(tree.values(['interfaces', 'ethernet', 'eth0', 'address'])).toEqual(['2001:db8::2/64', '2001:db8::1/64']);
    expect(tree.values(['protocols', 'bgp', 'system-as'])).toEqual(['2']);
    expect(diagnostics.map((d) => [d.code, d.source?.line])).toEqual([['W_VYOS_VALUE_REPLACED', 5]]);
  });

  it('delete removes one value or a node; comment lines attach to nodes and print after them', () => {
    const text = [
      "set interfaces ethernet eth0 address '2001:db8::1/64'",
      "set interfaces ethernet eth0 address '2001:db8::2/64'",
      "set interfaces ethernet eth0 description 'uplink'",
      "delete interfaces ethernet eth0 address '2001:db8::1/64'",
      'delete interfaces ethernet eth0 description',
      "comment interfaces ethernet eth0 'to the core'",
    ].join('\n');
    const { tree, diagnostics } = parseVyosSet(text);
    expect(diagnostics).toEqual([]);
    expect(formatVyosSet(tree)).toBe(
      "set interfaces ethernet eth0 address '2001:db8::2/64'\ncomment interfaces ethernet eth0 'to the core'\n",
    );
    expect(parseVyosSet('delete protocols bgp').diagnostics.map((d) => d.code)).toEqual(['W_VYOS_DELETE_MISSING']);
  });

  it('escapes and unescapes values so odd text round-trips', () => {
    const tree = VyosTree.empty().set(['interfaces', 'ethernet', 'eth0', 'description'], 'say "hi"\\ it\'s\tok');
    const text = formatVyosSet(tree);
    expect(text).toBe("set interfaces ethernet eth0 description 'say \\\"hi\\\"\\\\ it\\'s\\tok'\n");
    expect(toPlain(parseVyosSet(text).tree.root)).toEqual(toPlain(tree.root));
  });

  it('reports syntax problems with codes and positions', () => {
    const { diagnostics } = parseVyosSet(
      "set protocols bgp system-as '65000\nfrobnicate x\nset protocols bgp system-as 1 2\n",
      {
        file: 'bad.set',
      },
    );
    expect(diagnostics.map((d) => [d.code, d.source?.line, d.source?.column])).toEqual([
      ['E_VYOS_SYNTAX', 1, 29],
      ['E_VYOS_SYNTAX', 2, 1],
      ['E_VYOS_SYNTAX', 3, 31],
      ['W_VYOS_VALUE_REPLACED', 3, 29],
    ]);
  });
});

describe('config.boot format', () => {
  it('parse → print is byte-identical, footer included', () => {
    const { tree, diagnostics } = parseVyosBoot(r01Boot, { file: 'r01.boot' });
    expect(diagnostics).toEqual([]);
    expect(formatVyosBoot(tree)).toBe(r01Boot);
    expect(tree.configVersion()).toEqual({
      components: { bgp: 5, policy: 8, quagga: 11, system: 27 },
      release: '1.4.0',
    });
  });

  it('reads the VyOS 1.2 footer written as /* */ comments', () => {
    const text =
      'system {\n    host-name "r01"\n}\n/* Warning: Do not remove the following line. */\n' +
      '/* === vyatta-config-version: "bgp@1:system@10" === */\n/* Release version: 1.2.9 */\n';
    const { tree, diagnostics } = parseVyosBoot(text);
    expect(diagnostics).toEqual([]);
    expect(tree.configVersion()).toEqual({ components: { bgp: 1, system: 10 }, release: '1.2.9' });
    expect(formatVyosBoot(tree)).toBe(text);
  });

  it('set ⇄ boot conversions preserve the tree', () => {
    const fromSet = parseVyosSet(r01Set).tree;
    const fromBoot = parseVyosBoot(r01Boot).tree;
    expect(toPlain(fromSet.root)).toEqual(toPlain(fromBoot.root));
    expect(formatVyosSet(fromBoot)).toBe(r01Set);
    fromSet.footer = [...fromBoot.footer];
    expect(formatVyosBoot(fromSet)).toBe(r01Boot);
  });

  it('reads the legacy cstore style (bare values, `name {}` empty nodes, repeated tag blocks) to the same tree', () => {
    const legacy = [
      'interfaces {',
      '    ethernet eth1 {',
      '        address 2a0e:97c0:ae3:fff0::1/64',
      '    }',
      '}',
      'interfaces {',
      '    loopback lo {',
      '        address 2a0e:97c0:ae3:ffff::1/128',
      '    }',
      '}',
      'protocols { bgp { address-family { ipv6-unicast { redistribute { connected { } } } } } }',
    ].join('\n');
    const { tree, diagnostics } = parseVyosBoot(legacy);
    expect(diagnostics.map((d) => d.code)).toEqual(['W_VYOS_DUPLICATE_NODE']);
    const expected = parseVyosSet(
      [
        "set interfaces ethernet eth1 address '2a0e:97c0:ae3:fff0::1/64'",
        "set interfaces loopback lo address '2a0e:97c0:ae3:ffff::1/128'",
        'set protocols bgp address-family ipv6-unicast redistribute connected',
      ].join('\n'),
    ).tree;
    expect(toPlain(tree.root)).toEqual(toPlain(expected.root));
  });

  it('keeps /* comments */ attached to the next node and prints them back', () => {
    const text = [
      'interfaces {',
      '    /* uplink to AS201911 */',
      '    ethernet eth1 {',
      '        /* node network */',
      '        address "2a0e:97c0:ae3:fff0::1/64"',
      '    }',
      '}',
      '',
    ].join('\n');
    const { tree } = parseVyosBoot(text);
    expect(tree.get(['interfaces', 'ethernet', 'eth1'])?.comment).toBe('uplink to AS201911');
    expect(tree.get(['interfaces', 'ethernet', 'eth1', 'address'])?.comment).toBe('node network');
    expect(formatVyosBoot(tree)).toBe(text);
    expect(formatVyosSet(tree)).toBe(
      "set interfaces ethernet eth1 address '2a0e:97c0:ae3:fff0::1/64'\n" +
        "comment interfaces ethernet eth1 address 'node network'\n" +
        "comment interfaces ethernet eth1 'uplink to AS201911'\n",
    );
  });

  it('reports unbalanced braces with positions', () => {
    const open = parseVyosBoot('protocols {\n    bgp {\n        system-as "1"\n    }\n', { file: 'c.boot' });
    expect(open.diagnostics.map((d) => [d.code, d.source?.line, d.path])).toEqual([
      ['E_VYOS_UNBALANCED', 1, ['protocols']],
    ]);
    const close = parseVyosBoot('system {\n}\n}\n', { file: 'c.boot' });
    expect(close.diagnostics.map((d) => [d.code, d.source?.line])).toEqual([['E_VYOS_UNBALANCED', 3]]);
  });
});

describe('format detection', () => {
  it('tells set commands from config.boot', () => {
    expect(detectVyosFormat(r01Set)).toBe('set');
    expect(detectVyosFormat(r01Boot)).toBe('boot');
    expect(detectVyosFormat(`# note\n\nconfigure\n${r01Set}`)).toBe('set');
    expect(detectVyosFormat('/* c */\nsystem {\n}\n')).toBe('boot');
    const a = parseVyosConfig(r01Boot);
    expect(a.format).toBe('boot');
    expect(toPlain(a.tree.root)).toEqual(toPlain(parseVyosConfig(r01Set).tree.root));
  });
});

describe('never throws (property)', () => {
  const lines = r01Set.trimEnd().split('\n');
  const bootChars = [...r01Boot];
  const check = (text: string): void => {
    for (const parse of [parseVyosSet, parseVyosBoot]) {
      const { tree, diagnostics } = parse(text, { file: 'p' });
      expect(Array.isArray(diagnostics)).toBe(true);
      // Whatever was read prints in both formats; config.boot (structure is explicit) reads back to the same tree.
      // (The set form is read with the schema, so a tree that breaks the schema need not survive it.)
      const set = formatVyosSet(tree);
      expect(Array.isArray(parseVyosSet(set).diagnostics)).toBe(true);
      const boot = formatVyosBoot(tree);
      expect(toPlain(parseVyosBoot(boot).tree.root)).toEqual(toPlain(tree.root));
    }
  };

  it('truncated input', () => {
    fc.assert(
      fc.property(fc.nat(r01Boot.length), fc.nat(r01Set.length), (a, b) => {
        check(r01Boot.slice(0, a));
        check(r01Set.slice(0, b));
      }),
      { numRuns: 150 },
    );
  });

  it('shuffled set lines parse to the same tree', () => {
    const base = toPlain(parseVyosSet(r01Set).tree.root);
    fc.assert(
      fc.property(fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }), (shuffled) => {
        expect(toPlain(parseVyosSet(shuffled.join('\n')).tree.root)).toEqual(base);
      }),
      { numRuns: 100 },
    );
  });

  it('mutated input', () => {
    const alphabet = fc.constantFrom('{', '}', '"', "'", '\n', ' ', '/', '*', '#', '\\', 'x', ';', '\t');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(r01Boot.length), alphabet, fc.boolean()), { maxLength: 12 }), (edits) => {
        const chars = [...bootChars];
        for (const [at, ch, insert] of edits) {
          if (insert) chars.splice(at, 0, ch);
          else chars[Math.min(at, chars.length - 1)] = ch;
        }
        check(chars.join(''));
      }),
      { numRuns: 200 },
    );
  });

  it('random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => check(s)),
      { numRuns: 200 },
    );
  });

  it('any value or tag value survives set → tree and boot → tree (escaping)', () => {
    // Templates from the fixtures: `V` is a leaf value, `T` a tag value.
    const templates: [string[], boolean][] = [
      [['interfaces', 'ethernet', 'T', 'address'], true],
      [['interfaces', 'ethernet', 'T', 'description'], true],
      [['protocols', 'bgp', 'neighbor', 'T', 'remote-as'], true],
      [['protocols', 'bgp', 'neighbor', 'T', 'address-family', 'ipv6-unicast'], false],
      [['protocols', 'bgp', 'peer-group', 'T', 'password'], true],
      [['policy', 'route-map', 'T', 'rule', '10', 'description'], true],
      [['system', 'name-server'], true],
    ];
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(templates.length - 1), text, text), { minLength: 1, maxLength: 8 }),
        (items) => {
          const tree = VyosTree.empty();
          for (const [k, tagValue, value] of items) {
            const [tpl, hasValue] = templates[k]!;
            const path = tpl.map((w) => (w === 'T' ? tagValue : w));
            tree.set(path, hasValue ? value : undefined);
          }
          const plain = toPlain(tree.root);
          const viaSet = parseVyosSet(formatVyosSet(tree));
          expect(viaSet.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
          expect(toPlain(viaSet.tree.root)).toEqual(plain);
          const viaBoot = parseVyosBoot(formatVyosBoot(tree));
          expect(viaBoot.diagnostics).toEqual([]);
          expect(toPlain(viaBoot.tree.root)).toEqual(plain);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('deep nesting does not overflow the stack', () => {
    const deep = `${'a {\n'.repeat(3000)}${'}\n'.repeat(3000)}`;
    const { tree, diagnostics } = parseVyosBoot(deep);
    expect(diagnostics).toEqual([]);
    expect(formatVyosSet(tree)).toBe(`set${' a'.repeat(3000)}\n`);
    const { tree: t2 } = parseVyosBoot(`${'a {\n'.repeat(2000)}${'}\n'.repeat(2000)}`);
    expect(formatVyosBoot(t2).split('\n').length).toBe(4000);
  });
});
