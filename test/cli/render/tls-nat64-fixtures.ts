/**
 * Hand-built runs with TLS, NAT64 and HTTPS records, with the events and times the library produces (see
 * src/connect/connect-tls.ts and src/connect/nat64-synthesis.ts): a TLS attempt reports `tls-handshake`
 * when its handshake ends and then succeeds or fails; a prefix from the option is reported at the start,
 * a discovered one after the `ipv4only.arpa` query; a synthesised endpoint carries `synthesizedFrom`.
 */
import type { HttpsLookup, RunReport, RunSettings } from '../../../src/cli/report.js';
import { DEFAULT_TLS_REQUEST } from '../../../src/cli/tls-settings.js';
import type { HttpsRecord } from '../../../src/dns/https-query.js';
import type { CertificateInfo, Endpoint, TraceEvent } from '../../../src/trace/events.js';
import { serviceRecord } from '../../helpers/fake-network.js';
import { DEFAULT_SETTINGS, v4, v6 } from './fixtures.js';

const DNS_SETTINGS: RunSettings = { ...DEFAULT_SETTINGS, resolver: 'dns', dnsServer: '192.0.2.53' };

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

/** `eyeball https://www.example.com/`: TLS by default; IPv6 connects, its handshake takes 18.4 ms. */
export function tlsConnected(): RunReport {
  const port = 443;
  const six = v6('2001:db8::10', port);
  const events: TraceEvent[] = [
    { type: 'dns-query', at: 0.088, family: 6, recordType: 'AAAA', resolver: 'system' },
    { type: 'dns-query', at: 0.095, family: 4, recordType: 'A', resolver: 'system' },
    { type: 'dns-answer', at: 11.412, family: 6, recordType: 'AAAA', addresses: ['2001:db8::10'], ttl: null },
    { type: 'addresses-sorted', at: 11.53, addresses: [six] },
    { type: 'attempt-started', at: 11.571, index: 0, reason: 'first', ...six },
    { type: 'attempt-scheduled', at: 11.571, index: 1, dueAt: 261.571, reason: 'timer' },
    { type: 'dns-answer', at: 11.902, family: 4, recordType: 'A', addresses: ['192.0.2.10'], ttl: null },
    { type: 'addresses-sorted', at: 12.004, addresses: [six, v4('192.0.2.10', port)] },
    handshake(six, 0, 40.2, 18.4, {}),
    { type: 'attempt-succeeded', at: 40.25, index: 0, ...six },
    { type: 'connected', at: 40.25, index: 0, ...six },
  ];
  return {
    target: { host: 'www.example.com', port, input: 'https://www.example.com/', scheme: 'https' },
    settings: DEFAULT_SETTINGS,
    events,
    outcome: { ok: true, winner: { ...six, index: 0, at: 40.25 } },
    elapsed: 40.4,
  };
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
    { type: 'dns-query', at: 0.2, family: 6, recordType: 'AAAA', resolver: 'system' },
    { type: 'dns-query', at: 0.21, family: 4, recordType: 'A', resolver: 'system' },
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
  return {
    target: { host: 'tls.example', port, input: 'tls.example:8443' },
    settings: { ...DEFAULT_SETTINGS, tls: { ...DEFAULT_TLS_REQUEST, mode: 'on', caFile: 'ca.pem', ca: '-----BEGIN CERTIFICATE-----\n' } },
    events,
    outcome: {
      ok: false,
      reason: 'connect',
      error: { code: 'EYEBALL_CONNECT_FAILED', message: `could not connect to tls.example:8443: ${refusedError.message}; ${plainError.message}` },
    },
    elapsed: 31.8,
  };
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
  return {
    target: { host: '192.0.2.30', port, input: '192.0.2.30:8443' },
    settings: { ...DEFAULT_SETTINGS, tls: { ...DEFAULT_TLS_REQUEST, mode: 'on', alpn: ['h2'], verify: false } },
    events,
    outcome: { ok: true, winner: { ...four, index: 0, at: 14.9 } },
    elapsed: 15,
  };
}

/** An IPv6-only host with `--nat64`: the prefix is discovered (RFC 7050), the A answer synthesised and connected. */
export function nat64Discovered(): RunReport {
  const port = 80;
  const synthesised: Endpoint = { address: '64:ff9b::c000:201', family: 6, port, synthesizedFrom: { address: '192.0.2.1', prefix: '64:ff9b::/96' } };
  const events: TraceEvent[] = [
    { type: 'dns-query', at: 0.3, family: 6, recordType: 'AAAA', resolver: 'dns' },
    { type: 'dns-query', at: 0.31, family: 4, recordType: 'A', resolver: 'dns' },
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
  return {
    target: { host: 'v4only.example', port, input: 'v4only.example 80' },
    settings: { ...DNS_SETTINGS, nat64: { prefix: null } },
    events,
    outcome: { ok: true, winner: { address: synthesised.address, family: 6, port, index: 0, at: 29.5 } },
    elapsed: 29.7,
  };
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
  return {
    target: { host: '192.0.2.40', port, input: '192.0.2.40 80' },
    settings: { ...DEFAULT_SETTINGS, nat64: { prefix: '64:ff9b::/96' } },
    events,
    outcome: { ok: true, winner: { ...four, index: 0, at: 12.4 } },
    elapsed: 12.5,
  };
}

/** `--nat64` on an IPv6-only host whose DNS has no DNS64: discovery times out, the IPv4 address has no route. */
export function nat64DiscoveryFailed(): RunReport {
  const port = 80;
  const four = v4('192.0.2.50', port);
  const unreachable = { code: 'ENETUNREACH', message: 'connect ENETUNREACH 192.0.2.50:80 - Local (0.0.0.0:0)' };
  const events: TraceEvent[] = [
    { type: 'nat64-query', at: 0.7, resolver: 'system' },
    { type: 'nat64-prefix', at: 5000.9, source: 'rfc7050', prefixes: [], error: { code: 'ETIMEOUT', message: 'AAAA query for ipv4only.arpa failed: no answer in time (ETIMEOUT)' } },
    { type: 'attempt-started', at: 5001.2, index: 0, reason: 'first', ...four },
    { type: 'attempt-scheduled', at: 5001.2, index: 1, dueAt: 5251.2, reason: 'timer' },
    { type: 'attempt-failed', at: 5001.4, index: 0, error: unreachable, timedOut: false, ...four },
    { type: 'failed', at: 5001.5, error: { code: 'EYEBALL_CONNECT_FAILED', message: `could not connect to 192.0.2.50:80: 192.0.2.50:80 ${unreachable.message}` } },
  ];
  return {
    target: { host: '192.0.2.50', port, input: '192.0.2.50 80' },
    settings: { ...DEFAULT_SETTINGS, nat64: { prefix: null } },
    events,
    outcome: {
      ok: false,
      reason: 'connect',
      error: { code: 'EYEBALL_CONNECT_FAILED', message: `could not connect to 192.0.2.50:80: 192.0.2.50:80 ${unreachable.message}` },
    },
    elapsed: 5001.6,
  };
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

/** {@link tlsConnected} with `--resolver dns`, and the HTTPS query made alongside. */
export function withHttps(https: HttpsLookup): RunReport {
  const report = tlsConnected();
  const events = report.events.map((event) => ('resolver' in event ? { ...event, resolver: 'dns' } : event));
  return { ...report, settings: DNS_SETTINGS, events, https };
}

/** Answered with both records (and one malformed record skipped) before the race ended. */
export function httpsAnswered(): RunReport {
  return withHttps({
    server: '192.0.2.53',
    startedAt: 0.05,
    endedAt: 12.6,
    answer: { records: HTTPS_RECORDS, ttl: 300, malformed: 1 },
    error: null,
    cancelled: false,
  });
}

/** No answer within the grace after the race: cancelled. */
export function httpsCancelled(): RunReport {
  return withHttps({ server: '192.0.2.53', startedAt: 0.05, endedAt: 90.4, answer: null, error: null, cancelled: true });
}

/** The server said SERVFAIL. */
export function httpsFailed(): RunReport {
  return withHttps({
    server: '192.0.2.53',
    startedAt: 0.05,
    endedAt: 9.8,
    answer: null,
    error: { code: 'ESERVFAIL', message: 'HTTPS query for www.example.com failed: the server failed (SERVFAIL) (ESERVFAIL)' },
    cancelled: false,
  });
}

export const TLS_NAT64_SCENARIOS = {
  tlsConnected,
  tlsCertificateRefused,
  tlsInsecureExpired,
  nat64Discovered,
  nat64OptionNotNeeded,
  nat64DiscoveryFailed,
  httpsAnswered,
  httpsCancelled,
  httpsFailed,
} as const;
