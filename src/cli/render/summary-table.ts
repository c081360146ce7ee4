/**
 * Several targets at a glance: one row per target, the reasons of the failed checks, and the count. Beyond
 * {@link MAX_TABLE_ROWS} targets, aligned lines replace the boxed table, whose layout is not linear in rows.
 */
import { formatHostPort } from '../../base/host-port.js';
import type { TargetResult } from '../check-result.js';
import { cleanDeep } from './clean-report.js';
import { verdictMark } from './checks.js';
import { formatMs } from './format.js';
import { type Cell, renderTable, wrapWords } from './table.js';
import type { Theme } from './theme.js';
import { familyName } from './words.js';

/** A table taller than a screen or two is scrolled, not read as a table. */
export const MAX_TABLE_ROWS = 50;

const HEAD = ['', 'target', 'outcome', 'winner', 'family', 'time'];

interface SummaryRow {
  readonly outcome: string;
  readonly winner: string;
  readonly family: string;
  readonly time: string;
}

/** The summary of several targets, without a trailing newline. Every string is cleaned first. */
export function renderSummary(dirty: readonly TargetResult[], theme: Theme, width: number): string {
  const results = cleanDeep(dirty);
  const rows = results.map((result) => {
    const row = summarize(result);
    const paint = result.verdict.passed ? theme.good : theme.bad;
    return [
      { text: verdictMark(result.verdict), paint },
      formatHostPort(result.target.host, result.target.port),
      { text: row.outcome, paint },
      row.winner,
      row.family,
      row.time,
    ];
  });
  const table = rows.length <= MAX_TABLE_ROWS ? renderTable(HEAD, rows, { theme, width, wrapColumn: 2 }) : renderLines(rows);
  const reasons = results.flatMap((result) =>
    result.verdict.checks
      .filter((check) => !check.passed)
      .flatMap((check) =>
        wrapWords(`${formatHostPort(result.target.host, result.target.port)} ${check.name}: ${check.detail}`, width - 4).map((line, index) =>
          index === 0 ? `  ${theme.bad('✗')} ${line}` : `    ${line}`,
        ),
      ),
  );
  const passed = results.filter((result) => result.verdict.passed).length;
  const interrupted = results.some((result) => result.verdict.interrupted);
  const count = `${results.length} targets: ${passed} passed, ${results.length - passed} failed${interrupted ? ' (interrupted)' : ''}`;
  return [table, ...reasons, theme.title(count)].join('\n');
}

/** The rows as lines, each column padded to its widest text, without a box or wrapping. */
function renderLines(rows: ReadonlyArray<ReadonlyArray<string | Cell>>): string {
  const texts = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? cell : cell.text)));
  const widths = HEAD.map((_, column) => texts.reduce((widest, row) => Math.max(widest, row[column]?.length ?? 0), 0));
  return rows
    .map((row) =>
      row
        .map((cell, column) => {
          const text = typeof cell === 'string' ? cell : cell.text;
          // The time, last, is right-aligned so that its digits line up.
          const padded = column === row.length - 1 ? text.padStart(widths[column] ?? 0) : text.padEnd(widths[column] ?? 0);
          return typeof cell === 'string' || cell.paint === undefined ? padded : cell.paint(padded);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function summarize(result: TargetResult): SummaryRow {
  switch (result.mode) {
    case 'race':
    case 'compare': {
      const report = result.mode === 'race' ? result.report : result.report.eyeball;
      const { outcome } = report;
      if (outcome.ok) {
        return { outcome: 'connected', winner: outcome.winner.address, family: familyName(outcome.winner.family), time: formatMs(outcome.winner.at) };
      }
      const words = { dns: 'no address', connect: 'every address failed', timeout: 'timed out', interrupted: 'interrupted' }[outcome.reason];
      return { outcome: words, winner: '', family: '', time: formatMs(report.elapsed) };
    }
    case 'each': {
      const { probes } = result.report;
      const connected = probes.filter((probe) => probe.outcome === 'connected');
      const fastest = connected.reduce<(typeof connected)[number] | undefined>(
        (best, probe) => (best === undefined || probe.endedAt - probe.startedAt < best.endedAt - best.startedAt ? probe : best),
        undefined,
      );
      const tally = ([6, 4] as const)
        .map((family) => probes.filter((probe) => probe.family === family))
        .filter((group) => group.length > 0)
        .map((group) => `${familyName(group[0]?.family ?? 4)} ${group.filter((probe) => probe.outcome === 'connected').length}/${group.length}`);
      return {
        outcome: probes.length === 0 ? 'no address' : `reachable: ${tally.join(', ')}`,
        winner: fastest?.address ?? '',
        family: fastest ? familyName(fastest.family) : '',
        time: fastest ? formatMs(fastest.endedAt - fastest.startedAt) : '',
      };
    }
    case 'repeat': {
      const { statistics } = result;
      const { wins } = statistics;
      return {
        outcome: `${statistics.connected} of ${statistics.runs} runs connected`,
        winner: '',
        family: [wins.ipv6 > 0 ? `IPv6 ${wins.ipv6}×` : '', wins.ipv4 > 0 ? `IPv4 ${wins.ipv4}×` : ''].filter(Boolean).join(', '),
        // The median: the statistics above the table give min and max too.
        time: statistics.connectTimes ? formatMs(statistics.connectTimes.median) : '',
      };
    }
  }
}
