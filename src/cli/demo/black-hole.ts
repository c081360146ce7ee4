/*
 * A black hole on loopback
 * ========================
 *
 * Happy Eyeballs exists because some addresses neither answer nor refuse: the SYN goes out and nothing
 * comes back. To show that on one machine without root (no firewall rule, no unroutable address), the
 * black hole makes the kernel itself drop SYNs to a loopback port:
 *
 *   - a listener with a tiny backlog that never calls accept(). Node's own servers accept as soon as the
 *     socket is readable, so the listener lives in a worker thread whose event loop is parked in
 *     `Atomics.wait` right after listen(): the kernel's accept queue is all there is;
 *   - the accept queue is filled with connections from this process. Linux keeps backlog + 1 finished
 *     connections there (`sk_acceptq_is_full` is `ack_backlog > max_ack_backlog`); once it is full,
 *     `tcp_conn_request` drops every new SYN (counted as ListenOverflows/ListenDrops in /proc/net/netstat)
 *     and the client retransmits at 1 s, 3 s, ... exactly like a dead host;
 *   - SYN cookies (`net.ipv4.tcp_syncookies`) do not help the client: they stand in for a full SYN queue,
 *     but the accept-queue check comes after and drops the SYN anyway (measured: SyncookiesSent stays 0).
 *
 * Node turns a backlog of 0 into its default of 511, so the listener asks for 1 and two connections fill
 * it. Measured on Linux 6.18 (tcp_syncookies=1, somaxconn=4096), IPv4 and IPv6 alike: backlog 1 takes 2
 * connections, 2 takes 3, 5 takes 6; the next SYN adds 1 to ListenOverflows and 0 to SyncookiesSent.
 * Rather than trusting that count, the queue is filled until a connect stays silent for PROBE_WINDOW_MS:
 * a queued connect completes within a few milliseconds on loopback, a dropped SYN is retried only after
 * a second, so the silent probe is the proof that the hole is closed to newcomers.
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
/**
 * How long a connect must stay unanswered to count as dropped. Loopback connects that get into the queue
 * complete in under 5 ms here; a dropped SYN is retransmitted only after 1 s (the kernel's initial RTO).
 */
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
 * Creates a loopback port that swallows connection attempts: a connect to it neither completes nor is
 * refused, as with an unreachable host. For the `demo` command and for tests.
 *
 * On `::1` the listener is IPv6-only, so a normal server can use the same port number on `127.0.0.1`.
 *
 * @example
 * ```ts
 * const hole = await createBlackHole({host: '::1'});
 * const server = net.createServer().listen(hole.port, '127.0.0.1'); // same port, reachable
 * // ... connect to "localhost": ::1 hangs, 127.0.0.1 answers
 * await hole.close();
 * ```
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
      // From now on the thread only waits, then closes its server; should it die instead, the hole just
      // starts refusing and close() still resolves on its exit: not worth crashing the process over.
      worker.off('error', reject).off('exit', onExit).on('error', () => {});
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
