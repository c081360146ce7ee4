/** The plan: what the command line asks for, once commander has read it and before anything runs. Plain data. */
import type { CheckPlan } from './check-plan.js';

export interface OutputOptions {
  readonly json: boolean;
  readonly noColor: boolean;
  readonly verbose: boolean;
}

export type Plan =
  | { readonly kind: 'check'; readonly plan: CheckPlan }
  | { readonly kind: 'demo'; readonly attemptDelay: number; readonly output: OutputOptions }
  /** `--help` or `--version`: print `text` on stdout and exit 0. */
  | { readonly kind: 'print'; readonly text: string };
