/**
 * Prints a VyosTree as `show configuration commands` does (vyos1x `render_commands`, reference §1.2): one
 * `set <path> '<value>'` line per value, a bare `set <path>` for nodes without values and children, children in
 * canonical order, values single-quoted with `"`, `\` and control characters backslash-escaped, then
 * `comment <path> '<text>'` after a commented node's lines.
 *
 * Deviation (edge case): VyOS leaves `'` inside a value unescaped, which no shell reads back; we print `\'`.
 * Path words (including tag values) are bare, as in VyOS, unless they contain blanks or quotes.
 */
import { sortCanonical } from './canonical-order.js';
import type { VyosNode, VyosTree } from './tree.js';

export function escapeVyosString(text: string, quote: '"' | "'"): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === "'" && quote === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

function pathWord(word: string): string {
  return word === '' || /[\s'"#;\\]/.test(word) ? `'${escapeVyosString(word, "'")}'` : word;
}

export function formatVyosSet(tree: VyosTree): string {
  const lines: string[] = [];
  // Explicit stack (deep trees must not overflow the call stack): a node, or a pending `comment` line.
  type Work = { node: VyosNode; prefix: string } | { line: string };
  const work: Work[] = [];
  const pushChildren = (parent: VyosNode, prefix: string): void => {
    const kids = sortCanonical(parent.children, (x) => x.name);
    for (let k = kids.length - 1; k >= 0; k--) work.push({ node: kids[k]!, prefix });
  };
  pushChildren(tree.root, '');
  while (work.length > 0) {
    const w = work.pop()!;
    if ('line' in w) {
      lines.push(w.line);
      continue;
    }
    const { node, prefix } = w;
    const p = prefix === '' ? pathWord(node.name) : `${prefix} ${pathWord(node.name)}`;
    for (const v of node.values) lines.push(`set ${p} '${escapeVyosString(v.text, "'")}'`);
    if (node.values.length === 0 && node.children.length === 0) lines.push(`set ${p}`);
    if (node.comment !== undefined) work.push({ line: `comment ${p} '${escapeVyosString(node.comment, "'")}'` });
    pushChildren(node, p);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
