import Table from 'cli-table3';
import { knownWidth } from './known-width.js';
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
  /** The widest the table may be, in columns. */
  readonly width: number;
  /** The column whose text wraps when the table would be wider than `width` (the longest prose). */
  readonly wrapColumn: number;
}

/** Below this the wrapping column stops shrinking: a too-narrow terminal gets a wide table, not mush. */
const MIN_WRAP_WIDTH = 16;
// cli-table3's default padding: one space either side of a cell.
const CELL_PADDING = 2;

/**
 * A cell as it is drawn: its lines, each as shown (`painted`, with the theme's colour) and as measured
 * (`plain`, the same text without colour). One line at least: an empty cell is one empty line.
 */
export interface DrawnCell {
  readonly painted: readonly string[];
  readonly plain: readonly string[];
}

/**
 * Draws a boxed table with cli-table3's layout. Colour is applied here, line by line after wrapping, so
 * the table never measures or cuts an escape sequence, and cli-table3's own colours are off.
 */
export function renderTable(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<CellContent>>, options: TableOptions): string {
  const cells = rows.map((row) => row.map(toParts));
  const widths = head.map((title, column) =>
    Math.max(title.length, ...cells.flatMap((row) => (row[column] ?? []).map((part) => longestLine(part.text)))),
  );
  const total = widths.reduce((sum, width) => sum + width + CELL_PADDING + 1, 1);
  const natural = widths[options.wrapColumn] ?? 0;
  const wrapWidth = total > options.width ? Math.max(MIN_WRAP_WIDTH, natural - (total - options.width)) : natural;

  const drawn = [
    head.map((title) => drawnCell([{ text: title, paint: options.theme.label }])),
    ...cells.map((row) =>
      row.map((parts, column) =>
        drawnCell(
          parts.flatMap((part) => {
            const lines = part.text.split('\n');
            const wrapped = column === options.wrapColumn ? lines.flatMap((line) => wrapWords(line, wrapWidth)) : lines;
            return wrapped.map((line) => ({ text: line, paint: part.paint }));
          }),
        ),
      ),
    ),
  ];
  return drawsAsBoxes(drawn) ? drawBoxes(drawn) : drawWithCliTable3(drawn);
}

/** One cell's lines, painted and plain; cli-table3 shows no lines as one empty line. */
function drawnCell(lines: readonly Cell[]): DrawnCell {
  if (lines.length === 0) return { painted: [''], plain: [''] };
  return { painted: lines.map((line) => (line.paint ? line.paint(line.text) : line.text)), plain: lines.map((line) => line.text) };
}

/**
 * Whether drawBoxes() draws these rows as cli-table3 would: a head and rows of as many cells, all of
 * text whose width is its length (known-width.ts). Anything else (wide letters, a short row) goes to
 * cli-table3 itself.
 */
function drawsAsBoxes(rows: ReadonlyArray<readonly DrawnCell[]>): boolean {
  const columns = rows[0]?.length ?? 0;
  return columns > 0 && rows.every((row) => row.length === columns && row.every((cell) => cell.plain.every((line) => knownWidth(line) !== null)));
}

/**
 * The table cli-table3 draws with the options renderTable() gives it (its default box characters, one
 * space of padding, left and top alignment, a line between rows, no colour of its own), without it: its
 * general layout (spans, truncation, colour state across lines, a width measure for any text) costs a
 * CLI start about 1.5 ms. The first row is the head. Every cell's text must be as wide as it is long
 * (drawsAsBoxes()), and its paint must add only escape sequences that it closes (the theme's do).
 * test/cli/render/table.test.ts holds it to cli-table3.
 */
export function drawBoxes(rows: ReadonlyArray<readonly DrawnCell[]>): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => Math.max(...(row[column]?.plain ?? ['']).map((line) => line.length)))));
  const rule = (left: string, middle: string, right: string): string => `${left}${widths.map((width) => '─'.repeat(width + CELL_PADDING)).join(middle)}${right}`;
  const lines = [rule('┌', '┬', '┐')];
  rows.forEach((row, index) => {
    if (index > 0) lines.push(rule('├', '┼', '┤'));
    const height = Math.max(...row.map((cell) => cell.painted.length));
    for (let line = 0; line < height; line++) {
      const texts = row.map((cell, column) => {
        const width = widths[column] ?? 0;
        const painted = cell.painted[line];
        return painted === undefined ? ' '.repeat(width + CELL_PADDING) : ` ${painted}${' '.repeat(width - (cell.plain[line] ?? '').length)} `;
      });
      lines.push(`│${texts.join('│')}│`);
    }
  });
  lines.push(rule('└', '┴', '┘'));
  return lines.join('\n');
}

/** The same rows drawn by cli-table3 (the first row is the head). */
export function drawWithCliTable3(rows: ReadonlyArray<readonly DrawnCell[]>): string {
  const [head = [], ...body] = rows;
  const table = new Table({ head: head.map(joinLines), style: { head: [], border: [] } });
  for (const row of body) table.push(row.map(joinLines));
  return table.toString();
}

function joinLines(cell: DrawnCell): string {
  return cell.painted.join('\n');
}

function toParts(content: CellContent): readonly Cell[] {
  if (typeof content === 'string') return [{ text: content }];
  return 'text' in content ? [content] : content;
}

function longestLine(text: string): number {
  return Math.max(...text.split('\n').map((line) => line.length));
}

/** Greedy word wrap; a word longer than the width is cut. */
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
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
