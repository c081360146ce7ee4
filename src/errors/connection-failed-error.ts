import type { Family } from '../base/family.js';
import { errorSummary } from './all-attempts-failed-error.js';
import { formatHostPort } from '../base/host-port.js';

/** What became of one connection attempt, for the caller who needs to know why nothing connected. */
export interface FailedAttempt {
  readonly address: string;
  readonly family: Family;
  readonly port: number;
  /** ms since `connect()` was called. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly error: unknown;
}

/**
 * Every connection attempt failed. Unlike Node's `AggregateError` with an empty message, the message names
 * each address and why it failed; `errors` keeps every cause (with its own code) in start order, `attempts` the times.
 */
export class ConnectionFailedError extends AggregateError {
  override name = 'ConnectionFailedError';
  readonly code = 'EYEBALL_CONNECT_FAILED';
  readonly host: string;
  readonly port: number;
  readonly attempts: readonly FailedAttempt[];

  constructor(host: string, port: number, attempts: readonly FailedAttempt[], options?: { cause?: unknown }) {
    const parts = attempts.map((attempt) => `${formatHostPort(attempt.address, attempt.port)} ${errorSummary(attempt.error)}`);
    super(
      attempts.map((attempt) => attempt.error),
      `could not connect to ${formatHostPort(host, port)}: ${parts.join('; ')}`,
      options,
    );
    this.host = host;
    this.port = port;
    this.attempts = attempts;
  }
}
