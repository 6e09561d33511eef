import { describe, expect, it } from 'vitest';
import { parseSpeakerConfig } from './config-load.js';

const BASE = `asn: 65001
routerId: 192.0.2.1
peers:
  - address: 2001:db8::2
    asn: 65002
    importPolicy: IN
    exportPolicy: OUT
    softReconfigurationInbound: true
`;

const POLICY = `policy:
  prefixLists:
    - name: CUSTOMERS
      afi: ipv6
      entries:
        - { seq: 5, action: permit, prefix: "2001:db8::/32", ge: 48, le: 48 }
  communityLists:
    - name: BLACKHOLE
      entries: [{ action: permit, kind: standard, values: ["65000:666"] }]
  routeMaps:
    - name: IN
      rules:
        - { seq: 10, action: deny, match: { community: { list: BLACKHOLE } } }
        - seq: 20
          action: permit
          match: { prefixList: CUSTOMERS }
          set: { localPref: 200, communities: { values: ["65001:1"], additive: true } }
    - name: OUT
      rules: [{ seq: 10, action: permit, set: { asPathPrepend: [65001, 65001] } }]
`;

describe('speaker config: policy section and per-peer policies', () => {
  it('loads the lists and route maps and attaches them per peer and direction', () => {
    const { config, diagnostics } = parseSpeakerConfig(BASE + POLICY, 'speaker.yaml');
    expect(diagnostics).toEqual([]);
    expect(config?.peers[0]).toMatchObject({
      importPolicy: 'IN',
      exportPolicy: 'OUT',
      softReconfigurationInbound: true,
    });
    expect(config?.policy?.routeMaps?.map((m) => m.name)).toEqual(['IN', 'OUT']);
    expect(config?.policy?.routeMaps?.[0]?.rules[1]?.set).toEqual({
      localPref: 200,
      communities: { values: ['65001:1'], additive: true },
    });
  });

  it('locates shape errors inside the policy with codes and paths', () => {
    const bad = POLICY.replace('action: deny, match:', 'action: drop, match:').replace('ge: 48', 'gee: 48');
    const { config, diagnostics } = parseSpeakerConfig(BASE + bad, 'speaker.yaml');
    expect(config).toBeUndefined();
    const found = diagnostics.map((d) => [d.code, d.path.join('.')]);
    expect(found).toContainEqual(['E_SCHEMA_UNKNOWN_KEY', 'policy.prefixLists.0.entries.0.gee']);
    expect(
      found.some(([code, path]) => code !== 'E_SCHEMA_UNKNOWN_KEY' && path === 'policy.routeMaps.0.rules.0.action'),
    ).toBe(true);
    // located at the YAML line of the offending entry
    const action = diagnostics.find((d) => d.path.join('.') === 'policy.routeMaps.0.rules.0.action');
    expect(action?.source?.line).toBe(BASE.split('\n').length - 1 + 13);
  });

  it('reports what only compiling finds (a bad prefix) and route maps that do not exist', () => {
    const badPrefix = POLICY.replace('"2001:db8::/32"', '"2001:db8::1/32"');
    expect(parseSpeakerConfig(BASE + badPrefix, 'speaker.yaml').diagnostics.map((d) => d.code)).toEqual([
      'E_POLICY_VALUE',
    ]);
    const missing = parseSpeakerConfig(BASE, 'speaker.yaml');
    expect(missing.diagnostics.map((d) => [d.code, d.path.join('.')])).toEqual([
      ['E_CONFIG_VALUE', 'peers.0.importPolicy'],
      ['E_CONFIG_VALUE', 'peers.0.exportPolicy'],
    ]);
    expect(missing.diagnostics[0]?.source?.line).toBe(6);
  });
});
