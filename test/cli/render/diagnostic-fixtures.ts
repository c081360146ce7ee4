/**
 * Hand-built reports of the diagnostic modes, with the shapes and times src/cli/commands/*.ts produce:
 * `--each` (queries first, then one probe per address, IPv6 first), `--compare` (eyeball's race, then
 * Node's net.connect, then the sequential connect), and results with their verdicts.
 */
import type { Policy } from '../../../src/cli/check-plan.js';
import type { TargetResult } from '../../../src/cli/check-result.js';
import type { CompareReport, StrategyReport } from '../../../src/cli/commands/compare.js';
import type { EachReport } from '../../../src/cli/commands/each.js';
import { eachChecks, raceChecks, repeatChecks, verdictOf } from '../../../src/cli/policy.js';
import { repeatStatistics } from '../../../src/cli/repeat.js';
import type { RunReport } from '../../../src/cli/report.js';
import { allRefused, blackHoleRescued, DEFAULT_SETTINGS, interrupted, ipv6FirstTry, refusedIpv6 } from './fixtures.js';

export const NO_POLICY: Policy = { require: null, maxTime: null };

/** dual.example: two IPv6 addresses (a black hole that times out, one that refuses) and one IPv4 that connects. */
export function eachV6Broken(): EachReport {
  const port = 443;
  return {
    target: { host: 'dual.example', port, input: 'dual.example:443' },
    settings: { ...DEFAULT_SETTINGS, attemptTimeout: 2000 },
    dns: [
      {
        recordType: 'AAAA',
        family: 6,
        resolver: 'system',
        startedAt: 0.1,
        endedAt: 3.2,
        addresses: ['2001:db8::1', '2001:db8::2'],
        ttl: null,
        error: null,
        cancelled: false,
      },
      {
        recordType: 'A',
        family: 4,
        resolver: 'system',
        startedAt: 0.2,
        endedAt: 2.9,
        addresses: ['192.0.2.1'],
        ttl: null,
        error: null,
        cancelled: false,
      },
    ],
    probes: [
      {
        address: '2001:db8::1',
        family: 6,
        port,
        index: 1,
        startedAt: 3.4,
        endedAt: 2003.4,
        outcome: 'timeout',
        error: { code: 'EYEBALL_TIMEOUT', message: 'could not connect to [2001:db8::1]:443 within 2000 ms' },
      },
      {
        address: '2001:db8::2',
        family: 6,
        port,
        index: 2,
        startedAt: 3.5,
        endedAt: 4.1,
        outcome: 'failed',
        error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 2001:db8::2:443' },
      },
      { address: '192.0.2.1', family: 4, port, index: 0, startedAt: 3.0, endedAt: 15.5, outcome: 'connected', error: null },
    ],
    probeTimeout: 2000,
    interrupted: false,
    elapsed: 2003.6,
  };
}

/** A name whose AAAA query failed and whose A answer had no records: nothing to probe. */
export function eachNoAddress(): EachReport {
  return {
    target: { host: 'none.example', port: 80, input: 'none.example:80' },
    settings: { ...DEFAULT_SETTINGS, resolver: 'dns', dnsServer: '192.0.2.53' },
    dns: [
      {
        recordType: 'AAAA',
        family: 6,
        resolver: 'dns',
        startedAt: 0.1,
        endedAt: 4,
        addresses: [],
        ttl: null,
        error: { code: 'ESERVFAIL', message: 'AAAA query for none.example failed' },
        cancelled: false,
      },
      { recordType: 'A', family: 4, resolver: 'dns', startedAt: 0.1, endedAt: 3, addresses: [], ttl: null, error: null, cancelled: false },
    ],
    probes: [],
    probeTimeout: 10_000,
    interrupted: false,
    elapsed: 4.2,
  };
}

/** Node killed the slow IPv6 attempt after 250 ms and IPv4 refused: AggregateError, empty message. */
function nodeKilled(): StrategyReport {
  const six = { address: '2001:db8::10', family: 6 as const, port: 443 };
  const four = { address: '192.0.2.10', family: 4 as const, port: 443 };
  const refused = { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 192.0.2.10:443' };
  const error = {
    name: 'AggregateError',
    code: 'ETIMEDOUT',
    message: '',
    errors: [{ code: 'ETIMEDOUT', message: 'connect ETIMEDOUT 2001:db8::10:443' }, refused],
  };
  return {
    events: [
      { type: 'lookup-started', at: 0.2, hostname: 'www.example.com' },
      { type: 'lookup-answered', at: 1.1, addresses: [six, four].map(({ address, family }) => ({ address, family })) },
      { type: 'attempt-started', at: 1.3, index: 0, ...six },
      { type: 'attempt-abandoned', at: 251.4, index: 0, after: 250.1, ...six },
      { type: 'attempt-started', at: 251.5, index: 1, ...four },
      { type: 'attempt-failed', at: 251.9, index: 1, error: refused, ...four },
      { type: 'failed', at: 252, error },
    ],
    outcome: { ok: false, reason: 'connect', error },
    elapsed: 252.3,
  };
}

/** The sequential connect waited on the silent IPv6 address until the 10 s overall timeout. */
function sequentialHung(): StrategyReport {
  const six = { address: '2001:db8::10', family: 6 as const, port: 443 };
  const error = {
    name: 'ConnectTimeoutError',
    code: 'EYEBALL_TIMEOUT',
    message: 'could not connect to www.example.com:443 within 10000 ms',
    errors: [],
  };
  return {
    events: [
      { type: 'lookup-started', at: 0.1, hostname: 'www.example.com' },
      {
        type: 'lookup-answered',
        at: 0.9,
        addresses: [
          { address: six.address, family: 6 },
          { address: '192.0.2.10', family: 4 },
        ],
      },
      { type: 'attempt-started', at: 1, index: 0, ...six },
      { type: 'attempt-cancelled', at: 10_000.5, index: 0, ...six },
      { type: 'failed', at: 10_000.6, error },
    ],
    outcome: { ok: false, reason: 'timeout', error },
    elapsed: 10_000.8,
  };
}

/** eyeball connected (its race kept the IPv6 attempt... here: IPv4 after IPv6 refused); Node and the sequential connect did not. */
export function compareNodeFails(): CompareReport {
  const eyeball = refusedIpv6();
  return {
    target: eyeball.target,
    settings: eyeball.settings,
    eyeball,
    node: nodeKilled(),
    sequential: sequentialHung(),
    nodeAttemptTimeout: 250,
    nodeVersion: 'v20.20.2',
    interrupted: false,
  };
}

export function raceResult(report: RunReport, policy: Policy = NO_POLICY): TargetResult {
  const isInterrupted = !report.outcome.ok && report.outcome.reason === 'interrupted';
  return { mode: 'race', target: report.target, report, verdict: verdictOf(raceChecks(report, policy), isInterrupted) };
}

export function eachResult(report: EachReport, policy: Policy = NO_POLICY): TargetResult {
  return { mode: 'each', target: report.target, report, verdict: verdictOf(eachChecks(report, policy), report.interrupted) };
}

export function compareResult(report: CompareReport, policy: Policy = NO_POLICY): TargetResult {
  return { mode: 'compare', target: report.target, report, verdict: verdictOf(raceChecks(report.eyeball, policy), report.interrupted) };
}

/** Three runs of the same target: IPv4 after the black hole, IPv6 at once, every address refused. */
export function repeatResult(policy: Policy = NO_POLICY): TargetResult {
  const base = blackHoleRescued();
  const runs = [base, { ...ipv6FirstTry(), target: base.target }, { ...allRefused(), target: base.target }];
  return {
    mode: 'repeat',
    target: base.target,
    settings: base.settings,
    runs,
    statistics: repeatStatistics(runs),
    verdict: verdictOf(repeatChecks(runs, policy), false),
  };
}

export { interrupted as interruptedRace };
