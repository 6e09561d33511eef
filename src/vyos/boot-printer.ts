/**
 * Prints a VyosTree in the config.boot style VyOS 1.4+ saves (vyos1x `render_config`, reference §1.3): 4-space
 * indentation, leaf values always double-quoted (one line per value of a multi leaf), bare `name` for empty nodes,
 * tag entries as `name value {` … `}` with the tag value bare, `/* comment *\/` on the line before its node, children
 * in canonical order; then, when the tree has a version footer, a blank line and the `//` lines.
 */
import { sortCanonical } from './canonical-order.js';
import { escapeVyosString } from './set-printer.js';
import type { VyosNode, VyosTree } from './tree.js';

const INDENT = '    ';

function bareWord(word: string): string {
  return word === '' || /[\s{}"';\u0000-\u001f\u007f]/.test(word) || word.startsWith('//') || word.startsWith('/*')
    ? `"${escapeVyosString(word, '"')}"`
    : word;
}

export function formatVyosBoot(tree: VyosTree): string {
  const lines: string[] = [];
  const comment = (n: VyosNode, ind: string): void => {
    if (n.comment !== undefined) lines.push(`${ind}/* ${n.comment.replaceAll('*/', '* /')} */`);
  };
  // Explicit stack of pending work keeps deep trees from overflowing the call stack.
  type Work = { node: VyosNode; depth: number; tagName?: string } | { close: string };
  const work: Work[] = [];
  const pushChildren = (parent: VyosNode, depth: number): void => {
    const kids = sortCanonical(parent.children, (c) => c.name);
    for (let k = kids.length - 1; k >= 0; k--) work.push({ node: kids[k]!, depth });
  };
  pushChildren(tree.root, 0);
  while (work.length > 0) {
    const w = work.pop()!;
    if ('close' in w) {
      lines.push(w.close);
      continue;
    }
    const { node, depth } = w;
    const ind = INDENT.repeat(depth);
    const name = bareWord(node.name);
    if (node.tag && node.children.length > 0) {
      // (Values on a tag node only come from broken input; they are kept as leaf lines.)
      for (const v of node.values) lines.push(`${ind}${name} "${escapeVyosString(v.text, '"')}"`);
      const entries = sortCanonical(node.children, (c) => c.name);
      // Each entry is printed as `name value {`; queue them in reverse so they come out in order.
      const items: Work[] = [];
      for (const e of entries) {
        items.push({ node: e, depth, tagName: name });
      }
      if (node.comment !== undefined && entries[0]!.comment === undefined) comment(node, ind);
      for (let k = items.length - 1; k >= 0; k--) work.push(items[k]!);
      continue;
    }
    const isEntry = w.tagName !== undefined;
    const label = isEntry ? `${w.tagName} ${name}` : name;
    comment(node, ind);
    for (const v of node.values) lines.push(`${ind}${label} "${escapeVyosString(v.text, '"')}"`);
    if (node.children.length > 0 || isEntry) {
      lines.push(`${ind}${label} {`);
      work.push({ close: `${ind}}` });
      pushChildren(node, depth + 1);
    } else if (node.values.length === 0) {
      lines.push(`${ind}${label}`);
    }
  }
  for (const c of tree.trailingComments) lines.push(`/* ${c.replaceAll('*/', '* /')} */`);
  let out = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  if (tree.footer.length > 0) out += `\n${tree.footer.join('\n')}\n`;
  return out;
}
