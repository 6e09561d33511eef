import { describe, expect, it } from 'vitest';
import { LabErrorCode } from '../errors.js';
import { parseBirdProtocols, parseBirdRoutes, renderBirdConfig } from './bird.js';

// Captured from BIRD 2.0.12 in the lab: a configured peer still connecting, a range template, a dynamic neighbor.
const protocolsSample = [
  'BIRD 2.0.12 ready.',
  'Name       Proto      Table      State  Since         Info',
  'device1    Device     ---        up     12:22:49.252  ',
  '',
  'originate6 Static     master6    up     12:22:49.252  ',
  '  Channel ipv6',
  '    State:          UP',
  '    Table:          master6',
  '    Preference:     200',
  '    Input filter:   ACCEPT',
  '    Output filter:  REJECT',
  '    Routes:         1 imported, 0 exported, 1 preferred',
  '    Route change stats:     received   rejected   filtered    ignored   accepted',
  '      Import updates:              1          0          0          0          1',
  '      Import withdraws:            0          0        ---          0          0',
  '      Export updates:              0          0          0        ---          0',
  '      Export withdraws:            0        ---        ---        ---          0',
  '',
  'peer0      BGP        ---        start  12:22:49.252  Connect       ',
  '  BGP state:          Connect',
  '    Neighbor address: 2001:db8:0:1::9',
  '    Neighbor AS:      65009',
  '    Local AS:         65101',
  '  Channel ipv6',
  '    State:          DOWN',
  '    Table:          master6',
  '    Preference:     100',
  '    Input filter:   ACCEPT',
  '    Output filter:  lab_export',
  '',
  'range0     BGP        ---        start  12:22:49.252  Passive       ',
  '  BGP state:          Passive',
  '    Neighbor range:   2001:db8:0:1::/64',
  '    Neighbor AS:      65102',
  '    Local AS:         65101',
  '  Channel ipv6',
  '    State:          DOWN',
  '    Table:          master6',
  '    Preference:     100',
  '    Input filter:   ACCEPT',
  '    Output filter:  lab_export',
  '',
  'dyn0_1     BGP        ---        up     12:22:49.860  Established   ',
  '  BGP state:          Established',
  '    Neighbor address: 2001:db8:0:1::2',
  '    Neighbor AS:      65102',
  '    Local AS:         65101',
  '    Neighbor ID:      192.0.2.2',
  '    Local capabilities',
  '      Multiprotocol',
  '        AF announced: ipv6',
  '      Route refresh',
  '      Graceful restart',
  '      4-octet AS numbers',
  '      Enhanced refresh',
  '      Long-lived graceful restart',
  '    Neighbor capabilities',
  '      Multiprotocol',
  '        AF announced: ipv6',
  '      Route refresh',
  '      Extended message',
  '      Graceful restart',
  '      4-octet AS numbers',
  '      ADD-PATH',
  '        RX: ipv6',
  '        TX:',
  '      Enhanced refresh',
  '      Long-lived graceful restart',
  '        LL stale time: 0',
  '        AF supported:',
  '        AF preserved: ipv6',
  '      Hostname: lab-frr',
  '    Session:          external AS4',
  '    Source address:   2001:db8:0:1::1',
  '    Hold timer:       6.793/9',
  '    Keepalive timer:  0.179/3',
  '  Channel ipv6',
  '    State:          UP',
  '    Table:          master6',
  '    Preference:     100',
  '    Input filter:   ACCEPT',
  '    Output filter:  lab_export',
  '    Routes:         2 imported, 1 exported, 1 preferred',
  '    Route change stats:     received   rejected   filtered    ignored   accepted',
  '      Import updates:              2          0          0          0          2',
  '      Import withdraws:            0          0        ---          0          0',
  '      Export updates:              2          1          0        ---          1',
  '      Export withdraws:            0        ---        ---        ---          0',
  '    BGP Next hop:   2001:db8:0:1::1',
].join('\n');

// The same BIRD: a learned route, and a prefix whose best path is static with a BGP alternative.
const routesSample = [
  'BIRD 2.0.12 ready.',
  'Table master6:',
  '2001:db8:c1::/48     unicast [dyn0_1 12:22:50.921] * (100) [AS65102i]',
  '\tvia 2001:db8:0:1::2 on lab0',
  '\tType: BGP univ',
  '\tBGP.origin: IGP',
  '\tBGP.as_path: 65102',
  '\tBGP.next_hop: 2001:db8:0:1::2',
  '\tBGP.med: 9',
  '\tBGP.local_pref: 100',
  '\tBGP.community: (1,2)',
  '\tBGP.large_community: (1, 2, 3)',
  '2001:db8:a::/48      unreachable [originate6 12:22:49.251] * (200)',
  '\tType: static univ',
  '                     unicast [dyn0_1 12:22:50.921] (100) [AS65102i]',
  '\tvia 2001:db8:0:1::2 on lab0',
  '\tType: BGP univ',
  '\tBGP.origin: IGP',
  '\tBGP.as_path: 65102',
  '\tBGP.next_hop: 2001:db8:0:1::2',
  '\tBGP.med: 0',
  '\tBGP.local_pref: 100',
].join('\n');

describe('parseBirdProtocols', () => {
  it('lists BGP neighbors with their state, leaving out the range template', () => {
    expect(parseBirdProtocols(protocolsSample)).toEqual([
      { address: '2001:db8:0:1::9', state: 'connect', rawState: 'Connect' },
      { address: '2001:db8:0:1::2', state: 'established', rawState: 'Established' },
    ]);
  });
});

describe('parseBirdRoutes', () => {
  it('reads AS_PATH, next hop, MED, communities and large communities of learned routes', () => {
    expect(parseBirdRoutes(routesSample)).toEqual([
      {
        prefix: '2001:db8:c1::/48',
        asPath: [65102],
        nextHop: '2001:db8:0:1::2',
        med: 9,
        communities: ['1:2'],
        largeCommunities: ['1:2:3'],
      },
      {
        prefix: '2001:db8:a::/48',
        asPath: [65102],
        nextHop: '2001:db8:0:1::2',
        med: 0,
        communities: [],
        largeCommunities: [],
      },
    ]);
  });

  it('returns nothing for a table without BGP routes', () => {
    expect(
      parseBirdRoutes(
        'BIRD 2.0.12 ready.\nTable master6:\n2001:db8::/48 unreachable [s 1] * (200)\n\tType: static univ\n',
      ),
    ).toEqual([]);
  });
});

describe('renderBirdConfig', () => {
  const config = {
    asn: 65001,
    routerId: '192.0.2.1',
    localAddress: '2001:db8::1',
    peers: [{ address: '2001:db8::2', asn: 65002, password: 'k', holdTimeSec: 9, passive: true }],
    listenRanges: [{ prefix: '2001:db8::/64', asn: 65003 }],
    routes: [
      {
        prefix: '2001:db8:1::/48',
        communities: ['65001:1'],
        largeCommunities: ['65001:2:3'],
        med: 5,
        asPathPrepend: [1, 2],
      },
    ],
  };

  it('sets attributes in the export filter, prepending so the path reads in the given order', () => {
    const text = renderBirdConfig(config);
    expect(text).toContain('bgp_community.add((65001,1));');
    expect(text).toContain('bgp_large_community.add((65001,2,3));');
    expect(text).toContain('bgp_med = 5;');
    expect(text.indexOf('bgp_path.prepend(2)')).toBeLessThan(text.indexOf('bgp_path.prepend(1)'));
    expect(text).toContain('neighbor range 2001:db8::/64 as 65003;');
    expect(text).toContain('passive on;');
    expect(text).toContain('hold time 9;');
    expect(text).toContain('keepalive time 3;');
  });

  it('a peer on another link uses its own local address', () => {
    const text = renderBirdConfig({
      ...config,
      peers: [...config.peers, { address: '2001:db8:9::2', asn: 65009, localAddress: '2001:db8:9::1' }],
    });
    expect(text).toContain('  local 2001:db8::1 as 65001;\n  neighbor 2001:db8::2 as 65002;');
    expect(text).toContain('  local 2001:db8:9::1 as 65001;\n  neighbor 2001:db8:9::2 as 65009;');
  });

  it('refuses a malformed community', () => {
    expect(() =>
      renderBirdConfig({ ...config, routes: [{ prefix: '2001:db8:1::/48', communities: ['x:1'] }] }),
    ).toThrow(expect.objectContaining({ code: LabErrorCode.badInput }));
  });

  it('renders graceful restart on every session only when asked', () => {
    const text = renderBirdConfig({ ...config, gracefulRestart: { restartTimeSec: 12 } });
    expect(text.match(/graceful restart time 12;/g)).toHaveLength(2);
    expect(renderBirdConfig(config)).not.toContain('graceful restart');
  });
});
