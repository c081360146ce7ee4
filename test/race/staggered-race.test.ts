import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AllAttemptsFailedError } from '../../src/errors/all-attempts-failed-error.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import type { RaceEvent } from '../../src/race/events.js';
import { type Attempt, type RaceResult, staggeredRace } from '../../src/race/staggered-race.js';
import { capture, FakeClock } from '../helpers/fake-clock.js';
import { type FakeOutcome, fakeAttempts } from '../helpers/fake-attempts.js';

async function runScenario(plan: ReadonlyArray<readonly [string, FakeOutcome]>, options: { delay?: number; minDelay?: number } = {}) {
  const clock = new FakeClock();
  const { attempts, log } = fakeAttempts(clock, plan);
  const events: RaceEvent[] = [];
  const race = capture(staggeredRace(attempts, { ...options, clock, onEvent: (event) => events.push(event) }));
  await clock.run();
  return { outcome: race.result(), log, events, clock };
}

describe('staggeredRace', () => {
  it('quick success: the first attempt wins and nothing else starts', async () => {
    const { outcome, log, clock } = await runScenario([
      ['a', { ok: 30 }],
      ['b', { ok: 10 }],
    ]);
    expect(outcome).toMatchObject({ ok: true, value: { value: 'a', index: 0 } });
    expect(log.starts).toEqual({ a: 0 });
    expect(clock.now()).toBe(30);
    expect(clock.pendingTimers).toBe(0);
  });

  it('falls through hanging attempts every 250 ms and keeps earlier ones running', async () => {
    const { outcome, log } = await runScenario([
      ['a', 'hang'],
      ['b', 'hang'],
      ['c', { ok: 40 }],
    ]);
    expect(log.starts).toEqual({ a: 0, b: 250, c: 500 });
    expect(outcome).toMatchObject({ ok: true, value: { value: 'c', index: 2 } });
    // The losers were still running at 540 and were aborted then.
    expect(log.aborts).toEqual({ a: 540, b: 540 });
    expect(log.openListeners()).toBe(0);
  });

  it('a slow earlier attempt still wins when it answers before a later one (no per-attempt kill)', async () => {
    const { outcome, log } = await runScenario([
      ['a', { ok: 600 }],
      ['b', 'hang'],
      ['c', 'hang'],
    ]);
    expect(outcome).toMatchObject({ ok: true, value: { value: 'a' } });
    expect(log.starts).toEqual({ a: 0, b: 250, c: 500 });
    expect(log.aborts).toEqual({ b: 600, c: 600 });
  });

  it('a failure starts the next attempt at once, and the delay counts from that start', async () => {
    const { log, events } = await runScenario([
      ['a', { fail: 30 }],
      ['b', 'hang'],
      ['c', { ok: 5 }],
    ]);
    expect(log.starts).toEqual({ a: 0, b: 30, c: 280 });
    const starts = events.filter((event) => event.type === 'attempt-started');
    expect(starts.map((event) => event.reason)).toEqual(['first', 'previous-failed', 'timer']);
  });

  it('never starts an attempt within minDelay of the previous start, even after a fast failure', async () => {
    const { log, events } = await runScenario([
      ['a', { fail: 2 }],
      ['b', { fail: 1 }],
      ['c', { ok: 5 }],
    ]);
    expect(log.starts).toEqual({ a: 0, b: 10, c: 20 });
    expect(events).toContainEqual({ type: 'attempt-scheduled', at: 2, index: 1, dueAt: 10, reason: 'previous-failed' });
  });

  it('honours a custom delay and minDelay', async () => {
    const { log } = await runScenario(
      [
        ['a', 'hang'],
        ['b', { fail: 0 }],
        ['c', { ok: 1 }],
      ],
      { delay: 100, minDelay: 40 },
    );
    expect(log.starts).toEqual({ a: 0, b: 100, c: 140 });
  });

  it('an older attempt failing while a newer one runs does not hurry the next start', async () => {
    const { log } = await runScenario([
      ['a', { fail: 300 }],
      ['b', 'hang'],
      ['c', { ok: 1 }],
    ]);
    expect(log.starts).toEqual({ a: 0, b: 250, c: 500 });
  });

  it('all fail: one AllAttemptsFailedError with every error in start order and a readable message', async () => {
    const { outcome, clock } = await runScenario([
      ['a', { fail: 20, code: 'ECONNREFUSED' }],
      ['b', { fail: 20, code: 'ENETUNREACH' }],
    ]);
    expect(outcome?.ok).toBe(false);
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(AllAttemptsFailedError);
    expect(error).toBeInstanceOf(AggregateError);
    const failure = error as AllAttemptsFailedError;
    expect(failure.code).toBe('EYEBALL_ALL_ATTEMPTS_FAILED');
    expect(failure.errors.map((cause: { code: string }) => cause.code)).toEqual(['ECONNREFUSED', 'ENETUNREACH']);
    expect(failure.attempts.map(({ startedAt, endedAt, outcome }) => [startedAt, endedAt, outcome])).toEqual([
      [0, 20, 'failed'],
      [20, 40, 'failed'],
    ]);
    expect(failure.message).toBe('all 2 attempts failed (#0: a failed (ECONNREFUSED); #1: b failed (ENETUNREACH))');
    expect(clock.now()).toBe(40);
  });

  it('an empty source fails at once with no attempts', async () => {
    const { outcome } = await runScenario([]);
    expect(outcome).toMatchObject({ ok: false });
    const error = (outcome as { error: AllAttemptsFailedError }).error;
    expect(error.attempts).toEqual([]);
    expect(error.message).toMatch(/no attempt was made/);
  });

  it('an outer abort cancels every running attempt and rejects with the reason, unchanged', async () => {
    const clock = new FakeClock();
    const { attempts, log } = fakeAttempts(clock, [
      ['a', 'hang'],
      ['b', 'hang'],
      ['c', 'hang'],
    ]);
    const controller = new AbortController();
    const reason = new Error('user gave up');
    const race = capture(staggeredRace(attempts, { clock, signal: controller.signal }));
    clock.setTimeout(() => controller.abort(reason), 300);
    await clock.run();
    expect(race.result()).toEqual({ ok: false, error: reason });
    expect(log.starts).toEqual({ a: 0, b: 250 });
    expect(log.aborts).toEqual({ a: 300, b: 300 });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(log.openListeners()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects at once when the signal is already aborted, without calling any attempt', async () => {
    let called = false;
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(
      staggeredRace(
        [
          () => {
            called = true;
            return 1;
          },
        ],
        { signal: controller.signal },
      ),
    ).rejects.toThrow('too late');
    expect(called).toBe(false);
  });

  it('removes its abort listener after winning', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const { attempts } = fakeAttempts(clock, [['a', { ok: 1 }]]);
    const race = capture(staggeredRace(attempts, { clock, signal: controller.signal }));
    await clock.run();
    expect(race.result()?.ok).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('disposes a value that arrives after the attempt lost: exactly one winner', async () => {
    const clock = new FakeClock();
    const disposed: Array<[string, number]> = [];
    const late: Attempt<string> = () => new Promise((resolve) => clock.setTimeout(() => resolve('late'), 400));
    const quick: Attempt<string> = () => new Promise((resolve) => clock.setTimeout(() => resolve('quick'), 10));
    const events: RaceEvent[] = [];
    const race = capture(
      staggeredRace([late, quick], { clock, dispose: (value, index) => disposed.push([value, index]), onEvent: (event) => events.push(event) }),
    );
    await clock.run();
    expect(race.result()).toMatchObject({ ok: true, value: { value: 'quick', index: 1 } });
    expect(disposed).toEqual([['late', 0]]);
    expect(events.filter((event) => event.type === 'attempt-disposed')).toEqual([{ type: 'attempt-disposed', at: 400, index: 0 }]);
  });

  it('takes attempts from an async source as they arrive ("attempt-available")', async () => {
    const clock = new FakeClock();
    const { attempts, log } = fakeAttempts(clock, [
      ['a', 'hang'],
      ['b', { ok: 20 }],
    ]);
    async function* source() {
      yield attempts[0]!;
      await new Promise((resolve) => clock.setTimeout(() => resolve(undefined), 400));
      yield attempts[1]!;
    }
    const events: RaceEvent[] = [];
    const race = capture(staggeredRace(source(), { clock, onEvent: (event) => events.push(event) }));
    await clock.run();
    expect(log.starts).toEqual({ a: 0, b: 400 });
    expect(race.result()).toMatchObject({ ok: true, value: { value: 'b', index: 1 } });
    expect(events.filter((event) => event.type === 'attempt-started').map((event) => event.reason)).toEqual(['first', 'attempt-available']);
  });

  it('does not give up while the source may still deliver: waits after every attempt failed', async () => {
    const clock = new FakeClock();
    const { attempts, log } = fakeAttempts(clock, [
      ['a', { fail: 5 }],
      ['b', { ok: 20 }],
    ]);
    async function* source() {
      yield attempts[0]!;
      await new Promise((resolve) => clock.setTimeout(() => resolve(undefined), 100));
      yield attempts[1]!;
    }
    const race = capture(staggeredRace(source(), { clock }));
    await clock.run();
    expect(log.starts).toEqual({ a: 0, b: 100 });
    expect(race.result()).toMatchObject({ ok: true, value: { value: 'b' } });
  });

  it('reports every step with times: scheduled (only while a next attempt exists), started, failed, succeeded, cancelled, settled', async () => {
    const { events } = await runScenario([
      ['a', 'hang'],
      ['b', { fail: 10 }],
      ['c', { ok: 15 }],
    ]);
    expect(events).toEqual([
      { type: 'attempt-started', at: 0, index: 0, reason: 'first' },
      { type: 'attempt-scheduled', at: 0, index: 1, dueAt: 250, reason: 'timer' },
      { type: 'attempt-started', at: 250, index: 1, reason: 'timer' },
      { type: 'attempt-scheduled', at: 250, index: 2, dueAt: 500, reason: 'timer' },
      { type: 'attempt-failed', at: 260, index: 1, error: expect.any(Error) },
      { type: 'attempt-started', at: 260, index: 2, reason: 'previous-failed' },
      { type: 'attempt-succeeded', at: 275, index: 2 },
      { type: 'attempt-cancelled', at: 275, index: 0, reason: 'lost' },
      { type: 'race-settled', at: 275, outcome: 'won', winner: 2 },
    ]);
  });

  it('counts times from a given origin', async () => {
    const clock = new FakeClock();
    clock.setTimeout(() => {}, 100);
    await clock.run();
    const result = capture(staggeredRace([() => 'x'], { clock, origin: 40 }));
    await clock.run();
    expect(result.result()).toMatchObject({ ok: true, value: { attempts: [{ startedAt: 60, endedAt: 60 }] } });
  });

  it.each([
    ['delay', { delay: -1 }],
    ['delay', { delay: Number.NaN }],
    ['minDelay', { minDelay: -5 }],
    // Beyond what a Node timer holds (2^31 - 1 ms): Node would fire it after 1 ms, with a warning.
    ['delay', { delay: 1e12 }],
    ['delay', { delay: 2 ** 31 }],
    ['minDelay', { minDelay: 1e12 }],
    ['signal', { signal: {} as AbortSignal }],
    ['onEvent', { onEvent: 'log' as never }],
    ['dispose', { dispose: 5 as never }],
  ])('rejects a bad %s option with a message naming it', async (name, options) => {
    const failure = staggeredRace([() => 1], options);
    await expect(failure).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(failure).rejects.toThrow(`\`${name}\``);
  });

  it('takes the longest delay a timer holds, 2^31 - 1 ms, and waits all of it', async () => {
    const { log } = await runScenario(
      [
        ['a', 'hang'],
        ['b', { ok: 1 }],
      ],
      { delay: 2 ** 31 - 1 },
    );
    expect(log.starts).toEqual({ a: 0, b: 2 ** 31 - 1 });
  });

  it('emits no attempt-scheduled when the source has nothing after the attempt just started', async () => {
    const { events } = await runScenario([['a', { fail: 300 }]]);
    expect(events.map((event) => event.type)).toEqual(['attempt-started', 'attempt-failed', 'race-settled']);
  });

  it('an attempt that arrives while the delay runs is scheduled on arrival, for the delay it has left', async () => {
    const clock = new FakeClock();
    const { attempts, log } = fakeAttempts(clock, [
      ['a', 'hang'],
      ['b', { ok: 20 }],
    ]);
    async function* source() {
      yield attempts[0]!;
      await new Promise((resolve) => clock.setTimeout(() => resolve(undefined), 100));
      yield attempts[1]!;
    }
    const events: RaceEvent[] = [];
    const race = capture(staggeredRace(source(), { clock, onEvent: (event) => events.push(event) }));
    await clock.run();
    expect(race.result()).toMatchObject({ ok: true, value: { index: 1 } });
    expect(log.starts).toEqual({ a: 0, b: 250 });
    expect(events.filter((event) => event.type === 'attempt-scheduled')).toEqual([
      { type: 'attempt-scheduled', at: 100, index: 1, dueAt: 250, reason: 'timer' },
    ]);
  });

  it('hands out frozen records: in the result, and in AllAttemptsFailedError', async () => {
    const won = await runScenario([
      ['a', { fail: 5 }],
      ['b', { ok: 5 }],
      ['c', 'hang'],
    ]);
    const { attempts } = (won.outcome as { value: RaceResult<string> }).value;
    expect(attempts.map((record) => record.outcome)).toEqual(['failed', 'succeeded']);
    expect(Object.isFrozen(attempts)).toBe(true);
    expect(attempts.every((record) => Object.isFrozen(record))).toBe(true);
    const failed = await runScenario([['a', { fail: 5 }]]);
    const error = (failed.outcome as { error: AllAttemptsFailedError }).error;
    expect(Object.isFrozen(error.attempts)).toBe(true);
    expect(Object.isFrozen(error.attempts[0])).toBe(true);
  });

  it('rejects a source that is not iterable', async () => {
    await expect(staggeredRace(42 as never)).rejects.toThrow(/`attempts`/);
  });
});
