/**
 * A NodeConfig peer with its CiliumBGPPeerConfig resolved the way Cilium's neighbor reconciler does
 * (`pkg/bgp/manager/reconciler/neighbor.go`, reference §1.2 and §8): defaults for a missing or partial PeerConfig,
 * the TCP-MD5 password from the Secret, multihop → TTL, families, timers, the local address.
 */
import type { K8sSecret } from '../../k8s/objects-core.js';
import type { CiliumBgpPeerConfigSpec } from '../../k8s/objects.js';
import { tryParseAddress } from '../../ip/parse.js';
import type { NodeConfigPeer } from '../operator/types.js';
import type { AfiSafi, AgentOptions, AgentProblem } from './types.js';

/** §1.2 SetDefaults. */
export const PEER_DEFAULTS = {
  peerPort: 179,
  connectRetryTimeSeconds: 120,
  holdTimeSeconds: 90,
  keepAliveTimeSeconds: 30,
  restartTimeSeconds: 120,
  ebgpMultihop: 1,
  families: [
    { afi: 'ipv6', safi: 'unicast' },
    { afi: 'ipv4', safi: 'unicast' },
  ] as readonly AfiSafi[],
} as const;

export interface ResolvedPeerSettings {
  readonly port: number;
  readonly connectRetrySec: number;
  readonly holdTimeSec: number;
  readonly keepaliveTimeSec: number;
  readonly gracefulRestart?: { readonly restartTimeSec: number };
  readonly ebgpMultihop: number;
  readonly families: readonly AfiSafi[];
  readonly authSecretRef?: string;
  readonly sourceInterface?: string;
}

/** §1.2: `CiliumBGPPeerConfigSpec.SetDefaults` (also for a peer without peerConfigRef: an empty spec). */
export function peerConfigDefaults(spec: CiliumBgpPeerConfigSpec | undefined): ResolvedPeerSettings {
  const s = spec ?? {};
  const gr = s.gracefulRestart;
  return {
    port: s.transport?.peerPort ?? PEER_DEFAULTS.peerPort,
    connectRetrySec: s.timers?.connectRetryTimeSeconds ?? PEER_DEFAULTS.connectRetryTimeSeconds,
    holdTimeSec: s.timers?.holdTimeSeconds ?? PEER_DEFAULTS.holdTimeSeconds,
    keepaliveTimeSec: s.timers?.keepAliveTimeSeconds ?? PEER_DEFAULTS.keepAliveTimeSeconds,
    ...(gr?.enabled
      ? { gracefulRestart: { restartTimeSec: gr.restartTimeSeconds ?? PEER_DEFAULTS.restartTimeSeconds } }
      : {}),
    ebgpMultihop: s.ebgpMultihop ?? PEER_DEFAULTS.ebgpMultihop,
    families:
      s.families !== undefined && s.families.length > 0
        ? s.families.map((f) => ({ afi: f.afi, safi: f.safi }))
        : PEER_DEFAULTS.families,
    ...(s.authSecretRef !== undefined ? { authSecretRef: s.authSecretRef } : {}),
    ...(s.transport?.sourceInterface !== undefined ? { sourceInterface: s.transport.sourceInterface } : {}),
  };
}

/**
 * §8.4: for an eBGP peer with a non-zero peerASN, GoBGP forces TTL 1, or `ebgpMultihop` when it is > 1. iBGP, or
 * peerASN 0 (any AS): no TTL is forced.
 */
export function sessionTtl(localAsn: number, peerAsn: number, ebgpMultihop: number): number | undefined {
  if (peerAsn === 0 || peerAsn === localAsn) return undefined;
  return Math.max(ebgpMultihop, 1);
}

function decodeBase64(text: string): string | undefined {
  try {
    const binary = atob(text);
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

export type PasswordLookup =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly password: string }
  /** The Secret does not exist: the session comes up with an empty password (Cilium logs it). */
  | { readonly kind: 'missingSecret' }
  | { readonly kind: 'error'; readonly message: string };

/** §1.2 `getPeerPassword`: Secret `authSecretRef` in the secrets namespace, key `password`. */
export function lookupPassword(
  authSecretRef: string | undefined,
  secrets: readonly K8sSecret[],
  secretsNamespace: string | undefined,
): PasswordLookup {
  if (authSecretRef === undefined || authSecretRef === '') return { kind: 'none' };
  if (secretsNamespace === undefined) return { kind: 'error', message: 'SecretsNamespace not configured' };
  const secret = secrets.find(
    (s) => s.metadata.name === authSecretRef && (s.metadata.namespace ?? 'default') === secretsNamespace,
  );
  if (secret === undefined) return { kind: 'missingSecret' };
  // The API server merges stringData into data (stringData wins); a manifest may carry either.
  const fromString = secret.stringData?.['password'];
  const fromData = secret.data?.['password'];
  const password = fromString ?? (fromData !== undefined ? decodeBase64(fromData) : undefined);
  if (password === undefined || password === '') {
    return { kind: 'error', message: `failed to fetch secret ${JSON.stringify(authSecretRef)}: missing password key` };
  }
  return { kind: 'ok', password };
}

/**
 * §1.2 `getInterfaceLocalAddress`: the one usable address of the peer's family on the interface. Skipped: IPv4-mapped
 * IPv6, IPv6 that is not global unicast, IPv4 that is neither global unicast nor link-local. Zero, several, or an
 * unknown interface: undefined (the peer is then skipped).
 */
export function sourceInterfaceAddress(
  peerAddress: string,
  addresses: readonly string[] | undefined,
): { readonly address?: string; readonly problem?: string } {
  if (addresses === undefined) return { problem: 'unknown interface' };
  const peer = tryParseAddress(peerAddress);
  if (!peer.ok) return { problem: 'peer address does not parse' };
  const usable = addresses.filter((text) => usableInterfaceAddress(text, peer.value.family) !== undefined);
  if (usable.length === 0) return { problem: 'no usable address of the peer family' };
  if (usable.length > 1) return { problem: 'more than one usable address of the peer family' };
  return { address: usable[0]! };
}

/**
 * An interface address Cilium uses (§1.2 sourceInterface, §4.2 Interface advertisements), in RFC 5952 text: of
 * `family`; not IPv4-mapped IPv6; IPv6 global unicast; IPv4 global unicast or link-local. A `%zone` is ignored.
 */
export function usableInterfaceAddress(text: string, family: 4 | 6): string | undefined {
  const r = tryParseAddress(text.split('%')[0] ?? text);
  if (!r.ok || r.value.family !== family) return undefined;
  const a = r.value;
  if (a.family === 6) return !a.isIpv4Mapped() && isGlobalUnicastV6(a.toBigInt()) ? a.toString() : undefined;
  const v = Number(a.toBigInt());
  const linkLocal = v >>> 16 === 0xa9fe;
  return linkLocal || isGlobalUnicastV4(v) ? a.toString() : undefined;
}

/** Go's `netip.Addr.IsGlobalUnicast` for IPv6: not unspecified, loopback, multicast or link-local. */
function isGlobalUnicastV6(v: bigint): boolean {
  if (v === 0n || v === 1n) return false;
  const top16 = Number(v >> 112n);
  if (top16 >>> 8 === 0xff) return false; // multicast
  return (top16 & 0xffc0) !== 0xfe80; // link-local unicast
}

/** Go's `IsGlobalUnicast` for IPv4: not 0.0.0.0, broadcast, loopback, multicast, link-local. */
function isGlobalUnicastV4(v: number): boolean {
  if (v === 0 || v === 0xffffffff) return false;
  const first = v >>> 24;
  if (first === 127 || first >= 224) return false;
  return v >>> 16 !== 0xa9fe;
}

export interface PeerResolution {
  readonly settings: ResolvedPeerSettings;
  readonly localAddress?: string;
  readonly password?: string;
  readonly authSecret?: string;
}

/**
 * Resolves one NodeConfig peer, or explains why Cilium would not configure it (then `problem` is set and the peer
 * is skipped).
 */
export function resolvePeer(
  peer: NodeConfigPeer,
  peerConfigs: ReadonlyMap<string, CiliumBgpPeerConfigSpec>,
  secrets: readonly K8sSecret[],
  options: AgentOptions,
  report: (p: Omit<AgentProblem, 'object'>) => void,
): PeerResolution | undefined {
  if (peer.peerAddress === undefined || peer.peerAddress === '') {
    report({
      code: peer.autoDiscovery !== undefined ? 'E_CILIUM_AUTODISCOVERY' : 'W_CILIUM_PEER_NO_ADDRESS',
      severity: 'warning',
      message:
        peer.autoDiscovery !== undefined
          ? `peer ${peer.name}: autoDiscovery is not supported by v6net agent; skipped`
          : `Peer ${peer.name} does not have PeerAddress configured, skipping`,
    });
    return undefined;
  }
  let spec: CiliumBgpPeerConfigSpec | undefined;
  if (peer.peerConfigRef !== undefined) {
    spec = peerConfigs.get(peer.peerConfigRef.name);
    if (spec === undefined) {
      // §1.2: a peerConfigRef naming a missing PeerConfig: the peer is not configured at all.
      report({
        code: 'W_CILIUM_PEER_CONFIG_MISSING',
        severity: 'warning',
        message: `peer ${peer.name}: CiliumBGPPeerConfig ${JSON.stringify(peer.peerConfigRef.name)} does not exist; the peer is not configured`,
      });
      return undefined;
    }
  }
  const settings = peerConfigDefaults(spec);
  let localAddress = peer.localAddress;
  if (localAddress === undefined && settings.sourceInterface !== undefined) {
    const r = sourceInterfaceAddress(peer.peerAddress, options.interfaces?.[settings.sourceInterface]);
    if (r.address === undefined) {
      report({
        code: 'W_CILIUM_SOURCE_INTERFACE',
        severity: 'warning',
        message: `peer ${peer.name}: sourceInterface ${settings.sourceInterface}: ${r.problem}; the peer is skipped`,
      });
      return undefined;
    }
    localAddress = r.address;
  }
  const pw = lookupPassword(settings.authSecretRef, secrets, options.secretsNamespace);
  if (pw.kind === 'error') {
    report({ code: 'E_CILIUM_PEER_PASSWORD', severity: 'error', message: `peer ${peer.name}: ${pw.message}` });
    return undefined;
  }
  if (pw.kind === 'missingSecret') {
    report({
      code: 'W_CILIUM_SECRET_MISSING',
      severity: 'warning',
      message: `Failed to fetch secret ${JSON.stringify(settings.authSecretRef)}: not found (will continue with empty password)`,
    });
  }
  return {
    settings,
    ...(localAddress !== undefined ? { localAddress } : {}),
    ...(pw.kind === 'ok' ? { password: pw.password } : {}),
    ...(settings.authSecretRef !== undefined && settings.authSecretRef !== ''
      ? { authSecret: settings.authSecretRef }
      : {}),
  };
}
