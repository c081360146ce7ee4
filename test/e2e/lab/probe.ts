/**
 * A one-shot probe run inside the namespace (bundled like the daemon): `node probe.mjs '<request json>'`
 * prints one {@link ProbeResult} as JSON. It checks the roles at the socket level, the system resolver
 * inside the namespace, and times peers for the benchmark: Node's own `net.connect({ autoSelectFamily })`
 * and eyeball's library `connect()`. The `library` and `https-records` kinds run eyeball's library with
 * the options a scenario names (TLS, NAT64, ...) and report everything it said: the trace, the socket, the
 * error.
 */
import { promises as dns } from 'node:dns';
import { connect as netConnect, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { connect as eyeballConnect } from '../../../src/connect/connect.js';
import type { ConnectOptions } from '../../../src/connect/options.js';
import { type HttpsAnswer, queryHttpsRecords } from '../../../src/dns/https-query.js';
import type { TraceEvent } from '../../../src/trace/events.js';

export type ProbeRequest =
  /** One plain connect to an IP literal; `timeoutMs` ends it as `pending`. */
  | { readonly kind: 'socket'; readonly address: string; readonly port: number; readonly timeoutMs: number }
  /** Node's Happy Eyeballs: `net.connect({ host, port, autoSelectFamily: true })` (system resolver). */
  | { readonly kind: 'node'; readonly host: string; readonly port: number; readonly timeoutMs: number }
  /** eyeball's library: `connect({ host, port, resolver })`. */
  | { readonly kind: 'eyeball'; readonly host: string; readonly port: number; readonly timeoutMs: number; readonly resolver: 'system' | 'dns' }
  /** getaddrinfo through `dns.lookup(host, { family, all: true })`. */
  | { readonly kind: 'lookup'; readonly host: string; readonly family: 0 | 4 | 6 }
  /** eyeball's `connect(options)` with the options that survive JSON (no signal, clock, callbacks or custom resolver). */
  | { readonly kind: 'library'; readonly options: LibraryProbeOptions }
  /** eyeball's `queryHttpsRecords(name, { server, timeout })`. */
  | { readonly kind: 'https-records'; readonly name: string; readonly server: string; readonly timeoutMs: number };

/** `ConnectOptions` as JSON can carry them. */
export type LibraryProbeOptions = Omit<ConnectOptions, 'signal' | 'clock' | 'onEvent' | 'resolver'> & {
  readonly resolver?: 'system' | 'dns';
};

/** What the library said, however it went. */
export interface LibraryOutcome {
  /** Every `onEvent` event, in order. */
  readonly events: readonly TraceEvent[];
  /** The socket `connect` resolved with, or null. */
  readonly socket: {
    readonly remoteAddress: string | null;
    readonly remoteFamily: string | null;
    /** With `tls`: the negotiated protocol and TLS version; null otherwise. */
    readonly alpnProtocol: string | null;
    readonly tlsVersion: string | null;
    readonly authorized: boolean | null;
  } | null;
  /** What `connect` (or `queryHttpsRecords`) rejected with, or null. */
  readonly error: { readonly name: string; readonly code: string | null; readonly message: string } | null;
}

export type ProbeResult =
  | { readonly outcome: 'connected'; readonly ms: number; readonly address: string | null }
  | { readonly outcome: 'error'; readonly ms: number; readonly code: string }
  | { readonly outcome: 'pending'; readonly ms: number }
  | { readonly outcome: 'resolved'; readonly ms: number; readonly addresses: readonly string[] }
  | ({ readonly outcome: 'library'; readonly ms: number } & LibraryOutcome)
  | { readonly outcome: 'https-records'; readonly ms: number; readonly answer: HttpsAnswer | null; readonly error: LibraryOutcome['error'] };

async function probe(request: ProbeRequest): Promise<ProbeResult> {
  const startedAt = performance.now();
  const elapsed = (): number => performance.now() - startedAt;
  try {
    switch (request.kind) {
      case 'socket':
        return await settle(netConnect({ host: request.address, port: request.port }), request.timeoutMs, elapsed);
      case 'node':
        return await settle(netConnect({ host: request.host, port: request.port, autoSelectFamily: true }), request.timeoutMs, elapsed);
      case 'eyeball': {
        const socket = await eyeballConnect({
          host: request.host,
          port: request.port,
          timeout: request.timeoutMs,
          resolver: request.resolver,
        });
        const ms = elapsed();
        const address = socket.remoteAddress ?? null;
        socket.destroy();
        return { outcome: 'connected', ms, address };
      }
      case 'lookup': {
        const entries = await dns.lookup(request.host, { family: request.family, all: true });
        return { outcome: 'resolved', ms: elapsed(), addresses: entries.map((entry) => entry.address) };
      }
      case 'library':
        return await library(request.options, elapsed);
      case 'https-records':
        try {
          const answer = await queryHttpsRecords(request.name, { server: request.server, timeout: request.timeoutMs });
          return { outcome: 'https-records', ms: elapsed(), answer, error: null };
        } catch (error) {
          return { outcome: 'https-records', ms: elapsed(), answer: null, error: describeError(error) };
        }
    }
  } catch (error) {
    return { outcome: 'error', ms: elapsed(), code: String((error as { code?: unknown }).code ?? (error as Error).name) };
  }
}

async function library(options: LibraryProbeOptions, elapsed: () => number): Promise<ProbeResult> {
  const events: TraceEvent[] = [];
  try {
    const socket = await eyeballConnect({ ...options, onEvent: (event) => events.push(event) });
    const ms = elapsed();
    const isTls = socket instanceof TLSSocket;
    const description = {
      remoteAddress: socket.remoteAddress ?? null,
      remoteFamily: socket.remoteFamily ?? null,
      alpnProtocol: isTls && typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
      tlsVersion: isTls ? (socket.getProtocol() ?? null) : null,
      authorized: isTls ? socket.authorized : null,
    };
    socket.destroy();
    return { outcome: 'library', ms, events, socket: description, error: null };
  } catch (error) {
    return { outcome: 'library', ms: elapsed(), events, socket: null, error: describeError(error) };
  }
}

function describeError(error: unknown): LibraryOutcome['error'] {
  if (!(error instanceof Error)) return { name: typeof error, code: null, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, code: typeof code === 'string' ? code : null, message: error.message };
}

function settle(socket: Socket, timeoutMs: number, elapsed: () => number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ outcome: 'pending', ms: elapsed() });
    }, timeoutMs);
    socket.once('connect', () => {
      const ms = elapsed();
      clearTimeout(timer);
      const address = socket.remoteAddress ?? null;
      socket.destroy();
      resolve({ outcome: 'connected', ms, address });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ outcome: 'error', ms: elapsed(), code: error.code ?? error.name });
    });
  });
}

probe(JSON.parse(process.argv[2] ?? '') as ProbeRequest).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`probe: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
