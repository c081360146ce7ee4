/**
 * The plain way to connect, for `eyeball --compare`: one lookup of every address, then one address after
 * another, with no per-attempt timeout. This is what a client without Happy Eyeballs does, and why one
 * silent address can hold it up until the OS gives up on the SYN (minutes).
 */
import { isIP, type Socket } from 'node:net';
import { raceAbort } from '../../dns/race-abort.js';
import { formatHostPort } from '../../base/host-port.js';
import { ConnectTimeoutError } from '../../errors/connect-timeout-error.js';
import { ConnectionFailedError, type FailedAttempt } from '../../errors/connection-failed-error.js';
import { ResolutionFailedError } from '../../errors/resolution-failed-error.js';
import { systemClock } from '../../race/clock.js';
import { toErrorInfo } from '../../base/error-info.js';
import type { Endpoint } from '../../base/endpoint.js';
import { connectTcp } from '../../connect/connect-tcp.js';
import { type LookupAddress, type LookupAll, type StrategyEvent, type StrategyOptions, toStrategyError } from './strategy-events.js';

type SequentialOptions = StrategyOptions & { readonly lookup: LookupAll };

/**
 * Looks the host up once and connects to its addresses one at a time, in resolver order. Rejects with the
 * lookup's own error, a `ResolutionFailedError`, a `ConnectionFailedError`, a `ConnectTimeoutError`, or `signal.reason`.
 */
export async function connectSequential(options: SequentialOptions): Promise<Socket> {
  const { host, port } = options;
  options.signal?.throwIfAborted();
  const clock = options.clock ?? systemClock;
  const origin = clock.now();
  const elapsed = (): number => clock.now() - origin;
  const emit = (event: StrategyEvent): void => options.onEvent?.(event);

  const control = new AbortController();
  const onCallerAbort = (): void => control.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const timer =
    options.timeout === undefined
      ? null
      : clock.setTimeout(() => control.abort(new ConnectTimeoutError(formatHostPort(host, port), options.timeout ?? 0)), options.timeout);

  try {
    const addresses = await lookUp(options, control.signal, elapsed, emit);
    const failures: FailedAttempt[] = [];
    for (const [index, { address, family }] of addresses.entries()) {
      const endpoint: Endpoint = { address, family, port };
      const startedAt = elapsed();
      emit({ type: 'attempt-started', at: startedAt, index, ...endpoint });
      try {
        const socket = await connectTcp(endpoint, { signal: control.signal, localAddress: options.localAddress });
        emit({ type: 'connected', at: elapsed(), index, ...endpoint });
        return socket;
      } catch (error) {
        if (control.signal.aborted) {
          emit({ type: 'attempt-cancelled', at: elapsed(), index, ...endpoint });
          throw control.signal.reason;
        }
        emit({ type: 'attempt-failed', at: elapsed(), index, error: toErrorInfo(error), ...endpoint });
        failures.push({ ...endpoint, startedAt, endedAt: elapsed(), error });
      }
    }
    throw addresses.length === 0 ? new ResolutionFailedError(host, []) : new ConnectionFailedError(host, port, failures);
  } catch (error) {
    emit({ type: 'failed', at: elapsed(), error: toStrategyError(error) });
    throw error;
  } finally {
    if (timer !== null) clock.clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** The addresses to try, in order: the literal itself, or one lookup's answer. */
async function lookUp(
  options: SequentialOptions,
  signal: AbortSignal,
  elapsed: () => number,
  emit: (event: StrategyEvent) => void,
): Promise<readonly LookupAddress[]> {
  const literal = isIP(options.host);
  if (literal === 4 || literal === 6) return [{ address: options.host, family: literal }];
  emit({ type: 'lookup-started', at: elapsed(), hostname: options.host });
  try {
    const addresses = await raceAbort(options.lookup(options.host, options.family ?? 0), signal);
    emit({ type: 'lookup-answered', at: elapsed(), addresses });
    return addresses;
  } catch (error) {
    if (!signal.aborted) emit({ type: 'lookup-failed', at: elapsed(), error: toErrorInfo(error) });
    throw error;
  }
}
