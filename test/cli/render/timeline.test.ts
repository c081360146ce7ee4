import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/cli/report.js';
import { buildTimeline } from '../../../src/cli/render/timeline.js';
import {
  blackHoleRescued,
  DEFAULT_SETTINGS,
  interrupted,
  refusedIpv6,
  resolutionDelayEndedEarly,
  unreachableThenAttemptTimeout,
} from './fixtures.js';
import { FIXTURE_TIME_ORIGIN, wonReport } from './report-builder.js';

describe('buildTimeline', () => {
  it('the demo: two answered queries, the black-holed attempt overtaken at 252.231 and cancelled when #1 won', () => {
    const timeline = buildTimeline(blackHoleRescued());
    expect(timeline.queries).toEqual([
      {
        name: null,
        recordType: 'AAAA',
        family: 6,
        resolver: 'dns',
        startedAt: 0.412,
        endedAt: 1.874,
        state: 'answered',
        addresses: ['::1'],
        ttl: 60,
        error: null,
      },
      {
        name: null,
        recordType: 'A',
        family: 4,
        resolver: 'dns',
        startedAt: 0.431,
        endedAt: 2.233,
        state: 'answered',
        addresses: ['127.0.0.1'],
        ttl: 60,
        error: null,
      },
    ]);
    expect(timeline.attempts).toEqual([
      {
        index: 0,
        address: '::1',
        family: 6,
        port: 40123,
        startReason: 'first',
        startedAt: 2.106,
        endedAt: 252.874,
        state: 'lost',
        error: null,
        overtakenAt: 252.231,
        disposedAt: null,
        tls: null,
      },
      {
        index: 1,
        address: '127.0.0.1',
        family: 4,
        port: 40123,
        startReason: 'timer',
        startedAt: 252.231,
        endedAt: 252.874,
        state: 'connected',
        error: null,
        overtakenAt: null,
        disposedAt: null,
        tls: null,
      },
    ]);
    expect(timeline.winner).toBe(timeline.attempts[1]);
    expect(timeline.resolutionDelay).toBeNull();
    expect(timeline.end).toBe(253.018);
  });

  it('a failure is not an overtaking: the next attempt started because #0 failed', () => {
    const [first, second] = buildTimeline(refusedIpv6()).attempts;
    expect(first).toMatchObject({
      state: 'failed',
      endedAt: 31.208,
      overtakenAt: null,
      error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 2001:db8::10:443' },
    });
    expect(second).toMatchObject({ startReason: 'previous-failed', state: 'connected' });
  });

  it('keeps the attempt timeout apart from other failures', () => {
    const states = buildTimeline(unreachableThenAttemptTimeout()).attempts.map((attempt) => [attempt.state, attempt.startReason]);
    expect(states).toEqual([
      ['failed', 'first'],
      ['timeout', 'attempt-available'],
    ]);
  });

  it('the Resolution Delay with its start, end and why it ended', () => {
    expect(buildTimeline(resolutionDelayEndedEarly()).resolutionDelay).toEqual({
      startedAt: 10.02,
      delay: 50,
      endedAt: 31.61,
      reason: 'aaaa-answer',
    });
  });

  it('an interrupted run: the pending A query is cancelled, the attempt aborted, nothing won', () => {
    const timeline = buildTimeline(interrupted());
    expect(timeline.queries.map((query) => [query.recordType, query.state, query.endedAt])).toEqual([
      ['AAAA', 'answered', 12.6],
      ['A', 'cancelled', 1843.6],
    ]);
    expect(timeline.attempts.map((attempt) => [attempt.state, attempt.endedAt])).toEqual([['aborted', 1843.512]]);
    expect(timeline.winner).toBeNull();
  });

  it('a trace cut short: what never ended is unfinished and ends with the run', () => {
    const endpoint = { address: '2001:db8::1', family: 6, port: 443 } as const;
    const report: RunReport = {
      target: { host: 'cut.example', port: 443, input: 'cut.example' },
      settings: DEFAULT_SETTINGS,
      events: [
        { type: 'dns-query', at: 0.1, family: 6, recordType: 'AAAA', resolver: 'system' },
        { type: 'dns-query', at: 0.2, family: 4, recordType: 'A', resolver: 'system' },
        { type: 'dns-answer', at: 3, family: 6, recordType: 'AAAA', addresses: ['2001:db8::1'], ttl: null },
        { type: 'resolution-delay-started', at: 3.5, delay: 50 },
        { type: 'attempt-started', at: 4, index: 0, reason: 'first', ...endpoint },
      ],
      outcome: { ok: false, reason: 'interrupted', error: { code: 'AbortError', message: 'aborted' } },
      elapsed: 80,
      timeOrigin: FIXTURE_TIME_ORIGIN,
    };
    const timeline = buildTimeline(report);
    expect(timeline.queries[1]).toMatchObject({ state: 'unfinished', endedAt: 80 });
    expect(timeline.attempts[0]).toMatchObject({ state: 'unfinished', endedAt: 80 });
    expect(timeline.resolutionDelay).toEqual({ startedAt: 3.5, delay: 50, endedAt: null, reason: null });
  });

  it('an attempt that connected after losing keeps when its socket was closed', () => {
    const six = { address: '2001:db8::1', family: 6, port: 443 } as const;
    const four = { address: '192.0.2.1', family: 4, port: 443 } as const;
    const report = wonReport({
      target: { host: 'late.example', port: 443, input: 'late.example' },
      settings: DEFAULT_SETTINGS,
      events: [
        { type: 'attempt-started', at: 1, index: 0, reason: 'first', ...six },
        { type: 'attempt-started', at: 251.2, index: 1, reason: 'timer', ...four },
        { type: 'attempt-succeeded', at: 270, index: 1, ...four },
        { type: 'attempt-cancelled', at: 270, index: 0, reason: 'lost', ...six },
        { type: 'connected', at: 270, index: 1, ...four },
        { type: 'attempt-disposed', at: 270.4, index: 0, ...six },
      ],
      elapsed: 270.5,
    });
    expect(buildTimeline(report).attempts[0]).toMatchObject({ state: 'lost', endedAt: 270, overtakenAt: 251.2, disposedAt: 270.4 });
  });

  it('the time axis reaches the last event even if it came after `elapsed`', () => {
    const report = { ...blackHoleRescued(), elapsed: 100 };
    expect(buildTimeline(report).end).toBe(252.874);
  });
});
