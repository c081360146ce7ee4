import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { chalkTheme, createTheme, type Theme } from '../../../src/cli/render/theme.js';

const PAINTS = ['title', 'label', 'dim', 'good', 'bad', 'warn', 'dns'] as const satisfies ReadonlyArray<keyof Theme>;
const TEXTS = ['', 'connected', 'two\nlines', 'already \u001b[31mred\u001b[39m inside', ' spaced  out ', '…'];

describe('createTheme', () => {
  it('without colour returns every text as chalk does at level 0: unchanged', () => {
    const plain = createTheme(false);
    const chalkPaints = chalkTheme(new Chalk({ level: 0 }));
    for (const paint of PAINTS) {
      for (const text of TEXTS) {
        expect(plain[paint](text)).toBe(chalkPaints[paint](text));
        expect(plain[paint](text)).toBe(text);
      }
    }
  });

  it('with colour paints with the 16 basic colours (level 1)', () => {
    const theme = createTheme(true);
    expect(theme.title('DNS')).toBe('\u001b[1mDNS\u001b[22m');
    expect(theme.dim('note')).toBe('\u001b[2mnote\u001b[22m');
    expect(theme.good('ok')).toBe('\u001b[32mok\u001b[39m');
    expect(theme.bad('no')).toBe('\u001b[31mno\u001b[39m');
    expect(theme.warn('hm')).toBe('\u001b[33mhm\u001b[39m');
    expect(theme.dns('a')).toBe('\u001b[36ma\u001b[39m');
  });
});
