import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerAf, readVyosBgp, sha256Hex } from './bgp-reader.js';
import { readVyosInterfaces } from './interfaces-reader.js';
import { readVyosPolicy } from './policy-reader.js';
import { parseVyosSet } from './set-parser.js';
import { VyosTree } from './tree.js';

const r01 = parseVyosSet(readFileSync(resolve(import.meta.dirname, '../../test/fixtures/vyos/r01.set'), 'utf8'), {
  file: 'r01.set',
}).tree;

describe('readVyosBgp', () => {
  it('reads the worked example with positions', () => {
    const bgp = readVyosBgp(r01)!;
    expect(bgp.systemAs).toEqual({ value: 65666, source: { file: 'r01.set', line: 17, column: 29 } });
    expect(bgp.routerId?.value).toBe('127.0.1.1');
    expect(bgp.parameters.ebgpRequiresPolicy).toBe(false);
    expect(bgp.listenRanges.map((r) => [r.prefix.value, r.peerGroup?.value, r.peerGroup?.source?.line])).toEqual([
      ['2a0e:97c0:ae3:fff0::/64', 'K8S', 10],
    ]);
    const [k8s] = bgp.peerGroups;
    expect(k8s?.name).toBe('K8S');
    expect(k8s?.remoteAs?.value).toBe('external');
    expect(peerAf(k8s!)?.routeMapExport).toEqual({
      value: 'EXPORT_DEFAULT',
      source: { file: 'r01.set', line: 14, column: 79 },
    });
    const [up] = bgp.neighbors;
    expect(up?.name).toBe('2a0e:97c0:ae0:102::1');
    expect(up?.remoteAs?.value).toBe(201911);
    expect(up?.addressFamilies.map((a) => a.afi)).toEqual(['ipv6-unicast']);
    expect(peerAf(up!)?.routeMapImport).toBeUndefined();
    expect(bgp.addressFamilies[0]?.redistribute.map((r) => r.protocol)).toEqual(['connected']);
    expect(bgp.diagnostics).toEqual([]);
  });

  it('never exposes the password text, only its SHA-256', () => {
    const bgp = readVyosBgp(r01)!;
    expect(bgp.peerGroups[0]?.password?.sha256).toBe(sha256Hex('REPLACEWITHPASSWORD'));
    expect(JSON.stringify(bgp)).not.toContain('REPLACEWITHPASSWORD');
  });

  it('reads timers, multihop, update-source and AF options, and reports bad numbers', () => {
    const t = VyosTree.empty();
    const n = ['protocols', 'bgp', 'neighbor', '2001:db8::1'];
    t.set(['protocols', 'bgp', 'system-as'], 'x65000')
      .set([...n, 'remote-as'], '65001')
      .set([...n, 'timers', 'keepalive'], '3')
      .set([...n, 'timers', 'holdtime'], '9')
      .set([...n, 'ebgp-multihop'], '4')
      .set([...n, 'update-source'], '2001:db8::2')
      .set([...n, 'address-family', 'ipv6-unicast', 'maximum-prefix'], '1000')
      .set([...n, 'address-family', 'ipv6-unicast', 'soft-reconfiguration', 'inbound'])
      .set([...n, 'address-family', 'ipv6-unicast', 'prefix-list', 'import'], 'PL-IN')
      .set(['protocols', 'bgp', 'parameters', 'graceful-restart', 'stalepath-time'], '360');
    const bgp = readVyosBgp(t)!;
    const nb = bgp.neighbors[0]!;
    expect([nb.timers.keepaliveSec?.value, nb.timers.holdTimeSec?.value, nb.ebgpMultihop?.value]).toEqual([3, 9, 4]);
    expect(nb.updateSource?.value).toBe('2001:db8::2');
    const af = peerAf(nb)!;
    expect([af.maximumPrefix?.value, af.softReconfigurationInbound, af.prefixListImport?.value]).toEqual([
      1000,
      true,
      'PL-IN',
    ]);
    expect(bgp.parameters.gracefulRestart?.stalepathTimeSec?.value).toBe(360);
    expect(bgp.systemAs).toBeUndefined();
    expect(bgp.diagnostics.map((d) => [d.code, d.path])).toEqual([['E_VYOS_VALUE', ['protocols', 'bgp', 'system-as']]]);
  });

  it('returns undefined without protocols bgp', () => {
    expect(readVyosBgp(VyosTree.empty())).toBeUndefined();
  });
});

describe('readVyosPolicy', () => {
  it('reads prefix-list6 and route-map rules in numeric order', () => {
    const p = readVyosPolicy(r01);
    expect(p.prefixLists6.map((l) => [l.name, l.rules.map((r) => [r.rule, r.action?.value, r.prefix?.value])])).toEqual(
      [['DEFAULT', [[1, 'permit', '::/0']]]],
    );
    const rm = p.routeMaps[0]!;
    expect(rm.name).toBe('EXPORT_DEFAULT');
    expect(rm.rules.map((r) => [r.rule, r.action?.value, r.match.ipv6AddressPrefixList?.value])).toEqual([
      [10, 'permit', 'DEFAULT'],
      [20, 'deny', undefined],
    ]);
  });

  it('reads communities, large communities, as-path lists and sets', () => {
    const t = VyosTree.empty();
    const rule = ['policy', 'route-map', 'RM', 'rule', '100'];
    t.set(['policy', 'community-list', 'CL', 'rule', '5', 'action'], 'permit')
      .set(['policy', 'community-list', 'CL', 'rule', '5', 'regex'], '65000:1')
      .set(['policy', 'large-community-list', 'LCL', 'rule', '1', 'regex'], '65000:1:1')
      .set(['policy', 'as-path-list', 'AP', 'rule', '1', 'regex'], '_65001$')
      .set([...rule, 'action'], 'permit')
      .set([...rule, 'match', 'community', 'community-list'], 'CL')
      .set([...rule, 'set', 'community', 'add'], '65000:10')
      .set([...rule, 'set', 'community', 'add'], '65000:20')
      .set([...rule, 'set', 'local-preference'], '200')
      .set([...rule, 'set', 'ipv6-next-hop', 'prefer-global'])
      .set(['policy', 'route-map', 'RM', 'rule', '20', 'action'], 'deny');
    const p = readVyosPolicy(t);
    expect(p.communityLists[0]?.rules[0]?.regex?.value).toBe('65000:1');
    expect(p.largeCommunityLists[0]?.name).toBe('LCL');
    expect(p.asPathLists[0]?.rules[0]?.regex?.value).toBe('_65001$');
    const rules = p.routeMaps[0]!.rules;
    expect(rules.map((r) => r.rule)).toEqual([20, 100]);
    expect(rules[1]!.match.communityList?.value).toBe('CL');
    expect(rules[1]!.set.community?.add).toEqual(['65000:10', '65000:20']);
    expect(rules[1]!.set.localPreference?.value).toBe(200);
    expect(rules[1]!.set.ipv6NextHopPreferGlobal).toBe(true);
  });
});

describe('readVyosInterfaces', () => {
  it('lists addresses per interface, vifs as eth.N', () => {
    const t = r01.clone();
    t.set(['interfaces', 'ethernet', 'eth0', 'vif', '2502', 'address'], '2001:db8:1::1/64');
    t.set(['interfaces', 'dummy', 'dum0', 'address'], '2001:db8:2::1/128');
    const ifs = readVyosInterfaces(t);
    expect(ifs.map((i) => [i.type, i.name, i.addresses.map((a) => a.value)])).toEqual([
      ['dummy', 'dum0', ['2001:db8:2::1/128']],
      ['ethernet', 'eth0', []],
      ['ethernet', 'eth0.2502', ['2001:db8:1::1/64']],
      ['ethernet', 'eth1', ['2a0e:97c0:ae3:fff0::1/64']],
      ['loopback', 'lo', ['2a0e:97c0:ae3:ffff::1/128']],
    ]);
    expect(ifs[2]?.vlanId).toBe(2502);
    expect(ifs[3]?.addresses[0]?.source).toEqual({ file: 'r01.set', line: 2, column: 38 });
  });
});
