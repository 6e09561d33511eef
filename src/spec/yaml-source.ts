/**
 * YAML text → plain data plus a way back from a data path to the source position. Every parser problem becomes a
 * located Diagnostic; nothing here throws. Resource limits: the text size, the flow nesting depth and the alias
 * expansion count are bounded before or while the yaml package runs, so hostile input (an alias bomb, a 10 MB file,
 * 100k nested brackets) ends quickly with a diagnostic instead of hanging or exhausting memory.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, type YAMLMap } from 'yaml';
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import type { DataPath } from './plan-types.js';

/** Largest spec text accepted (characters). A 10 000-node spec is about 1.5 MB. */
export const MAX_SPEC_CHARS = 2 * 1024 * 1024;
/** Deepest `[`/`{` nesting accepted (the spec itself needs fewer than 10 levels). */
export const MAX_FLOW_DEPTH = 64;
/** Deepest block nesting accepted: indentation in columns, and `- - - x` compact sequences per line. */
export const MAX_INDENT_COLUMNS = 200;
export const MAX_COMPACT_SEQUENCE_DEPTH = 32;
/** Most alias expansions accepted while converting to data (the yaml package's resource-exhaustion guard). */
export const MAX_ALIAS_COUNT = 100;

/** Where a diagnostic should point: at the value, at the key of the pair, or at the map that holds the key. */
export type LocateMode = 'value' | 'key' | 'parent';

export interface YamlSource {
  /** The document as plain data (undefined when the text could not be parsed far enough). */
  readonly data: unknown;
  readonly diagnostics: readonly Diagnostic[];
  locate(path: DataPath, mode?: LocateMode): SourcePosition | undefined;
}

function syntaxDiagnostic(
  code: string,
  message: string,
  source: SourcePosition | undefined,
  hint?: string,
): Diagnostic {
  return {
    code,
    severity: 'error',
    message,
    path: [],
    ...(source ? { source } : {}),
    ...(hint ? { hint } : {}),
  };
}

/** Upper bound of the `[`/`{` nesting depth, ignoring quoted text and comments; stops counting past `limit`. */
export function flowDepth(text: string, limit: number): { depth: number; offset: number } {
  let depth = 0;
  let quote = '';
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === '\n') comment = false;
      continue;
    }
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") {
      // A quote only opens a quoted scalar at the start of a token.
      const prev = i > 0 ? text[i - 1] : ' ';
      if (
        prev === ' ' ||
        prev === '\t' ||
        prev === '\n' ||
        prev === '[' ||
        prev === '{' ||
        prev === ',' ||
        prev === ':'
      )
        quote = c;
    } else if (c === '#') {
      const prev = i > 0 ? text[i - 1] : ' ';
      if (prev === ' ' || prev === '\t' || prev === '\n') comment = true;
    } else if (c === '[' || c === '{') {
      depth++;
      if (depth > limit) return { depth, offset: i };
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return { depth, offset: -1 };
}

/** First line whose block nesting exceeds the limits (the yaml package's lexer degrades badly beyond them). */
export function blockDepthProblem(text: string): { line: number; column: number } | undefined {
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    let i = start;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i - start > MAX_INDENT_COLUMNS && i < text.length && text[i] !== '\n' && text[i] !== '#') {
      return { line, column: MAX_INDENT_COLUMNS + 1 };
    }
    let dashes = 0;
    while (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      dashes++;
      if (dashes > MAX_COMPACT_SEQUENCE_DEPTH) return { line, column: i - start + 1 };
      i += 2;
      while (text[i] === ' ' || text[i] === '\t') i++;
    }
    const end = text.indexOf('\n', i);
    if (end < 0) break;
    start = end + 1;
    line++;
  }
  return undefined;
}

/** Parse YAML text; collects syntax errors (E_YAML_SYNTAX), duplicate keys (E_YAML_DUPLICATE_KEY) and limits. */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const empty = (diagnostics: Diagnostic[]): YamlSource => ({ data: undefined, diagnostics, locate: () => undefined });

  if (typeof text !== 'string') {
    return empty([syntaxDiagnostic('E_YAML_SYNTAX', 'the spec text is not a string', undefined)]);
  }
  if (text.length > MAX_SPEC_CHARS) {
    return empty([
      syntaxDiagnostic(
        'E_YAML_TOO_LARGE',
        `the spec is ${text.length} characters long; the limit is ${MAX_SPEC_CHARS}`,
        { file, line: 1, column: 1 },
        'split generated data out of the spec, or check that this is the right file',
      ),
    ]);
  }
  const block = blockDepthProblem(text);
  if (block) {
    return empty([
      syntaxDiagnostic(
        'E_YAML_TOO_DEEP',
        `block nesting is too deep (indentation over ${MAX_INDENT_COLUMNS} columns or more than ` +
          `${MAX_COMPACT_SEQUENCE_DEPTH} nested '- ' on one line)`,
        { file, line: block.line, column: block.column },
      ),
    ]);
  }
  const flow = flowDepth(text, MAX_FLOW_DEPTH);
  if (flow.offset >= 0) {
    // Count lines by hand: the LineCounter is only filled by the parser.
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < flow.offset; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    return empty([
      syntaxDiagnostic('E_YAML_TOO_DEEP', `flow collections are nested deeper than ${MAX_FLOW_DEPTH} levels`, {
        file,
        line,
        column: flow.offset - lineStart + 1,
      }),
    ]);
  }

  let doc: ReturnType<typeof parseDocument>;
  try {
    // uniqueKeys is checked below in linear time (the yaml package's own check is quadratic in the map size).
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, version: '1.2' });
  } catch (error) {
    return empty([syntaxDiagnostic('E_YAML_SYNTAX', `the YAML parser failed: ${errorText(error)}`, undefined)]);
  }

  const diagnostics: Diagnostic[] = [];
  for (const error of doc.errors) {
    const at = position(error.pos[0]);
    diagnostics.push(
      syntaxDiagnostic('E_YAML_SYNTAX', firstLine(error.message), at, syntaxHint(text, lineCounter, at)),
    );
  }
  // Syntax errors stop here (the data would be a guess); duplicate keys do not (the last one wins, as in YAML
  // loaders that allow them), so the rest of the file is still validated in the same run.
  if (diagnostics.length > 0) return { data: undefined, diagnostics, locate: makeLocate(doc, position) };
  if (doc.contents) findDuplicateKeys(doc.contents, [], position, diagnostics);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const limit = error instanceof ReferenceError && /alias/i.test(error.message);
    return {
      data: undefined,
      diagnostics: [
        syntaxDiagnostic(
          limit ? 'E_YAML_ALIAS_LIMIT' : 'E_YAML_SYNTAX',
          limit
            ? `aliases expand to too many nodes (limit ${MAX_ALIAS_COUNT}): refusing a possible alias bomb`
            : `the YAML document could not be converted: ${errorText(error)}`,
          { file, line: 1, column: 1 },
        ),
        ...diagnostics,
      ],
      locate: makeLocate(doc, position),
    };
  }
  return { data, diagnostics, locate: makeLocate(doc, position) };
}

/** An unquoted IPv6 text ending in `::` reads as a map key in YAML (`a: 2001:db8::` fails): say so. */
function syntaxHint(text: string, lineCounter: LineCounter, at: SourcePosition): string | undefined {
  const start = lineCounter.lineStarts[at.line - 1];
  if (start === undefined) return undefined;
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end < 0 ? undefined : end);
  if (/[0-9a-fA-F]?::\s*(#.*)?$/.test(line)) {
    return "quote IPv6 text that ends in '::' (YAML reads a trailing ':' as a key), e.g. \"2001:db8::\"";
  }
  return undefined;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return '';
  return String(key);
}

/** Reports every repeated key of every map (E_YAML_DUPLICATE_KEY at the repeated key). Iterative: no deep recursion. */
function findDuplicateKeys(
  root: Node,
  rootPath: DataPath,
  position: (offset: number) => SourcePosition,
  out: Diagnostic[],
): void {
  const stack: { node: unknown; path: DataPath }[] = [{ node: root, path: rootPath }];
  let visited = 0;
  while (stack.length > 0 && visited < 1_000_000) {
    visited++;
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      const seen = new Map<string, unknown>();
      for (const pair of node.items) {
        const key = keyText(pair.key);
        const first = seen.get(key);
        if (first !== undefined) {
          const at = isScalar(pair.key) && pair.key.range ? position(pair.key.range[0]) : undefined;
          const firstAt = isScalar(first) && first.range ? position(first.range[0]) : undefined;
          out.push({
            code: 'E_YAML_DUPLICATE_KEY',
            severity: 'error',
            message: `key '${key}' appears more than once in this map`,
            path: [...path, key],
            ...(at ? { source: at } : {}),
            related: [{ message: 'first written here', ...(firstAt ? { source: firstAt } : {}) }],
          });
        } else seen.set(key, pair.key ?? null);
        stack.push({ node: pair.value, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        stack.push({ node: item, path: [...path, index] });
      });
    }
  }
}

/** Builds the data path → position function over the parsed document (aliases followed to their anchors). */
function makeLocate(
  doc: ReturnType<typeof parseDocument>,
  position: (offset: number) => SourcePosition,
): YamlSource['locate'] {
  const at = (node: unknown): SourcePosition | undefined => {
    if (node && typeof node === 'object' && 'range' in node) {
      const range = (node as { range?: [number, number, number] | null }).range;
      if (range) return position(range[0]);
    }
    return undefined;
  };
  // Key index per map, built on first use, so locating N keys of one big map costs O(N), not O(N²).
  const keyIndex = new WeakMap<object, Map<string, Pair>>();
  const findPair = (map: YAMLMap, key: string): Pair | undefined => {
    let index = keyIndex.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const k = keyText(pair.key);
        if (!index.has(k)) index.set(k, pair);
      }
      keyIndex.set(map, index);
    }
    return index.get(key);
  };
  return (path, mode = 'value') => {
    // An empty document has no node: point at its start.
    if (doc.contents === null || doc.contents === undefined) return position(0);
    let node: unknown = doc.contents;
    let keyNode: unknown;
    let parent: unknown;
    const steps = mode === 'value' ? path.length : Math.max(path.length - 1, 0);
    for (let i = 0; i < path.length; i++) {
      if (isAlias(node)) node = node.resolve(doc);
      const part = path[i];
      if (i === steps && mode === 'parent') return at(node) ?? at(parent);
      parent = node;
      if (isMap(node)) {
        const pair = findPair(node, String(part));
        if (!pair) return at(node);
        keyNode = pair.key;
        node = pair.value;
        // An empty value (`key:`) has no node: point at the key.
        if (node === null || node === undefined) return at(keyNode);
      } else if (isSeq(node) && typeof part === 'number') {
        const item = node.items[part];
        if (item === undefined) return at(node);
        keyNode = undefined;
        node = item;
      } else return at(node);
    }
    if (mode === 'parent' && path.length === 0) return at(node);
    if (mode === 'key') return at(keyNode) ?? at(node);
    return at(node) ?? at(keyNode);
  };
}
