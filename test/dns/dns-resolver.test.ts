import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { type DnsServer, startDnsServer } from '../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../src/dns-server/zone.js';
import { createDnsResolver } from '../../src/dns/dns-resolver.js';
import { DEFAULT_DNS_TIMEOUT_MS, DEFAULT_DNS_TRIES, parseDnsServer } from '../../src/dns/dns-query-settings.js';
import { DnsQueryError } from '../../src/errors/dns-query-error.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';

const ZONE: DnsZone = {
  'dual.test': {
    AAAA: { addresses: ['2001:db8::1', '2001:db8::2'], ttl: 30 },
    A: { addresses: ['192.0.2.1', { address: '192.0.2.2', ttl: 5 }, { address: '192.0.2.3', ttl: 600 }] },
  },
  'repeat.test': { A: { addresses: ['192.0.2.1', '192.0.2.2', '192.0.2.1'] } },
  'v4only.test': { A: { addresses: ['192.0.2.1'] } },
  'servfail.test': { A: { rcode: 'SERVFAIL' } },
  'refused.test': { AAAA: { rcode: 'REFUSED' } },
  'drop.test': { A: { drop: true }, AAAA: { drop: true } },
  'slow-aaaa.test': { AAAA: { addresses: ['2001:db8::9'], delayMs: 80 }, A: { addresses: ['192.0.2.9'] } },
  'sentinel.test': { A: { addresses: ['192.0.2.10'], delayMs: 400 } },
};

const servers: DnsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A real server on loopback and a resolver pointed at it (`startSeen`: a query the server has received). */
async function setup(options: { host?: string; timeout?: number; tries?: number } = {}) {
  let wake: (() => void) | undefined;
  const server = await startDnsServer({ zone: ZONE, ...(options.host ? { host: options.host } : {}), onQuery: () => wake?.() });
  servers.push(server);
  const resolver = createDnsResolver({ servers: [server.address], timeout: options.timeout ?? 2000, tries: options.tries ?? 1 });
  const nextQuery = (): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
    });
  /** Starts a query and returns once the server has it, with the controller that can abort it. */
  const startSeen = async (hostname: string, family: 4 | 6) => {
    const controller = new AbortController();
    const queried = nextQuery();
    const pending = resolver.resolve(hostname, family, controller.signal);
    await queried;
    return { controller, pending };
  };
  return { server, resolver, startSeen };
}

function signal(): AbortSignal {
  return new AbortController().signal;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('createDnsResolver against a real DNS server', () => {
  it('is called "dns"', async () => {
    const { resolver } = await setup();
    expect(resolver.name).toBe('dns');
  });

  it('AAAA: the addresses in answer order and their TTL', async () => {
    const { resolver, server } = await setup();
    expect(await resolver.resolve('dual.test', 6, signal())).toEqual({ addresses: ['2001:db8::1', '2001:db8::2'], ttl: 30 });
    expect(server.queries.map((query) => query.type)).toEqual(['AAAA']);
  });

  it('A: the TTL is the smallest of the answer', async () => {
    const { resolver, server } = await setup();
    expect(await resolver.resolve('dual.test', 4, signal())).toEqual({ addresses: ['192.0.2.1', '192.0.2.2', '192.0.2.3'], ttl: 5 });
    expect(server.queries.map((query) => query.type)).toEqual(['A']);
  });

  it('drops repeated addresses and keeps the first-seen order', async () => {
    const { resolver } = await setup();
    expect((await resolver.resolve('repeat.test', 4, signal())).addresses).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it('NODATA (the name exists, no AAAA) resolves empty', async () => {
    const { resolver } = await setup();
    expect(await resolver.resolve('v4only.test', 6, signal())).toEqual({ addresses: [], ttl: null });
  });

  it.each<[string, 4 | 6, string, string]>([
    ['missing.test', 4, 'ENOTFOUND', 'NXDOMAIN'],
    ['servfail.test', 4, 'ESERVFAIL', 'SERVFAIL'],
    ['refused.test', 6, 'EREFUSED', 'REFUSED'],
  ])('%s (family %i) rejects with a DnsQueryError %s', async (hostname, family, code, words) => {
    const { resolver } = await setup();
    const error = await rejection(resolver.resolve(hostname, family, signal()));
    expect(error).toBeInstanceOf(DnsQueryError);
    expect(error).toMatchObject({ code, hostname, family, recordType: family === 6 ? 'AAAA' : 'A', cause: { code } });
    expect((error as Error).message).toContain(words);
  });

  it('a server that never answers: ETIMEOUT after the tries, each of them seen by the server', async () => {
    const { resolver, server } = await setup({ timeout: 200, tries: 1 });
    const error = await rejection(resolver.resolve('drop.test', 4, signal()));
    expect(error).toBeInstanceOf(DnsQueryError);
    expect(error).toMatchObject({ code: 'ETIMEOUT', recordType: 'A' });
    expect(server.queries).toHaveLength(1);

    const twice = createDnsResolver({ servers: [server.address], timeout: 100, tries: 2 });
    await expect(twice.resolve('drop.test', 6, signal())).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(server.queries.map((query) => query.type)).toEqual(['A', 'AAAA', 'AAAA']);
  });

  it('nobody listening on the port: ECONNREFUSED', async () => {
    const { server } = await setup();
    await server.close();
    const resolver = createDnsResolver({ servers: [server.address], timeout: 2000, tries: 1 });
    await expect(resolver.resolve('dual.test', 4, signal())).rejects.toMatchObject({ name: 'DnsQueryError', code: 'ECONNREFUSED' });
  });

  it('a late answer: queried together, A comes back before the delayed AAAA, both complete', async () => {
    const { resolver } = await setup();
    const order: string[] = [];
    const aaaa = resolver.resolve('slow-aaaa.test', 6, signal()).then((answer) => {
      order.push('AAAA');
      return answer;
    });
    const a = resolver.resolve('slow-aaaa.test', 4, signal()).then((answer) => {
      order.push('A');
      return answer;
    });
    expect(await Promise.all([aaaa, a])).toEqual([
      { addresses: ['2001:db8::9'], ttl: 60 },
      { addresses: ['192.0.2.9'], ttl: 60 },
    ]);
    expect(order).toEqual(['A', 'AAAA']);
  });

  it('abort mid-query: rejects with the reason itself, the server saw the query, no listener is left', async () => {
    // A long c-ares timeout: only the abort can end this query before the test times out.
    const { server, startSeen } = await setup({ timeout: 600_000, tries: 1 });
    const { controller, pending } = await startSeen('drop.test', 6);
    const reason = new Error('stop');
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(server.queries.map((query) => `${query.name} ${query.type}`)).toEqual(['drop.test AAAA']);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('abort cancels the c-ares query: it is not sent again', async () => {
    // Unanswered, c-ares would retry after 50 ms and again after about 150 ms.
    const { server, startSeen } = await setup({ timeout: 50, tries: 3 });
    const { controller, pending } = await startSeen('drop.test', 6);
    controller.abort();
    await rejection(pending);
    // The server answers the sentinel 400 ms after it asks: any retry of the cancelled query would be logged by then.
    const patient = createDnsResolver({ servers: [server.address], timeout: 5000, tries: 1 });
    await patient.resolve('sentinel.test', 4, signal());
    expect(server.queries.map((query) => `${query.name} ${query.type}`)).toEqual(['drop.test AAAA', 'sentinel.test A']);
  });

  it('cancels only its own query: a concurrent one still gets its answer', async () => {
    const { resolver, startSeen } = await setup({ timeout: 600_000, tries: 1 });
    const { controller, pending: doomed } = await startSeen('drop.test', 4);
    const survivor = resolver.resolve('slow-aaaa.test', 6, signal());
    controller.abort();
    await expect(doomed).rejects.toMatchObject({ name: 'AbortError' });
    expect(await survivor).toEqual({ addresses: ['2001:db8::9'], ttl: 60 });
  });

  it('queries under one signal (they share a c-ares channel) are cancelled together; another signal keeps its own', async () => {
    const { resolver, startSeen } = await setup({ timeout: 600_000, tries: 1 });
    const { controller, pending: aaaa } = await startSeen('drop.test', 6);
    const a = resolver.resolve('drop.test', 4, controller.signal);
    const survivor = resolver.resolve('slow-aaaa.test', 6, signal());
    const reason = new Error('stop both');
    controller.abort(reason);
    expect(await rejection(aaaa)).toBe(reason);
    expect(await rejection(a)).toBe(reason);
    expect(await survivor).toEqual({ addresses: ['2001:db8::9'], ttl: 60 });
  });

  it('an already aborted signal rejects at once without a query', async () => {
    const { resolver, server } = await setup();
    const reason = new Error('too late');
    expect(await rejection(resolver.resolve('dual.test', 4, AbortSignal.abort(reason)))).toBe(reason);
    expect(server.queries).toEqual([]);
  });

  it('removes its abort listener after an answer and after a failure', async () => {
    const { resolver } = await setup();
    const controller = new AbortController();
    await resolver.resolve('dual.test', 4, controller.signal);
    await rejection(resolver.resolve('missing.test', 4, controller.signal));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('talks to a server on ::1 through [::1]:port', async () => {
    const { resolver, server } = await setup({ host: '::1' });
    expect(server.address).toMatch(/^\[::1\]:\d+$/);
    expect(await resolver.resolve('dual.test', 6, signal())).toMatchObject({ addresses: ['2001:db8::1', '2001:db8::2'] });
  });
});

describe('createDnsResolver options', () => {
  it('has named defaults', () => {
    expect([DEFAULT_DNS_TIMEOUT_MS, DEFAULT_DNS_TRIES]).toEqual([5000, 2]);
  });

  it.each(['localhost', '127.0.0.1:0', '[::1]:99999', 'fe80::1%eth0'])('refuses the server %j up front, naming it', (server) => {
    expect(() => createDnsResolver({ servers: ['127.0.0.1', server] })).toThrow(InvalidOptionError);
    expect(() => createDnsResolver({ servers: [server] })).toThrow(JSON.stringify(server));
  });

  it.each<[string, object]>([
    ['timeout 0', { timeout: 0 }],
    ['timeout 1.5', { timeout: 1.5 }],
    ['tries 0', { tries: 0 }],
    ['tries NaN', { tries: Number.NaN }],
  ])('refuses %s', (_label, options) => {
    expect(() => createDnsResolver(options)).toThrow(InvalidOptionError);
  });
});

describe('parseDnsServer', () => {
  it.each<[string, string, number]>([
    ['127.0.0.1', '127.0.0.1', 53],
    ['127.0.0.1:5353', '127.0.0.1', 5353],
    ['[::1]:5353', '::1', 5353],
    ['[::1]', '::1', 53],
    ['::1', '::1', 53],
    // A bare IPv6 literal is all address: this is ::1:53 on port 53, not ::1 on port 53.
    ['::1:53', '::1:53', 53],
    ['[2001:db8::53]:65535', '2001:db8::53', 65535],
  ])('%s', (text, host, port) => {
    expect(parseDnsServer(text)).toEqual({ host, port });
  });

  it.each([
    '',
    'localhost',
    'localhost:53',
    'dns.example:53',
    '127.0.0.1:',
    '127.0.0.1:0',
    '127.0.0.1:65536',
    '127.0.0.1:5x',
    '127.0.0.1:+53',
    '127.0.0.1:53:53',
    ' 127.0.0.1',
    '[127.0.0.1]:53',
    '[::1]:',
    '[::1]:x',
    '[::1',
    '[fe80::1%eth0]:53',
    'fe80::1%eth0',
  ])('refuses %j with an InvalidOptionError naming the text', (text) => {
    expect(() => parseDnsServer(text, '--dns-server')).toThrow(InvalidOptionError);
    expect(() => parseDnsServer(text, '--dns-server')).toThrow(
      `Expected \`--dns-server\` to be a DNS server as IP, IP:PORT or [IPv6]:PORT, got ${JSON.stringify(text)}`,
    );
  });
});
