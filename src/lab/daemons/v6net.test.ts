import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseV6netRoutes, renderV6netConfig } from './v6net.js';

describe('renderV6netConfig', () => {
  it('renders the speaker YAML with peers, ranges, routes and the control socket', () => {
    const doc = parse(
      renderV6netConfig(
        {
          asn: 65001,
          routerId: '192.0.2.1',
          localAddress: '2001:db8::1',
          peers: [{ address: '2001:db8::2', asn: 65002, password: 'k', holdTimeSec: 9 }],
          listenRanges: [{ prefix: '2001:db8::/64', asn: 65003 }],
          routes: [{ prefix: '2001:db8:1::/48', communities: ['1:2'], med: 3, asPathPrepend: [7] }],
        },
        '/tmp/x.sock',
      ),
    );
    expect(doc).toEqual({
      asn: 65001,
      routerId: '192.0.2.1',
      listen: [{ address: '2001:db8::1', port: 179 }],
      peers: [
        {
          address: '2001:db8::2',
          asn: 65002,
          password: 'k',
          holdTimeSec: 9,
          keepaliveTimeSec: 3,
          connectRetrySec: 2,
          localAddress: '2001:db8::1',
        },
      ],
      listenRanges: [{ prefix: '2001:db8::/64', asn: 65003 }],
      routes: [{ prefix: '2001:db8:1::/48', communities: ['1:2'], med: 3, asPath: [7] }],
      control: { socket: '/tmp/x.sock' },
    });
  });
});

describe('parseV6netRoutes', () => {
  it('flattens AS_PATH segments and keeps IPv6 routes only', () => {
    expect(
      parseV6netRoutes([
        {
          prefix: '2001:db8:2::/48',
          family: 'ipv6-unicast',
          nextHop: '2001:db8::2',
          asPath: [{ asns: [65002, 64600] }],
          med: 70,
          communities: ['65002:8', '65002:7'],
          largeCommunities: ['65002:5:6'],
        },
        { prefix: '192.0.2.0/24', family: 'ipv4-unicast' },
      ]),
    ).toEqual([
      {
        prefix: '2001:db8:2::/48',
        nextHop: '2001:db8::2',
        asPath: [65002, 64600],
        med: 70,
        communities: ['65002:7', '65002:8'],
        largeCommunities: ['65002:5:6'],
      },
    ]);
  });

  it('renders graceful restart per peer and the restarting flag', () => {
    const doc = parse(
      renderV6netConfig(
        {
          asn: 65001,
          routerId: '192.0.2.1',
          localAddress: '2001:db8::1',
          peers: [{ address: '2001:db8::2', asn: 65002 }],
          routes: [],
          gracefulRestart: { restartTimeSec: 12 },
          restarting: true,
        },
        '/tmp/x.sock',
      ),
    );
    expect(doc.peers[0].gracefulRestart).toEqual({ restartTimeSec: 12 });
    expect(doc.restarting).toBe(true);
  });
});
