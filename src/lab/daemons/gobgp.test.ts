import { describe, expect, it } from 'vitest';
import { LabErrorCode } from '../errors.js';
import { gobgpAddArgs, parseGobgpNeighbors, parseGobgpRib, renderGobgpConfig } from './gobgp.js';

// Shape of `gobgp global rib -a ipv6 -j` (GoBGP 3.10), captured in the lab: one learned and one local route.
const ribSample = {
  '2001:db8:100::/48': [
    {
      nlri: { prefix: '2001:db8:100::/48' },
      best: true,
      attrs: [
        { type: 1, value: 0 },
        { type: 2, as_paths: [{ segment_type: 2, num: 2, asns: [65001, 65099] }] },
        { type: 4, metric: 50 },
        { type: 8, communities: [4259840002, 4259840001] },
        { type: 32, value: [{ ASN: 65001, LocalData1: 1, LocalData2: 2 }] },
        { type: 14, nexthop: '2001:db8::1', afi: 2, safi: 1, value: [{ prefix: '2001:db8:100::/48' }] },
      ],
      'neighbor-ip': '2001:db8::1',
    },
  ],
  '2001:db8:200::/48': [
    {
      nlri: { prefix: '2001:db8:200::/48' },
      best: true,
      attrs: [{ type: 14, nexthop: '2001:db8::2' }],
    },
  ],
};

describe('parseGobgpRib', () => {
  it('decodes learned paths and leaves out locally added ones', () => {
    expect(parseGobgpRib(ribSample)).toEqual([
      {
        prefix: '2001:db8:100::/48',
        asPath: [65001, 65099],
        med: 50,
        nextHop: '2001:db8::1',
        communities: ['65000:1', '65000:2'],
        largeCommunities: ['65001:1:2'],
      },
    ]);
  });

  it('accepts an empty answer', () => {
    expect(parseGobgpRib(null)).toEqual([]);
  });
});

describe('parseGobgpNeighbors', () => {
  it('maps numeric session states', () => {
    expect(
      parseGobgpNeighbors([
        { conf: { neighbor_address: '2001:db8::1' }, state: { neighbor_address: '2001:db8::1', session_state: 6 } },
        { conf: { neighbor_address: '2001:db8::3' }, state: { session_state: 3 } },
      ]),
    ).toEqual([
      { address: '2001:db8::1', state: 'established', rawState: '6' },
      { address: '2001:db8::3', state: 'active', rawState: '3' },
    ]);
  });
});

describe('renderGobgpConfig', () => {
  const base = { asn: 65002, routerId: '192.0.2.2', localAddress: '2001:db8::2', routes: [] };

  it('renders peers with MD5, timers and the IPv6 family', () => {
    const text = renderGobgpConfig({
      ...base,
      peers: [{ address: '2001:db8::1', asn: 65001, password: 'k', holdTimeSec: 9, keepaliveTimeSec: 3 }],
    });
    expect(text).toContain('auth-password = "k"');
    expect(text).toContain('hold-time = 9');
    expect(text).toContain('keepalive-interval = 3');
    expect(text).toContain('afi-safi-name = "ipv6-unicast"');
  });

  it('refuses an MD5 key on a listen range (GoBGP would silently not use it)', () => {
    expect(() =>
      renderGobgpConfig({ ...base, peers: [], listenRanges: [{ prefix: '2001:db8::/64', asn: 1, password: 'k' }] }),
    ).toThrow(expect.objectContaining({ code: LabErrorCode.badInput }));
  });

  it('builds rib add arguments with every attribute', () => {
    expect(
      gobgpAddArgs(
        {
          prefix: '2001:db8:1::/48',
          communities: ['1:2', '3:4'],
          largeCommunities: ['1:2:3'],
          med: 7,
          asPathPrepend: [9, 8],
        },
        '2001:db8::2',
      ),
    ).toEqual([
      'global',
      'rib',
      '-a',
      'ipv6',
      'add',
      '2001:db8:1::/48',
      'nexthop',
      '2001:db8::2',
      'community',
      '1:2,3:4',
      'large-community',
      '1:2:3',
      'med',
      '7',
      'aspath',
      '9,8',
    ]);
  });
});
