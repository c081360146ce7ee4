/*
 * The caller's callbacks cannot hang the race or crash the process. One policy for both: a callback that
 * throws before the race's promise settles rejects it with a CallbackError (cause: what it threw), after
 * every running attempt is aborted and a winner's value is disposed; one that throws after that cannot
 * change the outcome and is emitted as a process warning (a CallbackError too), never an unhandled rejection.
 */
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallbackError } from '../../src/errors/callback-error.js';
import type { RaceEvent } from '../../src/race/events.js';
import { type Attempt, type StaggeredRaceOptions, staggeredRace } from '../../src/race/staggered-race.js';
import { capture, FakeClock } from '../helpers/fake-clock.js';
import { type FakeOutcome, fakeAttempts } from '../helpers/fake-attempts.js';

let warnings: Error[] = [];
let unhandled: unknown[] = [];
const onWarning = (warning: Error): void => {
  warnings.push(warning);
};
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  warnings = [];
  unhandled = [];
  process.on('warning', onWarning);
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('warning', onWarning);
  process.off('unhandledRejection', onUnhandled);
});

const boom = new Error('callback broke');

/** An onEvent that records every event and throws on the first of `type`. */
function throwingOn(type: RaceEvent['type'], events: RaceEvent[]): (event: RaceEvent) => void {
  let hasThrown = false;
  return (event) => {
    events.push(event);
    if (event.type === type && !hasThrown) {
      hasThrown = true;
      throw boom;
    }
  };
}

async function runScenario(plan: ReadonlyArray<readonly [string, FakeOutcome]>, options: Omit<StaggeredRaceOptions<string>, 'clock'>) {
  const clock = new FakeClock();
  const { attempts, log } = fakeAttempts(clock, plan);
  const controller = new AbortController();
  const race = capture(staggeredRace(attempts, { ...options, clock, signal: controller.signal }));
  await clock.run();
  // Warnings are emitted on the next tick; let them arrive.
  await new Promise((resolve) => setImmediate(resolve));
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  expect(clock.pendingTimers).toBe(0);
  expect(log.openListeners()).toBe(0);
  expect(unhandled).toEqual([]);
  return { outcome: race.result(), log };
}

function expectCallbackError(outcome: unknown, callback: string): CallbackError {
  expect(outcome).toMatchObject({ ok: false });
  const error = (outcome as { error: unknown }).error;
  expect(error).toBeInstanceOf(CallbackError);
  expect(error).toMatchObject({ code: 'EYEBALL_CALLBACK_FAILED', callback, cause: boom, message: `\`${callback}\` threw: callback broke` });
  return error as CallbackError;
}

describe('staggeredRace with callbacks that throw', () => {
  it('onEvent throwing on attempt-started while the attempt hangs: the race rejects then, and the attempt is aborted', async () => {
    const events: RaceEvent[] = [];
    const { outcome, log } = await runScenario(
      [
        ['a', 'hang'],
        ['b', 'hang'],
      ],
      { onEvent: throwingOn('attempt-started', events) },
    );
    expectCallbackError(outcome, 'onEvent');
    expect(log.starts).toEqual({ a: 0 });
    expect(log.aborts).toEqual({ a: 0 });
    expect(events.at(-1)).toEqual({ type: 'race-settled', at: 0, outcome: 'failed', winner: null });
    expect(warnings).toEqual([]);
  });

  it('onEvent throwing on attempt-succeeded: the race rejects, the winner is disposed, the losers aborted', async () => {
    const events: RaceEvent[] = [];
    const disposed: Array<[string, number]> = [];
    const { outcome, log } = await runScenario(
      [
        ['a', 'hang'],
        ['b', { ok: 30 }],
      ],
      {
        onEvent: throwingOn('attempt-succeeded', events),
        dispose: (value, index) => disposed.push([value, index]),
      },
    );
    expectCallbackError(outcome, 'onEvent');
    expect(disposed).toEqual([['b', 1]]);
    expect(log.aborts).toEqual({ a: 280 });
    expect(events.slice(-4)).toEqual([
      { type: 'attempt-succeeded', at: 280, index: 1 },
      { type: 'attempt-cancelled', at: 280, index: 0, reason: 'aborted' },
      { type: 'race-settled', at: 280, outcome: 'failed', winner: null },
      { type: 'attempt-disposed', at: 280, index: 1 },
    ]);
  });

  it('onEvent throwing on race-settled of a won race: the race rejects and the winner is disposed', async () => {
    const disposed: string[] = [];
    const { outcome } = await runScenario([['a', { ok: 5 }]], { onEvent: throwingOn('race-settled', []), dispose: (value) => disposed.push(value) });
    expectCallbackError(outcome, 'onEvent');
    expect(disposed).toEqual(['a']);
  });

  it('onEvent throwing on attempt-failed while nothing else runs: the race rejects with it, not with AllAttemptsFailedError', async () => {
    const { outcome } = await runScenario([['a', { fail: 5 }]], { onEvent: throwingOn('attempt-failed', []) });
    expectCallbackError(outcome, 'onEvent');
  });

  it('dispose throwing for a late value: the race keeps its winner, and the error is a warning', async () => {
    const clock = new FakeClock();
    const late: Attempt<string> = () => new Promise((resolve) => clock.setTimeout(() => resolve('late'), 400));
    const quick: Attempt<string> = () => new Promise((resolve) => clock.setTimeout(() => resolve('quick'), 10));
    const race = capture(
      staggeredRace([late, quick], {
        clock,
        dispose: () => {
          throw boom;
        },
      }),
    );
    await clock.run();
    await new Promise((resolve) => setImmediate(resolve));
    expect(race.result()).toMatchObject({ ok: true, value: { value: 'quick', index: 1 } });
    expect(unhandled).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBeInstanceOf(CallbackError);
    expect(warnings[0]).toMatchObject({ callback: 'dispose', cause: boom, message: '`dispose` threw: callback broke' });
  });

  it('dispose throwing while a rejected race rolls its winner back: the rejection is the first error, the second a warning', async () => {
    const { outcome } = await runScenario([['a', { ok: 5 }]], {
      onEvent: throwingOn('attempt-succeeded', []),
      dispose: () => {
        throw new Error('dispose broke');
      },
    });
    expectCallbackError(outcome, 'onEvent');
    expect(warnings.map((warning) => warning.message)).toEqual(['`dispose` threw: dispose broke']);
  });

  it('onEvent throwing on attempt-disposed after the race was won: a warning, the race keeps its winner', async () => {
    const clock = new FakeClock();
    const late: Attempt<string> = () => new Promise((resolve) => clock.setTimeout(() => resolve('late'), 400));
    const quick: Attempt<string> = () => new Promise((resolve) => clock.setTimeout(() => resolve('quick'), 10));
    const race = capture(staggeredRace([late, quick], { clock, onEvent: throwingOn('attempt-disposed', []) }));
    await clock.run();
    await new Promise((resolve) => setImmediate(resolve));
    expect(race.result()).toMatchObject({ ok: true, value: { value: 'quick' } });
    expect(unhandled).toEqual([]);
    expect(warnings.map((warning) => warning.message)).toEqual(['`onEvent` threw: callback broke']);
  });
});

describe('staggeredRace aborted by its own onEvent', () => {
  it('the caller aborting on attempt-succeeded: the race rejects with the reason, and the winner is disposed', async () => {
    const clock = new FakeClock();
    const { attempts } = fakeAttempts(clock, [['a', { ok: 5 }]]);
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const disposed: Array<[string, number]> = [];
    const race = capture(
      staggeredRace(attempts, {
        clock,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'attempt-succeeded') controller.abort(reason);
        },
        dispose: (value, index) => disposed.push([value, index]),
      }),
    );
    await clock.run();
    expect(race.result()).toEqual({ ok: false, error: reason });
    expect(disposed).toEqual([['a', 0]]);
    expect(unhandled).toEqual([]);
  });
});
