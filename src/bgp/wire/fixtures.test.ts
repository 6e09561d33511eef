/**
 * Golden wire fixtures (test/fixtures/wire/*.hex, hand-written from the RFC layouts). Valid messages must decode
 * to the value below and re-encode byte for byte. Malformed ones are named `<message>-<code>-<subcode>[-taw|
 * -discard]-<what>.hex`: without a handling word they must throw exactly that BgpWireError (session reset);
 * with one they decode and report that error with that RFC 7606 handling.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BgpWireError,
  type BgpMessage,
  decodeMessage,
  decodeShutdownCommunication,
  encodeMessage,
  isEndOfRib,
  type NotificationMessage,
  parseCommunity,
  parseWirePrefix,
  type UpdateMessage,
  type WireContext,
} from './index.js';
import { fromHex, toHex } from './round-trip.test-helper.js';

const DIR = resolve(import.meta.dirname, '../../../test/fixtures/wire');

function load(name: string): { bytes: Uint8Array; ctx: WireContext } {
  const text = readFileSync(join(DIR, name), 'utf8');
  const m = /^# ctx: (as2|as4)$/m.exec(text);
  if (m === null) throw new Error(`${name}: missing "# ctx:" line`);
  return { bytes: fromHex(text), ctx: { fourOctetAs: m[1] === 'as4', extendedMessage: false } };
}

const p = parseWirePrefix;

const GOLDEN: Record<string, BgpMessage> = {
  'open-full.hex': {
    type: 'open',
    version: 4,
    myAsn: 23456,
    holdTimeSec: 9,
    bgpId: '192.0.2.1',
    capabilities: [
      { type: 'multiprotocol', afi: 2, safi: 1 },
      { type: 'routeRefresh' },
      { type: 'enhancedRouteRefresh' },
      { type: 'fourOctetAs', asn: 4200000001 },
      {
        type: 'gracefulRestart',
        restartState: true,
        notification: true,
        restartTimeSec: 120,
        families: [{ afi: 2, safi: 1, forwardingState: true }],
      },
      { type: 'extendedMessage' },
      { type: 'fqdn', hostname: 'node-1', domain: 'example.net' },
    ],
  },
  'update-ipv6-mp-reach.hex': {
    type: 'update',
    withdrawn: [],
    nlri: [],
    attributes: {
      origin: 0,
      asPath: [{ type: 'sequence', asns: [65001, 4200000001] }],
      med: 100,
      communities: [parseCommunity('65000:99'), parseCommunity('NO_EXPORT')],
      mpReach: {
        afi: 2,
        safi: 1,
        nextHops: ['2001:db8::1', 'fe80::1'],
        nlri: [p('2001:db8:1::/48'), p('2001:db8:2::/64')],
      },
      largeCommunities: [[4200000001, 1, 2]],
    },
  },
  'update-ipv6-mp-unreach.hex': {
    type: 'update',
    withdrawn: [],
    nlri: [],
    attributes: { mpUnreach: { afi: 2, safi: 1, withdrawn: [p('2001:db8:1::/48')] } },
  },
  'update-eor-ipv6.hex': {
    type: 'update',
    withdrawn: [],
    nlri: [],
    attributes: { mpUnreach: { afi: 2, safi: 1, withdrawn: [] } },
  },
  'update-eor-ipv4.hex': { type: 'update', withdrawn: [], nlri: [], attributes: {} },
  'update-ipv4-as4-on-2octet.hex': {
    type: 'update',
    withdrawn: [],
    nlri: [p('198.51.100.0/24') as UpdateMessage['nlri'][number]],
    attributes: {
      origin: 2,
      asPath: [{ type: 'sequence', asns: [65001, 4200000001] }],
      nextHop: '192.0.2.1',
      localPref: 100,
    },
  },
  'update-ipv4-reflected.hex': {
    type: 'update',
    withdrawn: [p('0.0.0.0/0') as UpdateMessage['withdrawn'][number]],
    nlri: [p('10.1.0.0/16') as UpdateMessage['nlri'][number]],
    attributes: {
      origin: 0,
      asPath: [],
      nextHop: '10.0.0.1',
      atomicAggregate: true,
      aggregator: { asn: 65001, address: '10.0.0.1' },
      originatorId: '10.0.0.2',
      clusterList: ['10.0.0.254', '10.0.0.253'],
    },
  },
  'notification-cease-shutdown.hex': {
    type: 'notification',
    code: 6,
    subcode: 2,
    data: fromHex('0b 6d61696e74656e616e6365'),
  },
  'route-refresh-borr-ipv6.hex': { type: 'routeRefresh', afi: 2, safi: 1, subtype: 1 },
  'route-refresh-ipv4.hex': { type: 'routeRefresh', afi: 1, safi: 1, subtype: 0 },
  'keepalive.hex': { type: 'keepalive' },
};

const ERROR_NAME = /^[a-z-]+?-(\d+)-(\d+)(?:-(taw|discard))?-[a-z0-9-]+\.hex$/;
const files = readdirSync(DIR).filter((f) => f.endsWith('.hex'));

describe('golden wire fixtures', () => {
  it('every fixture is either golden or named by its error', () => {
    for (const f of files) expect(f in GOLDEN || ERROR_NAME.test(f), f).toBe(true);
    for (const f of Object.keys(GOLDEN)) expect(files, f).toContain(f);
  });

  for (const [name, expected] of Object.entries(GOLDEN)) {
    it(`${name} decodes to its value and re-encodes byte for byte`, () => {
      const { bytes, ctx } = load(name);
      expect(decodeMessage(bytes, ctx)).toEqual(expected);
      expect(toHex(encodeMessage(expected, ctx))).toBe(toHex(bytes));
    });
  }

  it('End-of-RIB and shutdown fixtures mean what their names say', () => {
    expect(
      isEndOfRib(decodeMessage(load('update-eor-ipv6.hex').bytes, load('update-eor-ipv6.hex').ctx) as UpdateMessage),
    ).toEqual({ afi: 2, safi: 1 });
    expect(isEndOfRib(GOLDEN['update-eor-ipv4.hex'] as UpdateMessage)).toEqual({ afi: 1, safi: 1 });
    expect(decodeShutdownCommunication(GOLDEN['notification-cease-shutdown.hex'] as NotificationMessage)).toBe(
      'maintenance',
    );
  });
});

describe('malformed wire fixtures', () => {
  for (const name of files.filter((f) => !(f in GOLDEN))) {
    const m = ERROR_NAME.exec(name)!;
    const code = Number(m[1]);
    const subcode = Number(m[2]);
    const handling = m[3] === 'taw' ? 'treatAsWithdraw' : m[3] === 'discard' ? 'attributeDiscard' : 'sessionReset';
    it(`${name} → ${code}/${subcode} ${handling}`, () => {
      const { bytes, ctx } = load(name);
      if (handling === 'sessionReset') {
        let err: unknown;
        try {
          decodeMessage(bytes, ctx);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(BgpWireError);
        const e = err as BgpWireError;
        expect({ code: e.errorCode, subcode: e.subcode, handling: e.handling }).toEqual({ code, subcode, handling });
        return;
      }
      const u = decodeMessage(bytes, ctx) as UpdateMessage;
      expect(u.type).toBe('update');
      expect(u.errors?.map((e) => ({ code: e.code, subcode: e.subcode, handling: e.handling }))).toContainEqual({
        code,
        subcode,
        handling,
      });
      expect(u.treatAsWithdraw ?? false).toBe(handling === 'treatAsWithdraw');
    });
  }
});
