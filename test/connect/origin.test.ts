/*
 * connect()'s `origin`: the clock reading the trace's 0 stands for, so that a caller can say when that 0
 * was on the wall clock. On virtual time, exact.
 */
import { describe, expect, it } from 'vitest';
import { checkConnectOptions } from '../../src/connect/connect.js';
import { happyEyeballs } from '../../src/connect/happy-eyeballs.js';
import { InvalidOptionError } from '../../src/errors/invalid-option-error.js';
import type { TraceEvent } from '../../src/trace/events.js';
import { capture, FakeClock } from '../helpers/fake-clock.js';
import { fakeNetwork } from '../helpers/fake-network.js';

/** The trace of a race that starts at virtual 40 ms: AAAA answers 20 ms later, its address connects 30 ms after that. */
async function traceFrom(origin: number | undefined): Promise<TraceEvent[]> {
  const clock = new FakeClock();
  await clock.run(40);
  const network = fakeNetwork(clock, {
    // The fake network's DNS times are readings of the clock; its connect times count from the attempt.
    dns: { AAAA: { at: 60, addresses: ['2001:db8::1'] }, A: { at: 65, addresses: ['192.0.2.1'] } },
    connect: { '2001:db8::1': { ok: 30 } },
  });
  const events: TraceEvent[] = [];
  const settings = checkConnectOptions({
    host: 'dual.example',
    port: 443,
    onEvent: (event) => events.push(event),
    ...(origin === undefined ? {} : { origin }),
  });
  const connection = capture(happyEyeballs(settings, network.deps));
  await clock.run();
  expect(connection.result()?.ok).toBe(true);
  return events;
}

const timesOf = (events: readonly TraceEvent[]) =>
  events.filter((event) => ['dns-query', 'attempt-started', 'connected'].includes(event.type)).map((event) => [event.type, event.at]);

describe('origin', () => {
  it('absent: the trace counts from the start of the race', async () => {
    expect(timesOf(await traceFrom(undefined))).toEqual([
      ['dns-query', 0],
      ['dns-query', 0],
      ['attempt-started', 20],
      ['connected', 50],
    ]);
  });

  it('given: every `at` counts from that reading of the clock instead', async () => {
    expect(timesOf(await traceFrom(25))).toEqual([
      ['dns-query', 15],
      ['dns-query', 15],
      ['attempt-started', 35],
      ['connected', 65],
    ]);
  });

  it.each([-1, Number.NaN, '5'])('rejects %s', (origin) => {
    expect(() => checkConnectOptions({ host: 'dual.example', port: 443, origin: origin as number })).toThrow(InvalidOptionError);
  });
});
