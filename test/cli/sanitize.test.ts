import { describe, expect, it } from 'vitest';
import { cleanForTerminal, escapeForTerminal } from '../../src/cli/sanitize.js';

describe('cleanForTerminal', () => {
  it.each([
    ['plain text stays', 'example.com', 'example.com'],
    ['IPv6 and zone ids stay', 'fe80::1%eth0', 'fe80::1%eth0'],
    ['non-ASCII letters stay', 'bücher.example', 'bücher.example'],
    ['SGR colour sequences go whole', '\u001b[31mred\u001b[0m', 'red'],
    ['cursor and erase sequences go whole', 'a\u001b[2J\u001b[1;1Hb', 'ab'],
    ['OSC window title (BEL-terminated) goes whole', '\u001b]0;pwned\u0007name', 'name'],
    ['OSC 8 hyperlink (ST-terminated) keeps only its text', '\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\', 'link'],
    ['8-bit CSI goes whole', '\u009b31mred', 'red'],
    ['NUL, BEL, backspace, CR, LF and tab go', 'a\u0000b\u0007c\bd\re\nf\tg', 'abcdefg'],
    ['DEL and the C1 range go', 'a\u007fb\u0085c\u009fd', 'abcd'],
    ['a lone ESC goes', 'a\u001bb', 'ab'],
    ['bidi overrides and isolates go', 'a\u202eb\u2066c\u2069d', 'abcd'],
    ['empty stays empty', '', ''],
  ])('%s', (_label, input, expected) => {
    expect(cleanForTerminal(input)).toBe(expected);
  });

  it('removes every C0 and C1 control character and keeps all of printable ASCII', () => {
    let all = '';
    for (let code = 0; code < 0xa0; code++) all += String.fromCharCode(code);
    let printable = '';
    for (let code = 0x20; code < 0x7f; code++) printable += String.fromCharCode(code);
    expect(cleanForTerminal(all)).toBe(printable);
  });
});

describe('escapeForTerminal', () => {
  it.each([
    ['plain text stays', 'example.com', 'example.com'],
    ['BEL becomes \\u0007', 'exa\u0007mple', 'exa\\u0007mple'],
    ['an escape sequence keeps its text, ESC escaped', '\u001b[31mred', '\\u001b[31mred'],
    ['C1 and bidi overrides are escaped', 'a\u0085b\u202ec', 'a\\u0085b\\u202ec'],
  ])('%s', (_label, input, expected) => {
    expect(escapeForTerminal(input)).toBe(expected);
  });

  it('leaves no control character behind', () => {
    let all = '';
    for (let code = 0; code < 0xa0; code++) all += String.fromCharCode(code);
    expect(escapeForTerminal(all)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/u);
  });
});
