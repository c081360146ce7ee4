import { describe, expect, it } from 'vitest';
import { FIXTURE_TIME_ORIGIN } from './report-builder.js';
import type { RunReport } from '../../../src/cli/report.js';
import { renderJson, toJsonDocument } from '../../../src/cli/render/json.js';
import type { ErrorInfo } from '../../../src/base/error-info.js';
import {
  allRefused,
  blackHoleRescued,
  DEFAULT_SETTINGS,
  dnsFailedBoth,
  HOSTILE,
  hostileStrings,
  interrupted,
  overallTimeout,
  resolutionDelayEndedEarly,
  unreachableThenAttemptTimeout,
} from './fixtures.js';

describe('toJsonDocument', () => {
  it('the demo, field by field', () => {
    expect(toJsonDocument(blackHoleRescued())).toStrictEqual({
      schemaVersion: 1,
      ok: true,
      target: { host: 'demo.eyeball.test', port: 40123 },
      settings: {
        resolver: 'dns',
        dnsServer: '127.0.0.1:53535',
        family: 0,
        attemptDelay: 250,
        resolutionDelay: 50,
        firstAddressFamilyCount: 1,
        timeout: null,
        attemptTimeout: null,
        localAddress: null,
        tls: null,
        nat64: null,
        https: true,
      },
      startedAt: '2026-12-07T18:30:00.123Z',
      timeOrigin: 1_796_668_200_123.25,
      elapsed: 253.018,
      dns: [
        { name: null, type: 'AAAA', resolver: 'dns', startedAt: 0.412, endedAt: 1.874, addresses: ['::1'], ttl: 60, error: null, cancelled: false },
        {
          name: null,
          type: 'A',
          resolver: 'dns',
          startedAt: 0.431,
          endedAt: 2.233,
          addresses: ['127.0.0.1'],
          ttl: 60,
          error: null,
          cancelled: false,
        },
      ],
      attempts: [
        {
          address: '::1',
          family: 6,
          port: 40123,
          startedAt: 2.106,
          endedAt: 252.874,
          outcome: 'cancelled',
          error: null,
          startReason: 'first',
          synthesizedFrom: null,
          fromHint: false,
          service: null,
          tls: null,
        },
        {
          address: '127.0.0.1',
          family: 4,
          port: 40123,
          startedAt: 252.231,
          endedAt: 252.874,
          outcome: 'connected',
          error: null,
          startReason: 'timer',
          synthesizedFrom: null,
          fromHint: false,
          service: null,
          tls: null,
        },
      ],
      winner: { address: '127.0.0.1', family: 4, port: 40123, at: 252.874 },
      error: null,
      resolutionDelay: null,
      nat64: null,
      https: null,
    });
  });

  it('every attempt refused: each attempt failed with its error, no winner, the run error with its reason', () => {
    const document = toJsonDocument(allRefused());
    expect(document.ok).toBe(false);
    expect(document.attempts.map(({ address, outcome, error, startReason }) => [address, outcome, error?.code, startReason])).toEqual([
      ['2001:db8::21', 'failed', 'ECONNREFUSED', 'first'],
      ['192.0.2.21', 'failed', 'ECONNREFUSED', 'previous-failed'],
      ['2001:db8::22', 'failed', 'ECONNREFUSED', 'previous-failed'],
      ['192.0.2.22', 'failed', 'ECONNREFUSED', 'previous-failed'],
    ]);
    expect(document.attempts[0]?.error).toEqual({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 2001:db8::21:8443' });
    expect(document.dns.map((query) => query.addresses)).toEqual([
      ['2001:db8::21', '2001:db8::22'],
      ['192.0.2.21', '192.0.2.22'],
    ]);
    expect(document.winner).toBeNull();
    expect(document.error).toMatchObject({ reason: 'connect', code: 'EYEBALL_CONNECT_FAILED' });
    expect(document.error?.message).toMatch(/^could not connect to down\.example:8443: \[2001:db8::21\]:8443 connect ECONNREFUSED/u);
  });

  it('DNS failure in both families: each query with its code, no attempts', () => {
    const document = toJsonDocument(dnsFailedBoth());
    expect(document.dns).toEqual([
      {
        name: null,
        type: 'AAAA',
        resolver: 'dns',
        startedAt: 0.287,
        endedAt: 5000.412,
        addresses: [],
        ttl: null,
        cancelled: false,
        error: { code: 'ETIMEOUT', message: 'AAAA query for broken.example failed: no answer in time (ETIMEOUT)' },
      },
      {
        name: null,
        type: 'A',
        resolver: 'dns',
        startedAt: 0.305,
        endedAt: 3.318,
        addresses: [],
        ttl: null,
        cancelled: false,
        error: { code: 'ESERVFAIL', message: 'A query for broken.example failed: the server failed (SERVFAIL) (ESERVFAIL)' },
      },
    ]);
    expect(document.attempts).toEqual([]);
    expect(document.error).toMatchObject({ reason: 'dns', code: 'EYEBALL_NO_ADDRESSES' });
    expect(document.elapsed).toBe(5000.61);
  });

  it('overall timeout: the attempts still waiting are cancelled, without an error of their own', () => {
    const document = toJsonDocument(overallTimeout());
    expect(document.attempts.map(({ outcome, error, endedAt }) => [outcome, error, endedAt])).toEqual([
      ['cancelled', null, 1000.208],
      ['cancelled', null, 1000.208],
    ]);
    expect(document.error).toEqual({
      reason: 'timeout',
      code: 'EYEBALL_TIMEOUT',
      message: 'could not connect to blackhole.example:443 within 1000 ms',
    });
    expect(document.settings.timeout).toBe(1000);
  });

  it('interrupted: the pending A query is cancelled, the reason is interrupted', () => {
    const document = toJsonDocument(interrupted());
    expect(document.dns[1]).toEqual({
      name: null,
      type: 'A',
      resolver: 'dns',
      startedAt: 0.32,
      endedAt: 1843.6,
      addresses: [],
      ttl: null,
      error: null,
      cancelled: true,
    });
    expect(document.attempts[0]?.outcome).toBe('cancelled');
    expect(document.error?.reason).toBe('interrupted');
  });

  it('the Resolution Delay: when it started, when and why it ended', () => {
    expect(toJsonDocument(resolutionDelayEndedEarly()).resolutionDelay).toEqual({ startedAt: 10.02, endedAt: 31.61, reason: 'aaaa-answer' });
  });

  it('the attempt timeout is a timeout; an address that arrived late is the start reason', () => {
    const document = toJsonDocument(unreachableThenAttemptTimeout());
    expect(document.attempts.map(({ outcome, startReason, error }) => [outcome, startReason, error?.code])).toEqual([
      ['failed', 'first', 'ENETUNREACH'],
      ['timeout', 'attempt-available', 'EYEBALL_ATTEMPT_TIMEOUT'],
    ]);
    expect(document.settings.attemptTimeout).toBe(400);
  });

  it("the OS's own ETIMEDOUT is a timeout too; a trace cut short reads as cancelled at the end", () => {
    const endpoint = { address: '192.0.2.9', family: 4, port: 80 } as const;
    const report: RunReport = {
      target: { host: '192.0.2.9', port: 80, input: '192.0.2.9:80' },
      settings: DEFAULT_SETTINGS,
      events: [
        { type: 'dns-query', at: 0.1, family: 6, recordType: 'AAAA', resolver: 'system' },
        { type: 'attempt-started', at: 0.2, index: 0, reason: 'first', ...endpoint },
        {
          type: 'attempt-failed',
          at: 130_000.5,
          index: 0,
          error: { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT 192.0.2.9:80' },
          timedOut: false,
          ...endpoint,
        },
        { type: 'attempt-started', at: 130_000.6, index: 1, reason: 'previous-failed', ...endpoint },
      ],
      outcome: { ok: false, reason: 'interrupted', error: { code: 'AbortError', message: 'aborted' } },
      elapsed: 130_001.25,
      timeOrigin: FIXTURE_TIME_ORIGIN,
    };
    const document = toJsonDocument(report);
    expect(document.attempts.map(({ outcome, endedAt }) => [outcome, endedAt])).toEqual([
      ['timeout', 130_000.5],
      ['cancelled', 130_001.25],
    ]);
    expect(document.dns[0]).toMatchObject({ cancelled: true, endedAt: 130_001.25 });
  });

  it('gives the time origin as an ISO 8601 time and as epoch ms rounded to microseconds', () => {
    const document = toJsonDocument({ ...blackHoleRescued(), timeOrigin: Date.UTC(2026, 0, 2, 3, 4, 5, 678) + 0.9014 });
    expect(document.startedAt).toBe('2026-01-02T03:04:05.678Z');
    // What a consumer reads: the shortest decimal of the double, microseconds and no float noise.
    expect(JSON.stringify(document.timeOrigin)).toBe('1767323045678.901');
  });

  it('rounds times to 3 decimals (microseconds) and never writes -0', () => {
    const report = blackHoleRescued();
    const events = report.events.map((event) => (event.type === 'dns-query' && event.family === 6 ? { ...event, at: 0.0001234 } : event));
    const document = toJsonDocument({
      ...report,
      events,
      elapsed: 253.0184999,
      outcome: { ok: true, winner: { address: '127.0.0.1', family: 4, port: 40123, index: 1, at: 252.87351 } },
    });
    expect(document.elapsed).toBe(253.018);
    expect(document.winner?.at).toBe(252.874);
    expect(Object.is(document.dns[0]?.startedAt, 0)).toBe(true);
  });

  it('is its own shape: no extra fields of the report leak into it, nothing is shared', () => {
    const report = allRefused();
    const withExtra = { code: 'ECONNREFUSED', message: 'refused', errno: -111, syscall: 'connect' } as ErrorInfo;
    const events = report.events.map((event) => (event.type === 'attempt-failed' ? { ...event, error: withExtra } : event));
    const document = toJsonDocument({ ...report, events });
    expect(document.attempts[0]?.error).toStrictEqual({ code: 'ECONNREFUSED', message: 'refused' });
    expect(document.attempts[0]?.error).not.toBe(withExtra);
    expect(Object.keys(document.target)).toEqual(['host', 'port']);
  });
});

describe('renderJson', () => {
  it('writes one JSON document and a newline', () => {
    const text = renderJson(blackHoleRescued());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.indexOf('\n}\n')).toBe(text.length - 3);
    expect(JSON.parse(text)).toStrictEqual(toJsonDocument(blackHoleRescued()));
  });

  it('keeps strings from the network as they came, escaped by JSON: no raw control character in the output', () => {
    const text = renderJson(hostileStrings());
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/u);
    expect(text).toContain('\\u001b[2J');
    const document = toJsonDocument(hostileStrings());
    expect(JSON.parse(text)).toStrictEqual(document);
    expect(document.target.host).toBe(HOSTILE.host);
    expect(document.attempts[0]).toMatchObject({ address: HOSTILE.address, error: { code: HOSTILE.code, message: HOSTILE.message } });
    expect(document.dns[0]?.addresses).toEqual([HOSTILE.address]);
  });
});
