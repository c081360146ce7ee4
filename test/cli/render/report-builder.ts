/**
 * Hand-built runs become RunReports the way src/cli/run.ts assembles them, so that a fixture writes its
 * trace once: a run that connected takes its winner from the `connected` event (run.ts's own
 * winnerOutcome), and a run that failed takes its error from the `failed` event, which carries the error
 * connect() rejected with (src/connect/happy-eyeballs.ts), the one run.ts reports.
 */
import type { RunOutcome, RunReport, RunSettings, RunTarget } from '../../../src/cli/report.js';
import { winnerOutcome } from '../../../src/cli/run.js';
import type { TraceEvent } from '../../../src/trace/events.js';

/**
 * The time origin of every hand-built report: 2026-12-07T18:30:00.123Z plus 250 µs (a binary fraction, so
 * the document shows it exactly).
 */
export const FIXTURE_TIME_ORIGIN = Date.UTC(2026, 11, 7, 18, 30, 0, 123) + 0.25;

/** What a fixture writes: the envelope of a report but for its outcome. */
export interface HandBuiltRun {
  readonly target: RunTarget;
  readonly settings: RunSettings;
  readonly events: readonly TraceEvent[];
  /** ms from the start of the run to its end. */
  readonly elapsed: number;
}

/** Why a run failed, as run.ts tells it from the error connect() threw (not from the trace). */
export type FailureReason = Extract<RunOutcome, { ok: false }>['reason'];

function report({ target, settings, events, elapsed }: HandBuiltRun, outcome: RunOutcome): RunReport {
  return { target, settings, events, outcome, elapsed, timeOrigin: FIXTURE_TIME_ORIGIN };
}

/** A run that connected; throws, as run.ts does, when the trace has no `connected` event. */
export function wonReport(run: HandBuiltRun): RunReport {
  return report(run, winnerOutcome(run.events));
}

/** A run that failed for `reason`, with the error of its trace's last `failed` event. */
export function failedReport(run: HandBuiltRun & { readonly reason: FailureReason }): RunReport {
  const failed = run.events.findLast((event) => event.type === 'failed');
  if (failed?.type !== 'failed') throw new Error('a failed run ends its trace with a `failed` event');
  return report(run, { ok: false, reason: run.reason, error: failed.error });
}
