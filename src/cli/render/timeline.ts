/**
 * The shared model of one run, derived once from its trace: one row per DNS query, one row per
 * connection attempt (in start order), and the Resolution Delay. Every renderer (tables, waterfall,
 * verdict, --json) reads these rows instead of scanning the events again, so they cannot disagree.
 */
import type { HttpsRecord } from '../../trace/https-record.js';
import type { StartReason } from '../../base/attempt.js';
import type { CertificateInfo, TraceEvent } from '../../trace/events.js';
import type { Endpoint } from '../../base/endpoint.js';
import type { ErrorInfo } from '../../base/error-info.js';
import type { Family, RecordType } from '../../base/family.js';
import type { RunReport } from '../report.js';

/**
 * `unfinished`: the trace ends without an answer, error or cancellation for this query (a run cut short
 * before the library could report it); its `endedAt` is the end of the run.
 */
export type QueryState = 'answered' | 'failed' | 'cancelled' | 'unfinished';

export interface QueryRow {
  /**
   * The name asked, when it is not the host: an HTTPS record's TargetName, or where an AliasMode chain
   * ended (the `https` option). null for the host itself.
   */
  readonly name: string | null;
  readonly recordType: RecordType;
  readonly family: Family;
  readonly resolver: string;
  readonly startedAt: number;
  /** When it was answered, failed or cancelled (the end of the run when `unfinished`). */
  readonly endedAt: number;
  readonly state: QueryState;
  /** Empty unless answered; empty when answered means no records (NODATA). */
  readonly addresses: readonly string[];
  /** Seconds, when the resolver says. */
  readonly ttl: number | null;
  readonly error: ErrorInfo | null;
}

/** One HTTPS query (`https-query` ... `https-answer`/`-error`/`-cancelled`). */
export interface HttpsQueryRow {
  readonly resolver: string;
  /** The DNS server asked, when the resolver says. */
  readonly server: string | null;
  readonly startedAt: number;
  /** When it was answered, failed or cancelled (the end of the run when `unfinished`). */
  readonly endedAt: number;
  readonly state: QueryState;
  /** Empty unless answered; empty when answered means no records (NODATA). */
  readonly records: readonly HttpsRecord[];
  /** Seconds; null without records. */
  readonly ttl: number | null;
  /** Records skipped as malformed (RFC 9460 §2.2). */
  readonly malformed: number;
  /**
   * Why the query failed; or, on an answered query, why the AliasMode chain stopped at it (it looped, or
   * ran too long: `EYEBALL_SVCB_ALIAS_CHAIN`).
   */
  readonly error: ErrorInfo | null;
}

/** A follow-up HTTPS query of an AliasMode chain (RFC 9460 §2.4.2): the target `name` asked in turn. */
export interface HttpsHop extends HttpsQueryRow {
  readonly name: string;
}

/**
 * The HTTPS query of a Happy Eyeballs v3 race for the host, and the follow-ups of its AliasMode chain, in
 * the order asked (empty without AliasMode). The records that count are those of the last query.
 */
export interface HttpsRow extends HttpsQueryRow {
  readonly chain: readonly HttpsHop[];
}

/**
 * `timeout`: the attempt's own timeout (`attemptTimeout`) ran out. `lost`: cancelled because another
 * attempt won. `aborted`: cancelled because the run ended (overall timeout, Ctrl-C). `unfinished`: the
 * trace ends while it runs (its `endedAt` is the end of the run).
 */
export type AttemptState = 'connected' | 'failed' | 'timeout' | 'lost' | 'aborted' | 'unfinished';

export interface AttemptRow extends Endpoint {
  readonly index: number;
  readonly startReason: StartReason;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly state: AttemptState;
  readonly error: ErrorInfo | null;
  /**
   * When the next attempt started on the timer while this one was still waiting for an answer (the
   * moment Happy Eyeballs stopped waiting for it alone); null otherwise.
   */
  readonly overtakenAt: number | null;
  /** A cancelled attempt that connected anyway: when its socket was closed. */
  readonly disposedAt: number | null;
  /** Its TLS handshake, once that ended; null for plain TCP, or when the attempt ended first. */
  readonly tls: TlsRow | null;
}

/** The TLS handshake of one attempt (a `tls-handshake` event). */
export interface TlsRow {
  /** When TCP had connected and the handshake began. */
  readonly startedAt: number;
  /** When the handshake ended (done, failed, or its certificate refused). */
  readonly endedAt: number;
  readonly servername: string | null;
  readonly protocol: string | null;
  readonly alpn: string | null;
  readonly certificate: CertificateInfo | null;
  readonly authorized: boolean;
  /** Why the certificate is not trusted (also when it was accepted anyway, with `--insecure`). */
  readonly authorizationError: ErrorInfo | null;
  /** Why the handshake failed or its certificate was refused; null when the attempt went on. */
  readonly error: ErrorInfo | null;
}

/** The NAT64 prefix, from the option or learnt with RFC 7050 (`nat64-query`, `nat64-prefix`). */
export interface Nat64Row {
  readonly source: 'option' | 'rfc7050';
  /** When the `ipv4only.arpa` query went out; null for a prefix from the option. */
  readonly queriedAt: number | null;
  /** When the prefixes were known (none: no synthesis). */
  readonly answeredAt: number;
  readonly prefixes: readonly string[];
  readonly error: ErrorInfo | null;
}

export interface ResolutionDelayRow {
  readonly startedAt: number;
  /** ms it was armed for. */
  readonly delay: number;
  /** null when the trace ends while it runs. */
  readonly endedAt: number | null;
  readonly reason: 'aaaa-answer' | 'aaaa-negative' | 'https-answer' | 'elapsed' | null;
}

export interface Timeline {
  /** In the order they were sent (AAAA first). */
  readonly queries: readonly QueryRow[];
  /** In start order. */
  readonly attempts: readonly AttemptRow[];
  readonly resolutionDelay: ResolutionDelayRow | null;
  readonly winner: AttemptRow | null;
  /** NAT64: null when it was off, or when discovery was not needed (the host has an IPv4 route). */
  readonly nat64: Nat64Row | null;
  /** The HTTPS query of the race (Happy Eyeballs v3) and its AliasMode chain, if it asked one. */
  readonly https: HttpsRow | null;
  /** The end of the time axis: the run's elapsed time, or the last event if one came later. */
  readonly end: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableQuery = Mutable<QueryRow>;
type MutableAttempt = Mutable<AttemptRow>;
type MutableHttpsQuery = Mutable<HttpsQueryRow>;
type MutableHttps = Mutable<Omit<HttpsRow, 'chain'>> & { chain: Array<Mutable<HttpsHop>> };

/** Whether a query (an A/AAAA or the HTTPS row) was sent and still out at `at`. */
export function isPendingAt(query: Pick<QueryRow, 'startedAt' | 'endedAt' | 'state'> | null | undefined, at: number): boolean {
  if (!query || query.startedAt > at) return false;
  return query.state === 'unfinished' || query.endedAt > at;
}

/** The last HTTPS query of the chain: where it ended (the host's own when there was no AliasMode). */
export function lastHttpsQuery(https: HttpsRow): HttpsQueryRow & { readonly name: string | null } {
  return https.chain.at(-1) ?? { ...https, name: null };
}

/** Whether the HTTPS query or a follow-up of its AliasMode chain was out at `at` (HEv3 §4.2 waits for the chain). */
export function isHttpsPendingAt(https: HttpsRow | null, at: number): boolean {
  return https !== null && (isPendingAt(https, at) || https.chain.some((hop) => isPendingAt(hop, at)));
}

/** `AAAA`, or `AAAA backend.example` for a name other than the host. */
export function queryLabel(query: { readonly recordType: string; readonly name: string | null }): string {
  return query.name === null ? query.recordType : `${query.recordType} ${query.name}`;
}

/** The host's own query of a family (not one for a TargetName or an alias target). */
export function hostQuery(timeline: Pick<Timeline, 'queries'>, family: Family): QueryRow | undefined {
  return timeline.queries.find((query) => query.family === family && query.name === null);
}

/** Builds the rows of a run from its trace. Pure: the report is not changed. */
export function buildTimeline(report: RunReport): Timeline {
  const end = Math.max(report.elapsed, ...report.events.map((event) => event.at));
  const queries: MutableQuery[] = [];
  let https: MutableHttps | null = null;
  const attempts: MutableAttempt[] = [];
  let resolutionDelay: ResolutionDelayRow | null = null;
  let nat64QueriedAt: number | null = null;
  let nat64: Nat64Row | null = null;

  // The latest query of a family for a name: asked once per run, but a later query would replace it.
  const queryOf = (family: Family, name: string | null): MutableQuery | undefined =>
    queries.findLast((query) => query.family === family && query.name === name);
  const attemptOf = (index: number): MutableAttempt | undefined => attempts.find((attempt) => attempt.index === index);

  for (const event of report.events) {
    applyEvent(event);
  }

  function applyEvent(event: TraceEvent): void {
    switch (event.type) {
      case 'dns-query':
        queries.push({
          name: event.name ?? null,
          recordType: event.recordType,
          family: event.family,
          resolver: event.resolver,
          startedAt: event.at,
          endedAt: end,
          state: 'unfinished',
          addresses: [],
          ttl: null,
          error: null,
        });
        return;
      case 'dns-answer':
        endQuery(event.family, event.name ?? null, event.at, 'answered', (query) => {
          query.addresses = event.addresses;
          query.ttl = event.ttl;
        });
        return;
      case 'dns-error':
        endQuery(event.family, event.name ?? null, event.at, 'failed', (query) => {
          query.error = event.error;
        });
        return;
      case 'dns-cancelled':
        endQuery(event.family, event.name ?? null, event.at, 'cancelled');
        return;
      case 'https-query': {
        const row: MutableHttpsQuery = {
          resolver: event.resolver,
          server: event.server,
          startedAt: event.at,
          endedAt: end,
          state: 'unfinished',
          records: [],
          ttl: null,
          malformed: 0,
          error: null,
        };
        if (event.name === undefined) https = { ...row, chain: [] };
        else https?.chain.push({ ...row, name: event.name });
        return;
      }
      case 'https-answer':
        endHttps(event.name, event.at, 'answered', (row) => {
          row.records = event.records;
          row.ttl = event.ttl;
          row.malformed = event.malformed;
        });
        return;
      case 'https-error': {
        // After an answer, the error is the chain's: it looped or ran too long from there.
        const row = httpsOf(event.name);
        if (row && row.state === 'answered') row.error = event.error;
        else
          endHttps(event.name, event.at, 'failed', (failed) => {
            failed.error = event.error;
          });
        return;
      }
      case 'https-cancelled':
        // Whichever query of the chain was still out.
        if (https) for (const row of [https, ...https.chain]) endRow(row, event.at, 'cancelled');
        return;
      case 'resolution-delay-started':
        resolutionDelay = { startedAt: event.at, delay: event.delay, endedAt: null, reason: null };
        return;
      case 'resolution-delay-ended':
        if (resolutionDelay) resolutionDelay = { ...resolutionDelay, endedAt: event.at, reason: event.reason };
        return;
      case 'attempt-started':
        markOvertaken(event.at, event.reason);
        attempts.push({
          index: event.index,
          address: event.address,
          family: event.family,
          port: event.port,
          ...(event.synthesizedFrom === undefined ? {} : { synthesizedFrom: event.synthesizedFrom }),
          ...(event.fromHint === undefined ? {} : { fromHint: event.fromHint }),
          ...(event.service === undefined ? {} : { service: event.service }),
          startReason: event.reason,
          startedAt: event.at,
          endedAt: end,
          state: 'unfinished',
          error: null,
          overtakenAt: null,
          disposedAt: null,
          tls: null,
        });
        return;
      case 'tls-handshake': {
        const attempt = attemptOf(event.index);
        if (!attempt) return;
        attempt.tls = {
          startedAt: event.at - event.handshakeMs,
          endedAt: event.at,
          servername: event.servername,
          protocol: event.protocol,
          alpn: event.alpn,
          certificate: event.certificate,
          authorized: event.authorized,
          authorizationError: event.authorizationError,
          error: event.error,
        };
        return;
      }
      case 'nat64-query':
        nat64QueriedAt = event.at;
        return;
      case 'nat64-prefix':
        nat64 = { source: event.source, queriedAt: nat64QueriedAt, answeredAt: event.at, prefixes: event.prefixes, error: event.error };
        return;
      case 'attempt-failed':
        endAttempt(event.index, event.at, event.timedOut ? 'timeout' : 'failed', event.error);
        return;
      case 'attempt-succeeded':
        endAttempt(event.index, event.at, 'connected', null);
        return;
      case 'attempt-cancelled':
        endAttempt(event.index, event.at, event.reason, null);
        return;
      case 'attempt-disposed': {
        const attempt = attemptOf(event.index);
        if (attempt) attempt.disposedAt = event.at;
        return;
      }
      case 'addresses-sorted':
      case 'attempt-scheduled':
      case 'connected':
      case 'failed':
        // The order, the schedule and the outcome show through the rows and the report's outcome.
        return;
    }
  }

  function endQuery(family: Family, name: string | null, at: number, state: QueryState, fill?: (query: MutableQuery) => void): void {
    const query = queryOf(family, name);
    if (query?.state !== 'unfinished') return;
    query.state = state;
    query.endedAt = at;
    fill?.(query);
  }

  // The host's HTTPS query (no name), or the latest follow-up to `name`.
  function httpsOf(name: string | undefined): MutableHttpsQuery | undefined {
    if (!https) return undefined;
    return name === undefined ? https : https.chain.findLast((hop) => hop.name === name);
  }

  function endHttps(name: string | undefined, at: number, state: QueryState, fill?: (row: MutableHttpsQuery) => void): void {
    const row = httpsOf(name);
    if (row) endRow(row, at, state, fill);
  }

  function endRow(row: MutableHttpsQuery, at: number, state: QueryState, fill?: (row: MutableHttpsQuery) => void): void {
    if (row.state !== 'unfinished') return;
    row.state = state;
    row.endedAt = at;
    fill?.(row);
  }

  function endAttempt(index: number, at: number, state: AttemptState, error: ErrorInfo | null): void {
    const attempt = attemptOf(index);
    if (attempt?.state !== 'unfinished') return;
    attempt.state = state;
    attempt.endedAt = at;
    attempt.error = error;
  }

  // A start on the timer means the attempt before it was still waiting when the delay ran out.
  function markOvertaken(at: number, reason: StartReason): void {
    const previous = attempts.at(-1);
    if (reason !== 'timer' || !previous || previous.state !== 'unfinished') return;
    previous.overtakenAt = at;
  }

  const winnerIndex = report.outcome.ok ? report.outcome.winner.index : null;
  return {
    queries,
    attempts,
    resolutionDelay,
    winner: attempts.find((attempt) => attempt.index === winnerIndex) ?? null,
    nat64,
    https,
    end,
  };
}
