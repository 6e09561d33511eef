/**
 * The VyOS configuration tree as data (vyos1x-config's model, reference §1.1): every node has a name, ordered values,
 * an optional comment, a tag flag and children. A tag node (`neighbor`) holds one child per tag value
 * (`2001:db8::1`), which holds the real children. Nodes and values remember where they came from.
 */
import type { SourcePosition } from '../core/diagnostic.js';
import { sortCanonical } from './canonical-order.js';
import { type SchemaNode, schemaAt, vyosSchema } from './schema.js';

export interface VyosValue {
  readonly text: string;
  readonly source?: SourcePosition;
}

export interface VyosNode {
  readonly name: string;
  /** True for a tag node (its children are tag values). */
  tag: boolean;
  values: VyosValue[];
  /** Children in insertion order; printers and `children()` give canonical order. */
  children: VyosNode[];
  comment?: string;
  /** Where the node's name first appeared. */
  source?: SourcePosition;
}

/** A value together with the place it was written. */
export interface Located<T> {
  readonly value: T;
  readonly source?: SourcePosition;
}

export type VyosPath = readonly string[];

export function newNode(name: string, source?: SourcePosition): VyosNode {
  const n: VyosNode = { name, tag: false, values: [], children: [] };
  if (source !== undefined) n.source = source;
  return n;
}

/**
 * Name index for wide nodes (thousands of neighbors): keyed by node, valid while the node keeps the same children
 * array; appended children are indexed incrementally, any other change rebuilds it.
 */
const childIndex = new WeakMap<VyosNode, { array: VyosNode[]; indexed: number; byName: Map<string, VyosNode> }>();
const INDEX_FROM = 16;

export function findChild(parent: VyosNode, name: string): VyosNode | undefined {
  const kids = parent.children;
  if (kids.length < INDEX_FROM) {
    for (const c of kids) if (c.name === name) return c;
    return undefined;
  }
  let idx = childIndex.get(parent);
  if (idx === undefined || idx.array !== kids || idx.indexed > kids.length) {
    idx = { array: kids, indexed: 0, byName: new Map() };
    childIndex.set(parent, idx);
  }
  for (; idx.indexed < kids.length; idx.indexed++) {
    const c = kids[idx.indexed]!;
    if (!idx.byName.has(c.name)) idx.byName.set(c.name, c);
  }
  // (Replacing an element in place, same array and length, is not seen: mutate by push or by a new array.)
  return idx.byName.get(name);
}

export interface SetOptions {
  /** Position of the path words (one per path element) and of the value. */
  readonly sources?: readonly (SourcePosition | undefined)[];
  readonly valueSource?: SourcePosition;
  readonly schema?: SchemaNode;
}

/** What `set` did with a value: appended, replaced an older one, already present, or no value given. */
export type SetOutcome = 'added' | 'replaced' | 'duplicate' | 'node';

export class VyosTree {
  readonly root: VyosNode;
  /** The `//` lines at the end of a config.boot (version footer), verbatim without newline. */
  footer: string[] = [];
  /** `/* … *\/` comments not followed by any node. */
  trailingComments: string[] = [];

  constructor(root?: VyosNode) {
    this.root = root ?? newNode('');
  }

  static empty(): VyosTree {
    return new VyosTree();
  }

  /** The node at `path`, or undefined. */
  get(path: VyosPath): VyosNode | undefined {
    let cur: VyosNode | undefined = this.root;
    for (const name of path) {
      if (cur === undefined) return undefined;
      cur = findChild(cur, name);
    }
    return cur;
  }

  exists(path: VyosPath): boolean {
    return this.get(path) !== undefined;
  }

  /** Values of the leaf at `path` in stored order ([] when absent). */
  values(path: VyosPath): string[] {
    return (this.get(path)?.values ?? []).map((v) => v.text);
  }

  /** The first value of the leaf at `path`. */
  value(path: VyosPath): string | undefined {
    return this.get(path)?.values[0]?.text;
  }

  /** The first value with its source position (falls back to the node's position). */
  located(path: VyosPath): Located<string> | undefined {
    const n = this.get(path);
    const v = n?.values[0];
    if (n === undefined || v === undefined) return undefined;
    const source = v.source ?? n.source;
    return source === undefined ? { value: v.text } : { value: v.text, source };
  }

  /** All values with their positions. */
  locatedValues(path: VyosPath): Located<string>[] {
    const n = this.get(path);
    if (n === undefined) return [];
    return n.values.map((v) => {
      const source = v.source ?? n.source;
      return source === undefined ? { value: v.text } : { value: v.text, source };
    });
  }

  /** Children of the node at `path` in canonical order ([] when absent). */
  children(path: VyosPath): VyosNode[] {
    const n = this.get(path);
    return n === undefined ? [] : sortCanonical(n.children, (c) => c.name);
  }

  /** Names of the children of `path` in canonical order (for a tag node: its tag values). */
  childNames(path: VyosPath): string[] {
    return this.children(path).map((c) => c.name);
  }

  /**
   * `set path [value]` as the VyOS CLI does it: creates missing nodes (tag flags from the schema), replaces the
   * value of a single-value leaf, appends to a multi leaf (and to leaves the schema does not know).
   */
  set(path: VyosPath, value?: string, options: SetOptions = {}): this {
    this.setWithOutcome(path, value, options);
    return this;
  }

  setWithOutcome(path: VyosPath, value?: string, options: SetOptions = {}): SetOutcome {
    const schema = options.schema ?? vyosSchema;
    let cur = this.root;
    for (let i = 0; i < path.length; i++) {
      const name = path[i]!;
      let child = findChild(cur, name);
      if (child === undefined) {
        child = newNode(name, options.sources?.[i]);
        cur.children.push(child);
      }
      if (schemaAt(path.slice(0, i + 1), schema)?.kind === 'tag') child.tag = true;
      cur = child;
    }
    if (value === undefined) return 'node';
    const v: VyosValue =
      options.valueSource === undefined ? { text: value } : { text: value, source: options.valueSource };
    if (cur.values.some((x) => x.text === value)) return 'duplicate';
    const kind = schemaAt(path, schema)?.kind;
    if (kind === 'leaf' && cur.values.length > 0) {
      cur.values = [v];
      return 'replaced';
    }
    cur.values.push(v);
    return 'added';
  }

  /** `delete path [value]`: removes one value of a leaf, or the whole node. Returns false if nothing matched. */
  delete(path: VyosPath, value?: string): boolean {
    if (path.length === 0) return false;
    const parent = this.get(path.slice(0, -1));
    const name = path[path.length - 1]!;
    const target = parent === undefined ? undefined : findChild(parent, name);
    if (parent === undefined || target === undefined) return false;
    if (value !== undefined) {
      const before = target.values.length;
      target.values = target.values.filter((v) => v.text !== value);
      if (target.values.length === before) return false;
      if (target.values.length > 0 || target.children.length > 0) return true;
    }
    parent.children = parent.children.filter((c) => c !== target);
    // An empty tag node means nothing (`neighbor` without any address): remove it with its last entry.
    if (parent.tag && parent.children.length === 0 && parent.values.length === 0 && path.length >= 2) {
      const grand = this.get(path.slice(0, -2));
      if (grand !== undefined) grand.children = grand.children.filter((c) => c !== parent);
    }
    return true;
  }

  /** Sets (or with an empty text removes) the comment of an existing node. Returns false if it does not exist. */
  setComment(path: VyosPath, text: string): boolean {
    const n = this.get(path);
    if (n === undefined || path.length === 0) return false;
    if (text === '') delete n.comment;
    else n.comment = text;
    return true;
  }

  clone(): VyosTree {
    const copy = new VyosTree(cloneNode(this.root));
    copy.footer = [...this.footer];
    copy.trailingComments = [...this.trailingComments];
    return copy;
  }

  /** Component versions from the footer (`bgp@5:policy@8:…`) and the release line, when present. */
  configVersion(): { components: Record<string, number>; release?: string } {
    const components: Record<string, number> = {};
    let release: string | undefined;
    // `//` footer lines (1.3+) or, in 1.2 files, the trailing `/* … */` comments.
    for (const line of [...this.footer, ...this.trailingComments]) {
      const cv = /vyos-config-version:\s*"([^"]*)"/.exec(line) ?? /vyatta-config-version:\s*"([^"]*)"/.exec(line);
      if (cv) {
        for (const part of cv[1]!.split(':')) {
          const m = /^(.+)@(\d+)$/.exec(part);
          if (m) components[m[1]!] = Number(m[2]);
        }
      }
      const rv = /Release version:\s*(\S+)/.exec(line);
      if (rv) release = rv[1]!;
    }
    return release === undefined ? { components } : { components, release };
  }
}

function cloneNode(n: VyosNode): VyosNode {
  const c: VyosNode = { name: n.name, tag: n.tag, values: [...n.values], children: n.children.map(cloneNode) };
  if (n.comment !== undefined) c.comment = n.comment;
  if (n.source !== undefined) c.source = n.source;
  return c;
}

/** A position-free, canonically ordered plain form of a tree: what "the same tree" means in tests and diffs. */
export interface PlainNode {
  readonly name: string;
  readonly tag?: true;
  readonly values?: readonly string[];
  readonly comment?: string;
  readonly children?: readonly PlainNode[];
}

export function toPlain(node: VyosNode): PlainNode {
  const out: { -readonly [K in keyof PlainNode]: PlainNode[K] } = { name: node.name };
  // The tag flag of a node without children cannot be written in config.boot and means nothing: left out.
  if (node.tag && node.children.length > 0) out.tag = true;
  if (node.values.length > 0) out.values = node.values.map((v) => v.text);
  if (node.comment !== undefined) out.comment = node.comment;
  if (node.children.length > 0) out.children = sortCanonical(node.children, (c) => c.name).map(toPlain);
  return out;
}

/** Visits every node depth-first in canonical order with its full path. */
export function walkTree(tree: VyosTree, visit: (node: VyosNode, path: readonly string[]) => void): void {
  const stack: { node: VyosNode; path: string[] }[] = [];
  for (const c of sortCanonical(tree.root.children, (x) => x.name).reverse()) stack.push({ node: c, path: [c.name] });
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    visit(node, path);
    const kids = sortCanonical(node.children, (x) => x.name);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, path: [...path, kids[i]!.name] });
  }
}
