/** What a diagnostic run of the CLI is asked to do. `parseArgs` builds it; src/cli/commands/check.ts carries it out. */
import type { RunSettings, RunTarget } from './report.js';

/** `race`: eyeball's RFC 8305 race (the default). `each`: every address on its own. `compare`: three strategies. */
export type CheckMode = 'race' | 'each' | 'compare';

/** `--require`: the family that must connect; `both` checks every address (`--each`), as a race has one winner. */
export type RequiredFamily = 'ipv4' | 'ipv6' | 'both';

export interface Policy {
  readonly require: RequiredFamily | null;
  /** `--max-time`, ms: the connection must be made within this long. */
  readonly maxTime: number | null;
}

export type OutputFormat = 'human' | 'json' | 'ndjson';

interface CheckOutput {
  readonly format: OutputFormat;
  readonly noColor: boolean;
  readonly verbose: boolean;
  readonly live: boolean;
  /** `--junit FILE`, or null. */
  readonly junit: string | null;
}

export interface CheckPlan {
  /** The targets of the command line, in order (those of `targetsFile` follow them). */
  readonly targets: readonly RunTarget[];
  /** `--targets FILE`, read when the run starts. */
  readonly targetsFile: string | null;
  readonly settings: RunSettings;
  readonly mode: CheckMode;
  readonly policy: Policy;
  readonly count: number;
  /** `--interval`, ms between the starts of two runs of the same target. */
  readonly interval: number;
  readonly concurrency: number;
  readonly output: CheckOutput;
}

/** Targets checked at once unless `--concurrency` says otherwise: enough for a list, gentle on a resolver. */
export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 256;
/** Between two runs of `--count`, as `ping` waits between two probes. */
export const DEFAULT_INTERVAL_MS = 1000;
export const MAX_COUNT = 1_000_000;
