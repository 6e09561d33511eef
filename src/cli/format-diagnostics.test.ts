import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/diagnostic.js';
import { countSeverities, formatDiagnostic, formatDiagnosticsJson, formatSummary } from './format-diagnostics.js';

const d: Diagnostic = {
  code: 'plan/prefix-overlap',
  severity: 'error',
  message: 'two prefixes overlap',
  path: ['plan', 3, 'prefix'],
  source: { file: 'v6net.yaml', line: 14, column: 13 },
  hint: 'separate them',
  related: [{ message: 'other', source: { file: 'v6net.yaml', line: 9, column: 13 } }, { message: 'unlocated' }],
};

describe('format-diagnostics', () => {
  it('prints file:line:col severity code message, hint and related lines', () => {
    expect(formatDiagnostic(d, { color: false })).toBe(
      'v6net.yaml:14:13 error plan/prefix-overlap two prefixes overlap\n' +
        '    hint: separate them\n' +
        '    related: v6net.yaml:9:13 other\n' +
        '    related: unlocated',
    );
  });
  it('falls back to the file name without a position', () => {
    const { source: _s, ...bare } = d;
    expect(formatDiagnostic(bare, { color: false, file: 'x.yaml' })).toMatch(/^x\.yaml error /);
  });
  it('summarizes counts', () => {
    const warn: Diagnostic = { ...d, severity: 'warning' };
    expect(formatSummary(countSeverities([d, d, warn]))).toBe('2 errors, 1 warning');
    expect(formatSummary(countSeverities([{ ...d, severity: 'info' }]))).toBe('0 errors, 0 warnings, 1 info');
  });
  it('JSON records have flat positions and a dotted path', () => {
    const [rec] = JSON.parse(formatDiagnosticsJson([d])) as Record<string, unknown>[];
    expect(rec).toMatchObject({
      file: 'v6net.yaml',
      line: 14,
      column: 13,
      path: 'plan[3].prefix',
      hint: 'separate them',
    });
    expect(rec!['related']).toEqual([
      { message: 'other', file: 'v6net.yaml', line: 9, column: 13 },
      { message: 'unlocated', file: null, line: null, column: null },
    ]);
  });
});
