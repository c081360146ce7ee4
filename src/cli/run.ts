/**
 * One CLI run: calls `connect()` with the settings, records every trace event, closes the socket at once
 * (eyeball is a probe: beyond a TLS handshake it sends nothing), and turns the outcome into a
 * {@link RunReport}. A run that could not connect is a report, not an exception: only bad options and bugs throw.
 */
import { isIP } from 'node:net';
import { isLocalhostName } from '../dns/localhost.js';
import { connect } from '../connect/connect.js';
import type { ConnectOptions } from '../connect/options.js';
import { ConnectTimeoutError } from '../errors/connect-timeout-error.js';
import { ConnectionFailedError } from '../errors/connection-failed-error.js';
import { Nat64SynthesisError } from '../errors/nat64-synthesis-error.js';
import { ResolutionFailedError } from '../errors/resolution-failed-error.js';
import { toErrorInfo } from '../base/error-info.js';
import type { TraceEvent } from '../trace/events.js';
import type { StrategyEvent } from './compare/strategy-events.js';
import type { RunOutcome, RunReport, RunSettings, RunTarget } from './report.js';
import { getReady } from './readiness.js';
import { resolverFor } from './resolver-for.js';
import { withoutZone } from './target.js';
import { type TargetTls, tlsFor } from './tls-settings.js';

interface RunContext {
  readonly signal: AbortSignal;
  readonly onEvent?: (event: TraceEvent) => void;
  /** Told the run's time origin (see {@link RunReport.timeOrigin}) before the first event. */
  readonly onStart?: (timeOrigin: number) => void;
}

/** Connects to the target as the settings say and reports what happened. */
export async function runConnect(target: RunTarget, settings: RunSettings, context: RunContext): Promise<RunReport> {
  // The race's 0 ms comes after the process has done once what the race will do (readiness.ts).
  await getReady(target, settings, (warmUpTarget, warmUpSettings, signal) => race(warmUpTarget, warmUpSettings, { signal }));
  return race(target, settings, context);
}

async function race(target: RunTarget, settings: RunSettings, context: RunContext): Promise<RunReport> {
  const events: TraceEvent[] = [];
  const onEvent = (event: TraceEvent): void => {
    events.push(event);
    context.onEvent?.(event);
  };
  // One reading is the trace's 0 (connect()'s `origin`) and, on the wall clock, the report's timeOrigin.
  const origin = performance.now();
  const timeOrigin = performance.timeOrigin + origin;
  const elapsed = (): number => performance.now() - origin;
  context.onStart?.(timeOrigin);
  let outcome: RunOutcome;
  try {
    const socket = await connect({ ...toConnectOptions(target, settings, context.signal, onEvent), origin });
    socket.destroy();
    outcome = winnerOutcome(events);
  } catch (error) {
    outcome = failureOutcome(error, context.signal);
  }
  return { target, settings, events, outcome, elapsed: elapsed(), timeOrigin };
}

/** HEv3 needs HTTPS records, which only the `dns` resolver can ask for; an IP address has none, nor has localhost (RFC 6761). */
function usesHttpsRecords(target: RunTarget, settings: RunSettings): boolean {
  return settings.https !== false && settings.resolver === 'dns' && isIP(withoutZone(target.host)) === 0 && !isLocalhostName(target.host);
}

function toConnectOptions(target: RunTarget, settings: RunSettings, signal: AbortSignal, onEvent: (event: TraceEvent) => void): ConnectOptions {
  return {
    host: target.host,
    port: target.port,
    signal,
    onEvent,
    family: settings.family,
    // The CLI's own resolvers, whose queries run in its lookup process (resolver-for.ts); `dnsServer` is in the resolver.
    resolver: resolverFor(settings, target.host),
    attemptDelay: settings.attemptDelay,
    resolutionDelay: settings.resolutionDelay,
    firstAddressFamilyCount: settings.firstAddressFamilyCount,
    ...(settings.timeout === null ? {} : { timeout: settings.timeout }),
    ...(settings.attemptTimeout === null ? {} : { attemptTimeout: settings.attemptTimeout }),
    ...(settings.localAddress === null ? {} : { localAddress: settings.localAddress }),
    ...toTlsOption(tlsFor(target, settings)),
    ...(settings.nat64 === undefined ? {} : { nat64: settings.nat64.prefix === null ? true : { prefix: settings.nat64.prefix } }),
    ...(usesHttpsRecords(target, settings) ? { https: true } : {}),
  };
}

function toTlsOption(tls: TargetTls | null): Pick<ConnectOptions, 'tls'> {
  if (tls === null) return {};
  return {
    tls: {
      ...(tls.servername === null ? {} : { servername: tls.servername }),
      alpn: tls.alpn,
      rejectUnauthorized: tls.verify,
      ...(tls.ca === null ? {} : { ca: tls.ca }),
    },
  };
}

/** The outcome of a connect that resolved: the endpoint and time of the trace's last `connected` event. */
export function winnerOutcome(events: readonly (TraceEvent | StrategyEvent)[]): Extract<RunOutcome, { ok: true }> {
  const connected = events.findLast((event) => event.type === 'connected');
  if (connected?.type !== 'connected') throw new Error('a connect resolved without a `connected` event');
  const { address, family, port, index, at } = connected;
  return { ok: true, winner: { address, family, port, index, at } };
}

function failureOutcome(error: unknown, signal: AbortSignal): RunOutcome {
  if (signal.aborted && error === signal.reason) return { ok: false, reason: 'interrupted', error: toErrorInfo(error) };
  if (error instanceof ResolutionFailedError) return { ok: false, reason: 'dns', error: toErrorInfo(error) };
  if (error instanceof ConnectionFailedError) return { ok: false, reason: 'connect', error: toErrorInfo(error) };
  if (error instanceof ConnectTimeoutError) return { ok: false, reason: 'timeout', error: toErrorInfo(error) };
  // An IPv4 literal that only a synthesis RFC 6052 forbids could reach: there is no usable address.
  if (error instanceof Nat64SynthesisError) return { ok: false, reason: 'dns', error: toErrorInfo(error) };
  // InvalidOptionError and bugs are not outcomes of a connection: main.ts reports them.
  throw error;
}
