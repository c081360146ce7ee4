import type { RunReport } from '../report.js';
import { formatMs } from './format.js';
import { type Cell, renderTable, wrapWords } from './table.js';
import type { Theme } from './theme.js';
import type { QueryRow, ResolutionDelayRow, Timeline } from './timeline.js';
import { describeDnsError } from './words.js';

/** One row per DNS query (when asked, when it ended, what came back), then the Resolution Delay. */
export function renderDnsSection(report: RunReport, timeline: Timeline, theme: Theme, width: number): string {
  if (timeline.queries.length === 0) return `No DNS query: ${report.target.host} is an IP address.`;
  const rows = timeline.queries.map((query) => [
    { text: query.recordType, paint: theme.dns },
    formatMs(query.startedAt),
    formatMs(query.endedAt),
    formatMs(query.endedAt - query.startedAt),
    describeResult(query, report, theme),
    describeTtl(query),
  ]);
  const table = renderTable(['type', 'asked at', 'ended at', 'took', 'result', 'TTL'], rows, { theme, width, wrapColumn: 4 });
  const delay = timeline.resolutionDelay;
  return delay ? [table, ...wrapWords(describeResolutionDelay(delay), width)].join('\n') : table;
}

function describeResult(query: QueryRow, report: RunReport, theme: Theme): Cell {
  switch (query.state) {
    case 'answered':
      return query.addresses.length === 0
        ? { text: 'no records', paint: theme.warn }
        : { text: query.addresses.join('\n') };
    case 'failed':
      return { text: query.error ? describeDnsError(query.error) : 'failed', paint: theme.bad };
    case 'cancelled':
      return { text: `cancelled: still pending when ${runEnd(report)}`, paint: theme.dim };
    case 'unfinished':
      return { text: 'no answer before the run ended', paint: theme.dim };
  }
}

/** How the run ended, for "still pending when …". */
export function runEnd(report: RunReport): string {
  if (report.outcome.ok) return 'the connection was made';
  switch (report.outcome.reason) {
    case 'interrupted':
      return 'the run was interrupted';
    case 'timeout':
      return 'the overall timeout ran out';
    case 'dns':
    case 'connect':
      return 'the run ended';
  }
}

function describeTtl(query: QueryRow): string {
  if (query.state !== 'answered' || query.addresses.length === 0) return '';
  return query.ttl === null ? 'unknown' : `${query.ttl} s`;
}

/** RFC 8305 §3: the A answer came first, so eyeball gave AAAA a little longer. */
function describeResolutionDelay(delay: ResolutionDelayRow): string {
  const armed = `Resolution delay: A answered first, so from ${formatMs(delay.startedAt)} eyeball waited up to ${formatMs(delay.delay)} for AAAA`;
  if (delay.endedAt === null) return `${armed}; the run ended while it waited.`;
  const waited = formatMs(delay.endedAt - delay.startedAt);
  switch (delay.reason) {
    case 'aaaa-answer':
      return `${armed}; AAAA answered ${waited} later and ended the wait early.`;
    case 'aaaa-negative':
      return `${armed}; AAAA came back without addresses ${waited} later, so IPv4 went ahead.`;
    case 'https-answer':
      return `${armed}; the HTTPS answer came ${waited} later and ended the wait.`;
    case 'elapsed':
    case null:
      return `${armed}; no AAAA answer in ${waited}, so IPv4 went ahead.`;
  }
}
