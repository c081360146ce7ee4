/** The vocabulary of a staggered race that its events, its records and its errors share. */

/** Why an attempt started when it did. */
export type StartReason =
  | 'first'
  /** The delay since the previous start passed while the previous attempt was still running. */
  | 'timer'
  /** The previous attempt failed, so the next one did not wait for the delay. */
  | 'previous-failed'
  /** The engine was ready to start another attempt but had none; this one just arrived. */
  | 'attempt-available';

export type AttemptOutcome = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What the race knows of an attempt it started. Frozen: a change of state is a new record. */
export interface AttemptRecord {
  readonly index: number;
  readonly startedAt: number;
  readonly startReason: StartReason;
  readonly endedAt: number | null;
  readonly outcome: AttemptOutcome;
  readonly error: unknown;
}
