/**
 * Family `cross-auth`: TCP-MD5 on the node sessions (RFC 2385). Both ends need a password or neither (one-sided MD5
 * looks like a dead peer: SYNs are dropped silently), the same password (compared as SHA-256 only; placeholders such
 * as REPLACEWITHPASSWORD are not compared), and Cilium must find it: a Secret named by `authSecretRef` in the BGP
 * secrets namespace (Helm `bgpControlPlane.secretsNamespace.name`, default kube-system) with a non-empty `password`
 * key. Passwords are never printed.
 */
import { createHash } from 'node:crypto';
import type { SourcePosition } from '../../core/diagnostic.js';
import type { Decoded } from '../../k8s/decode.js';
import type { CiliumBgpPeerConfig } from '../../k8s/kinds.js';
import type { K8sSecret } from '../../k8s/objects-core.js';
import { isPlaceholderPassword } from '../../router/model.js';
import { artifactRule, finding, side } from '../artifact-rule.js';
import { type ArtifactView, at, type PeerSessions } from '../artifact-view.js';
import type { Finding, Rule } from '../rule.js';
import { routerAt } from './cross-asn.js';

/** The Secret's `password` as text (stringData wins, as the API server merges it over data), if present. */
export function secretPassword(secret: K8sSecret): { text: string; key: 'stringData' | 'data' } | undefined {
  const plain = secret.stringData?.['password'];
  if (typeof plain === 'string') return { text: plain, key: 'stringData' };
  const b64 = secret.data?.['password'];
  if (typeof b64 === 'string') return { text: Buffer.from(b64, 'base64').toString('utf8'), key: 'data' };
  return undefined;
}

function authRef(s: PeerSessions): string | undefined {
  const ref = s.peer.peerConfig?.object.spec.authSecretRef;
  return ref === undefined || ref === '' ? undefined : ref;
}

function refAt(pc: Decoded<CiliumBgpPeerConfig> | undefined, fallback: SourcePosition): SourcePosition {
  if (pc === undefined) return fallback;
  return at(pc, pc.object.spec.authSecretRef === undefined ? ['spec'] : ['spec', 'authSecretRef']);
}

function secretsNamed(view: ArtifactView, name: string): Decoded<K8sSecret>[] {
  return view.secrets.filter((s) => s.object.metadata.name === name);
}

function inNamespace(view: ArtifactView, secret: Decoded<K8sSecret>): boolean {
  return (secret.object.metadata.namespace ?? 'default') === view.secretsNamespace.value;
}

export const passwordOneSide = artifactRule({
  id: 'cross-auth/password-one-side',
  severity: 'error',
  doc: 'TCP-MD5 on one end of the node sessions only: the side with a password drops every segment of the other, so the session never comes up.',
  checkArtifacts(view) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const s of view.sessions()) {
      const peer = s.session?.peer;
      if (peer === undefined) continue;
      const ref = authRef(s);
      const routerHas = peer.password !== undefined;
      if ((ref !== undefined) === routerHas) continue;
      const key = `${s.router.file}|${peer.name}|${s.peer.peerConfig?.object.metadata.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const ciliumSide = side(
        ref === undefined ? 'Cilium peer config without authSecretRef' : `Cilium authSecretRef '${ref}'`,
        refAt(s.peer.peerConfig, s.peer.at()),
      );
      out.push(
        routerHas
          ? finding(
              peer.password?.source ?? peer.source ?? routerAt(s.router),
              `router '${s.router.name}' ${peer.kind} '${peer.name}' sets a password, but Cilium peer '${s.peer.peer.name}' uses none`,
              {
                hint: 'set authSecretRef in the CiliumBGPPeerConfig (Secret key "password"), or remove the router password',
                related: [ciliumSide],
              },
            )
          : finding(
              peer.source ?? routerAt(s.router),
              `router '${s.router.name}' ${peer.kind} '${peer.name}' has no password, but Cilium authenticates with Secret '${ref}'`,
              {
                hint: `set protocols bgp ${peer.kind} ${peer.name} password (the Secret's value)`,
                related: [ciliumSide],
              },
            ),
      );
    }
    return out;
  },
});

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export const passwordMismatch = artifactRule({
  id: 'cross-auth/password-mismatch',
  severity: 'error',
  doc: "The router's password differs from the one in Cilium's Secret (compared as SHA-256, never printed; placeholders are skipped): MD5 signatures never verify.",
  checkArtifacts(view) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const s of view.sessions()) {
      const pw = s.session?.peer.password;
      const ref = authRef(s);
      if (pw === undefined || ref === undefined || pw.placeholder) continue;
      const secret = secretsNamed(view, ref).find((x) => inNamespace(view, x));
      const value = secret === undefined ? undefined : secretPassword(secret.object);
      if (
        value === undefined ||
        value.text === '' ||
        isPlaceholderPassword(value.text) ||
        sha256(value.text) === pw.sha256
      )
        continue;
      const key = `${s.router.file}|${s.session!.peer.name}|${ref}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(
        finding(
          pw.source ?? routerAt(s.router),
          `router '${s.router.name}' password differs from Secret '${ref}' (compared by hash)`,
          {
            hint: 'put the same password on both sides',
            related: [side(`Secret '${ref}' ${value.key}.password`, at(secret!, [value.key, 'password']))],
          },
        ),
      );
    }
    return out;
  },
});

export const secretWrongNamespace = artifactRule({
  id: 'cross-auth/secret-wrong-namespace',
  severity: 'error',
  doc: "The Secret an authSecretRef names exists, but not in Cilium's BGP secrets namespace: Cilium does not find it and connects with an empty password.",
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const pc of view.peerConfigs) {
      const ref = pc.object.spec.authSecretRef;
      if (ref === undefined || ref === '') continue;
      const named = secretsNamed(view, ref);
      if (named.length === 0 || named.some((x) => inNamespace(view, x))) continue;
      const wrong = named[0]!;
      out.push(
        finding(
          at(wrong, ['metadata', wrong.object.metadata.namespace === undefined ? 'name' : 'namespace']),
          `Secret '${ref}' is in namespace '${wrong.object.metadata.namespace ?? 'default'}', but Cilium reads BGP secrets from '${view.secretsNamespace.value}'`,
          {
            hint: `move the Secret to ${view.secretsNamespace.value} (or set bgpControlPlane.secretsNamespace.name)`,
            related: [
              side(`authSecretRef of '${pc.object.metadata.name}'`, at(pc, ['spec', 'authSecretRef'])),
              side('secrets namespace', view.secretsNamespace.source),
            ],
          },
        ),
      );
    }
    return out;
  },
});

export const secretWithoutPassword = artifactRule({
  id: 'cross-auth/secret-without-password',
  severity: 'error',
  doc: 'The Secret an authSecretRef names has no non-empty `password` key: Cilium fails the reconcile ("missing password key").',
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const pc of view.peerConfigs) {
      const ref = pc.object.spec.authSecretRef;
      if (ref === undefined || ref === '') continue;
      const secret = secretsNamed(view, ref).find((x) => inNamespace(view, x));
      if (secret === undefined) continue;
      const value = secretPassword(secret.object);
      if (value !== undefined && value.text !== '') continue;
      const keys = [...Object.keys(secret.object.data ?? {}), ...Object.keys(secret.object.stringData ?? {})];
      out.push(
        finding(
          at(secret, [secret.object.stringData ? 'stringData' : secret.object.data ? 'data' : 'metadata']),
          `Secret '${ref}' has ${value === undefined ? `no "password" key${keys.length > 0 ? ` (keys: ${keys.join(', ')})` : ''}` : 'an empty "password"'}`,
          {
            hint: 'store the BGP password under the key "password"',
            related: [side(`authSecretRef of '${pc.object.metadata.name}'`, at(pc, ['spec', 'authSecretRef']))],
          },
        ),
      );
    }
    return out;
  },
});

export const crossAuthRules: readonly Rule[] = [
  passwordOneSide,
  passwordMismatch,
  secretWrongNamespace,
  secretWithoutPassword,
];
