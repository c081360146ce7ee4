/**
 * Hand-built runs with the events and times the library produces (see src/connect/happy-eyeballs.ts and
 * src/connect/resolution.ts): both queries go out at once, AAAA first; the first attempt starts once the
 * addresses are sorted; a timer start comes 250 ms (plus a little timer lag) after the previous start; a
 * failure starts the next attempt at once, but never within 10 ms of the previous start; queries still
 * outstanding are cancelled after the outcome; a failed run ends with a `failed` event.
 */
import type { RunReport, RunSettings } from '../../../src/cli/report.js';
import type { TraceEvent } from '../../../src/trace/events.js';
import type { Endpoint } from '../../../src/base/endpoint.js';
import { failedReport, wonReport } from './report-builder.js';

export const DEFAULT_SETTINGS: RunSettings = {
  resolver: 'system',
  dnsServer: null,
  family: 0,
  attemptDelay: 250,
  resolutionDelay: 50,
  firstAddressFamilyCount: 1,
  timeout: null,
  attemptTimeout: null,
  localAddress: null,
};

/** `--resolver dns` with a DNS server of the documentation range. */
export const DNS_SETTINGS: RunSettings = { ...DEFAULT_SETTINGS, resolver: 'dns', dnsServer: '192.0.2.53' };

export function v6(address: string, port: number): Endpoint {
  return { address, family: 6, port };
}

export function v4(address: string, port: number): Endpoint {
  return { address, family: 4, port };
}

/**
 * The AAAA and A queries going out together, AAAA first, as the library sends them: of the host, or of
 * `name` when it is another (an HTTPS record's TargetName).
 */
export function queriesSent(resolver: 'system' | 'dns', aaaaAt: number, aAt: number, name?: string): TraceEvent[] {
  const named = name === undefined ? {} : { name };
  return [
    { type: 'dns-query', at: aaaaAt, family: 6, recordType: 'AAAA', resolver, ...named },
    { type: 'dns-query', at: aAt, family: 4, recordType: 'A', resolver, ...named },
  ];
}

/** The demo: IPv6 (::1) is a black hole, IPv4 answers; Happy Eyeballs starts IPv4 after 250 ms. */
export function blackHoleRescued(): RunReport {
  const port = 40123;
  const six = v6('::1', port);
  const four = v4('127.0.0.1', port);
  const events: TraceEvent[] = [
    ...queriesSent('dns', 0.412, 0.431),
    { type: 'dns-answer', at: 1.874, family: 6, recordType: 'AAAA', addresses: ['::1'], ttl: 60 },
    { type: 'addresses-sorted', at: 2.051, addresses: [six] },
    { type: 'attempt-started', at: 2.106, index: 0, reason: 'first', ...six },
    { type: 'attempt-scheduled', at: 2.106, index: 1, dueAt: 252.106, reason: 'timer' },
    { type: 'dns-answer', at: 2.233, family: 4, recordType: 'A', addresses: ['127.0.0.1'], ttl: 60 },
    { type: 'addresses-sorted', at: 2.398, addresses: [six, four] },
    { type: 'attempt-started', at: 252.231, index: 1, reason: 'timer', ...four },
    { type: 'attempt-scheduled', at: 252.231, index: 2, dueAt: 502.231, reason: 'timer' },
    { type: 'attempt-succeeded', at: 252.874, index: 1, ...four },
    { type: 'attempt-cancelled', at: 252.874, index: 0, reason: 'lost', ...six },
    { type: 'connected', at: 252.874, index: 1, ...four },
  ];
  const target = { host: 'demo.eyeball.test', port, input: 'demo.eyeball.test' };
  return wonReport({ target, settings: { ...DNS_SETTINGS, dnsServer: '127.0.0.1:53535' }, events, elapsed: 253.018 });
}

/** IPv6 answers with a reset (20 ms away): IPv4 starts at once and connects. The user typed a URL. */
export function refusedIpv6(): RunReport {
  const port = 443;
  const six = v6('2001:db8::10', port);
  const four = v4('192.0.2.10', port);
  const events: TraceEvent[] = [
    ...queriesSent('system', 0.088, 0.095),
    { type: 'dns-answer', at: 11.412, family: 6, recordType: 'AAAA', addresses: ['2001:db8::10'], ttl: null },
    { type: 'addresses-sorted', at: 11.53, addresses: [six] },
    { type: 'attempt-started', at: 11.571, index: 0, reason: 'first', ...six },
    { type: 'attempt-scheduled', at: 11.571, index: 1, dueAt: 261.571, reason: 'timer' },
    { type: 'dns-answer', at: 11.902, family: 4, recordType: 'A', addresses: ['192.0.2.10'], ttl: null },
    { type: 'addresses-sorted', at: 12.004, addresses: [six, four] },
    {
      type: 'attempt-failed',
      at: 31.208,
      index: 0,
      error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 2001:db8::10:443' },
      timedOut: false,
      ...six,
    },
    { type: 'attempt-started', at: 31.208, index: 1, reason: 'previous-failed', ...four },
    { type: 'attempt-scheduled', at: 31.208, index: 2, dueAt: 281.208, reason: 'timer' },
    { type: 'attempt-succeeded', at: 51.937, index: 1, ...four },
    { type: 'connected', at: 51.937, index: 1, ...four },
  ];
  return wonReport({
    target: { host: 'www.example.com', port, input: 'https://www.example.com/' },
    settings: DEFAULT_SETTINGS,
    events,
    elapsed: 52.06,
  });
}

/** AAAA says NXDOMAIN (a broken server), A answers: IPv4 only. */
export function aaaaNxdomain(): RunReport {
  const port = 443;
  const four = v4('192.0.2.20', port);
  const events: TraceEvent[] = [
    ...queriesSent('dns', 0.301, 0.322),
    {
      type: 'dns-error',
      at: 14.87,
      family: 6,
      recordType: 'AAAA',
      error: { code: 'ENOTFOUND', message: 'AAAA query for v4only.example failed: no such name (NXDOMAIN) (ENOTFOUND)' },
    },
    { type: 'dns-answer', at: 15.112, family: 4, recordType: 'A', addresses: ['192.0.2.20'], ttl: 3600 },
    { type: 'addresses-sorted', at: 15.24, addresses: [four] },
    { type: 'attempt-started', at: 15.281, index: 0, reason: 'first', ...four },
    { type: 'attempt-scheduled', at: 15.281, index: 1, dueAt: 265.281, reason: 'timer' },
    { type: 'attempt-succeeded', at: 38.904, index: 0, ...four },
    { type: 'connected', at: 38.904, index: 0, ...four },
  ];
  return wonReport({ target: { host: 'v4only.example', port, input: 'v4only.example' }, settings: DNS_SETTINGS, events, elapsed: 39.02 });
}

/** Two addresses per family, every one refused: each failure starts the next attempt at once. */
export function allRefused(): RunReport {
  const port = 8443;
  const [a6, b6] = [v6('2001:db8::21', port), v6('2001:db8::22', port)];
  const [a4, b4] = [v4('192.0.2.21', port), v4('192.0.2.22', port)];
  const refused = (endpoint: Endpoint) => ({
    code: 'ECONNREFUSED',
    message: `connect ECONNREFUSED ${endpoint.address}:${port}`,
  });
  const events: TraceEvent[] = [
    ...queriesSent('system', 0.091, 0.097),
    { type: 'dns-answer', at: 9.833, family: 6, recordType: 'AAAA', addresses: [a6.address, b6.address], ttl: null },
    { type: 'addresses-sorted', at: 9.95, addresses: [a6, b6] },
    { type: 'attempt-started', at: 10.002, index: 0, reason: 'first', ...a6 },
    { type: 'attempt-scheduled', at: 10.002, index: 1, dueAt: 260.002, reason: 'timer' },
    { type: 'dns-answer', at: 10.417, family: 4, recordType: 'A', addresses: [a4.address, b4.address], ttl: null },
    { type: 'addresses-sorted', at: 10.52, addresses: [a6, a4, b6, b4] },
    { type: 'attempt-failed', at: 30.518, index: 0, error: refused(a6), timedOut: false, ...a6 },
    { type: 'attempt-started', at: 30.518, index: 1, reason: 'previous-failed', ...a4 },
    { type: 'attempt-scheduled', at: 30.518, index: 2, dueAt: 280.518, reason: 'timer' },
    { type: 'attempt-failed', at: 50.771, index: 1, error: refused(a4), timedOut: false, ...a4 },
    { type: 'attempt-started', at: 50.771, index: 2, reason: 'previous-failed', ...b6 },
    { type: 'attempt-scheduled', at: 50.771, index: 3, dueAt: 300.771, reason: 'timer' },
    { type: 'attempt-failed', at: 71.02, index: 2, error: refused(b6), timedOut: false, ...b6 },
    { type: 'attempt-started', at: 71.02, index: 3, reason: 'previous-failed', ...b4 },
    { type: 'attempt-scheduled', at: 71.02, index: 4, dueAt: 321.02, reason: 'timer' },
    { type: 'attempt-failed', at: 91.304, index: 3, error: refused(b4), timedOut: false, ...b4 },
    { type: 'failed', at: 91.391, error: CONNECT_FAILED_ALL_REFUSED },
  ];
  const target = { host: 'down.example', port, input: 'down.example:8443' };
  return failedReport({ target, settings: DEFAULT_SETTINGS, events, reason: 'connect', elapsed: 91.455 });
}

const CONNECT_FAILED_ALL_REFUSED = {
  code: 'EYEBALL_CONNECT_FAILED',
  message:
    'could not connect to down.example:8443: [2001:db8::21]:8443 connect ECONNREFUSED 2001:db8::21:8443; ' +
    '192.0.2.21:8443 connect ECONNREFUSED 192.0.2.21:8443; [2001:db8::22]:8443 connect ECONNREFUSED 2001:db8::22:8443; ' +
    '192.0.2.22:8443 connect ECONNREFUSED 192.0.2.22:8443',
};

/** A says SERVFAIL at once, AAAA gets no answer until the 5 s DNS timeout: no address at all. */
export function dnsFailedBoth(): RunReport {
  const error = {
    code: 'EYEBALL_NO_ADDRESSES',
    message:
      'could not resolve broken.example (AAAA: AAAA query for broken.example failed: no answer in time (ETIMEOUT); ' +
      'A: A query for broken.example failed: the server failed (SERVFAIL) (ESERVFAIL))',
  };
  const events: TraceEvent[] = [
    ...queriesSent('dns', 0.287, 0.305),
    {
      type: 'dns-error',
      at: 3.318,
      family: 4,
      recordType: 'A',
      error: { code: 'ESERVFAIL', message: 'A query for broken.example failed: the server failed (SERVFAIL) (ESERVFAIL)' },
    },
    {
      type: 'dns-error',
      at: 5000.412,
      family: 6,
      recordType: 'AAAA',
      error: { code: 'ETIMEOUT', message: 'AAAA query for broken.example failed: no answer in time (ETIMEOUT)' },
    },
    { type: 'failed', at: 5000.501, error },
  ];
  const target = { host: 'broken.example', port: 443, input: 'broken.example' };
  return failedReport({ target, settings: DNS_SETTINGS, events, reason: 'dns', elapsed: 5000.61 });
}

/** Both families are black holes; the overall timeout (1 s) ends the run with both attempts waiting. */
export function overallTimeout(): RunReport {
  const port = 443;
  const six = v6('2001:db8::30', port);
  const four = v4('192.0.2.30', port);
  const error = { code: 'EYEBALL_TIMEOUT', message: 'could not connect to blackhole.example:443 within 1000 ms' };
  const events: TraceEvent[] = [
    ...queriesSent('system', 0.09, 0.1),
    { type: 'dns-answer', at: 18.204, family: 6, recordType: 'AAAA', addresses: ['2001:db8::30'], ttl: null },
    { type: 'addresses-sorted', at: 18.33, addresses: [six] },
    { type: 'attempt-started', at: 18.377, index: 0, reason: 'first', ...six },
    { type: 'attempt-scheduled', at: 18.377, index: 1, dueAt: 268.377, reason: 'timer' },
    { type: 'dns-answer', at: 18.95, family: 4, recordType: 'A', addresses: ['192.0.2.30'], ttl: null },
    { type: 'addresses-sorted', at: 19.06, addresses: [six, four] },
    { type: 'attempt-started', at: 268.512, index: 1, reason: 'timer', ...four },
    { type: 'attempt-scheduled', at: 268.512, index: 2, dueAt: 518.512, reason: 'timer' },
    { type: 'attempt-cancelled', at: 1000.208, index: 0, reason: 'aborted', ...six },
    { type: 'attempt-cancelled', at: 1000.208, index: 1, reason: 'aborted', ...four },
    { type: 'failed', at: 1000.297, error },
  ];
  const target = { host: 'blackhole.example', port, input: 'blackhole.example' };
  return failedReport({ target, settings: { ...DEFAULT_SETTINGS, timeout: 1000 }, events, reason: 'timeout', elapsed: 1000.4 });
}

/** Ctrl-C at 1.8 s: the IPv6 attempt never answered and the A query (a slow server) was still out. */
export function interrupted(): RunReport {
  const port = 443;
  const six = v6('2001:db8::40', port);
  const error = { code: 'AbortError', message: 'This operation was aborted' };
  const events: TraceEvent[] = [
    ...queriesSent('dns', 0.3, 0.32),
    { type: 'dns-answer', at: 12.6, family: 6, recordType: 'AAAA', addresses: ['2001:db8::40'], ttl: 300 },
    { type: 'addresses-sorted', at: 12.71, addresses: [six] },
    { type: 'attempt-started', at: 12.76, index: 0, reason: 'first', ...six },
    { type: 'attempt-scheduled', at: 12.76, index: 1, dueAt: 262.76, reason: 'timer' },
    { type: 'attempt-cancelled', at: 1843.512, index: 0, reason: 'aborted', ...six },
    { type: 'dns-cancelled', at: 1843.6, family: 4, recordType: 'A' },
    { type: 'failed', at: 1843.65, error },
  ];
  const target = { host: 'slow-a.example', port, input: 'slow-a.example' };
  return failedReport({ target, settings: DNS_SETTINGS, events, reason: 'interrupted', elapsed: 1843.7 });
}

/** A answers first; the Resolution Delay (50 ms) waits for AAAA, which comes 21.4 ms later: IPv6 first. */
export function resolutionDelayEndedEarly(): RunReport {
  const port = 443;
  const six = v6('2001:db8::50', port);
  const four = v4('192.0.2.50', port);
  const events: TraceEvent[] = [
    ...queriesSent('dns', 0.29, 0.31),
    { type: 'dns-answer', at: 9.87, family: 4, recordType: 'A', addresses: ['192.0.2.50'], ttl: 300 },
    { type: 'resolution-delay-started', at: 10.02, delay: 50 },
    { type: 'addresses-sorted', at: 10.03, addresses: [four] },
    { type: 'dns-answer', at: 31.44, family: 6, recordType: 'AAAA', addresses: ['2001:db8::50'], ttl: 300 },
    { type: 'resolution-delay-ended', at: 31.61, reason: 'aaaa-answer' },
    { type: 'addresses-sorted', at: 31.62, addresses: [six, four] },
    { type: 'attempt-started', at: 31.66, index: 0, reason: 'first', ...six },
    { type: 'attempt-scheduled', at: 31.66, index: 1, dueAt: 281.66, reason: 'timer' },
    { type: 'attempt-succeeded', at: 52.004, index: 0, ...six },
    { type: 'connected', at: 52.004, index: 0, ...six },
  ];
  return wonReport({ target: { host: 'slow-aaaa.example', port, input: 'slow-aaaa.example' }, settings: DNS_SETTINGS, events, elapsed: 52.1 });
}

/** A answers first and AAAA is slow: after the 50 ms Resolution Delay IPv4 goes ahead; AAAA comes later. */
export function resolutionDelayElapsed(): RunReport {
  const port = 443;
  const six = v6('2001:db8::80', port);
  const four = v4('192.0.2.80', port);
  const events: TraceEvent[] = [
    ...queriesSent('dns', 0.28, 0.3),
    { type: 'dns-answer', at: 8.1, family: 4, recordType: 'A', addresses: ['192.0.2.80'], ttl: 120 },
    { type: 'resolution-delay-started', at: 8.25, delay: 50 },
    { type: 'addresses-sorted', at: 8.3, addresses: [four] },
    { type: 'resolution-delay-ended', at: 58.31, reason: 'elapsed' },
    { type: 'attempt-started', at: 58.35, index: 0, reason: 'first', ...four },
    { type: 'attempt-scheduled', at: 58.35, index: 1, dueAt: 308.35, reason: 'timer' },
    { type: 'dns-answer', at: 75.2, family: 6, recordType: 'AAAA', addresses: ['2001:db8::80'], ttl: 120 },
    { type: 'addresses-sorted', at: 75.4, addresses: [four, six] },
    { type: 'attempt-succeeded', at: 80.1, index: 0, ...four },
    { type: 'connected', at: 80.1, index: 0, ...four },
  ];
  return wonReport({ target: { host: 'slow-aaaa.example', port, input: 'slow-aaaa.example' }, settings: DNS_SETTINGS, events, elapsed: 80.2 });
}

/** A answers first; AAAA comes back empty (NODATA) inside the Resolution Delay: IPv4 at once. */
export function resolutionDelayNoAaaa(): RunReport {
  const port = 443;
  const four = v4('192.0.2.90', port);
  const events: TraceEvent[] = [
    ...queriesSent('dns', 0.27, 0.29),
    { type: 'dns-answer', at: 6.0, family: 4, recordType: 'A', addresses: ['192.0.2.90'], ttl: 600 },
    { type: 'resolution-delay-started', at: 6.1, delay: 50 },
    { type: 'addresses-sorted', at: 6.15, addresses: [four] },
    { type: 'dns-answer', at: 12.4, family: 6, recordType: 'AAAA', addresses: [], ttl: null },
    { type: 'resolution-delay-ended', at: 12.5, reason: 'aaaa-negative' },
    { type: 'attempt-started', at: 12.6, index: 0, reason: 'first', ...four },
    { type: 'attempt-scheduled', at: 12.6, index: 1, dueAt: 262.6, reason: 'timer' },
    { type: 'attempt-succeeded', at: 30.0, index: 0, ...four },
    { type: 'connected', at: 30.0, index: 0, ...four },
  ];
  return wonReport({ target: { host: 'v4only.example', port, input: 'v4only.example' }, settings: DNS_SETTINGS, events, elapsed: 30.1 });
}

/** The happy path: IPv6 connects at once; the A query, still out, is cancelled. */
export function ipv6FirstTry(): RunReport {
  const port = 443;
  const six = v6('2001:db8::60', port);
  const events: TraceEvent[] = [
    ...queriesSent('system', 0.08, 0.09),
    { type: 'dns-answer', at: 4.41, family: 6, recordType: 'AAAA', addresses: ['2001:db8::60'], ttl: null },
    { type: 'addresses-sorted', at: 4.52, addresses: [six] },
    { type: 'attempt-started', at: 4.56, index: 0, reason: 'first', ...six },
    { type: 'attempt-scheduled', at: 4.56, index: 1, dueAt: 254.56, reason: 'timer' },
    { type: 'attempt-succeeded', at: 24.93, index: 0, ...six },
    { type: 'connected', at: 24.93, index: 0, ...six },
    { type: 'dns-cancelled', at: 24.98, family: 4, recordType: 'A' },
  ];
  return wonReport({ target: { host: 'v6.example', port, input: 'v6.example' }, settings: DEFAULT_SETTINGS, events, elapsed: 25.05 });
}

/**
 * IPv6 has no route (ENETUNREACH at once); the A answer comes later and starts IPv4 the moment it
 * arrives, which then runs out of its 400 ms attempt timeout.
 */
export function unreachableThenAttemptTimeout(): RunReport {
  const port = 443;
  const six = v6('2001:db8::70', port);
  const four = v4('192.0.2.70', port);
  const error = {
    code: 'EYEBALL_CONNECT_FAILED',
    message:
      'could not connect to partial.example:443: [2001:db8::70]:443 connect ENETUNREACH 2001:db8::70:443 - Local (:::0); ' +
      '192.0.2.70:443 no answer from 192.0.2.70:443 within 400 ms (EYEBALL_ATTEMPT_TIMEOUT)',
  };
  const events: TraceEvent[] = [
    ...queriesSent('system', 0.08, 0.09),
    { type: 'dns-answer', at: 5.1, family: 6, recordType: 'AAAA', addresses: ['2001:db8::70'], ttl: null },
    { type: 'addresses-sorted', at: 5.17, addresses: [six] },
    { type: 'attempt-started', at: 5.2, index: 0, reason: 'first', ...six },
    { type: 'attempt-scheduled', at: 5.2, index: 1, dueAt: 255.2, reason: 'timer' },
    {
      type: 'attempt-failed',
      at: 5.31,
      index: 0,
      error: { code: 'ENETUNREACH', message: 'connect ENETUNREACH 2001:db8::70:443 - Local (:::0)' },
      timedOut: false,
      ...six,
    },
    { type: 'dns-answer', at: 19.8, family: 4, recordType: 'A', addresses: ['192.0.2.70'], ttl: null },
    { type: 'addresses-sorted', at: 19.9, addresses: [six, four] },
    { type: 'attempt-started', at: 19.93, index: 1, reason: 'attempt-available', ...four },
    { type: 'attempt-scheduled', at: 19.93, index: 2, dueAt: 269.93, reason: 'timer' },
    {
      type: 'attempt-failed',
      at: 419.96,
      index: 1,
      error: { code: 'EYEBALL_ATTEMPT_TIMEOUT', message: 'no answer from 192.0.2.70:443 within 400 ms' },
      timedOut: true,
      ...four,
    },
    { type: 'failed', at: 420.05, error },
  ];
  const target = { host: 'partial.example', port, input: 'partial.example' };
  return failedReport({ target, settings: { ...DEFAULT_SETTINGS, attemptTimeout: 400 }, events, reason: 'connect', elapsed: 420.12 });
}

/** Every scenario, by name, for tests that go through all of them. */
export const SCENARIOS = {
  blackHoleRescued,
  refusedIpv6,
  aaaaNxdomain,
  allRefused,
  dnsFailedBoth,
  overallTimeout,
  interrupted,
  resolutionDelayEndedEarly,
  resolutionDelayElapsed,
  resolutionDelayNoAaaa,
  ipv6FirstTry,
  unreachableThenAttemptTimeout,
} as const;

/** Escape sequences and control characters where the network or the user could put them. */
export const HOSTILE = {
  host: 'evil\u001b]0;pwned\u0007.example',
  address: '2001:db8::66\u001b[2J\u001b[H',
  message: 'protocol error\r\u001b[31mFAKE OK\u001b[0m\u0007\u0000',
  code: 'EPROTO\u001b[1A',
} as const;

/** {@link refusedIpv6} with hostile strings in the host, a DNS answer, an attempt's address and its error. */
export function hostileStrings(): RunReport {
  const base = refusedIpv6();
  const error = { code: HOSTILE.code, message: HOSTILE.message };
  const events = base.events.map((event): TraceEvent => {
    if (event.type === 'dns-answer' && event.family === 6) return { ...event, addresses: [HOSTILE.address] };
    if (event.type === 'attempt-failed') return { ...event, address: HOSTILE.address, error };
    if (event.type === 'attempt-started' && event.family === 6) return { ...event, address: HOSTILE.address };
    return event;
  });
  return { ...base, target: { ...base.target, host: HOSTILE.host, input: HOSTILE.host }, events };
}
