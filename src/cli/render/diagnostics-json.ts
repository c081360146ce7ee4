/**
 * `--json` for the diagnostic modes, documented in docs/json.md: the race document gains `checks` and `passed`
 * with a policy; `--each`, `--compare` and `--count` have documents of their own, told apart by `mode`. Pure,
 * with the conventions of src/cli/render/json.ts.
 */
import type { StrategyEvent } from '../compare/strategy-events.js';
import type { Family } from '../../base/family.js';
import type { CheckItem, TargetResult } from '../check-result.js';
import type { StrategyReport } from '../commands/compare.js';
import type { EachReport, ProbeOutcome } from '../commands/each.js';
import type { RepeatStatistics } from '../repeat.js';
import { tlsFor } from '../tls-settings.js';
import {
  JSON_SCHEMA_VERSION,
  type JsonDnsQuery,
  type JsonDocument,
  type JsonError,
  type JsonSettings,
  type JsonWinner,
  ms,
  toJsonDocument,
  toJsonSettings,
} from './json.js';

export interface JsonCheck {
  readonly name: string;
  readonly kind: CheckItem['kind'];
  readonly family: Family | null;
  readonly passed: boolean;
  readonly detail: string;
}

/** What every diagnostic document and a race document with a policy carry. */
export interface JsonVerdict {
  readonly passed: boolean;
  readonly checks: readonly JsonCheck[];
}

interface JsonModeDocument extends JsonVerdict {
  readonly schemaVersion: typeof JSON_SCHEMA_VERSION;
  readonly ok: boolean;
  readonly target: JsonDocument['target'];
  readonly settings: JsonSettings;
  readonly interrupted: boolean;
}

export interface JsonProbe {
  readonly address: string;
  readonly family: Family;
  readonly port: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly outcome: ProbeOutcome;
  readonly connectTime: number | null;
  readonly error: JsonError | null;
}

export interface JsonEachDocument extends JsonModeDocument {
  readonly mode: 'each';
  readonly elapsed: number;
  readonly probeTimeout: number | null;
  // --each asks only the host: no `name`.
  readonly dns: readonly Omit<JsonDnsQuery, 'name'>[];
  readonly addresses: readonly JsonProbe[];
  readonly families: ReadonlyArray<{ readonly family: Family; readonly reachable: number; readonly total: number }>;
}

export interface JsonStrategy {
  readonly ok: boolean;
  readonly elapsed: number;
  readonly winner: JsonWinner | null;
  readonly error: {
    readonly reason: 'dns' | 'connect' | 'timeout' | 'interrupted';
    readonly name: string;
    readonly code: string;
    readonly message: string;
    readonly errors: readonly JsonError[];
  } | null;
  readonly events: readonly StrategyEvent[];
}

export interface JsonCompareDocument extends JsonModeDocument {
  readonly mode: 'compare';
  readonly node: { readonly version: string; readonly attemptTimeout: number };
  readonly strategies: { readonly eyeball: JsonDocument; readonly node: JsonStrategy; readonly sequential: JsonStrategy };
}

export interface JsonRepeatDocument extends JsonModeDocument {
  readonly mode: 'repeat';
  readonly count: number;
  readonly interval: number;
  readonly runs: readonly JsonDocument[];
  readonly statistics: {
    readonly runs: number;
    readonly connected: number;
    readonly failed: number;
    readonly connectTime: { readonly min: number; readonly median: number; readonly max: number } | null;
    readonly wins: { readonly ipv6: number; readonly ipv4: number };
  };
}

export type JsonResultDocument = JsonDocument | (JsonDocument & JsonVerdict) | JsonEachDocument | JsonCompareDocument | JsonRepeatDocument;

export interface DocumentOptions {
  /** A policy was given: the race document gets `checks` and `passed`. */
  readonly hasPolicy: boolean;
  readonly count: number;
  readonly interval: number;
  /** The command line named a list (several targets, or `--targets`): an array of documents, even of one. */
  readonly isList: boolean;
}

export function toResultDocument(result: TargetResult, options: DocumentOptions): JsonResultDocument {
  const verdict: JsonVerdict = { passed: result.verdict.passed, checks: result.verdict.checks.map(toJsonCheck) };
  switch (result.mode) {
    case 'race': {
      const document = toJsonDocument(result.report);
      return options.hasPolicy ? { ...document, ...verdict } : document;
    }
    case 'each':
      return toEachDocument(result.report, verdict);
    case 'compare': {
      const { report } = result;
      const eyeball = toJsonDocument(report.eyeball);
      return {
        schemaVersion: JSON_SCHEMA_VERSION,
        mode: 'compare',
        ok: eyeball.ok,
        target: eyeball.target,
        settings: eyeball.settings,
        interrupted: report.interrupted,
        node: { version: report.nodeVersion, attemptTimeout: report.nodeAttemptTimeout },
        strategies: { eyeball, node: toJsonStrategy(report.node), sequential: toJsonStrategy(report.sequential) },
        ...verdict,
      };
    }
    case 'repeat': {
      return {
        schemaVersion: JSON_SCHEMA_VERSION,
        mode: 'repeat',
        ok: result.statistics.runs > 0 && result.statistics.failed === 0,
        target: { host: result.target.host, port: result.target.port },
        settings: toJsonSettings(result.settings, tlsFor(result.target, result.settings)),
        interrupted: result.verdict.interrupted,
        count: options.count,
        interval: options.interval,
        runs: result.runs.map(toJsonDocument),
        statistics: toJsonStatistics(result.statistics),
        ...verdict,
      };
    }
  }
}

/** `--json`: one document for one target, an array for a list (`options.isList`), even of one. Ends with a newline. */
export function renderResultsJson(results: readonly TargetResult[], options: DocumentOptions): string {
  const documents = results.map((result) => toResultDocument(result, options));
  return `${JSON.stringify(options.isList ? documents : documents[0], null, 2)}\n`;
}

/** A check as the documents carry it: a fresh object with exactly the documented fields. */
export function toJsonCheck(check: CheckItem): JsonCheck {
  return { name: check.name, kind: check.kind, family: check.family, passed: check.passed, detail: check.detail };
}

function toEachDocument(report: EachReport, verdict: JsonVerdict): JsonEachDocument {
  const families = ([6, 4] as const)
    .map((family) => {
      const probes = report.probes.filter((probe) => probe.family === family);
      return { family, reachable: probes.filter((probe) => probe.outcome === 'connected').length, total: probes.length };
    })
    .filter((entry) => entry.total > 0 || report.dns.some((query) => query.family === entry.family));
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    mode: 'each',
    ok: report.probes.some((probe) => probe.outcome === 'connected'),
    target: { host: report.target.host, port: report.target.port },
    // --each probes over plain TCP (TLS options are refused with it).
    settings: toJsonSettings(report.settings, null),
    interrupted: report.interrupted,
    elapsed: ms(report.elapsed),
    probeTimeout: report.probeTimeout,
    dns: report.dns.map((query) => ({
      type: query.recordType,
      resolver: query.resolver,
      startedAt: ms(query.startedAt),
      endedAt: ms(query.endedAt),
      addresses: [...query.addresses],
      ttl: query.ttl,
      error: query.error && { code: query.error.code, message: query.error.message },
      cancelled: query.cancelled,
    })),
    addresses: report.probes.map((probe) => ({
      address: probe.address,
      family: probe.family,
      port: probe.port,
      startedAt: ms(probe.startedAt),
      endedAt: ms(probe.endedAt),
      outcome: probe.outcome,
      connectTime: probe.outcome === 'connected' ? ms(probe.endedAt - probe.startedAt) : null,
      error: probe.error && { code: probe.error.code, message: probe.error.message },
    })),
    families,
    ...verdict,
  };
}

function toJsonStrategy(report: StrategyReport): JsonStrategy {
  const { outcome } = report;
  return {
    ok: outcome.ok,
    elapsed: ms(report.elapsed),
    winner: outcome.ok
      ? { address: outcome.winner.address, family: outcome.winner.family, port: outcome.winner.port, at: ms(outcome.winner.at) }
      : null,
    error: outcome.ok
      ? null
      : {
          reason: outcome.reason,
          name: outcome.error.name,
          code: outcome.error.code,
          message: outcome.error.message,
          errors: outcome.error.errors.map((cause) => ({ code: cause.code, message: cause.message })),
        },
    events: report.events.map(roundTimes),
  };
}

export function toJsonStatistics(statistics: RepeatStatistics): JsonRepeatDocument['statistics'] {
  const times = statistics.connectTimes;
  return {
    runs: statistics.runs,
    connected: statistics.connected,
    failed: statistics.failed,
    connectTime: times && { min: ms(times.min), median: ms(times.median), max: ms(times.max) },
    wins: { ...statistics.wins },
  };
}

/** Rounds the times an event carries (`at`, `after`, `dueAt`, `handshakeMs`) as the documents do. */
export function roundTimes<E extends { readonly at: number }>(event: E): E {
  const rounded: Record<string, unknown> = { ...event, at: ms(event.at) };
  for (const key of ['after', 'dueAt', 'handshakeMs']) {
    const value = rounded[key];
    if (typeof value === 'number') rounded[key] = ms(value);
  }
  return rounded as E;
}
