/**
 * The speaker's runtime API used by the Cilium agent semantics: peers added and removed while running, and routes
 * originated towards one peer only (diffed against what that peer was sent).
 */
import { describe, expect, it } from 'vitest';
import { V6netError } from '../../core/errors.js';
import type { RouteConfig } from './config-types.js';
import type { SpeakerEvent } from './events.js';
import { peer, speakerConfig, World } from './speaker-world.test-helper.js';

const A = '2001:db8::1';
const B = '2001:db8::2';
const C = '2001:db8::3';

function route(prefix: string, extra: Partial<RouteConfig> = {}): RouteConfig {
  return { prefix, nextHop: 'self', communities: [], largeCommunities: [], origin: 'igp', asPath: [], ...extra };
}

const received = (events: SpeakerEvent[]) => events.filter((e) => e.event === 'update');
const prefixesAt = (routes: readonly { prefix: string }[] | undefined) => (routes ?? []).map((r) => r.prefix).sort();

/** A (65001) with no peers at first; B (65002) and C (65003) passively wait for A. */
function world3() {
  const world = new World();
  const a = world.host(A, speakerConfig(65001, '192.0.2.1', A, { routes: [route('2001:db8:a::/48')] }));
  const b = world.host(B, speakerConfig(65002, '192.0.2.2', B, { peers: [peer(A, 65001, { passive: true })] }));
  const c = world.host(C, speakerConfig(65003, '192.0.2.3', C, { peers: [peer(A, 65001, { passive: true })] }));
  return { world, a, b, c };
}

describe('runtime peers', () => {
  it('addPeer on a running speaker establishes the session and sends the global routes', async () => {
    const { world, a, b } = world3();
    await Promise.all([a.speaker.start(), b.speaker.start()]);
    await world.run(500);
    expect(a.speaker.peers()).toEqual([]);
    a.speaker.addPeer(peer(B, 65002));
    await world.run(1000);
    expect(a.speaker.session(B)?.state).toBe('Established');
    expect(prefixesAt(b.speaker.receivedRoutes(A))).toEqual(['2001:db8:a::/48']);
    expect(a.speaker.configuredPeers().map((p) => p.address)).toEqual([B]);
  });

  it('addPeer before start is used by start; a duplicate address is refused', async () => {
    const { world, a, b } = world3();
    a.speaker.addPeer(peer(B, 65002));
    expect(() => a.speaker.addPeer(peer(B, 65009))).toThrow(V6netError);
    await Promise.all([a.speaker.start(), b.speaker.start()]);
    await world.run(1000);
    expect(a.speaker.session(B)?.state).toBe('Established');
  });

  it('removePeer ends the session with a Cease NOTIFICATION and forgets the peer', async () => {
    const { world, a, b } = world3();
    a.speaker.addPeer(peer(B, 65002));
    await Promise.all([a.speaker.start(), b.speaker.start()]);
    await world.run(1000);
    expect(a.speaker.removePeer(B, 'node drained')).toBe(true);
    await world.run(500);
    expect(a.speaker.session(B)).toBeUndefined();
    expect(a.speaker.peers()).toEqual([]);
    expect(b.events.filter((e) => e.event === 'notificationReceived').at(-1)).toMatchObject({
      peer: A,
      code: 6,
      subcode: 2,
      message: 'node drained',
    });
    expect(b.speaker.receivedRoutes(A)).toEqual([]);
    expect(a.speaker.removePeer(B)).toBe(false);
    // Nothing dials B any more.
    await world.run(20_000, 1000);
    expect(b.speaker.session(A)?.state).not.toBe('Established');
  });

  it('setPeerRoutes sends each peer its own routes and attributes; global routes still go to all', async () => {
    const { world, a, b, c } = world3();
    a.speaker.addPeer(peer(B, 65002));
    a.speaker.addPeer(peer(C, 65003));
    a.speaker.setPeerRoutes(B, [route('2001:db8:b::/64', { communities: ['65000:99'] })]);
    a.speaker.setPeerRoutes(C, [route('2001:db8:c::/64', { largeCommunities: ['65001:1:2'] })]);
    await Promise.all([a.speaker.start(), b.speaker.start(), c.speaker.start()]);
    await world.run(1000);
    expect(prefixesAt(b.speaker.receivedRoutes(A))).toEqual(['2001:db8:a::/48', '2001:db8:b::/64']);
    expect(prefixesAt(c.speaker.receivedRoutes(A))).toEqual(['2001:db8:a::/48', '2001:db8:c::/64']);
    const atB = b.speaker.receivedRoutes(A)?.find((r) => r.prefix === '2001:db8:b::/64');
    expect(atB).toMatchObject({ communities: ['65000:99'], nextHop: A, asPath: [{ type: 'sequence', asns: [65001] }] });
    expect(c.speaker.receivedRoutes(A)?.find((r) => r.prefix === '2001:db8:c::/64')?.largeCommunities).toEqual([
      '65001:1:2',
    ]);
  });

  it('setPeerRoutes on an Established session sends only the difference', async () => {
    const { world, a, b } = world3();
    a.speaker.addPeer(peer(B, 65002));
    a.speaker.setPeerRoutes(B, [route('2001:db8:1::/64'), route('2001:db8:2::/64')]);
    await Promise.all([a.speaker.start(), b.speaker.start()]);
    await world.run(1000);
    const before = received(b.events).length;

    // Unchanged content: nothing on the wire.
    a.speaker.setPeerRoutes(B, [route('2001:db8:2::/64'), route('2001:db8:1::/64')]);
    await world.run(100);
    expect(received(b.events).length).toBe(before);
    expect(a.events.filter((e) => e.event === 'peerRoutes').at(-1)).toMatchObject({ announced: 0, withdrawn: 0 });

    // One changed, one removed, one new.
    a.speaker.setPeerRoutes(B, [route('2001:db8:1::/64', { med: 5 }), route('2001:db8:3::/64')]);
    await world.run(100);
    expect(a.events.filter((e) => e.event === 'peerRoutes').at(-1)).toMatchObject({
      routes: 3,
      announced: 2,
      withdrawn: 1,
    });
    expect(prefixesAt(b.speaker.receivedRoutes(A))).toEqual(['2001:db8:1::/64', '2001:db8:3::/64', '2001:db8:a::/48']);
    expect(b.speaker.receivedRoutes(A)?.find((r) => r.prefix === '2001:db8:1::/64')?.med).toBe(5);
    expect(a.speaker.peers()[0]?.families.find((f) => f.family === 'ipv6-unicast')?.advertised).toBe(3);

    // Empty: back to the global routes only.
    a.speaker.setPeerRoutes(B, []);
    await world.run(100);
    expect(prefixesAt(b.speaker.receivedRoutes(A))).toEqual(['2001:db8:a::/48']);
  });

  it('a per-peer route overrides the global route of the same prefix, and survives a global withdraw', async () => {
    const { world, a, b } = world3();
    a.speaker.addPeer(peer(B, 65002));
    await Promise.all([a.speaker.start(), b.speaker.start()]);
    await world.run(1000);
    a.speaker.setPeerRoutes(B, [route('2001:db8:a::/48', { communities: ['65000:1'] })]);
    await world.run(100);
    expect(b.speaker.receivedRoutes(A)?.[0]?.communities).toEqual(['65000:1']);
    expect(a.speaker.withdraw('2001:db8:a::/48')).toBe(true);
    await world.run(100);
    expect(b.speaker.receivedRoutes(A)?.[0]).toMatchObject({ prefix: '2001:db8:a::/48', communities: ['65000:1'] });
    a.speaker.setPeerRoutes(B, []);
    await world.run(100);
    expect(b.speaker.receivedRoutes(A)).toEqual([]);
  });

  it('addPeer installs the MD5 key on the running listener: the right key establishes, a wrong one never does', async () => {
    for (const [key, expected] of [
      ['s3cret', 'Established'],
      ['other', undefined],
    ] as const) {
      const world = new World();
      const a = world.host(A, speakerConfig(65001, '192.0.2.1', A));
      const c = world.host(
        C,
        speakerConfig(65003, '192.0.2.3', C, { peers: [peer(A, 65001, { password: 's3cret' })] }),
      );
      await Promise.all([a.speaker.start(), c.speaker.start()]);
      a.speaker.addPeer(peer(C, 65003, { passive: true, password: key }));
      await world.run(3000);
      expect(a.speaker.session(C)?.isEstablished ? 'Established' : undefined).toBe(expected);
    }
  });

  it('typed errors for an unknown peer or a bad prefix', () => {
    const { a } = world3();
    expect(() => a.speaker.setPeerRoutes(B, [])).toThrow(expect.objectContaining({ code: 'E_SPEAKER_NO_PEER' }));
    a.speaker.addPeer(peer(B, 65002));
    expect(() => a.speaker.setPeerRoutes(B, [route('2001:db8::/129')])).toThrow(
      expect.objectContaining({ code: 'E_SPEAKER_ROUTE' }),
    );
  });
});
