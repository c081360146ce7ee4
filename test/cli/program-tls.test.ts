/**
 * parseArgs for TLS and NAT64: `--tls`, `--no-tls`, `--alpn`, `-k`/`--insecure`, `--ca`, `--servername`,
 * `--nat64`, `--nat64-prefix`; each bad input is one line naming the flag.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/program.js';
import { DEFAULT_ALPN, DEFAULT_TLS_REQUEST, tlsFor } from '../../src/cli/tls-settings.js';
import { parsedAs, singleTarget, usageError } from './parse-helpers.js';

describe('parseArgs: TLS', () => {
  it('says nothing about TLS unless asked: an https:// target gets TLS by default, with h2,http/1.1', () => {
    const command = singleTarget(['https://example.com/']);
    expect(command.settings.tls).toBeUndefined();
    expect(command.target.scheme).toBe('https');
    expect(tlsFor(command.target, command.settings)).toEqual({ servername: 'example.com', alpn: DEFAULT_ALPN, verify: true, ca: null });
    expect(tlsFor(singleTarget(['example.com', '443']).target, singleTarget(['example.com', '443']).settings)).toBeNull();
  });

  it.each<[string, string[], object]>([
    ['--tls', ['example.com', '443', '--tls'], { ...DEFAULT_TLS_REQUEST, mode: 'on' }],
    ['--no-tls', ['https://example.com/', '--no-tls'], { ...DEFAULT_TLS_REQUEST, mode: 'off' }],
    ['--alpn (implies --tls)', ['example.com:443', '--alpn', 'http/1.1'], { ...DEFAULT_TLS_REQUEST, mode: 'on', alpn: ['http/1.1'] }],
    ['-k (implies --tls)', ['example.com:443', '-k'], { ...DEFAULT_TLS_REQUEST, mode: 'on', verify: false }],
    ['--insecure', ['example.com:443', '--insecure'], { ...DEFAULT_TLS_REQUEST, mode: 'on', verify: false }],
    ['--ca (read by main, not here)', ['example.com:443', '--ca', 'ca.pem'], { ...DEFAULT_TLS_REQUEST, mode: 'on', caFile: 'ca.pem', ca: null }],
    ['--servername', ['192.0.2.1:443', '--servername', 'www.example.com'], { ...DEFAULT_TLS_REQUEST, mode: 'on', servername: 'www.example.com' }],
    [
      'all of them',
      ['https://192.0.2.1:8443/', '--alpn', 'h2', '-k', '--ca', '/etc/ca.pem', '--servername', 'api.example'],
      { mode: 'on', alpn: ['h2'], verify: false, caFile: '/etc/ca.pem', ca: null, servername: 'api.example' },
    ],
  ])('%s', (_label, argv, expected) => {
    expect(singleTarget(argv).settings.tls).toEqual(expected);
  });

  it('applies to every target of a check, and to --count', () => {
    const { plan } = parsedAs('check', ['a.example:443', 'b.example:443', '--tls', '--count', '2']);
    expect(plan.settings.tls).toEqual({ ...DEFAULT_TLS_REQUEST, mode: 'on' });
  });
});

describe('parseArgs: NAT64', () => {
  it.each<[string, string[], object | undefined]>([
    ['off by default', ['192.0.2.1', '80'], undefined],
    ['--nat64: discover the prefix', ['192.0.2.1', '80', '--nat64'], { prefix: null }],
    ['--nat64-prefix, canonical', ['192.0.2.1', '80', '--nat64-prefix', '64:FF9B:0::/96'], { prefix: '64:ff9b::/96' }],
    ['--nat64-prefix /64 (bits 64-71 zero)', ['192.0.2.1', '80', '--nat64-prefix', '2001:db8:122:344::/64'], { prefix: '2001:db8:122:344::/64' }],
    ['--nat64-prefix /32', ['example.com', '443', '--nat64-prefix', '2001:db8::/32'], { prefix: '2001:db8::/32' }],
    ['both: the prefix wins', ['192.0.2.1', '80', '--nat64', '--nat64-prefix', '64:ff9b::/96'], { prefix: '64:ff9b::/96' }],
  ])('%s', (_label, argv, expected) => {
    expect(singleTarget(argv).settings.nat64).toEqual(expected);
  });
});

describe('parseArgs: bad TLS and NAT64 input is one line, naming the flag', () => {
  it.each<[string, string[], RegExp]>([
    ['an empty --alpn', ['example.com:443', '--alpn', ''], /^invalid --alpn "": expected protocol names separated by commas, like h2,http\/1\.1$/u],
    ['--alpn with an empty name', ['example.com:443', '--alpn', 'h2,,http/1.1'], /^invalid --alpn "h2,,http\/1\.1"/u],
    ['--alpn with a space', ['example.com:443', '--alpn', 'h2, http/1.1'], /^invalid --alpn "h2, http\/1\.1"/u],
    ['--alpn without a value', ['example.com:443', '--alpn'], /^option '--alpn <list>' argument missing$/u],
    [
      '--servername that is an IP address',
      ['example.com:443', '--servername', '192.0.2.1'],
      /^invalid --servername "192\.0\.2\.1": SNI carries a host name, never an IP address \(RFC 6066 §3\)$/u,
    ],
    ['--servername that is no name', ['example.com:443', '--servername', 'a b'], /^invalid --servername "a b": expected a host name$/u],
    ['an empty --ca', ['example.com:443', '--ca', ''], /^--ca needs a file name$/u],
    ['--no-tls with --alpn', ['https://example.com/', '--no-tls', '--alpn', 'h2'], /^--alpn is a TLS option; it cannot be used with --no-tls$/u],
    ['--no-tls with -k', ['https://example.com/', '-k', '--no-tls'], /^--insecure is a TLS option; it cannot be used with --no-tls$/u],
    ['--no-tls with --servername', ['https://example.com/', '--no-tls', '--servername', 'x.example'], /^--servername is a TLS option/u],
    ['--tls with --compare', ['example.com:443', '--tls', '--compare'], /^--tls applies to the race; --compare compares plain TCP connects$/u],
    ['--ca with --each', ['example.com:443', '--ca', 'ca.pem', '--each'], /^--ca applies to the race; --each probes every address over plain TCP$/u],
    ['-k with --require both (which is --each)', ['example.com:443', '-k', '--require', 'both'], /^--insecure applies to the race; --each probes/u],
    ['--nat64 with --each', ['example.com:443', '--nat64', '--each'], /^--nat64 applies to the race; --each probes/u],
    [
      'an https:// target with --each: no silent drop of its TLS',
      ['https://example.com/', '--each'],
      /^--each probes every address over plain TCP and would not check TLS for "https:\/\/example\.com\/"; add --no-tls to probe TCP only, or leave out --each to race with TLS$/u,
    ],
    [
      'an https:// target with --require both (which is --each)',
      ['https://example.com/', '--require', 'both'],
      /^--each probes every address over plain TCP and would not check TLS/u,
    ],
    ['--nat64-prefix with --compare', ['example.com:443', '--nat64-prefix', '64:ff9b::/96', '--compare'], /^--nat64-prefix applies to the race/u],
    [
      'a prefix length RFC 6052 does not allow',
      ['192.0.2.1', '80', '--nat64-prefix', '64:ff9b::/97'],
      /^Expected `--nat64-prefix` to be a NAT64 prefix \(RFC 6052 allows only \/32, \/40, \/48, \/56, \/64 and \/96\), got "64:ff9b::\/97"$/u,
    ],
    [
      'a prefix without a length',
      ['192.0.2.1', '80', '--nat64-prefix', '64:ff9b::'],
      /^Expected `--nat64-prefix` to be a NAT64 prefix \(IPv6\/32, \/40, \/48, \/56, \/64 or \/96\), got "64:ff9b::"$/u,
    ],
    ['an IPv4 prefix', ['192.0.2.1', '80', '--nat64-prefix', '192.0.2.0/24'], /^Expected `--nat64-prefix` to be a NAT64 prefix/u],
    ['bits set after the prefix', ['192.0.2.1', '80', '--nat64-prefix', '64:ff9b::1/96'], /no bits set after the first 96\), got "64:ff9b::1\/96"$/u],
    ['bits 64-71 set', ['192.0.2.1', '80', '--nat64-prefix', '2001:db8:0:0:ff00::/96'], /bits 64 to 71 must be zero, RFC 6052 §2\.2\)/u],
    ['--nat64 with -4', ['example.com', '443', '--nat64', '-4'], /^--nat64 makes IPv6 addresses out of IPv4 ones; it cannot be used with -4$/u],
    [
      '--nat64-prefix with -6',
      ['example.com', '443', '--nat64-prefix', '64:ff9b::/96', '-6'],
      /^--nat64-prefix makes IPv6 addresses out of IPv4 ones; it cannot be used with -6$/u,
    ],
    [
      'control characters in --servername',
      ['example.com:443', '--servername', 'a\u001b[2Jb'],
      /^invalid --servername "a\\u001b\[2Jb": expected a host name$/u,
    ],
  ])('%s', (_label, argv, expected) => {
    const text = usageError(argv);
    expect(text).toMatch(expected);
    expect(text).not.toContain('\n');
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/u);
  });
});

describe('--help', () => {
  it('lists the TLS and NAT64 options and an example of each', () => {
    const command = parseArgs(['--help']);
    if (command.kind !== 'print') throw new Error('no help');
    for (const flag of [
      '--tls',
      '--no-tls',
      '--alpn <list>',
      '-k, --insecure',
      '--ca <file>',
      '--servername <name>',
      '--nat64',
      '--nat64-prefix <prefix>',
    ]) {
      expect(command.text).toContain(flag);
    }
    expect(command.text).toContain('$ eyeball https://example.com/\n');
    expect(command.text).toContain('--ca ca.pem');
    expect(command.text).toContain('--nat64-prefix 64:ff9b::/96');
  });
});
