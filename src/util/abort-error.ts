/**
 * An `AbortError` DOMException, the reason eyeball gives when it aborts work itself (the losers of a race,
 * a resolution that is no longer needed), so that attempts can tell an abort from a failure by its name.
 *
 * @example
 * controller.abort(abortError('another attempt won the race'));
 */
export function abortError(message: string): DOMException {
  return new DOMException(message, 'AbortError');
}
