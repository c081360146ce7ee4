import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/race/clock.js';

/** Arms `ms` on the system clock and resolves with the time `now()` says passed until the callback ran. */
function measure(ms: number): Promise<number> {
  return new Promise((resolve) => {
    const armedAt = systemClock.now();
    systemClock.setTimeout(() => resolve(systemClock.now() - armedAt), ms);
  });
}

describe('systemClock', () => {
  it('never runs a callback before the delay has passed by its own now()', async () => {
    // Node's timers count whole milliseconds of loop time, so a plain 2 ms timer comes up to 1 ms early
    // now and then (a few in a hundred here); 200 in a row would show it.
    const measured: number[] = [];
    for (let run = 0; run < 200; run++) measured.push(await measure(2));
    expect(measured.filter((elapsed) => elapsed < 2)).toEqual([]);
  });

  it('clearTimeout stops a timer, also one that was re-armed', async () => {
    let fired = 0;
    const handle = systemClock.setTimeout(() => fired++, 5);
    systemClock.clearTimeout(handle);
    // Re-armed or not, a cleared timer stays quiet: clear each one halfway through its wait.
    for (let run = 0; run < 20; run++) {
      const timer = systemClock.setTimeout(() => fired++, 2);
      await new Promise((resolve) => setTimeout(resolve, 1));
      systemClock.clearTimeout(timer);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toBe(0);
  });
});
