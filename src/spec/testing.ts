/**
 * Small valid specs for tests (here and in other layers that build on the spec): a YAML text and the same spec as
 * a TypeScript object. Both use the documentation prefix 2001:db8::/32.
 */
import type { SourcePosition } from '../core/diagnostic.js';
import { defineNetwork } from './load.js';
import type { Spec } from './schema.js';

export const MINI_SPEC_YAML = `version: 1
name: mini
aggregate: 2001:db8::/48
plan:
  - name: services
    prefix: 2001:db8:0:100::/112
    role: service-cidr
  - name: pods
    prefix: 2001:db8:0:200::/56
    role: pod-cidr
    nodeMaskSize: 64
  - name: lb
    prefix: 2001:db8:0:401::/64
    role: lb-pool
  - name: nodes
    prefix: 2001:db8:0:fff0::/64
    role: node-network
cluster:
  name: mini
  asn: 65500
  routerIdPool: 10.255.0.0/24
  nodes:
    - name: n1
      role: control-plane
      address: 2001:db8:0:fff0::11
    - name: n2
      role: worker
      address: 2001:db8:0:fff0::21
  advertisements:
    - name: services
      type: Service
      addresses: [LoadBalancerIP]
routers:
  - name: r01
    asn: 65666
    routerId: 10.255.255.1
    nodeInterface:
      name: eth1
      address: 2001:db8:0:fff0::1/64
upstream:
  asn: 64999
  neighbors:
    - router: r01
      address: 2001:db8:ffff::1
workloads:
  services:
    - name: web
      type: LoadBalancer
      endpoints: [n2]
`;

/** The same spec as {@link MINI_SPEC_YAML}, written with the TypeScript API (a fresh object on every call). */
export function miniSpec(): Spec {
  return defineNetwork({
    version: 1,
    name: 'mini',
    aggregate: '2001:db8::/48',
    plan: [
      { name: 'services', prefix: '2001:db8:0:100::/112', role: 'service-cidr' },
      { name: 'pods', prefix: '2001:db8:0:200::/56', role: 'pod-cidr', nodeMaskSize: 64 },
      { name: 'lb', prefix: '2001:db8:0:401::/64', role: 'lb-pool' },
      { name: 'nodes', prefix: '2001:db8:0:fff0::/64', role: 'node-network' },
    ],
    cluster: {
      name: 'mini',
      asn: 65500,
      routerIdPool: '10.255.0.0/24',
      nodes: [
        { name: 'n1', role: 'control-plane', address: '2001:db8:0:fff0::11' },
        { name: 'n2', role: 'worker', address: '2001:db8:0:fff0::21' },
      ],
      advertisements: [{ name: 'services', type: 'Service', addresses: ['LoadBalancerIP'] }],
    },
    routers: [
      {
        name: 'r01',
        asn: 65666,
        routerId: '10.255.255.1',
        nodeInterface: { name: 'eth1', address: '2001:db8:0:fff0::1/64' },
      },
    ],
    upstream: { asn: 64999, neighbors: [{ router: 'r01', address: '2001:db8:ffff::1' }] },
    workloads: { services: [{ name: 'web', type: 'LoadBalancer', endpoints: ['n2'] }] },
  });
}

/**
 * Position of the `occurrence`-th (1-based) appearance of `marker` in `text`, for asserting where a diagnostic
 * points. Throws if the marker is not there (a broken test, not a finding).
 */
export function positionOf(text: string, marker: string, occurrence = 1, file = 'spec.yaml'): SourcePosition {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(marker, index + 1);
    if (index < 0) throw new Error(`marker ${JSON.stringify(marker)} #${occurrence} not found`);
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return { file, line, column };
}

/** `text` with `search` replaced once; throws if `search` is absent (so a mutation never silently does nothing). */
export function mutate(text: string, search: string, replacement: string): string {
  if (!text.includes(search)) throw new Error(`mutate: ${JSON.stringify(search)} not found`);
  return text.replace(search, replacement);
}
