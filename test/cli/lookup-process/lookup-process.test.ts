/*
 * The CLI's lookup process with real getaddrinfo in a real child process, on names /etc/hosts answers
 * (`localhost` and the machine's own names), so no DNS server is involved. The hostile case (a lookup
 * that never ends) is test/e2e/hostile-resolver.test.ts, in a lab namespace.
 */
import { ADDRCONFIG, promises as dns } from 'node:dns';
import { afterEach, describe, expect, it } from 'vitest';
import { createLookupProcess, type LookupProcess } from '../../../src/cli/lookup-process/lookup-process.js';
import { createSystemResolver } from '../../../src/dns/system-resolver.js';
import { DnsQueryError } from '../../../src/errors/dns-query-error.js';

let lookups: LookupProcess | undefined;
afterEach(() => lookups?.close());

/** The answer of `localhost`'s A lookup, stamped with any time. */
const LOCALHOST_4 = { entries: [{ address: '127.0.0.1' }], answeredAt: expect.any(Number) as unknown };

function started(): LookupProcess {
  lookups = createLookupProcess();
  return lookups;
}

describe('createLookupProcess', () => {
  it('answers from /etc/hosts through the child', async () => {
    const { lookup } = started();
    expect(await lookup('localhost', 4)).toEqual(LOCALHOST_4);
  });

  it('answers lookups sent together, each its own', async () => {
    const { lookup } = started();
    const settled = (promise: Promise<unknown>): Promise<unknown> => promise.catch((error: unknown) => error);
    const answers = await Promise.all([settled(lookup('localhost', 4)), settled(lookup('a..b', 4)), settled(lookup('localhost', 4))]);
    expect(answers[0]).toEqual(LOCALHOST_4);
    expect(answers[1]).toMatchObject({ code: 'ENOTFOUND' });
    expect(answers[2]).toEqual(LOCALHOST_4);
  });

  it("carries getaddrinfo's error code and errno, which the system resolver turns into a DnsQueryError", async () => {
    const resolver = createSystemResolver(started().lookup);
    const error = await resolver.resolve('a..b', 4, new AbortController().signal).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DnsQueryError);
    expect(error).toMatchObject({ code: 'ENOTFOUND', cause: { code: 'ENOTFOUND', errno: -3008 } });
  });

  it('close() rejects the lookups still waiting; the next lookup starts a new child', async () => {
    const process = started();
    const waiting = process.lookup('localhost', 4);
    process.close();
    await expect(waiting).rejects.toMatchObject({ code: 'EAI_CANCELED', message: 'the lookup process was stopped' });
    expect(await process.lookup('localhost', 4)).toEqual(LOCALHOST_4);
  });

  it("stamps each answer in the child, on this process's performance.now() clock: after the request, before it reached this process", async () => {
    const process = started();
    await process.start();
    const askedAt = performance.now();
    const answer = await process.lookup('localhost', 4);
    const arrivedAt = performance.now();
    if (!('answeredAt' in answer)) throw new Error('the lookup process gave no answeredAt');
    expect(answer.answeredAt).toBeGreaterThan(askedAt);
    expect(answer.answeredAt).toBeLessThan(arrivedAt);
  });

  it('tells when the child asked getaddrinfo, before the answer: after the request was written', async () => {
    const process = started();
    await process.start();
    const requestedAt = performance.now();
    const asked: number[] = [];
    const answer = await process.lookup('localhost', 4, (askedAt) => asked.push(askedAt));
    if (!('answeredAt' in answer)) throw new Error('the lookup process gave no answeredAt');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toBeGreaterThan(requestedAt);
    expect(asked[0]).toBeLessThanOrEqual(answer.answeredAt);
  });

  it("family 0 with Node's hints (as net.connect asks): every family at once, the answer dns.lookup gives here", async () => {
    const { lookupAll } = started();
    const here = await dns.lookup('localhost', { family: 0, hints: ADDRCONFIG, all: true });
    expect(await lookupAll('localhost', 0, ADDRCONFIG)).toEqual(here.map(({ address }) => ({ address })));
  });

  it("hints reach the child's dns.lookup: flags it does not know are refused there", async () => {
    const { lookupAll } = started();
    await expect(lookupAll('localhost', 0, 0x7fff)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });

  it('start() resolves once the child can answer', async () => {
    const process = started();
    await process.start();
    expect(await process.lookup('localhost', 4)).toEqual(LOCALHOST_4);
  });
});
