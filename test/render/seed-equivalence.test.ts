/**
 * The render reproduces the seed's four Cilium YAML files semantically (deep-equal after parsing), except for the
 * deliberate improvements listed in README.md ("Where the render differs from the seed"). Each improvement is a
 * named transformation of the seed below, so the list here and the README stay one-to-one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { GATEWAY_API_VERSION } from '../../src/spec/render/cilium.js';
import { renderNetwork } from '../../src/spec/render/index.js';
import { examplePlan, ROOT } from './support.js';

const SEED = join(ROOT, 'test', 'fixtures', 'seed', 'cluster', 'infra', 'cilium');
type Doc = Record<string, unknown>;

function docs(text: string): Doc[] {
  const parsed = parseAllDocuments(text);
  return (Array.isArray(parsed) ? parsed : []).map((d) => d.toJS() as Doc).filter((d) => d !== null);
}

function seed(name: string): Doc[] {
  return docs(readFileSync(join(SEED, name), 'utf8'));
}

/** The deliberate differences, applied to the seed. */
const improvements = {
  /** Cilium BGP kinds are cluster-scoped: the seed's `namespace: kube-system` is ignored by the API server. */
  dropNamespaceOnClusterScoped(d: Doc): Doc {
    const meta = { ...(d['metadata'] as Doc) };
    delete meta['namespace'];
    return { ...d, metadata: meta };
  },
  /** The "select every Service" NotIn selector uses a self-explaining label key instead of `somekey`. */
  selfExplainingSelectAll(d: Doc): Doc {
    return JSON.parse(JSON.stringify(d).replaceAll('"somekey"', '"v6net.dev/never-set"')) as Doc;
  },
  /** Kustomization: name typo fixed, Gateway API CRDs at a version current Cilium supports, node overrides added. */
  kustomization(d: Doc): Doc {
    const base = `https://raw.githubusercontent.com/kubernetes-sigs/gateway-api/${GATEWAY_API_VERSION}/config/crd`;
    return {
      ...d,
      metadata: { name: 'cilium-config' },
      resources: [
        `${base}/standard/gateway.networking.k8s.io_gatewayclasses.yaml`,
        `${base}/standard/gateway.networking.k8s.io_gateways.yaml`,
        `${base}/standard/gateway.networking.k8s.io_httproutes.yaml`,
        `${base}/standard/gateway.networking.k8s.io_referencegrants.yaml`,
        `${base}/standard/gateway.networking.k8s.io_grpcroutes.yaml`,
        `${base}/experimental/gateway.networking.k8s.io_tlsroutes.yaml`,
        'lb-ipam.yaml',
        'bgp.yaml',
        'advertisements.yaml',
        'node-overrides.yaml',
      ],
    };
  },
};

describe('render ≡ seed (cilium.io/v2alpha1, as the seed)', () => {
  const artifacts = renderNetwork(examplePlan(), { ciliumApiVersion: 'cilium.io/v2alpha1' });
  const rendered = (name: string) => docs(artifacts.find((a) => a.path === `cluster/infra/cilium/${name}`)!.content);

  it('lb-ipam.yaml is identical', () => {
    expect(rendered('lb-ipam.yaml')).toEqual(seed('lb-ipam.yaml'));
  });

  it('bgp.yaml is identical but for the cluster-scoped namespace', () => {
    expect(rendered('bgp.yaml')).toEqual(seed('bgp.yaml').map(improvements.dropNamespaceOnClusterScoped));
  });

  it('advertisements.yaml is identical but for the self-explaining select-all key', () => {
    expect(rendered('advertisements.yaml')).toEqual(
      seed('advertisements.yaml').map(improvements.selfExplainingSelectAll),
    );
  });

  it('kustomization.yaml differs only as listed', () => {
    expect(rendered('kustomization.yaml')).toEqual(seed('kustomization.yaml').map(improvements.kustomization));
  });

  it('the seed itself would fail these comparisons without the listed changes (the test can fail)', () => {
    expect(rendered('bgp.yaml')).not.toEqual(seed('bgp.yaml'));
    expect(rendered('advertisements.yaml')).not.toEqual(seed('advertisements.yaml'));
  });

  it('renders cilium.io/v2 by default', () => {
    const v2 = renderNetwork(examplePlan()).find((a) => a.path.endsWith('bgp.yaml'))!;
    expect(docs(v2.content).map((d) => d['apiVersion'])).toEqual(['cilium.io/v2', 'cilium.io/v2']);
  });
});
