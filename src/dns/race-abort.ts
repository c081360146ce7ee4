/**
 * Settles as `work` does, unless `signal` aborts first: then `onAbort` runs (to cancel the work) and the
 * promise rejects with `signal.reason`. A late outcome of `work` is ignored, and a late rejection handled.
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
