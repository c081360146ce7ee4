/**
 * The signals that stop a run: SIGINT, SIGTERM and SIGHUP. The first one stops the run, which still
 * reports what happened so far. A signal after that, or once the run is over, ends the process at once:
 * the handlers are removed and the signal is sent again, so the process dies of it.
 *
 * The handlers stay until that moment: removed any earlier, a signal that arrived just before would be
 * dropped by libuv instead of ending the process.
 */
import { EXIT_HANGUP, EXIT_INTERRUPTED, EXIT_TERMINATED } from '../exit-codes.js';

/** Each stop signal with the exit code of a run it stopped: 128 + the signal's number, as shells report it. */
export const STOP_SIGNAL_EXIT_CODES = { SIGHUP: EXIT_HANGUP, SIGINT: EXIT_INTERRUPTED, SIGTERM: EXIT_TERMINATED } as const;

export type StopSignal = keyof typeof STOP_SIGNAL_EXIT_CODES;

const STOP_SIGNALS = Object.keys(STOP_SIGNAL_EXIT_CODES) as StopSignal[];

interface StopSignals {
  readonly stoppedBy: StopSignal | null;
  /** The run is over: from now on a stop signal ends the process at once. */
  markRunOver(): void;
}

/** Listens for the stop signals: the first one while the run goes on calls `stop` with an `AbortError` to abort the run with. */
export function listenForStopSignals(stop: (reason: Error) => void): StopSignals {
  let stoppedBy: StopSignal | null = null;
  let isRunOver = false;
  const onSignal = (signal: StopSignal): void => {
    if (stoppedBy === null && !isRunOver) {
      stoppedBy = signal;
      stop(Object.assign(new Error(`stopped by ${signal}`), { name: 'AbortError', code: signal }));
      return;
    }
    for (const stopSignal of STOP_SIGNALS) process.off(stopSignal, onSignal);
    process.kill(process.pid, signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return {
    get stoppedBy() {
      return stoppedBy;
    },
    markRunOver() {
      isRunOver = true;
    },
  };
}
