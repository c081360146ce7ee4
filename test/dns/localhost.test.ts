import { describe, expect, it } from 'vitest';
import { isLocalhostName, localhostResolver, resolverForHost } from '../../src/dns/localhost.js';
import type { FamilyResolver } from '../../src/dns/resolver.js';
import type { Family } from '../../src/base/family.js';

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
