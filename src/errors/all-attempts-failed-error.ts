import type { AttemptRecord } from '../base/attempt.js';

/**
 * Every attempt of a race failed (or there was none to make). Unlike a bare AggregateError,
 * the message says what happened, and `attempts` keeps each attempt's times and error in start order.
 * When the attempt source itself threw, its error is `sourceError`, the last of `errors`, and the `cause`.
 */
export class AllAttemptsFailedError extends AggregateError {
  override name = 'AllAttemptsFailedError';
  readonly code = 'EYEBALL_ALL_ATTEMPTS_FAILED';
  readonly attempts: readonly AttemptRecord[];
  readonly sourceError: unknown;

  constructor(attempts: readonly AttemptRecord[], source?: { readonly error: unknown }) {
    const errors = attempts.map((attempt) => attempt.error);
    if (source === undefined) super(errors, describe(attempts, source));
    else super([...errors, source.error], describe(attempts, source), { cause: source.error });
    this.attempts = attempts;
    this.sourceError = source?.error;
  }
}

function describe(attempts: readonly AttemptRecord[], source: { readonly error: unknown } | undefined): string {
  const sourceFailure = source === undefined ? '' : `the attempt source failed: ${errorSummary(source.error)}`;
  if (attempts.length === 0) return `no attempt was made: ${sourceFailure || 'there was nothing to try'}`;
  const parts = attempts.map((attempt) => `#${attempt.index}: ${errorSummary(attempt.error)}`);
  return `all ${attempts.length} attempts failed (${parts.join('; ')})${sourceFailure && `; ${sourceFailure}`}`;
}

export function errorSummary(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
