import type { RunReport } from '../report.js';
import { formatMs } from './format.js';
import { type Cell, renderTable } from './table.js';
import type { Theme } from './theme.js';
import type { AttemptRow, Timeline } from './timeline.js';
import { describeAttemptTimeout, describeConnectError, describeStartReason, familyName } from './words.js';

/**
 * One row per connection attempt in start order: where and when, then what happened to it, from why it
 * started to how it ended (one column, so the table fits a terminal).
 */
export function renderAttemptsSection(report: RunReport, timeline: Timeline, theme: Theme, width: number): string {
  if (timeline.attempts.length === 0) return 'No connection attempt: there was no address to try.';
  const rows = timeline.attempts.map((attempt, position) => {
    const previous = timeline.attempts[position - 1];
    return [
      `#${attempt.index}`,
      attempt === timeline.winner ? { text: attempt.address, paint: theme.good } : attempt.address,
      familyName(attempt.family),
      formatMs(attempt.startedAt),
      formatMs(attempt.endedAt),
      formatMs(attempt.endedAt - attempt.startedAt),
      [
        {
          text: `started: ${describeStartReason(attempt.startReason, attempt.index, previous ? attempt.startedAt - previous.startedAt : 0)}`,
          paint: theme.dim,
        },
        ...describeOutcome(attempt, report, theme),
      ],
    ];
  });
  return renderTable(['#', 'address', 'family', 'start', 'end', 'took', 'outcome'], rows, { theme, width, wrapColumn: 6 });
}

/** The outcome of one attempt in words, each step on its own line. */
function describeOutcome(attempt: AttemptRow, report: RunReport, theme: Theme): Cell[] {
  const parts: Cell[] = [];
  if (attempt.overtakenAt !== null) {
    parts.push({ text: `no answer within ${formatMs(attempt.overtakenAt - attempt.startedAt)}, next attempt started`, paint: theme.warn });
  }
  parts.push(describeEnd(attempt, report, theme));
  if (attempt.disposedAt !== null) {
    parts.push({ text: `connected anyway at ${formatMs(attempt.disposedAt)}; that socket was closed`, paint: theme.dim });
  }
  return parts;
}

function describeEnd(attempt: AttemptRow, report: RunReport, theme: Theme): Cell {
  switch (attempt.state) {
    case 'connected':
      return { text: 'connected', paint: theme.good };
    case 'failed':
      return { text: attempt.error ? describeConnectError(attempt.error) : 'failed', paint: theme.bad };
    case 'timeout':
      return { text: describeAttemptTimeout(attempt, report.settings.attemptTimeout), paint: theme.bad };
    case 'lost':
      return { text: 'cancelled: another attempt won', paint: theme.dim };
    case 'aborted':
      return { text: `cancelled: run aborted${abortCause(report)}`, paint: theme.warn };
    case 'unfinished':
      return { text: 'still running when the run ended', paint: theme.dim };
  }
}

function abortCause(report: RunReport): string {
  if (report.outcome.ok) return '';
  if (report.outcome.reason === 'interrupted') return ' (interrupted)';
  if (report.outcome.reason === 'timeout') return ' (overall timeout)';
  return '';
}
