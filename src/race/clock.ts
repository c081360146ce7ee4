/** The engine's only source of time: inject a fake one to run races on virtual time. */
export interface Clock {
  /** Monotonic milliseconds; only differences between readings matter. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * `performance.now()` and the global timers. A Node timer may fire a fraction of a millisecond before `now()`
 * says its delay passed (it counts whole ms of loop time): on time for a race; events report what `now()` read.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
