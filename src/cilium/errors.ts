import { V6netError } from '../core/errors.js';

/** Stable codes of the errors the Cilium semantics raise or report. */
export const CiliumErrorCode = {
  /** In/NotIn with an empty `values` list (Cilium: selector conversion fails, reconciliation aborts; issue #23280). */
  selectorValues: 'E_CILIUM_SELECTOR_VALUES',
  /** An unknown selector operator. */
  selectorOperator: 'E_CILIUM_SELECTOR_OPERATOR',
  /** No router ID can be resolved for an instance. */
  routerId: 'E_CILIUM_ROUTER_ID',
  /** `localASN` missing in the desired instance ("missing ASN in desired config"). */
  missingAsn: 'E_CILIUM_MISSING_ASN',
  /** The auth Secret exists but has no (or an empty) `password` key. */
  missingPasswordKey: 'E_CILIUM_MISSING_PASSWORD_KEY',
  /** The BGP secrets namespace is not configured but a PeerConfig names an auth Secret. */
  secretsNamespace: 'E_CILIUM_SECRETS_NAMESPACE',
  /** A PodCIDR that does not parse as a prefix (fails the reconcile). */
  podCidr: 'E_CILIUM_POD_CIDR',
  /** The ip-pool router-ID pool is not an IPv4 CIDR. */
  routerIdPool: 'E_CILIUM_ROUTER_ID_POOL',
} as const;
export type CiliumErrorCodeValue = (typeof CiliumErrorCode)[keyof typeof CiliumErrorCode];

export class CiliumSemanticsError extends V6netError {
  declare readonly code: CiliumErrorCodeValue;
  constructor(code: CiliumErrorCodeValue, message: string) {
    super(code, message);
  }
}
