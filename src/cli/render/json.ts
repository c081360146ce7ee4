/**
 * `--json`: the run as one JSON document for scripts, documented field by field in docs/json.md.
 * The document is its own versioned shape (a DTO), built from the timeline model by a pure function;
 * renaming something inside eyeball must not change it. Strings are passed through as they came (JSON
 * escapes control characters, so nothing here can move a terminal's cursor); a consumer that prints
 * them to a terminal must clean them itself.
 */
import type { StartReason } from '../../race/events.js';
import type { ErrorInfo, Family, RecordType } from '../../trace/events.js';
import type { RunOutcome, RunReport, RunSettings } from '../report.js';
import { type AttemptRow, buildTimeline, type QueryRow, type ResolutionDelayRow } from './timeline.js';

/** Bumped only for a change that can break a consumer (a field removed, renamed or given another type). */
export const JSON_SCHEMA_VERSION = 1;

export interface JsonError {
  readonly code: string;
  readonly message: string;
}

export interface JsonRunError extends JsonError {
  readonly reason: Extract<RunOutcome, { ok: false }>['reason'];
}

export interface JsonTarget {
  readonly host: string;
  readonly port: number;
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
}

export interface JsonDnsQuery {
  readonly type: RecordType;
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
  readonly reason: 'aaaa-answer' | 'aaaa-negative' | 'elapsed' | null;
}

export interface JsonDocument {
  readonly schemaVersion: typeof JSON_SCHEMA_VERSION;
  readonly ok: boolean;
  readonly target: JsonTarget;
  readonly settings: JsonSettings;
  readonly elapsed: number;
  readonly dns: readonly JsonDnsQuery[];
  readonly attempts: readonly JsonAttempt[];
  readonly winner: JsonWinner | null;
  readonly error: JsonRunError | null;
  readonly resolutionDelay: JsonResolutionDelay | null;
}

/** The `--json` document of a run. Pure. Times are ms since the start, rounded to 3 decimals. */
export function toJsonDocument(report: RunReport): JsonDocument {
  const timeline = buildTimeline(report);
  const { outcome, settings } = report;
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    ok: outcome.ok,
    target: { host: report.target.host, port: report.target.port },
    settings: toJsonSettings(settings),
    elapsed: ms(report.elapsed),
    dns: timeline.queries.map(toJsonQuery),
    attempts: timeline.attempts.map(toJsonAttempt),
    winner: outcome.ok
      ? { address: outcome.winner.address, family: outcome.winner.family, port: outcome.winner.port, at: ms(outcome.winner.at) }
      : null,
    error: outcome.ok ? null : { reason: outcome.reason, ...toJsonError(outcome.error) },
    resolutionDelay: timeline.resolutionDelay && toJsonResolutionDelay(timeline.resolutionDelay),
  };
}

/** The `settings` of a document: a fresh object with exactly the documented fields. */
export function toJsonSettings(settings: RunSettings): JsonSettings {
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
  };
}

/** One JSON document and a newline: what `eyeball --json` writes to stdout. */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(toJsonDocument(report), null, 2)}\n`;
}

function toJsonQuery(query: QueryRow): JsonDnsQuery {
  return {
    type: query.recordType,
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
  };
}

function attemptOutcome(attempt: AttemptRow): JsonAttemptOutcome {
  switch (attempt.state) {
    case 'connected':
      return 'connected';
    case 'timeout':
      return 'timeout';
    case 'failed':
      // The OS giving up on an unanswered SYN is a timeout too, just not eyeball's.
      return attempt.error?.code === 'ETIMEDOUT' ? 'timeout' : 'failed';
    case 'lost':
    case 'aborted':
    case 'unfinished':
      return 'cancelled';
  }
}

function toJsonResolutionDelay(delay: ResolutionDelayRow): JsonResolutionDelay {
  return { startedAt: ms(delay.startedAt), endedAt: delay.endedAt === null ? null : ms(delay.endedAt), reason: delay.reason };
}

// A fresh object: the DTO never shares (or leaks extra fields of) the report's error objects.
function toJsonError(error: ErrorInfo): JsonError {
  return { code: error.code, message: error.message };
}

/** Sub-millisecond precision without float noise: 3 decimals (microseconds). */
export function ms(value: number): number {
  const rounded = Math.round(value * 1000) / 1000;
  return rounded === 0 ? 0 : rounded;
}
