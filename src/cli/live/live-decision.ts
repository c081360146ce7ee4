/**
 * When the live view runs: a person watching one race on a terminal. Never for a program reading the
 * output (JSON, NDJSON, a pipe or a file), never on a terminal that cannot move the cursor (`TERM=dumb`),
 * and not when several things run at once (several targets, `--each`, `--compare`, `--count`), whose
 * reports are tables rather than one timeline.
 */
import type { CheckMode, OutputFormat } from '../check-plan.js';

export interface LiveInputs {
  /** stdout is a terminal. */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly format: OutputFormat;
  /** false after `--no-live`. */
  readonly live: boolean;
  readonly targets: number;
  readonly mode: CheckMode;
  readonly count: number;
}

export function shouldShowLive(inputs: LiveInputs): boolean {
  return (
    inputs.live &&
    inputs.isTTY &&
    inputs.format === 'human' &&
    inputs.env['TERM'] !== 'dumb' &&
    inputs.targets === 1 &&
    inputs.mode === 'race' &&
    inputs.count === 1
  );
}
