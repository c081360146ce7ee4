/*
 * When the attempt source throws (async_stagger's `aiter_exc`), the attempts it gave race on; no attempt
 * comes after. The source's error is reported: in the result when one of them wins (`sourceError`), in
 * AllAttemptsFailedError when none does (as `sourceError`, the last of `errors`, and the `cause`), and in
 * the events (`source-failed`).
 */
import { describe, expect, it } from 'vitest';
import { AllAttemptsFailedError } from '../../src/errors/all-attempts-failed-error.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import type { RaceEvent } from '../../src/race/events.js';
import { type Attempt, type AttemptSource, staggeredRace } from '../../src/race/staggered-race.js';
import { capture, FakeClock } from '../helpers/fake-clock.js';
import { type FakeOutcome, fakeAttempts } from '../helpers/fake-attempts.js';

const boom = new Error('source broke');

async function runScenario(
  makeSource: (attempts: Array<Attempt<string>>, clock: FakeClock) => AttemptSource<string>,
  plan: ReadonlyArray<readonly [string, FakeOutcome]>,
) {
  const clock = new FakeClock();
  const { attempts, log } = fakeAttempts(clock, plan);
  const events: RaceEvent[] = [];
  const race = capture(staggeredRace(makeSource(attempts, clock), { clock, onEvent: (event) => events.push(event) }));
  await clock.run();
  expect(clock.pendingTimers).toBe(0);
  return { outcome: race.result(), log, events, clock };
}

/** A sync source that gives its attempts, then throws. */
function* thenThrow(attempts: Array<Attempt<string>>) {
  yield* attempts;
  throw boom;
}

/** An async source that gives its attempts, then rejects `after` ms later. */
async function* thenRejectAfter(attempts: Array<Attempt<string>>, clock: FakeClock, after: number) {
  yield* attempts;
  await new Promise((resolve) => clock.setTimeout(() => resolve(undefined), after));
  throw boom;
}

describe('staggeredRace when the attempt source throws', () => {
  it('the started attempt races on and wins; the result carries the source error', async () => {
    const { outcome, log, events } = await runScenario(thenThrow, [['a', { ok: 100 }]]);
    expect(outcome).toMatchObject({ ok: true, value: { value: 'a', index: 0, sourceError: boom } });
    expect(log.starts).toEqual({ a: 0 });
    expect(log.aborts).toEqual({});
    expect(events).toEqual([
      { type: 'attempt-started', at: 0, index: 0, reason: 'first' },
      { type: 'source-failed', at: 0, error: boom },
      { type: 'attempt-succeeded', at: 100, index: 0 },
      { type: 'race-settled', at: 100, outcome: 'won', winner: 0 },
    ]);
  });

  it('an async source rejecting while attempts run: they go on, nothing starts after, the later one still wins', async () => {
    const { outcome, log, events } = await runScenario(
      (attempts, clock) => thenRejectAfter(attempts, clock, 300),
      [
        ['a', 'hang'],
        ['b', { ok: 400 }],
      ],
    );
    expect(log.starts).toEqual({ a: 0, b: 250 });
    expect(outcome).toMatchObject({ ok: true, value: { value: 'b', index: 1, sourceError: boom } });
    expect(events.filter((event) => event.type === 'source-failed')).toEqual([{ type: 'source-failed', at: 550, error: boom }]);
    expect(log.aborts).toEqual({ a: 650 });
  });

  it('nobody wins: AllAttemptsFailedError keeps the source error as a field, the last cause and the cause', async () => {
    const { outcome, clock } = await runScenario(thenThrow, [['a', { fail: 30, code: 'ECONNREFUSED' }]]);
    expect(outcome).toMatchObject({ ok: false });
    const error = (outcome as { error: AllAttemptsFailedError }).error;
    expect(error).toBeInstanceOf(AllAttemptsFailedError);
    expect(error.sourceError).toBe(boom);
    expect(error.cause).toBe(boom);
    expect(error.errors).toEqual([expect.objectContaining({ code: 'ECONNREFUSED' }), boom]);
    expect(error.attempts.map((record) => record.outcome)).toEqual(['failed']);
    expect(error.message).toBe('all 1 attempts failed (#0: a failed (ECONNREFUSED)); the attempt source failed: source broke');
    expect(clock.now()).toBe(30);
  });

  it('a source that throws before its first attempt: no attempt, and the error says why', async () => {
    const { outcome } = await runScenario(() => thenThrow([]), []);
    const error = (outcome as { error: AllAttemptsFailedError }).error;
    expect(error).toBeInstanceOf(AllAttemptsFailedError);
    expect(error.attempts).toEqual([]);
    expect(error.errors).toEqual([boom]);
    expect(error.message).toBe('no attempt was made: the attempt source failed: source broke');
  });

  it('a source that gives something other than a function: an InvalidOptionError as the source error, and it is closed', async () => {
    let isClosed = false;
    const { outcome } = await runScenario(
      (attempts) =>
        (function* () {
          try {
            yield attempts[0]!;
            yield 'not an attempt' as unknown as Attempt<string>;
          } finally {
            isClosed = true;
          }
        })(),
      [['a', { ok: 300 }]],
    );
    expect(outcome).toMatchObject({ ok: true, value: { value: 'a', sourceError: expect.any(InvalidOptionError) } });
    expect(isClosed).toBe(true);
  });

  it('a source that never threw: no sourceError in the result', async () => {
    const { outcome } = await runScenario((attempts) => attempts, [['a', { ok: 1 }]]);
    expect(outcome).toMatchObject({ ok: true });
    expect((outcome as { value: object }).value).not.toHaveProperty('sourceError');
  });
});
