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

function started(): LookupProcess {
  lookups = createLookupProcess();
  return lookups;
}

describe('createLookupProcess', () => {
  it('answers from /etc/hosts through the child', async () => {
    const { lookup } = started();
    expect(await lookup('localhost', 4)).toEqual([{ address: '127.0.0.1' }]);
  });

  it('answers lookups sent together, each its own', async () => {
    const { lookup } = started();
    const settled = (promise: Promise<unknown>): Promise<unknown> => promise.catch((error: unknown) => error);
    const answers = await Promise.all([settled(lookup('localhost', 4)), settled(lookup('a..b', 4)), settled(lookup('localhost', 4))]);
    expect(answers[0]).toEqual([{ address: '127.0.0.1' }]);
    expect(answers[1]).toMatchObject({ code: 'ENOTFOUND' });
    expect(answers[2]).toEqual([{ address: '127.0.0.1' }]);
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
    expect(await process.lookup('localhost', 4)).toEqual([{ address: '127.0.0.1' }]);
  });

  it("family 0 with Node's hints (as net.connect asks): every family at once, the answer dns.lookup gives here", async () => {
    const { lookup } = started();
    const here = await dns.lookup('localhost', { family: 0, hints: ADDRCONFIG, all: true });
    expect(await lookup('localhost', 0, ADDRCONFIG)).toEqual(here.map(({ address }) => ({ address })));
  });

  it("hints reach the child's dns.lookup: flags it does not know are refused there", async () => {
    const { lookup } = started();
    await expect(lookup('localhost', 0, 0x7fff)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });

  it('start() resolves once the child can answer', async () => {
    const process = started();
    await process.start();
    expect(await process.lookup('localhost', 4)).toEqual([{ address: '127.0.0.1' }]);
  });
});
