/**
 * `import` round trips: the rendered example read back as a repo imports to a spec whose render equals the original
 * render file by file (Cilium CRDs, bootstrap configs, VyOS and FRR routers), except the docs page and diagram, which
 * show node addresses and plan descriptions that are not in the artifacts (README: documented differences). With
 * the Node objects added, the nodes come back exactly. The seed's own files plus its site import too.
 */
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fsRepoFiles } from '../src/cli/fs-repo-files.js';
import { importSpec } from '../src/spec/import/import-spec.js';
import { readRepo } from '../src/spec/import/read-repo.js';
import { MemoryRepoFiles } from '../src/spec/import/repo-files.js';
import type { Plan } from '../src/spec/plan-types.js';
import { renderNetwork } from '../src/spec/render/index.js';
import type { Spec } from '../src/spec/schema.js';
import { examplePlan, planText, ROOT } from './render/support.js';

const DOCS = /^docs\//;

function asRepo(plan: Plan, extra: Record<string, string> = {}): MemoryRepoFiles {
  return new MemoryRepoFiles({
    ...Object.fromEntries(renderNetwork(plan).map((a) => [`repo/${a.path}`, a.content])),
    ...extra,
  });
}

async function importFrom(files: MemoryRepoFiles, paths = ['repo']) {
  return importSpec(await readRepo(files, paths));
}

/** `kubectl get nodes -o yaml` for the example's nodes. */
function nodeList(spec: Spec): string {
  const items = spec.cluster.nodes.map((n) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        'kubernetes.io/os': 'linux',
        ...(n.role === 'control-plane' ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      },
    },
    status: { addresses: [{ type: 'InternalIP', address: n.address }] },
  }));
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

describe('import of the rendered example', () => {
  const original = examplePlan();
  const before = renderNetwork(original);

  it('renders back to the same files, docs aside', async () => {
    const result = await importFrom(asRepo(original));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.text).toBeDefined();
    const after = renderNetwork(planText(result.text!, 'imported.yaml'));
    const files = (xs: typeof before) => xs.filter((a) => !DOCS.test(a.path)).map((a) => a.path);
    expect(files(after)).toEqual(files(before));
    for (const a of after.filter((x) => !DOCS.test(x.path))) {
      expect(a.content, a.path).toBe(before.find((b) => b.path === a.path)!.content);
    }
  });

  it('reports the node addresses it cannot know, at the node overrides', async () => {
    const result = await importFrom(asRepo(original));
    const unknown = result.diagnostics.filter((d) => d.code === 'import/node-address-unknown');
    expect(unknown).toHaveLength(original.spec.cluster.nodes.length);
    for (const d of unknown) expect(d.source?.file).toBe('repo/cluster/infra/cilium/node-overrides.yaml');
  });

  it('with the Node objects, the nodes come back exactly and nothing is a placeholder', async () => {
    const result = await importFrom(asRepo(original, { 'nodes.json': nodeList(original.spec) }), [
      'repo',
      'nodes.json',
    ]);
    expect(result.diagnostics.map((d) => d.code)).not.toContain('import/node-address-unknown');
    const nodes = result.spec!.cluster.nodes.map((n) => ({
      name: n.name,
      role: n.role,
      address: n.address,
      routerId: n.routerId,
    }));
    const planned = original.nodes.map((n) => ({
      name: n.name,
      role: n.role,
      address: n.address.toString(),
      routerId: n.routerId?.toString(),
    }));
    expect(nodes).toEqual(planned);
  });

  it('from FRR configs alone (no interfaces in them): the same Cilium objects, the assumed interfaces reported', async () => {
    const files = Object.fromEntries(
      before.filter((a) => !/\.(set|boot)$/.test(a.path)).map((a) => [`repo/${a.path}`, a.content]),
    );
    const result = await importFrom(new MemoryRepoFiles(files));
    expect(result.text).toBeDefined();
    const assumed = result.diagnostics.filter((d) => d.code === 'import/router-interface-unknown');
    expect(assumed.map((d) => d.source?.file).sort()).toEqual([
      'repo/routers/r01.frr.conf',
      'repo/routers/r02.frr.conf',
    ]);
    const after = renderNetwork(planText(result.text!, 'imported.yaml'));
    for (const a of before.filter((x) => x.path.startsWith('cluster/infra/cilium/')))
      expect(after.find((x) => x.path === a.path)?.content, a.path).toBe(a.content);
  });

  it('is a fixed point: importing the render of an imported spec gives the same spec', async () => {
    const first = await importFrom(asRepo(original));
    const second = await importFrom(asRepo(planText(first.text!, 'imported.yaml')));
    expect(second.text).toBe(first.text);
  });
});

describe('import of the seed', () => {
  const seed = ['test/fixtures/seed', 'test/fixtures/seed-site/cluster', 'test/fixtures/seed-site/routers/r01.set'];
  const cidrs = { serviceCidr: '2a0e:97c0:ae3:c100::/112', podCidr: '2a0e:97c0:ae3:c200::/56' };

  it("imports the seed's Cilium files, its nodes and r01 into a spec that plans and renders", async () => {
    const result = importSpec(await readRepo(fsRepoFiles(ROOT), seed), cidrs);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const spec = result.spec!;
    expect(spec.aggregate).toBe('2a0e:97c0:ae3::/48');
    expect(spec.cluster.asn).toBe(65500);
    expect(spec.cluster.nodes.map((n) => `${n.name} ${n.address} ${n.routerId}`)).toContain(
      'k8s-w-01 2a0e:97c0:ae3:fff0::21 10.255.0.4',
    );
    expect(spec.cluster.bgp).toMatchObject({
      authSecretRef: 'bgp-auth-secret',
      timers: { holdTimeSec: 9, keepaliveTimeSec: 3 },
      ebgpMultihop: 4,
      gracefulRestart: { enabled: true, restartTimeSec: 15 },
      families: ['ipv6-unicast'],
      advertisementLabels: { advertise: 'bgp' },
    });
    expect(spec.cluster.advertisements?.map((a) => [a.name, a.type, a.selector ?? null])).toEqual([
      ['bgp-advertisements', 'Service', 'all'],
      ['bgp-advertisements-podcidr', 'PodCIDR', null],
    ]);
    expect(spec.plan.find((p) => p.role === 'lb-pool')?.prefix).toBe('2a0e:97c0:ae3:c401::/64');
    // r01 keeps its too-small listen range (check reports it), the upstream neighbor is imported.
    expect(spec.routers).toEqual([expect.objectContaining({ name: 'r01', listenRange: '2a0e:97c0:ae3:fff0::10/124' })]);
    expect(spec.upstream?.asn).toBe(201911);
    // The render peers with the seed's routers exactly as the seed does.
    const bgp = renderNetwork(planText(result.text!, 'seed.yaml')).find(
      (a) => a.path === 'cluster/infra/cilium/bgp.yaml',
    )!;
    const cc = parseAllDocuments(bgp.content)
      .map((d) => d.toJS() as { kind: string; spec: { bgpInstances: { peers: unknown[] }[] } })
      .find((d) => d.kind === 'CiliumBGPClusterConfig')!;
    expect(cc.spec.bgpInstances[0]!.peers).toEqual([
      expect.objectContaining({ name: 'r01', peerASN: 65666, peerAddress: '2a0e:97c0:ae3:fff0::1' }),
    ]);
  });

  it('refuses, with located errors, what it cannot import: a router without router-id, no Service CIDR', async () => {
    const result = importSpec(await readRepo(fsRepoFiles(ROOT), ['test/fixtures/seed', 'test/fixtures/seed-site']));
    expect(result.text).toBeUndefined();
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code} ${d.source?.file}:${d.source?.line}`).sort()).toEqual([
      'import/no-service-cidr test/fixtures/seed/cluster/infra/cilium/bgp.yaml:2',
      'import/router-not-imported test/fixtures/seed-site/routers/r02.boot:38',
    ]);
  });

  it('migrates a v1 CiliumBGPPeeringPolicy to a spec that renders BGPv2 objects', async () => {
    const dir = 'test/fixtures/repos/cilium-peering-policy-v1/bad';
    const paths = [`${dir}/cluster/v1-policy.yaml`, `${dir}/cluster/nodes.yaml`, `${dir}/routers`];
    const result = importSpec(await readRepo(fsRepoFiles(ROOT), paths), {
      serviceCidr: '2001:db8:0:100::/112',
      podCidr: '2001:db8:0:200::/56',
    });
    const migrated = result.diagnostics.find((d) => d.code === 'import/migrated-from-v1');
    expect(migrated?.source).toMatchObject({ file: `${dir}/cluster/v1-policy.yaml`, line: 2 });
    expect(result.spec?.cluster.asn).toBe(65500);
    expect(result.spec?.cluster.bgp?.nodeSelector).toEqual({ matchLabels: { bgp: 'legacy' } });
    expect(result.spec?.cluster.advertisements).toEqual([{ name: 'podcidr', type: 'PodCIDR' }]);
    const kinds = renderNetwork(planText(result.text!, 'v1.yaml'))
      .filter((a) => a.path.startsWith('cluster/infra/cilium/'))
      .flatMap((a) => parseAllDocuments(a.content).map((d) => (d.toJS() as { kind?: string } | null)?.kind));
    expect(kinds).toEqual(
      expect.arrayContaining(['CiliumBGPClusterConfig', 'CiliumBGPPeerConfig', 'CiliumBGPAdvertisement']),
    );
    expect(kinds).not.toContain('CiliumBGPPeeringPolicy');
  });
});
