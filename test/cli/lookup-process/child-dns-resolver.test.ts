/*
 * The CLI's dns resolver: real A, AAAA and HTTPS queries from the real lookup process (the built
 * dist/lookup-child.cjs: `npm run build` first) to the project's DNS server on loopback, and, for the
 * answers that must come while this process is busy, to a server in a process of its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createChildDnsResolver } from '../../../src/cli/lookup-process/child-dns-resolver.js';
import { createLookupProcess, type LookupProcess } from '../../../src/cli/lookup-process/lookup-process.js';
import { type DnsServer, startDnsServer } from '../../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../../src/dns-server/zone.js';
import type { FamilyResolver } from '../../../src/dns/resolver.js';
import { DnsQueryError } from '../../../src/errors/dns-query-error.js';
import { HttpsQueryError } from '../../../src/errors/https-query-error.js';

const ZONE: DnsZone = {
  'dual.test': {
    AAAA: { addresses: ['2001:db8::1', '2001:db8::2'], ttl: 30 },
    A: { addresses: ['192.0.2.1', { address: '192.0.2.2', ttl: 5 }] },
    HTTPS: { records: [{ priority: 1, target: '.', params: { alpn: ['h2', 'h3'], ipv4hint: ['192.0.2.1'] } }], ttl: 120 },
  },
  'v4only.test': { A: { addresses: ['192.0.2.9'] } },
  'slow.test': { AAAA: { addresses: ['2001:db8::5'], delayMs: 40 } },
  'servfail.test': { A: { rcode: 'SERVFAIL' }, HTTPS: { rcode: 'SERVFAIL' } },
  'drop.test': { AAAA: { drop: true }, A: { drop: true }, HTTPS: { drop: true } },
};

let lookups: LookupProcess | undefined;
let server: DnsServer | undefined;
let slowServer: ChildProcess | undefined;
afterEach(async () => {
  lookups?.close();
  slowServer?.kill();
  await server?.close();
});

/**
 * A DNS server in another process that answers every query with NODATA (the query sent back as its
 * response) `delayMs` later, so that the answer comes whatever this process is doing. Its `host:port`.
 */
async function startSlowServer(delayMs: number): Promise<string> {
  const script = `
    const socket = require('node:dgram').createSocket('udp4');
    socket.on('message', (query, from) => {
      const response = Buffer.from(query);
      response[2] |= 0x80; // QR: a response, NOERROR, no answers
      setTimeout(() => socket.send(response, from.port, from.address), ${delayMs});
    });
    socket.bind(0, '127.0.0.1', () => console.log(socket.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  slowServer = child;
  const [port] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return `127.0.0.1:${port}`;
}

/** The lookup process started, and the CLI's dns resolver pointed at `server`. */
async function resolverFor(address: string): Promise<FamilyResolver> {
  lookups = createLookupProcess();
  await lookups.start();
  return createChildDnsResolver(lookups, { servers: [address], timeout: 2000, tries: 1 });
}

/** A DNS server on loopback, the lookup process started, and the CLI's dns resolver pointed at the server. */
async function setup(options: { timeout?: number; tries?: number } = {}): Promise<{ resolver: FamilyResolver; dns: DnsServer; arrivals: number[] }> {
  const arrivals: number[] = [];
  const dns = await startDnsServer({ zone: ZONE, onQuery: () => arrivals.push(performance.now()) });
  server = dns;
  lookups = createLookupProcess();
  await lookups.start();
  const resolver = createChildDnsResolver(lookups, { servers: [dns.address], timeout: options.timeout ?? 2000, tries: options.tries ?? 1 });
  return { resolver, dns, arrivals };
}

function signal(): AbortSignal {
  return new AbortController().signal;
}

/**
 * How long a test keeps this process busy while its answer comes, 40 ms in; the answer must be stamped more than
 * BUSY_MARGIN_MS before the end, a margin for the child and the server to be scheduled on a loaded machine.
 */
const BUSY_MS = 500;
const BUSY_MARGIN_MS = 100;

/** Keeps this process's thread busy for `ms`, as the CLI is while it handles another answer. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/**
 * Starts a query that `dns` never answers (its timeout 100 ms, tries 3), aborts it once the server has it, and
 * checks: it rejects with the reason, the child's pipe no longer holds the event loop, and no retry comes
 * (a query left running in the child would be asked again).
 */
async function expectAbortToCancel(dns: DnsServer, start: (signal: AbortSignal) => Promise<unknown> | undefined): Promise<void> {
  const held = heldPipes();
  const controller = new AbortController();
  const querying = start(controller.signal);
  await expect.poll(() => dns.queries.length).toBe(1);
  expect(heldPipes()).toBe(held + 1);
  const reason = new Error('stop');
  controller.abort(reason);
  await expect(querying).rejects.toBe(reason);
  expect(heldPipes()).toBe(held);
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(dns.queries).toHaveLength(1);
}

/** Pipes of this process that hold its event loop (the child's output does while a request is out). */
function heldPipes(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'PipeWrap').length;
}

describe('createChildDnsResolver: A and AAAA', () => {
  it('answers AAAA and A with their addresses and smallest TTL', async () => {
    const { resolver } = await setup();
    expect(resolver.name).toBe('dns');
    expect(resolver.reportsAskedAt).toBe(true);
    const [aaaa, a] = await Promise.all([resolver.resolve('dual.test', 6, signal()), resolver.resolve('dual.test', 4, signal())]);
    expect(aaaa).toEqual({ addresses: ['2001:db8::1', '2001:db8::2'], ttl: 30, receivedAt: expect.any(Number) });
    expect(a).toEqual({ addresses: ['192.0.2.1', '192.0.2.2'], ttl: 5, receivedAt: expect.any(Number) });
  });

  it('NODATA is an empty answer', async () => {
    const { resolver } = await setup();
    expect(await resolver.resolve('v4only.test', 6, signal())).toEqual({ addresses: [], ttl: null, receivedAt: expect.any(Number) });
  });

  it("NXDOMAIN rejects with the library's DnsQueryError, code ENOTFOUND, c-ares' error as its cause, dated by the child", async () => {
    const { resolver } = await setup();
    const before = performance.now();
    const error = await resolver.resolve('nowhere.test', 4, signal()).catch((caught: unknown) => caught);
    expect((error as DnsQueryError).receivedAt).toBeGreaterThan(before);
    expect((error as DnsQueryError).receivedAt).toBeLessThan(performance.now());
    expect(error).toBeInstanceOf(DnsQueryError);
    expect(error).toMatchObject({ code: 'ENOTFOUND', hostname: 'nowhere.test', family: 4, recordType: 'A', cause: { code: 'ENOTFOUND' } });
    expect((error as Error).message).toBe('A query for nowhere.test failed: no such name (NXDOMAIN, ENOTFOUND)');
  });

  it('SERVFAIL rejects with code ESERVFAIL', async () => {
    const { resolver } = await setup();
    await expect(resolver.resolve('servfail.test', 4, signal())).rejects.toMatchObject({ name: 'DnsQueryError', code: 'ESERVFAIL' });
  });

  it("dates the query and the answer in the child, on this process's clock: within the call, and answered after the server's delay", async () => {
    const { resolver, arrivals } = await setup();
    const before = performance.now();
    let askedAt: number | undefined;
    const answer = await resolver.resolve('slow.test', 6, signal(), (at) => {
      askedAt = at;
    });
    const after = performance.now();
    const arrivedAtServer = arrivals[0] ?? Number.NaN;
    if (askedAt === undefined || answer.receivedAt === undefined) throw new Error('no askedAt or receivedAt');
    expect(before).toBeLessThanOrEqual(askedAt);
    // The server answers 40 ms after the query came (a timer, which may fire up to 1 ms early).
    expect(answer.receivedAt).toBeGreaterThanOrEqual(arrivedAtServer + 39);
    expect(answer.receivedAt).toBeLessThanOrEqual(after);
  });

  it('stamps an answer when it arrives, though this process is busy then', async () => {
    const resolver = await resolverFor(await startSlowServer(40));
    const answering = resolver.resolve('busy.test', 6, signal());
    const busyFrom = performance.now();
    busy(BUSY_MS); // the answer comes 40 ms in
    const answer = await answering;
    if (answer.receivedAt === undefined) throw new Error('no receivedAt');
    expect(answer.addresses).toEqual([]);
    expect(answer.receivedAt).toBeGreaterThan(busyFrom);
    expect(answer.receivedAt).toBeLessThan(busyFrom + BUSY_MS - BUSY_MARGIN_MS);
  });

  it("an abort rejects with the signal's reason, cancels the query in the child and holds nothing", async () => {
    const { resolver, dns } = await setup({ timeout: 100, tries: 3 });
    await expectAbortToCancel(dns, (aborting) => resolver.resolve('drop.test', 6, aborting));
    // The child goes on answering.
    expect((await resolver.resolve('dual.test', 4, signal())).addresses).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it('an aborted signal rejects at once with its reason, and nothing is asked', async () => {
    const { resolver, dns } = await setup();
    const reason = new Error('already');
    await expect(resolver.resolve('dual.test', 6, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(dns.queries).toHaveLength(0);
  });
});

describe('createChildDnsResolver: HTTPS', () => {
  it('asks the configured server, and answers with the records, their TTL and when they arrived', async () => {
    const { resolver, dns } = await setup();
    expect(resolver.reportsHttpsSent).toBe(true);
    expect(resolver.httpsServer?.('dual.test')).toBe(dns.address);
    const before = performance.now();
    const sent: Array<number | undefined> = [];
    const answer = await resolver.resolveHttps?.('dual.test', signal(), (sentAt) => sent.push(sentAt));
    const after = performance.now();
    expect(answer).toMatchObject({
      records: [{ mode: 'service', priority: 1, target: '.', alpn: ['h2', 'h3'], ipv4hint: ['192.0.2.1'] }],
      ttl: 120,
      malformed: 0,
    });
    expect(sent).toHaveLength(1);
    const [sentAt] = sent;
    if (sentAt === undefined || answer?.receivedAt === undefined) throw new Error('no sentAt or receivedAt');
    expect(before).toBeLessThanOrEqual(sentAt);
    expect(sentAt).toBeLessThanOrEqual(answer.receivedAt);
    expect(answer.receivedAt).toBeLessThanOrEqual(after);
  });

  it('stamps an HTTPS answer when it arrives, though this process is busy then', async () => {
    const resolver = await resolverFor(await startSlowServer(40));
    const answering = resolver.resolveHttps?.('busy.test', signal());
    const busyFrom = performance.now();
    busy(BUSY_MS);
    const answer = await answering;
    if (answer?.receivedAt === undefined) throw new Error('no receivedAt');
    expect(answer.records).toEqual([]);
    expect(answer.receivedAt).toBeGreaterThan(busyFrom);
    expect(answer.receivedAt).toBeLessThan(busyFrom + BUSY_MS - BUSY_MARGIN_MS);
  });

  it("NXDOMAIN and SERVFAIL reject with the library's HttpsQueryError", async () => {
    const { resolver } = await setup();
    const before = performance.now();
    const nxdomain = await resolver.resolveHttps?.('nowhere.test', signal()).catch((caught: unknown) => caught);
    expect(nxdomain).toBeInstanceOf(HttpsQueryError);
    expect((nxdomain as HttpsQueryError).receivedAt).toBeGreaterThan(before);
    expect((nxdomain as HttpsQueryError).receivedAt).toBeLessThan(performance.now());
    expect(nxdomain).toMatchObject({
      code: 'ENOTFOUND',
      hostname: 'nowhere.test',
      message: 'HTTPS query for nowhere.test failed: no such name (NXDOMAIN, ENOTFOUND)',
    });
    await expect(resolver.resolveHttps?.('servfail.test', signal())).rejects.toMatchObject({ name: 'HttpsQueryError', code: 'ESERVFAIL' });
  });

  it("an abort rejects with the signal's reason and closes the query in the child", async () => {
    const { resolver, dns } = await setup({ timeout: 100, tries: 3 });
    await expectAbortToCancel(dns, (aborting) => resolver.resolveHttps?.('drop.test', aborting));
  });

  it("an abort of one signal leaves another signal's queries to answer", async () => {
    const { resolver } = await setup({ timeout: 2000, tries: 1 });
    const stopped = new AbortController();
    const going = resolver.resolve('slow.test', 6, signal());
    const cancelled = resolver.resolve('drop.test', 6, stopped.signal);
    stopped.abort(new Error('stop'));
    await expect(cancelled).rejects.toThrow('stop');
    expect((await going).addresses).toEqual(['2001:db8::5']);
  });

  it('an HTTPS query to a closed port: HttpsQueryError ECONNREFUSED, with the socket error as its cause', async () => {
    const closed = createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    const { port } = closed.address();
    await new Promise<void>((resolve) => closed.close(resolve));
    const resolver = await resolverFor(`127.0.0.1:${port}`);
    const error = await resolver.resolveHttps?.('dual.test', signal()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpsQueryError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('the queries of one signal are cancelled together', async () => {
    const { resolver, dns } = await setup({ timeout: 100, tries: 3 });
    const controller = new AbortController();
    const all = [
      resolver.resolveHttps?.('drop.test', controller.signal),
      resolver.resolve('drop.test', 6, controller.signal),
      resolver.resolve('drop.test', 4, controller.signal),
    ];
    await expect.poll(() => dns.queries.length).toBe(3);
    controller.abort(new Error('stop'));
    await Promise.allSettled(all);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(dns.queries).toHaveLength(3);
  });
});
