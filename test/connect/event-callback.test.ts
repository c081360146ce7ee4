/*
 * An `onEvent` callback that throws, on real loopback sockets: connect() always settles, rejects with an
 * `CallbackError` whose `cause` is what the callback threw, raises no unhandled rejection, and leaves
 * nothing open (the winning socket included: the server sees it close).
 */
import { createServer, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/connect/connect.js';
import { CallbackError } from '../../src/errors/callback-error.js';
import type { ConnectOptions } from '../../src/connect/options.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { useCleanups } from '../helpers/cleanups.js';
import { Loopback } from '../helpers/loopback.js';

const defer = useCleanups();
const loopback = new Loopback();
afterEach(() => loopback.close());

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** A listener on 127.0.0.1 that keeps what it accepts; `closed` resolves once every accepted socket has closed. */
async function server(): Promise<{ port: number; accepted: () => number; allClosed: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const closes: Array<Promise<void>> = [];
  const listener = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    closes.push(new Promise((resolve) => socket.on('close', () => resolve())));
  });
  await new Promise<void>((resolve) => listener.listen({ host: '127.0.0.1', port: 0 }, resolve));
  defer(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        listener.close(() => resolve());
      }),
  );
  const address = listener.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return { port: address.port, accepted: () => sockets.length, allClosed: async () => void (await Promise.all(closes)) };
}

/** connect(), throwing from onEvent on the first event of `type`; settles within 3 s or says it did not. */
async function throwingOn(type: TraceEvent['type'], options: ConnectOptions): Promise<{ outcome: unknown; thrown: Error; seen: string[] }> {
  const thrown = new Error(`callback broke on ${type}`);
  const seen: string[] = [];
  const onEvent = (event: TraceEvent): void => {
    seen.push(event.type);
    if (event.type === type) throw thrown;
  };
  const connection = connect({ ...options, onEvent }).then(
    (socket) => {
      defer(() => socket.destroy());
      return { resolved: socket.remoteAddress };
    },
    (error: unknown) => error,
  );
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise((resolve) => {
    timer = setTimeout(() => resolve('never settled'), 3000);
  });
  const outcome = await Promise.race([connection, hang]);
  clearTimeout(timer);
  return { outcome, thrown, seen };
}

describe('onEvent that throws', () => {
  it.each(['addresses-sorted', 'attempt-started', 'attempt-succeeded', 'connected'] as const)(
    'on %s: rejects with the error as cause, and the connection made is closed',
    async (type) => {
      const { port, accepted, allClosed } = await server();
      const { outcome, thrown, seen } = await throwingOn(type, { host: '127.0.0.1', port });
      expect(outcome).toBeInstanceOf(CallbackError);
      const error = outcome as CallbackError;
      expect(error.cause).toBe(thrown);
      expect(error.code).toBe('EYEBALL_CALLBACK_FAILED');
      expect(error.message).toBe(`\`onEvent\` threw on the "${type}" event: callback broke on ${type}`);
      expect(error.eventType).toBe(type);
      // Nothing after the throw reaches the callback.
      expect(seen.at(-1)).toBe(type);
      await allClosed();
      expect(accepted()).toBeLessThanOrEqual(1);
      expect(unhandled).toEqual([]);
    },
  );

  it('on dns-answer (a real DNS server): rejects, the other query is cancelled, nothing is left', async () => {
    const { port } = await server();
    const dns = await loopback.dnsServer({ 'slow.test': { AAAA: { addresses: ['::1'], delayMs: 2000 }, A: { addresses: ['127.0.0.1'] } } });
    const { outcome, thrown } = await throwingOn('dns-answer', { host: 'slow.test', port, resolver: 'dns', dnsServers: [dns.address] });
    expect(outcome).toBeInstanceOf(CallbackError);
    expect((outcome as CallbackError).cause).toBe(thrown);
    expect(unhandled).toEqual([]);
  });

  it('on failed (a refused port): rejects with the callback error, the connection failure unreported', async () => {
    const port = await loopback.refusedPort();
    const { outcome, thrown } = await throwingOn('failed', { host: '127.0.0.1', port });
    expect(outcome).toBeInstanceOf(CallbackError);
    expect((outcome as CallbackError).cause).toBe(thrown);
    expect(unhandled).toEqual([]);
  });

  it('throwing a non-Error value: the value is the cause', async () => {
    const { port } = await server();
    const outcome = await connect({
      host: '127.0.0.1',
      port,
      onEvent: (event) => {
        if (event.type === 'attempt-started') throw 'just a string'; // eslint-disable-line @typescript-eslint/only-throw-error
      },
    }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(CallbackError);
    expect((outcome as CallbackError).cause).toBe('just a string');
    expect((outcome as CallbackError).message).toBe('`onEvent` threw on the "attempt-started" event: just a string');
  });
});
