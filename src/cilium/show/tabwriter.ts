/**
 * Go's `text/tabwriter` (reference §9: cilium-cli and cilium-dbg print with minwidth 5, tabwidth 0, padding 3,
 * padchar ' ', flags 0), so tables match byte for byte. A cell is tab-terminated text; the text after a line's last
 * tab is not part of any column. A column block is a run of consecutive lines that have a cell in that column; its
 * width is the widest cell plus padding, at least minwidth. Cells are left-aligned and padded with spaces.
 */
export interface TabwriterOptions {
  readonly minWidth: number;
  readonly padding: number;
}

export const CILIUM_TABWRITER: TabwriterOptions = { minWidth: 5, padding: 3 };

/** Formats `text` (lines separated by \n, cells by \t) like tabwriter.Writer followed by Flush. */
export function tabwrite(text: string, options: TabwriterOptions = CILIUM_TABWRITER): string {
  const rawLines = text.split('\n');
  const trailingNewline = text.endsWith('\n');
  if (trailingNewline) rawLines.pop();
  const lines = rawLines.map((l) => l.split('\t'));
  const out: string[] = new Array(lines.length).fill('');
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let s = '';
      cells.forEach((cell, j) => {
        s += cell;
        if (j < widths.length && j < cells.length - 1) s += ' '.repeat(Math.max(0, widths[j]! - [...cell].length));
      });
      out[i] = s;
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur]!.length - 1) continue;
      // A cell in this column: the lines before it are printed with the current widths.
      writeLines(start, cur);
      start = cur;
      let width = options.minWidth;
      let end = cur;
      for (; end < line1; end++) {
        const cells = lines[end]!;
        if (column >= cells.length - 1) break;
        width = Math.max(width, [...cells[column]!].length + options.padding);
      }
      widths.push(width);
      format(start, end);
      widths.pop();
      start = end;
      cur = end - 1;
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (trailingNewline ? '\n' : '');
}
