import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRouteJson, parseSpeakerConfig } from './config-load.js';

const GOOD = `asn: 65001
routerId: 192.0.2.1
listen:
  - address: "::1"
    port: 17901
peers:
  - address: "::1"
    port: 17902
    asn: 65002
    passwordEnv: BGP_PW
    holdTimeSec: 9
    families: [ipv6-unicast, ipv4-unicast]
    description: upstream
    gracefulRestart: { restartTimeSec: 60 }
listenRanges:
  - prefix: fd00:1::/64
    asn: external
    password: s3cret
    limit: 4
routes:
  - prefix: 2001:db8:100::/48
    communities: ["65001:100", no-export]
    largeCommunities: ["65001:1:2"]
    med: 10
    origin: igp
  - prefix: 198.51.100.0/24
    nextHop: 192.0.2.1
control: { address: 127.0.0.1, port: 17999 }
`;

describe('parseSpeakerConfig', () => {
  it('loads a full configuration with defaults and env passwords', () => {
    const { config, diagnostics } = parseSpeakerConfig(GOOD, 'speaker.yaml', { BGP_PW: 'pw' });
    expect(diagnostics).toEqual([]);
    expect(config?.asn).toBe(65001);
    expect(config?.listen).toEqual([{ address: '::1', port: 17901 }]);
    const peer = config?.peers[0];
    expect(peer).toMatchObject({
      address: '::1',
      port: 17902,
      asn: 65002,
      password: 'pw',
      holdTimeSec: 9,
      keepaliveTimeSec: 3,
    });
    expect(peer?.families).toEqual(['ipv6-unicast', 'ipv4-unicast']);
    expect(peer?.gracefulRestart).toEqual({ restartTimeSec: 60 });
    expect(config?.listenRanges[0]).toMatchObject({ prefix: 'fd00:1::/64', asn: 'external', limit: 4, passive: true });
    expect(config?.routes[0]).toMatchObject({ nextHop: 'self', med: 10, communities: ['65001:100', 'no-export'] });
    expect(config?.routes[1]?.nextHop).toBe('192.0.2.1');
    expect(config?.control).toEqual({ kind: 'tcp', address: '127.0.0.1', port: 17999 });
  });

  it('loads the router-wide RIB options: restarting, deferral, RFC 8212, best path and multipath', () => {
    const base = 'asn: 65001\nrouterId: 192.0.2.1\n';
    const { config } = parseSpeakerConfig(
      `${base}restarting: true\nselectionDeferralSec: 30\nebgpRequiresPolicy: true\nbestPath: { maximumPaths: 8, asPathMultipathRelax: true, deterministicMed: true }\n`,
      'speaker.yaml',
    );
    expect(config).toMatchObject({ restarting: true, selectionDeferralSec: 30, ebgpRequiresPolicy: true });
    expect(config?.bestPath).toEqual({ maximumPaths: 8, asPathMultipathRelax: true, deterministicMed: true });
    // RFC 8212 is off unless asked for (VyOS renders `no bgp ebgp-requires-policy`)
    expect(parseSpeakerConfig(base, 'speaker.yaml').config?.ebgpRequiresPolicy).toBeUndefined();
    const bad = parseSpeakerConfig(`${base}bestPath: { maximumPaths: 0, multipath: true }\n`, 'speaker.yaml');
    expect(bad.diagnostics.map((d) => [d.code, d.path.join('.')]).sort()).toEqual([
      ['E_SCHEMA_RANGE', 'bestPath.maximumPaths'],
      ['E_SCHEMA_UNKNOWN_KEY', 'bestPath.multipath'],
    ]);
  });

  it('locates problems at file:line:col with codes and paths', () => {
    const text = `asn: 65001
routerId: 192.0.2.1
peers:
  - address: "2001:db8::zz"
    asn: 65002
  - address: "::2"
    asn: 65002
    holdTimeSec: 2
    colour: red
routes:
  - prefix: 2001:db8::1/32
`;
    const { config, diagnostics } = parseSpeakerConfig(text, 'bad.yaml', {});
    expect(config).toBeUndefined();
    const byPath = Object.fromEntries(diagnostics.map((d) => [d.path.join('.'), d]));
    expect(byPath['peers.0.address']?.code).toBe('E_IP_SYNTAX');
    expect(byPath['peers.0.address']?.source).toEqual({ file: 'bad.yaml', line: 4, column: 14 });
    expect(byPath['peers.1.holdTimeSec']?.code).toBe('E_CONFIG_VALUE');
    expect(byPath['peers.1.holdTimeSec']?.source?.line).toBe(8);
    expect(byPath['peers.1.colour']?.code).toBe('E_CONFIG_UNKNOWN_KEY');
    expect(byPath['routes.0.prefix']?.code).toBe('E_CONFIG_VALUE');
  });

  it('reports YAML syntax errors, missing keys and unset env variables', () => {
    expect(parseSpeakerConfig('asn: [1,\n', 'x.yaml').diagnostics[0]?.code).toBe('E_CONFIG_YAML');
    const missing = parseSpeakerConfig('routerId: 192.0.2.1\n', 'x.yaml').diagnostics;
    expect(missing.map((d) => [d.code, d.path.join('.')])).toEqual([['E_CONFIG_REQUIRED', 'asn']]);
    const env = parseSpeakerConfig(
      'asn: 1\nrouterId: 192.0.2.1\npeers:\n  - { address: "::1", asn: 2, passwordEnv: NOPE }\n',
      'x.yaml',
      {},
    ).diagnostics;
    expect(env.map((d) => [d.code, d.path.join('.'), d.source?.line])).toEqual([
      ['E_CONFIG_ENV', 'peers.0.passwordEnv', 4],
    ]);
  });

  it('parses a control API route body', () => {
    expect(parseRouteJson('{"prefix":"2001:db8:5::/48","nextHop":"2001:db8::1","med":5}').route).toMatchObject({
      prefix: '2001:db8:5::/48',
      nextHop: '2001:db8::1',
      med: 5,
    });
    expect(parseRouteJson('{"prefix":"nope"}').diagnostics[0]?.code).toBe('E_PREFIX_SYNTAX');
  });
});

describe('examples/speaker', () => {
  const dir = resolve(import.meta.dirname, '../../../examples/speaker');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    it(`${name} is a valid configuration`, () => {
      const env = { BGP_PASSWORD: 'x', NODES_PASSWORD: 'y' };
      const { config, diagnostics } = parseSpeakerConfig(readFileSync(join(dir, name), 'utf8'), name, env);
      expect(diagnostics).toEqual([]);
      expect(config?.routes.length).toBeGreaterThan(0);
    });
  }
});
