import { EyeballError } from './eyeball-error.js';

/**
 * The caller's `onEvent` threw. connect() then stops: what is still running is cancelled, a connection
 * already made is closed, and the promise rejects with this error; `cause` is what the callback threw.
 */
export class EventCallbackError extends EyeballError {
  override name = 'EventCallbackError';
  /** The type of the event the callback threw on. */
  readonly eventType: string;

  constructor(eventType: string, cause: unknown) {
    super('EYEBALL_CALLBACK_FAILED', `onEvent threw on the "${eventType}" event: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.eventType = eventType;
  }
}
