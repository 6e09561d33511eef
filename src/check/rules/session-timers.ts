/**
 * Family `session-timers`: BGP timers each side sets, valid on their own terms: a hold time of 0 or at least 3 s
 * (RFC 4271 §4.2), keepalive not longer than the hold time (Cilium's CRD rule; its default keepalive is 30 s when only
 * holdTimeSeconds is written) and, as a warning, at most a third of it (RFC 4271 §10). Cilium peer configs and every
 * router timer (global, per neighbor or group) are checked.
 */
import type { SourcePosition } from '../../core/diagnostic.js';
import { artifactRule, finding } from '../artifact-rule.js';
import { type ArtifactView, at } from '../artifact-view.js';
import type { Rule } from '../rule.js';
import { routerAt } from './cross-asn.js';
import { CILIUM_DEFAULTS } from './cross-session.js';

interface TimerSite {
  readonly what: string;
  readonly hold: number;
  readonly keepalive: number;
  readonly holdAt: SourcePosition;
  readonly keepaliveAt: SourcePosition;
}

/** Every place timers are set: Cilium peer configs (with CRD defaults) and router peers / global timers. */
function timerSites(view: ArtifactView): TimerSite[] {
  const out: TimerSite[] = [];
  for (const pc of view.peerConfigs) {
    const t = pc.object.spec.timers;
    if (t === undefined) continue;
    out.push({
      what: `CiliumBGPPeerConfig '${pc.object.metadata.name}'`,
      hold: t.holdTimeSeconds ?? CILIUM_DEFAULTS.holdTimeSec,
      keepalive: t.keepAliveTimeSeconds ?? CILIUM_DEFAULTS.keepaliveSec,
      holdAt: at(pc, ['spec', 'timers', t.holdTimeSeconds === undefined ? 'keepAliveTimeSeconds' : 'holdTimeSeconds']),
      keepaliveAt: at(pc, [
        'spec',
        'timers',
        t.keepAliveTimeSeconds === undefined ? 'holdTimeSeconds' : 'keepAliveTimeSeconds',
      ]),
    });
  }
  for (const r of view.routers) {
    const sets = [
      { what: `router '${r.name}'`, timers: r.timers },
      ...[...r.peerGroups, ...r.neighbors].map((p) => ({
        what: `router '${r.name}' ${p.kind} '${p.name}'`,
        timers: p.timers,
      })),
    ];
    for (const { what, timers } of sets) {
      if (timers.holdTimeSec === undefined || timers.keepaliveSec === undefined) continue;
      out.push({
        what,
        hold: timers.holdTimeSec.value,
        keepalive: timers.keepaliveSec.value,
        holdAt: timers.holdTimeSec.source ?? routerAt(r),
        keepaliveAt: timers.keepaliveSec.source ?? routerAt(r),
      });
    }
  }
  return out;
}

export const holdTimeInvalid = artifactRule({
  id: 'session-timers/hold-time-invalid',
  severity: 'error',
  doc: 'A hold time of 1 or 2 s (RFC 4271 §4.2: 0 or at least 3): the peer refuses the OPEN.',
  checkArtifacts(view) {
    return timerSites(view)
      .filter((t) => t.hold === 1 || t.hold === 2)
      .map((t) =>
        finding(t.holdAt, `${t.what} hold time ${t.hold} s is invalid (0 or ≥ 3)`, {
          hint: 'use a hold time of at least 3 s (e.g. 9 with keepalive 3)',
        }),
      );
  },
});

export const keepaliveExceedsHold = artifactRule({
  id: 'session-timers/keepalive-exceeds-hold',
  severity: 'error',
  doc: "Keepalive longer than the hold time: the session expires between keepalives (Cilium's CRD refuses it; mind its default keepalive 30 when only the hold time is set).",
  checkArtifacts(view) {
    return timerSites(view)
      .filter((t) => t.hold !== 0 && t.keepalive > t.hold)
      .map((t) =>
        finding(t.keepaliveAt, `${t.what} keepalive ${t.keepalive} s exceeds the hold time ${t.hold} s`, {
          hint: 'set keepalive to a third of the hold time',
        }),
      );
  },
});

export const keepaliveOverThird = artifactRule({
  id: 'session-timers/keepalive-over-third',
  severity: 'warning',
  doc: 'Keepalive above a third of the hold time (RFC 4271 §10): one lost keepalive can expire the session.',
  checkArtifacts(view) {
    return timerSites(view)
      .filter((t) => t.hold >= 3 && t.keepalive <= t.hold && t.keepalive * 3 > t.hold)
      .map((t) =>
        finding(
          t.keepaliveAt,
          `${t.what} keepalive ${t.keepalive} s is more than a third of the hold time ${t.hold} s`,
          { hint: `use keepalive ${Math.max(1, Math.floor(t.hold / 3))}` },
        ),
      );
  },
});

export const sessionTimerRules: readonly Rule[] = [holdTimeInvalid, keepaliveExceedsHold, keepaliveOverThird];
