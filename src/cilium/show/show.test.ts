import { describe, expect, it } from 'vitest';
import type { PeerView, RouteView } from '../agent/speaker-port.js';
import { gobgpAttributes, goDuration } from './go-format.js';
import { formatPeersTable, formatRoutesTable, parseRoutesArgs } from './tables.js';
import { tabwrite } from './tabwriter.js';

const trimLines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');

describe('§9 Go text/tabwriter (minwidth 5, padding 3)', () => {
  it('columns are the widest cell + 3, at least 5; text after the last tab is not a column', () => {
    expect(tabwrite('a\tbb\tc\nlonger\tx\t\n')).toBe('a        bb   c\nlonger   x    \n');
  });

  it('a column block ends at a line without that cell: widths are per block', () => {
    expect(tabwrite('aaaaaaaa\tb\n\nc\td\n')).toBe('aaaaaaaa   b\n\nc    d\n');
  });
});

describe('§9 Go/GoBGP text forms', () => {
  it.each([
    [0, '0s'],
    [5, '5s'],
    [2006, '33m26s'],
    [2805, '46m45s'],
    [3603, '1h0m3s'],
  ])('duration %i s → %s', (s, text) => {
    expect(goDuration(s)).toBe(text);
  });

  it('Loc-RIB IPv4 path: [{Origin: i} {Nexthop: 0.0.0.0}] (D-op example)', () => {
    expect(
      gobgpAttributes('10.1.0.0/24', 'ipv4-unicast', {
        origin: 'igp',
        asPath: [],
        nextHop: '0.0.0.0',
        communities: [],
        largeCommunities: [],
      }),
    ).toBe('[{Origin: i} {Nexthop: 0.0.0.0}]');
  });

  it('Adj-RIB-Out IPv6 path with AS path, communities (well-known by name), local-pref and large communities', () => {
    expect(
      gobgpAttributes('2001:db8:c200::/64', 'ipv6-unicast', {
        origin: 'igp',
        asPath: [{ type: 'sequence', asns: [65500] }],
        nextHop: '2001:db8::11',
        localPref: 99,
        communities: ['65000:99', '65535:65281'],
        largeCommunities: ['65000:1:2'],
      }),
    ).toBe(
      '[{Origin: i} {AsPath: 65500} {LocalPref: 99} {Communities: 65000:99, no-export} {MpReach(ipv6-unicast): {Nexthop: 2001:db8::11, NLRIs: [2001:db8:c200::/64]}} {LargeCommunity: [ 65000:1:2]}]',
    );
  });
});

const peer = (over: Partial<PeerView>): PeerView => ({
  instance: 'i',
  localAsn: 65001,
  name: 'p',
  address: 'fd00:10::1',
  port: 179,
  peerAsn: 65000,
  state: 'established',
  uptimeSec: 2006,
  families: [
    { afi: 'ipv4', safi: 'unicast', received: 2, advertised: 2 },
    { afi: 'ipv6', safi: 'unicast', received: 2, advertised: 2 },
  ],
  ...over,
});

describe('§9.1 cilium bgp peers', () => {
  it('matches the D-op example (trailing padding aside)', () => {
    const out = formatPeersTable([{ node: 'bgpv2-cplane-dev-service-control-plane', peers: [peer({})] }]);
    expect(trimLines(out)).toBe(
      [
        'Node                                     Local AS   Peer AS   Peer Address   Session State   Uptime   Family         Received   Advertised',
        'bgpv2-cplane-dev-service-control-plane   65001      65000     fd00:10::1     established     33m26s   ipv4/unicast   2          2',
        `${' '.repeat(102)}ipv6/unicast   2          2`,
        '',
      ].join('\n'),
    );
    // Data lines end with a tab, so their Advertised cell is a padded column (the header's text is not).
    expect(out.split('\n')[1]!.endsWith('   2    ')).toBe(true);
    expect(out.split('\n')[0]!.endsWith('Advertised')).toBe(true);
  });

  it('nodes by name, peers by local AS then address, the node name on the first row only, uptime 0 unless established', () => {
    const out = formatPeersTable([
      {
        node: 'n2',
        peers: [
          peer({ address: '2001:db8::2', families: [{ afi: 'ipv6', safi: 'unicast', received: 1, advertised: 7 }] }),
        ],
      },
      {
        node: 'n1',
        peers: [
          peer({
            address: '2001:db8::2',
            state: 'active',
            uptimeSec: 0,
            families: [{ afi: 'ipv6', safi: 'unicast', received: 0, advertised: 0 }],
          }),
          peer({ address: '2001:db8::1', families: [{ afi: 'ipv6', safi: 'unicast', received: 1, advertised: 7 }] }),
        ],
      },
    ]);
    expect(
      out
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s{2,}/).filter((c) => c !== '')),
    ).toEqual([
      ['n1', '65001', '65000', '2001:db8::1', 'established', '33m26s', 'ipv6/unicast', '1', '7'],
      ['65001', '65000', '2001:db8::2', 'active', '0s', 'ipv6/unicast', '0', '0'],
      ['n2', '65001', '65000', '2001:db8::2', 'established', '33m26s', 'ipv6/unicast', '1', '7'],
      [],
    ]);
  });
});

describe('§9.3 cilium bgp routes', () => {
  it.each([
    [[], 'available', 'ipv4', '(Defaulting to `available ipv4 unicast` routes, please see help for more options)'],
    [
      ['advertised'],
      'advertised',
      'ipv4',
      '(Defaulting to `ipv4 unicast` AFI & SAFI, please see help for more options)',
    ],
    [['available', 'ipv6'], 'available', 'ipv6', '(Defaulting to `unicast` SAFI, please see help for more options)'],
  ] as const)('defaults %j', (args, kind, afi, note) => {
    expect(parseRoutesArgs(args)).toEqual({ ok: true, query: { kind, afi, safi: 'unicast', notes: [note] } });
  });

  it.each([
    [['both', 'ipv4', 'unicast'], 'invalid argument: `both`, expected `available` / `advertised`'],
    [['available', 'ipv7', 'unicast'], 'unknown AFI `ipv7`'],
    [['available', 'ipv4', 'flowspec'], 'unknown SAFI `flowspec`'],
    [['available', 'ipv4', 'unicast', 'vrouter'], 'missing vrouter ASN value'],
    [['advertised', 'ipv6', 'unicast', 'peer'], 'missing peer IP address'],
  ] as const)('error %j', (args, error) => {
    expect(parseRoutesArgs(args)).toEqual({ ok: false, error });
  });

  it('peer and vrouter filters parse', () => {
    expect(
      parseRoutesArgs(['advertised', 'ipv6', 'unicast', 'vrouter', '65500', 'neighbor', '2001:db8::1']),
    ).toMatchObject({
      ok: true,
      query: { vrouter: 65500, peer: '2001:db8::1', notes: [] },
    });
  });

  it('the D-op available example, and advertised with a Peer column', () => {
    const route: RouteView = {
      instance: 'i',
      localAsn: 65001,
      prefix: '10.1.0.0/24',
      family: 'ipv4-unicast',
      ageSec: 2805,
      attributes: { origin: 'igp', asPath: [], nextHop: '0.0.0.0', communities: [], largeCommunities: [] },
    };
    expect(
      trimLines(formatRoutesTable([{ node: 'bgpv2-cplane-dev-service-control-plane', routes: [route] }], false)),
    ).toBe(
      [
        'Node                                     VRouter   Prefix        NextHop   Age      Attrs',
        'bgpv2-cplane-dev-service-control-plane   65001     10.1.0.0/24   0.0.0.0   46m45s   [{Origin: i} {Nexthop: 0.0.0.0}]',
        '',
      ].join('\n'),
    );
    const adv = formatRoutesTable([{ node: 'n1', routes: [{ ...route, peer: 'fd00:10::1' }] }], true);
    expect(adv.split('\n')[0]).toBe('Node   VRouter   Peer         Prefix        NextHop   Age      Attrs');
  });
});
