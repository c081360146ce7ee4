/**
 * Settles as `work` does, unless `signal` aborts first: then `onAbort` runs (to cancel the work, if it
 * can be cancelled) and the promise rejects with `signal.reason`, unwrapped. A late outcome of `work` is
 * ignored, a late rejection included (it is handled here, so it never surfaces as unhandled). The abort
 * listener is removed once either side settles.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal, onAbort?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      reject(signal.reason);
      onAbort?.();
    };
    if (signal.aborted) {
      work.catch(() => {});
      abort();
      return;
    }
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
