import { formatHostPort } from '../base/host-port.js';
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
