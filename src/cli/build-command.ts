/** From the values of the command line to the plan of what to do: the checks that need several options at once. */
import {
  type CheckMode,
  type CheckPlan,
  DEFAULT_CONCURRENCY,
  DEFAULT_INTERVAL_MS,
  MAX_CONCURRENCY,
  MAX_COUNT,
  type OutputFormat,
  type RequiredFamily,
} from './check-plan.js';
import { MAX_TIMER_MS, type RaceOptionValues, buildSettings, checkTargetFamily, parseDuration } from './options.js';
import type { OutputOptions, Plan } from './plan.js';
import type { RunSettings, RunTarget } from './report.js';
import { parseTargetArguments } from './target-arguments.js';
import { quote } from './target.js';
import { tlsFor } from './tls-settings.js';
import { UsageError } from './usage-error.js';

/** The output options exactly as commander hands them over (`color` is false for `--no-color`). */
export interface OutputValues {
  readonly json?: boolean;
  readonly color?: boolean;
  readonly verbose?: boolean;
}

/** The diagnostic options exactly as commander hands them over. */
export interface CheckValues {
  readonly targets?: string;
  readonly concurrency?: string;
  readonly each?: boolean;
  readonly compare?: boolean;
  readonly require?: RequiredFamily;
  readonly maxTime?: string;
  readonly ndjson?: boolean;
  readonly junit?: string;
  readonly count?: string;
  readonly interval?: string;
  readonly live?: boolean;
}

/** The check plan for the targets and options of the command line. */
export function buildCommand(args: readonly string[], values: RaceOptionValues & OutputValues & CheckValues): Plan {
  const targets = parseTargetArguments(args);
  if (targets.length === 0 && values.targets === undefined) {
    throw new UsageError("missing required argument 'host' (see eyeball --help; eyeball demo runs without one)");
  }
  const settings = buildSettings(values);
  for (const target of targets) checkTargetFamily(target, settings);
  const plan = buildPlan(targets, settings, values);
  for (const target of targets) checkModeTls(target, plan);
  return { kind: 'check', plan };
}

/** `--each` probes every address over plain TCP: an `https://` target is refused rather than probed without its handshake. */
export function checkModeTls(target: RunTarget, plan: Pick<CheckPlan, 'mode' | 'settings'>): void {
  if (plan.mode !== 'each' || tlsFor(target, plan.settings) === null) return;
  throw new UsageError(
    `--each probes every address over plain TCP and would not check TLS for ${quote(target.input)}; add --no-tls to probe TCP only, or leave out --each to race with TLS`,
  );
}

function buildPlan(targets: readonly RunTarget[], settings: RunSettings, values: RaceOptionValues & CheckValues & OutputValues): CheckPlan {
  if (values.json === true && values.ndjson === true) throw new UsageError('--json and --ndjson cannot be used together');
  if (values.each === true && values.compare === true) throw new UsageError('--each and --compare cannot be used together');
  const count = values.count === undefined ? 1 : parseWholeNumber('--count', values.count, 1, MAX_COUNT);
  if (values.interval !== undefined && values.count === undefined) throw new UsageError('--interval needs --count');
  // A race has one winner, so "both families connect" can only be checked address by address.
  const mode: CheckMode = values.compare === true ? 'compare' : values.each === true || values.require === 'both' ? 'each' : 'race';
  if (count > 1 && mode !== 'race') {
    const why = values.require === 'both' && values.each !== true ? '--require both (which probes every address, as --each does)' : `--${mode}`;
    throw new UsageError(`--count repeats the race; it cannot be combined with ${why}`);
  }
  if (values.require === 'both' && mode === 'compare') {
    throw new UsageError('--require both probes every address (as --each does) and cannot be combined with --compare');
  }
  if (mode !== 'race')
    rejectRaceOnly(values, mode === 'each' ? '--each probes every address over plain TCP' : '--compare compares plain TCP connects');
  const format: OutputFormat = values.json === true ? 'json' : values.ndjson === true ? 'ndjson' : 'human';
  return {
    targets,
    targetsFile: values.targets ?? null,
    settings,
    mode,
    policy: {
      require: values.require ?? null,
      maxTime: values.maxTime === undefined ? null : parseDuration('--max-time', values.maxTime, 1, MAX_TIMER_MS),
    },
    count,
    interval: values.interval === undefined ? DEFAULT_INTERVAL_MS : parseDuration('--interval', values.interval, 0, MAX_TIMER_MS),
    concurrency: values.concurrency === undefined ? DEFAULT_CONCURRENCY : parseWholeNumber('--concurrency', values.concurrency, 1, MAX_CONCURRENCY),
    output: {
      format,
      noColor: values.color === false,
      verbose: values.verbose === true,
      live: values.live !== false,
      junit: values.junit === undefined ? null : parseFilePath('--junit', values.junit),
    },
  };
}

/** TLS and NAT64 shape eyeball's race; the probes of `--each` and Node's connect of `--compare` have neither. */
function rejectRaceOnly(values: RaceOptionValues & CheckValues, why: string): void {
  const flags: Array<[string, boolean]> = [
    ['--tls', values.tls === true],
    ['--alpn', values.alpn !== undefined],
    ['--insecure', values.insecure === true],
    ['--ca', values.ca !== undefined],
    ['--servername', values.servername !== undefined],
    ['--nat64', values.nat64 === true],
    ['--nat64-prefix', values.nat64Prefix !== undefined],
  ];
  const given = flags.find(([, isGiven]) => isGiven);
  if (given) throw new UsageError(`${given[0]} applies to the race; ${why}`);
}

function parseWholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/u.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`invalid ${flag} ${quote(text)}: expected a whole number from ${min} to ${max}`);
  return value;
}

function parseFilePath(flag: string, text: string): string {
  if (text === '') throw new UsageError(`${flag} needs a file name`);
  if (/[\u0000-\u001f]/u.test(text)) throw new UsageError(`invalid ${flag} ${quote(text)}: it contains a control character`);
  return text;
}

export function toOutput(values: OutputValues): OutputOptions {
  return { json: values.json === true, noColor: values.color === false, verbose: values.verbose === true };
}
