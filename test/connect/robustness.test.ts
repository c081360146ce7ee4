/*
 * connect() against targets that misbehave after the handshake, and thousands of connects in a row, all on
 * loopback with real sockets. What is asserted:
 *
 *   - a reset after the connection is established reaches the caller's socket as ECONNRESET (the
 *     connection counted as made: TCP connected);
 *   - a reset the moment the server accepts, with the server in this same process, beats the client's
 *     own `connect` event: the listener was ready before the client's socket was even registered with the
 *     event loop, so libuv accepts (and resets) first. connect() then reports the attempt as reset, as
 *     `net.connect` does in the same place (compared below, not assumed);
 *   - a server that accepts and never speaks: connect() resolves, its timers are gone, the socket is open
 *     and idle, and closing it reaches the server and leaves nothing behind;
 *   - 2000 connects and 500 refusals, one after another, leave no file descriptor and no handle behind.
 */
import { readdirSync } from 'node:fs';
import { connect as netConnect, createServer, type Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { connect } from '../../src/connect/connect.js';
import { type DnsServer, startDnsServer } from '../../src/dns-server/dns-server.js';
import { ConnectionFailedError } from '../../src/errors/connection-failed-error.js';
import { useCleanups } from '../helpers/cleanups.js';
import { Loopback } from '../helpers/loopback.js';
import { countOpenHandles } from '../helpers/open-handles.js';

const defer = useCleanups();

/** A listener on 127.0.0.1 that hands each accepted socket to `onAccept`; closed (with its sockets) after the test. */
async function listen(onAccept: (socket: Socket) => void): Promise<{ port: number }> {
  const accepted = new Set<Socket>();
  const server = createServer((socket) => {
    accepted.add(socket);
    socket.on('close', () => accepted.delete(socket));
    socket.on('error', () => {});
    onAccept(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  defer(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of accepted) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return { port: address.port };
}

function keep(socket: Socket): Socket {
  defer(() => {
    socket.destroy();
  });
  return socket;
}

/** The first of `error` (its code) or `close` on a socket. */
function ending(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error without a code'));
    socket.once('close', () => resolve('close'));
  });
}

/** How `net.connect` sees the same target: `connect` or the code of the error that came first. */
function netOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connect');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve(error.code ?? 'error without a code');
    });
  });
}

const openFileDescriptors = (): number => readdirSync('/proc/self/fd').length;

/** Active resources by kind, without timers (the test runner keeps its own). */
function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) if (name !== 'Timeout') counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** Lets closes and pending callbacks run, as countOpenHandles does. */
async function settle(): Promise<void> {
  await countOpenHandles();
}

describe('a target that resets', () => {
  it('after the connection is made: connect() resolves, and the reset reaches the socket as ECONNRESET', async () => {
    const accepted: Socket[] = [];
    const { port } = await listen((socket) => accepted.push(socket));
    const socket = keep(await connect({ host: '127.0.0.1', port, timeout: 5000 }));
    expect(socket.remoteAddress).toBe('127.0.0.1');
    expect(socket.destroyed).toBe(false);
    const end = ending(socket);
    expect(accepted).toHaveLength(1);
    accepted[0]?.resetAndDestroy();
    expect(await end).toBe('ECONNRESET');
    expect(socket.destroyed).toBe(true);
  });

  it('the moment it accepts (same process): the reset beats the connect event, for connect() as for net.connect', async () => {
    const { port } = await listen((socket) => socket.resetAndDestroy());
    expect(await netOutcome(port)).toBe('ECONNRESET');
    const error = await connect({ host: '127.0.0.1', port, timeout: 5000 }).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ConnectionFailedError);
    const failed = error as ConnectionFailedError;
    expect(failed.attempts.map((attempt) => [attempt.address, (attempt.error as NodeJS.ErrnoException).code])).toEqual([['127.0.0.1', 'ECONNRESET']]);
    expect(failed.message).toContain('127.0.0.1');
    expect(failed.message).toContain('ECONNRESET');
  });
});

describe('a target that accepts and never speaks', () => {
  it('connect() resolves, leaves no timer running, and the idle socket stays open until closed', async () => {
    const accepted: Socket[] = [];
    const { port } = await listen((socket) => accepted.push(socket));
    // Both the overall timeout and the per-attempt timeout arm timers; neither may outlive the connect. The
    // library's timers are counted apart from the process's others (a stray timer of the runner ending in
    // between would make a global count pass or fail by chance).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let socket: Socket;
    try {
      socket = keep(await connect({ host: '127.0.0.1', port, timeout: 60_000, attemptTimeout: 60_000 }));
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(socket.timeout).toBeUndefined();
    await settle();
    // Nothing arrives and nothing ends it: eyeball hands over the connection and keeps no hold on it.
    expect([socket.readyState, socket.bytesRead, socket.destroyed]).toEqual(['open', 0, false]);
    const serverSide = accepted[0];
    if (serverSide === undefined) throw new Error('the server accepted nothing');
    const serverClosed = new Promise<void>((resolve) => serverSide.once('close', () => resolve()));
    socket.destroy();
    await serverClosed;
    expect(socket.destroyed).toBe(true);
  });
});

describe('thousands of connects in a row', () => {
  it('2000 connects and 500 refusals leave no file descriptor and no handle behind', async () => {
    const { port } = await listen((socket) => socket.destroy());
    const refused = await new Loopback().refusedPort();
    await settle();
    const fdsBefore = openFileDescriptors();
    const resourcesBefore = resourceCounts();

    let connected = 0;
    for (let i = 0; i < 2000; i++) {
      const socket = await connect({ host: '127.0.0.1', port, timeout: 5000 });
      connected++;
      socket.destroy();
    }
    let refusals = 0;
    for (let i = 0; i < 500; i++) {
      await connect({ host: '127.0.0.1', port: refused, timeout: 5000 }).then(
        (socket) => socket.destroy(),
        (error: unknown) => {
          if (error instanceof ConnectionFailedError && (error.errors[0] as NodeJS.ErrnoException).code === 'ECONNREFUSED') refusals++;
        },
      );
    }
    await settle();

    expect([connected, refusals]).toEqual([2000, 500]);
    expect(openFileDescriptors()).toBe(fdsBefore);
    expect(resourceCounts()).toEqual(resourcesBefore);
  });

  it('500 connects by name through the dns resolver (a c-ares channel and a source probe each) leave nothing behind', async () => {
    const { port } = await listen((socket) => socket.destroy());
    const dns: DnsServer = await startDnsServer({ zone: { 'v4.test': { A: { addresses: ['127.0.0.1'] } } } });
    defer(() => dns.close());
    await settle();
    const fdsBefore = openFileDescriptors();
    const resourcesBefore = resourceCounts();

    for (let i = 0; i < 500; i++) {
      const socket = await connect({ host: 'v4.test', port, resolver: 'dns', dnsServers: [dns.address], timeout: 5000 });
      socket.destroy();
    }
    await settle();

    expect(dns.queries).toHaveLength(1000);
    expect(openFileDescriptors()).toBe(fdsBefore);
    expect(resourceCounts()).toEqual(resourcesBefore);
  });
});
