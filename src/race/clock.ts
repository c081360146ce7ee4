/**
 * The engine's only source of time. Inject a fake one to run races on virtual time;
 * the default reads the monotonic `performance.now()` and uses the global timers.
 */
export interface Clock {
  /** Monotonic milliseconds; only differences between readings matter. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
