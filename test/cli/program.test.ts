import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONNECTION_ATTEMPT_DELAY_MS,
  DEFAULT_FIRST_ADDRESS_FAMILY_COUNT,
  DEFAULT_RESOLUTION_DELAY_MS,
  MAX_CONNECTION_ATTEMPT_DELAY_MS,
  MIN_CONNECTION_ATTEMPT_DELAY_MS,
} from '../../src/connect/options.js';
import { DEFAULT_CONCURRENCY, DEFAULT_INTERVAL_MS } from '../../src/cli/check-plan.js';
import { CLI_DEFAULT_TIMEOUT_MS } from '../../src/cli/options.js';
import { parseArgs } from '../../src/cli/program.js';
import { singleTarget, usageError } from './parse-helpers.js';

describe('parseArgs: a connection', () => {
  it('fills in the defaults', () => {
    expect(parseArgs(['example.com', '443'])).toEqual({
      kind: 'check',
      plan: {
        targets: [{ host: 'example.com', port: 443, input: 'example.com 443' }],
        targetsFile: null,
        settings: {
          resolver: 'system',
          dnsServer: null,
          family: 0,
          attemptDelay: DEFAULT_CONNECTION_ATTEMPT_DELAY_MS,
          resolutionDelay: DEFAULT_RESOLUTION_DELAY_MS,
          firstAddressFamilyCount: DEFAULT_FIRST_ADDRESS_FAMILY_COUNT,
          timeout: CLI_DEFAULT_TIMEOUT_MS,
          attemptTimeout: null,
          localAddress: null,
        },
        mode: 'race',
        policy: { require: null, maxTime: null },
        count: 1,
        interval: DEFAULT_INTERVAL_MS,
        concurrency: DEFAULT_CONCURRENCY,
        output: { format: 'human', noColor: false, verbose: false, live: true, junit: null },
      },
    });
  });

  it('takes every option', () => {
    const command = singleTarget([
      'https://example.com/',
      '--delay',
      '100',
      '--resolution-delay',
      '20ms',
      '--family-count',
      '2',
      '--timeout',
      '1.5s',
      '--attempt-timeout',
      '400',
      '-6',
      '--dns-server',
      '[2001:db8::53]:5353',
      '--local-address',
      '::1',
      '--json',
      '--no-color',
    ]);
    expect(command.target).toEqual({ host: 'example.com', port: 443, input: 'https://example.com/', scheme: 'https' });
    expect(command.settings).toEqual({
      resolver: 'dns',
      dnsServer: '[2001:db8::53]:5353',
      family: 6,
      attemptDelay: 100,
      resolutionDelay: 20,
      firstAddressFamilyCount: 2,
      timeout: 1500,
      attemptTimeout: 400,
      localAddress: '::1',
    });
    expect(command.output).toEqual({ format: 'json', noColor: true, verbose: false, live: true, junit: null });
  });

  it.each([
    [['--delay', String(MIN_CONNECTION_ATTEMPT_DELAY_MS)], MIN_CONNECTION_ATTEMPT_DELAY_MS],
    [['--delay', String(MAX_CONNECTION_ATTEMPT_DELAY_MS)], MAX_CONNECTION_ATTEMPT_DELAY_MS],
    [['--delay', '2s'], 2000],
    [['--delay', '12.5'], 12.5],
  ])('accepts %j as an attempt delay of %d ms', (options, delay) => {
    expect(singleTarget(['example.com', '80', ...options]).settings.attemptDelay).toBe(delay);
  });

  it('options may come before the target', () => {
    expect(singleTarget(['-4', '--json', 'example.com:80']).settings.family).toBe(4);
  });

  it('--timeout 0 switches the overall timeout off', () => {
    expect(singleTarget(['example.com', '80', '--timeout', '0']).settings.timeout).toBeNull();
  });

  it('--resolver dns without a server uses the system servers', () => {
    const { settings } = singleTarget(['example.com', '80', '--resolver', 'dns']);
    expect(settings.resolver).toBe('dns');
    expect(settings.dnsServer).toBeNull();
  });

  it('HTTPS records are on unless --no-https (the setting is absent by default, false with the flag)', () => {
    expect(singleTarget(['example.com', '80', '--resolver', 'dns']).settings).not.toHaveProperty('https');
    expect(singleTarget(['example.com', '80', '--resolver', 'dns', '--no-https']).settings.https).toBe(false);
  });

  it('--dns-server keeps a bare IPv4 address without a port', () => {
    expect(singleTarget(['example.com', '80', '--dns-server', '127.0.0.1']).settings.dnsServer).toBe('127.0.0.1');
  });
});

describe('parseArgs: -v', () => {
  it('-v and --verbose ask for the tables; -V stays the version', () => {
    const output = (argv: string[]) => {
      const plan = parseArgs(argv);
      if (plan.kind !== 'check') throw new Error(`expected a check, got ${plan.kind}`);
      return plan.plan.output;
    };
    expect(output(['example.com', '443']).verbose).toBe(false);
    expect(output(['example.com', '443', '-v']).verbose).toBe(true);
    expect(output(['example.com', '443', '--verbose']).verbose).toBe(true);
    expect(parseArgs(['demo', '-v'])).toMatchObject({ kind: 'demo', output: { verbose: true } });
    expect(parseArgs(['-V'])).toMatchObject({ kind: 'print', text: expect.stringMatching(/^\d+\.\d+\.\d+/u) });
  });
});

describe('parseArgs: demo, help and version', () => {
  it('demo with its options', () => {
    expect(parseArgs(['demo'])).toEqual({
      kind: 'demo',
      attemptDelay: DEFAULT_CONNECTION_ATTEMPT_DELAY_MS,
      output: { json: false, noColor: false, verbose: false },
    });
    expect(parseArgs(['demo', '--delay', '100', '--json', '--no-color'])).toEqual({
      kind: 'demo',
      attemptDelay: 100,
      output: { json: true, noColor: true, verbose: false },
    });
  });

  it('--help returns the help with examples and exit codes, without printing it', () => {
    const command = parseArgs(['--help']);
    expect(command.kind).toBe('print');
    if (command.kind !== 'print') return;
    expect(command.text).toContain('Usage: eyeball [options] <host> [port]');
    expect(command.text).toContain('$ eyeball demo');
    expect(command.text).toMatch(
      /Exit codes:\n\s+0\s+connected\n\s+1\s+could not connect.*\n\s+or a check .*failed\n\s+2\s+usage error.*\n\s+129\s+stopped by SIGHUP.*\n\s+130\s+interrupted.*\n\s+143\s+stopped by SIGTERM/u,
    );
    for (const flag of [
      '--delay',
      '--resolution-delay',
      '--family-count',
      '--timeout',
      '--attempt-timeout',
      '-4',
      '-6',
      '--resolver',
      '--dns-server',
      '--no-https',
      '--local-address',
      '--json',
      '--no-color',
    ]) {
      expect(command.text).toContain(flag);
    }
  });

  it('-k is described the same in --help, the README and docs/cli.md: reported, not refused', () => {
    const words = 'report a certificate that does not verify instead of refusing it';
    const help = parseArgs(['--help']);
    if (help.kind !== 'print') throw new Error('expected the help');
    const oneLine = (text: string): string => text.replace(/\s+/gu, ' ').toLowerCase();
    expect(oneLine(help.text)).toContain(`-k, --insecure ${words}`);
    expect(oneLine(help.text)).toContain(`$ eyeball https://localhost:8443/ -k ${words}`);
    expect(oneLine(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'))).toContain(`-k # ${words}`);
    const cli = oneLine(readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8'));
    expect(cli).toContain(`| \`-k\`, \`--insecure\` | ${words}.`);
    expect(cli).toContain(`-k # ${words}`);
    // Nowhere does -k say it checks nothing.
    for (const text of [help.text, cli]) expect(text).not.toMatch(/-k[^\n]*verif(y|ies) nothing/u);
  });

  it.each([[['--help']], [['demo', '--help']]])('%j fits 80 columns', (argv) => {
    const command = parseArgs(argv);
    const lines = command.kind === 'print' ? command.text.split('\n') : [];
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
  });

  it('demo --help describes the demo', () => {
    const command = parseArgs(['demo', '--help']);
    expect(command.kind === 'print' && command.text).toContain('Usage: eyeball demo [options]');
  });

  it.each([['--version'], ['-V']])('%s returns the version', (flag) => {
    const command = parseArgs([flag]);
    expect(command.kind === 'print' && command.text).toMatch(/^\S+\n$/u);
  });
});

describe('parseArgs: bad input is one line naming what was wrong', () => {
  it.each<[string, string[], RegExp]>([
    ['no target', [], /^missing required argument 'host' \(see eyeball --help; eyeball demo runs without one\)$/u],
    ['an unknown option', ['example.com', '80', '--jsn'], /^unknown option '--jsn' \(Did you mean --json\?\)$/u],
    ['too many arguments', ['example.com', '80', '443'], /^too many arguments/u],
    ['a delay below the RFC 8305 minimum', ['example.com', '80', '--delay', '5'], /`--delay`.*from 10 to 2000, got 5 \(RFC 8305 §5\)$/u],
    ['a delay above the maximum', ['example.com', '80', '--delay', '2001'], /`--delay`.*from 10 to 2000, got 2001/u],
    ['a delay that is no number', ['example.com', '80', '--delay', 'soon'], /^invalid --delay "soon": expected milliseconds/u],
    ['a negative delay', ['example.com', '80', '--delay', '-5'], /^invalid --delay "-5": expected milliseconds/u],
    ['a resolution delay above the maximum', ['example.com', '80', '--resolution-delay', '1h'], /^invalid --resolution-delay "1h"/u],
    ['a family count of 0', ['example.com', '80', '--family-count', '0'], /`--family-count`.*got 0$/u],
    ['a family count above the maximum', ['example.com', '80', '--family-count', '17'], /`--family-count` to be an integer from 1 to 16, got 17$/u],
    [
      'a family count that is no number',
      ['example.com', '80', '--family-count', 'two'],
      /^invalid --family-count "two": expected a whole number from 1 to 16$/u,
    ],
    ['an attempt timeout of 0', ['example.com', '80', '--attempt-timeout', '0'], /`--attempt-timeout`.*got 0$/u],
    [
      'an unknown resolver',
      ['example.com', '80', '--resolver', 'doh'],
      /^option '--resolver <name>' argument 'doh' is invalid\. Allowed choices are system, dns\.$/u,
    ],
    ['-4 and -6 together', ['example.com', '80', '-4', '-6'], /^-4 and -6 cannot be used together$/u],
    [
      '--dns-server with the system resolver',
      ['example.com', '80', '--resolver', 'system', '--dns-server', '127.0.0.1'],
      /^--dns-server needs --resolver dns/u,
    ],
    [
      'a DNS server that is a name',
      ['example.com', '80', '--dns-server', 'dns.example'],
      /^invalid --dns-server "dns.example": expected an IP address/u,
    ],
    [
      'a DNS server with a zone id',
      ['example.com', '80', '--dns-server', '::1%eth0'],
      /^invalid --dns-server "::1%eth0": a zone id \('%'\) is not supported/u,
    ],
    [
      'a DNS server with a zone id and a port',
      ['example.com', '80', '--dns-server', '[fe80::1%eth0]:53'],
      /^invalid --dns-server "\[fe80::1%eth0\]:53": a zone id/u,
    ],
    ['a DNS server with port 0', ['example.com', '80', '--dns-server', '127.0.0.1:0'], /^invalid --dns-server port "0"/u],
    ['a local address that is a name', ['example.com', '80', '--local-address', 'me'], /^invalid --local-address "me"/u],
    ['a local address with a port', ['example.com', '80', '--local-address', '127.0.0.1:5'], /without a port$/u],
    [
      'a local address of the wrong family',
      ['example.com', '80', '-4', '--local-address', '::1'],
      /^--local-address "::1" is not an IPv4 address, but -4 was given$/u,
    ],
    ['-4 with an IPv6 literal', ['::1', '80', '-4'], /^-4 was given but "::1" is an IPv6 address$/u],
    ['-6 with an IPv4 literal', ['127.0.0.1', '80', '-6'], /^-6 was given but "127.0.0.1" is an IPv4 address$/u],
    [
      'a local address of the other family than the target',
      ['::1', '80', '--local-address', '127.0.0.1'],
      /^--local-address "127.0.0.1" is IPv4 but "::1" is IPv6$/u,
    ],
    ['a bad port', ['example.com', '65536'], /^invalid port "65536"/u],
    ['demo with a bad delay', ['demo', '--delay', '1'], /`--delay`.*got 1/u],
    ['demo with a target option', ['demo', '-4'], /^unknown option '-4'$/u],
    ['control characters in an unknown option', ['--\u001b[31mx'], /^unknown option '--x'$/u],
  ])('%s', (_label, argv, message) => {
    const text = usageError(argv);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/u);
  });
});
