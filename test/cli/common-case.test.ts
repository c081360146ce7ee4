/**
 * The common-case parser (src/cli/common-case.ts) against commander's (`parseArgs`): on every command
 * line it either declines (null) or gives exactly what `parseArgs` gives. The bad-input table
 * (test/cli/bad-input.test.ts) checks that it declines every bad command line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommonCase } from '../../src/cli/common-case.js';
import { type ParsedCommand, parseArgs } from '../../src/cli/program.js';

/** What commander's path makes of `argv`: the command, or the error's message. */
function viaCommander(argv: readonly string[]): ParsedCommand | string {
  try {
    return parseArgs(argv);
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

/** Command lines the common case takes: the result must be commander's, field for field. */
const TAKEN: ReadonlyArray<readonly string[]> = [
  ['example.com', '443'],
  ['example.com', '443', '--json'],
  ['example.com', '443', '--no-color'],
  ['example.com', '443', '--json', '--no-color'],
  ['--json', 'example.com', '443'],
  ['example.com', '--no-color', '443'],
  ['example.com', '443', '--json', '--json'],
  ['127.0.0.1', '39999'],
  ['127.0.0.1', '39999', '--json'],
  ['::1', '80'],
  ['[::1]:80'],
  ['[2001:db8::1]:443', '--json'],
  ['fe80::1%eth0', '80'],
  ['example.com:443'],
  ['EXAMPLE.COM.', '80'],
  ['bücher.example', '80'],
  ['http://example.com/'],
  ['https://example.com/', '--json'],
  ['https://example.com:8443/path?q=1'],
  ['wss://example.com/socket'],
  ['localhost', '8080', '--no-color'],
];

/** Command lines it leaves to commander (all valid; the bad ones are in the bad-input table). */
const DECLINED: ReadonlyArray<readonly string[]> = [
  [],
  ['--help'],
  ['-h'],
  ['--version'],
  ['-v'],
  ['help'],
  ['demo'],
  ['demo', '--json'],
  ['example.com', '443', '-4'],
  ['example.com', '443', '--delay', '100'],
  ['example.com', '443', '--resolver', 'dns'],
  ['example.com', '443', '--tls'],
  ['example.com', '443', '--each'],
  ['example.com', '443', '--ndjson'],
  ['example.com', '443', '--no-live'],
  ['a.example:443', 'b.example:443'],
  ['a.example:443', 'b.example:443', 'c.example:443'],
  ['--targets', 'hosts.txt'],
  ['example.com', '443', '--'],
];

describe('parseCommonCase', () => {
  it.each(TAKEN)('takes %j and gives what parseArgs gives', (...argv) => {
    const fast = parseCommonCase(argv);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(viaCommander(argv));
  });

  it.each(DECLINED)('leaves %j to commander', (...argv) => {
    expect(parseCommonCase(argv)).toBeNull();
  });

  it('on any mix of targets, ports, flags and junk, declines or agrees with parseArgs', () => {
    const token = fc.constantFrom(
      'example.com',
      '127.0.0.1',
      '::1',
      '[::1]:80',
      'https://example.com/',
      'host:99999',
      '443',
      '0',
      '80.5',
      '',
      'demo',
      'help',
      '--json',
      '--no-color',
      '--color',
      '-4',
      '--delay',
      '100',
      '-',
      '--',
      'a\u001bb',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 5 }), (argv) => {
        const fast = parseCommonCase(argv);
        if (fast !== null) expect(fast).toEqual(viaCommander(argv));
      }),
      { numRuns: 500 },
    );
  });
});
