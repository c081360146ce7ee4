import { describe, expect, it } from 'vitest';
import type { StrategyEvent } from '../../../src/cli/compare/strategy-events.js';
import { describeStrategyError, describeStrategyEvent, describeTraceEvent, timedLine } from '../../../src/cli/render/event-line.js';
import type { TraceEvent } from '../../../src/trace/events.js';
import { blackHoleRescued } from './fixtures.js';
import { nat64Discovered, tlsCertificateRefused, tlsConnected } from './tls-nat64-fixtures.js';

const six = { address: '::1', family: 6 as const, port: 443 };
const four = { address: '127.0.0.1', family: 4 as const, port: 443 };

describe('timedLine', () => {
  it('right-aligns the time so that lines up', () => {
    expect(timedLine(2.106, 'x')).toBe('    2.1 ms  x');
    expect(timedLine(1250, 'y')).toBe('    1.25 s  y');
  });
});

describe('describeTraceEvent', () => {
  it('a query of the system resolver was asked of the OS; only the dns resolver sends one itself', () => {
    expect(describeTraceEvent({ type: 'dns-query', at: 0.4, family: 6, recordType: 'AAAA', resolver: 'system' })).toBe(
      'AAAA: asked the OS (system resolver)',
    );
    expect(describeTraceEvent({ type: 'dns-query', at: 0.4, family: 4, recordType: 'A', resolver: 'dns' })).toBe('A query sent (dns resolver)');
  });

  it('the demo race, line by line (the schedule is left out)', () => {
    const lines = blackHoleRescued().events.map((event) => describeTraceEvent(event));
    expect(lines).toEqual([
      'AAAA query sent (dns resolver)',
      'A query sent (dns resolver)',
      'AAAA answered: ::1 (TTL 60 s)',
      'order: ::1',
      '#0 ::1 (IPv6) started',
      null,
      'A answered: 127.0.0.1 (TTL 60 s)',
      'order: ::1, 127.0.0.1',
      '#1 127.0.0.1 (IPv4) started (attempt delay passed)',
      null,
      '#1 127.0.0.1 connected',
      '#0 ::1 cancelled: another attempt won',
      'connected to 127.0.0.1 (IPv4)',
    ]);
  });

  it.each<[TraceEvent, string]>([
    [{ type: 'dns-answer', at: 1, family: 6, recordType: 'AAAA', addresses: [], ttl: null }, 'AAAA: no records'],
    [
      { type: 'dns-error', at: 1, family: 4, recordType: 'A', error: { code: 'ESERVFAIL', message: 'x' } },
      'A failed: the server failed (SERVFAIL, ESERVFAIL)',
    ],
    [{ type: 'resolution-delay-started', at: 1, delay: 50 }, 'A answered first: waiting up to 50 ms for AAAA'],
    [{ type: 'resolution-delay-ended', at: 1, reason: 'elapsed' }, 'resolution delay over: it ran out, IPv4 goes ahead'],
    [
      { type: 'attempt-failed', at: 1, index: 2, error: { code: 'EYEBALL_ATTEMPT_TIMEOUT', message: 'x' }, timedOut: true, ...four },
      '#2 127.0.0.1 timed out (attempt timeout)',
    ],
    [{ type: 'attempt-started', at: 1, index: 1, reason: 'previous-failed', ...four }, '#1 127.0.0.1 (IPv4) started (the previous attempt failed)'],
    [{ type: 'attempt-cancelled', at: 1, index: 0, reason: 'aborted', ...six }, '#0 ::1 cancelled: the run ended'],
    [{ type: 'failed', at: 1, error: { code: 'EYEBALL_TIMEOUT', message: 'x' } }, 'failed: EYEBALL_TIMEOUT'],
  ])('%j', (event, expected) => {
    expect(describeTraceEvent(event)).toBe(expected);
  });
});

describe('describeTraceEvent: TLS and NAT64', () => {
  it('the TLS race with a refused certificate and a failed handshake, line by line', () => {
    const lines = tlsCertificateRefused().events.map((event) => describeTraceEvent(event));
    expect(lines.slice(8)).toEqual([
      '#0 2001:db8::20 certificate refused: the certificate is self-signed and not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)',
      '#0 2001:db8::20 failed: TLS',
      '#1 192.0.2.20 (IPv4) started (the previous attempt failed)',
      null,
      '#1 192.0.2.20 TLS handshake failed: the server did not answer with TLS (ERR_SSL_WRONG_VERSION_NUMBER)',
      '#1 192.0.2.20 failed: TLS',
      'failed: EYEBALL_CONNECT_FAILED',
    ]);
  });

  it('a synthesised address starts with where it came from; the prefix is announced', () => {
    const lines = nat64Discovered().events.map((event) => describeTraceEvent(event));
    expect(lines).toContain('NAT64 prefix query sent (dns resolver)');
    expect(lines).toContain('NAT64 prefix: 64:ff9b::/96');
    expect(lines).toContain('#0 64:ff9b::c000:201 (IPv6, NAT64 of 192.0.2.1 via 64:ff9b::/96) started');
    expect(lines).toContain('#0 64:ff9b::c000:201 connected');
  });

  it('a handshake that succeeded', () => {
    const handshake = tlsConnected().events.find((event) => event.type === 'tls-handshake');
    expect(handshake && describeTraceEvent(handshake)).toBe('#0 2001:db8::10 TLS handshake done in 18.4 ms (TLSv1.3)');
  });
});

describe('describeStrategyEvent', () => {
  it.each<[StrategyEvent, string]>([
    [{ type: 'lookup-started', at: 0, hostname: 'x.test' }, 'lookup of x.test'],
    [
      {
        type: 'lookup-answered',
        at: 1,
        addresses: [
          { address: '::1', family: 6 },
          { address: '127.0.0.1', family: 4 },
        ],
      },
      'lookup answered: ::1, 127.0.0.1',
    ],
    [{ type: 'lookup-answered', at: 1, addresses: [] }, 'lookup answered with no address'],
    [{ type: 'lookup-failed', at: 1, error: { code: 'ENOTFOUND', message: 'x' } }, 'lookup failed: no such name (NXDOMAIN, ENOTFOUND)'],
    [{ type: 'attempt-abandoned', at: 251, index: 0, after: 250.04, ...six }, "#0 ::1 abandoned after 250 ms (Node's attempt timeout)"],
    [{ type: 'attempt-cancelled', at: 9, index: 0, ...six }, '#0 ::1 still connecting when the run ended'],
    [{ type: 'attempt-failed', at: 9, index: 1, error: { code: 'ECONNREFUSED', message: 'x' }, ...four }, '#1 127.0.0.1 refused (ECONNREFUSED)'],
  ])('%j', (event, expected) => {
    expect(describeStrategyEvent(event)).toBe(expected);
  });
});

describe('describeStrategyError', () => {
  it("Node's AggregateError: the empty message said, and what hides inside", () => {
    expect(
      describeStrategyError({
        name: 'AggregateError',
        code: 'ETIMEDOUT',
        message: '',
        errors: [
          { code: 'ETIMEDOUT', message: 'a' },
          { code: 'ECONNREFUSED', message: 'b' },
        ],
      }),
    ).toBe('AggregateError with an empty message (errors: ETIMEDOUT, ECONNREFUSED)');
  });

  it('an error with a message keeps it and adds the code once', () => {
    expect(describeStrategyError({ name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1', errors: [] })).toBe(
      'connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(
      describeStrategyError({ name: 'ConnectTimeoutError', code: 'EYEBALL_TIMEOUT', message: 'could not connect within 5 ms', errors: [] }),
    ).toBe('could not connect within 5 ms (EYEBALL_TIMEOUT)');
  });
});
