/**
 * FSM configuration with defaults. Timer defaults follow RFC 4271 §10 (hold 90 s, connect retry 120 s, OpenSent hold
 * 4 min). Restart back-off follows FRR: the first automatic restart waits 1 s, each further consecutive failure
 * doubles the wait up to 120 s; a session that stayed Established for 60 s resets it.
 */
import type { FsmConfig, FsmDampingConfig } from './types.js';

export const AFI = { ipv4: 1, ipv6: 2 } as const;
export const SAFI = { unicast: 1, multicast: 2 } as const;

export const DEFAULT_DAMPING: FsmDampingConfig = {
  initialIdleHoldMs: 1_000,
  maxIdleHoldMs: 120_000,
  resetAfterMs: 60_000,
};

export type FsmConfigInput = Pick<FsmConfig, 'localAs' | 'bgpId' | 'peerAs'> &
  Partial<Omit<FsmConfig, 'localAs' | 'bgpId' | 'peerAs' | 'damping'>> & {
    readonly damping?: Partial<FsmDampingConfig>;
  };

/** Fills every optional field with its default. */
export function makeFsmConfig(input: FsmConfigInput): FsmConfig {
  return {
    localAs: input.localAs,
    bgpId: input.bgpId,
    peerAs: input.peerAs,
    holdTimeSec: input.holdTimeSec ?? 90,
    keepaliveTimeSec: input.keepaliveTimeSec,
    connectRetryTimeSec: input.connectRetryTimeSec ?? 120,
    openSentHoldTimeSec: input.openSentHoldTimeSec ?? 240,
    families: input.families ?? [{ afi: AFI.ipv6, safi: SAFI.unicast }],
    fourOctetAs: input.fourOctetAs ?? true,
    routeRefresh: input.routeRefresh ?? true,
    enhancedRouteRefresh: input.enhancedRouteRefresh ?? false,
    extendedMessage: input.extendedMessage ?? false,
    gracefulRestart: input.gracefulRestart,
    requiredCapabilities: input.requiredCapabilities ?? [],
    allowSameBgpIdForEbgp: input.allowSameBgpIdForEbgp ?? false,
    automaticRestart: input.automaticRestart ?? true,
    damping: { ...DEFAULT_DAMPING, ...input.damping },
  };
}
