import { describe, expect, it } from 'vitest';
import { LabErrorCode } from '../errors.js';
import { exabgpRouteText, renderExabgpConfig, replayExabgpMessages } from './exabgp.js';

const peer = '{ "local": "2001:db8::2", "peer": "2001:db8::1" }';
const line = (counter: number, body: string) =>
  `{ "exabgp": "4.0.1", "counter": ${counter}, ${body.replace('NEIGHBOR', `"address": ${peer}, "asn": { "local": 65002, "peer": 65001 }`)} }`;

// Message shapes captured from ExaBGP 4.2.21 (JSON encoder) in the lab.
const messages = [
  line(1, '"type": "state", "neighbor": { NEIGHBOR, "state": "connected" }'),
  line(2, '"type": "state", "neighbor": { NEIGHBOR, "state": "up" }'),
  line(
    3,
    '"type": "update", "neighbor": { NEIGHBOR, "direction": "receive", "message": { "update": { "attribute": { "origin": "igp", "as-path": [ 65001, 65097 ], "confederation-path": [], "med": 33, "community": [ [ 65000, 2 ], [ 65000, 1 ] ], "large-community": [ [ 65000, 5 , 6 ] ] }, "announce": { "ipv6 unicast": { "2001:db8::1": [ { "nlri": "2001:db8:300::/48" }, { "nlri": "2001:db8:301::/48" } ], "fe80::1": [ { "nlri": "2001:db8:300::/48" } ] } } } } }',
  ),
  'done',
  line(
    4,
    '"type": "update", "neighbor": { NEIGHBOR, "direction": "receive", "message": { "update": { "withdraw": { "ipv6 unicast": [ { "nlri": "2001:db8:301::/48" } ] } } } }',
  ),
];

describe('replayExabgpMessages', () => {
  it('rebuilds routes and session state, skipping non-JSON lines', () => {
    const view = replayExabgpMessages(messages);
    expect(view.neighbors.get('2001:db8::1')).toBe('established');
    expect(view.routes).toEqual([
      {
        prefix: '2001:db8:300::/48',
        asPath: [65001, 65097],
        med: 33,
        nextHop: '2001:db8::1',
        communities: ['65000:1', '65000:2'],
        largeCommunities: ['65000:5:6'],
      },
    ]);
  });

  it('forgets a peer routes when its session goes down', () => {
    const view = replayExabgpMessages([
      ...messages,
      line(5, '"type": "state", "neighbor": { NEIGHBOR, "state": "down" }'),
    ]);
    expect(view.neighbors.get('2001:db8::1')).toBe('idle');
    expect(view.routes).toEqual([]);
  });
});

describe('renderExabgpConfig', () => {
  const config = {
    asn: 65002,
    routerId: '192.0.2.2',
    localAddress: '2001:db8::2',
    peers: [{ address: '2001:db8::1', asn: 65001, password: 'k', holdTimeSec: 9 }],
    routes: [{ prefix: '2001:db8:4::/48', med: 4, asPathPrepend: [7] }],
  };

  it('renders the neighbor with MD5, hold time, the API process and static routes with the local AS first', () => {
    const text = renderExabgpConfig(config, '/usr/bin/python3 api.py');
    expect(text).toContain('md5-password "k";');
    expect(text).toContain('hold-time 9;');
    expect(text).toContain('run /usr/bin/python3 api.py;');
    expect(text).toContain(`${exabgpRouteText(config.routes[0]!, 65002)};`);
    expect(exabgpRouteText(config.routes[0]!, 65002)).toBe(
      'route 2001:db8:4::/48 next-hop self med 4 as-path [ 65002 7 ]',
    );
  });

  it('refuses listen ranges', () => {
    expect(() => renderExabgpConfig({ ...config, listenRanges: [{ prefix: '2001:db8::/64', asn: 1 }] }, 'x')).toThrow(
      expect.objectContaining({ code: LabErrorCode.badInput }),
    );
  });
});
