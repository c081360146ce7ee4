/**
 * The HTTPS records (RFC 9460) the race asked for first (Happy Eyeballs v3): one row per record, with what
 * HEv3 uses from it (priority, target, ALPN, port, address hints, whether ECH is offered), and a line saying
 * when it was asked and how it ended. Built from the trace (the timeline's HTTPS row).
 */
import type { HttpsRecord } from '../../dns/https-query.js';
import { formatMs } from './format.js';
import { renderTable, wrapWords } from './table.js';
import type { Theme } from './theme.js';
import type { HttpsRow } from './timeline.js';
import { describeDnsError } from './words.js';

/** The section's body: a sentence, then the table when there are records. */
export function renderHttpsSection(https: HttpsRow, theme: Theme, width: number): string {
  const took = formatMs(https.endedAt - https.startedAt);
  const asked = `Asked ${https.server ?? `the ${https.resolver} resolver`} at ${formatMs(https.startedAt)}`;
  switch (https.state) {
    case 'cancelled':
      return wrap(`${asked}; no answer when the race ended, so the query was cancelled after ${took}.`, theme.dim, width);
    case 'unfinished':
      return wrap(`${asked}; no answer before the run ended.`, theme.dim, width);
    case 'failed':
      return wrap(`${asked}; the query failed after ${took}: ${https.error === null ? 'failed' : describeDnsError(https.error)}.`, theme.warn, width);
    case 'answered':
      break;
  }
  const { records, ttl, malformed } = https;
  const skipped = malformed === 0 ? '' : ` ${malformed} malformed ${malformed === 1 ? 'record was' : 'records were'} skipped (RFC 9460 §2.2).`;
  if (records.length === 0) return wrap(`${asked}; no HTTPS records (answered after ${took}).${skipped}`, theme.dim, width);
  const used = 'Happy Eyeballs v3: the address hints of ServiceMode records for this name stand in for A/AAAA answers not yet in.';
  const summary = `${asked}; answered after ${took}, TTL ${ttl ?? 'unknown'} s.${skipped} ${used}`;
  const rows = records.map((record) => [
    // Priority 0 is AliasMode (RFC 9460 §2.4.2): the target is another name to ask, nothing to connect to.
    record.mode === 'alias' ? '0 (alias)' : String(record.priority),
    record.target === '.' ? '. (this name)' : record.target,
    describeAlpn(record),
    record.port === null ? '' : String(record.port),
    [...record.ipv6hint, ...record.ipv4hint].join('\n'),
    record.ech ? 'yes' : 'no',
  ]);
  const table = renderTable(['priority', 'target', 'ALPN', 'port', 'address hints', 'ECH'], rows, { theme, width, wrapColumn: 2 });
  return [...wrapWords(summary, width).map((line) => theme.dim(line)), table].join('\n');
}

/** `h2, h3`; `h3 (no default)` when http/1.1 is not offered; nothing for an AliasMode record. */
function describeAlpn(record: HttpsRecord): string {
  const alpn = record.alpn.join(', ');
  if (!record.noDefaultAlpn) return alpn;
  return alpn === '' ? '(no default)' : `${alpn} (no default)`;
}

function wrap(text: string, paint: (line: string) => string, width: number): string {
  return wrapWords(text, width)
    .map((line) => paint(line))
    .join('\n');
}
