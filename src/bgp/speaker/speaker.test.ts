import { describe, expect, it } from 'vitest';
import type { RouteConfig } from './config-types.js';
import { handleControlRequest } from './control-api.js';
import type { SpeakerEvent } from './events.js';
import { type Host, peer, speakerConfig, World } from './speaker-world.test-helper.js';
import { encodeAnnouncement, encodeKeepalive, encodeOpen } from './wire-adapter.js';

const A = '2001:db8::1';
const B = '2001:db8::2';

function route(prefix: string, extra: Partial<RouteConfig> = {}): RouteConfig {
  return { prefix, nextHop: 'self', communities: [], largeCommunities: [], origin: 'igp', asPath: [], ...extra };
}

function pair(world: World, opts: { aPassive?: boolean; bPassive?: boolean } = {}): { a: Host; b: Host } {
  const a = world.host(
    A,
    speakerConfig(65001, '192.0.2.1', A, {
      peers: [peer(B, 65002, { passive: opts.aPassive ?? false })],
      routes: [
        route('2001:db8:a::/48', { communities: ['65001:100', 'no-export'], med: 10, largeCommunities: ['65001:1:2'] }),
        route('198.51.100.0/24', { nextHop: '192.0.2.1' }),
      ],
    }),
  );
  const b = world.host(
    B,
    speakerConfig(65002, '192.0.2.2', B, {
      peers: [peer(A, 65001, { passive: opts.bPassive ?? true })],
      routes: [route('2001:db8:b::/48', { asPath: [65100] })],
    }),
  );
  return { a, b };
}

type EventOf<K extends string> = SpeakerEvent extends infer E
  ? E extends { event: infer N }
    ? K extends N
      ? E
      : never
    : never
  : never;
const of = <K extends SpeakerEvent['event']>(events: SpeakerEvent[], kind: K) =>
  events.filter((e): e is EventOf<K> => e.event === kind);

describe('Speaker over the in-memory network', () => {
  it('establishes a session and exchanges routes both ways with End-of-RIB', async () => {
    const world = new World();
    const { a, b } = pair(world);
    await a.speaker.start();
    await b.speaker.start();
    await world.run(1000);

    expect(a.speaker.session(B)?.state).toBe('Established');
    expect(b.speaker.session(A)?.state).toBe('Established');
    expect(of(a.events, 'established')[0]).toMatchObject({ peer: B, asn: 65002, holdTimeSec: 9, keepaliveTimeSec: 3 });

    const atB = b.speaker.receivedRoutes(A) ?? [];
    const v6 = atB.find((r) => r.prefix === '2001:db8:a::/48');
    // eBGP: local AS prepended, next hop self = session local address, no LOCAL_PREF.
    expect(v6).toMatchObject({
      nextHop: A,
      asPath: [{ type: 'sequence', asns: [65001] }],
      med: 10,
      origin: 'igp',
      communities: ['65001:100', 'no-export'],
      largeCommunities: ['65001:1:2'],
    });
    expect(v6?.localPref).toBeUndefined();
    expect(atB.find((r) => r.prefix === '198.51.100.0/24')?.nextHop).toBe('192.0.2.1');
    const atA = a.speaker.receivedRoutes(B) ?? [];
    expect(atA.map((r) => r.prefix)).toEqual(['2001:db8:b::/48']);
    expect(atA[0]?.asPath).toEqual([{ type: 'sequence', asns: [65002, 65100] }]);

    // End-of-RIB after the initial dump, per negotiated family, both directions.
    const eorSent = of(a.events, 'endOfRib')
      .filter((e) => e.direction === 'sent')
      .map((e) => e.family);
    expect(eorSent.sort()).toEqual(['ipv4-unicast', 'ipv6-unicast']);
    const eorReceivedAtB = of(b.events, 'endOfRib')
      .filter((e) => e.direction === 'received')
      .map((e) => e.family);
    expect(eorReceivedAtB.sort()).toEqual(['ipv4-unicast', 'ipv6-unicast']);

    const status = a.speaker.peers()[0];
    expect(status?.state).toBe('Established');
    expect(status?.capabilities).toContain('fourOctetAs');
    expect(status?.families.find((f) => f.family === 'ipv6-unicast')).toEqual({
      family: 'ipv6-unicast',
      received: 1,
      accepted: 1,
      advertised: 1,
    });

    // Keepalives keep the session up well past the hold time.
    await world.run(30_000, 500);
    expect(a.speaker.session(B)?.state).toBe('Established');
    expect(a.speaker.peers()[0]?.uptimeSec).toBeGreaterThanOrEqual(30);
  });

  it('sends a large initial dump in packed UPDATEs and the peer learns every route', async () => {
    const world = new World();
    const count = 5000;
    const routes = Array.from({ length: count }, (_, i) =>
      route(`2001:db8:${(i >> 8).toString(16)}:${(i & 0xff).toString(16)}::/64`),
    );
    const a = world.host(A, speakerConfig(65001, '192.0.2.1', A, { peers: [peer(B, 65002)], routes }));
    const b = world.host(B, speakerConfig(65002, '192.0.2.2', B, { peers: [peer(A, 65001, { passive: true })] }));
    await a.speaker.start();
    await b.speaker.start();
    const started = performance.now();
    await world.run(1000);
    const elapsedMs = performance.now() - started;
    expect(b.speaker.receivedRoutes(A)?.length).toBe(count);
    // 5000 × 9 octets of NLRI fit in about a dozen 4096-octet UPDATEs (plus OPEN, KEEPALIVEs, End-of-RIB).
    expect(a.speaker.peers()[0]?.messagesSent).toBeLessThan(30);
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('announces and withdraws at runtime through the control API', async () => {
    const world = new World();
    const { a, b } = pair(world);
    await a.speaker.start();
    await b.speaker.start();
    await world.run(1000);

    const post = handleControlRequest(a.speaker, {
      method: 'POST',
      url: '/routes',
      body: JSON.stringify({ prefix: '2001:db8:c::/48', nextHop: '2001:db8::99', communities: ['65001:7'] }),
    });
    expect(post.status).toBe(200);
    await world.run(100);
    expect(b.speaker.receivedRoutes(A)?.find((r) => r.prefix === '2001:db8:c::/48')).toMatchObject({
      nextHop: '2001:db8::99',
      communities: ['65001:7'],
    });

    const del = handleControlRequest(a.speaker, {
      method: 'DELETE',
      url: '/routes',
      body: '{"prefix":"2001:db8:c::/48"}',
    });
    expect(del.status).toBe(200);
    const again = handleControlRequest(a.speaker, {
      method: 'DELETE',
      url: '/routes?prefix=2001:db8:c::/48',
      body: '',
    });
    expect(again.status).toBe(404);
    await world.run(100);
    expect(b.speaker.receivedRoutes(A)?.some((r) => r.prefix === '2001:db8:c::/48')).toBe(false);
    // Withdrawing a config route works the same way.
    a.speaker.withdraw('198.51.100.0/24');
    await world.run(100);
    expect(b.speaker.receivedRoutes(A)?.map((r) => r.prefix)).toEqual(['2001:db8:a::/48']);

    const routes = handleControlRequest(b.speaker, { method: 'GET', url: `/peers/${A}/routes`, body: '' });
    expect(routes.status).toBe(200);
    expect(handleControlRequest(b.speaker, { method: 'GET', url: '/peers/2001:db8::77/routes', body: '' }).status).toBe(
      404,
    );
    const bad = handleControlRequest(a.speaker, {
      method: 'POST',
      url: '/routes',
      body: '{"prefix":"2001:db8::/200"}',
    });
    expect(bad.status).toBe(400);
  });

  it('expires the hold timer when the peer goes silent, then reconnects', async () => {
    const world = new World();
    const { a, b } = pair(world);
    await a.speaker.start();
    await b.speaker.start();
    await world.run(1000);
    expect(b.speaker.receivedRoutes(A)?.length).toBe(2);

    a.transport.silent = true; // A stops sending anything (keepalives included)
    await world.run(9_500);
    const notes = of(b.events, 'notificationSent');
    expect(notes.map((n) => [n.code, n.subcode])).toContainEqual([4, 0]);
    expect(of(b.events, 'down').some((d) => d.peer === A && d.reason === 'holdTimerExpired')).toBe(true);
    expect(b.speaker.receivedRoutes(A)?.length).toBe(0);
    expect(b.speaker.peers()[0]?.lastError).toBe('hold timer expired');

    a.transport.silent = false;
    await world.run(40_000, 250);
    expect(a.speaker.session(B)?.state).toBe('Established');
    expect(b.speaker.session(A)?.state).toBe('Established');
    expect(of(b.events, 'established').length).toBe(2);
    expect(b.speaker.receivedRoutes(A)?.length).toBe(2);
  });

  for (const [idA, idB] of [
    ['192.0.2.1', '192.0.2.2'],
    ['192.0.2.9', '192.0.2.2'],
  ] as const) {
    it(`resolves a connection collision (both sides active, ids ${idA} vs ${idB}) to the higher id's connection`, async () => {
      const world = new World();
      const a = world.host(
        A,
        speakerConfig(65001, idA, A, { peers: [peer(B, 65002)], routes: [route('2001:db8:a::/48')] }),
      );
      const b = world.host(
        B,
        speakerConfig(65002, idB, B, { peers: [peer(A, 65001)], routes: [route('2001:db8:b::/48')] }),
      );
      await a.speaker.start();
      await b.speaker.start();
      await world.run(2000);
      const sa = a.speaker.session(B);
      const sb = b.speaker.session(A);
      expect(sa?.state).toBe('Established');
      expect(sb?.state).toBe('Established');
      expect(sa?.debugState().secondary).toBeUndefined();
      // RFC 4271 §6.8: the connection initiated by the speaker with the higher BGP Identifier survives.
      const aWins = idA > idB;
      expect(sa?.debugState().direction).toBe(aWins ? 'out' : 'in');
      expect(sb?.debugState().direction).toBe(aWins ? 'in' : 'out');
      const cease7 = [...of(a.events, 'notificationSent'), ...of(b.events, 'notificationSent')].filter(
        (n) => n.code === 6 && n.subcode === 7,
      );
      expect(cease7.length).toBeGreaterThan(0);
      expect(of(a.events, 'established').length).toBe(1);
      expect(of(b.events, 'established').length).toBe(1);
      await world.run(20_000, 500);
      expect(sa?.state).toBe('Established');
      expect(b.speaker.receivedRoutes(A)?.map((r) => r.prefix)).toEqual(['2001:db8:a::/48']);
      expect(a.speaker.receivedRoutes(B)?.map((r) => r.prefix)).toEqual(['2001:db8:b::/48']);
    });
  }

  it('stops with a Cease / Administrative Shutdown carrying the RFC 8203 message', async () => {
    const world = new World();
    const { a, b } = pair(world);
    await a.speaker.start();
    await b.speaker.start();
    await world.run(1000);
    await a.speaker.stop('maintenance');
    await world.run(100);
    const received = of(b.events, 'notificationReceived');
    expect(received.map((n) => [n.code, n.subcode, n.message])).toEqual([[6, 2, 'maintenance']]);
    expect(b.speaker.receivedRoutes(A)?.length).toBe(0);
    expect(a.speaker.session(B)?.state).toBe('Idle');
    await world.run(10_000, 500);
    expect(a.speaker.session(B)?.state).toBe('Idle'); // no automatic restart after a manual stop
  });
});

describe('dynamic neighbors', () => {
  const C = 'fd00:1::3';
  const D = 'fd00:1::4';
  const E = 'fd00:1::5';

  it('accepts peers from a listen range with the range key, up to the limit, and forgets them when they leave', async () => {
    const world = new World();
    const hub = world.host(
      'fd00:1::1',
      speakerConfig(65000, '192.0.2.10', 'fd00:1::1', {
        listenRanges: [
          {
            prefix: 'fd00:1::/64',
            asn: 'external',
            passive: true,
            password: 'range-secret',
            holdTimeSec: 9,
            keepaliveTimeSec: 3,
            connectRetrySec: 5,
            families: ['ipv6-unicast'],
            limit: 1,
          },
        ],
        routes: [route('2001:db8:f::/48')],
      }),
    );
    const spoke = (address: string, id: string, password: string) =>
      world.host(
        address,
        speakerConfig(65010, id, address, {
          peers: [peer('fd00:1::1', 65000, { password, families: ['ipv6-unicast'] })],
          routes: [route(`2001:db8:${id.split('.')[3]}::/48`)],
        }),
      );
    const c = spoke(C, '192.0.2.3', 'range-secret');
    const d = spoke(D, '192.0.2.4', 'range-secret');
    const e = spoke(E, '192.0.2.5', 'wrong');
    await hub.speaker.start();
    await c.speaker.start();
    await world.run(1000);
    expect(hub.speaker.session(C)?.state).toBe('Established');
    const status = hub.speaker.peers().find((p) => p.address === C);
    expect(status).toMatchObject({ dynamic: true, range: 'fd00:1::/64', asn: 'external', remoteAsn: 65010 });
    expect(hub.speaker.receivedRoutes(C)?.map((r) => r.prefix)).toEqual(['2001:db8:3::/48']);
    expect(c.speaker.receivedRoutes('fd00:1::1')?.map((r) => r.prefix)).toEqual(['2001:db8:f::/48']);
    expect(of(hub.events, 'dynamicNeighbor')).toEqual([{ event: 'dynamicNeighbor', peer: C, range: 'fd00:1::/64' }]);

    // Over the limit: rejected.
    await d.speaker.start();
    await world.run(1000);
    expect(of(hub.events, 'connectionRejected').some((r) => r.peer === D)).toBe(true);
    expect(hub.speaker.session(D)).toBeUndefined();

    // Wrong MD5 key: the SYN is dropped, the hub never even sees the connection.
    await e.speaker.start();
    await world.run(2000);
    expect(hub.events.some((ev) => 'peer' in ev && ev.peer === E)).toBe(false);
    expect(e.speaker.session('fd00:1::1')?.state).not.toBe('Established');

    // The dynamic neighbor leaves: the hub forgets it, and the freed slot admits D.
    await c.speaker.stop();
    await world.run(100);
    expect(hub.speaker.session(C)).toBeUndefined();
    await world.run(15_000, 250);
    expect(hub.speaker.session(D)?.state).toBe('Established');
  });

  it('rejects connections from addresses outside every range', async () => {
    const world = new World();
    const hub = world.host('fd00:1::1', speakerConfig(65000, '192.0.2.10', 'fd00:1::1'));
    const stranger = world.host(
      'fd00:2::9',
      speakerConfig(65009, '192.0.2.9', 'fd00:2::9', { peers: [peer('fd00:1::1', 65000)] }),
    );
    await hub.speaker.start();
    await stranger.speaker.start();
    await world.run(1000);
    expect(of(hub.events, 'connectionRejected')[0]?.peer).toBe('fd00:2::9');
    expect(hub.speaker.peers()).toEqual([]);
  });
});

describe('RFC 7606 error handling of received UPDATEs', () => {
  const FAKE = '2001:db8::9';

  async function fakePeer(world: World, a: Host) {
    const pending = world.network.transport(FAKE).connect({ remoteAddress: A, remotePort: 179, timeoutMs: 1000 });
    await world.settle(); // deliveries run only when the world is settled
    const conn = await pending;
    const received: number[] = [];
    conn.onData((chunk) => received.push(...chunk));
    conn.write(encodeOpen({ asn: 65009, routerId: '192.0.2.9', holdTimeSec: 90, families: ['ipv6-unicast'] }));
    conn.write(encodeKeepalive());
    await world.run(100);
    expect(a.speaker.session(FAKE)?.state).toBe('Established');
    return { conn, received };
  }

  function announcement(prefix: string): Uint8Array {
    const attrs = {
      origin: 'igp',
      asPath: [{ type: 'sequence', asns: [65009] }],
      nextHop: FAKE,
      communities: [],
      largeCommunities: [],
    } as const;
    return encodeAnnouncement(prefix, attrs, { fourOctetAs: true, extendedMessage: false });
  }

  function indexOfOrigin(bytes: Uint8Array): number {
    // ORIGIN: flags 0x40 (well-known transitive), type 1, length 1, value.
    for (let i = 23; i + 3 < bytes.length; i++) {
      if (bytes[i] === 0x40 && bytes[i + 1] === 1 && bytes[i + 2] === 1) return i + 3;
    }
    throw new Error('no ORIGIN attribute');
  }

  it('treats an UPDATE with an invalid ORIGIN as a withdrawal and keeps the session', async () => {
    const world = new World();
    const a = world.host(
      A,
      speakerConfig(65001, '192.0.2.1', A, {
        peers: [peer(FAKE, 65009, { passive: true, families: ['ipv6-unicast'] })],
      }),
    );
    await a.speaker.start();
    const { conn } = await fakePeer(world, a);
    conn.write(announcement('2001:db8:9::/48'));
    await world.run(100);
    expect(a.speaker.receivedRoutes(FAKE)?.map((r) => r.prefix)).toEqual(['2001:db8:9::/48']);

    const bad = announcement('2001:db8:9::/48');
    bad[indexOfOrigin(bad)] = 7; // RFC 7606 §7.1: undefined ORIGIN value → treat-as-withdraw
    conn.write(bad);
    await world.run(100);
    expect(a.speaker.receivedRoutes(FAKE)).toEqual([]);
    const updates = of(a.events, 'update').filter((u) => u.peer === FAKE);
    expect(updates.at(-1)).toMatchObject({ announced: 0, treatAsWithdraw: 1 });
    expect(a.speaker.session(FAKE)?.state).toBe('Established');
    expect(of(a.events, 'notificationSent')).toEqual([]);
  });

  it('resets the session on a malformed attribute list (3/1) and drops the routes', async () => {
    const world = new World();
    const a = world.host(
      A,
      speakerConfig(65001, '192.0.2.1', A, {
        peers: [peer(FAKE, 65009, { passive: true, families: ['ipv6-unicast'] })],
      }),
    );
    await a.speaker.start();
    const { conn, received } = await fakePeer(world, a);
    conn.write(announcement('2001:db8:9::/48'));
    await world.run(100);
    const bad = announcement('2001:db8:9::/48');
    bad[21] = 0xff; // Total Path Attribute Length far beyond the message
    bad[22] = 0xff;
    conn.write(bad);
    await world.run(100);
    expect(of(a.events, 'notificationSent').map((n) => [n.code, n.subcode])).toEqual([[3, 1]]);
    expect(a.speaker.receivedRoutes(FAKE) ?? []).toEqual([]);
    expect(a.speaker.session(FAKE)?.state).not.toBe('Established');
    // The NOTIFICATION reached the peer: type 3 after a 16-octet marker and a length.
    const bytes = Uint8Array.from(received);
    let found = false;
    for (let i = 0; i + 20 < bytes.length; i++)
      if (bytes[i + 18] === 3 && bytes[i + 19] === 3 && bytes[i + 20] === 1) found = true;
    expect(found).toBe(true);
  });
});

describe('graceful restart (RFC 4724, receiving side)', () => {
  function grPair(world: World) {
    const gr = { restartTimeSec: 5 };
    const a = world.host(
      A,
      speakerConfig(65001, '192.0.2.1', A, {
        peers: [peer(B, 65002, { gracefulRestart: gr })],
        routes: [route('2001:db8:1::/48'), route('2001:db8:2::/48')],
      }),
    );
    const b = world.host(
      B,
      speakerConfig(65002, '192.0.2.2', B, { peers: [peer(A, 65001, { passive: true, gracefulRestart: gr })] }),
    );
    return { a, b };
  }

  it('keeps the routes of a crashed peer as stale, then replaces them and drops the rest at End-of-RIB', async () => {
    const world = new World();
    const { a, b } = grPair(world);
    await a.speaker.start();
    await b.speaker.start();
    await world.run(1000);
    expect(a.speaker.peers()[0]?.capabilities).toContain('gracefulRestart');
    expect(b.speaker.receivedRoutes(A)?.length).toBe(2);

    a.transport.silent = true;
    a.speaker.withdraw('2001:db8:2::/48'); // never reaches B: the restarted A simply will not announce it again
    a.transport.crash();
    await world.run(100);
    expect(of(b.events, 'down').at(-1)).toMatchObject({ peer: A, reason: 'connectionFailed' });
    const kept = b.speaker.receivedRoutes(A) ?? [];
    expect(kept.map((r) => [r.prefix, r.stale])).toEqual([
      ['2001:db8:1::/48', true],
      ['2001:db8:2::/48', true],
    ]);
    expect(of(b.events, 'gracefulRestart')).toEqual([
      { event: 'gracefulRestart', peer: A, phase: 'retained', routes: 2 },
    ]);

    a.transport.silent = false;
    await world.run(4000, 100);
    expect(b.speaker.session(A)?.state).toBe('Established');
    expect((b.speaker.receivedRoutes(A) ?? []).map((r) => [r.prefix, r.stale])).toEqual([
      ['2001:db8:1::/48', undefined],
    ]);
    expect(of(b.events, 'gracefulRestart').at(-1)).toMatchObject({
      phase: 'removed',
      routes: 1,
      family: 'ipv6-unicast',
    });
  });

  it('drops the stale routes when the peer does not come back within its restart time', async () => {
    const world = new World();
    const { a, b } = grPair(world);
    await a.speaker.start();
    await b.speaker.start();
    await world.run(1000);
    a.transport.silent = true;
    a.transport.crash();
    await world.run(4000);
    expect(b.speaker.receivedRoutes(A)?.length).toBe(2);
    await world.run(1500);
    expect(b.speaker.receivedRoutes(A)).toEqual([]);
    expect(of(b.events, 'gracefulRestart').at(-1)).toMatchObject({ phase: 'removed', routes: 2 });
  });

  it('keeps nothing when the session ends with a NOTIFICATION or without the capability', async () => {
    const world = new World();
    const { a, b } = pair(world);
    await a.speaker.start();
    await b.speaker.start();
    await world.run(1000);
    a.transport.crash();
    await world.run(100);
    expect(b.speaker.receivedRoutes(A)).toEqual([]);
    expect(of(b.events, 'gracefulRestart')).toEqual([]);
  });
});
