/**
 * `check` over the seed: its four Cilium files (copied verbatim into test/fixtures/seed), the nodes as kubectl
 * prints them and two VyOS routers written from the seed's description with the mistakes people make
 * (test/fixtures/seed-site, the mistakes are listed in each router file's header). Every finding is expected with
 * its exact code, position and the position of the other side; nothing else may be reported. The rendered example,
 * read back as a repo, reports no error and no warning: only notes.
 */
import { describe, expect, it } from 'vitest';
import { checkArtifacts } from '../src/check/check-artifacts.js';
import type { Diagnostic } from '../src/core/diagnostic.js';
import { fsRepoFiles } from '../src/cli/fs-repo-files.js';
import { readRepo } from '../src/spec/import/read-repo.js';
import { MemoryRepoFiles } from '../src/spec/import/repo-files.js';
import { renderNetwork } from '../src/spec/render/index.js';
import { examplePlan, ROOT } from './render/support.js';

const CILIUM = 'test/fixtures/seed/cluster/infra/cilium';
const SITE = 'test/fixtures/seed-site';

/** code, position of the finding, positions of the other side (file:line:column, relative to the repo root). */
const EXPECTED: readonly [string, string, readonly string[]][] = [
  ['cilium-node/router-id-annotation-ignored', `${SITE}/cluster/nodes.yaml:9:43`, [`${CILIUM}/bgp.yaml:12:11`]],
  ['cross-session/hold-time-mismatch', `${SITE}/routers/r01.set:14:35`, [`${CILIUM}/bgp.yaml:35:22`]],
  ['cross-address/node-outside-listen-range', `${SITE}/routers/r01.set:19:32`, [`${SITE}/cluster/nodes.yaml:88:16`]],
  ['cross-policy/no-maximum-prefix', `${SITE}/routers/r01.set:22:49`, [`${CILIUM}/bgp.yaml:17:20`]],
  ['cross-policy/upstream-export-without-policy', `${SITE}/routers/r01.set:26:28`, [`${SITE}/routers/r01.set:20:30`]],
  ['cross-policy/node-import-accepts-anything', `${SITE}/routers/r01.set:29:37`, [`${CILIUM}/bgp.yaml:17:20`]],
  ['cross-policy/default-route-to-nodes', `${SITE}/routers/r01.set:34:38`, [`${CILIUM}/bgp.yaml:17:20`]],
  ['cross-auth/password-one-side', `${SITE}/routers/r02.boot:60:20`, [`${CILIUM}/bgp.yaml:33:18`]],
  ['cross-session/no-ipv6-unicast', `${SITE}/routers/r02.boot:60:20`, [`${CILIUM}/bgp.yaml:42:5`]],
  ['cross-session/graceful-restart-one-side', `${SITE}/routers/r02.boot:61:30`, [`${CILIUM}/bgp.yaml:39:5`]],
  ['cross-asn/remote-as-mismatch', `${SITE}/routers/r02.boot:62:23`, [`${CILIUM}/bgp.yaml:13:15`]],
  ['router-config/router-id-missing', `${SITE}/routers/r02.boot:64:19`, [`${CILIUM}/bgp.yaml:22:20`]],
  ['cross-policy/community-unused', `${CILIUM}/advertisements.yaml:35:11`, [`${SITE}/routers/r01.set:22:79`]],
  ['cilium-bgp/local-preference-ebgp', `${CILIUM}/advertisements.yaml:36:26`, [`${CILIUM}/bgp.yaml:16:16`]],
  ['cross-session/multihop-unneeded', `${CILIUM}/bgp.yaml:37:17`, [`${SITE}/routers/r01.set:9:47`]],
  ['cilium-repo/gateway-api-too-old', `${CILIUM}/kustomization.yaml:7:5`, []],
  ['import/remote-resource', `${CILIUM}/kustomization.yaml:7:5`, []],
];

const pos = (s: Diagnostic['source']) => (s === undefined ? '?' : `${s.file}:${s.line}:${s.column}`);

describe('check over the seed and a hand-written site', () => {
  it('reports exactly the expected findings, each with both sides', async () => {
    const artifacts = await readRepo(fsRepoFiles(ROOT), [`${CILIUM}/kustomization.yaml`, SITE]);
    const found = [
      ...artifacts.diagnostics.filter((d) => d.severity !== 'info' || d.code.startsWith('import/')),
      ...checkArtifacts(artifacts),
    ];
    const got = found.map((d) => ({
      code: d.code,
      at: pos(d.source),
      related: (d.related ?? []).map((r) => pos(r.source)),
    }));
    const key = (code: string, at: string) => `${code} ${at}`;
    const gotKeys = [...new Set(got.map((g) => key(g.code, g.at)))].sort();
    expect(gotKeys).toEqual(EXPECTED.map(([code, at]) => key(code, at)).sort());
    for (const [code, at, related] of EXPECTED) {
      const hit = got.find((g) => g.code === code && g.at === at)!;
      expect(hit.related, key(code, at)).toEqual(related);
    }
  });

  it('every mistake written into the routers is found (one finding per router-side mistake)', async () => {
    const artifacts = await readRepo(fsRepoFiles(ROOT), [`${CILIUM}/kustomization.yaml`, SITE]);
    const routerSide = checkArtifacts(artifacts).filter(
      (d) => d.severity !== 'info' && d.source?.file.startsWith(`${SITE}/routers/`),
    );
    // r01: listen range, hold time, accepts anything, no maximum-prefix, upstream export; r02: remote-as,
    // password, address-family, graceful restart, router-id.
    expect(routerSide.filter((d) => d.source!.file.endsWith('r01.set'))).toHaveLength(5);
    expect(routerSide.filter((d) => d.source!.file.endsWith('r02.boot'))).toHaveLength(5);
  });
});

describe('check over the rendered example', () => {
  it('reports no error and no warning on any rendered file, only notes about deliberate choices', async () => {
    const files = Object.fromEntries(renderNetwork(examplePlan()).map((a) => [`out/${a.path}`, a.content]));
    const artifacts = await readRepo(new MemoryRepoFiles(files), ['out']);
    expect(artifacts.routers.map((r) => r.name).sort()).toEqual(['r01', 'r02']);
    expect(artifacts.inventory.byKind.CiliumBGPClusterConfig.length).toBe(1);
    const findings = [...artifacts.diagnostics, ...checkArtifacts(artifacts)];
    expect(findings.filter((d) => d.severity !== 'info').map((d) => `${d.code} ${pos(d.source)}`)).toEqual([]);
    // The notes left are the example's deliberate choices, kept from the seed: PodCIDRs tagged 65000:99 with
    // localPreference 99, only a default route towards the nodes; and the Gateway API CRDs are remote.
    expect([...new Set(findings.map((d) => d.code))].sort()).toEqual([
      'cilium-bgp/local-preference-ebgp',
      'cross-policy/community-unused',
      'cross-policy/default-route-to-nodes',
      'import/remote-resource',
    ]);
  });
});
