import { describe, expect, it } from 'vitest';
import { formatTable, type InteropRecord, interopFeatures, latestRecords, renderInteropMatrix } from './matrix.js';

const rec = (
  daemon: string,
  feature: string,
  status: InteropRecord['status'],
  at: string,
  detail?: string,
): InteropRecord => ({
  suite: 's',
  daemon,
  feature,
  status,
  at,
  ...(detail !== undefined ? { detail } : {}),
});

describe('latestRecords', () => {
  it('keeps the newest record per daemon and feature', () => {
    const latest = latestRecords([rec('FRR', 'md5', 'fail', '2026-01-02'), rec('FRR', 'md5', 'pass', '2026-01-03')]);
    expect([...latest.values()].map((r) => r.status)).toEqual(['pass']);
  });
});

describe('renderInteropMatrix', () => {
  const records = [
    rec('GoBGP 3', 'session', 'pass', '2026-01-01T00:00:00Z'),
    rec('FRR 8.4', 'session', 'pass', '2026-01-01T00:00:00Z', 'Established after 0.5 s'),
    rec('FRR 8.4', 'hold-timer', 'fail', '2026-01-01T00:00:00Z', 'timed out | late'),
  ];

  it('puts rows in the given order, marks missing cells and failures, escapes pipes', () => {
    const text = renderInteropMatrix(records, { daemonOrder: ['FRR 8.4', 'GoBGP 3'] });
    const rows = text.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain(interopFeatures[0]!.title);
    expect(rows[2]!.startsWith('| FRR 8.4')).toBe(true);
    expect(rows[2]).toContain('**FAIL**');
    expect(rows[3]!.startsWith('| GoBGP 3')).toBe(true);
    expect(rows[3]).toContain('—');
    expect(text).toContain('timed out \\| late');
    expect(text).toContain('Established after 0.5 s');
  });

  it('is deterministic', () => {
    expect(renderInteropMatrix([...records].reverse())).toBe(renderInteropMatrix(records));
  });
});

describe('formatTable', () => {
  it('pads every column to its widest cell', () => {
    expect(
      formatTable([
        ['a', 'bbbb'],
        ['cc', 'd'],
      ]),
    ).toEqual(['| a   | bbbb |', '| --- | ---- |', '| cc  | d    |']);
  });
});
