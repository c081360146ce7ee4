import { promises as dns } from 'node:dns';
import { getEventListeners } from 'node:events';
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createSystemResolver, type SystemLookup, systemResolver } from '../../src/dns/system-resolver.js';
import { DnsQueryError } from '../../src/errors/dns-query-error.js';
import type { Family } from '../../src/base/family.js';

function signal(): AbortSignal {
  return new AbortController().signal;
}

async function outcome(promise: Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** A lookup that answers when the test says so, and counts its calls. */
function deferredLookup() {
  const calls: Array<[string, Family]> = [];
  let settle: { resolve: (entries: Array<{ address: string }>) => void; reject: (error: unknown) => void } | undefined;
  const lookup: SystemLookup = (hostname, family) => {
    calls.push([hostname, family]);
    return new Promise((resolve, reject) => {
      settle = { resolve, reject };
    });
  };
  return {
    lookup,
    calls,
    resolve: (addresses: string[]) => settle?.resolve(addresses.map((address) => ({ address }))),
    reject: (error: unknown) => settle?.reject(error),
  };
}

/** The shape of Node's getaddrinfo errors (lib/internal/errors.js dnsException): EAI_NODATA and EAI_NONAME both become ENOTFOUND. */
function getaddrinfoError(hostname: string, code: string, errno: number): Error {
  return Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, errno, syscall: 'getaddrinfo', hostname });
}

describe('systemResolver (the OS resolver on this machine)', () => {
  it('is called "system"', () => {
    expect(systemResolver.name).toBe('system');
  });

  it('localhost, family 4: 127.0.0.1 with no TTL', async () => {
    expect(await systemResolver.resolve('localhost', 4, signal())).toEqual({ addresses: ['127.0.0.1'], ttl: null });
  });

  // Whatever getaddrinfo says for these (an /etc/hosts entry, NODATA, NXDOMAIN, EAI_AGAIN without a network),
  // the resolver must say the same in its own terms; the oracle is dns.lookup called directly.
  it.each<[string, Family]>([
    ['localhost', 4],
    ['localhost', 6],
    ['no-such-host.invalid', 4],
    ['no-such-host.invalid', 6],
  ])('%s, family %i, agrees with dns.lookup', async (hostname, family) => {
    const direct = await outcome(dns.lookup(hostname, { family, all: true }));
    const ours = await outcome(systemResolver.resolve(hostname, family, signal()));
    if (direct.ok) {
      const addresses = [...new Set((direct.value as Array<{ address: string }>).map((entry) => entry.address))];
      expect(ours).toEqual({ ok: true, value: { addresses, ttl: null } });
      return;
    }
    const { code, errno } = direct.error as { code: string; errno: number };
    if (errno === -3007 /* UV_EAI_NODATA */) {
      expect(ours).toEqual({ ok: true, value: { addresses: [], ttl: null } });
      return;
    }
    expect(ours.ok).toBe(false);
    const error = (ours as { error: unknown }).error;
    expect(error).toBeInstanceOf(DnsQueryError);
    expect(error).toMatchObject({ code, hostname, family, recordType: family === 6 ? 'AAAA' : 'A', cause: { code, errno } });
  });

  it('a name under .invalid rejects with a DnsQueryError that keeps the OS code', async () => {
    const result = await outcome(systemResolver.resolve('eyeball-test.invalid', 4, signal()));
    expect(result.ok).toBe(false);
    const error = (result as { error: DnsQueryError }).error;
    expect(error).toBeInstanceOf(DnsQueryError);
    expect(typeof error.code).toBe('string');
    expect(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL']).toContain(error.code);
    expect(error).toMatchObject({ hostname: 'eyeball-test.invalid', family: 4, recordType: 'A' });
    expect((error.cause as { syscall?: string }).syscall).toBe('getaddrinfo');
  });

  it('abort: rejects at once with the reason, though getaddrinfo runs on; its late failure is ignored', async () => {
    const controller = new AbortController();
    const pending = outcome(systemResolver.resolve('eyeball-abort.invalid', 6, controller.signal));
    const reason = new Error('stop');
    controller.abort(reason);
    expect(await pending).toEqual({ ok: false, error: reason });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an already aborted signal rejects with its reason', async () => {
    const reason = new Error('before');
    expect(await outcome(systemResolver.resolve('localhost', 4, AbortSignal.abort(reason)))).toEqual({ ok: false, error: reason });
  });
});

describe('createSystemResolver (the lookup under test control)', () => {
  it('asks once per call, for the one family, and removes duplicates keeping the order', async () => {
    const fake = deferredLookup();
    const pending = createSystemResolver(fake.lookup).resolve('dup.test', 6, signal());
    fake.resolve(['2001:db8::2', '2001:db8::1', '2001:db8::2']);
    expect(await pending).toEqual({ addresses: ['2001:db8::2', '2001:db8::1'], ttl: null });
    expect(fake.calls).toEqual([['dup.test', 6]]);
  });

  it('EAI_NODATA (reported by Node as ENOTFOUND with errno -3007) resolves empty', async () => {
    const fake = deferredLookup();
    const pending = createSystemResolver(fake.lookup).resolve('v4only.test', 6, signal());
    fake.reject(getaddrinfoError('v4only.test', 'ENOTFOUND', -3007));
    expect(await pending).toEqual({ addresses: [], ttl: null });
  });

  it('EAI_NONAME (ENOTFOUND, errno -3008) and EAI_AGAIN reject with their codes', async () => {
    for (const [code, errno] of [
      ['ENOTFOUND', -3008],
      ['EAI_AGAIN', -3001],
    ] as const) {
      const fake = deferredLookup();
      const pending = outcome(createSystemResolver(fake.lookup).resolve('x.test', 4, signal()));
      const cause = getaddrinfoError('x.test', code, errno);
      fake.reject(cause);
      const result = await pending;
      expect(result).toMatchObject({ ok: false, error: { name: 'DnsQueryError', code, cause } });
    }
  });

  it("a lookup's error that says when its answer came (the CLI's lookup process) keeps that time as receivedAt", async () => {
    const fake = deferredLookup();
    const pending = outcome(createSystemResolver(fake.lookup).resolve('x.test', 4, signal()));
    fake.reject(Object.assign(getaddrinfoError('x.test', 'ENOTFOUND', -3008), { answeredAt: 1234.5 }));
    expect(await pending).toMatchObject({ ok: false, error: { name: 'DnsQueryError', code: 'ENOTFOUND', receivedAt: 1234.5 } });
  });

  it('no lookup at all when the signal is already aborted', async () => {
    const fake = deferredLookup();
    await outcome(createSystemResolver(fake.lookup).resolve('x.test', 4, AbortSignal.abort()));
    expect(fake.calls).toEqual([]);
  });

  it('a result that lands after the abort is ignored, a failure too, with no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      for (const late of ['answer', 'failure'] as const) {
        const fake = deferredLookup();
        const controller = new AbortController();
        const pending = outcome(createSystemResolver(fake.lookup).resolve('x.test', 4, controller.signal));
        controller.abort('gone');
        if (late === 'answer') fake.resolve(['192.0.2.1']);
        else fake.reject(getaddrinfoError('x.test', 'ENOTFOUND', -3008));
        expect(await pending).toEqual({ ok: false, error: 'gone' });
      }
      await setImmediate();
      await setImmediate();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
