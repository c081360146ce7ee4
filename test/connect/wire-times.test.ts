/*
 * Where the trace takes its times, on virtual time: an attempt starts when its connector says the connect
 * was issued (`reportsConnectIssued`), not when the race called the connector; a DNS query is dated when
 * the resolver says it asked (`reportsAskedAt`), and an answer when the resolver says it arrived
 * (`receivedAt`), not when the flow got to them. t = 0 is the call.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkConnectOptions } from '../../src/connect/connect.js';
import { type ConnectEndpointOptions, happyEyeballs } from '../../src/connect/happy-eyeballs.js';
import type { FamilyResolver, ResolveAnswer } from '../../src/dns/resolver.js';
import { DnsQueryError } from '../../src/errors/dns-query-error.js';
import { HttpsQueryError } from '../../src/errors/https-query-error.js';
import type { Endpoint } from '../../src/base/endpoint.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { capture, FakeClock } from '../helpers/fake-clock.js';

const a1 = '2001:db8::1';
const a2 = '2001:db8::2';
const b1 = '192.0.2.1';

interface Plan {
  /** Virtual ms after its call at which each connector issues its connect, or fails before issuing it. */
  readonly issueAfter: number | 'fails-first';
  /** Virtual ms after the issue at which the connection is made. */
  readonly connectAfter: number;
  /** How much earlier than its delivery the resolver says the AAAA answer arrived, in ms; none: it does not say. */
  readonly answerAge?: number;
  /** Virtual ms after the call at which the resolver says it asked (`reportsAskedAt`); none: it does not say. */
  readonly askedAfter?: number;
  /** The AAAA answer's addresses. @default [a1] */
  readonly aaaa?: readonly string[];
  /** The AAAA query fails (SERVFAIL) instead, its error saying its answer arrived this many ms before its delivery (null: not saying). */
  readonly aaaaFailsWithAge?: number | null;
}

afterEach(() => vi.restoreAllMocks());

async function run(plan: Plan): Promise<{ events: TraceEvent[]; clock: FakeClock }> {
  const clock = new FakeClock();
  // performance.now() stands still, so an answer's age is exact.
  const realNow = 1000;
  vi.spyOn(performance, 'now').mockReturnValue(realNow);
  const answerAt = (family: 4 | 6): Promise<ResolveAnswer> =>
    new Promise((resolve, reject) =>
      clock.setTimeout(
        () => {
          const failAge = plan.aaaaFailsWithAge;
          if (family === 6 && failAge !== undefined) {
            reject(new DnsQueryError('dual.example', 6, 'ESERVFAIL', failAge === null ? {} : { receivedAt: realNow - failAge }));
            return;
          }
          const answer = { addresses: family === 6 ? (plan.aaaa ?? [a1]) : [b1], ttl: 60 };
          resolve(family === 6 && plan.answerAge !== undefined ? { ...answer, receivedAt: realNow - plan.answerAge } : answer);
        },
        family === 6 ? 20 : 30,
      ),
    );
  const resolver: FamilyResolver = {
    name: 'fake',
    resolve: (_name, family, _signal, onAsked) => {
      const { askedAfter } = plan;
      // Said at the answer: asked `askedAfter` ms after the call, in performance.now() terms.
      if (askedAfter !== undefined) clock.setTimeout(() => onAsked?.(realNow - (clock.now() - askedAfter)), 10);
      return answerAt(family);
    },
    ...(plan.askedAfter === undefined ? {} : { reportsAskedAt: true }),
  };
  const connectEndpoint = (endpoint: Endpoint, options: ConnectEndpointOptions): Promise<string> =>
    new Promise((resolve, reject) => {
      if (plan.issueAfter === 'fails-first') {
        clock.setTimeout(() => reject(Object.assign(new Error('bind EADDRNOTAVAIL'), { code: 'EADDRNOTAVAIL' })), 1);
        return;
      }
      clock.setTimeout(() => {
        options.onConnectIssued?.();
        clock.setTimeout(() => resolve(endpoint.address), plan.connectAfter);
      }, plan.issueAfter);
    });
  const events: TraceEvent[] = [];
  const settings = checkConnectOptions({ host: 'dual.example', port: 443, onEvent: (event) => events.push(event) });
  capture(
    happyEyeballs(settings, {
      resolver,
      findSources: (destinations, family) => Promise.resolve(destinations.map(() => (family === 6 ? '2001:db8:ffff::100' : '198.51.100.100'))),
      connectEndpoint,
      dispose: () => {},
      clock,
      reportsConnectIssued: true,
    }),
  );
  await clock.run();
  return { events, clock };
}

const timeline = (events: readonly TraceEvent[]): string[] =>
  events.filter((event) => event.type.startsWith('attempt') || event.type === 'connected').map((event) => `${event.at} ${event.type}`);

describe('trace times at the wire', () => {
  it('an attempt starts when its connector issued the connect, not when the race called it', async () => {
    const { events } = await run({ issueAfter: 3, connectAfter: 5 });
    expect(timeline(events)).toEqual(['23 attempt-started', '28 attempt-succeeded', '28 connected']);
  });

  it('the next start, scheduled in the same step, is traced after the start it waits for', async () => {
    const { events } = await run({ issueAfter: 3, connectAfter: 5, aaaa: [a1, a2] });
    expect(timeline(events)).toEqual(['23 attempt-started', '23 attempt-scheduled', '28 attempt-succeeded', '28 connected']);
    expect(events.find((event) => event.type === 'attempt-scheduled')).toMatchObject({ index: 1, dueAt: 270 });
  });

  it('a connector that fails before issuing: the start is traced at the race time, before the failure', async () => {
    const { events } = await run({ issueAfter: 'fails-first', connectAfter: 0 });
    expect(timeline(events).slice(0, 2)).toEqual(['20 attempt-started', '21 attempt-failed']);
  });

  it('a DNS query is dated when the resolver says it asked, though it says so later', async () => {
    const { events } = await run({ issueAfter: 0, connectAfter: 1, askedAfter: 2 });
    expect(events.filter((event) => event.type === 'dns-query').map((event) => [event.recordType, event.at])).toEqual([
      ['AAAA', 2],
      ['A', 2],
    ]);
  });

  it('a DNS query is dated at the call when the resolver does not say when it asked', async () => {
    const { events } = await run({ issueAfter: 0, connectAfter: 1 });
    expect(events.filter((event) => event.type === 'dns-query').map((event) => [event.recordType, event.at])).toEqual([
      ['AAAA', 0],
      ['A', 0],
    ]);
  });

  it('a DNS error is dated when the resolver says the answer that carried it arrived', async () => {
    const dnsErrors = (events: readonly TraceEvent[]) => events.filter((event) => event.type === 'dns-error').map((event) => event.at);
    expect(dnsErrors((await run({ issueAfter: 0, connectAfter: 1, aaaaFailsWithAge: 4 })).events)).toEqual([16]);
    expect(dnsErrors((await run({ issueAfter: 0, connectAfter: 1, aaaaFailsWithAge: null })).events)).toEqual([20]);
  });

  it('a DNS answer is dated when the resolver says it arrived', async () => {
    const { events } = await run({ issueAfter: 0, connectAfter: 1, answerAge: 4 });
    // Delivered at 20; the connection is made at 21, before the A answer (30) could come.
    expect(events.filter((event) => event.type === 'dns-answer').map((event) => [event.recordType, event.at])).toEqual([['AAAA', 16]]);
  });
});

/** A race with HTTPS records (HEv3) whose resolver says, or not, when its HTTPS query went out and its answer came. */
async function runHttps(plan: { readonly sentAge?: number; readonly answerAge?: number; readonly fails?: boolean }): Promise<TraceEvent[]> {
  const clock = new FakeClock();
  const realNow = 1000;
  vi.spyOn(performance, 'now').mockReturnValue(realNow);
  const resolver: FamilyResolver = {
    name: 'fake',
    resolve: (_name, family) => new Promise((resolve) => clock.setTimeout(() => resolve({ addresses: [family === 6 ? a1 : b1], ttl: 60 }), 30)),
    resolveHttps: (_name, _signal, onSent) =>
      new Promise((resolve, reject) => {
        // Said 5 ms after the call, `sentAge` ms after the query went out.
        clock.setTimeout(() => onSent?.(plan.sentAge === undefined ? undefined : realNow - plan.sentAge), 5);
        const receivedAt = plan.answerAge === undefined ? {} : { receivedAt: realNow - plan.answerAge };
        clock.setTimeout(
          () =>
            plan.fails
              ? reject(new HttpsQueryError('dual.example', 'ESERVFAIL', receivedAt))
              : resolve({ records: [], ttl: 60, malformed: 0, ...receivedAt }),
          10,
        );
      }),
    reportsHttpsSent: true,
  };
  const events: TraceEvent[] = [];
  const settings = checkConnectOptions({ host: 'dual.example', port: 443, https: true, onEvent: (event) => events.push(event) });
  capture(
    happyEyeballs(settings, {
      resolver,
      findSources: (destinations) => Promise.resolve(destinations.map(() => null)),
      connectEndpoint: (endpoint) => new Promise((resolve) => clock.setTimeout(() => resolve(endpoint.address), 1)),
      dispose: () => {},
      clock,
    }),
  );
  await clock.run();
  return events;
}

const httpsTimes = (events: readonly TraceEvent[]): Array<[string, number]> =>
  events.filter((event) => ['https-query', 'https-answer', 'https-error'].includes(event.type)).map((event) => [event.type, event.at]);

describe('HTTPS query times at the wire', () => {
  it('the query is dated when the resolver says it went out, and the answer when it says it arrived', async () => {
    expect(httpsTimes(await runHttps({ sentAge: 3, answerAge: 4 }))).toEqual([
      ['https-query', 2],
      ['https-answer', 6],
    ]);
  });

  it('an error is dated when the resolver says the answer that carried it arrived', async () => {
    expect(httpsTimes(await runHttps({ sentAge: 3, answerAge: 4, fails: true }))).toEqual([
      ['https-query', 2],
      ['https-error', 6],
    ]);
    expect(httpsTimes(await runHttps({ fails: true }))).toEqual([
      ['https-query', 5],
      ['https-error', 10],
    ]);
  });

  it('a resolver that says nothing: the query when it calls onSent, the answer when it is delivered', async () => {
    expect(httpsTimes(await runHttps({}))).toEqual([
      ['https-query', 5],
      ['https-answer', 10],
    ]);
  });
});
