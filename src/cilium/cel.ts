/**
 * The CEL validation rules of the Cilium CRDs (reference §1.2, §1.3) that the structural schema cannot say. The API
 * server applies them after defaulting and refuses objects that break them, so such objects never exist in a
 * cluster: the Cilium semantics must not see them, and `v6net agent` reports them where they are written.
 */
import type { CiliumBgpAdvertisement, CiliumBgpPeerConfig } from '../k8s/kinds.js';

export interface CelViolation {
  /** Path of the offending field inside the object. */
  readonly path: readonly (string | number)[];
  /** The CRD's message. */
  readonly message: string;
}

/** §1.2: `timers` with `keepAliveTimeSeconds <= holdTimeSeconds`, CRD defaults (30 and 90) applied first. */
export function peerConfigCelViolations(pc: CiliumBgpPeerConfig): CelViolation[] {
  const timers = pc.spec.timers;
  if (timers === undefined) return [];
  const hold = timers.holdTimeSeconds ?? 90;
  const keepalive = timers.keepAliveTimeSeconds ?? 30;
  return keepalive > hold
    ? [{ path: ['spec', 'timers'], message: 'keepAliveTimeSeconds can not be larger than holdTimeSeconds' }]
    : [];
}

/**
 * §1.3: `service` is required for type Service and forbidden otherwise; `interface` likewise for type Interface;
 * `selector` is not allowed for PodCIDR.
 */
export function advertisementCelViolations(adv: CiliumBgpAdvertisement): CelViolation[] {
  const out: CelViolation[] = [];
  (adv.spec.advertisements ?? []).forEach((a, i) => {
    const at = (field: string) => ['spec', 'advertisements', i, field];
    const isService = a.advertisementType === 'Service';
    const isInterface = a.advertisementType === 'Interface';
    if (isService !== (a.service !== undefined))
      out.push({
        path: at(isService ? 'advertisementType' : 'service'),
        message: "service field is required for the 'Service' advertisementType and not allowed for others",
      });
    if (isInterface !== (a.interface !== undefined))
      out.push({
        path: at(isInterface ? 'advertisementType' : 'interface'),
        message: "interface field is required for the 'Interface' advertisementType and not allowed for others",
      });
    if (a.advertisementType === 'PodCIDR' && a.selector !== undefined)
      out.push({ path: at('selector'), message: "selector field is not allowed for the 'PodCIDR' advertisementType" });
  });
  return out;
}
