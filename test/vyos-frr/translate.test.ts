/**
 * VyOS → FRR translation (src/frr/translate.ts fed by src/vyos trees; lives in test/ because src/frr may not import
 * src/vyos). Golden text from reference §4.3, FRR's own dry-run check, and the FRR reader/printer round trip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFrrCompatibility } from '../../src/frr/compat.js';
import { findAf, findPeer, findStatement } from '../../src/frr/model.js';
import { parseFrrConfig } from '../../src/frr/parser.js';
import { formatFrrConfig } from '../../src/frr/printer.js';
import { translateVyosToFrr } from '../../src/frr/translate.js';
import { parseVyosBoot } from '../../src/vyos/boot-parser.js';
import { parseVyosSet } from '../../src/vyos/set-parser.js';
import { formatVyosSet } from '../../src/vyos/set-printer.js';
import { VyosTree } from '../../src/vyos/tree.js';

const fixtures = resolve(import.meta.dirname, '../fixtures');
const r01Set = readFileSync(join(fixtures, 'vyos/r01.set'), 'utf8');
const r01Boot = readFileSync(join(fixtures, 'vyos/r01.boot'), 'utf8');
const golden = readFileSync(join(fixtures, 'frr/r01.frr.conf'), 'utf8');
const sinkSet = readFileSync(join(fixtures, 'vyos/kitchen-sink.set'), 'utf8');
const sinkGolden = readFileSync(join(fixtures, 'frr/kitchen-sink.frr.conf'), 'utf8');

const BGPD = '/usr/lib/frr/bgpd';
const work = mkdtempSync(join(tmpdir(), 'v6net-frr-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs FRR's dry-run config check; FRR 8.4 exits 0 even on bad lines, so its log is read too. */
function bgpdCheck(text: string): { status: number | null; problems: string[] } {
  const file = join(work, `c${Math.random().toString(36).slice(2)}.conf`);
  writeFileSync(file, text);
  const r = spawnSync(
    BGPD,
    [
      '-C',
      '-f',
      file,
      '-Z',
      '-S',
      '-p',
      '0',
      '-P',
      '0',
      '-i',
      join(work, 'bgpd.pid'),
      '--vty_socket',
      work,
      '--log',
      'stdout',
    ],
    { encoding: 'utf8', timeout: 20_000 },
  );
  const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const problems = out
    .split('\n')
    .filter((l) => /No such command|Unknown command|Ambiguous command|Incomplete|Invalid|Config Failed|error/i.test(l));
  // bgpd logs each refused line twice (log + stdout): count distinct lines.
  return { status: r.status, problems: [...new Set(problems.map((l) => l.replace(/^\S+ \S+ /, '')))] };
}

describe('translateVyosToFrr', () => {
  it('renders the worked example exactly as VyOS does (reference §4.3)', () => {
    const { config, diagnostics } = translateVyosToFrr(parseVyosSet(r01Set).tree);
    expect(diagnostics).toEqual([]);
    expect(formatFrrConfig(config)).toBe(golden);
  });

  it('gives the same output from config.boot and from set commands', () => {
    expect(formatFrrConfig(translateVyosToFrr(parseVyosBoot(r01Boot).tree).config)).toBe(golden);
  });

  it('maps ebgp-requires-policy, timers, multihop, AF options and graceful restart', () => {
    const t = parseVyosSet(r01Set).tree;
    const pg = ['protocols', 'bgp', 'peer-group', 'K8S'];
    t.set(['protocols', 'bgp', 'parameters', 'ebgp-requires-policy'])
      .set(['protocols', 'bgp', 'parameters', 'graceful-restart', 'stalepath-time'], '360')
      .set(['protocols', 'bgp', 'timers', 'keepalive'], '3')
      .set(['protocols', 'bgp', 'timers', 'holdtime'], '9')
      .set([...pg, 'ebgp-multihop'], '4')
      .set([...pg, 'timers', 'keepalive'], '1')
      .set([...pg, 'timers', 'holdtime'], '3')
      .set([...pg, 'address-family', 'ipv6-unicast', 'route-map', 'import'], 'IMPORT_K8S')
      .set([...pg, 'address-family', 'ipv6-unicast', 'maximum-prefix'], '100')
      .set([...pg, 'address-family', 'ipv6-unicast', 'soft-reconfiguration', 'inbound'])
      .set(['policy', 'community-list', 'BLACKHOLE', 'rule', '10', 'action'], 'permit')
      .set(['policy', 'community-list', 'BLACKHOLE', 'rule', '10', 'regex'], '65535:666');
    const text = formatFrrConfig(translateVyosToFrr(t).config);
    const lines = text.split('\n');
    expect(lines[1]).toBe(' bgp ebgp-requires-policy');
    expect(lines).toContain(' neighbor K8S ebgp-multihop 4');
    expect(lines).toContain(' neighbor K8S timers 1 3');
    expect(lines).toContain(' bgp graceful-restart stalepath-time 360');
    expect(lines).toContain('bgp community-list expanded BLACKHOLE seq 10 permit 65535:666');
    expect(lines.indexOf(' timers bgp 3 9')).toBe(lines.indexOf('exit') - 1);
    const af = lines.slice(lines.indexOf(' neighbor K8S timers 1 3'));
    expect(af.slice(2, 8)).toEqual([
      ' address-family ipv6 unicast',
      '  neighbor K8S maximum-prefix 100',
      '  neighbor K8S route-map EXPORT_DEFAULT out',
      '  neighbor K8S route-map IMPORT_K8S in',
      '  neighbor K8S soft-reconfiguration inbound',
      '  neighbor K8S activate',
    ]);
  });

  it('renders many BGP and policy options in template order (kitchen-sink golden)', () => {
    const parsed = parseVyosSet(sinkSet, { file: 'kitchen-sink.set' });
    expect(parsed.diagnostics).toEqual([]);
    expect(formatVyosSet(parsed.tree)).toBe(sinkSet);
    const { config, diagnostics } = translateVyosToFrr(parsed.tree);
    expect(diagnostics).toEqual([]);
    expect(formatFrrConfig(config)).toBe(sinkGolden);
  });

  it('can leave passwords out', () => {
    const text = formatFrrConfig(translateVyosToFrr(parseVyosSet(r01Set).tree, { passwords: 'omit' }).config);
    expect(text).not.toContain('REPLACEWITHPASSWORD');
    expect(text).not.toContain('password');
  });

  it('reports a missing system-as', () => {
    const t = VyosTree.empty().set(['protocols', 'bgp', 'neighbor', '2001:db8::1', 'remote-as'], '65001');
    const { config, diagnostics } = translateVyosToFrr(t);
    expect(config.routerBgp).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['E_FRR_NO_SYSTEM_AS', ['protocols', 'bgp', 'system-as']],
    ]);
  });
});

describe('FRR accepts the translated config (bgpd -C)', () => {
  const present = existsSync(BGPD);
  if (!present && process.env.CI) throw new Error(`${BGPD} is missing in CI (install the frr package)`);
  const maybe = present ? it : it.skip;
  if (!present) console.warn(`skipping bgpd dry-run tests: ${BGPD} not installed`);

  maybe('the worked example passes the dry run', () => {
    const r = bgpdCheck(golden);
    expect(r.status).toBe(0);
    expect(r.problems).toEqual([]);
  });

  maybe('the kitchen-sink translation passes the dry run', () => {
    const r = bgpdCheck(sinkGolden);
    expect(r.status).toBe(0);
    expect(r.problems).toEqual([]);
  });

  maybe("the debian-frr layout loads a bare 'bgp graceful-restart' that the VyOS layout cannot on FRR 8.4", () => {
    const t = parseVyosSet(r01Set).tree.set(['protocols', 'bgp', 'parameters', 'graceful-restart']);
    const { config } = translateVyosToFrr(t);
    const debian = formatFrrConfig(config, { layout: 'debian-frr' });
    expect(debian.split('\n').slice(4, 6)).toEqual([' bgp graceful-restart', ' bgp router-id 127.0.1.1']);
    expect(bgpdCheck(debian).problems).toEqual([]);
    // The VyOS layout (what VyOS sends to its FRR 9.1) prints it after the neighbors; Debian's 8.4 refuses that.
    expect(bgpdCheck(formatFrrConfig(config)).problems.length).toBeGreaterThan(0);
  });

  maybe('checkFrrCompatibility predicts what FRR 8.4 refuses', () => {
    const t = parseVyosSet(r01Set).tree;
    const pg = ['protocols', 'bgp', 'peer-group', 'K8S'];
    t.set([...pg, 'capability', 'software-version'])
      .set([...pg, 'path-attribute', 'discard'], '26')
      .set(['protocols', 'bgp', 'parameters', 'tcp-keepalive', 'idle'], '10')
      .set(['protocols', 'bgp', 'parameters', 'tcp-keepalive', 'interval'], '5')
      .set(['protocols', 'bgp', 'parameters', 'tcp-keepalive', 'probes'], '3');
    const { config } = translateVyosToFrr(t);
    const predicted = checkFrrCompatibility(config, { frrVersion: '8.4', layout: 'debian-frr' });
    expect(predicted.map((d) => d.code)).toEqual(Array(3).fill('W_FRR_UNSUPPORTED_BY_VERSION'));
    expect(checkFrrCompatibility(config, { frrVersion: '9.1' })).toEqual([]);
    expect(bgpdCheck(formatFrrConfig(config, { layout: 'debian-frr' })).problems.length).toBe(3);
    expect(checkFrrCompatibility(translateVyosToFrr(parseVyosSet(sinkSet).tree).config, { frrVersion: '8.4' })).toEqual(
      [],
    );
  });

  maybe('the check can fail: a bad line is reported', () => {
    const r = bgpdCheck(golden.replace(' bgp router-id 127.0.1.1', ' bgp router-id-bogus 127.0.1.1'));
    expect(r.problems.length).toBeGreaterThan(0);
  });
});

describe('parseFrrConfig', () => {
  it('reads the kitchen-sink file back to the same text (all list kinds, route-map statements)', () => {
    const { config, diagnostics } = parseFrrConfig(sinkGolden);
    expect(diagnostics).toEqual([]);
    expect(formatFrrConfig(config)).toBe(sinkGolden);
    expect(config.communityLists.map((l) => [l.kind, l.type, l.name])).toEqual([
      ['community-list', 'numbered', '10'],
      ['community-list', 'expanded', 'BLACKHOLE'],
      ['large-community-list', 'expanded', 'LC-K8S'],
    ]);
    expect(config.prefixLists[0]?.entries[1]).toMatchObject({
      seq: 20,
      prefix: '2001:db8:c100::/64',
      ge: 112,
      le: 128,
    });
  });

  it('reads the golden file back to the same data and text', () => {
    const { config, diagnostics } = parseFrrConfig(golden, { file: 'r01.frr.conf' });
    expect(diagnostics).toEqual([]);
    expect(formatFrrConfig(config)).toBe(golden);
    const rb = config.routerBgp[0]!;
    expect(rb.asn).toBe(65666);
    expect(findStatement(rb.statements, 'bgp', 'router-id')).toEqual(['127.0.1.1']);
    const k8s = findPeer(rb, 'K8S')!;
    expect(k8s.kind).toBe('peer-group');
    expect(findStatement(findAf(k8s, 'ipv6')!.statements, 'route-map')).toEqual(['EXPORT_DEFAULT', 'out']);
    expect(config.prefixLists[0]?.entries[0]).toMatchObject({ seq: 1, action: 'permit', prefix: '::/0' });
    expect(config.routeMaps.map((r) => [r.name, r.action, r.seq])).toEqual([
      ['EXPORT_DEFAULT', 'permit', 10],
      ['EXPORT_DEFAULT', 'deny', 20],
    ]);
  });

  it("reads FRR's show running-config layout (one shared AF block) into per-peer data", () => {
    const running = [
      'frr version 8.4.4',
      'frr defaults traditional',
      'hostname r01',
      '!',
      'router bgp 65666',
      ' bgp router-id 127.0.1.1',
      ' no bgp ebgp-requires-policy',
      ' no bgp default ipv4-unicast',
      ' neighbor K8S peer-group',
      ' neighbor K8S remote-as external',
      ' neighbor 2a0e:97c0:ae0:102::1 remote-as 201911',
      ' bgp listen range 2a0e:97c0:ae3:fff0::/64 peer-group K8S',
      ' !',
      ' address-family ipv6 unicast',
      '  redistribute connected',
      '  neighbor K8S activate',
      '  neighbor K8S route-map EXPORT_DEFAULT out',
      '  neighbor 2a0e:97c0:ae0:102::1 activate',
      ' exit-address-family',
      'exit',
      '!',
      'ipv6 prefix-list DEFAULT seq 1 permit ::/0',
      '!',
      'route-map EXPORT_DEFAULT permit 10',
      ' match ipv6 address prefix-list DEFAULT',
      'exit',
      '!',
      'line vty',
      '!',
    ].join('\n');
    const { config, diagnostics } = parseFrrConfig(running);
    expect(diagnostics).toEqual([]);
    expect(config.preamble).toEqual(['frr version 8.4.4', 'frr defaults traditional', 'hostname r01']);
    const rb = config.routerBgp[0]!;
    expect(rb.addressFamilies.map((a) => a.statements)).toEqual([[['redistribute', 'connected']]]);
    expect(rb.peerGroups.map((p) => p.name)).toEqual(['K8S']);
    expect(findAf(findPeer(rb, '2a0e:97c0:ae0:102::1')!, 'ipv6')?.statements).toEqual([['activate']]);
    expect(config.other).toEqual(['line vty']);
    // Printed in VyOS layout, FRR still accepts it.
    if (existsSync(BGPD)) expect(bgpdCheck(formatFrrConfig(config)).problems).toEqual([]);
  });

  it('reports malformed lines with positions and never throws', () => {
    const { diagnostics } = parseFrrConfig(
      'router bgp abc\n neighbor x\nroute-map X bogus 1\nipv6 prefix-list P seq 5 allow ::/0\n',
      {
        file: 'bad.conf',
      },
    );
    expect(diagnostics.map((d) => [d.code, d.source?.line])).toEqual([
      ['E_FRR_SYNTAX', 1],
      ['E_FRR_SYNTAX', 3],
      ['E_FRR_SYNTAX', 4],
    ]);
    for (let n = 0; n <= golden.length; n += 7) expect(() => parseFrrConfig(golden.slice(0, n))).not.toThrow();
  });

  it('never throws on mutated or random input, and what it reads prints and reads back the same (property)', () => {
    const alphabet = fc.constantFrom('\n', ' ', '!', 'exit', 'neighbor', 'router bgp', 'address-family', 'x', 'no ');
    const roundTrip = (text: string): void => {
      const first = parseFrrConfig(text);
      const printed = formatFrrConfig(first.config);
      expect(formatFrrConfig(parseFrrConfig(printed).config)).toBe(printed);
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(sinkGolden.length), alphabet), { maxLength: 10 }), (edits) => {
        let text = sinkGolden;
        for (const [at, ins] of edits) text = text.slice(0, at) + ins + text.slice(at);
        roundTrip(text);
      }),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => roundTrip(s)),
      { numRuns: 150 },
    );
  });
});
