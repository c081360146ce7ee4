/**
 * The plan: what the command line asks for, once commander has read it (src/cli/program.ts) and before anything
 * runs (src/cli/run-plan.ts). Plain data.
 */
import type { CheckPlan } from './check-plan.js';

export interface OutputOptions {
  /** `--json`: one JSON document on stdout instead of the human report. */
  readonly json: boolean;
  /** `--no-color` was given (the rest of the colour decision needs the environment: src/cli/color.ts). */
  readonly noColor: boolean;
  /** `-v`: the report with its settings and tables. */
  readonly verbose: boolean;
}

/**
 * What the command line asks for. `check`: connect to one target or several (a race each, or `--each`,
 * `--compare`, `--count`) and report; `demo`: the local demonstration.
 */
export type Plan =
  | { readonly kind: 'check'; readonly plan: CheckPlan }
  | { readonly kind: 'demo'; readonly attemptDelay: number; readonly output: OutputOptions }
  /** `--help` or `--version`: print `text` on stdout and exit 0. */
  | { readonly kind: 'print'; readonly text: string };
