import { Socket, type TcpSocketConnectOpts } from 'node:net';
import type { Endpoint } from '../base/endpoint.js';

export interface TcpAttemptOptions {
  /** Aborting destroys the socket; the promise rejects with `signal.reason`. */
  readonly signal: AbortSignal;
  readonly localAddress?: string | undefined;
  readonly allowHalfOpen?: boolean | undefined;
  /**
   * Called once the connect has been issued (the SYN has left). Node issues it on the tick after
   * `socket.connect()` returns, not inside it, so this runs on the tick after Node's.
   */
  readonly onIssued?: (() => void) | undefined;
}

/**
 * One TCP connection attempt to one address: resolves with the connected socket (no listeners of ours
 * left on it), or rejects with the socket's error (`ECONNREFUSED`, `ENETUNREACH`, ...).
 */
export function connectTcp(endpoint: Endpoint, options: TcpAttemptOptions): Promise<Socket> {
  const { signal } = options;
  return new Promise<Socket>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const socket = new Socket({ allowHalfOpen: options.allowHalfOpen ?? false });
    const cleanup = (): void => {
      socket.off('connect', onConnect);
      socket.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const onConnect = (): void => {
      cleanup();
      resolve(socket);
    };
    const onError = (error: unknown): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onAbort = (): void => onError(signal.reason);
    socket.once('connect', onConnect);
    socket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
    const target: TcpSocketConnectOpts = { host: endpoint.address, port: endpoint.port, family: endpoint.family };
    if (options.localAddress !== undefined) target.localAddress = options.localAddress;
    socket.connect(target);
    // Node queued its connect on the next tick; ticks run in order, so this one runs right after it.
    if (options.onIssued !== undefined) process.nextTick(options.onIssued);
  });
}
