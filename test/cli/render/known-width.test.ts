/**
 * knownWidth (src/cli/render/known-width.ts) stands in front of `string-width` for cli-table3 in the CLI
 * bundle: wherever it answers, it must answer what `string-width` answers.
 */
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { knownWidth } from '../../../src/cli/render/known-width.js';

const KNOWN_CHARACTERS = [...Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index)), '…'];

describe('knownWidth', () => {
  it('gives string-width’s answer for every character it knows, alone and in any string of them', () => {
    for (const character of KNOWN_CHARACTERS) expect(knownWidth(character)).toBe(stringWidth(character));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...KNOWN_CHARACTERS), { maxLength: 40 }), (characters) => {
        const text = characters.join('');
        expect(knownWidth(text)).toBe(stringWidth(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives string-width’s answer for the empty string', () => {
    expect(knownWidth('')).toBe(stringWidth(''));
  });

  it.each([
    ['a wide letter', 'a漢b'],
    ['an emoji', 'ok ✅'],
    ['a keycap sequence', '#\uFE0F\u20E3'],
    ['an ANSI colour sequence', '\u001b[31mred\u001b[0m'],
    ['a tab', 'a\tb'],
    ['a combining accent', 'e\u0301'],
    ['a non-ASCII letter of one column', 'bücher'],
  ])('leaves %s to string-width', (_label, text) => {
    expect(knownWidth(text)).toBeNull();
  });

  it('leaves what is not a string to string-width', () => {
    expect(knownWidth(42)).toBeNull();
    expect(knownWidth(undefined)).toBeNull();
  });
});
