/**
 * `--json`: the run as one JSON document, documented field by field in docs/json.md. The document is its own
 * versioned shape (a DTO): renaming something inside eyeball must not change it. Strings are passed through
 * as they came (JSON escapes control characters); a consumer that prints them must clean them itself.
 */
import type { StartReason } from '../../base/attempt.js';
import type { ErrorInfo } from '../../base/error-info.js';
import type { Family, RecordType } from '../../base/family.js';
import type { RunOutcome, RunReport, RunSettings } from '../report.js';
import { type TargetTls, tlsFor } from '../tls-settings.js';
import {
  type AttemptRow,
  buildTimeline,
  type HttpsQueryRow,
  type HttpsRow,
  type Nat64Row,
  type QueryRow,
  type ResolutionDelayRow,
  type TlsRow,
} from './timeline.js';

/** Bumped only for a change that can break a consumer (a field removed, renamed or given another type). */
export const JSON_SCHEMA_VERSION = 1;

export interface JsonError {
  readonly code: string;
  readonly message: string;
}

export interface JsonSettings {
  readonly resolver: 'system' | 'dns';
  readonly dnsServer: string | null;
  readonly family: 0 | 4 | 6;
  readonly attemptDelay: number;
  readonly resolutionDelay: number;
  readonly firstAddressFamilyCount: number;
  readonly timeout: number | null;
  readonly attemptTimeout: number | null;
  readonly localAddress: string | null;
  /** null for plain TCP. */
  readonly tls: { readonly servername: string | null; readonly alpn: readonly string[]; readonly verify: boolean } | null;
  /** null without `--nat64` / `--nat64-prefix`. */
  readonly nat64: { readonly prefix: string | null } | null;
  /** false after `--no-https`. */
  readonly https: boolean;
}

export interface JsonDnsQuery {
  /** The name asked when it is not the host (a TargetName, or where an AliasMode chain ended); null for the host. */
  readonly name: string | null;
  readonly type: RecordType;
  /** Who answered: `system` (the OS), `dns` (a DNS server), `rfc6761` (eyeball itself, for a localhost name). */
  readonly resolver: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly addresses: readonly string[];
  readonly ttl: number | null;
  readonly error: JsonError | null;
  readonly cancelled: boolean;
}

export type JsonAttemptOutcome = 'connected' | 'failed' | 'timeout' | 'cancelled';

export interface JsonAttempt {
  readonly address: string;
  readonly family: Family;
  readonly port: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly outcome: JsonAttemptOutcome;
  readonly error: JsonError | null;
  readonly startReason: StartReason;
  readonly synthesizedFrom: { readonly address: string; readonly prefix: string } | null;
  /** The address was known only from an HTTPS record's address hint when the attempt started. */
  readonly fromHint: boolean;
  /** The HTTPS record's service the endpoint belongs to (HEv3 §5.2); null for the host's own addresses. */
  readonly service: { readonly target: string; readonly priority: number } | null;
  readonly tls: JsonAttemptTls | null;
}

export interface JsonAttemptTls {
  readonly servername: string | null;
  readonly handshakeMs: number;
  readonly protocol: string | null;
  readonly alpn: string | null;
  readonly authorized: boolean;
  readonly certificate: JsonCertificate | null;
  readonly authorizationError: JsonError | null;
}

export interface JsonCertificate {
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly validTo: string;
  readonly daysToExpiry: number;
}

export interface JsonNat64 {
  readonly source: 'option' | 'rfc7050';
  readonly queriedAt: number | null;
  readonly answeredAt: number;
  readonly prefixes: readonly string[];
  readonly error: JsonError | null;
}

/** One HTTPS query: the host's (`https`), or a follow-up of its AliasMode chain (`https.chain[]`, with `name`). */
export interface JsonHttpsQuery {
  readonly server: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly records: readonly JsonHttpsRecord[];
  readonly ttl: number | null;
  readonly malformed: number;
  readonly error: JsonError | null;
  readonly cancelled: boolean;
}

export interface JsonHttpsHop extends JsonHttpsQuery {
  readonly name: string;
}

export interface JsonHttps extends JsonHttpsQuery {
  /** The follow-up queries of an AliasMode chain, in order; empty without AliasMode. */
  readonly chain: readonly JsonHttpsHop[];
}

export interface JsonHttpsRecord {
  readonly mode: 'alias' | 'service';
  readonly priority: number;
  readonly target: string;
  readonly alpn: readonly string[];
  readonly noDefaultAlpn: boolean;
  readonly port: number | null;
  readonly ipv4hint: readonly string[];
  readonly ipv6hint: readonly string[];
  readonly ech: boolean;
  readonly mandatory: readonly string[];
  readonly otherKeys: readonly string[];
}

export interface JsonWinner {
  readonly address: string;
  readonly family: Family;
  readonly port: number;
  readonly at: number;
}

export interface JsonResolutionDelay {
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly reason: 'aaaa-answer' | 'aaaa-negative' | 'https-answer' | 'elapsed' | null;
}

export interface JsonDocument {
  readonly schemaVersion: typeof JSON_SCHEMA_VERSION;
  readonly ok: boolean;
  readonly target: { readonly host: string; readonly port: number };
  readonly settings: JsonSettings;
  /** ISO 8601, UTC: the wall-clock time of `timeOrigin`, to the millisecond. */
  readonly startedAt: string;
  /** Unix epoch ms with microseconds: the instant every time of the document counts from. */
  readonly timeOrigin: number;
  readonly elapsed: number;
  readonly dns: readonly JsonDnsQuery[];
  readonly attempts: readonly JsonAttempt[];
  readonly winner: JsonWinner | null;
  readonly error: (JsonError & { readonly reason: Extract<RunOutcome, { ok: false }>['reason'] }) | null;
  readonly resolutionDelay: JsonResolutionDelay | null;
  readonly nat64: JsonNat64 | null;
  readonly https: JsonHttps | null;
}

/** The `--json` document of a run. Pure. Times are ms since `timeOrigin`, rounded to 3 decimals. */
export function toJsonDocument(report: RunReport): JsonDocument {
  const timeline = buildTimeline(report);
  const { outcome, settings } = report;
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    ok: outcome.ok,
    target: { host: report.target.host, port: report.target.port },
    settings: toJsonSettings(settings, tlsFor(report.target, settings)),
    startedAt: isoTime(report.timeOrigin),
    timeOrigin: ms(report.timeOrigin),
    elapsed: ms(report.elapsed),
    dns: timeline.queries.map(toJsonQuery),
    attempts: timeline.attempts.map(toJsonAttempt),
    winner: outcome.ok
      ? { address: outcome.winner.address, family: outcome.winner.family, port: outcome.winner.port, at: ms(outcome.winner.at) }
      : null,
    error: outcome.ok ? null : { reason: outcome.reason, ...toJsonError(outcome.error) },
    resolutionDelay: timeline.resolutionDelay && toJsonResolutionDelay(timeline.resolutionDelay),
    nat64: timeline.nat64 && toJsonNat64(timeline.nat64),
    https: timeline.https && toJsonHttps(timeline.https),
  };
}

/** The `settings` of a document; `tls` is what the target's attempts did ({@link tlsFor}), null for plain TCP. */
export function toJsonSettings(settings: RunSettings, tls: TargetTls | null): JsonSettings {
  return {
    resolver: settings.resolver,
    dnsServer: settings.dnsServer,
    family: settings.family,
    attemptDelay: settings.attemptDelay,
    resolutionDelay: settings.resolutionDelay,
    firstAddressFamilyCount: settings.firstAddressFamilyCount,
    timeout: settings.timeout,
    attemptTimeout: settings.attemptTimeout,
    localAddress: settings.localAddress,
    tls: tls && { servername: tls.servername, alpn: [...tls.alpn], verify: tls.verify },
    nat64: settings.nat64 === undefined ? null : { prefix: settings.nat64.prefix },
    https: settings.https !== false,
  };
}

/** One JSON document and a newline: what `eyeball --json` writes to stdout. */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(toJsonDocument(report), null, 2)}\n`;
}

function toJsonQuery(query: QueryRow): JsonDnsQuery {
  return {
    name: query.name,
    type: query.recordType,
    resolver: query.resolver,
    startedAt: ms(query.startedAt),
    endedAt: ms(query.endedAt),
    addresses: [...query.addresses],
    ttl: query.ttl,
    error: query.error && toJsonError(query.error),
    cancelled: query.state === 'cancelled' || query.state === 'unfinished',
  };
}

function toJsonAttempt(attempt: AttemptRow): JsonAttempt {
  return {
    address: attempt.address,
    family: attempt.family,
    port: attempt.port,
    startedAt: ms(attempt.startedAt),
    endedAt: ms(attempt.endedAt),
    outcome: attemptOutcome(attempt),
    error: attempt.error && toJsonError(attempt.error),
    startReason: attempt.startReason,
    synthesizedFrom:
      attempt.synthesizedFrom === undefined ? null : { address: attempt.synthesizedFrom.address, prefix: attempt.synthesizedFrom.prefix },
    fromHint: attempt.fromHint === true,
    service: attempt.service === undefined ? null : { target: attempt.service.target, priority: attempt.service.priority },
    tls: attempt.tls && toJsonAttemptTls(attempt.tls),
  };
}

function toJsonAttemptTls(tls: TlsRow): JsonAttemptTls {
  const { certificate } = tls;
  return {
    servername: tls.servername,
    handshakeMs: ms(tls.endedAt - tls.startedAt),
    protocol: tls.protocol,
    alpn: tls.alpn,
    authorized: tls.authorized,
    certificate: certificate && {
      subject: certificate.subject,
      issuer: certificate.issuer,
      validTo: certificate.validTo,
      daysToExpiry: certificate.daysToExpiry,
    },
    authorizationError: tls.authorizationError && toJsonError(tls.authorizationError),
  };
}

function toJsonNat64(nat64: Nat64Row): JsonNat64 {
  return {
    source: nat64.source,
    queriedAt: nat64.queriedAt === null ? null : ms(nat64.queriedAt),
    answeredAt: ms(nat64.answeredAt),
    prefixes: [...nat64.prefixes],
    error: nat64.error && toJsonError(nat64.error),
  };
}

function toJsonHttps(https: HttpsRow): JsonHttps {
  return { ...toJsonHttpsQuery(https), chain: https.chain.map((hop) => ({ name: hop.name, ...toJsonHttpsQuery(hop) })) };
}

function toJsonHttpsQuery(https: HttpsQueryRow): JsonHttpsQuery {
  return {
    // `none`: no DNS server to ask (the query then failed with EYEBALL_NO_DNS_SERVER).
    server: https.server ?? 'none',
    startedAt: ms(https.startedAt),
    endedAt: ms(https.endedAt),
    records: https.records.map((record) => ({
      mode: record.mode,
      priority: record.priority,
      target: record.target,
      alpn: [...record.alpn],
      noDefaultAlpn: record.noDefaultAlpn,
      port: record.port,
      ipv4hint: [...record.ipv4hint],
      ipv6hint: [...record.ipv6hint],
      ech: record.ech,
      mandatory: [...record.mandatory],
      otherKeys: [...record.otherKeys],
    })),
    ttl: https.ttl,
    malformed: https.malformed,
    error: https.error && toJsonError(https.error),
    cancelled: https.state === 'cancelled' || https.state === 'unfinished',
  };
}

function attemptOutcome(attempt: AttemptRow): JsonAttemptOutcome {
  // The OS giving up on an unanswered SYN is a timeout too, just not eyeball's.
  if (attempt.state === 'failed') return attempt.error?.code === 'ETIMEDOUT' ? 'timeout' : 'failed';
  return attempt.state === 'connected' || attempt.state === 'timeout' ? attempt.state : 'cancelled';
}

function toJsonResolutionDelay(delay: ResolutionDelayRow): JsonResolutionDelay {
  return { startedAt: ms(delay.startedAt), endedAt: delay.endedAt === null ? null : ms(delay.endedAt), reason: delay.reason };
}

// A fresh object: the DTO never shares (or leaks extra fields of) the report's error objects.
function toJsonError(error: ErrorInfo): JsonError {
  return { code: error.code, message: error.message };
}

/** ISO 8601 in UTC (`2026-12-07T18:30:00.123Z`); Date keeps whole ms. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Sub-millisecond precision without float noise: 3 decimals (microseconds). */
export function ms(value: number): number {
  const rounded = Math.round(value * 1000) / 1000;
  return rounded === 0 ? 0 : rounded;
}
