import { describe, expect, it } from 'vitest';
import type { RouteConfig, SpeakerConfig } from './config-types.js';
import type { SpeakerEvent } from './events.js';
import { peer, speakerConfig, World } from './speaker-world.test-helper.js';

const A = '2001:db8::1';
const B = '2001:db8::2';
const gr = { restartTimeSec: 30 };

function route(prefix: string): RouteConfig {
  return { prefix, nextHop: 'self', communities: [], largeCommunities: [], origin: 'igp', asPath: [] };
}

function hosts(world: World, aExtra: Partial<SpeakerConfig> = {}, bExtra: Partial<SpeakerConfig> = {}) {
  const a = world.host(
    A,
    speakerConfig(65001, '192.0.2.1', A, {
      peers: [peer(B, 65002, { gracefulRestart: gr, families: ['ipv6-unicast'] })],
      routes: [route('2001:db8:a::/48')],
      ...aExtra,
    }),
  );
  const b = world.host(
    B,
    speakerConfig(65002, '192.0.2.2', B, {
      peers: [peer(A, 65001, { passive: true, gracefulRestart: gr, families: ['ipv6-unicast'] })],
      routes: [route('2001:db8:b::/48')],
      ...bExtra,
    }),
  );
  return { a, b };
}

const eor = (events: SpeakerEvent[], direction: 'sent' | 'received') =>
  events.findIndex((e) => e.event === 'endOfRib' && e.direction === direction);

describe('graceful restart: restarting speaker (RFC 4724 §4.1)', () => {
  it('advertises nothing until the helper sent End-of-RIB, then its table and End-of-RIB', async () => {
    const world = new World();
    const { a, b } = hosts(world, { restarting: true });
    expect(a.speaker.ribSummary().exportDeferred).toBe(true);
    await a.speaker.start();
    await b.speaker.start();
    await world.run(1000);
    // A learned B's routes, released its export at B's End-of-RIB, and only then sent its own End-of-RIB
    expect(a.speaker.receivedRoutes(B)?.map((r) => r.prefix)).toEqual(['2001:db8:b::/48']);
    expect(eor(a.events, 'received')).toBeGreaterThanOrEqual(0);
    expect(eor(a.events, 'sent')).toBeGreaterThan(eor(a.events, 'received'));
    expect(b.speaker.receivedRoutes(A)?.map((r) => r.prefix)).toEqual(['2001:db8:a::/48']);
    expect(a.speaker.ribSummary().exportDeferred).toBe(false);
  });

  it('gives up waiting when the selection deferral timer runs out', async () => {
    const world = new World();
    // both restarting: each waits for the other's End-of-RIB, only the deferral timers end it
    const { a, b } = hosts(
      world,
      { restarting: true, selectionDeferralSec: 4 },
      { restarting: true, selectionDeferralSec: 60 },
    );
    await a.speaker.start();
    await b.speaker.start();
    await world.run(3000, 250);
    expect(a.speaker.session(B)?.state).toBe('Established');
    expect(b.speaker.receivedRoutes(A)).toEqual([]);
    expect(a.speaker.receivedRoutes(B)).toEqual([]);
    await world.run(1500, 250);
    // A's timer ran out: A sends; its End-of-RIB releases B, which sends too
    expect(b.speaker.receivedRoutes(A)?.map((r) => r.prefix)).toEqual(['2001:db8:a::/48']);
    expect(a.speaker.receivedRoutes(B)?.map((r) => r.prefix)).toEqual(['2001:db8:b::/48']);
    expect(b.speaker.ribSummary().exportDeferred).toBe(false);
  });
});

describe('graceful restart: RFC 8538 (N bit)', () => {
  it('a NOTIFICATION other than Hard Reset keeps the routes when both sides sent the N bit', async () => {
    const world = new World();
    const { a, b } = hosts(world);
    await a.speaker.start();
    await b.speaker.start();
    await world.run(1000);
    await a.speaker.stop('maintenance'); // Cease / Administrative Shutdown
    await world.run(100);
    expect(b.events.some((e) => e.event === 'notificationReceived' && e.peer === A)).toBe(true);
    expect(b.speaker.receivedRoutes(A)?.map((r) => [r.prefix, r.stale])).toEqual([['2001:db8:a::/48', true]]);
    // and they go when the restart time runs out
    await world.run(gr.restartTimeSec * 1000 + 500, 1000);
    expect(b.speaker.receivedRoutes(A)).toEqual([]);
  });

  it('without graceful restart the same NOTIFICATION drops the routes at once', async () => {
    const world = new World();
    const a = world.host(
      A,
      speakerConfig(65001, '192.0.2.1', A, { peers: [peer(B, 65002)], routes: [route('2001:db8:a::/48')] }),
    );
    const b = world.host(B, speakerConfig(65002, '192.0.2.2', B, { peers: [peer(A, 65001, { passive: true })] }));
    await a.speaker.start();
    await b.speaker.start();
    await world.run(1000);
    expect(b.speaker.receivedRoutes(A)).toHaveLength(1);
    await a.speaker.stop('maintenance');
    await world.run(100);
    expect(b.speaker.receivedRoutes(A)).toEqual([]);
  });
});
