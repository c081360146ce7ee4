/**
 * The documents of the diagnostic modes against their tables in docs/json.md (every field written is
 * documented with a type its values fit, every documented field and alternative is written by some
 * result), and the shape of `--json` for one target and for several.
 */
import { describe, expect, it } from 'vitest';
import type { TargetResult } from '../../../src/cli/check-result.js';
import type { CompareReport, StrategyReport } from '../../../src/cli/commands/compare.js';
import { renderResultsJson, toResultDocument } from '../../../src/cli/render/diagnostics-json.js';
import { toJsonDocument } from '../../../src/cli/render/json.js';
import { repeatStatistics } from '../../../src/cli/repeat.js';
import { repeatChecks, verdictOf } from '../../../src/cli/policy.js';
import { compareNodeFails, compareResult, eachNoAddress, eachResult, eachV6Broken, raceResult, repeatResult } from './diagnostic-fixtures.js';
import { allRefused, blackHoleRescued, dnsFailedBoth } from './fixtures.js';
import { collectFields, matchesType, readDocumentedFields } from './json-doc-fields.js';

const OPTIONS = { hasPolicy: true, count: 3, interval: 1000, isList: false };
const BOTH = { require: 'both' as const, maxTime: null };

function connectedStrategy(family: 4 | 6): StrategyReport {
  const endpoint = { address: family === 6 ? '2001:db8::10' : '192.0.2.10', family, port: 443 };
  return {
    events: [
      { type: 'attempt-started', at: 0.2, index: 0, ...endpoint },
      { type: 'connected', at: 1.5, index: 0, ...endpoint },
    ],
    outcome: { ok: true, winner: { ...endpoint, index: 0, at: 1.5 } },
    elapsed: 1.6,
  };
}

function failedStrategy(reason: 'dns' | 'interrupted'): StrategyReport {
  const error = { name: 'Error', code: reason === 'dns' ? 'ENOTFOUND' : 'SIGINT', message: reason, errors: [] };
  return { events: [{ type: 'failed', at: 1, error }], outcome: { ok: false, reason, error }, elapsed: 1 };
}

const eachResults: TargetResult[] = [
  eachResult(eachV6Broken(), BOTH),
  eachResult({ ...eachNoAddress(), probeTimeout: null }, BOTH),
  eachResult({
    ...eachV6Broken(),
    interrupted: true,
    probes: eachV6Broken().probes.map((probe) => ({ ...probe, outcome: 'cancelled' as const, error: null })),
  }),
];
const compare: CompareReport = compareNodeFails();
const compareResults: TargetResult[] = [
  compareResult(compare, { require: 'ipv6', maxTime: 100 }),
  compareResult({ ...compare, node: connectedStrategy(6), sequential: failedStrategy('dns') }),
  compareResult({ ...compare, node: connectedStrategy(4), sequential: connectedStrategy(6) }),
  compareResult({ ...compare, node: failedStrategy('interrupted'), sequential: compare.node, interrupted: true }),
  compareResult({ ...compare, sequential: connectedStrategy(4) }),
  compareResult({ ...compare, node: compare.sequential, sequential: failedStrategy('interrupted') }),
  compareResult({ ...compare, node: failedStrategy('dns') }),
];
const failingRuns = [allRefused(), dnsFailedBoth()];
const repeatResults: TargetResult[] = [
  repeatResult({ require: 'ipv4', maxTime: 300 }),
  {
    mode: 'repeat',
    target: failingRuns[0]!.target,
    settings: failingRuns[0]!.settings,
    runs: failingRuns,
    statistics: repeatStatistics(failingRuns),
    verdict: verdictOf(repeatChecks(failingRuns, BOTH), true),
  },
];
const checkResults: TargetResult[] = [
  raceResult(blackHoleRescued(), { require: 'ipv6', maxTime: 300 }),
  raceResult(allRefused(), { require: 'ipv4', maxTime: 300 }),
  ...eachResults,
];

/** Every field the documents write, without those documented elsewhere (`settings.x`, `dns[]`, `checks[]`, ...). */
function fieldsOf(results: readonly TargetResult[], skip: readonly string[], keep?: (path: string) => boolean): Map<string, unknown[]> {
  const merged = new Map<string, unknown[]>();
  for (const result of results) {
    for (const [path, values] of collectFields(toResultDocument(result, OPTIONS))) {
      if (skip.some((prefix) => path.startsWith(prefix)) || (keep && !keep(path))) continue;
      merged.set(path, [...(merged.get(path) ?? []), ...values]);
    }
  }
  return merged;
}

describe.each([
  ['Fields: checks', checkResults, [] as string[], (path: string) => path === 'passed' || path.startsWith('checks')],
  ['Fields: --each', eachResults, ['settings.', 'dns[]', 'checks[]'], undefined],
  [
    'Fields: --compare',
    compareResults,
    ['settings.', 'strategies.eyeball.', 'strategies.node.events[].', 'strategies.sequential.events[].', 'checks[]'],
    undefined,
  ],
  ['Fields: --count', repeatResults, ['settings.', 'runs[]', 'checks[]'], undefined],
])('docs/json.md, %s', (title, results, skip, keep) => {
  const documented = readDocumentedFields(undefined, title);
  const emitted = fieldsOf(results, skip, keep);

  it('documents every field written, and nothing else', () => {
    expect([...emitted.keys()].sort()).toEqual(documented.map((field) => field.path).sort());
  });

  it('every value fits its documented type, and every alternative shows up', () => {
    for (const field of documented) {
      const values = emitted.get(field.path) ?? [];
      const misfits = values.filter((value) => !matchesType(value, field.types));
      const unseen = field.types.filter((type) => type !== 'number' && type !== 'string' && !values.some((value) => matchesType(value, [type])));
      expect({ path: field.path, misfits, unseen }).toEqual({ path: field.path, misfits: [], unseen: [] });
    }
  });
});

describe('renderResultsJson', () => {
  it('one target: one document; a race without a policy is exactly the single-run document', () => {
    const report = blackHoleRescued();
    const text = renderResultsJson([raceResult(report)], { hasPolicy: false, count: 1, interval: 1000, isList: false });
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(toJsonDocument(report))));
  });

  it('a list of one target (a targets file of one line): an array of one document', () => {
    const report = blackHoleRescued();
    const text = renderResultsJson([raceResult(report)], { hasPolicy: false, count: 1, interval: 1000, isList: true });
    expect(JSON.parse(text)).toEqual([JSON.parse(JSON.stringify(toJsonDocument(report)))]);
  });

  it('several targets: an array in target order, with the checks when a policy was given', () => {
    const results = [
      raceResult(blackHoleRescued(), { require: 'ipv6', maxTime: null }),
      raceResult(allRefused(), { require: 'ipv6', maxTime: null }),
    ];
    const documents = JSON.parse(renderResultsJson(results, { hasPolicy: true, count: 1, interval: 1000, isList: true })) as Array<{
      ok: boolean;
      passed: boolean;
      checks: unknown[];
    }>;
    expect(documents.map((document) => [document.ok, document.passed, document.checks.length])).toEqual([
      [true, false, 2],
      [false, false, 2],
    ]);
  });

  it('the modes are told apart by `mode`', () => {
    const modes = [eachResults[0]!, compareResults[0]!, repeatResults[0]!].map(
      (result) => (toResultDocument(result, OPTIONS) as { mode?: string }).mode,
    );
    expect(modes).toEqual(['each', 'compare', 'repeat']);
  });
});
