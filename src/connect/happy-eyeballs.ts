/*
 * Happy Eyeballs v2 (RFC 8305) as one flow: resolution (§3) feeds sorted, interleaved addresses (§4) to
 * the staggered race (§5), which connects with the injected connector. Everything that touches the
 * outside world (resolver, source-address probe, connector, clock) is a dependency, so the whole flow runs
 * on virtual time in tests; `connect()` wires the real ones.
 */
import { AllAttemptsFailedError } from '../errors/all-attempts-failed-error.js';
import { AttemptTimeoutError } from '../errors/attempt-timeout-error.js';
import { formatHostPort } from '../base/host-port.js';
import { ConnectTimeoutError } from '../errors/connect-timeout-error.js';
import { ConnectionFailedError } from '../errors/connection-failed-error.js';
import { CallbackError } from '../errors/callback-error.js';
import { ResolutionFailedError } from '../errors/resolution-failed-error.js';
import type { Nat64Prefix } from '../dns/nat64.js';
import type { FamilyResolver } from '../dns/resolver.js';
import type { Clock } from '../race/clock.js';
import type { RaceEvent } from '../race/events.js';
import { MIN_ATTEMPT_SPACING_MS, type StaggeredRaceOptions, staggeredRace } from '../race/staggered-race.js';
import { toErrorInfo } from '../base/error-info.js';
import type { TraceEvent } from '../trace/events.js';
import type { Endpoint } from '../base/endpoint.js';
import type { Family } from '../base/family.js';
import { CandidateFeed } from './candidate-feed.js';
import type { FindSources } from './candidate.js';
import { Resolution } from './resolution.js';

export interface HappyEyeballsDependencies<S> {
  readonly resolver: FamilyResolver;
  readonly findSources: FindSources;
  readonly connectEndpoint: (endpoint: Endpoint, options: ConnectEndpointOptions) => Promise<S>;
  /** Gets rid of a connection that arrived after another one won. */
  readonly dispose: (connection: S) => void;
  readonly clock: Clock;
  /** The connector calls `onConnectIssued` when its connect has left: `attempt-started` then carries that time. @default false */
  readonly reportsConnectIssued?: boolean;
  /** Orders HTTPS records of equal priority (HEv3 §5.2: shuffled). @default Math.random */
  readonly random?: () => number;
}

/** What a connector gets with each attempt. */
export interface ConnectEndpointOptions {
  readonly signal: AbortSignal;
  readonly localAddress?: string | undefined;
  /** For trace events the connector emits itself (`tls-handshake`): the attempt's index, the connection's ms. */
  readonly index?: number;
  readonly elapsed?: () => number;
  readonly emit?: (event: TraceEvent) => void;
  /** Call when the connect has been issued (see `reportsConnectIssued`). */
  readonly onConnectIssued?: () => void;
}

/** Validated settings (see `ConnectOptions` for their meaning). */
export interface HappyEyeballsSettings {
  readonly host: string;
  readonly port: number;
  /** The families to use, AAAA's first. */
  readonly families: readonly Family[];
  /** The family of `host` when it is an IP literal. */
  readonly literal: Family | null;
  readonly attemptDelay: number;
  readonly resolutionDelay: number;
  readonly firstAddressFamilyCount: number;
  readonly timeout: number | undefined;
  readonly attemptTimeout: number | undefined;
  readonly localAddress: { readonly 4?: string | undefined; readonly 6?: string | undefined };
  readonly signal: AbortSignal | undefined;
  readonly onEvent: ((event: TraceEvent) => void) | undefined;
  readonly origin?: number | undefined;
  /** NAT64 off (null), with a prefix, or with RFC 7050 discovery (prefix null). */
  readonly nat64?: { readonly prefix: Nat64Prefix | null } | null;
  readonly https?: boolean;
  /** The ALPN ids the client offers (`tls.alpn`), to skip HTTPS records it cannot use (HEv3 §6.2). */
  readonly clientAlpn?: readonly string[];
}

export async function happyEyeballs<S>(settings: HappyEyeballsSettings, deps: HappyEyeballsDependencies<S>): Promise<S> {
  settings.signal?.throwIfAborted();
  const { clock } = deps;
  const origin = settings.origin ?? clock.now();
  const elapsed = (): number => clock.now() - origin;
  // One signal for the race: aborted by the caller's signal, the overall timeout, or a callback that threw.
  const control = new AbortController();
  const onCallerAbort = (): void => control.abort(settings.signal?.reason);
  settings.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const limit = settings.timeout;
  const timeoutTimer =
    limit === undefined
      ? null
      : clock.setTimeout(() => control.abort(new ConnectTimeoutError(formatHostPort(settings.host, settings.port), limit)), limit);
  // A throwing onEvent stops the connection, and connect() rejects with its error as cause. The abort waits
  // until the emitting code has finished its step: an attempt that had just succeeded then wins, and is closed below.
  let callbackError: CallbackError | null = null;
  const emit = (event: TraceEvent): void => {
    if (callbackError !== null || settings.onEvent === undefined) return;
    try {
      settings.onEvent(event);
    } catch (error) {
      const failure = new CallbackError('onEvent', error, event.type);
      callbackError = failure;
      queueMicrotask(() => control.abort(failure));
    }
  };

  const feed = new CandidateFeed<S>({
    port: settings.port,
    firstAddressFamilyCount: settings.firstAddressFamilyCount,
    elapsed,
    emit,
    launch: (endpoint, { signal, index }) =>
      connectWithin(endpoint, signal, settings, deps, { index, elapsed, emit, onConnectIssued: () => starts.issued(index, elapsed()) }),
  });
  const resolution = new Resolution({
    host: settings.host,
    families: settings.families,
    literal: settings.literal,
    resolutionDelay: settings.resolutionDelay,
    https: settings.https === true,
    clientAlpn: settings.clientAlpn ?? [],
    ...(deps.random ? { random: deps.random } : {}),
    localAddressFor: (family) => settings.localAddress[family],
    resolver: deps.resolver,
    findSources: deps.findSources,
    clock,
    elapsed,
    emit,
    onChange: (addressesChanged) => feed.update(addressesChanged),
    nat64: settings.nat64,
  });
  feed.attach(resolution);

  const starts = new AttemptStarts(emit, deps.reportsConnectIssued === true);
  const onRaceEvent = (event: RaceEvent): void => {
    const traced = traceRaceEvent(event, feed.started);
    if (traced?.type === 'attempt-started') starts.started(traced);
    else if (traced) starts.next(traced);
  };

  try {
    resolution.start();
    const raceOptions: StaggeredRaceOptions<S> = {
      delay: settings.attemptDelay,
      minDelay: MIN_ATTEMPT_SPACING_MS,
      clock,
      origin,
      dispose: deps.dispose,
      signal: control.signal,
      onEvent: onRaceEvent,
    };
    const { value } = await staggeredRace(feed, raceOptions);
    resolution.cancel();
    if (callbackError === null) return value;
    // The callback threw on the winner's own events (`connected`): the race had been won already.
    deps.dispose(value);
    throw callbackError;
  } catch (error) {
    resolution.cancel();
    if (callbackError !== null) throw callbackError;
    const failure = explainFailure(error, settings, resolution, feed.started, elapsed());
    emit({ type: 'failed', at: elapsed(), error: toErrorInfo(failure) });
    // The callback may have thrown on `failed` itself.
    throw callbackError ?? failure;
  } finally {
    if (timeoutTimer !== null) clock.clearTimeout(timeoutTimer);
    settings.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** One attempt, bounded by `attemptTimeout` when there is one. */
function connectWithin<S>(
  endpoint: Endpoint,
  signal: AbortSignal,
  settings: HappyEyeballsSettings,
  deps: HappyEyeballsDependencies<S>,
  trace: Required<Pick<ConnectEndpointOptions, 'index' | 'elapsed' | 'emit' | 'onConnectIssued'>>,
): Promise<S> {
  const localAddress = settings.localAddress[endpoint.family];
  const limit = settings.attemptTimeout;
  if (limit === undefined) return deps.connectEndpoint(endpoint, { signal, localAddress, ...trace });
  const inner = new AbortController();
  const onAbort = (): void => inner.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = deps.clock.setTimeout(() => inner.abort(new AttemptTimeoutError(endpoint.address, endpoint.port, limit)), limit);
  return deps.connectEndpoint(endpoint, { signal: inner.signal, localAddress, ...trace }).finally(() => {
    deps.clock.clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  });
}

type AttemptStarted = Extract<TraceEvent, { type: 'attempt-started' }>;

/**
 * When an attempt starts in the trace. The race stamps a start when it calls the connector, but the SYN
 * leaves a tick later: with a connector that reports it, `attempt-started` waits for that moment. The
 * `attempt-scheduled` the race announces in the same step waits behind it (stamped no earlier, so the trace
 * stays in time order); any other race event first releases the starts still waiting, so a start always
 * comes before what follows it.
 */
class AttemptStarts {
  private readonly waiting = new Map<number, AttemptStarted>();
  private readonly issuedAt = new Map<number, number>();
  /** `attempt-scheduled` events held behind the waiting starts. */
  private readonly held: TraceEvent[] = [];

  constructor(
    private readonly emit: (event: TraceEvent) => void,
    private readonly isReportedByConnector: boolean,
  ) {}

  /** The race started an attempt. */
  started(event: AttemptStarted): void {
    const issuedAt = this.issuedAt.get(event.index);
    if (!this.isReportedByConnector) this.emit(event);
    else if (issuedAt !== undefined) this.emit({ ...event, at: issuedAt });
    else this.waiting.set(event.index, event);
  }

  /** Any other race event. */
  next(event: TraceEvent): void {
    if (event.type === 'attempt-scheduled' && this.waiting.size > 0) {
      this.held.push(event);
      return;
    }
    this.release();
    this.emit(event);
  }

  /** The connector issued attempt `index`'s connect at `at`. */
  issued(index: number, at: number): void {
    const event = this.waiting.get(index);
    if (event === undefined) {
      this.issuedAt.set(index, at);
      return;
    }
    this.waiting.delete(index);
    this.emit({ ...event, at });
    if (this.waiting.size === 0) this.emitHeld(at);
  }

  /** Emits every start still waiting, as the race stamped it, then what waited behind them. */
  private release(): void {
    for (const event of this.waiting.values()) this.emit(event);
    this.waiting.clear();
    this.emitHeld(Number.NEGATIVE_INFINITY);
  }

  private emitHeld(notBefore: number): void {
    for (const event of this.held.splice(0)) this.emit({ ...event, at: Math.max(event.at, notBefore) });
  }
}

/** The engine's events, with the endpoint of each attempt. */
function traceRaceEvent(event: RaceEvent, started: readonly Endpoint[]): TraceEvent | null {
  if (event.type === 'attempt-scheduled') return event;
  // The candidate feed never throws, so its race has no source failure to trace.
  if (event.type === 'source-failed') return null;
  if (event.type === 'race-settled') {
    const winner = event.winner === null ? undefined : started[event.winner];
    return winner && event.winner !== null ? { type: 'connected', at: event.at, index: event.winner, ...winner } : null;
  }
  const endpoint = started[event.index];
  if (!endpoint) return null;
  if (event.type !== 'attempt-failed') return { ...event, ...endpoint };
  return { ...event, error: toErrorInfo(event.error), timedOut: event.error instanceof AttemptTimeoutError, ...endpoint };
}

/** Turns the race's rejection into the error the caller gets. */
function explainFailure(error: unknown, settings: HappyEyeballsSettings, resolution: Resolution, started: readonly Endpoint[], now: number): unknown {
  if (!(error instanceof AllAttemptsFailedError)) return error; // the caller's abort reason or the timeout, unchanged
  if (error.attempts.length === 0) return resolution.literalError ?? new ResolutionFailedError(settings.host, resolution.errors);
  const attempts = error.attempts.map((record) => {
    const endpoint = started[record.index] ?? { address: '?', family: 6 as const, port: settings.port };
    return { ...endpoint, startedAt: record.startedAt, endedAt: record.endedAt ?? now, error: record.error };
  });
  return new ConnectionFailedError(settings.host, settings.port, attempts, { cause: error });
}
