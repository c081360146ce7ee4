/**
 * `--count N --interval MS`: the race again and again, like `ping`, then statistics: how often it
 * connected, the connect times (min, median, max) and which family won how often. Ctrl-C ends the series
 * early; the statistics cover the runs that finished.
 */
import { type Clock, systemClock } from '../race/clock.js';
import type { RunReport } from './report.js';

export interface RepeatStatistics {
  /** Runs that finished (an interrupted run is not counted). */
  readonly runs: number;
  readonly connected: number;
  readonly failed: number;
  /** Of the runs that connected: when the connection was made (ms since the run's start); null when none did. */
  readonly connectTimes: { readonly min: number; readonly median: number; readonly max: number } | null;
  readonly wins: { readonly ipv6: number; readonly ipv4: number };
}

interface RepeatContext {
  readonly signal: AbortSignal;
  readonly onRun?: ((report: RunReport, index: number) => void) | undefined;
  readonly clock?: Clock | undefined;
}

/**
 * Runs `runOnce` up to `count` times, starting a run `interval` ms after the previous one started (or at
 * once, when the previous one took longer). Stops early when the signal aborts; the run that was cut short
 * is included, as its report says `interrupted`.
 */
export async function runRepeat(
  count: number,
  interval: number,
  runOnce: (index: number) => Promise<RunReport>,
  context: RepeatContext,
): Promise<RunReport[]> {
  const clock = context.clock ?? systemClock;
  const runs: RunReport[] = [];
  for (let index = 0; index < count && !context.signal.aborted; index++) {
    const startedAt = clock.now();
    const report = await runOnce(index);
    runs.push(report);
    context.onRun?.(report, index);
    if (index < count - 1) await pause(interval - (clock.now() - startedAt), context.signal, clock);
  }
  return runs;
}

export function repeatStatistics(runs: readonly RunReport[]): RepeatStatistics {
  const finished = runs.filter((run) => run.outcome.ok || run.outcome.reason !== 'interrupted');
  const winners = finished.flatMap((run) => (run.outcome.ok ? [run.outcome.winner] : []));
  const times = winners.map((winner) => winner.at).sort((a, b) => a - b);
  return {
    runs: finished.length,
    connected: winners.length,
    failed: finished.length - winners.length,
    connectTimes: times.length === 0 ? null : { min: times[0] ?? 0, median: median(times), max: times.at(-1) ?? 0 },
    wins: {
      ipv6: winners.filter((winner) => winner.family === 6).length,
      ipv4: winners.filter((winner) => winner.family === 4).length,
    },
  };
}

/** The middle value of sorted numbers; the mean of the two middle ones for an even count. */
export function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? 0;
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Waits `ms` (nothing when it is not positive), or less when the signal aborts. */
function pause(ms: number, signal: AbortSignal, clock: Clock): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
