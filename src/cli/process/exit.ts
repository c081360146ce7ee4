/**
 * How the process ends: the exit code, from what the run returned, the signal that stopped it and whether
 * its report could be written (docs/cli.md, "What ends a run"); then the exit itself, once what was written
 * has flushed.
 */
import { EXIT_INTERRUPTED, EXIT_NOT_CONNECTED } from '../exit-codes.js';
import { STOP_SIGNAL_EXIT_CODES, type StopSignal } from './stop-signals.js';

export interface RunEnding {
  /** The signal that stopped the run (src/cli/process/stop-signals.ts); null when none did. */
  readonly stoppedBy: StopSignal | null;
  /** The report could not be written in full (src/cli/process/report-output.ts). */
  readonly isReportLost: boolean;
}

/**
 * The process's exit code. A lost report is a failed run (1), whatever the run found: a script must never
 * read success from a report nobody got. A run that stopped early says so (130); the signal that stopped it
 * gives the code (129, 130, 143). Otherwise the run's own code. Pure.
 */
export function processExitCode(runCode: number, ending: RunEnding): number {
  if (ending.isReportLost) return EXIT_NOT_CONNECTED;
  if (runCode === EXIT_INTERRUPTED && ending.stoppedBy !== null) return STOP_SIGNAL_EXIT_CODES[ending.stoppedBy];
  return runCode;
}

/** Ends the process with `code` as soon as everything written to stderr has reached it (stdout: see ReportOutput.flushed). */
export function exitWhenStderrFlushed(code: number): void {
  process.exitCode = code;
  process.stderr.write('', () => process.exit());
}
