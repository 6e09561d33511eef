/**
 * Reads `set` command lists (hand-written or `show configuration commands` output) into a VyosTree. Tolerant:
 * single/double/no quotes, `#` comments, blank lines, repeated lines, optional `delete` and `comment` lines, and
 * `configure`/`commit`/`save`/`exit` lines (ignored). Problems become diagnostics; it never throws.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { type SchemaNode, vyosSchema } from './schema.js';
import { type SetWord, tokenizeSetCommands } from './set-tokenizer.js';
import { VyosTree } from './tree.js';

export interface ParseVyosOptions {
  /** File name put into every source position. */
  readonly file?: string;
  readonly schema?: SchemaNode;
}

export interface VyosParseResult {
  readonly tree: VyosTree;
  readonly diagnostics: Diagnostic[];
}

const IGNORED = new Set(['configure', 'commit', 'commit-confirm', 'confirm', 'save', 'exit', 'end']);

interface ResolvedPath {
  readonly path: string[];
  readonly words: SetWord[];
  readonly value?: SetWord;
  /** Words after a complete leaf value (or after a valueless leaf). */
  readonly extra: SetWord[];
  /** True when the schema says the path ends on a leaf that needs a value and none was given. */
  readonly missingValue: boolean;
  /** True when an unquoted last word was read as a node only because the schema does not know the path. */
  readonly guessed: boolean;
}

/** Walks `words` from the root with the schema: tag values, leaf values and plain nodes. */
export function resolveSetPath(words: readonly SetWord[], schema: SchemaNode = vyosSchema): ResolvedPath {
  const path: string[] = [];
  const used: SetWord[] = [];
  let sch: SchemaNode | undefined = schema;
  let guessed = false;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (sch === undefined) {
      if (k === words.length - 1 && w.quoted) {
        return { path, words: used, value: w, extra: [], missingValue: false, guessed: false };
      }
      if (k === words.length - 1 && path.length > 0) guessed = true;
      path.push(w.text);
      used.push(w);
      continue;
    }
    switch (sch.kind) {
      case 'tag':
        path.push(w.text);
        used.push(w);
        sch = sch.entry;
        break;
      case 'node':
        path.push(w.text);
        used.push(w);
        sch = Object.hasOwn(sch.children, w.text) ? sch.children[w.text] : undefined;
        break;
      case 'leaf':
      case 'multi':
        return { path, words: used, value: w, extra: words.slice(k + 1), missingValue: false, guessed: false };
      case 'flag':
        return { path, words: used, extra: words.slice(k), missingValue: false, guessed: false };
    }
  }
  const missingValue = sch !== undefined && (sch.kind === 'leaf' || sch.kind === 'multi');
  return { path, words: used, extra: [], missingValue, guessed };
}

export function parseVyosSet(text: string, options: ParseVyosOptions = {}): VyosParseResult {
  const file = options.file ?? '<set>';
  const schema = options.schema ?? vyosSchema;
  const tree = VyosTree.empty();
  const { commands, diagnostics } = tokenizeSetCommands(text, file);

  for (const cmd of commands) {
    const verb = cmd.words[0]!;
    const rest = cmd.words.slice(1);
    if (!verb.quoted && IGNORED.has(verb.text)) continue;
    if (verb.quoted || (verb.text !== 'set' && verb.text !== 'delete' && verb.text !== 'comment')) {
      diagnostics.push({
        code: 'E_VYOS_SYNTAX',
        severity: 'error',
        message: `unknown command '${verb.text}' (expected set, delete or comment)`,
        path: [],
        source: verb.source,
      });
      continue;
    }
    if (rest.length === 0) {
      diagnostics.push({
        code: 'E_VYOS_SYNTAX',
        severity: 'error',
        message: `'${verb.text}' without a path`,
        path: [],
        source: verb.source,
      });
      continue;
    }

    if (verb.text === 'comment') {
      const textWord = rest[rest.length - 1]!;
      const r = resolveSetPath(rest.slice(0, -1), schema);
      const path = r.value === undefined ? r.path : [...r.path, r.value.text];
      if (path.length === 0 || !tree.setComment(path, textWord.text)) {
        diagnostics.push({
          code: 'W_VYOS_COMMENT_MISSING',
          severity: 'warning',
          message: 'comment on a node that does not exist (yet)',
          path,
          source: verb.source,
        });
      }
      continue;
    }

    const r = resolveSetPath(rest, schema);
    if (r.extra.length > 0) {
      diagnostics.push({
        code: 'E_VYOS_SYNTAX',
        severity: 'error',
        message: `unexpected word '${r.extra[0]!.text}' after the end of the path`,
        path: r.path,
        source: r.extra[0]!.source,
        hint: 'quote a value that contains spaces',
      });
    }

    if (verb.text === 'delete') {
      if (!tree.delete(r.path, r.value?.text)) {
        diagnostics.push({
          code: 'W_VYOS_DELETE_MISSING',
          severity: 'warning',
          message: 'delete of a node or value that does not exist',
          path: r.path,
          source: verb.source,
        });
      }
      continue;
    }

    if (r.missingValue) {
      diagnostics.push({
        code: 'W_VYOS_MISSING_VALUE',
        severity: 'warning',
        message: 'this leaf takes a value but none is given',
        path: r.path,
        source: rest[rest.length - 1]!.source,
      });
    }
    if (r.guessed) {
      diagnostics.push({
        code: 'I_VYOS_UNKNOWN_PATH',
        severity: 'info',
        message: 'path not in the schema table: the unquoted last word was read as a node, not a value',
        path: r.path,
        source: rest[rest.length - 1]!.source,
        hint: 'quote values (as show configuration commands does) to make them unambiguous',
      });
    }
    const outcome = tree.setWithOutcome(
      r.path,
      r.value?.text,
      r.value === undefined
        ? { sources: r.words.map((w) => w.source), schema }
        : { sources: r.words.map((w) => w.source), valueSource: r.value.source, schema },
    );
    if (outcome === 'replaced') {
      diagnostics.push({
        code: 'W_VYOS_VALUE_REPLACED',
        severity: 'warning',
        message: 'a later set replaced the value of this single-value leaf',
        path: r.path,
        source: r.value?.source ?? verb.source,
      });
    }
  }
  return { tree, diagnostics };
}
