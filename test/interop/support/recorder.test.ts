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
  'Recorded t1 … t2.',
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
    expect(readmeBlock(matrix)).toContain('Recorded t1 … t2.');
  });

  it('leaves a README without markers alone', () => {
    expect(spliceReadme('no markers\n', matrix)).toBe('no markers\n');
  });
});
