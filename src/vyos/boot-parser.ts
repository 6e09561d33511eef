/**
 * Reads the curly-brace format (config.boot, `show configuration`) into a VyosTree, after vyos1x-config's grammar
 * (reference §1.3): `name {…}` plain node, `name value {…}` tag entry, `name value` leaf, bare `name` empty node;
 * nodes with the same name at one level are merged (repeated leaf lines become one multi-value leaf); `/* … *\/`
 * attaches to the next node; top-level `//` lines are kept as the version footer. Iterative (no recursion), never
 * throws: problems become diagnostics with positions.
 */
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import { type BootToken, tokenizeBoot } from './boot-tokenizer.js';
import type { ParseVyosOptions, VyosParseResult } from './set-parser.js';
import { findChild, newNode, type VyosNode, VyosTree } from './tree.js';

interface Frame {
  readonly node: VyosNode;
  readonly path: string[];
  readonly open?: SourcePosition;
  /** Names of children opened as blocks in this frame (to report a block opened twice). */
  readonly opened: Set<string>;
}

export function parseVyosBoot(text: string, options: ParseVyosOptions = {}): VyosParseResult {
  const file = options.file ?? '<config.boot>';
  const { tokens, diagnostics } = tokenizeBoot(text, file);
  const tree = VyosTree.empty();
  const stack: Frame[] = [{ node: tree.root, path: [], opened: new Set() }];
  // Comments waiting for the next node; vyos1x attaches only the last one.
  let pending: string[] = [];
  let i = 0;

  const peek = (k: number): BootToken | undefined => tokens[i + k];
  const child = (parent: VyosNode, name: string, source: SourcePosition): VyosNode => {
    let c = findChild(parent, name);
    if (c === undefined) {
      c = newNode(name, source);
      parent.children.push(c);
    }
    return c;
  };
  const takeComment = (n: VyosNode): void => {
    const last = pending.at(-1);
    if (last !== undefined) n.comment = last;
    pending = [];
  };
  const skipLine = (): void => {
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t.kind === 'newline' || t.kind === 'open' || t.kind === 'close') return;
      i++;
    }
  };
  const openBlock = (frame: Frame, n: VyosNode, key: string, at: SourcePosition, path: string[]): void => {
    if (frame.opened.has(key)) {
      diagnostics.push({
        code: 'W_VYOS_DUPLICATE_NODE',
        severity: 'warning',
        message: `'${key}' is opened twice at this level; the blocks are merged`,
        path,
        source: at,
      });
    }
    frame.opened.add(key);
    stack.push({ node: n, path, open: at, opened: new Set() });
  };

  while (i < tokens.length) {
    const t = tokens[i]!;
    const frame = stack[stack.length - 1]!;
    if (t.kind === 'newline') {
      i++;
      continue;
    }
    if (t.kind === 'comment') {
      pending.push(t.text);
      i++;
      continue;
    }
    if (t.kind === 'line-comment') {
      if (stack.length === 1) tree.footer.push(t.text);
      i++;
      continue;
    }
    if (t.kind === 'close') {
      i++;
      if (stack.length === 1) {
        diagnostics.push({
          code: 'E_VYOS_UNBALANCED',
          severity: 'error',
          message: "'}' without a matching '{'",
          path: [],
          source: t.source,
        });
      } else {
        // A comment followed by no node inside a block has nothing to attach to (vyos1x drops it too).
        pending = [];
        stack.pop();
      }
      continue;
    }
    if (t.kind === 'open') {
      diagnostics.push({
        code: 'E_VYOS_SYNTAX',
        severity: 'error',
        message: "'{' without a node name",
        path: frame.path,
        source: t.source,
      });
      i++;
      // Keep braces balanced: read the block into a detached node.
      stack.push({ node: newNode('', t.source), path: frame.path, open: t.source, opened: new Set() });
      continue;
    }
    // A word: a statement starts.
    const name = t;
    const t1 = peek(1);
    if (t1 === undefined || t1.kind === 'newline' || t1.kind === 'close' || t1.kind === 'line-comment') {
      // `name` alone: empty node / valueless leaf.
      const n = child(frame.node, name.text, name.source);
      takeComment(n);
      i++;
      continue;
    }
    if (t1.kind === 'open') {
      const n = child(frame.node, name.text, name.source);
      takeComment(n);
      i += 2;
      openBlock(frame, n, name.text, t1.source, [...frame.path, name.text]);
      continue;
    }
    if (t1.kind === 'word') {
      const t2 = peek(2);
      if (t2 !== undefined && t2.kind === 'open') {
        const tagNode = child(frame.node, name.text, name.source);
        tagNode.tag = true;
        const entry = child(tagNode, t1.text, t1.source);
        takeComment(entry);
        i += 3;
        openBlock(frame, entry, `${name.text}\u0000${t1.text}`, t2.source, [...frame.path, name.text, t1.text]);
        continue;
      }
      if (t2 === undefined || t2.kind === 'newline' || t2.kind === 'close' || t2.kind === 'line-comment') {
        const n = child(frame.node, name.text, name.source);
        takeComment(n);
        if (n.values.some((v) => v.text === t1.text)) {
          diagnostics.push({
            code: 'W_VYOS_DUPLICATE_VALUE',
            severity: 'warning',
            message: `value '${t1.text}' is given twice`,
            path: [...frame.path, name.text],
            source: t1.source,
          });
        } else n.values.push({ text: t1.text, source: t1.source });
        i += 2;
        continue;
      }
      diagnostics.push({
        code: 'E_VYOS_SYNTAX',
        severity: 'error',
        message:
          t2.kind === 'word' ? `unexpected '${t2.text}' after a leaf value` : 'unexpected comment in a statement',
        path: [...frame.path, name.text],
        source: t2.source,
        hint: 'one leaf per line: name "value"',
      });
      i += 2;
      skipLine();
      continue;
    }
    // t1 is a comment inside a statement.
    diagnostics.push({
      code: 'E_VYOS_SYNTAX',
      severity: 'error',
      message: 'unexpected comment inside a statement',
      path: [...frame.path, name.text],
      source: t1.source,
    });
    i += 2;
    skipLine();
  }
  if (stack.length === 1) tree.trailingComments.push(...pending);
  for (let k = stack.length - 1; k >= 1; k--) {
    const f = stack[k]!;
    const d: Diagnostic = {
      code: 'E_VYOS_UNBALANCED',
      severity: 'error',
      message: "'{' is never closed",
      path: f.path,
    };
    diagnostics.push(f.open === undefined ? d : { ...d, source: f.open });
  }
  return { tree, diagnostics };
}
