/**
 * Tokens of the curly-brace format (config.boot / `show configuration`), after vyos1x-config's lexer (reference
 * §1.3): identifiers (runs of anything but blanks, braces and quotes), single- or double-quoted strings with
 * backslash escapes, `{`, `}`, `/* … *\/` comments, `//` line comments, and newlines (which end a leaf statement).
 * Never throws.
 */
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';

export type BootToken =
  | { readonly kind: 'word'; readonly text: string; readonly quoted: boolean; readonly source: SourcePosition }
  | { readonly kind: 'open'; readonly source: SourcePosition }
  | { readonly kind: 'close'; readonly source: SourcePosition }
  | { readonly kind: 'newline'; readonly source: SourcePosition }
  | { readonly kind: 'comment' | 'line-comment'; readonly text: string; readonly source: SourcePosition };

const escapes: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export function tokenizeBoot(text: string, file: string): { tokens: BootToken[]; diagnostics: Diagnostic[] } {
  const tokens: BootToken[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
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
  while (i < text.length) {
    const ch = text[i]!;
    const start = pos();
    if (ch === '\n') {
      advance();
      tokens.push({ kind: 'newline', source: start });
    } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') {
      advance();
    } else if (ch === '{') {
      advance();
      tokens.push({ kind: 'open', source: start });
    } else if (ch === '}') {
      advance();
      tokens.push({ kind: 'close', source: start });
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end;
      advance();
      advance();
      let body = '';
      while (i < stop) body += advance();
      if (end < 0) {
        diagnostics.push({
          code: 'E_VYOS_SYNTAX',
          severity: 'error',
          message: 'unterminated /* comment',
          path: [],
          source: start,
        });
      } else {
        advance();
        advance();
      }
      tokens.push({ kind: 'comment', text: body.trim(), source: start });
    } else if (ch === '/' && text[i + 1] === '/') {
      let body = '';
      while (i < text.length && text[i] !== '\n') body += advance();
      tokens.push({ kind: 'line-comment', text: body.replace(/\r$/, ''), source: start });
    } else if (ch === '"' || ch === "'") {
      advance();
      let body = '';
      let closed = false;
      while (i < text.length) {
        const q = text[i]!;
        if (q === ch) {
          advance();
          closed = true;
          break;
        }
        if (q === '\\' && text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          body += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          for (let k = 0; k < 6; k++) advance();
          continue;
        }
        if (q === '\\' && i + 1 < text.length && escapes[text[i + 1]!] !== undefined) {
          advance();
          body += escapes[advance()]!;
          continue;
        }
        body += advance();
      }
      if (!closed) {
        diagnostics.push({
          code: 'E_VYOS_SYNTAX',
          severity: 'error',
          message: 'unterminated quoted string',
          path: [],
          source: start,
        });
      }
      tokens.push({ kind: 'word', text: body, quoted: true, source: start });
    } else {
      let body = '';
      while (i < text.length) {
        const c = text[i]!;
        if (/[\s{}"']/.test(c)) break;
        body += advance();
      }
      tokens.push({ kind: 'word', text: body, quoted: false, source: start });
    }
  }
  return { tokens, diagnostics };
}
