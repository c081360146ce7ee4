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

/** The system clock's timer handle: the Node timer of the current wait (it changes when re-armed). */
interface SystemTimer {
  handle: ReturnType<typeof setTimeout>;
}

/**
 * `performance.now()` and the global timers, with one guarantee the global timers lack: a callback never
 * runs before `ms` have passed as `now()` measures them. Node counts timers from libuv's loop time, whole
 * milliseconds, so a timer armed at 100.9 ms for 250 ms can fire at 350.0 ms, 249.1 ms later; a trace
 * would then show attempts closer than the Connection Attempt Delay. Such a timer is re-armed for the rest.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => {
    const dueAt = performance.now() + ms;
    const fire = (): void => {
      const left = dueAt - performance.now();
      if (left > 0) timer.handle = setTimeout(fire, left);
      else callback();
    };
    const timer: SystemTimer = { handle: setTimeout(fire, ms) };
    return timer;
  },
  clearTimeout: (handle) => clearTimeout((handle as SystemTimer).handle),
};
