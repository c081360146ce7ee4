import { errorSummary } from './all-attempts-failed-error.js';
import { EyeballError } from './eyeball-error.js';

/**
 * A callback the caller gave eyeball (`onEvent`, `dispose`) threw. `callback` names it, `eventType` the event
 * it threw on (for `onEvent`), and `cause` is what it threw. While a race or a connect() is undecided this is
 * its rejection, and everything still running is cancelled; after that it is emitted as a process warning.
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
