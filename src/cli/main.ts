/**
 * The `eyeball` command: argv → commander (src/cli/program.ts) → a plan → `runPlan(plan, io)` → the report.
 * This module only wires the process to that pipeline; it is the only one that writes to the process's
 * streams or sets its exit code. What the process guarantees, whatever the run does, is in src/cli/process/.
 */
import { writeFileSync } from 'node:fs';
import { EyeballError } from '../errors/eyeball-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { EXIT_NOT_CONNECTED, EXIT_USAGE } from './exit-codes.js';
import { exitWhenStderrFlushed, processExitCode } from './process/exit.js';
import { watchReportOutput } from './process/report-output.js';
import { listenForStopSignals } from './process/stop-signals.js';
import { parseArgs } from './program.js';
import { runPlan } from './run-plan.js';
import { cleanForTerminal } from './sanitize.js';
import { readTargetsFile } from './targets-file.js';
import { UsageError } from './usage-error.js';

const DEFAULT_WIDTH = 80;
const DEFAULT_HEIGHT = 24;
const DEBUG_HINT = 'set EYEBALL_DEBUG=1 to see the stack';

/** Aborted by the first stop signal, or when stdout fails: the run stops, and reports what happened so far. */
const run = new AbortController();
const output = watchReportOutput(process.stdout, (failure) => run.abort(failure));
const stopSignals = listenForStopSignals((reason) => run.abort(reason));
// stderr is the last place to say anything: when it fails too, the exit code is all that is left.
process.stderr.on('error', () => {});

async function main(argv: readonly string[]): Promise<number> {
  return runPlan(parseArgs(argv), {
    signal: run.signal,
    write: output.write,
    writeError: (text) => process.stderr.write(text),
    writeFile: (path, text) => writeFileSync(path, text),
    readTargets: readTargetsFile,
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    width: terminalWidth(),
    height: terminalHeight(),
  });
}

/** Terminal rows; a pseudo-terminal may say 0. */
function terminalHeight(): number {
  const rows = process.stdout.rows;
  return Number.isInteger(rows) && rows > 0 ? rows : DEFAULT_HEIGHT;
}

function terminalWidth(): number {
  const columns = process.stdout.columns ?? Number(process.env['COLUMNS']);
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_WIDTH;
}

/** Everything that goes wrong ends as one line on stderr: usage errors with 2, the rest with 1. */
function reportError(error: unknown): number {
  if (error instanceof UsageError || error instanceof InvalidOptionError) {
    writeError(error.message);
    return EXIT_USAGE;
  }
  // Expected failures of the environment (the demo without IPv6 on loopback, ...) carry eyeball's code.
  if (error instanceof EyeballError) {
    writeError(error.message);
    return EXIT_NOT_CONNECTED;
  }
  if (process.env['EYEBALL_DEBUG'] === '1' && error instanceof Error && error.stack !== undefined) {
    process.stderr.write(`${error.stack.split('\n').map(cleanForTerminal).join('\n')}\n`);
  } else {
    writeError(`unexpected error: ${error instanceof Error ? error.message : String(error)} (${DEBUG_HINT})`);
  }
  return EXIT_NOT_CONNECTED;
}

function writeError(message: string): void {
  process.stderr.write(`eyeball: ${cleanForTerminal(message.replace(/\s*\n\s*/gu, ' '))}\n`);
}

// A throw from an event handler (a bug) still ends as one line; the process is then in an unknown
// state, so it ends once what was written has flushed.
const crash = (error: unknown): void => {
  void finish(reportError(error));
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

/** The run is over: a signal now ends the process at once; once stdout has flushed, the process exits. */
async function finish(runCode: number): Promise<void> {
  stopSignals.markRunOver();
  await output.flushed();
  const { failure } = output;
  if (failure !== null) writeError(failure.message);
  exitWhenStderrFlushed(processExitCode(runCode, { stoppedBy: stopSignals.stoppedBy, isReportLost: failure !== null }));
}

main(process.argv.slice(2)).then(finish, (error: unknown) => finish(reportError(error)));
