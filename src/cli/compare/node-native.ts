/*
 * Node's own Happy Eyeballs, run as it is, for `eyeball --compare`.
 *
 * `net.connect({ host, port, autoSelectFamily: true })` interleaves the families and tries one address at
 * a time: an attempt that has not connected after `autoSelectFamilyAttemptTimeout` is closed, and the next
 * one starts. Unlike RFC 8305 §5, the earlier attempt does not keep running, so on a slow path every
 * attempt but the last is killed just before it would have connected.
 *
 * This module runs exactly that and turns the socket's own events into a trace. The only additions are
 * eyeball's overall `timeout` and `signal`: Node's last attempt has no timeout and would wait for the OS.
 */
import { getDefaultAutoSelectFamilyAttemptTimeout, isIP, type LookupFunction, Socket } from 'node:net';
import { formatHostPort } from '../../base/host-port.js';
import { ConnectTimeoutError } from '../../errors/connect-timeout-error.js';
import { systemClock } from '../../race/clock.js';
import { toErrorInfo } from '../../base/error-info.js';
import type { Endpoint } from '../../base/endpoint.js';
import { type LookupAddress, type LookupAll, type StrategyEvent, type StrategyOptions, toStrategyError } from './strategy-events.js';

/** Node's per-attempt timeout in this process, in ms. */
export function nodeAttemptTimeout(): number {
  return getDefaultAutoSelectFamilyAttemptTimeout();
}

/**
 * Connects with `net.connect({ host, port, autoSelectFamily: true })` and Node's defaults, reporting each
 * step to `onEvent`. Rejects with Node's own error unchanged, a `ConnectTimeoutError`, or `signal.reason`.
 */
export function connectNodeNative(options: StrategyOptions): Promise<Socket> {
  const { host, port, signal } = options;
  const clock = options.clock ?? systemClock;
  const origin = clock.now();
  const elapsed = (): number => clock.now() - origin;
  const emit = (event: StrategyEvent): void => options.onEvent?.(event);

  return new Promise<Socket>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const socket = new Socket();
    let attempts = 0;
    let pending: (Endpoint & { readonly index: number; readonly startedAt: number }) | null = null;
    // Node reports the answer one address at a time, all at once; the trace shows it as one answer.
    let answer: LookupAddress[] = [];

    const flushLookup = (): void => {
      if (answer.length === 0) return;
      emit({ type: 'lookup-answered', at: elapsed(), addresses: answer });
      answer = [];
    };
    const endpointOf = (address: string, attemptPort: number, family: number): Endpoint => ({
      address,
      family: family === 6 ? 6 : 4,
      port: attemptPort,
    });

    const onLookup = (error: Error | null, address: string, family: number | string | null): void => {
      if (error) {
        emit({ type: 'lookup-failed', at: elapsed(), error: toErrorInfo(error) });
        return;
      }
      answer.push({ address, family: family === 6 || family === 'IPv6' ? 6 : 4 });
    };
    const onAttempt = (address: string, attemptPort: number, family: number): void => {
      flushLookup();
      pending = { ...endpointOf(address, attemptPort, family), index: attempts++, startedAt: elapsed() };
      emit({ type: 'attempt-started', at: pending.startedAt, ...endpointOf(address, attemptPort, family), index: pending.index });
    };
    const onAttemptFailed = (address: string, attemptPort: number, family: number, error: Error): void => {
      const index = pending?.index ?? attempts - 1;
      pending = null;
      emit({ type: 'attempt-failed', at: elapsed(), index, error: toErrorInfo(error), ...endpointOf(address, attemptPort, family) });
    };
    const onAttemptTimeout = (address: string, attemptPort: number, family: number): void => {
      const at = elapsed();
      const index = pending?.index ?? attempts - 1;
      const after = at - (pending?.startedAt ?? at);
      pending = null;
      emit({ type: 'attempt-abandoned', at, index, after, ...endpointOf(address, attemptPort, family) });
    };
    const onConnect = (): void => {
      flushLookup();
      const winner = pending ?? {
        ...endpointOf(socket.remoteAddress ?? host, socket.remotePort ?? port, socket.remoteFamily === 'IPv6' ? 6 : 4),
        index: attempts - 1,
      };
      pending = null;
      emit({ type: 'connected', at: elapsed(), index: winner.index, address: winner.address, family: winner.family, port: winner.port });
      finish();
      resolve(socket);
    };
    const onError = (error: Error): void => {
      flushLookup();
      // A single address has no `connectionAttemptFailed`: its error is the socket's.
      if (pending) onAttemptFailed(pending.address, pending.port, pending.family, error);
      fail(error);
    };
    const onStop = (error: unknown): void => {
      flushLookup();
      if (pending)
        emit({
          type: 'attempt-cancelled',
          at: elapsed(),
          index: pending.index,
          address: pending.address,
          family: pending.family,
          port: pending.port,
        });
      pending = null;
      socket.destroy();
      fail(error);
    };
    const onAbort = (): void => onStop(signal?.reason);
    const timer =
      options.timeout === undefined
        ? null
        : clock.setTimeout(() => onStop(new ConnectTimeoutError(formatHostPort(host, port), options.timeout ?? 0)), options.timeout);

    // Node may start the first attempt synchronously inside connect(), so these go on before it.
    const listeners = {
      lookup: onLookup,
      connectionAttempt: onAttempt,
      connectionAttemptFailed: onAttemptFailed,
      connectionAttemptTimeout: onAttemptTimeout,
      connect: onConnect,
      error: onError,
    } as const;
    function fail(error: unknown): void {
      emit({ type: 'failed', at: elapsed(), error: toStrategyError(error) });
      finish();
      // The socket is destroyed; anything it still says is of no interest and must not crash the process.
      socket.on('error', () => {});
      reject(error);
    }
    function finish(): void {
      if (timer !== null) clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      for (const [event, listener] of Object.entries(listeners)) socket.off(event, listener);
    }

    for (const [event, listener] of Object.entries(listeners)) socket.on(event, listener);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (isIP(host) === 0) emit({ type: 'lookup-started', at: elapsed(), hostname: host });
    socket.connect({
      host,
      port,
      autoSelectFamily: true,
      ...(options.family === 4 || options.family === 6 ? { family: options.family } : {}),
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
      ...(options.lookup === undefined ? {} : { lookup: toNodeLookup(options.lookup) }),
    });
  });
}

/** A promise-based lookup in the callback form `net.connect` calls (with `all: true` under autoSelectFamily). */
function toNodeLookup(lookup: LookupAll): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
    lookup(hostname, family, options.hints).then(
      (addresses) => {
        const [first] = addresses;
        if (first === undefined) {
          callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND', hostname }), '', 0);
        } else if (options.all === true) {
          callback(
            null,
            addresses.map(({ address, family: version }) => ({ address, family: version })),
          );
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
