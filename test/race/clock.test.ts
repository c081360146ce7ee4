import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/race/clock.js';

describe('systemClock', () => {
  it('runs a callback once its delay has passed, as Node counts it', async () => {
    const armedAt = systemClock.now();
    const elapsed = await new Promise<number>((resolve) => {
      systemClock.setTimeout(() => resolve(systemClock.now() - armedAt), 20);
    });
    // Node counts timers in whole milliseconds of loop time: up to 1 ms early by now() is on time.
    expect(elapsed).toBeGreaterThan(19);
  });

  it('clearTimeout stops a timer', async () => {
    let fired = 0;
    const handle = systemClock.setTimeout(() => fired++, 5);
    systemClock.clearTimeout(handle);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fired).toBe(0);
  });
});
