import { afterEach, beforeEach, expect } from 'vitest';
import { countOpenHandles } from './open-handles.js';

/**
 * Registers a test file's hooks for real sockets: what `defer` was given runs after each test, the last
 * first, and then no socket, server or DNS request of ours may be left open. Returns `defer`.
 */
export function useCleanups(): (cleanup: () => unknown) => void {
  const cleanups: Array<() => unknown> = [];
  let handlesBefore = 0;
  beforeEach(async () => {
    handlesBefore = await countOpenHandles();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    expect(await countOpenHandles()).toBe(handlesBefore);
  });
  return (cleanup) => {
    cleanups.push(cleanup);
  };
}
