import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../../src/cli/pool.js';

/** A task per item that finishes only when the test says so, to watch how many run at once. */
function controlledTasks(count: number) {
  const finish: Array<() => void> = [];
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const work = (item: number): Promise<string> =>
    new Promise((resolve) => {
      running++;
      most = Math.max(most, running);
      started.push(item);
      finish[item] = () => {
        running--;
        resolve(`done ${item}`);
      };
    });
  return { finish, work, started, most: () => most, items: Array.from({ length: count }, (_, index) => index) };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('mapConcurrently', () => {
  it('runs at most `limit` at once, starts the next as one finishes, and keeps the items order', async () => {
    const tasks = controlledTasks(5);
    const all = mapConcurrently(tasks.items, 2, tasks.work);
    await tick();
    expect(tasks.started).toEqual([0, 1]);
    tasks.finish[1]?.();
    await tick();
    expect(tasks.started).toEqual([0, 1, 2]);
    tasks.finish[2]?.();
    tasks.finish[0]?.();
    await tick();
    expect(tasks.started).toEqual([0, 1, 2, 3, 4]);
    tasks.finish[4]?.();
    tasks.finish[3]?.();
    expect(await all).toEqual(['done 0', 'done 1', 'done 2', 'done 3', 'done 4']);
    expect(tasks.most()).toBe(2);
  });

  it('an empty list resolves at once; a limit above the count runs all at once', async () => {
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
    const tasks = controlledTasks(3);
    const all = mapConcurrently(tasks.items, 8, tasks.work);
    await tick();
    expect(tasks.started).toEqual([0, 1, 2]);
    for (const finish of tasks.finish) finish();
    await all;
  });

  it('rejects a limit below 1', async () => {
    await expect(mapConcurrently([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});
