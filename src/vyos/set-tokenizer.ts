/**
 * Splits `set`-command text into commands and words with shell-like rules (reference §1.2): bare words, `'…'` and
 * `"…"`, `#` comments, blank lines, `\`-newline continuation. Inside either quote kind the escapes VyOS's command
 * renderer produces (`\"`, `\\`, `\'`, `\n`, `\t`, `\r`) are decoded so that canonical output reads back exactly; any
 * other backslash stays literal. Never throws: problems are returned as diagnostics.
 */
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';

export interface SetWord {
  readonly text: string;
  /** True when any part of the word was quoted: the word is then always a value or a tag value, never a keyword. */
  readonly quoted: boolean;
  readonly source: SourcePosition;
}

export interface SetCommandLine {
  readonly words: readonly SetWord[];
  readonly source: SourcePosition;
}

const escapes: Record<string, string> = { '"': '"', '\\': '\\', "'": "'", n: '\n', t: '\t', r: '\r', '/': '/' };

export function tokenizeSetCommands(
  text: string,
  file: string,
): { commands: SetCommandLine[]; diagnostics: Diagnostic[] } {
  const commands: SetCommandLine[] = [];
  const diagnostics: Diagnostic[] = [];
  let words: SetWord[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  const pos = (): SourcePosition => ({ file, line, column: col });
  const advance = (): string => {
    const ch = text[i]!;
    i++;
    if (ch === '\n') {
      line++;
      col = 1;
    } else col++;
    return ch;
  };
  const endCommand = (): void => {
    if (words.length > 0) commands.push({ words, source: words[0]!.source });
    words = [];
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n' || ch === ';') {
      advance();
      endCommand();
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') {
      advance();
      continue;
    }
    if (ch === '\\' && text[i + 1] === '\n') {
      advance();
      advance();
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') advance();
      continue;
    }
    // A word: a run of bare characters and quoted parts.
    const start = pos();
    let buf = '';
    let quoted = false;
    while (i < text.length) {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === ';' || c === '\f' || c === '\v') break;
      if (c === "'" || c === '"') {
        quoted = true;
        const qpos = pos();
        const saved = { i, line, col, buf };
        advance();
        let closed = false;
        while (i < text.length) {
          const q = text[i]!;
          if (q === c) {
            advance();
            closed = true;
            break;
          }
          if (q === '\\' && text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            buf += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
            for (let k = 0; k < 6; k++) advance();
            continue;
          }
          if (q === '\\' && i + 1 < text.length && escapes[text[i + 1]!] !== undefined) {
            advance();
            buf += escapes[advance()]!;
            continue;
          }
          buf += advance();
        }
        if (!closed) {
          // Recover: the quoted part ends at the end of its line.
          ({ i, line, col, buf } = saved);
          advance();
          while (i < text.length && text[i] !== '\n') buf += advance();
          diagnostics.push({
            code: 'E_VYOS_SYNTAX',
            severity: 'error',
            message: `unterminated ${c === "'" ? 'single' : 'double'} quote`,
            path: [],
            source: qpos,
            hint: 'close the quote on the same command',
          });
        }
        continue;
      }
      if (c === '\\' && text[i + 1] === '\n') {
        advance();
        advance();
        continue;
      }
      if (c === '\\' && i + 1 < text.length) {
        advance();
        buf += advance();
        continue;
      }
      buf += advance();
    }
    words.push({ text: buf, quoted, source: start });
  }
  endCommand();
  return { commands, diagnostics };
}
