/*
 * The black hole on real loopback sockets. "Nothing happens" can only be observed in real time, so the
 * hanging connects are watched for SILENCE_MS: an outcome assertion (neither connected nor refused), not
 * a timing goal. A connect that gets through completes in milliseconds and a refusal is immediate.
 */
import { readFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { BLACK_HOLE_ERROR_CODE, type BlackHole, createBlackHole } from '../../../src/cli/demo/black-hole.js';
import { EyeballError } from '../../../src/errors/eyeball-error.js';
import { InvalidOptionError } from '../../../src/errors/invalid-option-error.js';

const SILENCE_MS = 300;

type ConnectOutcome = 'connected' | 'silent' | string;

/** Connects, waits at most SILENCE_MS for 'connect' or an error, then closes the socket. */
async function tryConnect(host: string, port: number): Promise<ConnectOutcome> {
  const socket = createConnection({ host, port });
  const outcome = await new Promise<ConnectOutcome>((resolve) => {
    const timer = setTimeout(() => resolve('silent'), SILENCE_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code ?? error.message);
    });
  });
  socket.on('error', () => {});
  if (!socket.closed) await new Promise((resolve) => socket.once('close', resolve).destroy());
  return outcome;
}

function listen(host: string, port: number): Promise<Server> {
  const server = createServer((socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject).listen({ host, port }, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Handles and requests alive now, and the number of OS threads (the listener thread is not a resource). */
function resources(): { handles: string[]; threads: number } {
  const handles = process
    .getActiveResourcesInfo()
    .filter((name) => name !== 'Timeout')
    .sort();
  const threads = Number(/^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
  return { handles, threads };
}

/**
 * The same after letting pending close callbacks run: Node emits a server's 'close' and a refused socket's
 * 'close' before libuv has released the handle, a loop turn later. `close()` itself must not need this.
 */
async function settledResources(): Promise<{ handles: string[]; threads: number }> {
  for (let turn = 0; turn < 3; turn++) await nextLoopTurn();
  return resources();
}

/** TcpExt ListenOverflows from /proc/net/netstat: SYNs and ACKs dropped because an accept queue was full. */
function listenOverflows(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const header = lines.findIndex((line) => line.startsWith('TcpExt:') && line.includes('ListenOverflows'));
  const names = lines[header]?.split(/\s+/) ?? [];
  const values = lines[header + 1]?.split(/\s+/) ?? [];
  return Number(values[names.indexOf('ListenOverflows')]);
}

const holes: BlackHole[] = [];
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(holes.splice(0).map((hole) => hole.close()));
  await Promise.all(
    servers
      .splice(0)
      .filter((server) => server.listening)
      .map(closeServer),
  );
});

describe('createBlackHole', () => {
  it.each(['127.0.0.1', '::1'])('on %s: a connect neither completes nor is refused; after close() the port refuses', async (host) => {
    const before = await settledResources();
    const hole = await createBlackHole({ host });
    holes.push(hole);
    expect(hole.host).toBe(host);
    expect(hole.port).toBeGreaterThan(0);

    // Two in a row: the first dropped SYN does not open a slot for the next one. The kernel counts each
    // SYN it drops for a full accept queue (the counter is system-wide, so only a lower bound holds).
    const overflowsBefore = listenOverflows();
    expect(await tryConnect(host, hole.port)).toBe('silent');
    expect(await tryConnect(host, hole.port)).toBe('silent');
    expect(listenOverflows() - overflowsBefore).toBeGreaterThanOrEqual(2);

    await hole.close();
    expect(resources()).toEqual(before);
    expect(await tryConnect(host, hole.port)).toBe('ECONNREFUSED');
    expect(await settledResources()).toEqual(before);
  });

  it('a black hole on [::1]:P leaves 127.0.0.1:P free for a real listener', async () => {
    const before = await settledResources();
    const hole = await createBlackHole({ host: '::1' });
    holes.push(hole);
    const server = await listen('127.0.0.1', hole.port);
    servers.push(server);

    expect(await tryConnect('127.0.0.1', hole.port)).toBe('connected');
    expect(await tryConnect('::1', hole.port)).toBe('silent');

    await hole.close();
    await closeServer(server);
    expect(await settledResources()).toEqual(before);
  });

  it('takes a given port: the same number a real listener already has on the other family', async () => {
    const server = await listen('127.0.0.1', 0);
    servers.push(server);
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');

    const hole = await createBlackHole({ host: '::1', port: address.port });
    holes.push(hole);
    expect(hole.port).toBe(address.port);
    expect(await tryConnect('::1', address.port)).toBe('silent');
    expect(await tryConnect('127.0.0.1', address.port)).toBe('connected');
  });

  it('close() can be called twice and leaves nothing behind', async () => {
    const before = await settledResources();
    const hole = await createBlackHole({ host: '127.0.0.1' });
    await Promise.all([hole.close(), hole.close()]);
    await hole.close();
    expect(resources()).toEqual(before);
    expect(await tryConnect('127.0.0.1', hole.port)).toBe('ECONNREFUSED');
  });

  it('reports a port that is taken as an EyeballError with the EADDRINUSE cause, leaking nothing', async () => {
    const server = await listen('::1', 0);
    servers.push(server);
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const before = await settledResources();

    const failure = await createBlackHole({ host: '::1', port: address.port }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EyeballError);
    expect(failure).toMatchObject({ code: BLACK_HOLE_ERROR_CODE, cause: { code: 'EADDRINUSE' } });
    expect((failure as Error).message).toBe(`cannot listen on [::1]:${address.port}: listen EADDRINUSE: address already in use ::1:${address.port}`);
    expect(await settledResources()).toEqual(before);
  });

  it.each([
    ['host', { host: '192.0.2.1' }],
    ['host', { host: 'localhost' }],
    ['host', { host: '::2' }],
    ['port', { host: '127.0.0.1', port: 70_000 }],
    ['port', { host: '127.0.0.1', port: 1.5 }],
  ])('refuses a bad %s before opening anything', async (option, options) => {
    const before = await settledResources();
    const failure = await createBlackHole(options).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidOptionError);
    expect(failure).toMatchObject({ option });
    expect(await settledResources()).toEqual(before);
  });
});
