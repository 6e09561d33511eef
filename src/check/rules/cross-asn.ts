/**
 * Family `cross-asn`: the AS numbers both ends of a node session expect. Cilium's `peerASN` must be the router's
 * `system-as`; the router's `remote-as` for the node sessions (a number, `external` or `internal`) must fit the
 * cluster's `localASN`. A mismatch makes the OPEN fail with Bad Peer AS: the session never comes up.
 */
import type { SourcePosition } from '../../core/diagnostic.js';
import type { RouterModel } from '../../router/model.js';
import { artifactRule, finding, side } from '../artifact-rule.js';
import type { Finding, Rule } from '../rule.js';

export function routerAt(router: RouterModel): SourcePosition {
  return router.bgpSource ?? router.source;
}

export const peerAsnMismatch = artifactRule({
  id: 'cross-asn/peer-asn-mismatch',
  severity: 'error',
  doc: "A Cilium peer's peerASN is not the system-as of the router that owns the peer address: the router's OPEN is refused (Bad Peer AS).",
  checkArtifacts(view) {
    const out: Finding[] = [];
    for (const p of view.peers) {
      const asn = p.peer.peerASN;
      const sys = p.router?.systemAs;
      if (p.router === undefined || sys === undefined || asn === undefined || asn === 0 || asn === sys.value) continue;
      out.push(
        finding(
          p.at('peerASN'),
          `peer '${p.peer.name}' expects AS${asn}, but router '${p.router.name}' is AS${sys.value}`,
          {
            hint: `set peerASN: ${sys.value} (or fix the router's system-as)`,
            related: [side(`router '${p.router.name}' system-as ${sys.value}`, sys.source ?? routerAt(p.router))],
          },
        ),
      );
    }
    return out;
  },
});

export const remoteAsMismatch = artifactRule({
  id: 'cross-asn/remote-as-mismatch',
  severity: 'error',
  doc: "The router's remote-as for the node sessions (number, external or internal) does not fit the cluster's localASN, or is missing: the router refuses the nodes' OPEN.",
  checkArtifacts(view) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const s of view.sessions()) {
      const local = s.peer.instance.localASN;
      const sess = s.session;
      if (sess === undefined || local === undefined) continue;
      const key = `${s.router.file}|${sess.peer.name}|${local}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const remote = sess.peer.remoteAs;
      const sys = s.router.systemAs?.value;
      let problem: string | undefined;
      if (remote === undefined) problem = 'has no remote-as (VyOS refuses the commit; FRR never starts the session)';
      else if (typeof remote.value === 'number' && remote.value !== local)
        problem = `expects remote-as ${remote.value}`;
      else if (remote.value === 'internal' && sys !== undefined && sys !== local)
        problem = `is 'internal' (AS${sys}) but the cluster is AS${local}`;
      else if (remote.value === 'external' && sys !== undefined && sys === local)
        problem = `is 'external' but the cluster uses the router's own AS${sys}`;
      if (problem === undefined) continue;
      const where = remote?.source ?? sess.peer.source ?? routerAt(s.router);
      out.push(
        finding(
          where,
          `router '${s.router.name}' ${sess.peer.kind} '${sess.peer.name}' ${problem}; the nodes are AS${local}`,
          {
            hint: `set remote-as ${local} (or 'external') on ${sess.peer.kind} ${sess.peer.name}`,
            related: [
              side(
                `cluster localASN ${local}`,
                s.peer.config.read.locate([...s.peer.instancePath, 'localASN']) ?? s.peer.at(),
              ),
            ],
          },
        ),
      );
    }
    return out;
  },
});

export const peerAsnUnset = artifactRule({
  id: 'cross-asn/peer-asn-unset',
  severity: 'info',
  doc: 'A Cilium peer has no peerASN (or 0): Cilium accepts whatever AS the router sends and does not force TTL 1 on the eBGP session.',
  checkArtifacts(view) {
    return view.peers
      .filter((p) => p.peer.peerASN === undefined || p.peer.peerASN === 0)
      .map((p) =>
        finding(p.at(p.peer.peerASN === undefined ? [] : 'peerASN'), `peer '${p.peer.name}' accepts any peer AS`, {
          hint: p.router?.systemAs ? `set peerASN: ${p.router.systemAs.value}` : "set peerASN to the router's AS",
          related: [
            p.router?.systemAs ? side(`router '${p.router.name}' system-as`, p.router.systemAs.source) : undefined,
          ],
        }),
      );
  },
});

export const crossAsnRules: readonly Rule[] = [peerAsnMismatch, remoteAsMismatch, peerAsnUnset];
