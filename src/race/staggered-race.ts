/*
 * The staggered race
 * ==================
 *
 * There are several ways to reach one goal (here: several addresses of one host), some of them broken in
 * the worst way: they do not fail, they hang. TCP is stubborn; a SYN into a black hole is retried for
 * minutes before the kernel gives up. Trying the ways one after another makes one dead address cost the
 * user that whole timeout; starting all of them at once floods the network and the server with
 * connections that are thrown away. RFC 8305 (Happy Eyeballs v2) §5 takes the middle path:
 *
 *   - start the first attempt at once;
 *   - start the next one when a delay (the "Connection Attempt Delay", 250 ms) has passed since the
 *     previous start, or as soon as the previous attempt fails, whichever comes first;
 *   - never start one within 10 ms of the previous start (§5: a MUST NOT, and §8's hard floor), even
 *     after a fast failure;
 *   - earlier attempts keep running: a slow attempt that answers after 600 ms still wins if nothing else
 *     has (this is where Node's built-in `autoSelectFamily` goes wrong: it kills each attempt at 250 ms);
 *   - the first success wins, and every other attempt is cancelled (§5: "cancel all other attempts").
 *
 * This module is that algorithm and nothing else: it knows no sockets and no DNS. An attempt is a
 * function `({signal, index}) => Promise<T>`; the engine calls it when its turn comes and aborts its own
 * signal when it loses. Attempts come from an iterable or an async iterable, so they may arrive while the
 * race runs (a late AAAA answer adds addresses, RFC 8305 §6). The engine asks for the next attempt as soon
 * as it has started one, but calls it only when its start is due; when a start is due and no attempt is
 * available yet, it starts the next one the moment it arrives. The race fails only when the source is
 * exhausted and every attempt has failed.
 *
 * Time comes from an injectable clock, so tests run on virtual time and assert exact start times, and
 * every step is reported to an optional `onEvent` sink with `at` in milliseconds since the origin.
 * Deliberately out of scope: per-attempt timeouts and what an attempt does (the caller's function decides),
 * and history (RFC 8305 §4's RTT-based delays): the delay is fixed per race.
 *
 * Design kin: Python's asyncio.staggered.staggered_race and async_stagger, trio's open_tcp_stream, and
 * Go's dialParallel.
 */
import { AllAttemptsFailedError } from '../errors/all-attempts-failed-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { abortError } from '../util/abort-error.js';
import { checkDuration, checkSignal } from '../util/validate.js';
import { type Clock, systemClock } from './clock.js';
import type { AttemptRecord, RaceEvent, StartReason } from './events.js';

/** RFC 8305 §5 and §8: the recommended Connection Attempt Delay. */
export const DEFAULT_ATTEMPT_DELAY_MS = 250;
/** RFC 8305 §5: a subsequent attempt MUST NOT start within 10 ms of the previous one. */
export const MIN_ATTEMPT_SPACING_MS = 10;

export interface AttemptContext {
  /** Aborted when this attempt lost, or when the whole race was aborted. */
  readonly signal: AbortSignal;
  /** Position of this attempt in start order, from 0. */
  readonly index: number;
}

export type Attempt<T> = (context: AttemptContext) => PromiseLike<T> | T;

export type AttemptSource<T> = Iterable<Attempt<T>> | AsyncIterable<Attempt<T>>;

export interface StaggeredRaceOptions<T> {
  /**
   * Milliseconds between the start of one attempt and the start of the next while the earlier one runs.
   * @default 250
   */
  delay?: number;
  /**
   * The least spacing, in milliseconds, between two starts, even after a fast failure.
   * @default 10
   */
  minDelay?: number;
  /** Aborts the race: every running attempt is aborted and the race rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Receives every step of the race as it happens. Must not throw. */
  onEvent?: (event: RaceEvent) => void;
  /** Where time comes from. @default the monotonic `performance.now()` and the global timers */
  clock?: Clock;
  /** The clock reading that counts as time 0 in events and records. @default the reading at the call */
  origin?: number;
  /** Receives the value of an attempt that succeeded after the race was decided (a late socket to destroy). */
  dispose?: (value: T, index: number) => void;
}

export interface RaceResult<T> {
  readonly value: T;
  readonly index: number;
  /** Every attempt that started, in start order; the losers still running at the end are `cancelled`. */
  readonly attempts: readonly AttemptRecord[];
}

/**
 * Runs attempts one after another with a delay between starts; the first success wins and the rest
 * are aborted.
 *
 * @example
 * ```ts
 * const {value, index} = await staggeredRace(
 *   ['a', 'b', 'c'].map((name) => ({signal}) => fetchFrom(name, {signal})),
 *   {delay: 250, signal: AbortSignal.timeout(5000)},
 * );
 * ```
 */
export function staggeredRace<T>(attempts: AttemptSource<T>, options: StaggeredRaceOptions<T> = {}): Promise<RaceResult<T>> {
  // One promise, not an async function's wrapper around it; a throw in the executor (a bad option, an
  // aborted signal) still becomes a rejection, never a synchronous throw.
  return new Promise<RaceResult<T>>((resolve, reject) => {
    new Race<T>(attempts, options, resolve, reject).start();
  });
}

/**
 * The next attempt, once the source gave it, or why there is none: not asked for yet (`idle`), asked for
 * and not arrived (`pending`), or none left (`exhausted`). A bare function or string, so that moving
 * between the states allocates nothing.
 */
type NextAttempt<T> = Attempt<T> | 'idle' | 'pending' | 'exhausted';

class Race<T> {
  // Replaced by a copy one longer at each start (see `launch`).
  private records: readonly AttemptRecord[] = [];
  private controllers: readonly AbortController[] = [];
  // The options, validated, are fields of the race itself rather than of a settings object of their own.
  private readonly delay: number;
  private readonly minDelay: number;
  private readonly signal: AbortSignal | undefined;
  private readonly clock: Clock;
  private readonly dispose: ((value: T, index: number) => void) | undefined;
  private readonly iterator: Iterator<Attempt<T>> | AsyncIterator<Attempt<T>>;
  private readonly origin: number;
  private next: NextAttempt<T> = 'idle';
  /** Set when a start is due; the reason it is due. */
  private due: StartReason | null = null;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private isSettled = false;
  /** Made only when there is a signal to listen to. */
  private onAbort: (() => void) | undefined;
  /**
   * The one timer callback, made once per race. A timer is armed either for the delay after a start
   * (nothing is due yet) or to hold a due start to the minimum spacing (`due` is set).
   */
  private readonly onTimer = (): void => {
    this.timer = null;
    if (this.due === null) this.becomeDue('timer');
    else this.startIfDue();
  };
  /** Called as `this.onEvent?.({...})`: without a listener the event object is never built. */
  private readonly onEvent: ((event: RaceEvent) => void) | undefined;

  /** Validates the options; a throw here (a bad option, an aborted signal) rejects the race's promise. */
  constructor(
    attempts: AttemptSource<T>,
    options: StaggeredRaceOptions<T>,
    private readonly resolve: (result: RaceResult<T>) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.delay = checkDuration('delay', options.delay ?? DEFAULT_ATTEMPT_DELAY_MS);
    this.minDelay = checkDuration('minDelay', options.minDelay ?? MIN_ATTEMPT_SPACING_MS);
    this.signal = checkSignal('signal', options.signal);
    this.iterator = openIterator(attempts);
    this.signal?.throwIfAborted();
    this.clock = options.clock ?? systemClock;
    this.origin = options.origin ?? this.clock.now();
    this.onEvent = options.onEvent;
    this.dispose = options.dispose;
  }

  start(): void {
    const signal = this.signal;
    if (signal !== undefined) {
      this.onAbort = () => this.settle('aborted', signal.reason);
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
    this.pull();
    this.becomeDue('first');
  }

  private elapsed(): number {
    return this.clock.now() - this.origin;
  }

  /** Asks the source for the next attempt, without starting it. */
  private pull(): void {
    if (this.isSettled || this.next !== 'idle') return;
    let result: IteratorResult<Attempt<T>> | PromiseLike<IteratorResult<Attempt<T>>>;
    try {
      result = this.iterator.next();
    } catch (error) {
      this.settle('failed', error);
      return;
    }
    if (isPromiseLike(result)) {
      this.next = 'pending';
      result.then(
        (value) => this.receive(value, true),
        (error: unknown) => this.settle('failed', error),
      );
    } else {
      this.receive(result, false);
    }
  }

  private receive(result: IteratorResult<Attempt<T>>, wasPending: boolean): void {
    if (this.isSettled) return;
    if (result.done) {
      this.next = 'exhausted';
      this.clearTimer();
      this.failIfNothingLeft();
      return;
    }
    if (typeof result.value !== 'function') {
      this.settle('failed', new InvalidOptionError('attempts', result.value, 'an iterable of functions'));
      return;
    }
    this.next = result.value;
    // A start that was due while the source had nothing happens now, because of the arrival.
    if (wasPending && this.due !== null && this.due !== 'first') this.due = 'attempt-available';
    this.startIfDue();
  }

  /** A start is due (first attempt, timer, or the previous attempt failed). */
  private becomeDue(reason: StartReason): void {
    if (this.isSettled) return;
    this.clearTimer();
    this.due = reason;
    this.startIfDue();
  }

  private startIfDue(): void {
    if (this.due === null || typeof this.next !== 'function') return;
    const now = this.clock.now();
    const earliest = this.lastStartAt + this.minDelay;
    if (now < earliest) {
      // RFC 8305 §5: never within the minimum spacing of the previous start.
      if (this.timer === null) {
        // Only a second or later start can be held back, so the reason is never 'first'.
        const reason = this.due as Exclude<StartReason, 'first'>;
        this.timer = this.clock.setTimeout(this.onTimer, earliest - now);
        this.onEvent?.({ type: 'attempt-scheduled', at: this.elapsed(), index: this.records.length, dueAt: earliest - this.origin, reason });
      }
      return;
    }
    const attempt = this.next;
    const reason = this.due;
    this.due = null;
    this.next = 'idle';
    this.launch(attempt, reason);
    this.pull();
  }

  private launch(attempt: Attempt<T>, reason: StartReason): void {
    const index = this.records.length;
    const controller = new AbortController();
    const startedAt = this.clock.now();
    const record: AttemptRecord = {
      index,
      startedAt: startedAt - this.origin,
      startReason: reason,
      endedAt: null,
      outcome: 'running',
      error: undefined,
    };
    // Exact-size copies rather than `push`, which grows an array to 17 slots at its first element: a race
    // has a few attempts, and with thousands of races alive the spare slots are what the collector copies.
    this.records = this.records.concat(record);
    this.controllers = this.controllers.concat(controller);
    this.lastStartAt = startedAt;

    let outcome: PromiseLike<T>;
    try {
      outcome = Promise.resolve(attempt({ signal: controller.signal, index }));
    } catch (error) {
      outcome = Promise.reject(error);
    }
    this.onEvent?.({ type: 'attempt-started', at: record.startedAt, index, reason });
    outcome.then(
      (value) => this.succeed(record, value),
      (error: unknown) => this.fail(record, error),
    );
    if (this.isSettled) return;
    const dueAt = startedAt + Math.max(this.delay, this.minDelay);
    this.timer = this.clock.setTimeout(this.onTimer, dueAt - startedAt);
    this.onEvent?.({ type: 'attempt-scheduled', at: record.startedAt, index: index + 1, dueAt: dueAt - this.origin, reason: 'timer' });
  }

  private succeed(record: AttemptRecord, value: T): void {
    if (this.isSettled) {
      if (record.outcome === 'cancelled') {
        this.dispose?.(value, record.index);
        this.onEvent?.({ type: 'attempt-disposed', at: this.elapsed(), index: record.index });
      }
      return;
    }
    record.outcome = 'succeeded';
    record.endedAt = this.elapsed();
    this.onEvent?.({ type: 'attempt-succeeded', at: record.endedAt, index: record.index });
    this.settle('won', undefined, { value, index: record.index });
  }

  private fail(record: AttemptRecord, error: unknown): void {
    if (this.isSettled) return;
    record.outcome = 'failed';
    record.endedAt = this.elapsed();
    record.error = error;
    this.onEvent?.({ type: 'attempt-failed', at: record.endedAt, index: record.index, error });
    // Only the failure of the most recent attempt hurries the next one; an older attempt failing while
    // a newer one runs changes nothing (the newer one has its own delay to serve).
    if (record.index === this.records.length - 1) this.becomeDue('previous-failed');
    this.failIfNothingLeft();
  }

  private failIfNothingLeft(): void {
    if (this.isSettled || this.next !== 'exhausted') return;
    if (this.records.some((record) => record.outcome === 'running')) return;
    this.settle('failed', new AllAttemptsFailedError(this.records));
  }

  private settle(outcome: 'won' | 'failed' | 'aborted', error: unknown, won?: { value: T; index: number }): void {
    if (this.isSettled) return;
    this.isSettled = true;
    this.clearTimer();
    if (this.onAbort !== undefined) this.signal?.removeEventListener('abort', this.onAbort);
    const at = this.elapsed();
    const cancelReason = outcome === 'aborted' ? 'aborted' : 'lost';
    let abortReason: unknown;
    for (const record of this.records) {
      if (record.outcome !== 'running') continue;
      // Made only when a loser is still running (most races that fail have none).
      abortReason ??= outcome === 'aborted' ? error : abortError('another attempt won the race');
      record.outcome = 'cancelled';
      record.endedAt = at;
      this.onEvent?.({ type: 'attempt-cancelled', at, index: record.index, reason: cancelReason });
      this.controllers[record.index]?.abort(abortReason);
    }
    this.closeIterator();
    this.onEvent?.({ type: 'race-settled', at, outcome, winner: won?.index ?? null });
    if (won) this.resolve({ value: won.value, index: won.index, attempts: this.records });
    else this.reject(error);
  }

  private closeIterator(): void {
    if (this.next === 'exhausted') return;
    try {
      const closing = this.iterator.return?.();
      if (isPromiseLike(closing)) closing.then(undefined, () => {});
    } catch {
      // The race is over; a source that fails to close has nothing more to say to it.
    }
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

function openIterator<T>(source: AttemptSource<T>): Iterator<Attempt<T>> | AsyncIterator<Attempt<T>> {
  if (source !== null && typeof source === 'object') {
    const asyncFactory = (source as Partial<AsyncIterable<Attempt<T>>>)[Symbol.asyncIterator];
    if (typeof asyncFactory === 'function') return asyncFactory.call(source);
    const factory = (source as Partial<Iterable<Attempt<T>>>)[Symbol.iterator];
    if (typeof factory === 'function') return factory.call(source);
  }
  throw new InvalidOptionError('attempts', source, 'an iterable or async iterable of attempt functions');
}

function isPromiseLike<V>(value: unknown): value is PromiseLike<V> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<V>).then === 'function';
}
