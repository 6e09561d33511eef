/**
 * Is a text a VyOS configuration? Decided by content, for `import`/`check` over repos where files have any name:
 * a `set` command list (most meaningful lines are set/delete/comment commands or configure/commit/save words), or
 * curly config.boot / `show configuration` text whose top-level nodes are VyOS sections. Pure and cheap (reads
 * lines, parses nothing).
 */
import type { VyosFormat } from './parse-any.js';

const SECTIONS =
  'interfaces|protocols|policy|system|firewall|service|nat|nat66|high-availability|vrf|container|pki|qos|load-balancing|vpn|service|traffic-policy|zone-policy';
const SET_LINE = /^(set|delete|comment)\s+\S/;
const SESSION_WORD = /^(configure|commit|commit-confirm|confirm|save|exit|end)(\s|$)/;
const BOOT_TOP = new RegExp(`^(${SECTIONS})\\s*\\{\\s*$`);

function meaningfulLines(text: string, limit: number): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('//') || line.startsWith('/*')) continue;
    out.push(line);
    if (out.length >= limit) break;
  }
  return out;
}

/** `set` or `boot` when the text looks like a VyOS configuration, undefined otherwise. */
export function sniffVyosConfig(text: string): VyosFormat | undefined {
  const lines = meaningfulLines(text, 400);
  if (lines.length === 0) return undefined;
  const setLines = lines.filter((l) => SET_LINE.test(l)).length;
  const session = lines.filter((l) => SESSION_WORD.test(l)).length;
  if (setLines > 0 && (setLines + session) / lines.length >= 0.6) return 'set';
  const first = lines[0]!;
  if (BOOT_TOP.test(first) || lines.some((l) => /^(interfaces|protocols)\s*\{\s*$/.test(l))) return 'boot';
  return undefined;
}
