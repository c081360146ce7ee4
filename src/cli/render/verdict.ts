/**
 * The verdict: the outcome in one sentence, then what happened on the way, in plain words, so that a
 * reader who skips the tables still learns which address won, what broke, and what Happy Eyeballs saved.
 */
import type { StartReason } from '../../race/events.js';
import type { Family } from '../../trace/events.js';
import type { RunReport } from '../report.js';
import { runEnd } from './dns-table.js';
import { formatMs } from './format.js';
import { wrapWords } from './table.js';
import type { Paint, Theme } from './theme.js';
import type { AttemptRow, QueryRow, Timeline } from './timeline.js';
import { describeAttemptTimeout, describeConnectError, describeDnsError, familyName } from './words.js';

/** What a client that tries one address at a time waits for when a SYN goes unanswered. */
const OS_TIMEOUT_NOTE =
  'A client without Happy Eyeballs would have waited for the OS timeout (about 2 minutes on Linux) before trying the next address.';

export function renderVerdict(report: RunReport, timeline: Timeline, theme: Theme, width: number): string {
  const notes = [...describeQueries(report, timeline), ...describeSlowAaaa(timeline), ...describeAttempts(report, timeline)];
  const { outcome } = report;
  if (outcome.ok) {
    const winner = timeline.winner;
    const took = winner ? `; its attempt started at ${formatMs(winner.startedAt)} and took ${formatMs(winner.endedAt - winner.startedAt)}` : '';
    const headline = `Connected to ${outcome.winner.address} port ${outcome.winner.port} (${familyName(outcome.winner.family)}, #${outcome.winner.index}) ${formatMs(outcome.winner.at)} after the start${took}.`;
    // One attempt, and every query either gave addresses or was simply not needed.
    const isSmooth =
      timeline.attempts.length === 1 &&
      timeline.resolutionDelay?.reason !== 'elapsed' &&
      timeline.queries.every((query) => query.state === 'cancelled' || (query.state === 'answered' && query.addresses.length > 0));
    if (isSmooth) notes.unshift('Nothing went wrong on the way: the first address answered.');
    if (timeline.attempts.some((attempt) => attempt !== winner && neverAnswered(attempt))) notes.push(OS_TIMEOUT_NOTE);
    return [...paintLines(wrapWords(headline, width), (line) => theme.good(theme.title(line))), ...bullets(notes, width)].join('\n');
  }
  const headline = {
    dns: `Could not connect: no address for ${report.target.host}.`,
    connect: 'Could not connect: every address failed.',
    timeout: `Could not connect within the overall timeout of ${formatMs(report.settings.timeout ?? report.elapsed)}.`,
    interrupted: `Interrupted (Ctrl-C) at ${formatMs(report.elapsed)}, before a connection was made. What had happened so far:`,
  }[outcome.reason];
  return [
    ...paintLines(wrapWords(headline, width), (line) => theme.bad(theme.title(line))),
    ...bullets(notes, width),
    ...paintLines(wrapWords(`error ${outcome.error.code}: ${outcome.error.message}`, width), theme.dim),
  ].join('\n');
}

function paintLines(lines: readonly string[], paint: Paint): string[] {
  return lines.map((line) => paint(line));
}

/** `  - note`, wrapped under its own text. */
function bullets(notes: readonly string[], width: number): string[] {
  return notes.flatMap((note) => wrapWords(note, width - 4).map((line, index) => (index === 0 ? `  - ${line}` : `    ${line}`)));
}

function describeQueries(report: RunReport, timeline: Timeline): string[] {
  const gaveAddresses = (family: Family): boolean =>
    timeline.queries.some((query) => query.family === family && query.addresses.length > 0);
  // Cut short by Ctrl-C: what did work is part of "what had happened so far".
  const soFar = (query: QueryRow): string[] =>
    !report.outcome.ok && report.outcome.reason === 'interrupted'
      ? [`${query.recordType} answered after ${formatMs(query.endedAt - query.startedAt)}: ${query.addresses.join(', ')}.`]
      : [];
  return timeline.queries.flatMap((query): string[] => {
    const other: Family = query.family === 6 ? 4 : 6;
    const onlyOther = (separator: string): string => (gaveAddresses(other) ? `${separator} ${familyName(other)} only` : '');
    const took = formatMs(query.endedAt - query.startedAt);
    switch (query.state) {
      case 'answered':
        return query.addresses.length === 0 ? [`No ${query.recordType} records${onlyOther(':')}.`] : soFar(query);
      case 'failed':
        return [`The ${query.recordType} query failed after ${took}: ${queryError(query)}${onlyOther(';')}.`];
      case 'cancelled':
        return report.outcome.ok
          ? [`The ${query.recordType} query was still pending when the connection was made; it was not needed.`]
          : [`The ${query.recordType} query had no answer after ${took}, when ${runEnd(report)}.`];
      case 'unfinished':
        return [`The ${query.recordType} query had no answer when the run ended.`];
    }
  });
}

/** RFC 8305 §3: AAAA missed the Resolution Delay, so IPv4 went first even if IPv6 was to come. */
function describeSlowAaaa(timeline: Timeline): string[] {
  const delay = timeline.resolutionDelay;
  if (delay?.reason !== 'elapsed') return [];
  const aaaa = timeline.queries.find((query) => query.recordType === 'AAAA');
  const came = aaaa?.state === 'answered' ? `; it answered after ${formatMs(aaaa.endedAt - aaaa.startedAt)}` : '';
  return [`AAAA was slow: it had not answered when the ${formatMs(delay.delay)} resolution delay ran out, so IPv4 went first${came}.`];
}

function queryError(query: QueryRow): string {
  return query.error ? describeDnsError(query.error) : 'failed';
}

function describeAttempts(report: RunReport, timeline: Timeline): string[] {
  return timeline.attempts.flatMap((attempt, position) => {
    if (attempt === timeline.winner) return [];
    const sentence = describeAttempt(attempt, timeline.attempts[position + 1], report, timeline);
    const disposed =
      attempt.disposedAt === null ? '' : ` It connected anyway at ${formatMs(attempt.disposedAt)}, and that socket was closed.`;
    return [sentence + disposed];
  });
}

/** One attempt that did not win, as a sentence. `next` is the attempt started after it. */
function describeAttempt(attempt: AttemptRow, next: AttemptRow | undefined, report: RunReport, timeline: Timeline): string {
  const subject = `${familyName(attempt.family)} (${attempt.address}, #${attempt.index})`;
  const took = formatMs(attempt.endedAt - attempt.startedAt);
  const overtaken =
    attempt.overtakenAt !== null && next
      ? `gave no answer for ${formatMs(attempt.overtakenAt - attempt.startedAt)}, so eyeball started ${familyName(next.family)} (#${next.index}); later it `
      : '';
  switch (attempt.state) {
    case 'failed': {
      const error = attempt.error ? describeConnectError(attempt.error) : 'failed';
      const hurried = overtaken || !next ? '' : (AFTER_FAILURE[next.startReason] ?? '');
      return `${subject} ${overtaken}failed after ${took}: ${error}${hurried}.`;
    }
    case 'timeout':
      return `${subject} ${overtaken}${describeAttemptTimeout(attempt, report.settings.attemptTimeout)}.`;
    case 'connected':
      return `${subject} connected.`;
    case 'lost':
    case 'aborted':
    case 'unfinished':
      if (attempt.overtakenAt !== null && next) {
        return `${subject} never answered; eyeball started ${familyName(next.family)} (#${next.index}) ${formatMs(attempt.overtakenAt - attempt.startedAt)} later.`;
      }
      if (attempt.state === 'lost') {
        return `${subject} was still connecting when #${timeline.winner?.index ?? '?'} won, and was cancelled.`;
      }
      return `${subject} had no answer after ${took}, when ${runEnd(report)}.`;
  }
}

/** What a failure did to the next start, when it hurried it. */
const AFTER_FAILURE: Partial<Record<StartReason, string>> = {
  'previous-failed': '; the next attempt started at once',
  'attempt-available': '; the next attempt started as soon as its address arrived',
};

/** Still waiting for the handshake when Happy Eyeballs moved on, and never heard back. */
function neverAnswered(attempt: AttemptRow): boolean {
  return attempt.overtakenAt !== null && (attempt.state === 'lost' || attempt.state === 'aborted' || attempt.state === 'unfinished');
}
