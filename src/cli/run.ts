/**
 * One CLI run: calls `connect()` with the settings, records every trace event, closes the socket at
 * once (eyeball is a probe, it sends nothing), and turns the outcome into a {@link RunReport}. A run that
 * could not connect is a report, not an exception: only bad options and bugs throw.
 */
import { connect } from '../connect/connect.js';
import type { ConnectOptions } from '../connect/options.js';
import { ConnectTimeoutError } from '../errors/connect-timeout-error.js';
import { ConnectionFailedError } from '../errors/connection-failed-error.js';
import { ResolutionFailedError } from '../errors/resolution-failed-error.js';
import { toErrorInfo } from '../trace/error-info.js';
import type { TraceEvent } from '../trace/events.js';
import type { RunOutcome, RunReport, RunSettings, RunTarget } from './report.js';

/** Re-exported so that main, which loads this module lazily, can say why the process lingers. */
export { outstandingSystemLookups } from '../dns/system-resolver.js';

export interface RunContext {
  /** Ends the run early (Ctrl-C); the report then has the outcome `interrupted` and what happened so far. */
  readonly signal: AbortSignal;
  /** Sees every event as it happens (for a live view); the report has them all anyway. */
  readonly onEvent?: (event: TraceEvent) => void;
}

/**
 * Connects to the target as the settings say and reports what happened.
 *
 * @throws {InvalidOptionError} when connect() rejects an option; anything else unexpected is rethrown too.
 */
export async function runConnect(target: RunTarget, settings: RunSettings, context: RunContext): Promise<RunReport> {
  const events: TraceEvent[] = [];
  const onEvent = (event: TraceEvent): void => {
    events.push(event);
    context.onEvent?.(event);
  };
  const startedAt = performance.now();
  let outcome: RunOutcome;
  try {
    const socket = await connect(toConnectOptions(target, settings, context.signal, onEvent));
    socket.destroy();
    outcome = winnerOutcome(events);
  } catch (error) {
    outcome = failureOutcome(error, context.signal);
  }
  return { target, settings, events, outcome, elapsed: performance.now() - startedAt };
}

function toConnectOptions(
  target: RunTarget,
  settings: RunSettings,
  signal: AbortSignal,
  onEvent: (event: TraceEvent) => void,
): ConnectOptions {
  return {
    host: target.host,
    port: target.port,
    signal,
    onEvent,
    family: settings.family,
    resolver: settings.resolver,
    attemptDelay: settings.attemptDelay,
    resolutionDelay: settings.resolutionDelay,
    firstAddressFamilyCount: settings.firstAddressFamilyCount,
    ...(settings.dnsServer === null ? {} : { dnsServers: [settings.dnsServer] }),
    ...(settings.timeout === null ? {} : { timeout: settings.timeout }),
    ...(settings.attemptTimeout === null ? {} : { attemptTimeout: settings.attemptTimeout }),
    ...(settings.localAddress === null ? {} : { localAddress: settings.localAddress }),
  };
}

function winnerOutcome(events: readonly TraceEvent[]): RunOutcome {
  const connected = events.findLast((event) => event.type === 'connected');
  // connect() always ends a successful trace with `connected`; without it the report would be a guess.
  if (connected?.type !== 'connected') throw new Error('connect() resolved without a `connected` event');
  const { address, family, port, index, at } = connected;
  return { ok: true, winner: { address, family, port, index, at } };
}

function failureOutcome(error: unknown, signal: AbortSignal): RunOutcome {
  if (signal.aborted && error === signal.reason) return { ok: false, reason: 'interrupted', error: toErrorInfo(error) };
  if (error instanceof ResolutionFailedError) return { ok: false, reason: 'dns', error: toErrorInfo(error) };
  if (error instanceof ConnectionFailedError) return { ok: false, reason: 'connect', error: toErrorInfo(error) };
  if (error instanceof ConnectTimeoutError) return { ok: false, reason: 'timeout', error: toErrorInfo(error) };
  // InvalidOptionError and bugs are not outcomes of a connection: main.ts reports them.
  throw error;
}
