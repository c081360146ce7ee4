/*
 * A black hole on loopback: a port whose connects neither complete nor are refused, like a dead host,
 * without root (no firewall rule, no unroutable address).
 *
 *   - a listener with a tiny backlog that never calls accept(). Node's own servers accept as soon as the
 *     socket is readable, so the listener lives in a worker thread parked in `Atomics.wait` right after
 *     listen(): the kernel's accept queue is all there is;
 *   - the accept queue is filled with connections from this process. Once it is full (Linux keeps
 *     backlog + 1), `tcp_conn_request` drops every new SYN and the client retransmits as with a dead host.
 *     SYN cookies do not help: the accept-queue check comes after them.
 *
 * Rather than trusting the backlog + 1 count, the queue is filled until a connect stays silent for
 * PROBE_WINDOW_MS: a queued connect completes within milliseconds on loopback, a dropped SYN is retried
 * only after a second.
 */
import { createConnection, isIPv6, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { commonPrefixLength, parseIPv4, parseIPv6 } from '../../dns/ip-address.js';
import { formatHostPort } from '../../base/host-port.js';
import { EyeballError } from '../../errors/eyeball-error.js';
import { InvalidOptionError } from '../../errors/invalid-option-error.js';
import { checkInteger } from '../../util/validate.js';

/** The backlog the listener asks for; Node replaces 0 with 511, so 1 is the least it can have. */
export const BLACK_HOLE_BACKLOG = 1;
/** How long a connect must stay unanswered to count as dropped (a dropped SYN is retried only after 1 s). */
export const PROBE_WINDOW_MS = 100;
/** Gives up when this many connections all completed: something is accepting them. */
export const MAX_FILL_CONNECTIONS = 16;
/** The `code` of the EyeballError thrown when no black hole can be made; the reason is its `cause`. */
export const BLACK_HOLE_ERROR_CODE = 'EYEBALL_BLACK_HOLE_FAILED';

export interface BlackHoleOptions {
  /** A loopback address: `127.0.0.1` (or any 127/8 address) or `::1`. */
  host: '127.0.0.1' | '::1' | string;
  /** @default 0, an ephemeral port */
  port?: number;
}

export interface BlackHole {
  readonly host: string;
  readonly port: number;
  /** Destroys the fill connections and the listener; afterwards the port refuses connections. */
  close(): Promise<void>;
}

/**
 * Creates a loopback port that swallows connection attempts, for the `demo` command and for tests.
 * On `::1` the listener is IPv6-only, so a normal server can use the same port number on `127.0.0.1`.
 */
export async function createBlackHole(options: BlackHoleOptions): Promise<BlackHole> {
  const host = options.host;
  if (typeof host !== 'string' || !isLoopback(host)) {
    throw new InvalidOptionError('host', host, 'a loopback address (127.0.0.1 or ::1)');
  }
  const requestedPort = checkInteger('port', options.port ?? 0, 0, 65_535);
  const listener = await startListener(host, requestedPort);
  let fills: Socket[];
  try {
    fills = await fillAcceptQueue(host, listener.port);
  } catch (error) {
    await listener.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    host,
    port: listener.port,
    close() {
      closing ??= Promise.all(fills.map(destroyAndWait)).then(() => listener.close());
      return closing;
    },
  };
}

function isLoopback(host: string): boolean {
  const ipv4 = parseIPv4(host);
  if (ipv4 !== null) return ipv4[0] === 127;
  const ipv6 = parseIPv6(host);
  return ipv6 !== null && commonPrefixLength(ipv6, IPV6_LOOPBACK) === 128 && !host.includes('%');
}

const IPV6_LOOPBACK = parseIPv6('::1') ?? new Uint8Array(16);

/*
 * Runs in the worker (CommonJS, eval'd, so the bundled CLI needs no extra file). After listen() it parks
 * the thread until the main thread sets the flag, then closes the server before the loop ever polls it.
 */
const LISTENER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const server = require('node:net').createServer();
server.on('error', (error) => parentPort.postMessage({ error: { message: error.message, code: error.code } }));
server.listen({ host: workerData.host, port: workerData.port, backlog: workerData.backlog, ipv6Only: workerData.ipv6Only }, () => {
  parentPort.postMessage({ port: server.address().port });
  Atomics.wait(workerData.flag, 0, 0);
  server.close();
});
`;

interface Listener {
  readonly port: number;
  close(): Promise<void>;
}

type ListenerMessage = { port: number } | { error: { message: string; code?: string } };

async function startListener(host: string, port: number): Promise<Listener> {
  const flag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(LISTENER_SOURCE, {
    eval: true,
    workerData: { host, port, backlog: BLACK_HOLE_BACKLOG, ipv6Only: isIPv6(host), flag },
    stdout: true,
    stderr: true,
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const close = async (): Promise<void> => {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    await exited;
  };
  const message = await new Promise<ListenerMessage>((resolve, reject) => {
    const onExit = (code: number): void => reject(new Error(`the listener thread exited early (code ${code})`));
    worker.once('message', (value: ListenerMessage) => {
      // Should the thread die from now on, the hole just starts refusing: not worth crashing over.
      worker
        .off('error', reject)
        .off('exit', onExit)
        .on('error', () => {});
      resolve(value);
    });
    worker.once('error', reject).once('exit', onExit);
  }).catch((error: unknown) => {
    throw new EyeballError(BLACK_HOLE_ERROR_CODE, `cannot start a black hole on ${formatHostPort(host, port)}`, { cause: error });
  });
  if ('error' in message) {
    await close();
    const cause = Object.assign(new Error(message.error.message), { code: message.error.code });
    throw new EyeballError(BLACK_HOLE_ERROR_CODE, `cannot listen on ${formatHostPort(host, port)}: ${message.error.message}`, { cause });
  }
  return { port: message.port, close };
}

/** Connects until a connect stays silent; the connections that completed are the ones filling the queue. */
async function fillAcceptQueue(host: string, port: number): Promise<Socket[]> {
  const fills: Socket[] = [];
  try {
    for (let count = 0; count < MAX_FILL_CONNECTIONS; count++) {
      const socket = createConnection({ host, port });
      // Closing the hole resets these connections; that is expected, not an error to report.
      socket.on('error', () => {});
      const outcome = await probe(socket);
      if (outcome === 'connected') {
        fills.push(socket);
        continue;
      }
      await destroyAndWait(socket);
      if (outcome === 'silent') return fills;
      throw new EyeballError(BLACK_HOLE_ERROR_CODE, `cannot connect to the black hole at ${formatHostPort(host, port)}`, { cause: outcome });
    }
    const message = `the black hole at ${formatHostPort(host, port)} kept accepting after ${MAX_FILL_CONNECTIONS} connections`;
    throw new EyeballError(BLACK_HOLE_ERROR_CODE, message);
  } catch (error) {
    await Promise.all(fills.map(destroyAndWait));
    throw error;
  }
}

/** 'connected', 'silent' (nothing within PROBE_WINDOW_MS), or the connect error. */
function probe(socket: Socket): Promise<'connected' | 'silent' | Error> {
  return new Promise((resolve) => {
    const finish = (outcome: 'connected' | 'silent' | Error): void => {
      clearTimeout(timer);
      socket.off('connect', onConnect).off('error', onError);
      resolve(outcome);
    };
    const onConnect = (): void => finish('connected');
    const onError = (error: Error): void => finish(error);
    // A stalled event loop runs timers before it polls sockets: look once more after the poll phase
    // (setImmediate) so a connect that did complete is not taken for a dropped one.
    const timer = setTimeout(() => setImmediate(() => finish(socket.connecting ? 'silent' : 'connected')), PROBE_WINDOW_MS);
    socket.once('connect', onConnect).once('error', onError);
  });
}

function destroyAndWait(socket: Socket): Promise<void> {
  if (socket.closed) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()).destroy());
}
