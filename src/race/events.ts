/**
 * What the engine reports while it runs. Every event has `at`: milliseconds since the race's origin,
 * read from the injected clock, so the order and the spacing of attempts can be checked exactly.
 */
import type { StartReason } from '../base/attempt.js';

export type RaceEvent =
  | { type: 'attempt-scheduled'; at: number; index: number; dueAt: number; reason: Exclude<StartReason, 'first'> }
  | { type: 'attempt-started'; at: number; index: number; reason: StartReason }
  | { type: 'attempt-failed'; at: number; index: number; error: unknown }
  | { type: 'attempt-succeeded'; at: number; index: number }
  | { type: 'attempt-cancelled'; at: number; index: number; reason: 'lost' | 'aborted' }
  /** A cancelled attempt delivered a value anyway; it was handed to `dispose`, never to the caller. */
  | { type: 'attempt-disposed'; at: number; index: number }
  /** The attempt source threw: no attempt comes after this, and the ones started race on. */
  | { type: 'source-failed'; at: number; error: unknown }
  | { type: 'race-settled'; at: number; outcome: 'won' | 'failed' | 'aborted'; winner: number | null };
