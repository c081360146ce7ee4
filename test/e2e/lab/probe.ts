/**
 * A one-shot probe run inside the namespace (bundled like the daemon): `node probe.mjs '<request json>'`
 * prints one {@link ProbeResult} as JSON. It checks the roles at the socket level, the system resolver
 * inside the namespace, and times peers for the benchmark: Node's own `net.connect({ autoSelectFamily })`
 * and eyeball's library `connect()`, each twice in the same process (the first connect of a fresh process,
 * then a warm one), with the phases each connect went through. The `library` and `https-records` kinds run
 * eyeball's library with the options a scenario names (TLS, NAT64, ...) and report everything it said: the
 * trace, the socket, the error.
 */
import { promises as dns, lookup as dnsLookup, type LookupAllOptions, type LookupAddress } from 'node:dns';
import { connect as netConnect, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { connect as eyeballConnect } from '../../../src/connect/connect.js';
import type { ConnectOptions } from '../../../src/connect/options.js';
import { type HttpsAnswer, queryHttpsRecords } from '../../../src/dns/https-query.js';
import type { TraceEvent } from '../../../src/trace/events.js';

export type ProbeRequest =
  /** One plain connect to an IP literal; `timeoutMs` ends it as `pending`. */
  | { readonly kind: 'socket'; readonly address: string; readonly port: number; readonly timeoutMs: number }
  /** Node's Happy Eyeballs: `net.connect({ host, port, autoSelectFamily: true })` (system resolver), first and warm. */
  | { readonly kind: 'node'; readonly host: string; readonly port: number; readonly timeoutMs: number }
  /**
   * eyeball's library: `connect({ host, port, resolver })`, first and warm; `module` (the path of a build's
   * `dist/index.js`) runs that build's `connect` instead of the bundled source (the benchmark's before/after).
   */
  | {
      readonly kind: 'eyeball';
      readonly host: string;
      readonly port: number;
      readonly timeoutMs: number;
      readonly resolver: 'system' | 'dns';
      readonly module?: string;
    }
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

/**
 * One timed connect of the `node` or `eyeball` kind. Every time is ms since that connect began (the call
 * of `connect`), taken by the probe's own clock when it learned of the step, so the phases of both
 * clients are on the same scale.
 */
export interface TimedConnect {
  /** To the connected socket, or to the failure. */
  readonly ms: number;
  readonly address: string | null;
  /** The failure's code, or null when connected. */
  readonly error: string | null;
  /**
   * Node: `lookup` (its one getaddrinfo for both families) began and answered. eyeball, from its trace:
   * the first `dns-query`, each family's `dns-answer` (or `dns-error`), the first `addresses-sorted`, the
   * first `attempt-started`, the winner's `attempt-started` and `connected`. Steps that did not happen are absent.
   */
  readonly phases: Readonly<Record<string, number>>;
}

export type ProbeResult =
  | { readonly outcome: 'connected'; readonly ms: number; readonly address: string | null }
  | { readonly outcome: 'timed'; readonly ms: number; readonly first: TimedConnect; readonly warm: TimedConnect }
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
      case 'eyeball': {
        // The same connect twice: the first pays every first-use cost of the process, the second does not.
        const connect =
          request.kind === 'eyeball' && request.module !== undefined
            ? ((await import(request.module)) as { connect: typeof eyeballConnect }).connect
            : eyeballConnect;
        const once = request.kind === 'node' ? () => timeNode(request) : () => timeEyeball(request, connect);
        const first = await once();
        const warm = await once();
        return { outcome: 'timed', ms: elapsed(), first, warm };
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

/** Node's autoSelectFamily with a `lookup` that notes when getaddrinfo began and answered. */
async function timeNode(request: { host: string; port: number; timeoutMs: number }): Promise<TimedConnect> {
  const startedAt = performance.now();
  const since = (): number => performance.now() - startedAt;
  const phases: Record<string, number> = {};
  const lookup = (hostname: string, options: LookupAllOptions, callback: (error: Error | null, addresses: LookupAddress[]) => void): void => {
    phases['lookup'] = since();
    dnsLookup(hostname, options, (error, addresses) => {
      phases['lookup-answered'] = since();
      callback(error, addresses);
    });
  };
  const socket = netConnect({ host: request.host, port: request.port, autoSelectFamily: true, lookup: lookup as never });
  const result = await settle(socket, request.timeoutMs, since);
  if (result.outcome === 'connected') phases['connected'] = result.ms;
  return toTimed(result, phases);
}

/** eyeball's connect(), its trace read for the phases. */
async function timeEyeball(
  request: { host: string; port: number; timeoutMs: number; resolver: 'system' | 'dns' },
  connect: typeof eyeballConnect,
): Promise<TimedConnect> {
  const startedAt = performance.now();
  const since = (): number => performance.now() - startedAt;
  const phases: Record<string, number> = {};
  const winnerStarts = new Map<number, number>();
  const note = (event: TraceEvent): void => {
    const at = since();
    switch (event.type) {
      case 'dns-query':
        phases['dns-query'] ??= at;
        break;
      case 'dns-answer':
      case 'dns-error':
        phases[`${event.recordType}-answer`] = at;
        break;
      case 'addresses-sorted':
        phases['addresses-sorted'] ??= at;
        break;
      case 'attempt-started':
        phases['first-attempt-started'] ??= at;
        winnerStarts.set(event.index, at);
        break;
      case 'connected':
        phases['winner-started'] = winnerStarts.get(event.index) ?? Number.NaN;
        phases['connected'] = at;
        break;
    }
  };
  try {
    const socket = await connect({ host: request.host, port: request.port, timeout: request.timeoutMs, resolver: request.resolver, onEvent: note });
    const ms = since();
    const address = socket.remoteAddress ?? null;
    socket.destroy();
    return { ms, address, error: null, phases };
  } catch (error) {
    return { ms: since(), address: null, error: describeError(error)?.code ?? 'failed', phases };
  }
}

function toTimed(result: ProbeResult, phases: Record<string, number>): TimedConnect {
  if (result.outcome === 'connected') return { ms: result.ms, address: result.address, error: null, phases };
  return { ms: result.ms, address: null, error: result.outcome === 'error' ? result.code : result.outcome, phases };
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
