/**
 * `--json` for TLS, NAT64 and HTTPS records: the new fields, field by field, and the timeline rows they
 * come from. (docs/json.md is held to these documents in json-doc.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { toResultDocument } from '../../../src/cli/render/diagnostics-json.js';
import { toJsonDocument } from '../../../src/cli/render/json.js';
import { buildTimeline } from '../../../src/cli/render/timeline.js';
import { repeatStatistics } from '../../../src/cli/repeat.js';
import { repeatChecks, verdictOf } from '../../../src/cli/policy.js';
import { DEFAULT_TLS_REQUEST } from '../../../src/cli/tls-settings.js';
import type { TraceEvent } from '../../../src/trace/events.js';
import { eachResult, eachV6Broken } from './diagnostic-fixtures.js';
import {
  HTTPS_RECORDS,
  httpsAnswered,
  httpsCancelled,
  httpsFailed,
  httpsHintWon,
  nat64Discovered,
  nat64DiscoveryFailed,
  nat64OptionNotNeeded,
  tlsCertificateRefused,
  tlsConnected,
  tlsInsecureExpired,
} from './tls-nat64-fixtures.js';

describe('toJsonDocument: TLS', () => {
  it('settings.tls is what the target got: TLS by default for https://, with its SNI', () => {
    expect(toJsonDocument(tlsConnected()).settings.tls).toEqual({ servername: 'www.example.com', alpn: ['h2', 'http/1.1'], verify: true });
    expect(toJsonDocument(tlsInsecureExpired()).settings.tls).toEqual({ servername: null, alpn: ['h2'], verify: false });
    expect(toJsonDocument(nat64OptionNotNeeded()).settings.tls).toBeNull();
  });

  it('attempts[].tls, field by field', () => {
    expect(toJsonDocument(tlsConnected()).attempts[0]).toStrictEqual({
      address: '2001:db8::10',
      family: 6,
      port: 443,
      startedAt: 11.571,
      endedAt: 40.25,
      outcome: 'connected',
      error: null,
      startReason: 'first',
      synthesizedFrom: null,
      fromHint: false,
      service: null,
      tls: {
        servername: 'www.example.com',
        handshakeMs: 18.4,
        protocol: 'TLSv1.3',
        alpn: 'h2',
        authorized: true,
        certificate: { subject: 'www.example.com', issuer: 'Example Issuing CA', validTo: '2026-12-05T12:00:00.000Z', daysToExpiry: 9 },
        authorizationError: null,
      },
    });
  });

  it('a refused certificate and a failed handshake stay outcome failed, with their own codes', () => {
    const [refused, plain] = toJsonDocument(tlsCertificateRefused()).attempts;
    expect(refused).toMatchObject({
      outcome: 'failed',
      error: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      tls: {
        authorized: false,
        certificate: { subject: 'tls.example' },
        authorizationError: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'the certificate is self-signed and not trusted' },
      },
    });
    expect(plain).toMatchObject({
      outcome: 'failed',
      error: { code: 'ERR_SSL_WRONG_VERSION_NUMBER' },
      tls: { protocol: null, alpn: null, certificate: null, authorized: false, authorizationError: null },
    });
  });

  it('--insecure: connected, not authorized, and why', () => {
    expect(toJsonDocument(tlsInsecureExpired()).attempts[0]).toMatchObject({
      outcome: 'connected',
      tls: {
        servername: null,
        authorized: false,
        certificate: { subject: null, issuer: null, daysToExpiry: -30 },
        authorizationError: { code: 'CERT_HAS_EXPIRED' },
      },
    });
  });
});

describe('toJsonDocument: NAT64', () => {
  it('a discovered prefix and a synthesised attempt', () => {
    const document = toJsonDocument(nat64Discovered());
    expect(document.settings.nat64).toEqual({ prefix: null });
    expect(document.nat64).toStrictEqual({ source: 'rfc7050', queriedAt: 0.9, answeredAt: 3.1, prefixes: ['64:ff9b::/96'], error: null });
    expect(document.attempts[0]).toMatchObject({
      address: '64:ff9b::c000:201',
      family: 6,
      synthesizedFrom: { address: '192.0.2.1', prefix: '64:ff9b::/96' },
    });
    expect(document.winner).toEqual({ address: '64:ff9b::c000:201', family: 6, port: 80, at: 29.5 });
  });

  it('a prefix from the option, not needed', () => {
    const document = toJsonDocument(nat64OptionNotNeeded());
    expect(document.settings.nat64).toEqual({ prefix: '64:ff9b::/96' });
    expect(document.nat64).toStrictEqual({ source: 'option', queriedAt: null, answeredAt: 0.2, prefixes: ['64:ff9b::/96'], error: null });
    expect(document.attempts[0]?.synthesizedFrom).toBeNull();
  });

  it('failed discovery', () => {
    expect(toJsonDocument(nat64DiscoveryFailed()).nat64).toStrictEqual({
      source: 'rfc7050',
      queriedAt: 0.7,
      answeredAt: 5000.9,
      prefixes: [],
      error: { code: 'ETIMEOUT', message: 'AAAA query for ipv4only.arpa failed: no answer in time (ETIMEOUT)' },
    });
  });

  it('null when off, and when --nat64 did not need to look', () => {
    expect(toJsonDocument(tlsConnected()).nat64).toBeNull();
    const report = nat64OptionNotNeeded();
    const document = toJsonDocument({ ...report, settings: { ...report.settings, nat64: { prefix: null } }, events: report.events.slice(1) });
    expect(document.settings.nat64).toEqual({ prefix: null });
    expect(document.nat64).toBeNull();
  });
});

describe('toJsonDocument: HTTPS records', () => {
  it('the answer, every record with every parameter', () => {
    expect(toJsonDocument(httpsAnswered()).https).toStrictEqual({
      server: '192.0.2.53',
      startedAt: 0.05,
      endedAt: 10.05,
      records: HTTPS_RECORDS.map((record) => ({ ...record })),
      ttl: 300,
      malformed: 1,
      error: null,
      cancelled: false,
      chain: [],
    });
  });

  it('cancelled and failed queries have no records', () => {
    expect(toJsonDocument(httpsCancelled()).https).toStrictEqual({
      server: '192.0.2.53',
      startedAt: 0.05,
      endedAt: 90.3,
      records: [],
      ttl: null,
      malformed: 0,
      error: null,
      cancelled: true,
      chain: [],
    });
    expect(toJsonDocument(httpsFailed()).https).toMatchObject({ records: [], ttl: null, error: { code: 'ESERVFAIL' }, cancelled: false });
    expect(toJsonDocument(tlsConnected()).https).toBeNull();
  });

  it('an attempt to an address from a hint has fromHint: true; the others false', () => {
    const document = toJsonDocument(httpsHintWon());
    expect(document.attempts.map((attempt) => [attempt.address, attempt.fromHint])).toEqual([['192.0.2.10', true]]);
    expect(document.dns.map((query) => [query.type, query.cancelled])).toEqual([
      ['AAAA', true],
      ['A', true],
    ]);
    expect(document.https).toMatchObject({ server: '192.0.2.53', endedAt: 3, cancelled: false, records: [{ ipv4hint: ['192.0.2.10'] }] });
    expect(toJsonDocument(httpsAnswered()).attempts.map((attempt) => attempt.fromHint)).toEqual([false]);
  });

  it('settings.https: true unless --no-https', () => {
    expect(toJsonDocument(httpsAnswered()).settings.https).toBe(true);
    const report = tlsConnected();
    expect(toJsonDocument({ ...report, settings: { ...report.settings, https: false } }).settings.https).toBe(false);
  });

  it('a query without a known server (none configured) reads "none"', () => {
    const report = httpsFailed();
    const events = report.events.map((event): TraceEvent => (event.type === 'https-query' ? { ...event, server: null } : event));
    expect(toJsonDocument({ ...report, events }).https?.server).toBe('none');
  });
});

describe('the documents of the diagnostic modes', () => {
  it("--count: settings.tls is the target's", () => {
    const runs = [tlsConnected(), tlsConnected()];
    const [first] = runs;
    if (!first) throw new Error('no run');
    const document = toResultDocument(
      {
        mode: 'repeat',
        target: first.target,
        settings: first.settings,
        runs,
        statistics: repeatStatistics(runs),
        verdict: verdictOf(repeatChecks(runs, { require: null, maxTime: null }), false),
      },
      { hasPolicy: false, count: 2, interval: 1000, isList: false },
    );
    expect(document.settings.tls).toEqual({ servername: 'www.example.com', alpn: ['h2', 'http/1.1'], verify: true });
  });

  it('--each probes over plain TCP: settings.tls is null whatever the settings say', () => {
    const report = eachV6Broken();
    const document = toResultDocument(eachResult({ ...report, settings: { ...report.settings, tls: { ...DEFAULT_TLS_REQUEST, mode: 'on' } } }), {
      hasPolicy: false,
      count: 1,
      interval: 1000,
      isList: false,
    });
    expect(document.settings.tls).toBeNull();
  });
});

describe('buildTimeline: TLS, NAT64, HTTPS', () => {
  it('the handshake row starts when TCP connected', () => {
    expect(buildTimeline(tlsConnected()).attempts[0]?.tls).toEqual({
      startedAt: 40.2 - 18.4,
      endedAt: 40.2,
      servername: 'www.example.com',
      protocol: 'TLSv1.3',
      alpn: 'h2',
      certificate: { subject: 'www.example.com', issuer: 'Example Issuing CA', validTo: '2026-12-05T12:00:00.000Z', daysToExpiry: 9 },
      authorized: true,
      authorizationError: null,
      error: null,
    });
  });

  it('the NAT64 row, the synthesised attempt, and the HTTPS query on the time axis', () => {
    const timeline = buildTimeline(nat64Discovered());
    expect(timeline.nat64).toEqual({ source: 'rfc7050', queriedAt: 0.9, answeredAt: 3.1, prefixes: ['64:ff9b::/96'], error: null });
    expect(timeline.attempts[0]?.synthesizedFrom).toEqual({ address: '192.0.2.1', prefix: '64:ff9b::/96' });
    // A query cancelled after the race is still on the axis.
    const cancelled = buildTimeline(httpsCancelled());
    expect(cancelled.https).toEqual({
      resolver: 'dns',
      server: '192.0.2.53',
      startedAt: 0.05,
      endedAt: 90.3,
      state: 'cancelled',
      records: [],
      ttl: null,
      malformed: 0,
      error: null,
      chain: [],
    });
    expect(cancelled.end).toBe(90.4);
    // Sent and never ended in the trace (a run cut short): unfinished, up to the end of the run.
    const cut = httpsCancelled();
    const unfinished = buildTimeline({ ...cut, events: cut.events.filter((event) => event.type !== 'https-cancelled') });
    expect(unfinished.https).toMatchObject({ state: 'unfinished', endedAt: 90.4 });
  });
});
