import type { RunReport } from '../report.js';
import { formatMs } from './format.js';
import { type Cell, renderTable } from './table.js';
import type { Theme } from './theme.js';
import type { AttemptRow, Timeline } from './timeline.js';
import { describeAttemptError, describeHandshake, describeSynthesis, describeTlsError } from './tls-words.js';
import { describeAttemptTimeout, describeEndpointAddress, describeHint, describeService, describeStartReason, familyName } from './words.js';

/**
 * One row per connection attempt in start order: its number and family, where (with the port when an HTTPS
 * record gave another) and when, then in one column (so the table fits a terminal) what happened to it.
 */
export function renderAttemptsSection(report: RunReport, timeline: Timeline, theme: Theme, width: number): string {
  if (timeline.attempts.length === 0) return 'No connection attempt: there was no address to try.';
  const rows = timeline.attempts.map((attempt, position) => {
    const previous = timeline.attempts[position - 1];
    const address = describeEndpointAddress(attempt, report.target.port);
    const started = describeStartReason(attempt.startReason, attempt.index, previous ? attempt.startedAt - previous.startedAt : 0);
    return [
      `#${attempt.index} ${familyName(attempt.family)}`,
      attempt === timeline.winner ? { text: address, paint: theme.good } : address,
      formatMs(attempt.startedAt),
      formatMs(attempt.endedAt - attempt.startedAt),
      [{ text: `started: ${started}`, paint: theme.dim }, ...describeOutcome(attempt, report, theme)],
    ];
  });
  // The end is start plus took (and the waterfall draws it): the room goes to the outcome, whose words are never split.
  return renderTable(['#', 'address', 'start', 'took', 'outcome'], rows, { theme, width, wrapColumn: 4 });
}

function describeOutcome(attempt: AttemptRow, report: RunReport, theme: Theme): Cell[] {
  const parts: Cell[] = [];
  if (attempt.service !== undefined) parts.push({ text: describeService(attempt.service), paint: theme.dim });
  if (attempt.fromHint === true)
    parts.push({ text: `address ${describeHint(attempt.family)}, before any ${attempt.family === 6 ? 'AAAA' : 'A'} answer`, paint: theme.dim });
  if (attempt.synthesizedFrom !== undefined) parts.push({ text: describeSynthesis(attempt.synthesizedFrom), paint: theme.dim });
  if (attempt.overtakenAt !== null) {
    parts.push({ text: `no answer within ${formatMs(attempt.overtakenAt - attempt.startedAt)}, next attempt started`, paint: theme.warn });
  }
  parts.push(...describeTls(attempt, theme), describeEnd(attempt, report, theme));
  if (attempt.disposedAt !== null)
    parts.push({ text: `connected anyway at ${formatMs(attempt.disposedAt)}; that socket was closed`, paint: theme.dim });
  return parts;
}

function describeEnd(attempt: AttemptRow, report: RunReport, theme: Theme): Cell {
  switch (attempt.state) {
    case 'connected':
      return { text: 'connected', paint: theme.good };
    case 'failed':
      return { text: attempt.error ? describeAttemptError(attempt, attempt.error) : 'failed', paint: theme.bad };
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

/** The handshake (version, ALPN, time, certificate) once it got that far, and a certificate accepted unverified (`-k`). */
function describeTls(attempt: AttemptRow, theme: Theme): Cell[] {
  const { tls } = attempt;
  if (tls === null) return [];
  const parts: Cell[] = [];
  if (tls.protocol !== null || tls.certificate !== null) parts.push({ text: describeHandshake(tls) });
  if (tls.error === null && tls.authorizationError !== null)
    parts.push({ text: `not verified: ${describeTlsError(tls.authorizationError)}`, paint: theme.warn });
  return parts;
}

function abortCause({ outcome }: RunReport): string {
  if (outcome.ok) return '';
  return outcome.reason === 'interrupted' ? ' (interrupted)' : outcome.reason === 'timeout' ? ' (overall timeout)' : '';
}
