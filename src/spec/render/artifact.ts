/**
 * A rendered file: a relative path inside the output directory and its exact bytes (as text). Renderers are pure
 * functions plan → Artifact[]; only the CLI writes them (atomically).
 */
export interface Artifact {
  /** POSIX relative path, e.g. `cluster/infra/cilium/bgp.yaml` or `routers/r01.set`. */
  readonly path: string;
  readonly content: string;
  /** What produced it, for `render --list` and the docs. */
  readonly kind: 'cilium' | 'kubernetes' | 'vyos' | 'frr' | 'docs' | 'secret';
}

export interface RenderOptions {
  /** Cilium API version of the BGP/LB-IPAM objects. Default `cilium.io/v2`. */
  readonly ciliumApiVersion: 'cilium.io/v2' | 'cilium.io/v2alpha1';
  /** Reference the Gateway API CRDs from the kustomization (remote resources). Default true. */
  readonly gatewayApiCrds: boolean;
  /** The router-side BGP password (from V6NET_BGP_PASSWORD with --secrets-from-env); otherwise a placeholder. */
  readonly routerPassword?: string;
}

export const defaultRenderOptions: RenderOptions = {
  ciliumApiVersion: 'cilium.io/v2',
  gatewayApiCrds: true,
};

/** The placeholder written where a password would go when none is supplied. Clearly not a real secret. */
export const PASSWORD_PLACEHOLDER = 'CHANGE-ME-set-V6NET_BGP_PASSWORD-and-render-with--secrets-from-env';
