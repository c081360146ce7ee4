/**
 * Carries out what the command line asked for ({@link Plan}) and returns the exit code. It touches the
 * process only through {@link CliIo}, which src/cli/main.ts wires to the process, so a test runs it with its own.
 */
import { DEMO_HOST, runDemo } from './demo/demo.js';
import { shouldShowLive } from './live/live-decision.js';
import { type LiveView, startLiveView } from './live/live-view.js';
import { shouldUseColor } from './color.js';
import { runCheckCommand } from './commands/check.js';
import { EXIT_CONNECTED, EXIT_INTERRUPTED, EXIT_NOT_CONNECTED } from './exit-codes.js';
import type { Plan } from './plan.js';
import { renderHuman } from './render/human.js';
import { renderJson } from './render/json.js';
import { wrapWords } from './render/table.js';
import { MIN_WATERFALL_WIDTH } from './render/waterfall.js';
import type { RunReport, RunTarget } from './report.js';
import { loadCaFile } from './tls-settings.js';

export interface CliIo {
  /** Aborted by Ctrl-C, SIGTERM or SIGHUP, or when stdout fails: what runs stops, and what happened so far is reported. */
  readonly signal: AbortSignal;
  /** Writes to stdout: the report, and nothing else. */
  readonly write: (text: string) => void;
  /** Writes to stderr: notes for people beside the report. */
  readonly writeError: (text: string) => void;
  readonly writeFile: (path: string, text: string) => void;
  /** Reads `--targets FILE` (`-` for standard input). */
  readonly readTargets: (path: string) => RunTarget[];
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Terminal columns and rows. */
  readonly width: number;
  readonly height: number;
}

/** Runs `plan` and returns the exit code; throws a UsageError when a file the plan names is missing or wrong. */
export async function runPlan(plan: Plan, io: CliIo): Promise<number> {
  switch (plan.kind) {
    case 'print':
      io.write(plan.text);
      return EXIT_CONNECTED;
    case 'demo':
      return runDemoPlan(plan, io);
    case 'check': {
      const { output } = plan.plan;
      const settings = loadCaFile(plan.plan.settings);
      return runCheckCommand(
        { ...plan.plan, settings },
        {
          ...io,
          color: output.format === 'human' && shouldUseColor({ noColorFlag: output.noColor, env: io.env, isTTY: io.isTTY }),
        },
      );
    }
  }
}

/** The demo is one race: on a terminal it is drawn live after its note. */
async function runDemoPlan(plan: Extract<Plan, { kind: 'demo' }>, io: CliIo): Promise<number> {
  const { output } = plan;
  const color = shouldUseColor({ noColorFlag: output.noColor, env: io.env, isTTY: io.isTTY });
  const isLive = shouldShowLive({
    isTTY: io.isTTY,
    env: io.env,
    format: output.json ? 'json' : 'human',
    live: true,
    targets: 1,
    mode: 'race',
    count: 1,
  });
  // Not narrowed to null: the callbacks below set it.
  let live = null as LiveView | null;
  let report: RunReport;
  try {
    report = await runDemo({
      attemptDelay: plan.attemptDelay,
      signal: io.signal,
      onReady: (note) => {
        // With --json, stdout holds the JSON document and nothing else.
        if (output.json) io.writeError(`${note}\n`);
        else io.write(`${wrapWords(note, Math.max(MIN_WATERFALL_WIDTH, io.width)).join('\n')}\n\n`);
        if (isLive) live = startLiveView({ write: io.write, title: `eyeball ${DEMO_HOST}`, color, width: io.width, height: io.height });
      },
      onEvent: (event) => live?.onEvent(event),
    });
  } finally {
    live?.stop();
  }
  io.write(output.json ? renderJson(report) : renderHuman(report, { color, width: io.width, verbose: output.verbose }));
  return exitCodeFor(report);
}

function exitCodeFor(report: RunReport): number {
  if (report.outcome.ok) return EXIT_CONNECTED;
  return report.outcome.reason === 'interrupted' ? EXIT_INTERRUPTED : EXIT_NOT_CONNECTED;
}
