/**
 * The shared model of one run, derived once from its trace: one row per DNS query and per connection attempt
 * (in start order), and the Resolution Delay. Every renderer reads these rows, so they cannot disagree.
 */
import type { HttpsRecord } from '../../trace/https-record.js';
import type { StartReason } from '../../base/attempt.js';
import type { CertificateInfo, TraceEvent } from '../../trace/events.js';
import type { Endpoint } from '../../base/endpoint.js';
import type { ErrorInfo } from '../../base/error-info.js';
import type { Family, RecordType } from '../../base/family.js';
import type { RunReport } from '../report.js';

/** `unfinished`: the trace ends before the query is answered, failed or cancelled; its `endedAt` is the end of the run. */
export type QueryState = 'answered' | 'failed' | 'cancelled' | 'unfinished';

export interface QueryRow {
  /** The name asked when it is not the host (an HTTPS record's TargetName, or where an AliasMode chain ended); null for the host. */
  readonly name: string | null;
  readonly recordType: RecordType;
  readonly family: Family;
  readonly resolver: string;
  readonly startedAt: number;
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
  readonly endedAt: number;
  readonly state: QueryState;
  readonly records: readonly HttpsRecord[];
  /** Seconds; null without records. */
  readonly ttl: number | null;
  /** Records skipped as malformed (RFC 9460 §2.2). */
  readonly malformed: number;
  /** Why the query failed; on an answered query, why the AliasMode chain stopped there (`EYEBALL_SVCB_ALIAS_CHAIN`). */
  readonly error: ErrorInfo | null;
}

/** A follow-up HTTPS query of an AliasMode chain (RFC 9460 §2.4.2): the target `name` asked in turn. */
export interface HttpsHop extends HttpsQueryRow {
  readonly name: string;
}

/** The host's HTTPS query (Happy Eyeballs v3) and its AliasMode follow-ups in order; the last query's records count. */
export interface HttpsRow extends HttpsQueryRow {
  readonly chain: readonly HttpsHop[];
}

/**
 * `timeout`: `attemptTimeout` ran out. `lost`: cancelled because another attempt won. `aborted`: cancelled
 * because the run ended (overall timeout, Ctrl-C). `unfinished`: as for a query.
 */
export type AttemptState = 'connected' | 'failed' | 'timeout' | 'lost' | 'aborted' | 'unfinished';

export interface AttemptRow extends Endpoint {
  readonly index: number;
  readonly startReason: StartReason;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly state: AttemptState;
  readonly error: ErrorInfo | null;
  /** When the next attempt started on the timer while this one still waited for an answer; null otherwise. */
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
  readonly delay: number;
  /** null when the trace ends while it runs. */
  readonly endedAt: number | null;
  readonly reason: 'aaaa-answer' | 'aaaa-negative' | 'https-answer' | 'elapsed' | null;
}

export interface Timeline {
  /** In the order they were sent (AAAA first). */
  readonly queries: readonly QueryRow[];
  readonly attempts: readonly AttemptRow[];
  readonly resolutionDelay: ResolutionDelayRow | null;
  readonly winner: AttemptRow | null;
  /** NAT64: null when it was off, or when discovery was not needed (the host has an IPv4 route). */
  readonly nat64: Nat64Row | null;
  readonly https: HttpsRow | null;
  /** The end of the time axis: the run's elapsed time, or the last event if one came later. */
  readonly end: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
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
export function queryLabel(query: { readonly recordType: string; readonly name?: string | null | undefined }): string {
  return query.name == null ? query.recordType : `${query.recordType} ${query.name}`;
}

/** The host's own query of a family (not one for a TargetName or an alias target). */
export function hostQuery(timeline: Pick<Timeline, 'queries'>, family: Family): QueryRow | undefined {
  return timeline.queries.find((query) => query.family === family && query.name === null);
}

/** Builds the rows of a run from its trace. Pure: the report is not changed. */
export function buildTimeline(report: RunReport): Timeline {
  const end = Math.max(report.elapsed, ...report.events.map((event) => event.at));
  const queries: Mutable<QueryRow>[] = [];
  let https: MutableHttps | null = null;
  const attempts: Mutable<AttemptRow>[] = [];
  let resolutionDelay: ResolutionDelayRow | null = null;
  let nat64QueriedAt: number | null = null;
  let nat64: Nat64Row | null = null;

  // The latest query of a family for a name: asked once per run, but a later query would replace it.
  const queryOf = (family: Family, name: string | null) => queries.findLast((query) => query.family === family && query.name === name);
  const attemptOf = (index: number) => attempts.find((attempt) => attempt.index === index);

  for (const event of report.events) applyEvent(event);

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
        endRow(queryOf(event.family, event.name ?? null), event.at, 'answered', { addresses: event.addresses, ttl: event.ttl });
        return;
      case 'dns-error':
        endRow(queryOf(event.family, event.name ?? null), event.at, 'failed', { error: event.error });
        return;
      case 'dns-cancelled':
        endRow(queryOf(event.family, event.name ?? null), event.at, 'cancelled');
        return;
      case 'https-query': {
        const row: Mutable<HttpsQueryRow> = {
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
        endRow(httpsOf(event.name), event.at, 'answered', { records: event.records, ttl: event.ttl, malformed: event.malformed });
        return;
      case 'https-error': {
        // After an answer, the error is the chain's: it looped or ran too long from there.
        const row = httpsOf(event.name);
        if (row?.state === 'answered') row.error = event.error;
        else endRow(row, event.at, 'failed', { error: event.error });
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
      case 'attempt-started': {
        // A start on the timer means the attempt before it was still waiting when the delay ran out.
        const previous = attempts.at(-1);
        if (event.reason === 'timer' && previous?.state === 'unfinished') previous.overtakenAt = event.at;
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
      }
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
        endRow(attemptOf(event.index), event.at, event.timedOut ? 'timeout' : 'failed', { error: event.error });
        return;
      case 'attempt-succeeded':
        endRow(attemptOf(event.index), event.at, 'connected');
        return;
      case 'attempt-cancelled':
        endRow(attemptOf(event.index), event.at, event.reason);
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

  // The host's HTTPS query (no name), or the latest follow-up to `name`.
  function httpsOf(name: string | undefined): Mutable<HttpsQueryRow> | undefined {
    if (!https) return undefined;
    return name === undefined ? https : https.chain.findLast((hop) => hop.name === name);
  }

  // Only the first end of a row counts.
  function endRow<R extends { state: string; endedAt: number }>(row: R | undefined, at: number, state: R['state'], fields?: Partial<R>): void {
    if (row?.state !== 'unfinished') return;
    Object.assign(row, fields, { state, endedAt: at });
  }

  const winnerIndex = report.outcome.ok ? report.outcome.winner.index : null;
  const winner = attempts.find((attempt) => attempt.index === winnerIndex) ?? null;
  return { queries, attempts, resolutionDelay, winner, nat64, https, end };
}
