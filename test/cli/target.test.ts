import { describe, expect, it } from 'vitest';
import { parseHost, parsePort, parseTarget, quote } from '../../src/cli/target.js';
import { UsageError } from '../../src/cli/usage-error.js';

const LONG_LABEL = 'a'.repeat(64);
// 4 labels of 63 + 3 dots = 255 characters.
const LONG_NAME = Array.from({ length: 4 }, () => 'b'.repeat(63)).join('.');
const LONGEST_NAME = `${'c'.repeat(63)}.${'c'.repeat(63)}.${'c'.repeat(63)}.${'c'.repeat(61)}`; // 253

describe('parseTarget: the forms a user types', () => {
  it.each<[string, string, string | undefined, string, number]>([
    ['host and port', 'example.com', '443', 'example.com', 443],
    ['host:port', 'example.com:8080', undefined, 'example.com', 8080],
    ['host:port and the same port again', 'example.com:8080', '8080', 'example.com', 8080],
    ['IPv4 literal', '127.0.0.1', '80', '127.0.0.1', 80],
    ['IPv4:port', '127.0.0.1:9', undefined, '127.0.0.1', 9],
    ['bracketed IPv6 with port', '[2001:db8::1]:443', undefined, '2001:db8::1', 443],
    ['bracketed IPv6 and a separate port', '[::1]', '22', '::1', 22],
    ['bare IPv6 literal with a separate port', '2001:db8::1', '443', '2001:db8::1', 443],
    ['IPv4-mapped IPv6 literal', '::ffff:127.0.0.1', '80', '::ffff:127.0.0.1', 80],
    ['IPv6 with a zone id', 'fe80::1%eth0', '22', 'fe80::1%eth0', 22],
    ['bracketed IPv6 with a zone id', '[fe80::1%eth0]:22', undefined, 'fe80::1%eth0', 22],
    ['https URL gives 443', 'https://example.com/path?q=1', undefined, 'example.com', 443],
    ['http URL gives 80', 'http://example.com', undefined, 'example.com', 80],
    ['wss URL gives 443', 'wss://example.com/socket', undefined, 'example.com', 443],
    ['an explicit URL port wins over the scheme', 'https://example.com:8443/', undefined, 'example.com', 8443],
    ['a port argument wins over the scheme', 'https://example.com/', '8443', 'example.com', 8443],
    ['URL with an IPv6 literal', 'http://[::1]:8080/', undefined, '::1', 8080],
    ['URL with credentials', 'https://user:secret@example.com/', undefined, 'example.com', 443],
    ['other schemes need a port', 'ftp://example.com', '21', 'example.com', 21],
    ['internationalised name to punycode', 'bücher.example', '443', 'xn--bcher-kva.example', 443],
    ['internationalised name in a URL', 'https://例え.テスト/', undefined, 'xn--r8jz45g.xn--zckzah', 443],
    ['upper case folds to lower case', 'EXAMPLE.com', '80', 'example.com', 80],
    ['fully qualified name keeps its dot', 'example.com.', '80', 'example.com.', 80],
    ['underscores are allowed (SRV-style labels)', '_svc.example.com', '80', '_svc.example.com', 80],
    ['single-label name', 'localhost', '80', 'localhost', 80],
    ['longest allowed name (253)', LONGEST_NAME, '80', LONGEST_NAME, 80],
    ['port 1 and 65535 are the bounds', 'example.com:65535', '65535', 'example.com', 65_535],
  ])('%s: %s %s', (_label, host, port, expectedHost, expectedPort) => {
    const target = parseTarget(host, port);
    expect(target.host).toBe(expectedHost);
    expect(target.port).toBe(expectedPort);
    expect(target.input).toBe(port === undefined ? host : `${host} ${port}`);
  });
});

describe('parseTarget: bad input names what was wrong', () => {
  it.each<[string, string, string | undefined, RegExp]>([
    ['port 0', 'example.com', '0', /^invalid port "0": expected a number from 1 to 65535$/u],
    ['port 65536', 'example.com', '65536', /^invalid port "65536": expected a number from 1 to 65535$/u],
    ['port abc', 'example.com', 'abc', /^invalid port "abc"/u],
    ['port with a sign', 'example.com', '+80', /^invalid port "\+80"/u],
    ['port in hex', 'example.com', '0x50', /^invalid port "0x50"/u],
    ['port 0 in host:port', 'example.com:0', undefined, /^invalid port "0"/u],
    ['empty port after the colon', 'example.com:', undefined, /^invalid port ""/u],
    ['URL port 0', 'http://example.com:0/', undefined, /^invalid port "0"/u],
    ['empty host', '', '80', /^the host is empty$/u],
    ['empty host before the port', ':80', undefined, /^the host is empty$/u],
    ['empty host without a port: the host, not the port, is named', '', undefined, /^the host is empty$/u],
    [
      'a name with two ports is not read as IPv6',
      'example.com:80:90',
      undefined,
      /^invalid target "example\.com:80:90": more than one ':' after a name/u,
    ],
    ['an IPv4 address with two ports', '192.0.2.1:80:90', undefined, /^invalid target "192\.0\.2\.1:80:90": more than one ':'/u],
    ['bad IPv6 hex is still an IPv6 error', '2001:db8::zz', '80', /^invalid IPv6 address "2001:db8::zz"$/u],
    [
      'a control character is shown as an escape',
      'exa\u0007mple.com',
      '80',
      /^invalid target "exa\\u0007mple\.com": it contains a control character$/u,
    ],
    ['name over 253 characters', LONG_NAME, '80', /^invalid host name ".*…": 255 characters, more than 253$/u],
    ['label over 63 characters', `${LONG_LABEL}.example`, '80', /the label "a{59}…" has 64 characters, more than 63$/u],
    ['empty label', 'a..example', '80', /^invalid host name "a\.\.example": it has an empty label/u],
    ['a space', 'exa mple.com', '80', /^invalid target "exa mple.com": it contains a space$/u],
    ['a tab', 'example.com\t', '80', /^invalid target "example\.com\\u0009": it contains a control character$/u],
    ['an escape sequence', 'evil\u001b[2J.com', '80', /^invalid target "evil\\u001b\[2J\.com": it contains a control character$/u],
    ['a slash without a scheme', 'example.com/path', '80', /^invalid host "example.com\/path": not an IP address/u],
    ['a percent sign in a name', 'exa%mple.com', '80', /^invalid host "exa%mple.com"/u],
    ['a numeric name that is no IPv4 address', '1.2.3.4.5', '80', /^invalid host "1.2.3.4.5": not a valid name or IPv4 address$/u],
    ['a bad IPv6 literal', '2001:db8::g', '80', /^invalid IPv6 address "2001:db8::g"$/u],
    ['a bad zone id', 'fe80::1%', '80', /^invalid zone id in "fe80::1%"/u],
    ['a name in brackets', '[example.com]:80', undefined, /only an IPv6 address goes in brackets$/u],
    ['an unclosed bracket', '[::1:80', undefined, /missing '\]'$/u],
    ['junk after the bracket', '[::1]x80', undefined, /expected ':PORT' after '\]'$/u],
    ['no port anywhere', 'example.com', undefined, /^missing port for "example.com"/u],
    ['no port for an unknown scheme', 'ftp://example.com', undefined, /^missing port for "ftp:\/\/example.com"/u],
    ['no port for a bare IPv6 literal', '2001:db8::1', undefined, /^missing port for "2001:db8::1"/u],
    ['conflicting ports', 'example.com:443', '80', /^conflicting ports: "example.com:443" says 443 but the port argument says 80$/u],
    ['conflicting URL port', 'https://example.com:8443', '443', /^conflicting ports/u],
    ['a URL without a host', 'http://:80/', undefined, /^invalid URL/u],
    ['a URL with a zone id (not allowed in URLs)', 'http://[fe80::1%25eth0]/', undefined, /^invalid URL/u],
  ])('%s', (_label, host, port, message) => {
    let thrown: unknown;
    try {
      parseTarget(host, port);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    const text = (thrown as UsageError).message;
    expect(text).toMatch(message);
    // One line, and nothing a terminal would act on.
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/u);
  });
});

describe('parsePort', () => {
  it('names the value in the message', () => {
    expect(() => parsePort('99999', '--dns-server port')).toThrow('invalid --dns-server port "99999"');
  });
  it('accepts leading zeros as decimal', () => {
    expect(parsePort('080')).toBe(80);
  });
});

describe('parseHost', () => {
  it('keeps IPv4 literals as they are', () => {
    expect(parseHost('192.0.2.1')).toBe('192.0.2.1');
  });
  it('normalises the shorthand IPv4 forms the URL standard accepts', () => {
    expect(parseHost('127.1')).toBe('127.0.0.1');
  });
});

describe('quote', () => {
  it('escapes control characters and shortens what it repeats', () => {
    expect(quote('a\u0007b')).toBe('"a\\u0007b"');
    expect(quote('a\u001b[31mb\u202ec')).toBe('"a\\u001b[31mb\\u202ec"');
    const quoted = quote('x'.repeat(100));
    expect(quoted).toBe(`"${'x'.repeat(59)}…"`);
  });
});
