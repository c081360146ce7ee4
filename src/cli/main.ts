/**
 * The `eyeball` command (dist/cli.cjs, run by bin/eyeball.js): argv → commander (src/cli/program.ts) →
 * a plan → `runPlan(plan, io)` (src/cli/run-plan.ts) → the report. This module only wires the process to
 * that pipeline: stdout and stderr, the terminal's size, Ctrl-C, and the exit code. It is the only module
 * that writes to the process's streams or sets its exit code.
 */
import { writeFileSync } from 'node:fs';
import { EyeballError } from '../errors/eyeball-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { EXIT_NOT_CONNECTED, EXIT_USAGE } from './exit-codes.js';
import { parseArgs } from './program.js';
import { runPlan } from './run-plan.js';
import { cleanForTerminal } from './sanitize.js';
import { readTargetsFile } from './targets-file.js';
import { UsageError } from './usage-error.js';

/** The report is laid out for this many columns when stdout is not a terminal and COLUMNS is not set. */
const DEFAULT_WIDTH = 80;
/** The live view keeps within this many rows when the terminal does not say. */
const DEFAULT_HEIGHT = 24;
const DEBUG_HINT = 'set EYEBALL_DEBUG=1 to see the stack';

/**
 * Runs the command line with a signal that the first Ctrl-C aborts: the run stops and the report shows
 * what happened so far. The handler is removed afterwards, so a second Ctrl-C ends the process at once.
 */
async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    controller.abort(Object.assign(new Error('interrupted by Ctrl-C'), { name: 'AbortError', code: 'SIGINT' }));
  };
  process.once('SIGINT', onInterrupt);
  try {
    return await runPlan(parseArgs(argv), {
      signal: controller.signal,
      write: (text) => process.stdout.write(text),
      writeError: (text) => process.stderr.write(text),
      writeFile: (path, text) => writeFileSync(path, text),
      readTargets: readTargetsFile,
      isTTY: process.stdout.isTTY === true,
      env: process.env,
      width: terminalWidth(),
      height: terminalHeight(),
    });
  } finally {
    process.off('SIGINT', onInterrupt);
  }
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

// `eyeball ... | head -1` closes the pipe early; that is not an error worth a message. Others are one line.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return;
  writeError(`cannot write the report: ${error.message}`);
  process.exitCode = EXIT_NOT_CONNECTED;
});

// A throw from an event handler (a bug) still ends as one line; the process is then in an unknown
// state, so it ends once what was written has flushed.
const crash = (error: unknown): void => {
  exitWhenFlushed(reportError(error));
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

/** Sets the exit code and ends the process as soon as everything written has reached stdout and stderr. */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit()));
}

main(process.argv.slice(2)).then(exitWhenFlushed, (error: unknown) => exitWhenFlushed(reportError(error)));
