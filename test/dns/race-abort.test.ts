import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { raceAbort } from '../../src/dns/race-abort.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('raceAbort', () => {
  it('passes the value or the error of the work through, and removes its listener', async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    const error = new Error('failed');
    await expect(raceAbort(Promise.reject(error), controller.signal)).rejects.toBe(error);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('on abort: rejects with the reason, runs onAbort once, and ignores what the work does later', async () => {
    const controller = new AbortController();
    const work = deferred<number>();
    let cancels = 0;
    const raced = raceAbort(work.promise, controller.signal, () => cancels++);
    controller.abort('why');
    work.reject(new Error('late'));
    await expect(raced).rejects.toBe('why');
    expect(cancels).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an already aborted signal rejects at once and still runs onAbort', async () => {
    let cancels = 0;
    const reason = new Error('before');
    await expect(raceAbort(new Promise<never>(() => {}), AbortSignal.abort(reason), () => cancels++)).rejects.toBe(reason);
    expect(cancels).toBe(1);
  });
});
