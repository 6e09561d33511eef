/**
 * Family `cilium-repo`: what the repository installs around Cilium. The Gateway API CRDs a kustomization pulls in
 * must be the release the Cilium version implements (Cilium docs, "must be pre-installed": 1.17 v1.2, 1.18 v1.3,
 * 1.19 v1.4, with GRPCRoute and the experimental TLSRoute); older CRDs lack the v1 APIs and Cilium's Gateway
 * controller does not start.
 */
import type { KustomizationResource } from '../../k8s/kustomization.js';
import { artifactRule, finding } from '../artifact-rule.js';
import type { Finding, Rule } from '../rule.js';

/** The Gateway API release current Cilium (1.19) implements. */
export const MIN_GATEWAY_API = [1, 4, 0] as const;
const REQUIRED_CRDS = ['gatewayclasses', 'gateways', 'httproutes', 'referencegrants', 'grpcroutes', 'tlsroutes'];

const VERSION =
  /gateway-api(?:\/releases\/download)?\/v(\d+)\.(\d+)\.(\d+)\/|gateway-api[^?]*\?(?:.*&)?ref=v(\d+)\.(\d+)\.(\d+)/;

function gatewayVersion(r: KustomizationResource): number[] | undefined {
  const m = VERSION.exec(r.ref);
  if (m === null) return undefined;
  return (m[1] !== undefined ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]]).map(Number);
}

function older(v: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i]! < min[i]!;
  return false;
}

export const gatewayApiTooOld = artifactRule({
  id: 'cilium-repo/gateway-api-too-old',
  severity: 'warning',
  doc: `A kustomization installs Gateway API CRDs older than v${MIN_GATEWAY_API.join('.')}, the release Cilium 1.19 implements: Cilium's Gateway API controller needs the matching CRDs (GRPCRoute and TLSRoute included).`,
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const k of view.artifacts.kustomizations) {
      const gateway = k.resources.filter((r) => r.remote && /gateway-api/.test(r.ref));
      const old = gateway
        .map((r) => ({ r, v: gatewayVersion(r) }))
        .filter((x) => x.v !== undefined && older(x.v, MIN_GATEWAY_API));
      if (old.length === 0) continue;
      const bundle = gateway.some((r) =>
        /(standard|experimental)-install\.yaml|config\/crd(\/(standard|experimental))?\?/.test(r.ref),
      );
      const missing = bundle ? [] : REQUIRED_CRDS.filter((c) => !gateway.some((r) => r.ref.includes(`_${c}.yaml`)));
      const first = old[0]!;
      out.push(
        finding(
          first.r.source,
          `${old.length === 1 ? 'a Gateway API CRD' : `${old.length} Gateway API CRDs`} at v${first.v!.join('.')}: Cilium 1.19 implements v${MIN_GATEWAY_API.join('.')}${missing.length > 0 ? ` (and needs ${missing.join(', ')})` : ''}`,
          {
            hint: `reference the v${MIN_GATEWAY_API.join('.')} (or newer) CRDs: standard gatewayclasses, gateways, httproutes, referencegrants, grpcroutes and experimental tlsroutes`,
          },
        ),
      );
    }
    return out;
  },
});

export const ciliumRepoRules: readonly Rule[] = [gatewayApiTooOld];
