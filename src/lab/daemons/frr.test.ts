import { describe, expect, it } from 'vitest';
import { LabErrorCode } from '../errors.js';
import { parseFrrRouteDetail, renderFrrConfig } from './frr.js';

// Shape of `show bgp ipv6 unicast PREFIX json` (FRR 8.4), captured in the lab.
const detailSample = {
  prefix: '2001:db8:200::/48',
  paths: [
    {
      aspath: { string: '65002 65098', segments: [{ type: 'as-sequence', list: [65002, 65098] }], length: 2 },
      origin: 'incomplete',
      metric: 70,
      valid: true,
      bestpath: { overall: true, selectionReason: 'First path received' },
      community: { string: '65002:8 65002:7', list: ['65002:8', '65002:7'] },
      largeCommunity: { string: '65002:3:4', list: ['65002:3:4'] },
      nexthops: [
        { ip: '2001:db8::2', afi: 'ipv6', scope: 'global', used: true },
        { ip: 'fe80::1', afi: 'ipv6', scope: 'link-local' },
      ],
      peer: { peerId: '2001:db8::2', type: 'external' },
    },
  ],
};

describe('parseFrrRouteDetail', () => {
  it('reads the best path with sorted communities and the global next hop', () => {
    expect(parseFrrRouteDetail(detailSample)).toEqual({
      prefix: '2001:db8:200::/48',
      asPath: [65002, 65098],
      med: 70,
      nextHop: '2001:db8::2',
      communities: ['65002:7', '65002:8'],
      largeCommunities: ['65002:3:4'],
    });
  });

  it('returns undefined for an answer without paths', () => {
    expect(parseFrrRouteDetail({})).toBeUndefined();
  });
});

describe('renderFrrConfig', () => {
  const config = {
    asn: 65001,
    routerId: '192.0.2.1',
    localAddress: '2001:db8::1',
    peers: [{ address: '2001:db8::2', asn: 65002, password: 'key', holdTimeSec: 9, keepaliveTimeSec: 3 }],
    listenRanges: [{ prefix: '2001:db8::/64', asn: 65003, password: 'rk' }],
    routes: [
      {
        prefix: '2001:db8:1::/48',
        communities: ['65001:1'],
        largeCommunities: ['65001:1:2'],
        med: 5,
        asPathPrepend: [7],
      },
    ],
  };

  it('renders peers, a listen range peer group and attribute route-maps', () => {
    const text = renderFrrConfig(config);
    for (const line of [
      ' neighbor 2001:db8::2 remote-as 65002',
      ' neighbor 2001:db8::2 password key',
      ' neighbor 2001:db8::2 timers 3 9',
      ' bgp listen range 2001:db8::/64 peer-group RANGE0',
      ' neighbor RANGE0 password rk',
      '  neighbor RANGE0 activate',
      ' set community 65001:1',
      ' set large-community 65001:1:2',
      ' set metric 5',
      ' set as-path prepend 7',
      '  network 2001:db8:1::/48 route-map LAB-ORIGINATE-0',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
  });

  it('refuses a password with a space (FRR takes one word)', () => {
    expect(() => renderFrrConfig({ ...config, peers: [{ address: '2001:db8::2', asn: 1, password: 'a b' }] })).toThrow(
      expect.objectContaining({ code: LabErrorCode.badInput }),
    );
  });

  it('renders graceful restart with the forwarding-state bit only when asked', () => {
    const lines = renderFrrConfig({ ...config, gracefulRestart: { restartTimeSec: 12 } }).split('\n');
    expect(lines).toContain(' bgp graceful-restart restart-time 12');
    expect(lines).toContain(' bgp graceful-restart preserve-fw-state');
    expect(renderFrrConfig(config)).not.toContain('graceful-restart');
  });
});
