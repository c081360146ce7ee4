import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/connect/connect.js';
import { isLocalhostName, localhostResolver, resolverForHost } from '../../src/dns/localhost.js';
import type { FamilyResolver } from '../../src/dns/resolver.js';
import type { Family } from '../../src/base/family.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { Loopback } from '../helpers/loopback.js';

describe('localhost names (RFC 6761 §6.3)', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['localhost.', true],
    ['app.localhost', true],
    ['a.b.localhost.', true],
    ['localhost.example', false],
    ['notlocalhost', false],
    ['mylocalhost', false],
    ['example.com', false],
  ])('%s -> %s', (name, expected) => {
    expect(isLocalhostName(name)).toBe(expected);
  });

  function recordingResolver(): { resolver: FamilyResolver; asked: Array<[string, Family]> } {
    const asked: Array<[string, Family]> = [];
    return {
      asked,
      resolver: {
        name: 'system',
        resolve: (hostname, family) => {
          asked.push([hostname, family]);
          return Promise.resolve({ addresses: ['192.0.2.1'], ttl: 5 });
        },
      },
    };
  }

  it('a localhost name gets the rfc6761 resolver: the loopback address of the family, and nobody is asked', async () => {
    const { resolver, asked } = recordingResolver();
    const signal = new AbortController().signal;
    const forLocalhost = resolverForHost('localhost', resolver);
    expect(forLocalhost.name).toBe('rfc6761');
    expect(await forLocalhost.resolve('localhost', 6, signal)).toEqual({ addresses: ['::1'], ttl: null });
    expect(await resolverForHost('api.localhost.', resolver).resolve('api.localhost.', 4, signal)).toEqual({ addresses: ['127.0.0.1'], ttl: null });
    expect(asked).toEqual([]);
  });

  it('every other name keeps the resolver it was given', async () => {
    const { resolver, asked } = recordingResolver();
    const chosen = resolverForHost('example.test', resolver);
    expect(chosen).toBe(resolver);
    expect(await chosen.resolve('example.test', 4, new AbortController().signal)).toEqual({ addresses: ['192.0.2.1'], ttl: 5 });
    expect(asked).toEqual([['example.test', 4]]);
  });

  it('the rfc6761 resolver sends no query for another name either (a NAT64 discovery query, say)', async () => {
    await expect(localhostResolver.resolve('ipv4only.arpa', 6, new AbortController().signal)).rejects.toMatchObject({
      name: 'DnsQueryError',
      code: 'ENOTFOUND',
      message: 'ipv4only.arpa is not a localhost name: the rfc6761 resolver sends no query',
    });
  });

  it('a localhost name has no HTTPS records and no DNS server', async () => {
    expect(await localhostResolver.resolveHttps?.('localhost', new AbortController().signal)).toEqual({ records: [], ttl: null, malformed: 0 });
    expect(localhostResolver.httpsServer?.('localhost')).toBeNull();
  });

  it('rejects with the reason when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(localhostResolver.resolve('localhost', 6, controller.signal)).rejects.toThrow('stop');
  });
});

describe('connect() and localhost', () => {
  const loopback = new Loopback();
  afterEach(() => loopback.close());

  it.each(['system', 'dns'] as const)(
    "resolver '%s': the trace says the rfc6761 resolver answered, and no DNS server was asked",
    async (resolver) => {
      const port = await loopback.listen('::1');
      await loopback.listen('127.0.0.1', port);
      const server = await loopback.dnsServer({});
      const events: TraceEvent[] = [];
      const socket = await connect({
        host: 'localhost',
        port,
        resolver,
        ...(resolver === 'dns' ? { dnsServers: [server.address] } : {}),
        onEvent: (event) => events.push(event),
      });
      socket.destroy();
      const dns = events.flatMap(
        (event): Array<[string, string | readonly string[]]> =>
          event.type === 'dns-query'
            ? [[event.recordType, event.resolver]]
            : event.type === 'dns-answer'
              ? [[event.recordType, event.addresses]]
              : [],
      );
      expect(dns).toEqual(
        expect.arrayContaining([
          ['AAAA', 'rfc6761'],
          ['A', 'rfc6761'],
          ['AAAA', ['::1']],
          ['A', ['127.0.0.1']],
        ]),
      );
      expect(dns).toHaveLength(4);
      expect(server.queries).toEqual([]);
    },
  );

  it('a resolver of your own is asked for localhost like any other name', async () => {
    const port = await loopback.listen('127.0.0.1');
    const asked: Array<[string, Family]> = [];
    const own: FamilyResolver = {
      name: 'mine',
      resolve: (hostname, family) => {
        asked.push([hostname, family]);
        return Promise.resolve({ addresses: family === 4 ? ['127.0.0.1'] : [], ttl: null });
      },
    };
    const socket = await connect({ host: 'localhost', port, resolver: own });
    socket.destroy();
    expect(asked.sort()).toEqual([
      ['localhost', 4],
      ['localhost', 6],
    ]);
  });
});
