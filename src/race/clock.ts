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

/** One wait on the system clock, and its handle: what to run, when it is due, and the Node timer armed for it. */
class SystemTimer {
  handle: ReturnType<typeof setTimeout>;

  constructor(
    readonly callback: () => void,
    readonly dueAt: number,
    ms: number,
  ) {
    this.handle = setTimeout(fireWhenDue, ms, this);
  }
}

/** Runs a timer's callback, or re-arms the same timer for the rest when Node fired it early. */
function fireWhenDue(timer: SystemTimer): void {
  const left = timer.dueAt - performance.now();
  if (left > 0) timer.handle = setTimeout(fireWhenDue, left, timer);
  else timer.callback();
}

/**
 * `performance.now()` and the global timers, with one guarantee the global timers lack: a callback never
 * runs before `ms` have passed as `now()` measures them. Node counts timers from libuv's loop time, whole
 * milliseconds, so a timer armed at 100.9 ms for 250 ms can fire at 350.0 ms, 249.1 ms later; a trace
 * would then show attempts closer than the Connection Attempt Delay. Such a timer is re-armed for the rest.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  // The timer itself is the state `fireWhenDue` needs (passed as the timer's argument): no closure per timer.
  setTimeout: (callback, ms) => new SystemTimer(callback, performance.now() + ms, ms),
  clearTimeout: (handle) => clearTimeout((handle as SystemTimer).handle),
};
