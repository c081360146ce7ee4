/** How the process ends: the exit code (docs/cli.md, "What ends a run"), then the exit itself once stderr has flushed. */
import { EXIT_INTERRUPTED, EXIT_NOT_CONNECTED } from '../exit-codes.js';
import { STOP_SIGNAL_EXIT_CODES, type StopSignal } from './stop-signals.js';

export interface RunEnding {
  readonly stoppedBy: StopSignal | null;
  readonly isReportLost: boolean;
}

/**
 * The process's exit code. A lost report is a failed run (1): a script must never read success from a
 * report nobody got. A run that stopped early takes the code of the signal that stopped it.
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
