/**
 * The checks `--require` and `--max-time` add, and the verdict of a target. In a race, the winner must be
 * of the required family; with `--each`, at least one address of it must connect; with `--count`, every
 * run must pass; with `--compare`, the checks apply to eyeball's race. Pure: reports in, checks out.
 */
import type { Family } from '../base/family.js';
import type { Policy, RequiredFamily } from './check-plan.js';
import type { CheckItem, Verdict } from './check-result.js';
import type { EachProbe, EachReport } from './commands/each.js';
import type { RunReport } from './report.js';
import { formatMs } from './render/format.js';
import { describeRunOutcome } from './render/outcome.js';
import { type AttemptRow, buildTimeline, hostQuery } from './render/timeline.js';
import { describeConnectError, describeDnsError, familyName } from './render/words.js';

const REQUIRED_FAMILIES: Readonly<Record<RequiredFamily, readonly Family[]>> = { ipv6: [6], ipv4: [4], both: [6, 4] };

/** The families `--require` asks for, IPv6 first. */
export function requiredFamilies(policy: Policy): readonly Family[] {
  return policy.require === null ? [] : REQUIRED_FAMILIES[policy.require];
}

export function verdictOf(checks: readonly CheckItem[], interrupted: boolean): Verdict {
  return { passed: !interrupted && checks.every((check) => check.passed), interrupted, checks };
}

/** The checks of one race. */
export function raceChecks(report: RunReport, policy: Policy): CheckItem[] {
  const { outcome } = report;
  const checks: CheckItem[] = [{ kind: 'connect', name: 'connect', family: null, passed: outcome.ok, detail: describeRunOutcome(report) }];
  for (const family of requiredFamilies(policy)) {
    const won = outcome.ok && outcome.winner.family === family;
    checks.push({ kind: 'family', name: familyName(family), family, passed: won, detail: describeRaceFamily(report, family) });
  }
  if (policy.maxTime !== null) {
    const limit = policy.maxTime;
    const at = outcome.ok ? outcome.winner.at : null;
    const detail =
      at === null
        ? `no connection was made (limit ${formatMs(limit)})`
        : `connected in ${formatMs(at)}, ${at <= limit ? 'within' : 'over'} the ${formatMs(limit)} limit`;
    checks.push({ kind: 'max-time', name: maxTimeName(limit), family: null, passed: at !== null && at <= limit, detail });
  }
  return checks;
}

/** The checks of `--each`: one address, one address of each required family. */
export function eachChecks(report: EachReport, policy: Policy): CheckItem[] {
  const reachable = (probe: EachProbe): boolean =>
    probe.outcome === 'connected' && (policy.maxTime === null || probe.endedAt - probe.startedAt <= policy.maxTime);
  const within = policy.maxTime === null ? '' : ` within ${formatMs(policy.maxTime)}`;
  const count = (probes: readonly EachProbe[]): string => {
    const good = probes.filter(reachable).length;
    return `${good} of ${probes.length} ${probes.length === 1 ? 'address' : 'addresses'} reachable${within}`;
  };
  const checks: CheckItem[] = [
    {
      kind: 'connect',
      name: 'connect',
      family: null,
      passed: report.probes.some(reachable),
      detail: report.probes.length === 0 ? `no address to probe${dnsReasons(report)}` : count(report.probes),
    },
  ];
  for (const family of requiredFamilies(policy)) {
    const probes = report.probes.filter((probe) => probe.family === family);
    const name = familyName(family);
    checks.push({
      kind: 'family',
      name,
      family,
      passed: probes.some(reachable),
      detail: probes.length === 0 ? `${name}: no address${dnsReasons(report, family)}` : `${name}: ${count(probes)}`,
    });
  }
  return checks;
}

/** The checks of a `--count` series: each must hold for every run. */
export function repeatChecks(runs: readonly RunReport[], policy: Policy): CheckItem[] {
  const finished = runs.filter((run) => run.outcome.ok || run.outcome.reason !== 'interrupted');
  const winners = finished.flatMap((run) => (run.outcome.ok ? [run.outcome.winner] : []));
  const total = finished.length;
  const runsWord = `${total} ${total === 1 ? 'run' : 'runs'}`;
  const checks: CheckItem[] = [
    {
      kind: 'connect',
      name: 'connect',
      family: null,
      passed: total > 0 && winners.length === total,
      detail: `${winners.length} of ${runsWord} connected`,
    },
  ];
  for (const family of requiredFamilies(policy)) {
    const wins = winners.filter((winner) => winner.family === family).length;
    checks.push({
      kind: 'family',
      name: familyName(family),
      family,
      passed: total > 0 && wins === total,
      detail: `${familyName(family)} won ${wins} of ${runsWord}`,
    });
  }
  if (policy.maxTime !== null) {
    const limit = policy.maxTime;
    const inTime = winners.filter((winner) => winner.at <= limit).length;
    const slowest = Math.max(...winners.map((winner) => winner.at));
    checks.push({
      kind: 'max-time',
      name: maxTimeName(limit),
      family: null,
      passed: total > 0 && inTime === total,
      detail: `${inTime} of ${runsWord} connected within ${formatMs(limit)}${winners.length > 0 ? ` (slowest ${formatMs(slowest)})` : ''}`,
    });
  }
  return checks;
}

function maxTimeName(limit: number): string {
  return `max time ${formatMs(limit)}`;
}

/** Why the race was (not) won over `family`. */
function describeRaceFamily(report: RunReport, family: Family): string {
  const { outcome } = report;
  const name = familyName(family);
  if (outcome.ok && outcome.winner.family === family) return `won over ${name} (${outcome.winner.address})`;
  const timeline = buildTimeline(report);
  const attempts = timeline.attempts.filter((attempt) => attempt.family === family);
  const what =
    attempts.length > 0
      ? attempts.map((attempt) => `${attempt.address} ${attemptWords(attempt)}`).join('; ')
      : `no ${name} address was tried${queryReason(hostQuery(timeline, family))}`;
  const won = outcome.ok ? `the race was won over ${familyName(outcome.winner.family)} (${outcome.winner.address})` : 'no connection was made';
  return `${name} required, but ${won}; ${name}: ${what}`;
}

function attemptWords(attempt: AttemptRow): string {
  switch (attempt.state) {
    case 'connected':
      return 'connected';
    case 'failed':
      return attempt.error ? describeConnectError(attempt.error) : 'failed';
    case 'timeout':
      return 'timed out';
    case 'lost':
      return 'was still connecting when the other attempt won';
    case 'aborted':
    case 'unfinished':
      return 'was still connecting when the run ended';
  }
}

function queryReason(
  query: { readonly addresses: readonly string[]; readonly error: { code: string; message: string } | null; readonly recordType: string } | undefined,
): string {
  if (query === undefined) return '';
  if (query.error) return ` (${query.recordType}: ${describeDnsError(query.error)})`;
  return query.addresses.length === 0 ? ` (no ${query.recordType} records)` : '';
}

/** Why `--each` had no address (of a family): the DNS errors or empty answers. */
function dnsReasons(report: EachReport, family?: Family): string {
  const queries = report.dns.filter((query) => family === undefined || query.family === family);
  const reasons = queries.map((query) => queryReason(query).slice(2, -1)).filter((reason) => reason !== '');
  return reasons.length === 0 ? '' : ` (${reasons.join('; ')})`;
}
