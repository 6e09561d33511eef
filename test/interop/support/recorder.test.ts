import { describe, expect, it } from 'vitest';
import { README_END, README_START, readmeBlock, spliceReadme } from './recorder.js';

const matrix = [
  '# Interop matrix',
  '',
  'text',
  '',
  '| a | b |',
  '| - | - |',
  '| x | pass |',
  '',
  'Recorded 2026-12-06T10:00:00.000Z … 2026-12-07T11:22:33.444Z.',
  '',
].join('\n');

describe('README matrix block', () => {
  it('replaces exactly the block between the markers with the table', () => {
    const readme = `before\n${README_START}\nold\n${README_END}\nafter\n`;
    const out = spliceReadme(readme, matrix);
    expect(out.startsWith('before\n')).toBe(true);
    expect(out.endsWith('\nafter\n')).toBe(true);
    expect(out).toContain('| x | pass |');
    expect(out).not.toContain('old');
    expect(out).not.toContain('# Interop matrix');
    expect(spliceReadme(out, matrix)).toBe(out);
    expect(readmeBlock(matrix)).toContain('Recorded on 2026-12-07.');
    expect(readmeBlock(matrix)).not.toContain('11:22');
  });

  it('leaves a README without markers alone', () => {
    expect(spliceReadme('no markers\n', matrix)).toBe('no markers\n');
  });
});
