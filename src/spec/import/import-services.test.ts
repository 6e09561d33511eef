import { describe, expect, it } from 'vitest';
import { importServices } from './import-services.js';
import { readRepo } from './read-repo.js';
import { MemoryRepoFiles } from './repo-files.js';

const YAML = `apiVersion: v1
kind: Service
metadata:
  name: ingress
  namespace: web
  labels: {app: ingress}
  annotations:
    lbipam.cilium.io/ips: "2001:db8:0:400::10, 10.0.0.1"
    lbipam.cilium.io/sharing-key: shared
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  loadBalancerClass: io.cilium/bgp-control-plane
  ports: [{port: 80}, {port: 443}, {port: 80, protocol: UDP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ingress-abc
  namespace: web
  labels: {kubernetes.io/service-name: ingress}
addressType: IPv6
endpoints:
  - {addresses: ["2001:db8:0:200::5"], nodeName: n2, conditions: {ready: true}}
  - {addresses: ["2001:db8:0:201::5"], nodeName: n1}
  - {addresses: ["2001:db8:0:202::5"], nodeName: n3, conditions: {ready: false}}
---
apiVersion: v1
kind: Service
metadata: {name: external}
spec: {type: ExternalName, externalName: example.org}
`;

describe('importServices', () => {
  it('turns Services into workloads: requested IPv6 IPs, traffic policy, class, ports, ready endpoint nodes', async () => {
    const a = await readRepo(new MemoryRepoFiles({ 'svc.yaml': YAML }), ['.']);
    expect(importServices(a)).toEqual([
      {
        name: 'ingress',
        namespace: 'web',
        type: 'LoadBalancer',
        labels: { app: 'ingress' },
        loadBalancerClass: 'io.cilium/bgp-control-plane',
        requestedIPs: ['2001:db8:0:400::10'],
        externalTrafficPolicy: 'Local',
        sharingKey: 'shared',
        ports: [80, 443],
        endpoints: ['n1', 'n2'],
      },
    ]);
  });
});
