/** The HTTPS records (RFC 9460) the race asked for first (Happy Eyeballs v3): one row per record, with what HEv3 uses from it. */
import type { HttpsRecord } from '../../trace/https-record.js';
import { formatMs } from './format.js';
import { renderTable, wrapWords } from './table.js';
import type { Theme } from './theme.js';
import type { HttpsQueryRow, HttpsRow } from './timeline.js';
import { describeDnsError } from './words.js';

/**
 * A sentence on the host's query; with AliasMode (RFC 9460 §2.4.2), the chain of follow-ups; then a table per
 * name that answered with records, the host's first, so that the records the race used come last.
 */
export function renderHttpsSection(https: HttpsRow, host: string, theme: Theme, width: number): string {
  const lines = [...describeQuery(https, theme, width)];
  // An error on an answered query is the chain's own (a loop, too many aliases), even with no follow-up.
  const hasChain = https.chain.length > 0 || (https.state === 'answered' && https.error !== null);
  if (hasChain) lines.push(...paint(describeChain(https, host), theme.dim, width));
  const named = [{ name: host, row: https as HttpsQueryRow }, ...https.chain.map((hop) => ({ name: hop.name, row: hop as HttpsQueryRow }))];
  for (const { name, row } of named) {
    if (row.state !== 'answered' || row.records.length === 0) continue;
    if (hasChain) lines.push(theme.label(`${name}:`));
    lines.push(renderRecords(row.records, theme, width));
  }
  return lines.join('\n');
}

function describeQuery(https: HttpsRow, theme: Theme, width: number): string[] {
  const took = formatMs(https.endedAt - https.startedAt);
  const asked = `Asked ${https.server ?? `the ${https.resolver} resolver`} at ${formatMs(https.startedAt)}`;
  switch (https.state) {
    case 'cancelled':
      return paint(`${asked}; no answer when the race ended, so the query was cancelled after ${took}.`, theme.dim, width);
    case 'unfinished':
      return paint(`${asked}; no answer before the run ended.`, theme.dim, width);
    case 'failed':
      return paint(
        `${asked}; the query failed after ${took}: ${https.error === null ? 'failed' : describeDnsError(https.error)}.`,
        theme.warn,
        width,
      );
    case 'answered':
      break;
  }
  const { records, ttl, malformed } = https;
  const skipped = malformed === 0 ? '' : ` ${malformed} malformed ${malformed === 1 ? 'record was' : 'records were'} skipped (RFC 9460 §2.2).`;
  if (records.length === 0) return paint(`${asked}; no HTTPS records (answered after ${took}).${skipped}`, theme.dim, width);
  const used =
    https.chain.length > 0 || records.some((record) => record.mode === 'alias')
      ? 'An AliasMode record sends the client to another name: the ServiceMode records beside it are ignored (RFC 9460 §2.4.2).'
      : 'Happy Eyeballs v3: the address hints of ServiceMode records for this name stand in for A/AAAA answers not yet in.';
  return paint(`${asked}; answered after ${took}, TTL ${ttl ?? 'unknown'} s.${skipped} ${used}`, theme.dim, width);
}

/** `AliasMode chain: svc.example → cdn.example (1 record, after 2 ms) → …`, then what the race did with where it ended. */
function describeChain(https: HttpsRow, host: string): string {
  const hops = https.chain.map((hop) => `${hop.name} (${describeHop(hop)})`);
  const stopped = [https, ...https.chain].find((row) => row.state === 'answered' && row.error !== null);
  const last = https.chain.at(-1);
  const end =
    stopped !== undefined && stopped.error !== null
      ? ` The chain stopped there: ${describeDnsError(stopped.error)}.`
      : last !== undefined && last.state !== 'unfinished' && last.state !== 'cancelled' && !last.records.some((record) => record.mode === 'service')
        ? ` No ServiceMode records at its end, so the A/AAAA of ${last.name} were asked and tried on the port asked for, before the host's own (RFC 9460 §3).`
        : '';
  return `AliasMode chain: ${[host, ...hops].join(' → ')}.${end}`;
}

function describeHop(hop: HttpsQueryRow): string {
  const took = formatMs(hop.endedAt - hop.startedAt);
  switch (hop.state) {
    case 'answered': {
      const count = hop.records.length;
      return `${count === 0 ? 'no records' : `${count} ${count === 1 ? 'record' : 'records'}`} after ${took}`;
    }
    case 'failed':
      return hop.error === null ? 'failed' : describeDnsError(hop.error);
    case 'cancelled':
      return `cancelled after ${took}`;
    case 'unfinished':
      return 'no answer before the run ended';
  }
}

function renderRecords(records: readonly HttpsRecord[], theme: Theme, width: number): string {
  const rows = records.map((record) => [
    // Priority 0 is AliasMode (RFC 9460 §2.4.2): the target is another name to ask, nothing to connect to.
    record.mode === 'alias' ? '0 (alias)' : String(record.priority),
    record.target === '.' ? '. (this name)' : record.target,
    describeAlpn(record),
    record.port === null ? '' : String(record.port),
    [...record.ipv6hint, ...record.ipv4hint].join('\n'),
    record.ech ? 'yes' : 'no',
  ]);
  return renderTable(['priority', 'target', 'ALPN', 'port', 'address hints', 'ECH'], rows, { theme, width, wrapColumn: 2 });
}

/** `h2, h3`; `h3 (no default)` when http/1.1 is not offered; nothing for an AliasMode record. */
function describeAlpn(record: HttpsRecord): string {
  const alpn = record.alpn.join(', ');
  if (!record.noDefaultAlpn) return alpn;
  return alpn === '' ? '(no default)' : `${alpn} (no default)`;
}

function paint(text: string, painter: (line: string) => string, width: number): string[] {
  return wrapWords(text, width).map((line) => painter(line));
}
