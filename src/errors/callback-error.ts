import { errorSummary } from './all-attempts-failed-error.js';
import { EyeballError } from './eyeball-error.js';

/**
 * A callback the caller gave eyeball (`onEvent`, `dispose`) threw. `callback` names it and `cause` is what it
 * threw. While the race is undecided this is its rejection; after that it is emitted as a process warning.
 */
export class CallbackError extends EyeballError {
  override name = 'CallbackError';
  readonly callback: string;

  constructor(callback: string, cause: unknown) {
    super('EYEBALL_CALLBACK_FAILED', `\`${callback}\` threw: ${errorSummary(cause)}`, { cause });
    this.callback = callback;
  }
}
