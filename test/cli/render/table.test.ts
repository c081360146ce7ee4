/**
 * renderTable (src/cli/render/table.ts) draws plain-width tables itself (drawBoxes) and must draw them
 * exactly as cli-table3 does (drawWithCliTable3); anything else still goes to cli-table3.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DrawnCell, drawBoxes, drawWithCliTable3, renderTable } from '../../../src/cli/render/table.js';
import { createTheme, type Paint } from '../../../src/cli/render/theme.js';

const KNOWN_CHARACTERS = [...Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index)), '…'];
const plain = createTheme(false);
const coloured = createTheme(true);
const PAINTS: readonly Paint[] = [plain.label, ...Object.values(coloured)];

const line = fc.array(fc.constantFrom(...KNOWN_CHARACTERS), { maxLength: 14 }).map((characters) => characters.join(''));
const cell: fc.Arbitrary<DrawnCell> = fc
  .array(fc.tuple(line, fc.constantFrom(...PAINTS)), { minLength: 1, maxLength: 3 })
  .map((lines) => ({ painted: lines.map(([text, paint]) => paint(text)), plain: lines.map(([text]) => text) }));
const table = fc
  .integer({ min: 1, max: 5 })
  .chain((columns) => fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 5 }));

describe('drawBoxes', () => {
  it('draws what cli-table3 draws, for heads and rows of plain and coloured lines of known width', () => {
    fc.assert(
      fc.property(table, (rows) => {
        expect(drawBoxes(rows)).toBe(drawWithCliTable3(rows));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('renderTable', () => {
  const options = { theme: plain, width: 80, wrapColumn: 1 };

  it('draws a head, a line between rows and blank lines under a shorter cell', () => {
    expect(renderTable(['#', 'note'], [['#0', 'one\ntwo'], ['#1', '']], options)).toBe(
      [
        '┌────┬──────┐',
        '│ #  │ note │',
        '├────┼──────┤',
        '│ #0 │ one  │',
        '│    │ two  │',
        '├────┼──────┤',
        '│ #1 │      │',
        '└────┴──────┘',
      ].join('\n'),
    );
  });

  it('leaves text of other widths to cli-table3, which measures 日本語 as six columns', () => {
    expect(renderTable(['name'], [['日本語']], { ...options, wrapColumn: 0 })).toBe(
      ['┌────────┐', '│ name   │', '├────────┤', '│ 日本語 │', '└────────┘'].join('\n'),
    );
  });

  it('leaves a row shorter than the head to cli-table3', () => {
    const rows = [['a', 'b'], ['c']];
    const drawn = [
      [{ painted: ['x'], plain: ['x'] }, { painted: ['y'], plain: ['y'] }],
      ...rows.map((row) => row.map((text) => ({ painted: [text], plain: [text] }))),
    ];
    expect(renderTable(['x', 'y'], rows, options)).toBe(drawWithCliTable3(drawn));
  });
});
