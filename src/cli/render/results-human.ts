/**
 * The final report for people: one target gets its full report and its checks when a policy was given;
 * several targets get a section each (except plain races, which the table says all about) and the summary.
 */
import { formatHostPort } from '../../base/host-port.js';
import type { TargetResult } from '../check-result.js';
import { cleanForTerminal } from '../sanitize.js';
import { cleanDeep } from './clean-report.js';
import { renderChecks } from './checks.js';
import { renderCompare } from './compare.js';
import { renderEach } from './each.js';
import { type HumanOptions, renderHuman } from './human.js';
import { renderStatistics } from './repeat.js';
import { renderSummary } from './summary-table.js';
import { createTheme, type Theme } from './theme.js';
import { MIN_WATERFALL_WIDTH } from './waterfall.js';

export interface ResultsOptions extends HumanOptions {
  /** `--require` or `--max-time` was given: show each target's checks. */
  readonly hasPolicy: boolean;
  /** `--count`, for the statistics' "3 runs of 5". */
  readonly count: number;
}

export function renderResultsHuman(results: readonly TargetResult[], options: ResultsOptions): string {
  const theme = createTheme(options.color);
  const width = Math.max(MIN_WATERFALL_WIDTH, Math.floor(options.width));
  const [only] = results;
  if (only !== undefined && results.length === 1) return `${renderOne(only, options, theme, width, true)}\n`;
  const sections = results
    .filter((result) => result.mode !== 'race')
    .map((result) => {
      const title = `━━ ${cleanForTerminal(formatHostPort(result.target.host, result.target.port))} `;
      return `${theme.title(title.padEnd(width, '━'))}\n${renderOne(result, options, theme, width, false)}`;
    });
  return `${[...sections, renderSummary(results, theme, width)].join('\n\n')}\n`;
}

function renderOne(result: TargetResult, options: ResultsOptions, theme: Theme, width: number, withChecks: boolean): string {
  const checks = withChecks && options.hasPolicy ? [renderChecks(cleanDeep(result.verdict), theme, width)] : [];
  const body = ((): string => {
    switch (result.mode) {
      case 'race':
        return renderHuman(result.report, options).trimEnd();
      case 'each':
        return renderEach(result.report, options);
      case 'compare':
        return renderCompare(result.report, options);
      case 'repeat':
        return renderStatistics(result.target, result.statistics, options.count, theme);
    }
  })();
  return [body, ...checks].join('\n\n');
}
