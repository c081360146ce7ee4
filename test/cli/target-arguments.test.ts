import { describe, expect, it } from 'vitest';
import { parseTargetArguments } from '../../src/cli/target-arguments.js';
import { usageErrorOf } from './parse-helpers.js';

function hostsAndPorts(args: string[]): string[] {
  return parseTargetArguments(args).map((target) => `${target.host} ${target.port}`);
}

function usageError(args: string[]): string {
  return usageErrorOf(() => parseTargetArguments(args), `parseTargetArguments(${JSON.stringify(args)})`);
}

describe('parseTargetArguments', () => {
  it.each<[string, string[], string[]]>([
    ['none (a targets file may give them)', [], []],
    ['host port', ['example.com', '443'], ['example.com 443']],
    ['a bare IPv6 literal and its port', ['2001:db8::1', '443'], ['2001:db8::1 443']],
    ['one host:port', ['example.com:443'], ['example.com 443']],
    ['a URL and a port argument', ['https://example.com/', '8443'], ['example.com 8443']],
    ['two targets with ports', ['a.example:443', 'b.example:80'], ['a.example 443', 'b.example 80']],
    [
      'host:port, [IPv6]:port and a URL',
      ['a.example:443', '[2001:db8::1]:443', 'https://c.example/'],
      ['a.example 443', '2001:db8::1 443', 'c.example 443'],
    ],
  ])('%s', (_label, args, expected) => {
    expect(hostsAndPorts(args)).toEqual(expected);
  });

  it.each<[string, string[], string]>([
    [
      'a port among several targets',
      ['a.example', '443', 'b.example:443'],
      'too many arguments: "443" looks like a port, but with several targets, each carries its own port',
    ],
    ['host port port', ['example.com', '80', '443'], 'too many arguments: "80" looks like a port'],
    [
      'a target without its port among several',
      ['a.example:443', 'b.example', 'c.example:80'],
      'missing port for "b.example": with several targets, each carries its own port (host:port, [IPv6]:port or a URL)',
    ],
    ['a bare IPv6 literal among several', ['a.example:443', '2001:db8::1'], 'missing port for "2001:db8::1": with several targets'],
    [
      'a name where the port goes',
      ['a.example:443', 'b.example'],
      'invalid port "b.example": expected a number from 1 to 65535 (with several targets, each carries its own port',
    ],
    ['a mistyped port stays a port error', ['example.com', '80.5'], 'invalid port "80.5": expected a number from 1 to 65535'],
  ])('%s', (_label, args, message) => {
    expect(usageError(args).startsWith(message)).toBe(true);
  });
});
