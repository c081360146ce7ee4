/*
 * connect() with real sockets on loopback: a listener, a refused port, a black hole (a listener whose accept
 * queue is full, so the kernel drops further SYNs), and a real DNS server on a local port. Outcomes and order
 * are asserted, never wall-clock times; after each test no socket, server or timer of ours is left.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/connect/connect.js';
import { type BlackHole, createBlackHole } from '../../src/cli/demo/black-hole.js';
import { type DnsServer, startDnsServer } from '../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../src/dns-server/zone.js';
import { AttemptTimeoutError } from '../../src/errors/attempt-timeout-error.js';
import { ConnectTimeoutError } from '../../src/errors/connect-timeout-error.js';
import { ConnectionFailedError } from '../../src/errors/connection-failed-error.js';
import type { DnsQueryError } from '../../src/errors/dns-query-error.js';
import { ResolutionFailedError } from '../../src/errors/resolution-failed-error.js';
import { createDnsResolver } from '../../src/dns/dns-resolver.js';
import type { FamilyResolver } from '../../src/dns/resolver.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { useCleanups } from '../helpers/cleanups.js';

const defer = useCleanups();

async function listen(host: string, port = 0): Promise<Server> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, ipv6Only: host.includes(':') }, resolve);
  });
  defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return server;
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return address.port;
}

/** A port on which nothing listens (on either loopback address), found by listening and closing. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function blackHole(host: '::1' | '127.0.0.1', port?: number): Promise<BlackHole> {
  const hole = await createBlackHole(port === undefined ? { host } : { host, port });
  defer(() => hole.close());
  return hole;
}

async function dnsServer(zone: DnsZone): Promise<DnsServer> {
  const server = await startDnsServer({ zone });
  defer(() => server.close());
  return server;
}

function keep(socket: Socket): Socket {
  defer(() => {
    socket.destroy();
  });
  return socket;
}

function recorder() {
  const events: TraceEvent[] = [];
  return { events, onEvent: (event: TraceEvent) => events.push(event) };
}

const attemptsOf = (events: readonly TraceEvent[]) =>
  events.flatMap((event) => (event.type === 'attempt-started' ? [`${event.address} ${event.reason}`] : []));

describe('connect() on loopback', () => {
  it('connects to a listener and resolves with the connected socket', async () => {
    const server = await listen('127.0.0.1');
    const { events, onEvent } = recorder();
    const socket = keep(await connect({ host: '127.0.0.1', port: portOf(server), onEvent }));
    expect(socket.remoteAddress).toBe('127.0.0.1');
    expect(socket.remotePort).toBe(portOf(server));
    expect(socket.destroyed).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'connected', address: '127.0.0.1', family: 4, index: 0 });
  });

  it('a refused port: ConnectionFailedError with ECONNREFUSED, naming the address', async () => {
    const port = await refusedPort();
    const failure = connect({ host: '127.0.0.1', port });
    await expect(failure).rejects.toBeInstanceOf(ConnectionFailedError);
    const error = (await failure.catch((caught: unknown) => caught)) as ConnectionFailedError;
    expect(error.errors.map((cause: { code: string }) => cause.code)).toEqual(['ECONNREFUSED']);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.attempts[0]).toMatchObject({ address: '127.0.0.1', family: 4, port });
  });

  it('a name from a real DNS server: IPv6 black hole, IPv4 rescues on the timer; the loser is cancelled', async () => {
    const hole = await blackHole('::1');
    await listen('127.0.0.1', hole.port);
    const dns = await dnsServer({ 'dual.test': { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'] } } });
    const { events, onEvent } = recorder();
    const socket = keep(await connect({ host: 'dual.test', port: hole.port, resolver: 'dns', dnsServers: [dns.address], onEvent }));
    expect(socket.remoteAddress).toBe('127.0.0.1');
    expect(attemptsOf(events)).toEqual(['::1 first', '127.0.0.1 timer']);
    expect(events.filter((event) => event.type === 'attempt-cancelled')).toMatchObject([{ address: '::1', reason: 'lost' }]);
    const answers = events.flatMap((event) => (event.type === 'dns-answer' ? [[event.recordType, event.addresses, event.ttl]] : []));
    expect(answers).toHaveLength(2);
    expect(answers).toContainEqual(['AAAA', ['::1'], 60]);
    expect(answers).toContainEqual(['A', ['127.0.0.1'], 60]);
    const started = events.filter((event) => event.type === 'attempt-started');
    // The second attempt waited for the Connection Attempt Delay, not for the black hole. Node's timers may
    // fire a fraction of a millisecond before performance.now() says the delay has passed; the trace shows
    // the true time.
    expect(started[1]!.at - started[0]!.at).toBeGreaterThanOrEqual(250 - 1);
    expect(dns.queries.map((query) => query.type).sort()).toEqual(['A', 'AAAA']);
  });

  it('IPv6 refused: IPv4 starts as soon as the refusal arrives', async () => {
    const server = await listen('127.0.0.1');
    const dns = await dnsServer({ 'dual.test': { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'] } } });
    const { events, onEvent } = recorder();
    const socket = keep(await connect({ host: 'dual.test', port: portOf(server), resolver: 'dns', dnsServers: [dns.address], onEvent }));
    expect(socket.remoteAddress).toBe('127.0.0.1');
    expect(attemptsOf(events)).toEqual(['::1 first', '127.0.0.1 previous-failed']);
    expect(events.find((event) => event.type === 'attempt-failed')).toMatchObject({ address: '::1', error: { code: 'ECONNREFUSED' } });
  });

  it('localhost is answered locally (RFC 6761): ::1 is refused, 127.0.0.1 reaches the listener', async () => {
    const server = await listen('127.0.0.1');
    const { events, onEvent } = recorder();
    const socket = keep(await connect({ host: 'localhost', port: portOf(server), onEvent }));
    expect(socket.remoteAddress).toBe('127.0.0.1');
    const answers = events.flatMap((event) => (event.type === 'dns-answer' ? [[event.recordType, event.addresses]] : []));
    expect(answers).toEqual([
      ['AAAA', ['::1']],
      ['A', ['127.0.0.1']],
    ]);
    expect(attemptsOf(events)).toEqual(['::1 first', '127.0.0.1 previous-failed']);
  });

  it('the system resolver asks the OS: an .invalid name fails with the OS code for both families', async () => {
    const failure = (await connect({ host: 'eyeball-test.invalid', port: 80 }).catch((caught: unknown) => caught)) as ResolutionFailedError;
    expect(failure).toBeInstanceOf(ResolutionFailedError);
    expect(failure.errors.map((cause: { recordType: string }) => cause.recordType)).toEqual(['AAAA', 'A']);
  });

  it('NXDOMAIN from a real DNS server: ResolutionFailedError with ENOTFOUND for both families', async () => {
    const dns = await dnsServer({});
    const failure = connect({ host: 'missing.test', port: 80, resolver: 'dns', dnsServers: [dns.address] });
    await expect(failure).rejects.toBeInstanceOf(ResolutionFailedError);
    const error = (await failure.catch((caught: unknown) => caught)) as ResolutionFailedError;
    expect(error.code).toBe('ENOTFOUND');
    expect(error.errors).toHaveLength(2);
  });

  it('NODATA for both families from a real DNS server: one ENODATA entry per family, AAAA first', async () => {
    const dns = await dnsServer({ 'empty.test': {} });
    const error = (await connect({ host: 'empty.test', port: 80, resolver: 'dns', dnsServers: [dns.address] }).catch(
      (caught: unknown) => caught,
    )) as ResolutionFailedError;
    expect(error).toBeInstanceOf(ResolutionFailedError);
    expect(error.code).toBe('EYEBALL_NO_ADDRESSES');
    expect(error.message).toBe('empty.test has no addresses');
    expect(error.errors.map((cause: DnsQueryError) => [cause.recordType, cause.code, cause.message])).toEqual([
      ['AAAA', 'ENODATA', 'AAAA query for empty.test: no AAAA records (NODATA)'],
      ['A', 'ENODATA', 'A query for empty.test: no A records (NODATA)'],
    ]);
  });

  it("NODATA for AAAA and NXDOMAIN for A: both said, and the code is the failure's", async () => {
    const dns = await dnsServer({ 'half.test': { A: { rcode: 'NXDOMAIN' } } });
    const error = (await connect({ host: 'half.test', port: 80, resolver: 'dns', dnsServers: [dns.address] }).catch(
      (caught: unknown) => caught,
    )) as ResolutionFailedError;
    expect(error.code).toBe('ENOTFOUND');
    expect(error.errors.map((cause: DnsQueryError) => [cause.recordType, cause.code])).toEqual([
      ['AAAA', 'ENODATA'],
      ['A', 'ENOTFOUND'],
    ]);
    expect(error.message).toMatch(/^could not resolve half\.test \(AAAA: .*NODATA.*; A: .*NXDOMAIN/);
  });

  it('every address black-holed: the per-attempt timeout bounds each attempt', async () => {
    const hole6 = await blackHole('::1');
    await blackHole('127.0.0.1', hole6.port);
    const dns = await dnsServer({ 'dual.test': { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'] } } });
    const failure = connect({ host: 'dual.test', port: hole6.port, resolver: 'dns', dnsServers: [dns.address], attemptTimeout: 300 });
    const error = (await failure.catch((caught: unknown) => caught)) as ConnectionFailedError;
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect(error.errors.map((cause) => cause instanceof AttemptTimeoutError)).toEqual([true, true]);
    expect(error.attempts.map(({ address }) => address)).toEqual(['::1', '127.0.0.1']);
    expect(error.message).toContain('within 300 ms');
  });

  it('a black hole and an overall timeout: ConnectTimeoutError, the attempt cancelled', async () => {
    const hole = await blackHole('127.0.0.1');
    const { events, onEvent } = recorder();
    await expect(connect({ host: '127.0.0.1', port: hole.port, timeout: 200, onEvent })).rejects.toBeInstanceOf(ConnectTimeoutError);
    expect(events.filter((event) => event.type === 'attempt-cancelled')).toMatchObject([{ reason: 'aborted' }]);
    expect(events.at(-1)).toMatchObject({ type: 'failed', error: { code: 'EYEBALL_TIMEOUT' } });
  });

  it('the caller aborts: rejects with the reason, unchanged, and leaves nothing open', async () => {
    const hole = await blackHole('127.0.0.1');
    const controller = new AbortController();
    const reason = new Error('enough');
    const pending = connect({ host: '127.0.0.1', port: hole.port, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it('applies socket options to the winner', async () => {
    const server = await listen('127.0.0.1');
    const socket = keep(await connect({ host: '127.0.0.1', port: portOf(server), noDelay: true, keepAlive: true }));
    expect(socket.remoteAddress).toBe('127.0.0.1');
  });

  it('https: an ipv4hint from a real HTTPS answer is tried before the slow A/AAAA answers come (HEv3 §4.2.1)', async () => {
    const server = await listen('127.0.0.1');
    const dns = await dnsServer({
      'svc.test': {
        HTTPS: { records: [{ priority: 1, target: '.', params: { alpn: ['h2'], ipv4hint: ['127.0.0.1'] } }] },
        AAAA: { addresses: ['::1'], delayMs: 2000 },
        A: { addresses: ['127.0.0.1'], delayMs: 2000 },
      },
    });
    const { events, onEvent } = recorder();
    const socket = keep(await connect({ host: 'svc.test', port: portOf(server), resolver: 'dns', dnsServers: [dns.address], https: true, onEvent }));
    expect(socket.remoteAddress).toBe('127.0.0.1');
    expect(attemptsOf(events)).toEqual(['127.0.0.1 first']);
    const answer = events.find((event) => event.type === 'https-answer');
    expect(answer).toMatchObject({ records: [{ mode: 'service', target: '.', alpn: ['h2'], ipv4hint: ['127.0.0.1'] }] });
    // Connected on the hint: the A and AAAA answers never came, their queries were cancelled.
    expect(events.filter((event) => event.type === 'dns-answer')).toEqual([]);
    expect(events.filter((event) => event.type === 'dns-cancelled').map((event) => event.type)).toHaveLength(2);
    expect(dns.queries.map((query) => query.type).sort()).toEqual(['A', 'AAAA', 'UNKNOWN_65']);
    // Traced when its datagram left (after its socket's asynchronous connect, so after the A/AAAA queries
    // that c-ares writes at once), with the server asked; answered, so not cancelled.
    expect(events.filter((event) => event.type === 'https-query')).toEqual([
      { type: 'https-query', at: expect.any(Number) as unknown, resolver: 'dns', server: dns.address },
    ]);
    expect(events.filter((event) => event.type === 'https-cancelled')).toEqual([]);
    expect(events.find((event) => event.type === 'attempt-started')).toMatchObject({ address: '127.0.0.1', fromHint: true });
  });

  it('https: an HTTPS answer still out when the race is won is cancelled: traced, its socket closed, nothing left', async () => {
    const server = await listen('127.0.0.1');
    const dns = await dnsServer({ 'slow-https.test': { HTTPS: { records: [], delayMs: 5000 }, A: { addresses: ['127.0.0.1'] } } });
    // The real dns resolver, watched: when does its HTTPS query settle, and how?
    const real = createDnsResolver({ servers: [dns.address] });
    let settled: { error: unknown } | null = null;
    const resolver: FamilyResolver = {
      name: real.name,
      resolve: (hostname, family, signal) => real.resolve(hostname, family, signal),
      httpsServer: (hostname) => real.httpsServer?.(hostname) ?? null,
      resolveHttps: (hostname, signal) => {
        const query = real.resolveHttps?.(hostname, signal) ?? Promise.reject(new Error('no resolveHttps'));
        query.then(
          () => (settled = { error: null }),
          (error: unknown) => (settled = { error }),
        );
        return query;
      },
    };
    const { events, onEvent } = recorder();
    keep(await connect({ host: 'slow-https.test', port: portOf(server), resolver, family: 4, https: true, onEvent }));
    // Cancelled as the race ended: the last two events (as dns-cancelled would be).
    expect(events.slice(-2).map((event) => event.type)).toEqual(['connected', 'https-cancelled']);
    expect(events.at(-1)?.at).toBeGreaterThanOrEqual(events.at(-2)?.at ?? Infinity);
    // The query's promise has already settled with the abort (its socket closed), not waited for the 5 s answer.
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toMatchObject({ error: { name: 'AbortError' } });
    expect(events.some((event) => event.type === 'https-answer' || event.type === 'https-error')).toBe(false);
    expect(dns.queries.map((query) => query.type).sort()).toEqual(['A', 'UNKNOWN_65']);
  });

  it("https: a record for another name and port: that name's A is asked, and the listener on the record's port wins (HEv3 §5.2)", async () => {
    const server = await listen('127.0.0.1');
    const closed = await refusedPort();
    const dns = await dnsServer({
      'svc.test': {
        HTTPS: { records: [{ priority: 1, target: 'backend.test', params: { alpn: ['h2'], port: portOf(server) } }] },
        // The host's own addresses, on the refused port, come too late to matter.
        AAAA: { addresses: ['::1'], delayMs: 2000 },
        A: { addresses: ['127.0.0.1'], delayMs: 2000 },
      },
      'backend.test': { AAAA: { addresses: [] }, A: { addresses: ['127.0.0.1'] } },
    });
    const { events, onEvent } = recorder();
    const socket = keep(await connect({ host: 'svc.test', port: closed, resolver: 'dns', dnsServers: [dns.address], https: true, onEvent }));
    expect(socket.remotePort).toBe(portOf(server));
    expect(events.filter((event) => event.type === 'attempt-started')).toMatchObject([
      { address: '127.0.0.1', port: portOf(server), service: { target: 'backend.test', priority: 1 } },
    ]);
    const answers = events.flatMap((event) => (event.type === 'dns-answer' ? [`${event.name} ${event.recordType} ${event.addresses.join()}`] : []));
    expect(answers.sort()).toEqual(['backend.test A 127.0.0.1', 'backend.test AAAA ']);
    const asked = dns.queries.map((query) => `${query.type} ${query.name}`).sort();
    expect(asked).toEqual(['A backend.test', 'A svc.test', 'AAAA backend.test', 'AAAA svc.test', 'UNKNOWN_65 svc.test']);
  });

  it('https: false (the default) sends no HTTPS query', async () => {
    const server = await listen('127.0.0.1');
    const dns = await dnsServer({ 'svc.test': { A: { addresses: ['127.0.0.1'] } } });
    keep(await connect({ host: 'svc.test', port: portOf(server), resolver: 'dns', dnsServers: [dns.address], family: 4 }));
    expect(dns.queries.map((query) => query.type)).toEqual(['A']);
  });
});
