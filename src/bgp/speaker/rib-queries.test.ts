import { describe, expect, it } from 'vitest';
import type { RouteConfig } from './config-types.js';
import { handleControlRequest } from './control-api.js';
import type { RibRouteJson, RibSummary } from './rib-queries.js';
import { formatAdvertisedText, formatLocRibText, formatRibSummaryText } from './rib-text.js';
import { type Host, peer, speakerConfig, World } from './speaker-world.test-helper.js';

const A = '2001:db8::1';
const B = '2001:db8::2';
const C = '2001:db8::3';

function route(prefix: string, extra: Partial<RouteConfig> = {}): RouteConfig {
  return { prefix, nextHop: 'self', communities: [], largeCommunities: [], origin: 'igp', asPath: [], ...extra };
}

/** A in AS 65001 (ECMP over two eBGP paths, as-path relax) learns from B (65002) and C (65003). */
async function triangle(): Promise<{ world: World; a: Host; b: Host; c: Host }> {
  const world = new World();
  const shared = route('2001:db8:100::/48', { asPath: [64500] });
  const a = world.host(
    A,
    speakerConfig(65001, '192.0.2.1', A, {
      peers: [peer(B, 65002), peer(C, 65003)],
      routes: [route('2001:db8:a::/48')],
      bestPath: { maximumPaths: 4, asPathMultipathRelax: true },
    }),
  );
  const b = world.host(
    B,
    speakerConfig(65002, '192.0.2.2', B, {
      peers: [peer(A, 65001, { passive: true })],
      routes: [
        shared,
        route('2001:db8:b::/48'),
        route('2001:db8:b:1::/64', { med: 5 }),
        route('198.51.100.0/24', { nextHop: '192.0.2.2' }),
      ],
    }),
  );
  const c = world.host(
    C,
    speakerConfig(65003, '192.0.2.3', C, {
      peers: [peer(A, 65001, { passive: true })],
      routes: [shared, route('2001:db8:c::/48', { asPath: [64501, 64502] })],
    }),
  );
  for (const h of [a, b, c]) await h.speaker.start();
  await world.run(2000);
  return { world, a, b, c };
}

function get(h: Host, url: string): { status: number; body: Record<string, unknown> } {
  const r = handleControlRequest(h.speaker, { method: 'GET', url, body: '' });
  return { status: r.status, body: r.body as Record<string, unknown> };
}

const prefixes = (body: Record<string, unknown>) => (body.routes as RibRouteJson[]).map((r) => r.prefix);

describe('control API: RIB queries', () => {
  it('answers one prefix with every path, the best, the ECMP set and the reason', async () => {
    const { a } = await triangle();
    const r = get(a, '/rib?prefix=2001:db8:100::/48');
    expect(r.status).toBe(200);
    const [only] = r.body.routes as RibRouteJson[];
    expect(only?.paths.map((p) => p.peer).sort()).toEqual([B, C]);
    expect(only?.paths.filter((p) => p.best)).toHaveLength(1);
    // same length, different neighbor AS: ECMP only thanks to as-path relax
    expect(only?.paths.every((p) => p.multipath)).toBe(true);
    expect(only?.reason).not.toBe('only-path');
    expect(only?.paths.find((p) => p.peer === B)?.attributes.asPath).toEqual([
      { type: 'sequence', asns: [65002, 64500] },
    ]);
    // a prefix nobody has: an empty answer, not an error
    expect(get(a, '/rib?prefix=2001:db8:ffff::/48').body.routes).toEqual([]);
  });

  it('finds the longest match for an address and for a prefix first address', async () => {
    const { a } = await triangle();
    expect(prefixes(get(a, '/rib?match=2001:db8:b:1::77').body)).toEqual(['2001:db8:b:1::/64']);
    expect(prefixes(get(a, '/rib?match=2001:db8:b:2::1').body)).toEqual(['2001:db8:b::/48']);
    expect(prefixes(get(a, '/rib?match=2001:db8:b:1::/80').body)).toEqual(['2001:db8:b:1::/64']);
    expect(prefixes(get(a, '/rib?match=2001:db9::1').body)).toEqual([]);
    expect(prefixes(get(a, '/rib?match=198.51.100.7').body)).toEqual(['198.51.100.0/24']);
  });

  it('pages through the whole table in address order without losing or repeating a prefix', async () => {
    const { a } = await triangle();
    const all = prefixes(get(a, '/rib?limit=10000').body);
    expect(all).toEqual([
      '198.51.100.0/24',
      '2001:db8:a::/48',
      '2001:db8:b::/48',
      '2001:db8:b:1::/64',
      '2001:db8:c::/48',
      '2001:db8:100::/48',
    ]);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = get(a, `/rib?limit=2${after === undefined ? '' : `&after=${after}`}`).body;
      seen.push(...prefixes(page));
      after = page.next as string | undefined;
      if (after === undefined) break;
    }
    expect(seen).toEqual(all);
    expect(prefixes(get(a, '/rib?family=ipv6&limit=2').body)).toEqual(all.slice(1, 3));
    expect(prefixes(get(a, '/rib?family=ipv4').body)).toEqual(['198.51.100.0/24']);
  });

  it('shows what a peer was sent (Adj-RIB-Out) and per-peer counts', async () => {
    const { a } = await triangle();
    const out = get(a, `/peers/${C}/advertised?family=ipv6`);
    expect(out.status).toBe(200);
    const sent = out.body.routes as { prefix: string; asPath: { asns: number[] }[]; nextHop: string }[];
    // C gets every best path but its own (split horizon); eBGP: our AS prepended, next hop self
    const locRib = get(a, '/rib?family=ipv6').body.routes as RibRouteJson[];
    const notFromC = locRib.filter((r) => r.paths.find((p) => p.best)?.peer !== C).map((r) => r.prefix);
    expect(notFromC).toContain('2001:db8:b::/48');
    expect(notFromC).not.toContain('2001:db8:c::/48');
    expect(sent.map((r) => r.prefix)).toEqual(notFromC);
    expect(sent[1]?.asPath).toEqual([{ type: 'sequence', asns: [65001, 65002] }]);
    expect(sent.every((r) => r.nextHop === A)).toBe(true);
    expect(get(a, `/peers/${C}/advertised?prefix=2001:db8:c::/48`).body.routes).toEqual([]);

    const s = get(a, '/rib/summary').body as unknown as RibSummary;
    expect(s.prefixes).toBe(6);
    expect(s.paths).toBe(1 + 4 + 2);
    const byPeer = Object.fromEntries(s.peers.map((p) => [p.address, p]));
    // (B's IPv4 route has no IPv4 next hop to send over these IPv6 sessions: it goes nowhere)
    const advertisedTo = (peer: string) => locRib.filter((r) => r.paths.find((p) => p.best)?.peer !== peer).length;
    expect(byPeer[B]).toMatchObject({ received: 4, accepted: 4, advertised: advertisedTo(B), stale: 0 });
    expect(byPeer[C]).toMatchObject({ received: 2, accepted: 2, advertised: advertisedTo(C), stale: 0 });
  });

  it('answers 400 for a bad argument and 404 for an unknown peer', async () => {
    const { a } = await triangle();
    expect(get(a, '/rib?prefix=2001:db8::1/48').status).toBe(400);
    expect(get(a, '/rib?match=nope').status).toBe(400);
    expect(get(a, '/rib?limit=-3').status).toBe(400);
    expect(get(a, '/rib?family=ipx').status).toBe(400);
    expect(get(a, '/peers/2001:db8::99/advertised').status).toBe(404);
  });

  it('prints FRR-like tables', async () => {
    const { a } = await triangle();
    const text = formatLocRibText(get(a, '/rib?family=ipv6').body as never);
    const lines = text.split('\n');
    const header = lines.find((l) => l.includes('Network'))!;
    expect(header).toMatch(/Network +Next Hop +Metric +LocPrf +Weight +Path/);
    const first = lines.findIndex((l) => l.includes('2001:db8:100::/48'));
    // two paths: the prefix on the first line only, one best (>), one multipath (=)
    expect(lines[first]).toMatch(/^ \*[>=] +2001:db8:100::\/48 +2001:db8::[23] +0 /);
    expect(lines[first + 1]).toMatch(/^ \*[>=] +2001:db8::[23] +0 /);
    expect([lines[first]![2], lines[first + 1]![2]].sort()).toEqual(['=', '>']);
    expect(text).toContain('65003 64501 64502 i');
    expect(text).toMatch(/Displayed 5 routes and 6 total paths/);
    // a local route: next hop unknown until export, weight 0, no AS path
    expect(lines.find((l) => l.includes('2001:db8:a::/48'))).toMatch(/^ \*> +2001:db8:a::\/48 +:: +0 i$/);

    const adv = formatAdvertisedText(get(a, `/peers/${B}/advertised`).body as never);
    expect(adv).toMatch(/2001:db8:c::\/48 +2001:db8::1 +0 65001 65003 64501 64502 i/);
    const sum = formatRibSummaryText(get(a, '/rib/summary').body as never);
    expect(sum).toMatch(/2001:db8::2 +4 +4 +\d+ +0/);
    expect(sum).toContain('RIB entries 6, paths 7');
  });
});
