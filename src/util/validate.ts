import { InvalidOptionError } from '../errors/invalid-option-error.js';

/** The longest wait a Node timer holds, in ms (2^31 - 1): a longer one fires after 1 ms, with a warning. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Checks a duration in milliseconds: a finite number within [min, max]. Returns it for chaining. */
export function checkDuration(option: string, value: unknown, min = 0, max = Number.POSITIVE_INFINITY): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `at least ${min}` : `from ${min} to ${max}`;
    throw new InvalidOptionError(option, value, `a number of milliseconds ${range}`);
  }
  return value;
}

/** Checks an integer within [min, max]. */
export function checkInteger(option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, value, `an integer from ${min} to ${max}`);
  }
  return value;
}

/** Checks that a value, when given, is an AbortSignal (by its brand, so it works across realms). */
export function checkSignal(option: string, value: unknown): AbortSignal | undefined {
  if (value !== undefined && Object.prototype.toString.call(value) !== '[object AbortSignal]') {
    throw new InvalidOptionError(option, value, 'an AbortSignal');
  }
  return value as AbortSignal | undefined;
}

/** Checks that a callback, when given, is a function. */
export function checkCallback<F>(option: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw new InvalidOptionError(option, value, 'a function');
  return value;
}
