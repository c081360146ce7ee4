/*
 * Property tests of the staggered race on virtual time. fast-check draws whole scenarios (up to 8
 * attempts that succeed, fail or hang after some ms; delay and minDelay; a synchronous source or an
 * async one that hands out attempts after virtual gaps; an outer abort at some instant), the engine runs
 * them on the FakeClock, and every run is compared with `expectRace`: a reference model written plainly
 * from the rules, which predicts the exact start times and reasons, how each attempt ends and when, and
 * how the race settles. A few invariants are also checked directly on what was observed, so that a
 * model and an engine wrong in the same way still get caught.
 *
 * The tie rule (what happens first when two things are due at the same virtual instant). The engine never
 * compares times: it acts on events in the order it sees them. FakeClock fires timers due at the same
 * instant in the order they were armed and lets every promise reaction run before the next timer, so:
 *   1. an attempt arms its outcome timer when it starts, and attempts start in index order, so of two
 *      successes at the same instant the lower index wins, and a failure at the instant of the winning
 *      success is seen first only when its attempt has a lower index than the winner;
 *   2. a success pre-empts a start due at the same instant: whatever makes the start due (the delay timer,
 *      the previous attempt's failure, a hold for minDelay, the source's gap timer) was armed after the
 *      successful attempt's own timer;
 *   3. the outer abort timer is armed before the race starts, so it pre-empts everything due at its
 *      instant, except what happens synchronously at time 0 (the first start from a sync source or an
 *      immediate async yield, and the end of an empty source that ends at once);
 *   4. when the previous attempt fails at the instant its delay runs out, the failure is seen first (its
 *      timer is older) and clears the delay timer: the reason is 'previous-failed';
 *   5. an async source's gap timer is armed when the engine asks (right after the previous start), after
 *      that start's own timers; an immediate yield arrives before any timer of the same instant.
 */
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AllAttemptsFailedError } from '../../src/errors/all-attempts-failed-error.js';
import type { RaceEvent } from '../../src/race/events.js';
import type { StartReason } from '../../src/base/attempt.js';
import { type Attempt, type AttemptSource, type RaceResult, staggeredRace } from '../../src/race/staggered-race.js';
import { capture, FakeClock } from '../helpers/fake-clock.js';
import { type FakeOutcome, fakeAttempts } from '../helpers/fake-attempts.js';

/** A failure prints fast-check's seed and path to replay it. */
const NUM_RUNS = 400;

/** What an attempt does once started (the `code` of a failure is not used here). */
type Outcome = FakeOutcome;

interface Step {
  readonly outcome: Outcome;
  /** Async source only: virtual ms between the engine asking for this attempt and getting it; null: at once. */
  readonly gap: number | null;
}

interface Scenario {
  readonly steps: readonly Step[];
  readonly delay: number;
  readonly minDelay: number;
  readonly source: 'sync' | 'async';
  /** Async source only: virtual ms between being asked after the last attempt and ending; null: at once. */
  readonly tail: number | null;
  readonly abortAt: number | undefined;
}

type Fate = 'succeeded' | 'failed' | 'cancelled' | 'running';

interface Expected {
  readonly starts: Array<{ index: number; at: number; reason: StartReason }>;
  readonly ends: Array<{ index: number; fate: Fate; at: number | null }>;
  readonly settle:
    | { outcome: 'won'; at: number; winner: number }
    | { outcome: 'failed' | 'aborted'; at: number }
    /** Nobody wins, fails or aborts: the race waits forever; `quietAt` is when the last timer fired. */
    | { outcome: 'pending'; quietAt: number };
}

const failsAfter = (outcome: Outcome): number | undefined => (typeof outcome === 'object' && 'fail' in outcome ? outcome.fail : undefined);
const succeedsAfter = (outcome: Outcome): number | undefined => (typeof outcome === 'object' && 'ok' in outcome ? outcome.ok : undefined);

/** The reference model: what the race must do, from the rules of RFC 8305 §5 and the tie rule above. */
function expectRace(scenario: Scenario): Expected {
  const { steps, delay, minDelay } = scenario;
  const isAsync = scenario.source === 'async';
  const step = Math.max(delay, minDelay);
  const abortAt = scenario.abortAt ?? Number.POSITIVE_INFINITY;
  const starts: Expected['starts'] = [];
  let firstSuccessAt = Number.POSITIVE_INFINITY;
  let winner = -1;

  for (const [index, { gap: drawnGap }] of steps.entries()) {
    const gap = isAsync ? drawnGap : null;
    const previous = starts[index - 1];
    // The engine asks the source for the next attempt right after each start (and at time 0).
    const askedAt = previous?.at ?? 0;
    const arrivesAt = askedAt + (gap ?? 0);
    let at: number;
    let reason: StartReason;
    if (previous === undefined) {
      at = arrivesAt;
      reason = 'first';
    } else {
      const before = failsAfter(steps[index - 1]!.outcome);
      const failedAt = before === undefined ? Number.POSITIVE_INFINITY : previous.at + before;
      // Due after the delay, or when the previous attempt fails if sooner; never within minDelay; and
      // only once there is an attempt to start.
      const dueAt = Math.min(failedAt, previous.at + step);
      at = Math.max(dueAt, previous.at + minDelay, arrivesAt);
      reason = reasonFor({ previousAt: previous.at, failedAt, timerAt: previous.at + step, arrivesAt, gap, isAsync, at });
    }
    const isImmediate = index === 0 && gap === null; // synchronous at time 0
    if (at >= firstSuccessAt) break; // tie rule 2
    if (at > abortAt || (at === abortAt && !isImmediate)) break; // tie rule 3
    starts.push({ index, at, reason });
    const ok = succeedsAfter(steps[index]!.outcome);
    if (ok !== undefined && at + ok < firstSuccessAt) {
      firstSuccessAt = at + ok; // tie rule 1: an equal later success does not replace it
      winner = index;
    }
  }

  const tail = isAsync ? scenario.tail : null;
  const askedLastAt = starts.at(-1)?.at ?? 0;
  const sourceEndsAt = askedLastAt + (tail ?? 0);
  const failureTimes = starts.flatMap(({ index, at }) => {
    const fail = failsAfter(steps[index]!.outcome);
    return fail === undefined ? [] : [at + fail];
  });
  // Waiting forever arms nothing: the clock stops at the last start, failure or the source's end.
  const quietAt = Math.max(0, askedLastAt, sourceEndsAt, ...failureTimes);
  let settle: Expected['settle'] = Number.isFinite(abortAt) ? { outcome: 'aborted', at: abortAt } : { outcome: 'pending', quietAt };
  if (winner >= 0 && firstSuccessAt < abortAt) {
    settle = { outcome: 'won', at: firstSuccessAt, winner };
  } else if (starts.length === steps.length && steps.every((s) => failsAfter(s.outcome) !== undefined)) {
    // Everything failed; the race fails when the last attempt has failed and the source has ended.
    const lastFailureAt = Math.max(...failureTimes);
    const at = Math.max(lastFailureAt, sourceEndsAt);
    const isImmediate = tail === null && sourceEndsAt > lastFailureAt && at === 0; // an empty source, at once
    if (at < abortAt || (at === abortAt && isImmediate)) settle = { outcome: 'failed', at };
  }

  const settledAt = settle.outcome === 'pending' ? Number.POSITIVE_INFINITY : settle.at;
  const ends = starts.map(({ index, at }): Expected['ends'][number] => {
    const outcome = steps[index]!.outcome;
    if (settle.outcome === 'won' && index === winner) return { index, fate: 'succeeded', at: settle.at };
    const fail = failsAfter(outcome);
    if (fail !== undefined) {
      const failedAt = at + fail;
      const seenBeforeSettle =
        failedAt < settledAt || (failedAt === settledAt && (settle.outcome === 'failed' || (settle.outcome === 'won' && index < winner)));
      if (seenBeforeSettle) return { index, fate: 'failed', at: failedAt };
    }
    return settle.outcome === 'pending' ? { index, fate: 'running', at: null } : { index, fate: 'cancelled', at: settledAt };
  });
  return { starts, ends, settle };
}

/**
 * Why the start was due: the last thing that made it due before it happened. The delay timer does not
 * fire when the failure came first (tie rule 4); an async arrival after the start was due makes it
 * 'attempt-available'; a sync source's attempts are always there, never "arriving".
 */
function reasonFor(input: {
  previousAt: number;
  failedAt: number;
  timerAt: number;
  arrivesAt: number;
  gap: number | null;
  isAsync: boolean;
  at: number;
}): StartReason {
  const happenings: Array<{ at: number; order: number; what: 'failure' | 'timer' | 'arrival' }> = [];
  if (Number.isFinite(input.failedAt)) happenings.push({ at: input.failedAt, order: 1, what: 'failure' });
  if (!(input.failedAt <= input.timerAt)) happenings.push({ at: input.timerAt, order: 2, what: 'timer' });
  if (input.isAsync) happenings.push({ at: input.arrivesAt, order: input.gap === null ? 0 : 3, what: 'arrival' });
  happenings.sort((a, b) => a.at - b.at || a.order - b.order);
  let reason: StartReason | null = null;
  for (const happening of happenings) {
    if (happening.at > input.at) break;
    if (happening.what === 'failure') reason = 'previous-failed';
    else if (happening.what === 'timer') reason = 'timer';
    else if (reason !== null) reason = 'attempt-available';
  }
  if (reason === null) throw new Error('model: a start with no reason');
  return reason;
}

/** An async source on the fake clock: hands out each attempt `gap` ms after being asked; `return()` cancels. */
function timedSource<T>(clock: FakeClock, attempts: ReadonlyArray<Attempt<T>>, gaps: ReadonlyArray<number | null>, tail: number | null) {
  let position = 0;
  let timer: unknown;
  let pending: ((result: IteratorResult<Attempt<T>>) => void) | undefined;
  const state = { closed: false, ended: false, arrivals: [] as number[] };
  const iterator: AsyncIterator<Attempt<T>> = {
    next() {
      const attempt = attempts[position];
      const gap = attempt === undefined ? tail : gaps[position]!;
      const deliver = (): IteratorResult<Attempt<T>> => {
        pending = undefined;
        if (attempt === undefined) {
          state.ended = true;
          return { done: true, value: undefined };
        }
        position++;
        state.arrivals.push(clock.now());
        return { done: false, value: attempt };
      };
      if (gap === null) return Promise.resolve(deliver());
      return new Promise((resolve) => {
        pending = resolve;
        timer = clock.setTimeout(() => resolve(deliver()), gap);
      });
    },
    return() {
      state.closed = true;
      clock.clearTimeout(timer);
      pending?.({ done: true, value: undefined });
      return Promise.resolve({ done: true, value: undefined });
    },
  };
  return { source: { [Symbol.asyncIterator]: () => iterator } satisfies AsyncIterable<Attempt<T>>, state };
}

interface Observed {
  readonly result: { ok: true; value: RaceResult<string> } | { ok: false; error: unknown } | undefined;
  readonly events: RaceEvent[];
  /** Snapshot taken when the engine reported 'race-settled'. */
  readonly atSettle:
    | {
        pendingTimers: number;
        openListeners: number;
        signalListeners: number;
        abortTimerPending: boolean;
        sourceClosed: boolean;
        sourceEnded: boolean;
      }
    | undefined;
  readonly starts: Record<string, number>;
  readonly aborts: Record<string, number>;
  readonly contexts: Array<{ label: number; index: number; signal: AbortSignal }>;
  readonly arrivals: number[];
  readonly abortReason: Error;
  /** Set when the race was still pending after the clock ran out and had to be aborted to end it. */
  readonly cleanup: { at: number; reason: Error; result: unknown } | undefined;
}

async function runRace(scenario: Scenario): Promise<Observed> {
  const clock = new FakeClock();
  const plan = scenario.steps.map(({ outcome }, index) => [`a${index}`, outcome] as const);
  const { attempts: fakes, log } = fakeAttempts(clock, plan);
  const contexts: Observed['contexts'] = [];
  const attempts = fakes.map(
    (fake, label): Attempt<string> =>
      (context) => {
        contexts.push({ label, index: context.index, signal: context.signal });
        return fake(context);
      },
  );
  const timed =
    scenario.source === 'async'
      ? timedSource(
          clock,
          attempts,
          scenario.steps.map((s) => s.gap),
          scenario.tail,
        )
      : undefined;
  const source: AttemptSource<string> = timed?.source ?? attempts;

  const controller = new AbortController();
  const abortReason = new Error('aborted by the caller');
  let abortTimerPending = false;
  if (scenario.abortAt !== undefined) {
    abortTimerPending = true;
    clock.setTimeout(() => {
      abortTimerPending = false;
      controller.abort(abortReason);
    }, scenario.abortAt);
  }
  const events: RaceEvent[] = [];
  let atSettle: Observed['atSettle'];
  const onEvent = (event: RaceEvent): void => {
    events.push(event);
    if (event.type !== 'race-settled' || atSettle !== undefined) return;
    atSettle = {
      pendingTimers: clock.pendingTimers,
      openListeners: log.openListeners(),
      signalListeners: getEventListeners(controller.signal, 'abort').length,
      abortTimerPending,
      sourceClosed: timed?.state.closed ?? false,
      sourceEnded: timed?.state.ended ?? false,
    };
  };
  const race = capture(staggeredRace(source, { delay: scenario.delay, minDelay: scenario.minDelay, signal: controller.signal, clock, onEvent }));
  await clock.run();
  const result = race.result();
  let cleanup: Observed['cleanup'];
  if (result === undefined) {
    const reason = new Error('cleanup');
    const at = clock.now();
    controller.abort(reason);
    await clock.run();
    cleanup = { at, reason, result: race.result() };
  }
  return {
    result,
    events,
    atSettle,
    starts: { ...log.starts },
    aborts: { ...log.aborts },
    contexts,
    arrivals: timed?.state.arrivals ?? [],
    abortReason,
    cleanup,
  };
}

function checkAgainstModel(scenario: Scenario, observed: Observed): void {
  const expected = expectRace(scenario);
  const { events } = observed;
  const label = (index: number): string => `a${index}`;

  // Starts: exact times and reasons, in index order, each attempt called with its own index.
  const started = events.flatMap((event) => (event.type === 'attempt-started' ? [{ index: event.index, at: event.at, reason: event.reason }] : []));
  expect(started).toEqual(expected.starts);
  expect(observed.contexts.map(({ label: position, index }) => [position, index])).toEqual(expected.starts.map(({ index }) => [index, index]));
  expect(observed.starts).toEqual(Object.fromEntries(expected.starts.map(({ index, at }) => [label(index), at])));

  // How each attempt ended, when; the ones cancelled had their signal aborted at that instant.
  const cleanupAt = observed.cleanup?.at;
  const ends = expected.ends.map((end) => (end.fate === 'running' ? { ...end, fate: 'cancelled' as const, at: cleanupAt ?? null } : end));
  const observedEnds = expected.starts.map(({ index }) => {
    const end = events.find(
      (event) =>
        (event.type === 'attempt-succeeded' || event.type === 'attempt-failed' || event.type === 'attempt-cancelled') && event.index === index,
    );
    const fate = end?.type === 'attempt-succeeded' ? 'succeeded' : end?.type === 'attempt-failed' ? 'failed' : end ? 'cancelled' : 'running';
    return { index, fate, at: end?.at ?? null };
  });
  expect(observedEnds).toEqual(ends);
  const cancelled = ends.filter((end) => end.fate === 'cancelled');
  expect(observed.aborts).toEqual(Object.fromEntries(cancelled.map(({ index, at }) => [label(index), at])));
  for (const { index, signal } of observed.contexts) {
    const isCancelled = cancelled.some((end) => end.index === index);
    expect(signal.aborted).toBe(isCancelled);
    if (!isCancelled) continue;
    if (expected.settle.outcome === 'won') expect(signal.reason).toMatchObject({ name: 'AbortError' });
    else if (expected.settle.outcome === 'aborted') expect(signal.reason).toBe(observed.abortReason);
    else expect(signal.reason).toBe(observed.cleanup?.reason);
  }

  // How the race settled: at most one winner, the right error, once.
  const settledEvents = events.filter((event) => event.type === 'race-settled');
  const successes = events.filter((event) => event.type === 'attempt-succeeded');
  const { settle } = expected;
  if (settle.outcome === 'pending') {
    expect(observed.result).toBeUndefined();
    expect(cleanupAt).toBe(settle.quietAt);
    expect(observed.cleanup?.result).toEqual({ ok: false, error: observed.cleanup?.reason });
    expect(settledEvents).toEqual([{ type: 'race-settled', at: cleanupAt, outcome: 'aborted', winner: null }]);
    expect(successes).toEqual([]);
    return;
  }
  expect(settledEvents).toEqual([
    { type: 'race-settled', at: settle.at, outcome: settle.outcome, winner: settle.outcome === 'won' ? settle.winner : null },
  ]);
  const records = expected.starts.map(({ index, at, reason }) => {
    const end = ends[index]!;
    return { index, startedAt: at, startReason: reason, endedAt: end.at, outcome: end.fate };
  });
  if (settle.outcome === 'won') {
    expect(successes).toEqual([{ type: 'attempt-succeeded', at: settle.at, index: settle.winner }]);
    expect(observed.result).toMatchObject({ ok: true, value: { value: label(settle.winner), index: settle.winner } });
    const result = observed.result as { value: RaceResult<string> };
    expect(result.value.attempts).toMatchObject(records);
    expectFrozen(result.value.attempts);
  } else {
    expect(successes).toEqual([]);
    expect(observed.result?.ok).toBe(false);
    const error = (observed.result as { error: unknown }).error;
    if (settle.outcome === 'aborted') {
      expect(error).toBe(observed.abortReason);
    } else {
      expect(error).toBeInstanceOf(AllAttemptsFailedError);
      const failure = error as AllAttemptsFailedError;
      expect(failure.errors.map((cause: Error) => cause.message)).toEqual(expected.starts.map(({ index }) => `${label(index)} failed`));
      expect(failure.attempts).toMatchObject(records);
      expectFrozen(failure.attempts);
    }
  }

  // Cleanup at the instant of settling: no engine or attempt timer left (only the caller's abort timer,
  // if it has yet to fire), no listener on any signal, and the source closed unless it had ended.
  expect(observed.atSettle).toEqual({
    pendingTimers: observed.atSettle?.abortTimerPending ? 1 : 0,
    openListeners: 0,
    signalListeners: 0,
    abortTimerPending: observed.atSettle?.abortTimerPending,
    sourceClosed: scenario.source === 'async' && !observed.atSettle?.sourceEnded,
    sourceEnded: observed.atSettle?.sourceEnded,
  });
}

function expectFrozen(records: RaceResult<string>['attempts']): void {
  expect(Object.isFrozen(records)).toBe(true);
  expect(records.filter((record) => !Object.isFrozen(record))).toEqual([]);
}

/** Invariants checked on the observations alone, without the model. */
function checkInvariants(scenario: Scenario, observed: Observed): void {
  const step = Math.max(scenario.delay, scenario.minDelay);
  const started = observed.events.filter((event) => event.type === 'attempt-started');
  started.forEach((event, position) => {
    expect(event.index).toBe(position);
    const previous = started[position - 1];
    if (previous === undefined) return;
    expect(event.at).toBeGreaterThanOrEqual(previous.at + scenario.minDelay);
    // Never later than the delay allows, unless the source had nothing to give until then.
    const arrivedAt = scenario.source === 'async' ? observed.arrivals[position]! : previous.at;
    expect(event.at).toBeLessThanOrEqual(Math.max(previous.at + step, arrivedAt));
  });
  // attempt-scheduled names only an attempt the source has given, and that attempt starts unless the race
  // is won or aborted first.
  const settled = observed.events.find((event) => event.type === 'race-settled');
  for (const event of observed.events) {
    if (event.type !== 'attempt-scheduled') continue;
    expect(event.index).toBeLessThan(scenario.steps.length);
    if (scenario.source === 'async') expect(observed.arrivals[event.index]).toBeLessThanOrEqual(event.at);
    if (!started.some(({ index }) => index === event.index)) expect(settled?.outcome).not.toBe('failed');
  }
  // The winner is the earliest success in virtual time among the attempts that started.
  if (observed.result?.ok) {
    const { index } = observed.result.value;
    const successAt = (position: number): number => started[position]!.at + succeedsAfter(scenario.steps[position]!.outcome)!;
    for (const other of started) {
      if (succeedsAfter(scenario.steps[other.index]!.outcome) === undefined) continue;
      expect(successAt(index)).toBeLessThanOrEqual(successAt(other.index));
    }
  }
}

// Durations: arbitrary ones, multiples of 50 and a few special values, so that ties are common.
const duration = (max: number, special: number[]) =>
  fc.oneof(
    fc.integer({ min: 0, max }),
    fc.integer({ min: 0, max: Math.floor(max / 50) }).map((fifties) => fifties * 50),
    fc.constantFrom(...special.filter((value) => value <= max)),
  );
const sometimes = <T, N>(arbitrary: fc.Arbitrary<T>, nil: N, weight: number) =>
  fc.oneof({ arbitrary, weight }, { arbitrary: fc.constant(nil), weight: 1 });
const stepArbitrary = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant('ok' as const), weight: 3 },
    { arbitrary: fc.constant('fail' as const), weight: 4 },
    { arbitrary: fc.constant('hang' as const), weight: 2 },
  ),
  after: duration(700, [0, 5, 10, 40, 250, 500]),
  gap: sometimes(duration(600, [0, 5, 10, 250, 500]), null, 2),
});
const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .record({
    steps: fc.array(stepArbitrary, { minLength: 0, maxLength: 8 }),
    // A quarter of the races have only failing attempts, to reach "all failed" with many attempts.
    onlyFailures: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
    delay: duration(500, [0, 10, 40, 250, 500]),
    minDelay: duration(50, [0, 5, 10, 40]),
    source: fc.constantFrom('sync' as const, 'async' as const),
    tail: sometimes(duration(600, [0, 5, 10, 250, 500]), null, 2),
    abortAt: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: duration(2000, [0, 10, 250, 500]), weight: 1 }),
  })
  .map(({ steps, onlyFailures, ...rest }) => ({
    ...rest,
    steps: steps.map(({ kind, after, gap }): Step => {
      const outcome: Outcome = onlyFailures || kind === 'fail' ? { fail: after } : kind === 'ok' ? { ok: after } : 'hang';
      return { outcome, gap };
    }),
  }));

/** Hand-written scenarios: attempts from a sync source unless gaps are given; 250/10 ms unless said. */
function scenarioOf(outcomes: Outcome[], options: Partial<Omit<Scenario, 'steps'>> & { gaps?: Array<number | null> } = {}): Scenario {
  const { gaps, ...rest } = options;
  return {
    steps: outcomes.map((outcome, index) => ({ outcome, gap: gaps?.[index] ?? null })),
    delay: 250,
    minDelay: 10,
    source: gaps === undefined ? 'sync' : 'async',
    tail: null,
    abortAt: undefined,
    ...rest,
  };
}

const startsAt = (...starts: Array<[at: number, reason: StartReason]>): Expected['starts'] =>
  starts.map(([at, reason], index) => ({ index, at, reason }));

describe('staggeredRace (properties)', () => {
  it('matches the reference model on random schedules, sources and aborts', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        const observed = await runRace(scenario);
        checkInvariants(scenario, observed);
        checkAgainstModel(scenario, observed);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  // Scenarios worked out by hand: the model must give the hand result (so a wrong model cannot agree with a
  // wrong engine), and the engine must then agree with the model in full.
  it.each<[string, Scenario, Pick<Expected, 'starts' | 'settle'>]>([
    [
      'fast failure held back by minDelay, then the delay from that start',
      scenarioOf([{ fail: 2 }, 'hang', { ok: 5 }], { delay: 100 }),
      { starts: startsAt([0, 'first'], [10, 'previous-failed'], [110, 'timer']), settle: { outcome: 'won', at: 115, winner: 2 } },
    ],
    [
      'a success at the instant the next start is due pre-empts that start',
      scenarioOf([{ ok: 250 }, { ok: 0 }]),
      { starts: startsAt([0, 'first']), settle: { outcome: 'won', at: 250, winner: 0 } },
    ],
    [
      'equal successes: the lower index wins',
      scenarioOf([{ ok: 300 }, { ok: 50 }, 'hang']),
      { starts: startsAt([0, 'first'], [250, 'timer']), settle: { outcome: 'won', at: 300, winner: 0 } },
    ],
    [
      'async arrival after the start was due, and the race waiting for the source to end',
      scenarioOf([{ fail: 5 }, { fail: 1 }], { gaps: [20, 300], tail: 100 }),
      { starts: startsAt([20, 'first'], [320, 'attempt-available']), settle: { outcome: 'failed', at: 420 } },
    ],
    [
      'an abort at 0 still lets a synchronous first start happen, and beats its 0 ms failure',
      scenarioOf([{ fail: 0 }, { ok: 1 }], { delay: 0, minDelay: 0, abortAt: 0 }),
      { starts: startsAt([0, 'first']), settle: { outcome: 'aborted', at: 0 } },
    ],
    [
      'the delay runs out at the instant the async source delivers: seen as a late arrival',
      scenarioOf(['hang', { ok: 10 }], { gaps: [null, 250] }),
      { starts: startsAt([0, 'first'], [250, 'attempt-available']), settle: { outcome: 'won', at: 260, winner: 1 } },
    ],
    [
      'a race that can only wait: nothing is armed after the last failure',
      scenarioOf([{ fail: 30 }, 'hang']),
      { starts: startsAt([0, 'first'], [30, 'previous-failed']), settle: { outcome: 'pending', quietAt: 30 } },
    ],
  ])('worked example: %s', async (_name, scenario, expected) => {
    expect(expectRace(scenario)).toMatchObject(expected);
    const observed = await runRace(scenario);
    checkInvariants(scenario, observed);
    checkAgainstModel(scenario, observed);
  });
});
