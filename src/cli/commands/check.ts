/**
 * Carries out a {@link CheckPlan}: checks the targets `concurrency` at a time, streams what must be
 * streamed (NDJSON, the live view, a line per run of a series), then writes the report and the JUnit file
 * and returns the exit code. It writes only through the functions it is given, so it runs the same in a test.
 */
import { setMaxListeners } from 'node:events';
import { EyeballError } from '../../errors/eyeball-error.js';
import type { StrategyEvent } from '../compare/strategy-events.js';
import type { TraceEvent } from '../../trace/events.js';
import type { CheckPlan } from '../check-plan.js';
import type { TargetResult } from '../check-result.js';
import { EXIT_CONNECTED, EXIT_INTERRUPTED, EXIT_NOT_CONNECTED } from '../exit-codes.js';
import { shouldShowLive } from '../live/live-decision.js';
import { type LiveView, startLiveView } from '../live/live-view.js';
import { checkModeTls } from '../build-command.js';
import { checkTargetFamily } from '../options.js';
import { eachChecks, raceChecks, repeatChecks, verdictOf } from '../policy.js';
import { mapConcurrently } from '../pool.js';
import { renderResultsJson, toJsonCheck, toJsonStatistics } from '../render/diagnostics-json.js';
import { renderJunit } from '../render/junit.js';
import { type NdjsonContext, type NdjsonEvent, ndjsonLine, raceStartedEvent } from '../render/ndjson.js';
import { renderRunLine } from '../render/repeat.js';
import { renderResultsHuman } from '../render/results-human.js';
import { createTheme } from '../render/theme.js';
import { repeatStatistics, runRepeat } from '../repeat.js';
import type { RunReport, RunTarget } from '../report.js';
import { runConnect } from '../run.js';
import { quote } from '../target.js';
import { runCompare } from './compare.js';
import { runEach } from './each.js';

export interface CheckIo {
  readonly signal: AbortSignal;
  readonly write: (text: string) => void;
  readonly writeFile: (path: string, text: string) => void;
  /** Reads `--targets FILE` (`-` for standard input). */
  readonly readTargets: (path: string) => RunTarget[];
  readonly color: boolean;
  readonly width: number;
  readonly height: number;
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Checks every target of the plan, reports, and returns the exit code (0, 1 or 130). */
export async function runCheckCommand(plan: CheckPlan, io: CheckIo): Promise<number> {
  const targets = [...plan.targets, ...(plan.targetsFile === null ? [] : io.readTargets(plan.targetsFile))];
  for (const target of targets) {
    checkTargetFamily(target, plan.settings);
    checkModeTls(target, plan);
  }
  const isLive = shouldShowLive({
    isTTY: io.isTTY,
    env: io.env,
    format: plan.output.format,
    live: plan.output.live,
    targets: targets.length,
    mode: plan.mode,
    count: plan.count,
  });
  const [first] = targets;
  const live =
    isLive && first !== undefined
      ? startLiveView({
          write: io.write,
          title: `eyeball ${first.host} port ${first.port}`,
          targetPort: first.port,
          color: io.color,
          width: io.width,
          height: io.height,
        })
      : null;
  // Every running check listens on the one signal: with --concurrency over 10, Node's leak warning would print.
  setMaxListeners(0, io.signal);
  let results: TargetResult[];
  try {
    results = await mapConcurrently(targets, plan.concurrency, (target) => checkTarget(target, plan, io, live, targets.length > 1));
  } finally {
    live?.stop();
  }

  const hasPolicy = plan.policy.require !== null || plan.policy.maxTime !== null;
  if (plan.output.format === 'json') {
    // The shape follows the command line, not the length of a targets file.
    const isList = plan.targets.length > 1 || plan.targetsFile !== null;
    io.write(renderResultsJson(results, { hasPolicy, count: plan.count, interval: plan.interval, isList }));
  }
  if (plan.output.format === 'human')
    io.write(renderResultsHuman(results, { color: io.color, width: io.width, verbose: plan.output.verbose, hasPolicy, count: plan.count }));
  if (plan.output.junit !== null) writeJunit(plan.output.junit, renderJunit(results), io);

  if (io.signal.aborted || results.some((result) => result.verdict.interrupted)) return EXIT_INTERRUPTED;
  return results.every((result) => result.verdict.passed) ? EXIT_CONNECTED : EXIT_NOT_CONNECTED;
}

async function checkTarget(target: RunTarget, plan: CheckPlan, io: CheckIo, live: LiveView | null, isOneOfMany: boolean): Promise<TargetResult> {
  const { signal } = io;
  const startedAt = performance.now();
  const stream = (context: NdjsonContext, event: NdjsonEvent): void => {
    if (plan.output.format === 'ndjson') io.write(ndjsonLine(context, event));
  };
  const raceEvents =
    (run?: number) =>
    (event: TraceEvent): void => {
      stream(run === undefined ? { target } : { target, run }, event);
      live?.onEvent(event);
    };
  const raceStarted =
    (run?: number) =>
    (timeOrigin: number): void =>
      stream(run === undefined ? { target } : { target, run }, raceStartedEvent(timeOrigin));

  let result: TargetResult;
  if (plan.mode === 'each') {
    const report = await runEach(target, plan.settings, { signal, onEvent: (event) => stream({ target }, event) });
    result = { mode: 'each', target, report, verdict: verdictOf(eachChecks(report, plan.policy), report.interrupted) };
  } else if (plan.mode === 'compare') {
    const report = await runCompare(target, plan.settings, {
      signal,
      onEvent: (strategy, event: TraceEvent | StrategyEvent) => stream({ target, strategy }, event),
    });
    result = { mode: 'compare', target, report, verdict: verdictOf(raceChecks(report.eyeball, plan.policy), report.interrupted) };
  } else if (plan.count > 1) {
    const theme = createTheme(io.color);
    const runOnce = (index: number): Promise<RunReport> =>
      runConnect(target, plan.settings, { signal, onEvent: raceEvents(index + 1), onStart: raceStarted(index + 1) });
    const runs = await runRepeat(plan.count, plan.interval, runOnce, {
      signal,
      onRun: (report, index) => {
        if (plan.output.format === 'human') io.write(renderRunLine(report, index, theme, isOneOfMany));
      },
    });
    const interrupted = runs.some(isInterrupted) || (signal.aborted && runs.length < plan.count);
    result = {
      mode: 'repeat',
      target,
      settings: plan.settings,
      runs,
      statistics: repeatStatistics(runs),
      verdict: verdictOf(repeatChecks(runs, plan.policy), interrupted),
    };
  } else {
    const report = await runConnect(target, plan.settings, { signal, onEvent: raceEvents(), onStart: raceStarted() });
    result = { mode: 'race', target, report, verdict: verdictOf(raceChecks(report, plan.policy), isInterrupted(report)) };
  }

  const { verdict } = result;
  const statistics = result.mode === 'repeat' ? { statistics: toJsonStatistics(result.statistics) } : {};
  stream(
    { target },
    {
      type: 'verdict',
      at: performance.now() - startedAt,
      passed: verdict.passed,
      interrupted: verdict.interrupted,
      checks: verdict.checks.map(toJsonCheck),
      ...statistics,
    },
  );
  return result;
}

function isInterrupted(report: RunReport): boolean {
  return !report.outcome.ok && report.outcome.reason === 'interrupted';
}

/** The JUnit file is written after the report; failing to write it is a failure of the run (exit 1). */
function writeJunit(path: string, xml: string, io: CheckIo): void {
  try {
    io.writeFile(path, xml);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new EyeballError('EYEBALL_JUNIT_WRITE', `cannot write the JUnit report to ${quote(path)}: ${code}`, { cause: error });
  }
}
