/** renderTable (src/cli/render/table.ts): cli-table3's boxes, with colour and wrapping done per line. */
import { describe, expect, it } from 'vitest';
import { renderTable, wrapWords } from '../../../src/cli/render/table.js';
import { createTheme } from '../../../src/cli/render/theme.js';

const plain = createTheme(false);
const coloured = createTheme(true);

describe('renderTable', () => {
  const options = { theme: plain, width: 80, wrapColumn: 1 };

  it('draws a head, a line between rows and blank lines under a shorter cell', () => {
    expect(
      renderTable(
        ['#', 'note'],
        [
          ['#0', 'one\ntwo'],
          ['#1', ''],
        ],
        options,
      ),
    ).toBe(
      ['┌────┬──────┐', '│ #  │ note │', '├────┼──────┤', '│ #0 │ one  │', '│    │ two  │', '├────┼──────┤', '│ #1 │      │', '└────┴──────┘'].join(
        '\n',
      ),
    );
  });

  it('measures wide letters as cli-table3 does: 日本語 is six columns', () => {
    expect(renderTable(['name'], [['日本語']], { ...options, wrapColumn: 0 })).toBe(
      ['┌────────┐', '│ name   │', '├────────┤', '│ 日本語 │', '└────────┘'].join('\n'),
    );
  });

  it('paints each line after wrapping, so no escape sequence is measured or cut', () => {
    const table = renderTable(['#', 'note'], [['#0', { text: 'one two three four five six', paint: coloured.bad }]], {
      theme: coloured,
      width: 26,
      wrapColumn: 1,
    });
    const lines = table.split('\n');
    expect(lines.map((text) => text.replace(/\u001b\[[0-9;]*m/gu, '').length)).toEqual(lines.map(() => lines[0]?.length));
    expect(lines.filter((text) => text.includes(coloured.bad('one two three'))).length).toBe(1);
  });

  it('never splits a word: a code longer than the room goes whole on its own line, and the column grows to hold it', () => {
    const text = 'certificate refused (DEPTH_ZERO_SELF_SIGNED_CERT)';
    const table = renderTable(['#', 'outcome'], [['#0', text]], { ...options, width: 24 });
    const cells = table
      .split('\n')
      .filter((line) => line.startsWith('│ #0') || line.startsWith('│    '))
      .map((line) => line.split('│')[2]?.trim());
    expect(cells).toEqual(['certificate refused', '(DEPTH_ZERO_SELF_SIGNED_CERT)']);
  });
});

describe('wrapWords', () => {
  it.each([
    ['fits', 'one two', 10, ['one two']],
    ['breaks at a space', 'one two three', 8, ['one two', 'three']],
    ['a word longer than the width stays whole', 'see EYEBALL_CONNECT_FAILED now', 10, ['see', 'EYEBALL_CONNECT_FAILED', 'now']],
  ])('%s', (_label, text, width, lines) => {
    expect(wrapWords(text, width)).toEqual(lines);
  });
});
