import { describe, expect, it } from 'vitest';
import type { TargetResult } from '../../../src/cli/check-result.js';
import { raceChecks, verdictOf } from '../../../src/cli/policy.js';
import type { RunReport } from '../../../src/cli/report.js';
import { MAX_TABLE_ROWS, renderSummary } from '../../../src/cli/render/summary-table.js';
import { createTheme } from '../../../src/cli/render/theme.js';
import { allRefused, refusedIpv6 } from './fixtures.js';

const NO_POLICY = { require: null, maxTime: null };

/** A race result for `report`, its target renamed to `host` so that every row differs. */
function raceResult(report: RunReport, host: string): TargetResult {
  const target = { ...report.target, host };
  return { mode: 'race', target, verdict: verdictOf(raceChecks(report, NO_POLICY), false), report: { ...report, target } };
}

/** `count` targets, every third one failing (all its addresses refused), the first of them in 5 ms (`5 ms`). */
function results(count: number): TargetResult[] {
  return Array.from({ length: count }, (_, index) => {
    if (index % 3 !== 2) return raceResult(refusedIpv6(), `up-${index}.example`);
    return raceResult(index === 2 ? { ...allRefused(), elapsed: 5 } : allRefused(), `down-${index}.example`);
  });
}

const render = (count: number): string => renderSummary(results(count), createTheme(false), 100);

describe('renderSummary', () => {
  it(`draws a table up to ${MAX_TABLE_ROWS} targets`, () => {
    const text = render(MAX_TABLE_ROWS);
    expect(text.startsWith('┌')).toBe(true);
    expect(text).toContain('│ ✓ │ up-0.example:443 ');
    expect(text.endsWith(`${MAX_TABLE_ROWS} targets: 34 passed, 16 failed`)).toBe(true);
  });

  it('beyond that, one line per target in aligned columns, no box', () => {
    const count = MAX_TABLE_ROWS + 1;
    const lines = render(count).split('\n');
    expect(lines.some((line) => /[┌│└]/u.test(line))).toBe(false);
    // The target column is as wide as the widest target, `down-50.example:8443`; times are right-aligned.
    expect(lines.slice(0, 3)).toEqual([
      '✓  up-0.example:443      connected             192.0.2.10  IPv4  51.9 ms',
      '✓  up-1.example:443      connected             192.0.2.10  IPv4  51.9 ms',
      '✗  down-2.example:8443   every address failed                       5 ms',
    ]);
    // One line per target, then the reasons of the failures, then the count.
    expect(lines.filter((line) => /^[✓✗] {2}\S/u.test(line))).toHaveLength(count);
    expect(lines.at(-1)).toBe(`${count} targets: 34 passed, 17 failed`);
  });
});
