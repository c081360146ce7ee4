/**
 * The human report of runs with TLS, NAT64 and HTTPS records: the header lines, the TLS line of each
 * attempt, certificate refusals and `--insecure` warnings, synthesised addresses, the HTTPS table, the
 * waterfall's TLS part, and the verdict's certificate and NAT64 notes.
 */
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/cli/report.js';
import { renderHeader } from '../../../src/cli/render/header.js';
import { renderHuman } from '../../../src/cli/render/human.js';
import { createTheme } from '../../../src/cli/render/theme.js';
import type { TraceEvent } from '../../../src/trace/events.js';
import { section } from './report-section.js';
import {
  httpsAnswered,
  httpsCancelled,
  httpsFailed,
  httpsHintWon,
  nat64Discovered,
  nat64DiscoveryFailed,
  nat64OptionNotNeeded,
  SOON_EXPIRING,
  TLS_NAT64_SCENARIOS,
  tlsCertificateRefused,
  tlsConnected,
  tlsInsecureExpired,
  withHttps,
} from './tls-nat64-fixtures.js';

/** Wide enough that no line wraps: each fact is on one line. */
const WIDE = 200;
const plain = (report: RunReport, width = WIDE): string => renderHuman(report, { color: false, verbose: true, width });

/** The report with the winner's certificate expiring in `days`. */
function expiringIn(days: number): RunReport {
  const report = tlsConnected();
  const events = report.events.map(
    (event): TraceEvent => (event.type === 'tls-handshake' ? { ...event, certificate: { ...SOON_EXPIRING, daysToExpiry: days } } : event),
  );
  return { ...report, events };
}

describe('TLS', () => {
  it('the header says what every handshake sends and checks', () => {
    expect(plain(tlsConnected())).toContain(
      "tls       SNI www.example.com, ALPN h2, http/1.1, certificate checked against Node's bundled CAs; an attempt counts once its handshake is done\n",
    );
    expect(plain(tlsCertificateRefused())).toContain('tls       SNI tls.example, ALPN h2, http/1.1, certificate checked against ca.pem;');
    expect(plain(tlsInsecureExpired())).toContain(
      'tls       no SNI (an IP address), ALPN h2, a certificate that does not verify is reported, not refused (--insecure);',
    );
    // The one header line says what is not at its default: TLS, its ALPN and -k.
    expect(plain(tlsInsecureExpired()).split('\n')[0]).toBe(
      'eyeball 192.0.2.30 port 8443 · started 18:30:00.123 UTC · no overall timeout · TLS, ALPN h2, certificate reported, not refused (-k)',
    );
  });

  it('no tls line for plain TCP, nor in the headers of --each and --compare', () => {
    expect(plain(nat64OptionNotNeeded())).not.toMatch(/^tls /mu);
    expect(renderHeader(tlsConnected(), createTheme(false), WIDE)).not.toMatch(/^tls /mu);
  });

  it('each attempt gets a TLS line: version, ALPN, handshake time, certificate and expiry', () => {
    expect(section(plain(tlsConnected()), 'Attempts')).toContain(
      '│ TLSv1.3 · h2 · 18.4 ms · CN=www.example.com by "Example Issuing CA", expires 2026-12-05 (9 days) │',
    );
    expect(section(plain(tlsInsecureExpired()), 'Attempts')).toContain('TLSv1.2 · no ALPN · 6.1 ms · no CN, expired 2026-10-27 (30 days ago)');
  });

  it('a refused certificate and a failed handshake, in words with their codes', () => {
    const attempts = section(plain(tlsCertificateRefused()), 'Attempts');
    expect(attempts).toContain('TLSv1.3 · no ALPN · 9.6 ms · CN=tls.example by "tls.example", expires 2027-06-01 (186 days)');
    expect(attempts).toContain('certificate refused: the certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)');
    expect(attempts).toContain('TLS handshake failed: the server did not answer with TLS (ERR_SSL_WRONG_VERSION_NUMBER)');
    // The failed handshake had no version and no certificate: no TLS line for it.
    expect(attempts).not.toContain('TLS · no ALPN');
    expect(attempts).not.toContain('TLS with ');
  });

  it('with --insecure, a certificate that does not verify is a warning, and the attempt connects', () => {
    const attempts = section(plain(tlsInsecureExpired()), 'Attempts');
    expect(attempts).toMatch(/not verified: the certificate has expired \(CERT_HAS_EXPIRED\)\s+│\n.*connected/u);
  });

  it('the waterfall shows the handshake after the TCP connect', () => {
    const waterfall = section(plain(tlsConnected(), 80), 'Waterfall');
    expect(waterfall).toMatch(/#0 IPv6 +├─+═+●/u);
    expect(waterfall).toContain('═ TLS handshake');
    expect(section(plain(tlsCertificateRefused(), 80), 'Waterfall')).toMatch(/#1 IPv4 +├─+═+✗/u);
    expect(section(plain(nat64OptionNotNeeded(), 80), 'Waterfall')).not.toContain('═');
  });

  it('the verdict gives the handshake time and warns about a certificate with less than 14 days left', () => {
    const verdict = section(plain(tlsConnected()), 'Verdict');
    expect(verdict).toContain('took 28.7 ms (TLS handshake 18.4 ms).');
    expect(verdict).toContain('The certificate of www.example.com expires 2026-12-05 (9 days): less than 14 days left.');
    expect(section(plain(expiringIn(13)), 'Verdict')).toContain('expires 2026-12-05 (13 days): less than 14 days left.');
    expect(section(plain(expiringIn(0)), 'Verdict')).toContain('expires 2026-12-05 (today): less than 14 days left.');
    expect(section(plain(expiringIn(14)), 'Verdict')).not.toContain('days left');
  });

  it('the verdict of --insecure says what was not verified, once, and not that nothing went wrong', () => {
    const verdict = section(plain(tlsInsecureExpired()), 'Verdict');
    expect(verdict).toContain('The certificate was not verified (--insecure): the certificate has expired (CERT_HAS_EXPIRED).');
    expect(verdict).not.toContain('Nothing went wrong');
    expect(verdict.match(/expired/gu)).toHaveLength(1);
  });

  it('after a refused certificate, the verdict says how to look anyway', () => {
    const verdict = section(plain(tlsCertificateRefused()), 'Verdict');
    expect(verdict).toContain(
      'IPv6 (2001:db8::20, #0) failed after 18.8 ms: certificate refused: the certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); the next attempt started at once.',
    );
    expect(verdict).toContain(
      'To connect anyway: -k (--insecure) reports the certificate instead of refusing it; --ca FILE trusts a CA of your own.',
    );
  });
});

describe('NAT64', () => {
  it('a discovered prefix, and the synthesised address with where it came from', () => {
    const output = plain(nat64Discovered());
    expect(output).toContain('nat64     prefix 64:ff9b::/96 (found via ipv4only.arpa at 3.1 ms)\n');
    expect(section(output, 'Attempts')).toMatch(
      /│ #0 IPv6 │ 64:ff9b::c000:201 │ .*│ started: first +│\n.*│ NAT64 of 192\.0\.2\.1 via 64:ff9b::\/96 +│/u,
    );
    expect(section(output, 'Verdict')).toContain('Connected to 64:ff9b::c000:201 (NAT64 of 192.0.2.1 via 64:ff9b::/96) (IPv6, #0) at 29.5 ms');
  });

  it('a prefix from the option that a host with an IPv4 route did not need', () => {
    const output = plain(nat64OptionNotNeeded());
    expect(output).toContain('nat64     prefix 64:ff9b::/96 (option)\n');
    expect(output).not.toContain('NAT64 of');
    expect(section(output, 'Verdict')).toContain(
      'NAT64 was not needed: this host has an IPv4 route, and only IPv4 addresses without one are synthesised (RFC 8305 §7.1).',
    );
  });

  it('--nat64 on a host with an IPv4 route: not looked for', () => {
    const report = nat64OptionNotNeeded();
    const events = report.events.filter((event) => event.type !== 'nat64-prefix');
    const output = plain({ ...report, settings: { ...report.settings, nat64: { prefix: null } }, events });
    expect(output).toContain('nat64     prefix not looked for: this host has an IPv4 route (RFC 7050 discovery is for IPv6-only hosts)\n');
  });

  it('discovery that failed: no prefix, no synthesis, and the verdict says why IPv4 was tried as it is', () => {
    const output = plain(nat64DiscoveryFailed());
    expect(output).toContain('nat64     no prefix: the ipv4only.arpa query failed at 5 s: no answer in time (ETIMEOUT); no synthesis\n');
    const verdict = section(output, 'Verdict');
    expect(verdict).toContain(
      'No NAT64 prefix, so IPv4 addresses were tried as they are: the ipv4only.arpa query failed: no answer in time (ETIMEOUT).',
    );
    expect(verdict).not.toContain('NAT64 was not needed');
  });

  it.each<[string, readonly string[], string]>([
    ['no DNS64', [], 'nat64     no prefix found via ipv4only.arpa at 3.1 ms (no DNS64 answered for it); no synthesis\n'],
    [
      'two prefixes',
      ['64:ff9b::/96', '2001:db8:64::/96'],
      'nat64     prefixes 64:ff9b::/96, 2001:db8:64::/96 (found via ipv4only.arpa at 3.1 ms; the first is used)\n',
    ],
  ])('discovery with %s', (_label, prefixes, expected) => {
    const report = nat64Discovered();
    const events = report.events.map((event): TraceEvent => (event.type === 'nat64-prefix' ? { ...event, prefixes } : event));
    expect(plain({ ...report, events })).toContain(expected);
  });
});

describe('HTTPS records', () => {
  it('a table of the records: priority, target, ALPN, port, hints, ECH; and what was asked', () => {
    const https = section(plain(httpsAnswered()), 'HTTPS records');
    expect(https.replace(/\n/gu, ' ')).toContain(
      'Asked 192.0.2.53 at 0.1 ms; answered after 10 ms, TTL 300 s. 1 malformed record was skipped (RFC 9460 §2.2). An AliasMode record sends the client to another name: the ServiceMode records beside it are ignored (RFC 9460 §2.4.2).',
    );
    expect(https).toContain('│ priority  │ target          │ ALPN                │ port │ address hints │ ECH │');
    expect(https).toContain('│ 0 (alias) │ svc.example.net │                     │      │               │ no  │');
    expect(https).toContain('│ 1         │ . (this name)   │ h3, h2 (no default) │ 8443 │ 2001:db8::10  │ yes │');
    expect(https).toContain('│           │                 │                     │      │ 192.0.2.10    │     │');
  });

  it('comes after DNS, only when asked', () => {
    const output = plain(httpsAnswered());
    expect(output.indexOf('\nDNS\n')).toBeLessThan(output.indexOf('\nHTTPS records\n'));
    expect(output.indexOf('\nHTTPS records\n')).toBeLessThan(output.indexOf('\nAttempts\n'));
    expect(plain(tlsConnected())).not.toContain('HTTPS records');
  });

  it.each<[string, () => RunReport, string]>([
    ['cancelled', httpsCancelled, 'Asked 192.0.2.53 at 0.1 ms; no answer when the race ended, so the query was cancelled after 90.3 ms.'],
    ['failed', httpsFailed, 'Asked 192.0.2.53 at 0.1 ms; the query failed after 9.8 ms: the server failed (SERVFAIL, ESERVFAIL).'],
    [
      'no records',
      () => withHttps({ type: 'https-answer', at: 8.05, records: [], ttl: null, malformed: 0 }),
      'Asked 192.0.2.53 at 0.1 ms; no HTTPS records (answered after 8 ms).',
    ],
  ])('%s', (_label, make, expected) => {
    expect(section(plain(make()), 'HTTPS records')).toBe(`HTTPS records\n${expected}`);
  });

  it('the waterfall has a bar for the query, on the time axis of the race', () => {
    expect(section(plain(httpsAnswered(), 80), 'Waterfall')).toMatch(/\nHTTPS +├─+┤\n/u);
    expect(section(plain(httpsFailed(), 80), 'Waterfall')).toMatch(/\nHTTPS +├─+✗\n/u);
    // Cancelled as the race was won (90.3 ms): the axis reaches it.
    const cancelled = section(plain(httpsCancelled(), 80), 'Waterfall');
    expect(cancelled).toMatch(/\nHTTPS +├─+○\n/u);
    expect(cancelled).toContain('100 ms');
    // Sent first (HEv3 §4.1): the first bar.
    expect(cancelled.split('\n')[1]).toMatch(/^HTTPS /u);
  });

  it('the DNS table has the HTTPS query as its first row: asked, ended, took, records or error, cancelled', () => {
    const row = (report: RunReport) =>
      section(plain(report, 120), 'DNS')
        .split('\n')
        .find((line) => line.startsWith('│ HTTPS'));
    expect(row(httpsAnswered())).toMatch(/^│ HTTPS │ 0\.1 ms +│ 10\.1 ms +│ 10 ms +│ 2 records \(below\) +│ 300 s +│$/u);
    expect(row(httpsFailed())).toMatch(/│ the server failed \(SERVFAIL, ESERVFAIL\) +│/u);
    expect(row(httpsCancelled())).toMatch(/│ 90\.3 ms +│ 90\.3 ms +│ cancelled: still pending when the connection was made +│/u);
    const dns = section(plain(httpsAnswered(), 120), 'DNS');
    expect(dns.indexOf('│ HTTPS')).toBeLessThan(dns.indexOf('│ AAAA'));
    expect(section(plain(tlsConnected(), 120), 'DNS')).not.toContain('HTTPS');
  });

  it('an attempt to an address from an ipv4hint says so, in the attempts table and the waterfall run', () => {
    const output = plain(httpsHintWon(), 120);
    expect(section(output, 'Attempts')).toContain('address from HTTPS ipv4hint, before any A answer');
    expect(section(plain(httpsAnswered(), 120), 'Attempts')).not.toContain('from HTTPS');
    expect(section(output, 'DNS')).toMatch(/│ AAAA +│.*│ cancelled: still pending when the connection was made/u);
  });

  it('a Resolution Delay that waited only for the HTTPS answer says so, in the DNS section and the verdict', () => {
    const output = plain(httpsCancelled(), 200).replace(/\n/gu, ' ');
    expect(output).toContain(
      'Resolution delay: addresses were known from 11.4 ms but not the HTTPS records, so eyeball waited up to 50 ms for them (Happy Eyeballs v3); no HTTPS answer in 50 ms, so the attempts went ahead without it.',
    );
    expect(output).toContain(
      'The HTTPS query was slow: it had not answered when the 50 ms resolution delay ran out, so the attempts went ahead without it (Happy Eyeballs v3 §4.2).',
    );
    expect(output).not.toContain('AAAA was slow');
  });
});

describe('colour and safety', () => {
  it('colour adds escapes and nothing else', () => {
    for (const make of Object.values(TLS_NAT64_SCENARIOS)) {
      const coloured = renderHuman(make(), { color: true, verbose: true, width: 80 });
      expect(coloured).toMatch(/\u001b\[3[123]m/u);
      expect(stripVTControlCharacters(coloured)).toBe(renderHuman(make(), { color: false, verbose: true, width: 80 }));
    }
  });

  it('certificate names and HTTPS targets from the network are cleaned', () => {
    const report = httpsAnswered();
    const events = report.events.map(
      (event): TraceEvent =>
        event.type === 'tls-handshake'
          ? { ...event, certificate: { ...SOON_EXPIRING, subject: 'evil\u001b]0;pwned\u0007.example', issuer: 'CA\u001b[2J' } }
          : event,
    );
    const dirty = events.map(
      (event): TraceEvent =>
        event.type === 'https-answer'
          ? { ...event, records: event.records.map((record) => ({ ...record, target: 'x\u001b[31m.example', alpn: ['h2\u0007'] })) }
          : event,
    );
    const output = plain({ ...report, events: dirty });
    expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
    expect(output).toContain('CN=evil.example by "CA"');
    expect(output).toContain('x.example');
  });
});

describe('layout', () => {
  it('a TLS race at 80 columns', () => {
    expect(`\n${plain(tlsCertificateRefused(), 80)}`).toMatchInlineSnapshot(`
      "
      eyeball tls.example port 8443 · started 18:30:00.123 UTC · no overall timeout ·
      TLS, CA ca.pem
      started   2026-12-07 18:30:00.123250 UTC (Unix time 1796668200.123250 s)
      resolver  system (the OS resolver, one lookup per family; no TTLs)
      settings  attempt delay 250 ms, resolution delay 50 ms, first address family
                count 1, overall timeout none, attempt timeout none (the OS decides),
                IPv6 and IPv4, local address any
      tls       SNI tls.example, ALPN h2, http/1.1, certificate checked against
                ca.pem; an attempt counts once its handshake is done

      DNS
      ┌──────┬──────────┬──────────┬────────┬──────────────┐
      │ type │ asked at │ ended at │ took   │ result       │
      ├──────┼──────────┼──────────┼────────┼──────────────┤
      │ AAAA │ 0.2 ms   │ 3.1 ms   │ 2.9 ms │ 2001:db8::20 │
      ├──────┼──────────┼──────────┼────────┼──────────────┤
      │ A    │ 0.2 ms   │ 3.4 ms   │ 3.2 ms │ 192.0.2.20   │
      └──────┴──────────┴──────────┴────────┴──────────────┘

      Attempts
      ┌─────────┬──────────────┬────────┬─────────┬──────────────────────────────────┐
      │ #       │ address      │ start  │ took    │ outcome                          │
      ├─────────┼──────────────┼────────┼─────────┼──────────────────────────────────┤
      │ #0 IPv6 │ 2001:db8::20 │ 3.3 ms │ 18.8 ms │ started: first                   │
      │         │              │        │         │ TLSv1.3 · no ALPN · 9.6 ms ·     │
      │         │              │        │         │ CN=tls.example by "tls.example", │
      │         │              │        │         │ expires 2027-06-01 (186 days)    │
      │         │              │        │         │ certificate refused: the         │
      │         │              │        │         │ certificate is self-signed and   │
      │         │              │        │         │ not trusted                      │
      │         │              │        │         │ (DEPTH_ZERO_SELF_SIGNED_CERT)    │
      ├─────────┼──────────────┼────────┼─────────┼──────────────────────────────────┤
      │ #1 IPv4 │ 192.0.2.20   │ 22 ms  │ 9.6 ms  │ started: #0 failed               │
      │         │              │        │         │ TLS handshake failed: the server │
      │         │              │        │         │ did not answer with TLS          │
      │         │              │        │         │ (ERR_SSL_WRONG_VERSION_NUMBER)   │
      └─────────┴──────────────┴────────┴─────────┴──────────────────────────────────┘

      Waterfall
      AAAA     ├─────┤
      A        ├──────┤
      #0 IPv6         ├─────────────────═══════════════════✗
      #1 IPv4                                              ├─────────────═════✗
               ┴─────────┴─────────┴─────────┴─────────┴─────────┴─────────┴─────────┴
               0         5         10        15        20        25        30    35 ms
      one column = 0.5 ms; ├ started, ┤ answered, ✗ failed, ═ TLS handshake

      Verdict
      Could not connect: every address failed.
        - IPv6 (2001:db8::20, #0) failed after 18.8 ms: certificate refused: the
          certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT);
          the next attempt started at once.
        - IPv4 (192.0.2.20, #1) failed after 9.6 ms: TLS handshake failed: the server
          did not answer with TLS (ERR_SSL_WRONG_VERSION_NUMBER).
        - To connect anyway: -k (--insecure) reports the certificate instead of
          refusing it; --ca FILE trusts a CA of your own.
      "
    `);
  });
});
