/**
 * What checking one target found: the report of its mode, and the verdict, of which the exit code, the
 * summary table, `--junit` and the `checks` of `--json` are made.
 */
import type { Family } from '../base/family.js';
import type { CompareReport } from './commands/compare.js';
import type { EachReport } from './commands/each.js';
import type { RepeatStatistics } from './repeat.js';
import type { RunReport, RunSettings, RunTarget } from './report.js';

export interface CheckItem {
  /** `family`: `--require`; `max-time`: `--max-time`. */
  readonly kind: 'connect' | 'family' | 'max-time';
  /** `connect`, `IPv6`, `IPv4`, `max time 500 ms`: the JUnit test case, the table's words. */
  readonly name: string;
  readonly family: Family | null;
  readonly passed: boolean;
  /** Why, in one sentence: `connected to 192.0.2.1 (IPv4) in 12.3 ms`, `IPv6: 0 of 2 addresses reachable`. */
  readonly detail: string;
}

export interface Verdict {
  readonly passed: boolean;
  readonly interrupted: boolean;
  readonly checks: readonly CheckItem[];
}

export type TargetResult =
  | { readonly mode: 'race'; readonly target: RunTarget; readonly verdict: Verdict; readonly report: RunReport }
  | { readonly mode: 'each'; readonly target: RunTarget; readonly verdict: Verdict; readonly report: EachReport }
  | { readonly mode: 'compare'; readonly target: RunTarget; readonly verdict: Verdict; readonly report: CompareReport }
  | {
      readonly mode: 'repeat';
      readonly target: RunTarget;
      readonly settings: RunSettings;
      readonly verdict: Verdict;
      readonly runs: readonly RunReport[];
      readonly statistics: RepeatStatistics;
    };

/** How long checking the target took, ms (a series: the sum of its runs). */
export function resultElapsed(result: TargetResult): number {
  switch (result.mode) {
    case 'race':
    case 'each':
      return result.report.elapsed;
    case 'compare':
      return result.report.eyeball.elapsed + result.report.node.elapsed + result.report.sequential.elapsed;
    case 'repeat':
      return result.runs.reduce((sum, run) => sum + run.elapsed, 0);
  }
}
