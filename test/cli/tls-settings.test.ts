import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunSettings, RunTarget } from '../../src/cli/report.js';
import { parseTarget } from '../../src/cli/target.js';
import {
  buildTlsRequest,
  DEFAULT_ALPN,
  DEFAULT_TLS_REQUEST,
  loadCaFile,
  parseAlpn,
  parseServername,
  tlsFor,
  withoutTls,
} from '../../src/cli/tls-settings.js';
import { usageErrorOf } from './parse-helpers.js';
import { DEFAULT_SETTINGS } from './render/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'eyeball-ca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settingsWith = (tls: RunSettings['tls']): RunSettings => (tls === undefined ? DEFAULT_SETTINGS : { ...DEFAULT_SETTINGS, tls });

describe('tlsFor: which targets get TLS, with which SNI', () => {
  it.each<[string, RunTarget, RunSettings, ReturnType<typeof tlsFor>]>([
    [
      'an https:// URL, by default',
      parseTarget('https://example.com/'),
      DEFAULT_SETTINGS,
      { servername: 'example.com', alpn: DEFAULT_ALPN, verify: true, ca: null },
    ],
    [
      'a wss:// URL, by default',
      parseTarget('wss://example.com/socket'),
      DEFAULT_SETTINGS,
      { servername: 'example.com', alpn: DEFAULT_ALPN, verify: true, ca: null },
    ],
    ['an http:// URL: plain TCP', parseTarget('http://example.com/'), DEFAULT_SETTINGS, null],
    ['host and port: plain TCP', parseTarget('example.com', '443'), DEFAULT_SETTINGS, null],
    ['--no-tls wins over the scheme', parseTarget('https://example.com/'), settingsWith({ ...DEFAULT_TLS_REQUEST, mode: 'off' }), null],
    [
      '--tls for host and port',
      parseTarget('example.com', '8443'),
      settingsWith({ ...DEFAULT_TLS_REQUEST, mode: 'on' }),
      { servername: 'example.com', alpn: DEFAULT_ALPN, verify: true, ca: null },
    ],
    [
      'no SNI for an IP address (RFC 6066 §3)',
      parseTarget('https://[2001:db8::1]/'),
      DEFAULT_SETTINGS,
      { servername: null, alpn: DEFAULT_ALPN, verify: true, ca: null },
    ],
    [
      'no SNI for an IPv6 address with a zone',
      parseTarget('fe80::1%eth0', '443'),
      settingsWith({ ...DEFAULT_TLS_REQUEST, mode: 'on' }),
      { servername: null, alpn: DEFAULT_ALPN, verify: true, ca: null },
    ],
    [
      'a fully qualified name loses its final dot',
      parseTarget('example.com.', '443'),
      settingsWith({ ...DEFAULT_TLS_REQUEST, mode: 'on' }),
      { servername: 'example.com', alpn: DEFAULT_ALPN, verify: true, ca: null },
    ],
    [
      '--servername, --alpn, -k and the CA',
      parseTarget('192.0.2.1', '443'),
      settingsWith({ mode: 'on', alpn: ['h2'], verify: false, servername: 'internal.example', caFile: 'ca.pem', ca: 'PEM' }),
      { servername: 'internal.example', alpn: ['h2'], verify: false, ca: 'PEM' },
    ],
  ])('%s', (_label, target, settings, expected) => {
    expect(tlsFor(target, settings)).toEqual(expected);
  });

  it('withoutTls turns TLS off and keeps the rest', () => {
    const settings = withoutTls(settingsWith({ ...DEFAULT_TLS_REQUEST, mode: 'on', alpn: ['h2'] }));
    expect(settings.tls).toEqual({ ...DEFAULT_TLS_REQUEST, mode: 'off', alpn: ['h2'] });
    expect(tlsFor(parseTarget('https://example.com/'), withoutTls(DEFAULT_SETTINGS))).toBeNull();
  });
});

describe('buildTlsRequest', () => {
  it('nothing given: undefined, the defaults apply', () => {
    expect(buildTlsRequest({})).toBeUndefined();
  });

  it.each<[string, Parameters<typeof buildTlsRequest>[0], Partial<ReturnType<typeof buildTlsRequest> & object>]>([
    ['--tls', { tls: true }, { mode: 'on', alpn: DEFAULT_ALPN, verify: true }],
    ['--no-tls', { tls: false }, { mode: 'off' }],
    ['--alpn implies --tls', { alpn: 'h2' }, { mode: 'on', alpn: ['h2'] }],
    ['-k implies --tls', { insecure: true }, { mode: 'on', verify: false }],
    ['--ca implies --tls; the file is read later', { ca: 'ca.pem' }, { mode: 'on', caFile: 'ca.pem', ca: null }],
    ['--servername implies --tls', { servername: 'Example.COM' }, { mode: 'on', servername: 'example.com' }],
  ])('%s', (_label, values, expected) => {
    expect(buildTlsRequest(values)).toMatchObject(expected);
  });

  it.each<[string, Parameters<typeof buildTlsRequest>[0], string]>([
    ['--no-tls with --alpn', { tls: false, alpn: 'h2' }, '--alpn is a TLS option; it cannot be used with --no-tls'],
    ['--no-tls with -k', { tls: false, insecure: true }, '--insecure is a TLS option; it cannot be used with --no-tls'],
    ['--no-tls with --ca', { tls: false, ca: 'ca.pem' }, '--ca is a TLS option; it cannot be used with --no-tls'],
    ['an empty --ca', { ca: '' }, '--ca needs a file name'],
    ['a --ca with a control character', { ca: 'ca\u0007.pem' }, 'invalid --ca "ca\\u0007.pem": it contains a control character'],
  ])('refuses %s', (_label, values, expected) => {
    expect(usageErrorOf(() => buildTlsRequest(values))).toBe(expected);
  });
});

describe('parseAlpn', () => {
  it.each([
    ['h2', ['h2']],
    ['h2,http/1.1', ['h2', 'http/1.1']],
    ['http/1.1,h2', ['http/1.1', 'h2']],
    ['x'.repeat(255), ['x'.repeat(255)]],
  ])('%s', (text, expected) => {
    expect(parseAlpn(text)).toEqual(expected);
  });

  it.each(['', 'h2,', ',h2', 'h2,,http/1.1', 'h2, http/1.1', 'h\u00002', 'x'.repeat(256)])('refuses %j', (text) => {
    expect(usageErrorOf(() => parseAlpn(text))).toMatch(/^invalid --alpn ".*": expected protocol names separated by commas, like h2,http\/1\.1$/u);
  });
});

describe('parseServername', () => {
  it('a name, lower case, punycode, without its final dot', () => {
    expect(parseServername('Bücher.Example.')).toBe('xn--bcher-kva.example');
  });

  it.each<[string, string]>([
    ['192.0.2.1', 'invalid --servername "192.0.2.1": SNI carries a host name, never an IP address (RFC 6066 §3)'],
    ['2001:db8::1', 'invalid --servername "2001:db8::1": SNI carries a host name, never an IP address (RFC 6066 §3)'],
    ['', 'invalid --servername "": expected a host name'],
    ['exa mple.com', 'invalid --servername "exa mple.com": expected a host name'],
    [`${'a'.repeat(64)}.example`, `invalid --servername "${'a'.repeat(59)}…": expected a host name`],
  ])('refuses %j', (text, expected) => {
    expect(usageErrorOf(() => parseServername(text))).toBe(expected);
  });
});

describe('loadCaFile', () => {
  const withCa = (caFile: string): RunSettings => settingsWith({ ...DEFAULT_TLS_REQUEST, mode: 'on', caFile });

  it('reads the PEM text into the settings', () => {
    const path = join(dir, 'ca.pem');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(path, pem);
    expect(loadCaFile(withCa(path)).tls).toEqual({ ...DEFAULT_TLS_REQUEST, mode: 'on', caFile: path, ca: pem });
  });

  it('leaves settings without --ca alone, and reads nothing', () => {
    const read = (): string => {
      throw new Error('read');
    };
    expect(loadCaFile(DEFAULT_SETTINGS, read)).toBe(DEFAULT_SETTINGS);
    const tls = settingsWith({ ...DEFAULT_TLS_REQUEST, mode: 'on' });
    expect(loadCaFile(tls, read)).toBe(tls);
  });

  it.each<[string, () => string, (path: string) => string]>([
    ['a missing file', () => join(dir, 'missing.pem'), (path) => `cannot read --ca "${path}": no such file`],
    ['a directory', () => dir, (path) => `cannot read --ca "${path}": it is a directory`],
    [
      'a file without a certificate',
      () => {
        const path = join(dir, 'key.pem');
        writeFileSync(path, '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n');
        return path;
      },
      (path) => `--ca "${path}" holds no PEM certificate (a "-----BEGIN CERTIFICATE-----" block)`,
    ],
  ])('%s is a usage error', (_label, makePath, expected) => {
    const path = makePath();
    expect(usageErrorOf(() => loadCaFile(withCa(path)))).toBe(expected(path));
  });
});
