/**
 * The trace of a connection made some other way than eyeball's race (Node's own `autoSelectFamily`, or one
 * address after another). Both look up every address at once, so they share this smaller vocabulary than
 * the race's TraceEvent. `at` is ms since the call.
 */
import type { Clock } from '../../race/clock.js';
import { toErrorInfo } from '../../base/error-info.js';
import type { Endpoint } from '../../base/endpoint.js';
import type { ErrorInfo } from '../../base/error-info.js';
import type { Family } from '../../base/family.js';

export interface LookupAddress {
  readonly address: string;
  readonly family: Family;
}

/** Looks a name up, every family at once. `hints` are the getaddrinfo flags Node's `net.connect` passes. */
export type LookupAll = (hostname: string, family: 0 | Family, hints?: number) => Promise<readonly LookupAddress[]>;

/** What both other strategies take. */
export interface StrategyOptions {
  readonly host: string;
  readonly port: number;
  /** Only this family: 4 or 6. @default 0 (both) */
  readonly family?: 0 | Family;
  readonly localAddress?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Overall bound in ms, lookup included: then the promise rejects with a `ConnectTimeoutError`. @default none */
  readonly timeout?: number | undefined;
  /** Node's own `dns.lookup` when absent. */
  readonly lookup?: LookupAll | undefined;
  readonly onEvent?: ((event: StrategyEvent) => void) | undefined;
  readonly clock?: Clock | undefined;
}

/** The final error of a strategy: its code and message, its class name, and each cause when it aggregates several. */
export interface StrategyError extends ErrorInfo {
  readonly name: string;
  /** The errors an `AggregateError` carries; empty otherwise. */
  readonly errors: readonly ErrorInfo[];
}

export type StrategyEvent =
  /** The name lookup went out (absent when the host is an IP literal). */
  | { type: 'lookup-started'; at: number; hostname: string }
  | { type: 'lookup-answered'; at: number; addresses: readonly LookupAddress[] }
  | { type: 'lookup-failed'; at: number; error: ErrorInfo }
  | ({ type: 'attempt-started'; at: number; index: number } & Endpoint)
  | ({ type: 'attempt-failed'; at: number; index: number; error: ErrorInfo } & Endpoint)
  /** Node gave up on the attempt after its own per-attempt timeout and closed it (`connectionAttemptTimeout`). */
  | ({ type: 'attempt-abandoned'; at: number; index: number; after: number } & Endpoint)
  /** Still connecting when the overall timeout ran out or the caller aborted. */
  | ({ type: 'attempt-cancelled'; at: number; index: number } & Endpoint)
  | ({ type: 'connected'; at: number; index: number } & Endpoint)
  | { type: 'failed'; at: number; error: StrategyError };

/** The serialisable face of a strategy's final error, keeping every cause of an AggregateError. */
export function toStrategyError(error: unknown): StrategyError {
  const name = error instanceof Error ? error.name : 'Error';
  const errors = error instanceof AggregateError ? (error.errors as unknown[]).map(toErrorInfo) : [];
  return { ...toErrorInfo(error), name, errors };
}
