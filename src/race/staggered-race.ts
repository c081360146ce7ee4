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
 * exhausted and every attempt has failed. A source that throws is exhausted too: the attempts it gave
 * race on, and its error is reported beside the outcome (async_stagger's `aiter_exc`).
 *
 * Time comes from an injectable clock, so tests run on virtual time. The race always settles, whatever the
 * caller's callbacks do: a callback that throws before the race is decided rejects it (every attempt
 * aborted, a winner disposed), one that throws afterwards is a warning. Deliberately out of scope:
 * per-attempt timeouts (the caller's function decides) and RFC 8305 §4's RTT history: the delay is fixed.
 *
 * Design kin: Python's asyncio.staggered.staggered_race and async_stagger, trio's open_tcp_stream, and
 * Go's dialParallel.
 */
import { AllAttemptsFailedError } from '../errors/all-attempts-failed-error.js';
import { CallbackError } from '../errors/callback-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { MAX_TIMER_MS, checkCallback, checkDuration, checkSignal } from '../util/validate.js';
import { type Clock, systemClock } from './clock.js';
import type { RaceEvent } from './events.js';
import type { AttemptRecord, StartReason } from '../base/attempt.js';

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
  /** Milliseconds from one start to the next while the earlier attempt runs; at most 2^31 - 1. @default 250 */
  delay?: number;
  /** The least milliseconds between two starts, even after a fast failure; at most 2^31 - 1. @default 10 */
  minDelay?: number;
  /** Aborts the race: every running attempt is aborted and the race rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Receives every step of the race. A throw rejects the undecided race with a `CallbackError`, later is a warning. */
  onEvent?: (event: RaceEvent) => void;
  /** Where time comes from. @default the monotonic `performance.now()` and the global timers */
  clock?: Clock;
  /** The clock reading that counts as time 0 in events and records. @default the reading at the call */
  origin?: number;
  /** Receives the value of an attempt that succeeded after the race was decided (a late socket to destroy); a throw is a warning. */
  dispose?: (value: T, index: number) => void;
}

export interface RaceResult<T> {
  readonly value: T;
  readonly index: number;
  /** Every attempt that started, in start order; the losers still running at the end are `cancelled`. */
  readonly attempts: readonly AttemptRecord[];
  /** Present when the attempt source threw before the race was won: what it threw. */
  readonly sourceError?: unknown;
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
  // A throw in the constructor (a bad option, an aborted signal) becomes a rejection, never a synchronous throw.
  return new Promise<RaceResult<T>>((resolve, reject) => {
    new Race<T>(attempts, options, resolve, reject).start();
  });
}

/** How the race ended; a winner is in `Race.winner`. */
type Ending = { outcome: 'won' } | { outcome: 'failed' | 'aborted'; error: unknown };

/**
 * One race. Its methods follow the flow: `start`; `askSource` and `receive` take the next attempt from the
 * source; `becomeDue` and `startIfDue` decide when it starts; `launch` starts it; `succeed` and `fail` take
 * its outcome; `settle` ends the race once, aborts what still runs and delivers the result.
 */
class Race<T> {
  private readonly delay: number;
  private readonly minDelay: number;
  private readonly signal: AbortSignal | undefined;
  private readonly onEvent: ((event: RaceEvent) => void) | undefined;
  private readonly dispose: ((value: T, index: number) => void) | undefined;
  private readonly clock: Clock;
  private readonly origin: number;
  private readonly iterator: Iterator<Attempt<T>> | AsyncIterator<Attempt<T>>;

  private readonly records: AttemptRecord[] = [];
  private readonly controllers: AbortController[] = [];
  /** The attempt the source gave and the race has not started yet. */
  private nextAttempt: Attempt<T> | undefined;
  private isAskingSource = false;
  private isSourceDone = false;
  /** Set when the source threw (or gave something that is not an attempt). */
  private sourceFailure: { readonly error: unknown } | undefined;
  /** Set when a start is due; why it is due. */
  private due: StartReason | null = null;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  /** The one armed timer: the delay after a start (nothing due yet), or a due start held to `minDelay`. */
  private timer: unknown = null;
  private timerDueAt = 0;
  private winner: { readonly value: T; readonly index: number } | undefined;
  private callbackFailure: CallbackError | undefined;
  private isSettled = false;
  /** The race's promise is settled: from here on a callback's error can only be a warning. */
  private isDelivered = false;
  private readonly onAbort = (): void => this.settle({ outcome: 'aborted', error: this.signal?.reason });

  constructor(
    attempts: AttemptSource<T>,
    options: StaggeredRaceOptions<T>,
    private readonly resolve: (result: RaceResult<T>) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.delay = checkDuration('delay', options.delay ?? DEFAULT_ATTEMPT_DELAY_MS, 0, MAX_TIMER_MS);
    this.minDelay = checkDuration('minDelay', options.minDelay ?? MIN_ATTEMPT_SPACING_MS, 0, MAX_TIMER_MS);
    this.signal = checkSignal('signal', options.signal);
    this.onEvent = checkCallback('onEvent', options.onEvent);
    this.dispose = checkCallback('dispose', options.dispose);
    this.iterator = openIterator(attempts);
    this.signal?.throwIfAborted();
    this.clock = options.clock ?? systemClock;
    this.origin = options.origin ?? this.clock.now();
  }

  start(): void {
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.askSource();
    this.becomeDue('first');
  }

  private askSource(): void {
    if (this.isSettled || this.isSourceDone || this.isAskingSource || this.nextAttempt !== undefined) return;
    let result: IteratorResult<Attempt<T>> | PromiseLike<IteratorResult<Attempt<T>>>;
    try {
      result = this.iterator.next();
    } catch (error) {
      this.sourceFailed(error);
      return;
    }
    if (!isPromiseLike(result)) {
      this.receive(result, false);
      return;
    }
    this.isAskingSource = true;
    result.then(
      (value) => {
        this.isAskingSource = false;
        this.receive(value, true);
      },
      (error: unknown) => {
        this.isAskingSource = false;
        this.sourceFailed(error);
      },
    );
  }

  private receive(result: IteratorResult<Attempt<T>>, isLate: boolean): void {
    if (this.isSettled) return;
    if (result === null || typeof result !== 'object') {
      this.sourceFailed(new TypeError(`the attempt source gave ${String(result)}, not an iterator result`));
      return;
    }
    if (result.done) {
      this.isSourceDone = true;
      this.clearTimer();
      this.failIfNothingLeft();
      return;
    }
    if (typeof result.value !== 'function') {
      this.closeSource();
      this.sourceFailed(new InvalidOptionError('attempts', result.value, 'an iterable of functions'));
      return;
    }
    this.nextAttempt = result.value;
    if (this.due === null) {
      // The delay timer runs: now that there is an attempt to start, say when.
      if (this.timer !== null)
        this.emit({
          type: 'attempt-scheduled',
          at: this.elapsed(),
          index: this.records.length,
          dueAt: this.timerDueAt - this.origin,
          reason: 'timer',
        });
      return;
    }
    // A start that was due while the source had nothing happens now, because of the arrival.
    if (isLate && this.due !== 'first') this.due = 'attempt-available';
    this.startIfDue();
  }

  private sourceFailed(error: unknown): void {
    if (this.isSettled) return;
    this.isSourceDone = true;
    this.sourceFailure = { error };
    this.clearTimer();
    this.emit({ type: 'source-failed', at: this.elapsed(), error });
    this.failIfNothingLeft();
  }

  private becomeDue(reason: StartReason): void {
    if (this.isSettled) return;
    this.clearTimer();
    this.due = reason;
    this.startIfDue();
  }

  private onTimer(): void {
    this.timer = null;
    if (this.due === null) this.becomeDue('timer');
    else this.startIfDue();
  }

  private startIfDue(): void {
    if (this.isSettled || this.due === null || this.nextAttempt === undefined) return;
    const earliest = this.lastStartAt + this.minDelay;
    if (this.clock.now() < earliest) {
      // RFC 8305 §5: never within the minimum spacing of the previous start.
      if (this.timer !== null) return;
      // Only a second or later start can be held back, so the reason is never 'first'.
      const reason = this.due as Exclude<StartReason, 'first'>;
      this.armTimer(earliest);
      this.emit({ type: 'attempt-scheduled', at: this.elapsed(), index: this.records.length, dueAt: earliest - this.origin, reason });
      return;
    }
    const attempt = this.nextAttempt;
    const reason = this.due;
    this.nextAttempt = undefined;
    this.due = null;
    this.launch(attempt, reason);
    this.askSource();
  }

  private launch(attempt: Attempt<T>, reason: StartReason): void {
    const index = this.records.length;
    const controller = new AbortController();
    const startedAt = this.clock.now();
    this.records.push(
      Object.freeze({ index, startedAt: startedAt - this.origin, startReason: reason, endedAt: null, outcome: 'running', error: undefined }),
    );
    this.controllers.push(controller);
    this.lastStartAt = startedAt;

    let outcome: PromiseLike<T>;
    try {
      outcome = Promise.resolve(attempt({ signal: controller.signal, index }));
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome.then(
      (value) => this.succeed(index, value),
      (error: unknown) => this.fail(index, error),
    );
    this.emit({ type: 'attempt-started', at: startedAt - this.origin, index, reason });
    if (!this.isSettled) this.armTimer(startedAt + Math.max(this.delay, this.minDelay));
  }

  private succeed(index: number, value: T): void {
    // After the race was decided, every value is a loser's.
    if (this.isSettled) {
      this.disposeValue(value, index);
      return;
    }
    this.endRecord(index, 'succeeded', undefined);
    this.winner = { value, index };
    this.emit({ type: 'attempt-succeeded', at: this.elapsed(), index });
    this.settle({ outcome: 'won' });
  }

  private fail(index: number, error: unknown): void {
    if (this.isSettled) return;
    this.endRecord(index, 'failed', error);
    this.emit({ type: 'attempt-failed', at: this.elapsed(), index, error });
    // Only the failure of the most recent attempt hurries the next one; an older attempt failing while
    // a newer one runs changes nothing (the newer one has its own delay to serve).
    if (index === this.records.length - 1) this.becomeDue('previous-failed');
    this.failIfNothingLeft();
  }

  private failIfNothingLeft(): void {
    if (this.isSettled || !this.isSourceDone) return;
    if (this.records.some((record) => record.outcome === 'running')) return;
    this.settle({ outcome: 'failed', error: new AllAttemptsFailedError(Object.freeze([...this.records]), this.sourceFailure) });
  }

  private settle(ending: Ending): void {
    if (this.isSettled) return;
    this.isSettled = true;
    this.clearTimer();
    this.signal?.removeEventListener('abort', this.onAbort);
    this.cancelRunning(ending);
    this.closeSource();
    const winner = ending.outcome === 'won' ? (this.winner?.index ?? null) : null;
    this.emit({ type: 'race-settled', at: this.elapsed(), outcome: ending.outcome, winner });
    // The race is not delivered as won (a callback threw, or the caller aborted while the winner was being
    // announced): roll back, the winner's value included.
    const isRolledBack = this.callbackFailure !== undefined || ending.outcome !== 'won';
    if (isRolledBack && this.winner !== undefined) this.disposeValue(this.winner.value, this.winner.index);
    this.isDelivered = true;
    if (this.callbackFailure !== undefined) this.reject(this.callbackFailure);
    else if (ending.outcome !== 'won') this.reject(ending.error);
    else if (this.winner !== undefined) {
      const result = { ...this.winner, attempts: Object.freeze([...this.records]) };
      this.resolve(this.sourceFailure === undefined ? result : { ...result, sourceError: this.sourceFailure.error });
    }
  }

  private cancelRunning(ending: Ending): void {
    const reason = ending.outcome === 'won' ? 'lost' : 'aborted';
    const abortReason = ending.outcome === 'won' ? new DOMException('another attempt won the race', 'AbortError') : ending.error;
    for (const record of this.records) {
      if (record.outcome !== 'running') continue;
      this.endRecord(record.index, 'cancelled', undefined);
      this.emit({ type: 'attempt-cancelled', at: this.elapsed(), index: record.index, reason });
      this.controllers[record.index]?.abort(abortReason);
    }
  }

  private endRecord(index: number, outcome: 'succeeded' | 'failed' | 'cancelled', error: unknown): void {
    const record = this.records[index];
    if (record !== undefined) this.records[index] = Object.freeze({ ...record, outcome, endedAt: this.elapsed(), error });
  }

  private disposeValue(value: T, index: number): void {
    try {
      this.dispose?.(value, index);
    } catch (error) {
      this.callbackFailed('dispose', error);
    }
    this.emit({ type: 'attempt-disposed', at: this.elapsed(), index });
  }

  private emit(event: RaceEvent): void {
    try {
      this.onEvent?.(event);
    } catch (error) {
      this.callbackFailed('onEvent', error);
    }
  }

  /** The first callback error before the promise settled rejects it; any later one is only a warning, never uncaught. */
  private callbackFailed(callback: 'onEvent' | 'dispose', error: unknown): void {
    const failure = new CallbackError(callback, error);
    if (this.isDelivered || this.callbackFailure !== undefined) {
      process.emitWarning(failure);
      return;
    }
    this.callbackFailure = failure;
    this.settle({ outcome: 'failed', error: failure });
  }

  private closeSource(): void {
    if (this.isSourceDone) return;
    this.isSourceDone = true;
    try {
      const closing = this.iterator.return?.();
      if (isPromiseLike(closing)) closing.then(undefined, () => {});
    } catch {
      // The race no longer needs the source; a source that fails to close has nothing more to say to it.
    }
  }

  private armTimer(dueAt: number): void {
    this.timerDueAt = dueAt;
    this.timer = this.clock.setTimeout(() => this.onTimer(), dueAt - this.clock.now());
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private elapsed(): number {
    return this.clock.now() - this.origin;
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
