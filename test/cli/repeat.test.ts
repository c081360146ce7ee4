import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/cli/report.js';
import { median, repeatStatistics, runRepeat } from '../../src/cli/repeat.js';
import { capture, FakeClock } from '../helpers/fake-clock.js';
import { allRefused, blackHoleRescued, interrupted, ipv6FirstTry } from './render/fixtures.js';

/** A run that takes `durations[index]` ms of virtual time and notes when it started. */
function timedRuns(clock: FakeClock, durations: readonly number[]) {
  const starts: number[] = [];
  const runOnce = (index: number): Promise<RunReport> =>
    new Promise((resolve) => {
      starts.push(clock.now());
      clock.setTimeout(() => resolve(blackHoleRescued()), durations[index] ?? 0);
    });
  return { starts, runOnce };
}

describe('runRepeat', () => {
  it('starts a run every `interval` ms, like ping, and reports each run as it ends', async () => {
    const clock = new FakeClock();
    const { starts, runOnce } = timedRuns(clock, [40, 40, 40]);
    const ended: Array<[number, number]> = [];
    const series = capture(
      runRepeat(3, 100, runOnce, { signal: new AbortController().signal, clock, onRun: (_report, index) => ended.push([index, clock.now()]) }),
    );
    await clock.run();
    expect(starts).toEqual([0, 100, 200]);
    expect(ended).toEqual([
      [0, 40],
      [1, 140],
      [2, 240],
    ]);
    expect(series.result()).toMatchObject({ ok: true, value: { length: 3 } });
    expect(clock.pendingTimers).toBe(0);
  });

  it('a run longer than the interval is followed at once', async () => {
    const clock = new FakeClock();
    const { starts, runOnce } = timedRuns(clock, [150, 10]);
    const series = capture(runRepeat(2, 100, runOnce, { signal: new AbortController().signal, clock }));
    await clock.run();
    expect(starts).toEqual([0, 150]);
    expect(series.result()?.ok).toBe(true);
  });

  it('an abort during the pause ends the series with the runs so far', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const { starts, runOnce } = timedRuns(clock, [10, 10, 10]);
    const series = capture(runRepeat(3, 1000, runOnce, { signal: controller.signal, clock }));
    await clock.run(500);
    controller.abort();
    await clock.run();
    expect(starts).toEqual([0]);
    const result = series.result();
    expect(result?.ok === true && result.value.length).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('repeatStatistics', () => {
  it('counts, connect times (min, median, max) and wins per family; an interrupted run is left out', () => {
    const runs = [blackHoleRescued(), ipv6FirstTry(), allRefused(), interrupted()];
    const v6 = ipv6FirstTry().outcome;
    const v6At = v6.ok ? v6.winner.at : Number.NaN;
    const times = [252.874, v6At].sort((a, b) => a - b);
    expect(repeatStatistics(runs)).toEqual({
      runs: 3,
      connected: 2,
      failed: 1,
      connectTimes: { min: times[0], median: (times[0]! + times[1]!) / 2, max: times[1] },
      wins: { ipv6: 1, ipv4: 1 },
    });
  });

  it('no connection: no connect times', () => {
    expect(repeatStatistics([allRefused()]).connectTimes).toBeNull();
  });
});

describe('median', () => {
  it.each([
    [[5], 5],
    [[1, 3, 9], 3],
    [[1, 2, 4, 10], 3],
  ])('%j → %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
