/*
 * The time origin of a CLI run on a real loopback connect: one monotonic reading is both the trace's 0
 * and, through performance.timeOrigin, the report's `timeOrigin`, told before the first event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runConnect } from '../../src/cli/run.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { Loopback } from '../helpers/loopback.js';
import { DEFAULT_SETTINGS } from './render/fixtures.js';

describe('runConnect: the time origin', () => {
  const loopback = new Loopback();
  afterEach(() => loopback.close());

  it('is performance.timeOrigin plus the reading the trace counts from, told before the first event', async () => {
    const port = await loopback.listen('127.0.0.1');
    const seen: Array<{ kind: 'start'; timeOrigin: number; now: number } | { kind: 'event'; event: TraceEvent; now: number }> = [];
    const before = performance.now();
    const report = await runConnect({ host: '127.0.0.1', port, input: '127.0.0.1' }, DEFAULT_SETTINGS, {
      signal: new AbortController().signal,
      onStart: (timeOrigin) => seen.push({ kind: 'start', timeOrigin, now: performance.now() }),
      onEvent: (event) => seen.push({ kind: 'event', event, now: performance.now() }),
    });
    const after = performance.now();
    expect(report.outcome.ok).toBe(true);
    const [start, ...events] = seen;
    expect(start?.kind).toBe('start');
    if (start?.kind !== 'start') return;
    expect(start.timeOrigin).toBe(report.timeOrigin);
    const origin = report.timeOrigin - performance.timeOrigin;
    expect(origin).toBeGreaterThanOrEqual(before);
    expect(origin).toBeLessThanOrEqual(start.now);
    // Each event's `at` is the monotonic time it was stamped, minus that origin: never after it was seen.
    expect(events.length).toBeGreaterThan(0);
    for (const entry of events) {
      if (entry.kind !== 'event') continue;
      expect(entry.event.at).toBeGreaterThanOrEqual(0);
      expect(origin + entry.event.at).toBeLessThanOrEqual(entry.now);
    }
    expect(origin + report.elapsed).toBeLessThanOrEqual(after);
  });
});
