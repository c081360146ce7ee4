/*
 * The bad-input table: command lines a user can get wrong, each checked twice. Once through `parseArgs`
 * (pure: it must throw a UsageError), once through the built CLI as a subprocess (`node bin/eyeball.js`,
 * run `npm run build` first): exit code 2, nothing on stdout, exactly one line on stderr that starts
 * with `eyeball: `, no stack trace, and a per-case substring that names what was wrong. The subprocesses
 * run four at a time to keep the file short on a 2-core machine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/program.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { type CliRun, requireBuiltCli, runCli } from '../helpers/cli-process.js';

const SUBPROCESS_CONCURRENCY = 4;
/** The exit code for usage errors (README, docs/cli.md). */
const EXIT_USAGE = 2;

const LONG_LABEL = `${'a'.repeat(64)}.example`;
/** 60 labels of four letters: 299 characters, over the 253 limit with every label legal. */
const LONG_NAME = Array.from({ length: 60 }, () => 'abcd').join('.');

/** [what is wrong, argv, a substring the one-line message must contain]. */
const CASES: ReadonlyArray<readonly [string, readonly string[], string]> = [
  // Ports
  ['port 0', ['example.com', '0'], 'invalid port "0"'],
  ['port 65536', ['example.com', '65536'], 'invalid port "65536"'],
  ['port abc', ['example.com', 'abc'], 'invalid port "abc"'],
  ['a fractional port', ['example.com', '80.5'], 'invalid port "80.5"'],
  ['an empty port', ['example.com', ''], 'invalid port ""'],
  ['a hexadecimal port', ['example.com', '0x50'], 'invalid port "0x50"'],
  ['a port in exponent form', ['example.com', '1e3'], 'invalid port "1e3"'],
  ['a negative port (read as an option)', ['example.com', '-1'], "'-1'"],
  ['host:0', ['example.com:0'], 'invalid port "0"'],
  ['host:99999', ['example.com:99999'], 'invalid port "99999"'],
  ['host: with no port', ['example.com:'], 'invalid port ""'],
  ['[::1]:0', ['[::1]:0'], 'invalid port "0"'],
  ['no port at all', ['example.com'], 'missing port for "example.com"'],
  ['two different ports', ['example.com:80', '81'], 'conflicting ports'],
  ['host:port:port', ['example.com:80:90'], `"example.com:80:90": more than one ':' after a name`],
  ['a URL with port 0', ['http://example.com:0/'], 'invalid port "0"'],
  // Hosts
  ['an empty host', ['', '80'], 'the host is empty'],
  ['an empty host and no port', [''], 'the host is empty'],
  ['a space alone', [' '], 'it contains a space'],
  ['a space in the name', ['exa mple.com', '80'], 'it contains a space'],
  ['a bell character, echoed as an escape', ['exa\u0007mple.com', '80'], '"exa\\u0007mple.com": it contains a control character'],
  ['a tab', ['exa\tmple.com', '80'], 'control character'],
  ['an ANSI escape', ['exa\u001b[31mmple.com', '80'], 'control character'],
  ['a DEL character', ['exa\u007fmple.com', '80'], 'control character'],
  ['a label over 63 characters', [LONG_LABEL, '80'], 'has 64 characters, more than 63'],
  ['a name over 253 characters', [LONG_NAME, '80'], '299 characters, more than 253'],
  ['an internationalised label over 63 after punycode', [`${'é'.repeat(70)}.example`, '80'], 'more than 63'],
  ['an empty label', ['a..b', '80'], "empty label ('..')"],
  ['a lone dot', ['.', '80'], 'invalid host "."'],
  ['an exclamation mark', ['ex!ample.com', '80'], 'invalid host "ex!ample.com"'],
  ['a slash', ['ex/ample', '80'], 'invalid host "ex/ample"'],
  ['five IPv4 octets', ['1.2.3.4.5', '80'], 'invalid host "1.2.3.4.5"'],
  ['a bare "xn--"', ['xn--', '80'], 'invalid host "xn--"'],
  ['a name with an empty punycode label', ['a.XN--.example', '80'], 'invalid host "a.XN--.example"'],
  // IPv6 literals and brackets
  ['bad hex in IPv6', ['2001:db8::zz', '80'], 'invalid IPv6 address "2001:db8::zz"'],
  ['three colons in IPv6', ['2001:db8:::1', '80'], 'invalid IPv6 address "2001:db8:::1"'],
  ['a mapped IPv4 with five octets', ['::ffff:1.2.3.4.5', '80'], 'invalid IPv6 address'],
  ['a missing ]', ['[2001:db8::1', '443'], "missing ']'"],
  ['a name in brackets', ['[example.com]:80'], 'only an IPv6 address goes in brackets'],
  ['empty brackets', ['[]:80'], 'only an IPv6 address goes in brackets'],
  ['junk after ]', ['[::1]x'], "expected ':PORT' after ']'"],
  ['an empty zone id', ['fe80::1%', '80'], 'invalid zone id'],
  ['a slash in the zone id', ['fe80::1%e/th0', '80'], 'invalid zone id'],
  // URLs
  ['a URL with a space', ['https://exa mple.com/'], 'it contains a space'],
  ['a URL with an unclosed bracket', ['http://[::1'], 'invalid URL "http://[::1"'],
  ['a URL with port 99999', ['https://example.com:99999/'], 'invalid URL'],
  ['a URL without a host', ['https://:443/'], 'invalid URL'],
  ['a URL with only credentials', ['http://user@/'], 'invalid URL'],
  ['an ftp:// URL without a port', ['ftp://example.com/'], 'missing port for "ftp://example.com/"'],
  ['a mailto: URL', ['mailto:x@example.com'], 'invalid port "x@example.com"'],
  // --delay (RFC 8305 §5: 10 to 2000 ms)
  ['--delay below 10 ms', ['example.com', '80', '--delay', '9'], '`--delay`'],
  ['--delay above 2000 ms', ['example.com', '80', '--delay', '2001'], '`--delay`'],
  ['--delay in seconds above the limit', ['example.com', '80', '--delay', '3s'], 'got 3000'],
  ['--delay not a number', ['example.com', '80', '--delay', 'abc'], 'invalid --delay "abc"'],
  ['--delay negative', ['example.com', '80', '--delay', '-5'], 'invalid --delay "-5"'],
  ['--delay Infinity', ['example.com', '80', '--delay', 'Infinity'], 'invalid --delay "Infinity"'],
  ['--delay with two dots', ['example.com', '80', '--delay', '10.5.5'], 'invalid --delay "10.5.5"'],
  ['--delay without a value', ['example.com', '80', '--delay'], "'--delay <ms>' argument missing"],
  ['demo --delay below 10 ms', ['demo', '--delay', '5'], '`--delay`'],
  // --resolution-delay (0 to 2000 ms)
  ['--resolution-delay above 2000 ms', ['example.com', '80', '--resolution-delay', '2001'], '`--resolution-delay`'],
  ['--resolution-delay negative', ['example.com', '80', '--resolution-delay', '-1'], 'invalid --resolution-delay "-1"'],
  ['--resolution-delay not a number', ['example.com', '80', '--resolution-delay', 'x'], 'invalid --resolution-delay "x"'],
  // --family-count (1 to 16)
  ['--family-count 0', ['example.com', '80', '--family-count', '0'], '`--family-count`'],
  ['--family-count 17', ['example.com', '80', '--family-count', '17'], '`--family-count`'],
  ['--family-count fractional', ['example.com', '80', '--family-count', '1.5'], 'invalid --family-count "1.5"'],
  ['--family-count in words', ['example.com', '80', '--family-count', 'two'], 'invalid --family-count "two"'],
  // --timeout (0 to 2^31 - 1 ms) and --attempt-timeout (1 to 2^31 - 1 ms)
  ['--timeout negative', ['example.com', '80', '--timeout', '-1'], 'invalid --timeout "-1"'],
  ['--timeout above the timer limit', ['example.com', '80', '--timeout', '2147483648'], '`--timeout`'],
  ['--timeout in exponent form', ['example.com', '80', '--timeout', '1e9'], 'invalid --timeout "1e9"'],
  ['--timeout empty', ['example.com', '80', '--timeout', ''], 'invalid --timeout ""'],
  ['--attempt-timeout 0', ['example.com', '80', '--attempt-timeout', '0'], '`--attempt-timeout`'],
  ['--attempt-timeout above the timer limit', ['example.com', '80', '--attempt-timeout', '2147483648'], '`--attempt-timeout`'],
  ['--attempt-timeout not a number', ['example.com', '80', '--attempt-timeout', 'x'], 'invalid --attempt-timeout "x"'],
  // Unknown options and arguments
  ['an unknown long option', ['example.com', '80', '--bogus'], "unknown option '--bogus'"],
  ['an unknown short option', ['example.com', '80', '-x'], "unknown option '-x'"],
  ['a misspelt option', ['example.com', '80', '--jsno'], "unknown option '--jsno'"],
  ['--color (only --no-color exists)', ['example.com', '80', '--color'], "unknown option '--color'"],
  ['a third argument', ['example.com', '80', 'extra'], 'too many arguments'],
  ['demo with an unknown option', ['demo', '--bogus'], "unknown option '--bogus'"],
  ['demo with an argument', ['demo', 'extra'], "too many arguments for 'demo'"],
  ['no host', ['--json'], "missing required argument 'host'"],
  // Conflicts
  ['-4 with -6', ['example.com', '80', '-4', '-6'], '-4 and -6 cannot be used together'],
  ['-4 with an IPv6 literal', ['::1', '80', '-4'], '"::1" is an IPv6 address'],
  ['-6 with an IPv4 literal', ['127.0.0.1', '80', '-6'], '"127.0.0.1" is an IPv4 address'],
  [
    '--dns-server with --resolver system',
    ['example.com', '80', '--dns-server', '127.0.0.1', '--resolver', 'system'],
    '--dns-server needs --resolver dns',
  ],
  ['--resolver with an unknown name', ['example.com', '80', '--resolver', 'bind'], "argument 'bind' is invalid"],
  ['--resolver in capitals', ['example.com', '80', '--resolver', 'DNS'], "argument 'DNS' is invalid"],
  ['--resolver without a value', ['example.com', '80', '--resolver'], "'--resolver <name>' argument missing"],
  // --dns-server
  ['--dns-server a name', ['example.com', '80', '--dns-server', 'dns.google'], 'invalid --dns-server "dns.google"'],
  ['--dns-server port 0', ['example.com', '80', '--dns-server', '127.0.0.1:0'], 'invalid --dns-server port "0"'],
  ['--dns-server port 70000', ['example.com', '80', '--dns-server', '127.0.0.1:70000'], 'invalid --dns-server port "70000"'],
  ['--dns-server port x', ['example.com', '80', '--dns-server', '1.2.3.4:x'], 'invalid --dns-server port "x"'],
  ['--dns-server with a zone id', ['example.com', '80', '--dns-server', '::1%eth0'], 'invalid --dns-server "::1%eth0": a zone id'],
  ['--dns-server empty', ['example.com', '80', '--dns-server', ''], '--dns-server is empty'],
  ['--dns-server with a missing ]', ['example.com', '80', '--dns-server', '[::1'], "missing ']'"],
  ['--dns-server IPv4 in brackets', ['example.com', '80', '--dns-server', '[1.2.3.4]:53'], 'only an IPv6 address goes in brackets'],
  ['--dns-server with two ports', ['example.com', '80', '--dns-server', '1.2.3.4:53:53'], 'invalid --dns-server "1.2.3.4:53:53"'],
  // --local-address
  ['--local-address a name', ['example.com', '80', '--local-address', 'localhost'], 'invalid --local-address "localhost"'],
  ['--local-address with a port', ['example.com', '80', '--local-address', '127.0.0.1:80'], 'without a port'],
  ['--local-address empty', ['example.com', '80', '--local-address', ''], '--local-address is empty'],
  ['--local-address with an empty zone', ['example.com', '80', '--local-address', 'fe80::1%'], 'invalid zone id'],
  ['--local-address IPv6 with -4', ['example.com', '80', '--local-address', '::1', '-4'], 'is not an IPv4 address, but -4 was given'],
  ['--local-address IPv4 with -6', ['example.com', '80', '--local-address', '1.2.3.4', '-6'], 'is not an IPv6 address, but -6 was given'],
  ['--local-address of the other family than the target', ['127.0.0.1', '80', '--local-address', '::1'], '"::1" is IPv6 but "127.0.0.1" is IPv4'],
];

/** Runs every case's subprocess, `limit` at a time, results in case order. */
async function runAll(limit: number): Promise<CliRun[]> {
  const results: CliRun[] = new Array<CliRun>(CASES.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < CASES.length) {
      const index = next++;
      const entry = CASES[index];
      if (entry !== undefined) results[index] = await runCli(entry[1]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

function usageMessage(argv: readonly string[]): string {
  try {
    const parsed = parseArgs(argv);
    return `parsed without error as ${parsed.kind}`;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
}

it('has at least 50 cases, each with its own command line', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(50);
  expect(new Set(CASES.map(([, argv]) => JSON.stringify(argv))).size).toBe(CASES.length);
});

describe('parseArgs: every bad command line is one UsageError line naming what was wrong', () => {
  it.each(CASES)('%s', (_, argv, expected) => {
    const message = usageMessage(argv);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });
});

describe('the built CLI: exit 2 and one line on stderr, for every case', () => {
  let results: CliRun[] = [];

  beforeAll(async () => {
    requireBuiltCli();
    results = await runAll(SUBPROCESS_CONCURRENCY);
  }, 60_000);

  it.each(CASES.map((entry, index) => [entry[0], index, entry[2]] as const))('%s', (_, index, expected) => {
    const result = results[index];
    expect(result).toBeDefined();
    const { code, stdout, stderr } = result as CliRun;
    expect(stderr).not.toContain('\n    at ');
    expect(stderr.endsWith('\n')).toBe(true);
    const lines = stderr.slice(0, -1).split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^eyeball: /u);
    expect(lines[0]).toContain(expected);
    expect(stdout).toBe('');
    expect(code).toBe(EXIT_USAGE);
  });
});
