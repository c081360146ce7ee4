import type { ErrorInfo } from '../../base/error-info.js';
import type { RunReport } from '../report.js';
import { formatMs } from './format.js';
import { type Cell, type CellContent, renderTable, wrapWords } from './table.js';
import type { Theme } from './theme.js';
import {
  type HttpsQueryRow,
  hostQuery,
  isHttpsPendingAt,
  isPendingAt,
  type QueryRow,
  type QueryState,
  queryLabel,
  type ResolutionDelayRow,
  type Timeline,
} from './timeline.js';
import { describeDnsError, RFC6761_WORDS } from './words.js';

/**
 * One row per DNS query: the HTTPS query first (HEv3 §4.1) and its AliasMode follow-ups, then AAAA and A of
 * the host and of other names; then the Resolution Delay.
 */
export function renderDnsSection(report: RunReport, timeline: Timeline, theme: Theme, width: number): string {
  if (timeline.queries.length === 0) return `No DNS query: ${report.target.host} is an IP address.`;
  // The system resolver gives no TTLs, so the column is left out rather than full of "unknown".
  const hasTtl = report.settings.resolver === 'dns';
  const row = (type: string, query: HttpsQueryRow | QueryRow, result: Cell, ttl: string): CellContent[] => [
    { text: type, paint: theme.dns },
    formatMs(query.startedAt),
    formatMs(query.endedAt),
    formatMs(query.endedAt - query.startedAt),
    result,
    ...(hasTtl ? [ttl] : []),
  ];
  const https = timeline.https;
  const rows = [
    ...(https === null ? [] : [row('HTTPS', https, describeHttpsResult(https, report, theme), describeHttpsTtl(https))]),
    ...(https?.chain ?? []).map((hop) =>
      row(queryLabel({ recordType: 'HTTPS', name: hop.name }), hop, describeHttpsResult(hop, report, theme), describeHttpsTtl(hop)),
    ),
    ...timeline.queries.map((query) => row(queryLabel(query), query, describeResult(query, report, theme), describeTtl(query))),
  ];
  const table = renderTable(['type', 'asked at', 'ended at', 'took', 'result', ...(hasTtl ? ['TTL'] : [])], rows, { theme, width, wrapColumn: 4 });
  const delay = timeline.resolutionDelay;
  const isRfc6761 = timeline.queries.some((query) => query.resolver === 'rfc6761');
  return [
    table,
    ...(isRfc6761 ? wrapWords(`${report.target.host}: ${RFC6761_WORDS}.`, width) : []),
    ...(delay ? wrapWords(describeResolutionDelay(delay, timeline), width) : []),
  ].join('\n');
}

function describeResult(query: QueryRow, report: RunReport, theme: Theme): Cell {
  if (query.state !== 'answered') return describeUnanswered(query.state, query.error, report, theme);
  return query.addresses.length === 0 ? { text: 'no records', paint: theme.warn } : { text: query.addresses.join('\n') };
}

/** The records themselves (and where an AliasMode record points) are in the HTTPS records section. */
function describeHttpsResult(https: HttpsQueryRow, report: RunReport, theme: Theme): Cell {
  if (https.state !== 'answered') return describeUnanswered(https.state, https.error, report, theme);
  const count = https.records.length;
  return count === 0 ? { text: 'no records', paint: theme.dim } : { text: `${count} ${count === 1 ? 'record' : 'records'} (below)` };
}

function describeUnanswered(state: Exclude<QueryState, 'answered'>, error: ErrorInfo | null, report: RunReport, theme: Theme): Cell {
  switch (state) {
    case 'failed':
      return { text: error ? describeDnsError(error) : 'failed', paint: theme.bad };
    case 'cancelled':
      return { text: `cancelled: still pending when ${runEnd(report)}`, paint: theme.dim };
    case 'unfinished':
      return { text: 'no answer before the run ended', paint: theme.dim };
  }
}

/** How the run ended, for "still pending when …". */
export function runEnd(report: RunReport): string {
  if (report.outcome.ok) return 'the connection was made';
  const { reason } = report.outcome;
  return reason === 'interrupted' ? 'the run was interrupted' : reason === 'timeout' ? 'the overall timeout ran out' : 'the run ended';
}

function describeHttpsTtl(https: HttpsQueryRow): string {
  return https.state === 'answered' && https.ttl !== null ? `${https.ttl} s` : '';
}

function describeTtl(query: QueryRow): string {
  if (query.state !== 'answered' || query.addresses.length === 0) return '';
  return query.ttl === null ? 'unknown' : `${query.ttl} s`;
}

/** RFC 8305 §3: the A answer came first, so eyeball gave AAAA a little longer. */
function describeResolutionDelay(delay: ResolutionDelayRow, timeline: Timeline): string {
  const aaaa = hostQuery(timeline, 6);
  // HEv3 §4.2: an address was known and AAAA had answered, but not HTTPS (nor its AliasMode chain).
  if (isHttpsPendingAt(timeline.https, delay.startedAt) && !isPendingAt(aaaa, delay.startedAt)) return describeHttpsDelay(delay);
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

/** HEv3 §4.2: addresses were known, only the HTTPS answer was still out. */
function describeHttpsDelay(delay: ResolutionDelayRow): string {
  const armed = `Resolution delay: addresses were known from ${formatMs(delay.startedAt)} but not the HTTPS records, so eyeball waited up to ${formatMs(delay.delay)} for them (Happy Eyeballs v3)`;
  if (delay.endedAt === null) return `${armed}; the run ended while it waited.`;
  const waited = formatMs(delay.endedAt - delay.startedAt);
  return delay.reason === 'elapsed' || delay.reason === null
    ? `${armed}; no HTTPS answer in ${waited}, so the attempts went ahead without it.`
    : `${armed}; the HTTPS answer came ${waited} later and ended the wait.`;
}
