/**
 * Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function, largest first, over a window of the run:
 * from the first sample inside a `from` function (e.g. the RIB's ingest) to the first sample inside an `until`
 * function (e.g. the speaker's shutdown, which tears the table down and is not part of the ingest).
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A function by name and the end of its file's path (`speaker/speaker.ts`). */
export interface FrameMatch {
  readonly functionName: string;
  readonly urlSuffix: string;
}

export interface ProfileSummary {
  /** `name (file) pct%` for the top functions by self time, idle and program time excluded. */
  readonly top: string[];
  /** Milliseconds of samples in the window (idle included). */
  readonly windowMs: number;
  /** Milliseconds the process was busy in the window. */
  readonly busyMs: number;
}

function under(node: ProfileNode, parent: Map<number, ProfileNode>, m: FrameMatch): boolean {
  for (let n: ProfileNode | undefined = node; n !== undefined; n = parent.get(n.id))
    if (n.callFrame.functionName === m.functionName && n.callFrame.url.endsWith(m.urlSuffix)) return true;
  return false;
}

export function summarizeProfile(
  json: string,
  top: number,
  window: { readonly from?: FrameMatch; readonly until?: FrameMatch } = {},
): ProfileSummary {
  const p = JSON.parse(json) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, ProfileNode>();
  for (const n of p.nodes) byId.set(n.id, n);
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const self = new Map<string, number>();
  let busy = 0;
  let windowUs = 0;
  let started = window.from === undefined;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]!);
    const dt = p.timeDeltas[i] ?? 0;
    if (node === undefined) continue;
    if (!started) {
      if (!under(node, parent, window.from!)) continue;
      started = true;
    }
    if (window.until !== undefined && under(node, parent, window.until)) break;
    windowUs += dt;
    const f = node.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
    const file = f.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
    const name = `${f.functionName || '(anonymous)'}${file ? ` (${file})` : ''}`;
    self.set(name, (self.get(name) ?? 0) + dt);
    busy += dt;
  }
  return {
    top: [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `${name} ${((100 * us) / Math.max(1, busy)).toFixed(1)}%`),
    windowMs: Math.round(windowUs / 1000),
    busyMs: Math.round(busy / 1000),
  };
}
