/*
 * The `dns` resolver against DNS servers that misbehave: silence, garbage bytes, a truncated answer (TC
 * bit), an answer with the wrong id, an answer to another question. Each is a raw UDP server on
 * 127.0.0.1 whose replies the test writes byte for byte (test/helpers/raw-dns-server.ts). What is
 * asserted is what c-ares (Node 20's, 1.34) really does, learnt by running these servers:
 *
 *   - silence, a wrong id, a wrong question: the reply is ignored, the query is sent again on the next
 *     try (the server sees every try), and the query ends with ETIMEOUT;
 *   - bytes that are not a DNS message: EBADRESP, without waiting for the timeout;
 *   - TC set: c-ares asks again over TCP at the same address and port. Nothing listening there gives
 *     ECONNREFUSED at once; a TCP server that answers gives the answer; one that never speaks, ETIMEOUT.
 *
 * Bounds: wall-clock times appear only as generous upper bounds ("the rejection comes, and it comes in
 * bounded time"), never as ranges; c-ares checks its timeouts on a timer of its own, so a timeout ends
 * somewhat later than `timeout` x tries. "Faster than the timeout" is asserted with a timeout far longer
 * than any loopback exchange.
 */
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/connect/connect.js';
import { createDnsResolver } from '../../src/dns/dns-resolver.js';
import { DnsQueryError } from '../../src/errors/dns-query-error.js';
import { ResolutionFailedError } from '../../src/errors/resolution-failed-error.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { useCleanups } from '../helpers/cleanups.js';
import { encodeResponse, type RawDnsServer, type RawDnsServerOptions, type RawQuery, startRawDnsServer } from '../helpers/raw-dns-server.js';

/** c-ares' per-try timeout in the timeout cases: short, so a test takes a fraction of a second. */
const SHORT_TIMEOUT_MS = 100;
const TRIES = 2;
/** Upper bound on a query that times out after TRIES tries of SHORT_TIMEOUT_MS (the backoff doubles the second). */
const TIMEOUT_BOUND_MS = 2000;
/** A per-try timeout that no loopback exchange comes near: a rejection before it did not wait for it. */
const LONG_TIMEOUT_MS = 3000;

const defer = useCleanups();

async function rawServer(options: RawDnsServerOptions): Promise<RawDnsServer> {
  const server = await startRawDnsServer(options);
  defer(() => server.close());
  return server;
}

/** Resolves, and returns the rejection with how long it took. */
async function failure(run: () => Promise<unknown>): Promise<{ error: unknown; elapsed: number }> {
  const startedAt = performance.now();
  try {
    await run();
  } catch (error) {
    return { error, elapsed: performance.now() - startedAt };
  }
  throw new Error('expected a rejection');
}

const aRecord = (name: string, data: string): dnsPacket.Answer => ({ type: 'A', class: 'IN', name, ttl: 7, data });
const questionOf = (query: RawQuery): dnsPacket.Question => {
  const question = query.packet.questions?.[0];
  if (question === undefined) throw new Error('a query without a question');
  return question;
};

const silent = (): null => null;
/** Five bytes: shorter than a DNS header. */
const garbage = (): Buffer => Buffer.from([1, 2, 3, 4, 5]);
/** The right id, then bytes that cannot be a DNS message. */
const garbageWithId = (query: RawQuery): Buffer => Buffer.concat([query.bytes.subarray(0, 2), Buffer.alloc(30, 0xff)]);
/** A well-formed answer cut short in its last record. */
const cutShort = (query: RawQuery): Buffer => {
  const whole = encodeResponse(query.packet, { answers: [aRecord(questionOf(query).name, '127.0.0.9')] });
  return whole.subarray(0, whole.length - 3);
};
const truncated = (query: RawQuery): Buffer => encodeResponse(query.packet, { flags: dnsPacket.TRUNCATED_RESPONSE });
const wrongId = (query: RawQuery): Buffer =>
  encodeResponse(query.packet, { id: ((query.packet.id ?? 0) + 1) & 0xffff, answers: [aRecord(questionOf(query).name, '127.0.0.9')] });
const wrongName = (query: RawQuery): Buffer =>
  encodeResponse(query.packet, {
    questions: [{ ...questionOf(query), name: 'other.test' }],
    answers: [aRecord('other.test', '127.0.0.9')],
  });
const wrongType = (query: RawQuery): Buffer =>
  encodeResponse(query.packet, {
    questions: [{ ...questionOf(query), type: questionOf(query).type === 'A' ? 'AAAA' : 'A' }],
    answers: [aRecord(questionOf(query).name, '127.0.0.9')],
  });

describe('createDnsResolver against a misbehaving server', () => {
  it.each([
    ['never answers', silent],
    ['answers with the wrong id', wrongId],
    ['answers another name', wrongName],
    ['answers another record type', wrongType],
  ])('%s: every try is sent and ignored, then ETIMEOUT in bounded time', async (_, udp) => {
    const server = await rawServer({ udp });
    const resolver = createDnsResolver({ servers: [server.address], timeout: SHORT_TIMEOUT_MS, tries: TRIES });
    const { error, elapsed } = await failure(() => resolver.resolve('x.test', 4, new AbortController().signal));
    expect(error).toBeInstanceOf(DnsQueryError);
    expect(error).toMatchObject({ code: 'ETIMEOUT', family: 4, recordType: 'A', hostname: 'x.test', cause: { code: 'ETIMEOUT' } });
    expect((error as Error).message).toBe('A query for x.test failed: no answer in time (ETIMEOUT)');
    // Had c-ares taken the wrong reply, it would not have asked again.
    expect(server.queries).toHaveLength(TRIES);
    expect(elapsed).toBeLessThan(TIMEOUT_BOUND_MS);
  });

  it.each([
    ['five bytes of garbage', garbage],
    ['the right id followed by garbage', garbageWithId],
    ['an answer cut short', cutShort],
  ])('%s: EBADRESP, without waiting for the timeout', async (_, udp) => {
    const server = await rawServer({ udp });
    const resolver = createDnsResolver({ servers: [server.address], timeout: LONG_TIMEOUT_MS, tries: TRIES });
    const { error, elapsed } = await failure(() => resolver.resolve('x.test', 6, new AbortController().signal));
    expect(error).toBeInstanceOf(DnsQueryError);
    expect(error).toMatchObject({ code: 'EBADRESP', family: 6, recordType: 'AAAA' });
    expect((error as Error).message).toBe('AAAA query for x.test failed: a malformed answer (EBADRESP)');
    expect(server.queries.length).toBeGreaterThanOrEqual(1);
    expect(elapsed).toBeLessThan(LONG_TIMEOUT_MS);
  });

  it('a truncated answer and nothing on TCP: c-ares retries over TCP, is refused, ECONNREFUSED at once', async () => {
    const server = await rawServer({ udp: truncated });
    const resolver = createDnsResolver({ servers: [server.address], timeout: LONG_TIMEOUT_MS, tries: TRIES });
    const { error, elapsed } = await failure(() => resolver.resolve('x.test', 4, new AbortController().signal));
    expect(error).toBeInstanceOf(DnsQueryError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', family: 4 });
    expect((error as Error).message).toContain('could not be reached');
    expect(server.queries).toHaveLength(1);
    expect(elapsed).toBeLessThan(LONG_TIMEOUT_MS);
  });

  it('a truncated answer and a TCP server that answers: the answer over TCP is the result', async () => {
    const server = await rawServer({
      udp: truncated,
      tcp: { answer: (query) => encodeResponse(query, { answers: [aRecord(query.questions?.[0]?.name ?? '', '127.0.0.7')] }) },
    });
    const resolver = createDnsResolver({ servers: [server.address], timeout: LONG_TIMEOUT_MS, tries: TRIES });
    expect(await resolver.resolve('x.test', 4, new AbortController().signal)).toEqual({ addresses: ['127.0.0.7'], ttl: 7 });
    expect(server.tcpConnections()).toBe(1);
  });

  it('a truncated answer and a TCP server that never speaks: ETIMEOUT in bounded time', async () => {
    const server = await rawServer({ udp: truncated, tcp: 'silent' });
    const resolver = createDnsResolver({ servers: [server.address], timeout: SHORT_TIMEOUT_MS, tries: TRIES });
    const { error, elapsed } = await failure(() => resolver.resolve('x.test', 4, new AbortController().signal));
    expect(error).toMatchObject({ name: 'DnsQueryError', code: 'ETIMEOUT' });
    expect(server.tcpConnections()).toBeGreaterThanOrEqual(1);
    expect(elapsed).toBeLessThan(TIMEOUT_BOUND_MS);
  });
});

describe('connect() through a misbehaving DNS server', () => {
  it.each([
    ['never answers', silent, 'ETIMEOUT', 'no answer in time (ETIMEOUT)'],
    ['answers with the wrong id', wrongId, 'ETIMEOUT', 'no answer in time (ETIMEOUT)'],
    ['answers garbage', garbage, 'EBADRESP', 'a malformed answer (EBADRESP)'],
    ['answers truncated, nothing on TCP', truncated, 'ECONNREFUSED', 'the DNS server could not be reached (connection refused) (ECONNREFUSED)'],
  ])('%s: ResolutionFailedError naming each family and its code, in bounded time', async (_, udp, code, words) => {
    const server = await rawServer({ udp });
    const events: TraceEvent[] = [];
    const { error, elapsed } = await failure(() =>
      connect({
        host: 'x.test',
        port: 9,
        resolver: 'dns',
        dnsServers: [server.address],
        dnsTimeout: SHORT_TIMEOUT_MS,
        onEvent: (event) => events.push(event),
      }),
    );
    expect(error).toBeInstanceOf(ResolutionFailedError);
    const resolution = error as ResolutionFailedError;
    expect(resolution.code).toBe('EYEBALL_NO_ADDRESSES');
    expect(resolution.errors.map((cause: DnsQueryError) => [cause.recordType, cause.code])).toEqual([
      ['AAAA', code],
      ['A', code],
    ]);
    expect(resolution.message).toBe(
      `could not resolve x.test (AAAA: AAAA query for x.test failed: ${words}; A: A query for x.test failed: ${words})`,
    );
    // The trace says the same per family, and no attempt was made.
    const dnsErrors = events.flatMap((event) => (event.type === 'dns-error' ? [[event.recordType, event.error.code]] : []));
    expect(dnsErrors.sort()).toEqual([
      ['A', code],
      ['AAAA', code],
    ]);
    expect(events.filter((event) => event.type === 'attempt-started')).toEqual([]);
    // Two tries of 100 ms (connect()'s `dns` resolver keeps c-ares' default of 2 tries).
    expect(elapsed).toBeLessThan(TIMEOUT_BOUND_MS);
  });
});
