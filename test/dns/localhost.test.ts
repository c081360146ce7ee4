import { describe, expect, it } from 'vitest';
import { answerLocalhost, isLocalhostName } from '../../src/dns/localhost.js';
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

  it('answers localhost with the loopback address of the family and asks nobody', async () => {
    const { resolver, asked } = recordingResolver();
    const wrapped = answerLocalhost(resolver);
    const signal = new AbortController().signal;
    expect(await wrapped.resolve('localhost', 6, signal)).toEqual({ addresses: ['::1'], ttl: null });
    expect(await wrapped.resolve('api.localhost.', 4, signal)).toEqual({ addresses: ['127.0.0.1'], ttl: null });
    expect(asked).toEqual([]);
    expect(wrapped.name).toBe('system');
  });

  it('passes every other name to the resolver underneath', async () => {
    const { resolver, asked } = recordingResolver();
    const answer = await answerLocalhost(resolver).resolve('example.test', 4, new AbortController().signal);
    expect(answer).toEqual({ addresses: ['192.0.2.1'], ttl: 5 });
    expect(asked).toEqual([['example.test', 4]]);
  });

  it('rejects with the reason when the signal is already aborted', async () => {
    const { resolver } = recordingResolver();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(answerLocalhost(resolver).resolve('localhost', 6, controller.signal)).rejects.toThrow('stop');
  });
});
