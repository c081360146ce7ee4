import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { Clock } from '../../src/race/clock.js';

interface PendingTimer {
  readonly at: number;
  readonly order: number;
  readonly callback: () => void;
}

/**
 * Virtual time for scenario tests. Nothing happens until `run()`: it lets every promise settle, then jumps
 * to the earliest timer, fires it, and repeats, so a test can assert exact times (trio's autojump clock).
 */
export class FakeClock implements Clock {
  private time = 0;
  private order = 0;
  private readonly timers = new Map<number, PendingTimer>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.order;
    this.timers.set(id, { at: this.time + Math.max(0, ms), order: id, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** How many timers are armed: after a race settles this must be 0. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Lets all promise callbacks run (they never wait for real time in a fake scenario). */
  async settle(): Promise<void> {
    await nextMacrotask();
    await nextMacrotask();
  }

  /** Runs timers in time order until none is left or `until` (virtual ms) is reached. */
  async run(until = Number.POSITIVE_INFINITY): Promise<void> {
    for (let step = 0; step < 100_000; step++) {
      await this.settle();
      const next = this.earliest();
      if (next === undefined || next[1].at > until) {
        if (until !== Number.POSITIVE_INFINITY) this.time = Math.max(this.time, until);
        return;
      }
      const [id, timer] = next;
      this.timers.delete(id);
      this.time = timer.at;
      timer.callback();
    }
    throw new Error('FakeClock.run: too many timers; is something rescheduling forever?');
  }

  private earliest(): [number, PendingTimer] | undefined {
    let best: [number, PendingTimer] | undefined;
    for (const entry of this.timers) {
      const [, timer] = entry;
      if (!best || timer.at < best[1].at || (timer.at === best[1].at && timer.order < best[1].order)) best = entry;
    }
    return best;
  }
}

/** Captures a promise's outcome without an unhandled rejection, to inspect after the clock ran. */
export function capture<T>(promise: Promise<T>): { readonly result: () => { ok: true; value: T } | { ok: false; error: unknown } | undefined } {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  promise.then(
    (value) => {
      outcome = { ok: true, value };
    },
    (error: unknown) => {
      outcome = { ok: false, error };
    },
  );
  return { result: () => outcome };
}
