import type { Attempt } from '../../src/race/staggered-race.js';
import type { FakeClock } from './fake-clock.js';

/** What a fake attempt does: succeed or fail `after` ms after it starts, or hang until aborted. */
export type FakeOutcome = { ok: number } | { fail: number; code?: string } | 'hang';

export interface FakeAttemptLog {
  /** Start time of each label that was started. */
  readonly starts: Record<string, number>;
  /** Labels whose signal was aborted, with the time. */
  readonly aborts: Record<string, number>;
  /** Labels whose value was disposed after losing. */
  readonly disposed: string[];
  /** Abort listeners still attached to attempt signals (must be 0 after a race). */
  readonly openListeners: () => number;
}

/** Builds attempts that act out a scenario on the fake clock and log what happened to them. */
export function fakeAttempts(
  clock: FakeClock,
  plan: ReadonlyArray<readonly [label: string, outcome: FakeOutcome]>,
): { attempts: Array<Attempt<string>>; log: FakeAttemptLog } {
  const starts: Record<string, number> = {};
  const aborts: Record<string, number> = {};
  const disposed: string[] = [];
  let listeners = 0;
  const attempts = plan.map(
    ([label, outcome]): Attempt<string> =>
      ({ signal }) => {
        starts[label] = clock.now();
        return new Promise<string>((resolve, reject) => {
          let timer: unknown;
          const onAbort = (): void => {
            aborts[label] = clock.now();
            if (timer !== undefined) clock.clearTimeout(timer);
            listeners--;
            reject(signal.reason);
          };
          signal.addEventListener('abort', onAbort, { once: true });
          listeners++;
          if (outcome === 'hang') return;
          const done = (): void => {
            signal.removeEventListener('abort', onAbort);
            listeners--;
          };
          if ('ok' in outcome) {
            timer = clock.setTimeout(() => {
              done();
              resolve(label);
            }, outcome.ok);
          } else {
            timer = clock.setTimeout(() => {
              done();
              reject(Object.assign(new Error(`${label} failed`), { code: outcome.code ?? 'ECONNREFUSED' }));
            }, outcome.fail);
          }
        });
      },
  );
  return { attempts, log: { starts, aborts, disposed, openListeners: () => listeners } };
}
