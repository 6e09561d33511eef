import { describe, expect, it } from 'vitest';
import { nodeViewFromNode } from '../node-view.js';
import { node } from '../testing/objects.test-helper.js';
import { resolveRouterId, routerIdFromMac } from './router-id.js';

const v6only = nodeViewFromNode(node('n', { addresses: ['2001:db8::11'] }));
const dual = nodeViewFromNode(node('n', { addresses: ['2001:db8::11', '192.0.2.11'] }));

describe('§3.2 router ID, default mode (agent)', () => {
  it.each([
    [
      'the NodeConfig routerID (from an override) first',
      { name: 'i', routerID: '10.255.0.1' },
      dual,
      { ok: true, routerId: '10.255.0.1', source: 'nodeConfig' },
    ],
    ["else the node's IPv4 address", { name: 'i' }, dual, { ok: true, routerId: '192.0.2.11', source: 'nodeIPv4' }],
    [
      'gotcha 9: IPv6-only node: the last 4 bytes of the cilium_host MAC',
      { name: 'i' },
      { ...v6only, ciliumHostMac: 'aa:bb:0a:01:02:03' },
      { ok: true, routerId: '10.1.2.3', source: 'ciliumHostMac' },
    ],
    [
      'IPv6-only without a MAC: error, the instance does not start',
      { name: 'i', localASN: 65500 },
      v6only,
      { ok: false, code: 'E_CILIUM_ROUTER_ID' },
    ],
    [
      'a MAC shorter than 4 bytes: error',
      { name: 'i' },
      { ...v6only, ciliumHostMac: 'aa:bb:cc' },
      { ok: false, code: 'E_CILIUM_ROUTER_ID' },
    ],
  ] as const)('%s', (_, instance, view, expected) => {
    expect(resolveRouterId('default', instance, view)).toMatchObject(expected);
  });

  it('InternalIP before ExternalIP before other address types', () => {
    const view = nodeViewFromNode({
      ...node('n'),
      status: {
        addresses: [
          { type: 'Hostname', address: '192.0.2.3' },
          { type: 'ExternalIP', address: '192.0.2.2' },
          { type: 'InternalIP', address: '192.0.2.1' },
        ],
      },
    });
    expect(resolveRouterId('default', { name: 'i' }, view)).toMatchObject({ routerId: '192.0.2.1' });
  });

  it('MAC text forms', () => {
    expect(routerIdFromMac('AA-BB-0A-01-02-FF')).toBe('10.1.2.255');
    expect(routerIdFromMac('zz:bb:0a:01:02:03')).toBeUndefined();
  });
});

describe('§3.3 router ID, ip-pool mode (agent)', () => {
  it.each([
    [
      'a valid IPv4 routerID in the NodeConfig',
      { name: 'i', routerID: '10.0.0.1' },
      { ok: true, routerId: '10.0.0.1', source: 'ipPool' },
    ],
    ['none: error', { name: 'i' }, { ok: false, message: "can't find the router-id in the CiliumBGPNodeInstance" }],
    [
      'not IPv4: error',
      { name: 'i', routerID: '2001:db8::1' },
      { ok: false, message: 'router-id 2001:db8::1 is not a valid IPv4 address' },
    ],
  ] as const)('%s', (_, instance, expected) => {
    expect(resolveRouterId('ip-pool', instance, dual)).toMatchObject(expected);
  });
});
