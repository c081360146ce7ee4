/**
 * When the live view runs: a person watching one race on a terminal that can move the cursor. Never for
 * a program reading the output, nor when several things run at once, whose reports are tables.
 */
import type { CheckMode, OutputFormat } from '../check-plan.js';

export interface LiveInputs {
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly format: OutputFormat;
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
