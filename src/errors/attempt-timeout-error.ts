import { EyeballError } from './eyeball-error.js';

/** One connection attempt ran out of its own time (`attemptTimeout`); other attempts go on. */
export class AttemptTimeoutError extends EyeballError {
  override name = 'AttemptTimeoutError';
  readonly timeout: number;

  constructor(address: string, port: number, timeout: number) {
    super('EYEBALL_ATTEMPT_TIMEOUT', `no answer from ${formatHostPort(address, port)} within ${timeout} ms`);
    this.timeout = timeout;
  }
}

/** `host:port`, with IPv6 literals in brackets. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
