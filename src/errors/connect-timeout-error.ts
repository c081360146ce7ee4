import { EyeballError } from './eyeball-error.js';

/** The whole connection (DNS and every attempt) ran out of the overall `timeout`. */
export class ConnectTimeoutError extends EyeballError {
  override name = 'ConnectTimeoutError';
  readonly timeout: number;

  constructor(target: string, timeout: number) {
    super('EYEBALL_TIMEOUT', `could not connect to ${target} within ${timeout} ms`);
    this.timeout = timeout;
  }
}
