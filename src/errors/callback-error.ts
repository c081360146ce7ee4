import { errorSummary } from './all-attempts-failed-error.js';
import { EyeballError } from './eyeball-error.js';

/**
 * A callback the caller gave eyeball (`onEvent`, `dispose`) threw `cause`. While a race or a connect() is
 * undecided this is its rejection, and everything still running is cancelled; later it is a process warning.
 */
export class CallbackError extends EyeballError {
  override name = 'CallbackError';
  readonly callback: string;
  readonly eventType: string | undefined;

  constructor(callback: string, cause: unknown, eventType?: string) {
    const where = eventType === undefined ? '' : ` on the "${eventType}" event`;
    super('EYEBALL_CALLBACK_FAILED', `\`${callback}\` threw${where}: ${errorSummary(cause)}`, { cause });
    this.callback = callback;
    this.eventType = eventType;
  }
}
