/** The verdict: the outcome in one sentence, then what happened on the way, for a reader who skips the tables. */
import { MIN_CONNECTION_ATTEMPT_DELAY_MS } from '../../connect/options.js';
import type { Family } from '../../base/family.js';
import type { RunReport } from '../report.js';
import { runEnd } from './dns-table.js';
import { formatMs } from './format.js';
import { wrapWords } from './table.js';
import type { Theme } from './theme.js';
import { type AttemptRow, hostQuery, isHttpsPendingAt, isPendingAt, lastHttpsQuery, type QueryRow, type Timeline } from './timeline.js';
import { describeAddress, describeAttemptError, describeExpiry, describeSynthesis, describeTlsError, EXPIRY_WARNING_DAYS } from './tls-words.js';
import { describeAttemptTimeout, describeDnsError, describeEndpointAddress, describeInterruption, describeService, familyName } from './words.js';

/** After a certificate was refused: how to look anyway. */
const CERTIFICATE_HINT = 'To connect anyway: -k (--insecure) reports the certificate instead of refusing it; --ca FILE trusts a CA of your own.';
/** An IPv4 literal that NAT64 must not carry (src/errors/nat64-synthesis-error.ts). */
const NAT64_FORBIDDEN = 'EYEBALL_NAT64_FORBIDDEN';
/** What a client that tries one address at a time waits for when a SYN goes unanswered. */
const OS_TIMEOUT_NOTE = 'Without Happy Eyeballs: a wait for the OS timeout (about 2 min on Linux).';

export function renderVerdict(report: RunReport, timeline: Timeline, theme: Theme, width: number): string {
  const notes = [
    ...describeAliasChain(report, timeline),
    ...describeQueries(report, timeline),
    ...describeSlowAaaa(timeline),
    ...describeAttempts(report, timeline),
    ...describeNat64(report, timeline),
  ];
  const { outcome } = report;
  if (outcome.ok) {
    const winner = timeline.winner;
    const handshake = winner?.tls ? ` (TLS handshake ${formatMs(winner.tls.endedAt - winner.tls.startedAt)})` : '';
    const took = winner ? `; its attempt took ${formatMs(winner.endedAt - winner.startedAt)}${handshake}` : '';
    const address = describeAddress(winner ?? outcome.winner);
    // The header names the port asked for; only another one (from an HTTPS record) is said again.
    const port = outcome.winner.port === report.target.port ? '' : ` port ${outcome.winner.port}`;
    const headline = `Connected to ${address}${port} (${familyName(outcome.winner.family)}, #${outcome.winner.index}) at ${formatMs(outcome.winner.at)}${took}.`;
    // One attempt, and every query either gave addresses or was simply not needed.
    const isSmooth =
      timeline.attempts.length === 1 &&
      (winner?.tls?.authorizationError ?? null) === null &&
      timeline.resolutionDelay?.reason !== 'elapsed' &&
      timeline.queries.every((query) => query.state === 'cancelled' || (query.state === 'answered' && query.addresses.length > 0));
    if (winner) notes.unshift(...describeWinnerService(winner, report.target.port));
    if (isSmooth) notes.unshift('Nothing went wrong on the way: the first address answered.');
    if (timeline.attempts.some((attempt) => attempt !== winner && neverAnswered(attempt))) notes.push(OS_TIMEOUT_NOTE);
    if (winner) notes.push(...describeWinnerCertificate(winner));
    return [...wrapWords(headline, width).map((line) => theme.good(theme.title(line))), ...bullets(notes, width)].join('\n');
  }
  if (timeline.attempts.some((attempt) => attempt.tls?.error && attempt.tls.authorizationError !== null)) notes.push(CERTIFICATE_HINT);
  const headline = {
    dns:
      outcome.error.code === NAT64_FORBIDDEN
        ? `Could not connect: ${report.target.host} has no IPv4 route from here, and RFC 6052 forbids reaching it through NAT64.`
        : `Could not connect: no address for ${report.target.host}.`,
    connect: 'Could not connect: every address failed.',
    timeout: `Could not connect within the overall timeout of ${formatMs(report.settings.timeout ?? report.elapsed)}.`,
    interrupted: `Interrupted (${describeInterruption(outcome.error.code)}) at ${formatMs(report.elapsed)}, before a connection was made. What had happened so far:`,
  }[outcome.reason];
  return [...wrapWords(headline, width).map((line) => theme.bad(theme.title(line))), ...bullets(notes, width)].join('\n');
}

/** `  - note`, wrapped under its own text. */
export function bullets(notes: readonly string[], width: number): string[] {
  return notes.flatMap((note) => wrapWords(note, width - 4).map((line, index) => (index === 0 ? `  - ${line}` : `    ${line}`)));
}

/** A query in words, per name: `AAAA`, or `AAAA` … `for backend.example` for another name than the host. */
function describeQueries(report: RunReport, timeline: Timeline): string[] {
  const gaveAddresses = (family: Family, name: string | null): boolean =>
    timeline.queries.some((query) => query.family === family && query.name === name && query.addresses.length > 0);
  // Cut short by Ctrl-C: what did work is part of "what had happened so far".
  const soFar = (query: QueryRow, forName: string): string[] =>
    !report.outcome.ok && report.outcome.reason === 'interrupted'
      ? [`${query.recordType}${forName} answered after ${formatMs(query.endedAt - query.startedAt)}: ${query.addresses.join(', ')}.`]
      : [];
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch below covers every state (TypeScript checks it).
  return timeline.queries.flatMap((query): string[] => {
    const other: Family = query.family === 6 ? 4 : 6;
    const onlyOther = (separator: string): string => (gaveAddresses(other, query.name) ? `${separator} ${familyName(other)} only` : '');
    const took = formatMs(query.endedAt - query.startedAt);
    const type = query.recordType;
    const forName = query.name === null ? '' : ` for ${query.name}`;
    switch (query.state) {
      case 'answered':
        return query.addresses.length === 0 ? [`No ${type} records${forName}${onlyOther(':')}.`] : soFar(query, forName);
      case 'failed':
        return [`The ${type} query${forName} failed after ${took}: ${query.error ? describeDnsError(query.error) : 'failed'}${onlyOther(';')}.`];
      case 'cancelled':
        return report.outcome.ok
          ? [`The ${type} query${forName} was still pending when the connection was made; it was not needed.`]
          : [`The ${type} query${forName} had no answer after ${took}, when ${runEnd(report)}.`];
      case 'unfinished':
        return [`The ${type} query${forName} had no answer when the run ended.`];
    }
  });
}

/** An AliasMode chain (RFC 9460 §2.4.2) that ended without ServiceMode records: a failed follow-up, a loop, no records. */
function describeAliasChain(report: RunReport, timeline: Timeline): string[] {
  const https = timeline.https;
  if (https === null) return [];
  const last = lastHttpsQuery(https);
  const stopped = [https, ...https.chain].find((row) => row.state === 'answered' && row.error !== null);
  const name = last.name ?? report.target.host;
  const chain = `The HTTPS records of ${report.target.host} sent eyeball on by AliasMode`;
  if (stopped?.error) return [`${chain}, but the chain stopped at ${name}: ${describeDnsError(stopped.error)}; no service was used.`];
  if (last.name === null) return [];
  if (last.state === 'failed' && last.error !== null) {
    return [`${chain} to ${name}, whose HTTPS query failed: ${describeDnsError(last.error)}; no service was used, only addresses (RFC 9460 §3).`];
  }
  if (last.state === 'answered' && !last.records.some((record) => record.mode === 'service')) {
    return [`${chain} to ${name}, which has no ServiceMode records; only addresses were used (RFC 9460 §3).`];
  }
  return [];
}

/** The winner came from an HTTPS record (HEv3 §5.2): which service, and its port when not the one asked for. */
function describeWinnerService(winner: AttemptRow, targetPort: number): string[] {
  if (winner.service === undefined) return [];
  const port = winner.port === targetPort ? '' : `, on port ${winner.port} as the record says, not the ${targetPort} asked for`;
  return [`The winning address came from the HTTPS records: ${describeService(winner.service)}${port}.`];
}

/** RFC 8305 §3: AAAA missed the Resolution Delay, so IPv4 went first even if IPv6 was to come. */
function describeSlowAaaa(timeline: Timeline): string[] {
  const delay = timeline.resolutionDelay;
  if (delay?.reason !== 'elapsed') return [];
  const aaaa = hostQuery(timeline, 6);
  const end = delay.endedAt ?? timeline.end;
  if (isHttpsPendingAt(timeline.https, end) && !isPendingAt(aaaa, end)) {
    return [
      `The HTTPS query was slow: it had not answered when the ${formatMs(delay.delay)} resolution delay ran out, so the attempts went ahead without it (Happy Eyeballs v3 §4.2).`,
    ];
  }
  const came = aaaa?.state === 'answered' ? `; it answered after ${formatMs(aaaa.endedAt - aaaa.startedAt)}` : '';
  return [`AAAA was slow: it had not answered when the ${formatMs(delay.delay)} resolution delay ran out, so IPv4 went first${came}.`];
}

function describeAttempts(report: RunReport, timeline: Timeline): string[] {
  return timeline.attempts.flatMap((attempt, position) => {
    if (attempt === timeline.winner) return [];
    const sentence = describeAttempt(attempt, timeline.attempts[position + 1], report, timeline);
    const disposed = attempt.disposedAt === null ? '' : ` It connected anyway at ${formatMs(attempt.disposedAt)}, and that socket was closed.`;
    return [sentence + disposed];
  });
}

/** One attempt that did not win, as a sentence. `next` is the attempt started after it. */
function describeAttempt(attempt: AttemptRow, next: AttemptRow | undefined, report: RunReport, timeline: Timeline): string {
  const origin = attempt.synthesizedFrom === undefined ? '' : `, ${describeSynthesis(attempt.synthesizedFrom)}`;
  const service = attempt.service === undefined ? '' : `, ${describeService(attempt.service)}`;
  const subject = `${familyName(attempt.family)} (${describeEndpointAddress(attempt, report.target.port)}${origin}${service}, #${attempt.index})`;
  const took = formatMs(attempt.endedAt - attempt.startedAt);
  const overtaken =
    attempt.overtakenAt !== null && next
      ? `gave no answer for ${formatMs(attempt.overtakenAt - attempt.startedAt)}, so eyeball started ${familyName(next.family)} (#${next.index}); later it `
      : '';
  switch (attempt.state) {
    case 'failed': {
      const error = attempt.error ? describeAttemptError(attempt, attempt.error) : 'failed';
      const hurried = overtaken || !next ? '' : describeNextStart(attempt, next);
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

/** The winner's certificate, when it needs a look: accepted unverified (`--insecure`), or close to its end. */
function describeWinnerCertificate(winner: AttemptRow): string[] {
  const tls = winner.tls;
  if (tls === null) return [];
  const notes: string[] = [];
  if (tls.authorizationError !== null) notes.push(`The certificate was not verified (--insecure): ${describeTlsError(tls.authorizationError)}.`);
  const certificate = tls.certificate;
  // An expired certificate that won was accepted with --insecure, and the note above may say so already.
  const isSaid = tls.authorizationError?.code === 'CERT_HAS_EXPIRED';
  if (certificate !== null && certificate.daysToExpiry < EXPIRY_WARNING_DAYS && !isSaid) {
    const name = certificate.subject === null ? 'The certificate' : `The certificate of ${certificate.subject}`;
    const soon = certificate.daysToExpiry < 0 ? '' : `: less than ${EXPIRY_WARNING_DAYS} days left`;
    notes.push(`${name} ${describeExpiry(certificate)}${soon}.`);
  }
  return notes;
}

/** NAT64 was asked for but IPv4 was tried as it is: no prefix was found, or the host has an IPv4 route (RFC 8305 §7.1). */
function describeNat64(report: RunReport, timeline: Timeline): string[] {
  if (report.settings.nat64 === undefined) return [];
  const isUsed = timeline.attempts.some((attempt) => attempt.synthesizedFrom !== undefined);
  const triedIpv4 = timeline.attempts.some((attempt) => attempt.family === 4);
  if (isUsed || !triedIpv4) return [];
  const found = timeline.nat64;
  if (found !== null && found.prefixes.length === 0) {
    const why =
      found.error === null
        ? 'ipv4only.arpa had no synthesised answer (no DNS64)'
        : `the ipv4only.arpa query failed: ${describeDnsError(found.error)}`;
    return [`No NAT64 prefix, so IPv4 addresses were tried as they are: ${why}.`];
  }
  return ['NAT64 was not needed: this host has an IPv4 route, and only IPv4 addresses without one are synthesised (RFC 8305 §7.1).'];
}

/** When the failure hurried the next start: at once, or so long later (and why, within RFC 8305 §5's minimum spacing). */
function describeNextStart(failed: AttemptRow, next: AttemptRow): string {
  if (next.startReason === 'attempt-available') return '; the next attempt started as soon as its address arrived';
  if (next.startReason !== 'previous-failed') return '';
  const gap = next.startedAt - failed.endedAt;
  if (gap < AT_ONCE_MS) return '; the next attempt started at once';
  const spacing =
    failed.endedAt - failed.startedAt < MIN_CONNECTION_ATTEMPT_DELAY_MS
      ? ` (RFC 8305 §5: at least ${formatMs(MIN_CONNECTION_ATTEMPT_DELAY_MS)} between starts)`
      : '';
  return `; the next attempt started ${formatMs(gap)} later${spacing}`;
}

/** A next start this close to the failure before it is "at once" (under the report's 0.1 ms precision, and timer noise). */
const AT_ONCE_MS = 1;

/** Still waiting for the handshake when Happy Eyeballs moved on, and never heard back. */
function neverAnswered(attempt: AttemptRow): boolean {
  return attempt.overtakenAt !== null && (attempt.state === 'lost' || attempt.state === 'aborted' || attempt.state === 'unfinished');
}
