import { describe, expect, it } from 'vitest';
import { shouldUseColor } from '../../src/cli/color.js';

describe('shouldUseColor', () => {
  it.each<[string, boolean, Record<string, string>, boolean, boolean]>([
    ['a terminal', false, {}, true, true],
    ['a pipe', false, {}, false, false],
    ['NO_COLOR on a terminal', false, { NO_COLOR: '1' }, true, false],
    ['an empty NO_COLOR is not set (no-color.org)', false, { NO_COLOR: '' }, true, true],
    ['FORCE_COLOR into a pipe', false, { FORCE_COLOR: '1' }, false, true],
    ['FORCE_COLOR=3 into a pipe', false, { FORCE_COLOR: '3' }, false, true],
    ['an empty FORCE_COLOR still forces (as in Node)', false, { FORCE_COLOR: '' }, false, true],
    ['FORCE_COLOR=0 on a terminal', false, { FORCE_COLOR: '0' }, true, false],
    ['FORCE_COLOR=false on a terminal', false, { FORCE_COLOR: 'false' }, true, false],
    ['FORCE_COLOR outranks NO_COLOR (as in Node)', false, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    ['--no-color outranks FORCE_COLOR', true, { FORCE_COLOR: '1' }, true, false],
    ['--no-color on a terminal', true, {}, true, false],
    ['TERM=dumb on a terminal', false, { TERM: 'dumb' }, true, false],
    ['FORCE_COLOR outranks TERM=dumb', false, { TERM: 'dumb', FORCE_COLOR: '1' }, true, true],
  ])('%s', (_label, noColorFlag, env, isTTY, expected) => {
    expect(shouldUseColor({ noColorFlag, env, isTTY })).toBe(expected);
  });
});
