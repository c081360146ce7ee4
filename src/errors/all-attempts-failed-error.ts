import type { AttemptRecord } from '../race/events.js';

/**
 * Every attempt of a race failed (or there was none to make). Unlike a bare AggregateError,
 * the message says what happened, and `attempts` keeps each attempt's times and error in start order.
 */
export class AllAttemptsFailedError extends AggregateError {
  override name = 'AllAttemptsFailedError';
  readonly code = 'EYEBALL_ALL_ATTEMPTS_FAILED';
  readonly attempts: readonly AttemptRecord[];

  constructor(attempts: readonly AttemptRecord[]) {
    const errors = attempts.map((attempt) => attempt.error);
    super(errors, describe(attempts));
    this.attempts = attempts;
  }
}

function describe(attempts: readonly AttemptRecord[]): string {
  if (attempts.length === 0) return 'no attempt was made: there was nothing to try';
  const parts = attempts.map((attempt) => `#${attempt.index}: ${errorSummary(attempt.error)}`);
  return `all ${attempts.length} attempts failed (${parts.join('; ')})`;
}

export function errorSummary(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
