import { describe, expect, it } from 'vitest';
import {
  describeAddress,
  describeAttemptError,
  describeCertificate,
  describeExpiry,
  describeHandshake,
  describeTlsError,
  describeTlsFailure,
  isTlsError,
} from '../../../src/cli/render/tls-words.js';
import type { CertificateInfo } from '../../../src/trace/events.js';

const certificate = (fields: Partial<CertificateInfo>): CertificateInfo => ({
  subject: 'localhost',
  issuer: 'eyeball test CA',
  validTo: '2026-12-25T10:00:00.000Z',
  daysToExpiry: 29,
  ...fields,
});

describe('certificates', () => {
  it.each<[Partial<CertificateInfo>, string]>([
    [{}, 'CN=localhost by "eyeball test CA", expires 2026-12-25 (29 days)'],
    [{ daysToExpiry: 1 }, 'CN=localhost by "eyeball test CA", expires 2026-12-25 (1 day)'],
    [{ daysToExpiry: 0 }, 'CN=localhost by "eyeball test CA", expires 2026-12-25 (today)'],
    [{ daysToExpiry: -1 }, 'CN=localhost by "eyeball test CA", expired 2026-12-25 (1 day ago)'],
    [{ subject: null, issuer: null, daysToExpiry: -400 }, 'no CN, expired 2026-12-25 (400 days ago)'],
  ])('%j', (fields, expected) => {
    expect(describeCertificate(certificate(fields))).toBe(expected);
  });

  it('expiry alone', () => {
    expect(describeExpiry(certificate({ daysToExpiry: 2 }))).toBe('expires 2026-12-25 (2 days)');
  });
});

describe('handshakes', () => {
  const row = {
    startedAt: 10,
    endedAt: 22.3,
    servername: 'localhost',
    protocol: 'TLSv1.3',
    alpn: 'h2',
    certificate: certificate({}),
    authorized: true,
    authorizationError: null,
    error: null,
  };

  it('the TLS line: version, ALPN, time, certificate', () => {
    expect(describeHandshake(row)).toBe('TLSv1.3 · h2 · 12.3 ms · CN=localhost by "eyeball test CA", expires 2026-12-25 (29 days)');
    expect(describeHandshake({ ...row, alpn: null, certificate: null })).toBe('TLSv1.3 · no ALPN · 12.3 ms');
  });

  it('a TlsHandshakeError keeps its words and its code once, without the address', () => {
    expect(describeTlsError({ code: 'CERT_HAS_EXPIRED', message: 'TLS with [::1]:443 failed: the certificate has expired (CERT_HAS_EXPIRED)' })).toBe(
      'the certificate has expired (CERT_HAS_EXPIRED)',
    );
    expect(describeTlsError({ code: 'CERT_HAS_EXPIRED', message: 'the certificate has expired' })).toBe(
      'the certificate has expired (CERT_HAS_EXPIRED)',
    );
    expect(describeTlsError({ code: 'EPROTO', message: 'TLS with 192.0.2.1:443 failed: write EPROTO 1234:error:0A00010B (EPROTO)' })).toBe(
      'write EPROTO 1234:error:0A00010B (EPROTO)',
    );
  });

  it('tells a TLS error from a TCP one by its message', () => {
    expect(
      isTlsError({ code: 'ECONNRESET', message: 'TLS with [::1]:443 failed: the server closed the connection during the handshake (ECONNRESET)' }),
    ).toBe(true);
    expect(isTlsError({ code: 'ECONNRESET', message: 'read ECONNRESET' })).toBe(false);
  });

  it('certificate refused when the certificate was the reason, handshake failed otherwise', () => {
    const refused = {
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      message: "the certificate is not for this host name: Host: a.example. is not in the cert's altnames: DNS:localhost",
    };
    expect(describeTlsFailure({ authorizationError: refused, certificate: certificate({}) }, refused)).toBe(
      "certificate refused: the certificate is not for this host name: Host: a.example. is not in the cert's altnames: DNS:localhost (ERR_TLS_CERT_ALTNAME_INVALID)",
    );
    const reset = {
      code: 'ECONNRESET',
      message: 'TLS with 127.0.0.1:443 failed: the server closed the connection during the handshake (ECONNRESET)',
    };
    expect(describeTlsFailure({ authorizationError: null, certificate: null }, reset)).toBe(
      'TLS handshake failed: the server closed the connection during the handshake (ECONNRESET)',
    );
  });

  it('an attempt error: the TLS reason when there is one, the connect words otherwise', () => {
    const refusedTcp = { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:443' };
    expect(describeAttemptError({ tls: null }, refusedTcp)).toBe('refused (ECONNREFUSED)');
    const error = {
      code: 'ERR_SSL_WRONG_VERSION_NUMBER',
      message: 'TLS with 127.0.0.1:443 failed: the server did not answer with TLS (ERR_SSL_WRONG_VERSION_NUMBER)',
    };
    expect(describeAttemptError({ tls: { ...row, protocol: null, certificate: null, authorized: false, error } }, error)).toBe(
      'TLS handshake failed: the server did not answer with TLS (ERR_SSL_WRONG_VERSION_NUMBER)',
    );
  });
});

describe('describeAddress', () => {
  it('a synthesised address says where it came from', () => {
    expect(describeAddress({ address: '64:ff9b::c000:201', synthesizedFrom: { address: '192.0.2.1', prefix: '64:ff9b::/96' } })).toBe(
      '64:ff9b::c000:201 (NAT64 of 192.0.2.1 via 64:ff9b::/96)',
    );
    expect(describeAddress({ address: '192.0.2.1' })).toBe('192.0.2.1');
  });
});
