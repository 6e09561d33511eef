/**
 * Reads VyOS configuration text in either format, deciding by content: `set`/`delete`/`comment` command lists vs
 * curly-brace config.boot / `show configuration` output. For `import`, where files come with any name.
 */
import { parseVyosBoot } from './boot-parser.js';
import { type ParseVyosOptions, parseVyosSet, type VyosParseResult } from './set-parser.js';

export type VyosFormat = 'set' | 'boot';

/** `set` when the first meaningful line is a set/delete/comment command, `boot` otherwise. */
export function detectVyosFormat(text: string): VyosFormat {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('//') || line.startsWith('/*')) continue;
    if (line === 'configure') continue;
    return /^(set|delete|comment)\s/.test(line) ? 'set' : 'boot';
  }
  return 'set';
}

export function parseVyosConfig(
  text: string,
  options: ParseVyosOptions = {},
): VyosParseResult & { readonly format: VyosFormat } {
  const format = detectVyosFormat(text);
  const result = format === 'set' ? parseVyosSet(text, options) : parseVyosBoot(text, options);
  return { ...result, format };
}
