import Table from 'cli-table3';
import type { Paint, Theme } from './theme.js';

/** A table cell: plain text (lines split on `\n`) and the colour of its text. */
export interface Cell {
  readonly text: string;
  readonly paint?: Paint | undefined;
}

/** What a table cell holds: text, coloured text, or several parts in their own colours, one under the other. */
export type CellContent = string | Cell | readonly Cell[];

export interface TableOptions {
  readonly theme: Theme;
  readonly width: number;
  /** The column whose text wraps when the table would be wider than `width` (the longest prose). */
  readonly wrapColumn: number;
}

/** Below this the wrapping column stops shrinking: a too-narrow terminal gets a wide table, not mush. */
const MIN_WRAP_WIDTH = 16;
// cli-table3's default padding: one space either side of a cell.
const CELL_PADDING = 2;

/** A boxed table (cli-table3). Colour is applied line by line after wrapping, so the table never measures an escape sequence. */
export function renderTable(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<CellContent>>, options: TableOptions): string {
  const cells = rows.map((row) => row.map(toParts));
  const widths = head.map((title, column) =>
    Math.max(title.length, ...cells.flatMap((row) => (row[column] ?? []).map((part) => longestLine(part.text)))),
  );
  const total = widths.reduce((sum, width) => sum + width + CELL_PADDING + 1, 1);
  const natural = widths[options.wrapColumn] ?? 0;
  // A word is never split, so the wrapping column is at least as wide as its longest word.
  const longestWord = Math.max(
    0,
    ...cells.flatMap((row) => (row[options.wrapColumn] ?? []).flatMap((part) => part.text.split(/[\n ]/u).map((word) => word.length))),
  );
  const wrapWidth = total > options.width ? Math.max(MIN_WRAP_WIDTH, longestWord, natural - (total - options.width)) : natural;

  const table = new Table({ head: head.map((title) => paintLines([{ text: title, paint: options.theme.label }])), style: { head: [], border: [] } });
  for (const row of cells) {
    table.push(
      row.map((parts, column) =>
        paintLines(
          parts.flatMap((part) => {
            const lines = part.text.split('\n');
            const wrapped = column === options.wrapColumn ? lines.flatMap((line) => wrapWords(line, wrapWidth)) : lines;
            return wrapped.map((line) => ({ text: line, paint: part.paint }));
          }),
        ),
      ),
    );
  }
  return table.toString();
}

/** A cell's lines, each in its own colour, as the text of one cli-table3 cell. */
function paintLines(lines: readonly Cell[]): string {
  return lines.map((line) => (line.paint ? line.paint(line.text) : line.text)).join('\n');
}

function toParts(content: CellContent): readonly Cell[] {
  if (typeof content === 'string') return [{ text: content }];
  return 'text' in content ? [content] : content;
}

function longestLine(text: string): number {
  return Math.max(...text.split('\n').map((line) => line.length));
}

/** Greedy word wrap at spaces. A word is never split: one longer than `width` goes whole on a line of its own. */
export function wrapWords(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
