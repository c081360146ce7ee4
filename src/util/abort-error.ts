/**
 * An `AbortError` DOMException without a stack trace, for the aborts eyeball starts itself (the losers of
 * a race, a resolution that is no longer needed). Its stack would only point into eyeball, and capturing
 * it is most of what a DOMException costs (about 3x the time and 2x the memory, bench/engine-scale.mjs),
 * paid on every connection. Where `Error.stackTraceLimit` cannot be changed (a frozen realm), the error
 * keeps its stack.
 *
 * @example
 * controller.abort(abortError('another attempt won the race'));
 */
export function abortError(message: string): DOMException {
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
  } catch {
    return new DOMException(message, 'AbortError');
  }
  try {
    return new DOMException(message, 'AbortError');
  } finally {
    Error.stackTraceLimit = limit;
  }
}
