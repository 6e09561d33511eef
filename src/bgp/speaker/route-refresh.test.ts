import { describe, expect, it } from 'vitest';
import type { PolicyConfig } from '../policy/types.js';
import type { PeerConfig, RouteConfig } from './config-types.js';
import { handleControlRequest } from './control-api.js';
import type { SpeakerEvent } from './events.js';
import { type Host, peer, speakerConfig, World } from './speaker-world.test-helper.js';

const A = '2001:db8::1';
const B = '2001:db8::2';

function route(prefix: string, extra: Partial<RouteConfig> = {}): RouteConfig {
  return { prefix, nextHop: 'self', communities: [], largeCommunities: [], origin: 'igp', asPath: [], ...extra };
}

const POLICY: PolicyConfig = {
  prefixLists: [{ name: 'ONLY-B', afi: 'ipv6', entries: [{ seq: 5, action: 'permit', prefix: '2001:db8:b::/48' }] }],
  routeMaps: [{ name: 'IN', rules: [{ seq: 10, action: 'permit', match: { prefixList: 'ONLY-B' } }] }],
};

async function pair(
  aPeer: Partial<PeerConfig>,
  aExtra: { policy?: PolicyConfig; ebgpRequiresPolicy?: boolean } = {},
): Promise<{ world: World; a: Host; b: Host }> {
  const world = new World();
  const a = world.host(
    A,
    speakerConfig(65001, '192.0.2.1', A, {
      peers: [peer(B, 65002, { families: ['ipv6-unicast'], ...aPeer })],
      routes: [route('2001:db8:a::/48')],
      ...aExtra,
    }),
  );
  const b = world.host(
    B,
    speakerConfig(65002, '192.0.2.2', B, {
      peers: [peer(A, 65001, { passive: true, families: ['ipv6-unicast'] })],
      routes: [route('2001:db8:b::/48'), route('2001:db8:b1::/48')],
    }),
  );
  await a.speaker.start();
  await b.speaker.start();
  await world.run(1000);
  return { world, a, b };
}

const refreshes = (events: SpeakerEvent[], direction: 'sent' | 'received') =>
  events.filter((e) => e.event === 'routeRefresh' && e.direction === direction);
const prefixesAt = (h: Host, from: string) => (h.speaker.receivedRoutes(from) ?? []).map((r) => r.prefix).sort();

describe('route refresh (RFC 2918)', () => {
  it('out: asks the peer for its routes again; in: the peer resends its whole Adj-RIB-Out', async () => {
    const { world, a, b } = await pair({});
    expect(prefixesAt(a, B)).toEqual(['2001:db8:b::/48', '2001:db8:b1::/48'].sort());
    const sentBefore = b.speaker.peers()[0]!.messagesSent;
    const updatesBefore = a.events.filter((e) => e.event === 'update').length;

    const r = handleControlRequest(a.speaker, { method: 'POST', url: `/peers/${B}/refresh`, body: '' });
    expect(r).toEqual({ status: 200, body: { peer: B, refresh: 'requested' } });
    await world.run(500);

    expect(refreshes(a.events, 'sent')).toEqual([
      { event: 'routeRefresh', peer: B, family: 'ipv6-unicast', direction: 'sent' },
    ]);
    expect(refreshes(b.events, 'received')).toHaveLength(1);
    // B sent its two routes again (UPDATE) and an End-of-RIB; A got them, its table unchanged
    expect(b.speaker.peers()[0]!.messagesSent).toBeGreaterThan(sentBefore);
    const again = a.events.filter((e) => e.event === 'update').slice(updatesBefore);
    expect(again.reduce((n, e) => n + (e.event === 'update' ? e.announced : 0), 0)).toBe(2);
    expect(prefixesAt(a, B)).toHaveLength(2);
  });

  it('with soft-reconfiguration inbound, re-runs the import policy locally and sends nothing', async () => {
    const { world, a, b } = await pair({ softReconfigurationInbound: true, importPolicy: 'IN' }, { policy: POLICY });
    expect(prefixesAt(a, B)).toEqual(['2001:db8:b::/48']); // the policy let one through
    const r = handleControlRequest(a.speaker, { method: 'POST', url: `/peers/${B}/refresh`, body: '' });
    expect(r.body).toEqual({ peer: B, refresh: 'reapplied' });
    await world.run(500);
    expect(refreshes(a.events, 'sent')).toEqual([]);
    expect(refreshes(b.events, 'received')).toEqual([]);
    expect(prefixesAt(a, B)).toEqual(['2001:db8:b::/48']);
  });

  it('answers 409 for a peer that is not Established', async () => {
    const world = new World();
    const a = world.host(A, speakerConfig(65001, '192.0.2.1', A, { peers: [peer(B, 65002)] }));
    await a.speaker.start();
    await world.run(100);
    expect(handleControlRequest(a.speaker, { method: 'POST', url: `/peers/${B}/refresh`, body: '' }).status).toBe(409);
  });
});

describe('RFC 8212 (ebgp-requires-policy), off by default', () => {
  it('off: eBGP routes are accepted and sent without any policy', async () => {
    const { a, b } = await pair({});
    expect(prefixesAt(a, B)).toHaveLength(2);
    expect(prefixesAt(b, A)).toEqual(['2001:db8:a::/48']);
  });

  it('on: without an import policy nothing is accepted, without an export policy nothing is sent', async () => {
    const { a, b } = await pair({}, { ebgpRequiresPolicy: true });
    expect(a.speaker.session(B)?.state).toBe('Established');
    expect(prefixesAt(a, B)).toEqual([]);
    expect(prefixesAt(b, A)).toEqual([]);
    const s = a.speaker.ribSummary().peers[0]!;
    expect([s.received, s.accepted, s.advertised]).toEqual([2, 0, 0]);
  });

  it('on, with policies: what the policies permit flows', async () => {
    const policy: PolicyConfig = {
      ...POLICY,
      routeMaps: [...POLICY.routeMaps!, { name: 'OUT', rules: [{ seq: 10, action: 'permit' }] }],
    };
    const { a, b } = await pair({ importPolicy: 'IN', exportPolicy: 'OUT' }, { policy, ebgpRequiresPolicy: true });
    expect(prefixesAt(a, B)).toEqual(['2001:db8:b::/48']);
    expect(prefixesAt(b, A)).toEqual(['2001:db8:a::/48']);
  });
});
