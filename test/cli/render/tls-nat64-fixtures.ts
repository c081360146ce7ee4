/**
 * Hand-built runs with TLS, NAT64 and HTTPS records, with the events and times the library produces (see
 * src/connect/connect-tls.ts and src/connect/nat64-synthesis.ts): a TLS attempt reports `tls-handshake`
 * when its handshake ends and then succeeds or fails; a prefix from the option is reported at the start,
 * a discovered one after the `ipv4only.arpa` query; a synthesised endpoint carries `synthesizedFrom`.
 */
import type { RunReport } from '../../../src/cli/report.js';
import { DEFAULT_TLS_REQUEST } from '../../../src/cli/tls-settings.js';
import type { HttpsRecord } from '../../../src/trace/https-record.js';
import type { CertificateInfo, TraceEvent } from '../../../src/trace/events.js';
import type { Endpoint } from '../../../src/base/endpoint.js';
import { serviceRecord } from '../../helpers/fake-network.js';
import { DEFAULT_SETTINGS, DNS_SETTINGS, queriesSent, refusedIpv6, v4, v6 } from './fixtures.js';
import { failedReport, wonReport } from './report-builder.js';

/** Issued by a CA, 9 days left: the verdict warns. */
export const SOON_EXPIRING: CertificateInfo = {
  subject: 'www.example.com',
  issuer: 'Example Issuing CA',
  validTo: '2026-12-05T12:00:00.000Z',
  daysToExpiry: 9,
};

const SELF_SIGNED: CertificateInfo = { subject: 'tls.example', issuer: 'tls.example', validTo: '2027-06-01T00:00:00.000Z', daysToExpiry: 186 };

/** No CN at all, expired 30 days ago. */
const EXPIRED_NAMELESS: CertificateInfo = { subject: null, issuer: null, validTo: '2026-10-27T00:00:00.000Z', daysToExpiry: -30 };

/** A TLS handshake event of attempt `index`, ending at `at` after `handshakeMs`. */
function handshake(
  endpoint: Endpoint,
  index: number,
  at: number,
  handshakeMs: number,
  fields: Partial<Extract<TraceEvent, { type: 'tls-handshake' }>>,
): TraceEvent {
  return {
    type: 'tls-handshake',
    at,
    index,
    ...endpoint,
    servername: 'www.example.com',
    handshakeMs,
    protocol: 'TLSv1.3',
    alpn: 'h2',
    certificate: SOON_EXPIRING,
    authorized: true,
    authorizationError: null,
    error: null,
    ...fields,
  };
}

/**
 * `eyeball https://www.example.com/`: TLS by default; the same start as {@link refusedIpv6} (both answers
 * in by 12.004 ms), but IPv6 connects, its handshake takes 18.4 ms.
 */
export function tlsConnected(): RunReport {
  const port = 443;
  const six = v6('2001:db8::10', port);
  const events: TraceEvent[] = [
    ...refusedIpv6().events.filter((event) => event.at <= 12.004),
    handshake(six, 0, 40.2, 18.4, {}),
    { type: 'attempt-succeeded', at: 40.25, index: 0, ...six },
    { type: 'connected', at: 40.25, index: 0, ...six },
  ];
  const target = { host: 'www.example.com', port, input: 'https://www.example.com/', scheme: 'https' };
  return wonReport({ target, settings: DEFAULT_SETTINGS, events, elapsed: 40.4 });
}

/**
 * `--tls --ca ca.pem`: IPv6 presents a self-signed certificate (refused), then IPv4 does not speak TLS
 * at all (the handshake fails before any certificate).
 */
export function tlsCertificateRefused(): RunReport {
  const port = 8443;
  const six = v6('2001:db8::20', port);
  const four = v4('192.0.2.20', port);
  const refused = { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'the certificate is self-signed and not trusted' };
  const refusedError = { code: refused.code, message: `TLS with [2001:db8::20]:8443 failed: ${refused.message} (${refused.code})` };
  const plainError = {
    code: 'ERR_SSL_WRONG_VERSION_NUMBER',
    message: 'TLS with 192.0.2.20:8443 failed: the server did not answer with TLS (ERR_SSL_WRONG_VERSION_NUMBER)',
  };
  const events: TraceEvent[] = [
    ...queriesSent('system', 0.2, 0.21),
    { type: 'dns-answer', at: 3.1, family: 6, recordType: 'AAAA', addresses: ['2001:db8::20'], ttl: null },
    { type: 'addresses-sorted', at: 3.2, addresses: [six] },
    { type: 'attempt-started', at: 3.25, index: 0, reason: 'first', ...six },
    { type: 'attempt-scheduled', at: 3.25, index: 1, dueAt: 253.25, reason: 'timer' },
    { type: 'dns-answer', at: 3.4, family: 4, recordType: 'A', addresses: ['192.0.2.20'], ttl: null },
    { type: 'addresses-sorted', at: 3.5, addresses: [six, four] },
    handshake(six, 0, 21.9, 9.6, {
      servername: 'tls.example',
      alpn: null,
      certificate: SELF_SIGNED,
      authorized: false,
      authorizationError: refused,
      error: refusedError,
    }),
    { type: 'attempt-failed', at: 22, index: 0, error: refusedError, timedOut: false, ...six },
    { type: 'attempt-started', at: 22, index: 1, reason: 'previous-failed', ...four },
    { type: 'attempt-scheduled', at: 22, index: 2, dueAt: 272, reason: 'timer' },
    handshake(four, 1, 31.5, 2.3, {
      servername: 'tls.example',
      protocol: null,
      alpn: null,
      certificate: null,
      authorized: false,
      authorizationError: null,
      error: plainError,
    }),
    { type: 'attempt-failed', at: 31.6, index: 1, error: plainError, timedOut: false, ...four },
    {
      type: 'failed',
      at: 31.7,
      error: { code: 'EYEBALL_CONNECT_FAILED', message: `could not connect to tls.example:8443: ${refusedError.message}; ${plainError.message}` },
    },
  ];
  return failedReport({
    target: { host: 'tls.example', port, input: 'tls.example:8443' },
    settings: { ...DEFAULT_SETTINGS, tls: { ...DEFAULT_TLS_REQUEST, mode: 'on', caFile: 'ca.pem', ca: '-----BEGIN CERTIFICATE-----\n' } },
    events,
    reason: 'connect',
    elapsed: 31.8,
  });
}

/** `-k --alpn h2` to an IP address: no SNI, an expired certificate without a CN, accepted unverified; no ALPN agreed. */
export function tlsInsecureExpired(): RunReport {
  const port = 8443;
  const four = v4('192.0.2.30', port);
  const events: TraceEvent[] = [
    { type: 'attempt-started', at: 0.6, index: 0, reason: 'first', ...four },
    { type: 'attempt-scheduled', at: 0.6, index: 1, dueAt: 250.6, reason: 'timer' },
    handshake(four, 0, 14.8, 6.1, {
      servername: null,
      protocol: 'TLSv1.2',
      alpn: null,
      certificate: EXPIRED_NAMELESS,
      authorized: false,
      authorizationError: { code: 'CERT_HAS_EXPIRED', message: 'the certificate has expired' },
    }),
    { type: 'attempt-succeeded', at: 14.9, index: 0, ...four },
    { type: 'connected', at: 14.9, index: 0, ...four },
  ];
  const target = { host: '192.0.2.30', port, input: '192.0.2.30:8443' };
  return wonReport({
    target,
    settings: { ...DEFAULT_SETTINGS, tls: { ...DEFAULT_TLS_REQUEST, mode: 'on', alpn: ['h2'], verify: false } },
    events,
    elapsed: 15,
  });
}

/** An IPv6-only host with `--nat64`: the prefix is discovered (RFC 7050), the A answer synthesised and connected. */
export function nat64Discovered(): RunReport {
  const port = 80;
  const synthesised: Endpoint = { address: '64:ff9b::c000:201', family: 6, port, synthesizedFrom: { address: '192.0.2.1', prefix: '64:ff9b::/96' } };
  const events: TraceEvent[] = [
    ...queriesSent('dns', 0.3, 0.31),
    { type: 'nat64-query', at: 0.9, resolver: 'dns' },
    { type: 'nat64-prefix', at: 3.1, source: 'rfc7050', prefixes: ['64:ff9b::/96'], error: null },
    { type: 'dns-answer', at: 3.4, family: 6, recordType: 'AAAA', addresses: [], ttl: null },
    { type: 'dns-answer', at: 3.6, family: 4, recordType: 'A', addresses: ['192.0.2.1'], ttl: 300 },
    { type: 'addresses-sorted', at: 3.9, addresses: [synthesised] },
    { type: 'attempt-started', at: 4, index: 0, reason: 'first', ...synthesised },
    { type: 'attempt-scheduled', at: 4, index: 1, dueAt: 254, reason: 'timer' },
    { type: 'attempt-succeeded', at: 29.5, index: 0, ...synthesised },
    { type: 'connected', at: 29.5, index: 0, ...synthesised },
  ];
  const target = { host: 'v4only.example', port, input: 'v4only.example 80' };
  return wonReport({ target, settings: { ...DNS_SETTINGS, nat64: { prefix: null } }, events, elapsed: 29.7 });
}

/** `--nat64-prefix 64:ff9b::/96` on a dual-stack host: the prefix is known, but IPv4 has a route, so nothing is synthesised. */
export function nat64OptionNotNeeded(): RunReport {
  const port = 80;
  const four = v4('192.0.2.40', port);
  const events: TraceEvent[] = [
    { type: 'nat64-prefix', at: 0.2, source: 'option', prefixes: ['64:ff9b::/96'], error: null },
    { type: 'attempt-started', at: 0.8, index: 0, reason: 'first', ...four },
    { type: 'attempt-scheduled', at: 0.8, index: 1, dueAt: 250.8, reason: 'timer' },
    { type: 'attempt-succeeded', at: 12.4, index: 0, ...four },
    { type: 'connected', at: 12.4, index: 0, ...four },
  ];
  const target = { host: '192.0.2.40', port, input: '192.0.2.40 80' };
  return wonReport({ target, settings: { ...DEFAULT_SETTINGS, nat64: { prefix: '64:ff9b::/96' } }, events, elapsed: 12.5 });
}

/** `--nat64` on an IPv6-only host whose DNS has no DNS64: discovery times out, the IPv4 address has no route. */
export function nat64DiscoveryFailed(): RunReport {
  const port = 80;
  const four = v4('192.0.2.50', port);
  const unreachable = { code: 'ENETUNREACH', message: 'connect ENETUNREACH 192.0.2.50:80 - Local (0.0.0.0:0)' };
  const events: TraceEvent[] = [
    { type: 'nat64-query', at: 0.7, resolver: 'system' },
    {
      type: 'nat64-prefix',
      at: 5000.9,
      source: 'rfc7050',
      prefixes: [],
      error: { code: 'ETIMEOUT', message: 'AAAA query for ipv4only.arpa failed: no answer in time (ETIMEOUT)' },
    },
    { type: 'attempt-started', at: 5001.2, index: 0, reason: 'first', ...four },
    { type: 'attempt-scheduled', at: 5001.2, index: 1, dueAt: 5251.2, reason: 'timer' },
    { type: 'attempt-failed', at: 5001.4, index: 0, error: unreachable, timedOut: false, ...four },
    {
      type: 'failed',
      at: 5001.5,
      error: { code: 'EYEBALL_CONNECT_FAILED', message: `could not connect to 192.0.2.50:80: 192.0.2.50:80 ${unreachable.message}` },
    },
  ];
  const target = { host: '192.0.2.50', port, input: '192.0.2.50 80' };
  return failedReport({ target, settings: { ...DEFAULT_SETTINGS, nat64: { prefix: null } }, events, reason: 'connect', elapsed: 5001.6 });
}

/** An AliasMode record and a ServiceMode one with every parameter eyeball shows. */
export const HTTPS_RECORDS: readonly HttpsRecord[] = [
  serviceRecord({ mode: 'alias', priority: 0, target: 'svc.example.net' }),
  serviceRecord({
    alpn: ['h3', 'h2'],
    noDefaultAlpn: true,
    port: 8443,
    ipv4hint: ['192.0.2.10'],
    ipv6hint: ['2001:db8::10'],
    ech: true,
    mandatory: ['alpn'],
    otherKeys: ['key667'],
  }),
];

/** The DNS server of {@link withHttps}. */
export const HTTPS_SERVER = '192.0.2.53';

/**
 * {@link tlsConnected} with `--resolver dns`: the race asked for HTTPS records first (at 0.05 ms) and the
 * query ended with `end` (answered or failed before the AAAA answer, so the start rule of HEv3 §4.2 held).
 */
export function withHttps(end: TraceEvent): RunReport {
  const report = tlsConnected();
  const events = report.events.map((event) => ('resolver' in event ? { ...event, resolver: 'dns' } : event));
  const query: TraceEvent = { type: 'https-query', at: 0.05, resolver: 'dns', server: HTTPS_SERVER };
  return { ...report, settings: DNS_SETTINGS, events: [query, ...events, end].sort((a, b) => a.at - b.at) };
}

/** Answered with both records (and one malformed record skipped) at 10.05 ms, before AAAA. */
export function httpsAnswered(): RunReport {
  return withHttps({ type: 'https-answer', at: 10.05, records: HTTPS_RECORDS, ttl: 300, malformed: 1 });
}

/**
 * No HTTPS answer: AAAA answered at 11.412 ms, so the Resolution Delay (50 ms) ran out before the first
 * attempt; the query was still out when the race was won, and cancelled then.
 */
export function httpsCancelled(): RunReport {
  const report = withHttps({ type: 'https-cancelled', at: 90.3 });
  const later = (event: TraceEvent): TraceEvent => (event.at > 11.95 && event.type !== 'https-cancelled' ? { ...event, at: event.at + 50 } : event);
  const delay: TraceEvent[] = [
    { type: 'resolution-delay-started', at: 11.412, delay: 50 },
    { type: 'resolution-delay-ended', at: 61.412, reason: 'elapsed' },
  ];
  const events = [...report.events.map(later), ...delay].sort((a, b) => a.at - b.at);
  return wonReport({ ...report, events, elapsed: 90.4 });
}

/** The server said SERVFAIL at 9.8 ms (a negative answer for HEv3 §4.2). */
export function httpsFailed(): RunReport {
  return withHttps({
    type: 'https-error',
    at: 9.8,
    error: { code: 'ESERVFAIL', message: 'HTTPS query for www.example.com failed: the server failed (SERVFAIL) (ESERVFAIL)' },
  });
}

/**
 * An ipv4hint that won: HTTPS answered at 3 ms with `ipv4hint` 192.0.2.10, no AAAA or A answer yet; the
 * delay ran for AAAA, then the hint was tried and connected, and the A and AAAA queries were cancelled.
 */
export function httpsHintWon(): RunReport {
  const hinted: Endpoint = { ...v4('192.0.2.10', 443), fromHint: true };
  const record = serviceRecord({ alpn: ['h2'], ipv4hint: ['192.0.2.10'] });
  const events: TraceEvent[] = [
    { type: 'https-query', at: 0.05, resolver: 'dns', server: HTTPS_SERVER },
    ...queriesSent('dns', 0.088, 0.095),
    { type: 'https-answer', at: 3, records: [record], ttl: 300, malformed: 0 },
    { type: 'resolution-delay-started', at: 3.1, delay: 50 },
    { type: 'addresses-sorted', at: 3.1, addresses: [hinted] },
    { type: 'resolution-delay-ended', at: 53.1, reason: 'elapsed' },
    { type: 'attempt-started', at: 53.2, index: 0, reason: 'first', ...hinted },
    { type: 'attempt-scheduled', at: 53.2, index: 1, dueAt: 303.2, reason: 'timer' },
    { type: 'attempt-succeeded', at: 60.4, index: 0, ...hinted },
    { type: 'connected', at: 60.4, index: 0, ...hinted },
    { type: 'dns-cancelled', at: 60.5, family: 6, recordType: 'AAAA' },
    { type: 'dns-cancelled', at: 60.5, family: 4, recordType: 'A' },
  ];
  return wonReport({ target: { host: 'hint.example', port: 443, input: 'hint.example 443' }, settings: DNS_SETTINGS, events, elapsed: 60.6 });
}

export const TLS_NAT64_SCENARIOS = {
  tlsConnected,
  tlsCertificateRefused,
  tlsInsecureExpired,
  nat64Discovered,
  nat64OptionNotNeeded,
  nat64DiscoveryFailed,
  httpsAnswered,
  httpsHintWon,
  httpsCancelled,
  httpsFailed,
} as const;
