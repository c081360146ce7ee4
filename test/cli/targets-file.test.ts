import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTargetsFile, readTargetsFile } from '../../src/cli/targets-file.js';
import { usageErrorOf } from './parse-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'eyeball-targets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseTargetsFile', () => {
  it('one target per line in any single-target form; comments and blank lines skipped', () => {
    const text = '\uFEFF# production\nexample.com 443\r\n\n  [2001:db8::1]:443   # the v6 front\nhttps://example.org/#fragment\n192.0.2.1:80\n';
    expect(parseTargetsFile(text, 'hosts.txt').map((target) => [target.host, target.port, target.input])).toEqual([
      ['example.com', 443, 'example.com 443'],
      ['2001:db8::1', 443, '[2001:db8::1]:443'],
      ['example.org', 443, 'https://example.org/#fragment'],
      ['192.0.2.1', 80, '192.0.2.1:80'],
    ]);
  });

  it.each([
    [
      'a bad port, with its line number',
      '# list\nexample.com 443\nexample.org 0\n',
      'hosts.txt line 3: invalid port "0": expected a number from 1 to 65535',
    ],
    ['a missing port', 'example.com\n', 'hosts.txt line 1: missing port for "example.com"'],
    ['two targets on a line', 'a.example:443 b.example:443\n', 'hosts.txt line 1: one target per line, got "a.example:443 b.example:443"'],
    ['three words', 'example.com 443 x\n', 'hosts.txt line 1: one target per line'],
    ['nothing but comments', '# nothing\n\n', "hosts.txt has no targets (one per line; '#' starts a comment)"],
  ])('%s', (_label, text, expected) => {
    expect(usageErrorOf(() => parseTargetsFile(text, 'hosts.txt'))).toMatch(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}`, 'u'));
  });
});

describe('readTargetsFile', () => {
  it('reads a file', () => {
    const path = join(dir, 'targets.txt');
    writeFileSync(path, 'example.com:443\n');
    expect(readTargetsFile(path).map((target) => target.host)).toEqual(['example.com']);
  });

  it('names the file in errors', () => {
    const path = join(dir, 'bad.txt');
    writeFileSync(path, 'example.com:0\n');
    expect(usageErrorOf(() => readTargetsFile(path))).toBe(`--targets "${path}" line 1: invalid port "0": expected a number from 1 to 65535`);
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.txt'), 'no such file'],
    ['a directory', () => dir, 'it is a directory'],
  ])('%s is a usage error', (_label, path, why) => {
    expect(usageErrorOf(() => readTargetsFile(path()))).toBe(`cannot read --targets "${path()}": ${why}`);
  });
});
