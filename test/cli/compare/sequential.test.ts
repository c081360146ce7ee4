/*
 * The sequential connect on loopback: one lookup, then one address after another with no per-attempt
 * timeout. Real sockets; the overall timeout runs on a fake clock where the test needs exact times.
 */
import { describe, expect, it } from 'vitest';
import { connectSequential } from '../../../src/cli/compare/sequential.js';
import type { StrategyEvent } from '../../../src/cli/compare/strategy-events.js';
import { ConnectTimeoutError } from '../../../src/errors/connect-timeout-error.js';
import { ConnectionFailedError } from '../../../src/errors/connection-failed-error.js';
import { ResolutionFailedError } from '../../../src/errors/resolution-failed-error.js';
import { capture, FakeClock } from '../../helpers/fake-clock.js';
import { dualStack, useStrategyTest } from '../../helpers/strategy-test.js';

const { loopback, run } = useStrategyTest(connectSequential);

/** The lookup of an IP literal's connect: never asked. */
const neverCalled = (): never => {
  throw new Error('an IP literal was looked up');
};

function types(events: readonly StrategyEvent[]): string[] {
  return events.map((event) => ('address' in event ? `${event.type} ${event.address}` : event.type));
}

describe('connectSequential', () => {
  it('moves to the next address when one is refused, in resolver order', async () => {
    const port = await loopback.listen('127.0.0.1');
    const { socket, events } = await run({ host: 'dual.test', port, lookup: dualStack });
    expect(socket?.remoteAddress).toBe('127.0.0.1');
    expect(types(events)).toEqual([
      'lookup-started',
      'lookup-answered',
      'attempt-started ::1',
      'attempt-failed ::1',
      'attempt-started 127.0.0.1',
      'connected 127.0.0.1',
    ]);
    expect(events[1]).toMatchObject({
      addresses: [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
  });

  it('waits on a silent first address until the overall timeout, never reaching the next one', async () => {
    const port = await loopback.blackHole('::1');
    await loopback.listen('127.0.0.1', port);
    const clock = new FakeClock();
    const events: StrategyEvent[] = [];
    const outcome = capture(
      connectSequential({ host: 'dual.test', port, lookup: dualStack, timeout: 5000, clock, onEvent: (event) => events.push(event) }),
    );
    await clock.run();
    const result = outcome.result();
    expect(result?.ok).toBe(false);
    expect(result?.ok === false && result.error).toBeInstanceOf(ConnectTimeoutError);
    expect(events.map((event) => [event.type, event.at])).toEqual([
      ['lookup-started', 0],
      ['lookup-answered', 0],
      ['attempt-started', 0],
      ['attempt-cancelled', 5000],
      ['failed', 5000],
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('every address refused: a ConnectionFailedError that keeps each cause in order', async () => {
    const port = await loopback.refusedPort();
    const { error, events } = await run({ host: 'dual.test', port, lookup: dualStack });
    expect(error).toBeInstanceOf(ConnectionFailedError);
    const failure = error as ConnectionFailedError;
    expect(failure.attempts.map((attempt) => attempt.address)).toEqual(['::1', '127.0.0.1']);
    expect(failure.errors.map((cause: { code?: string }) => cause.code)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
    expect(events.at(-1)).toMatchObject({
      type: 'failed',
      error: { code: 'EYEBALL_CONNECT_FAILED', name: 'ConnectionFailedError', errors: [{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }] },
    });
  });

  it("a failed lookup rejects with the lookup's own error", async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND missing.test'), { code: 'ENOTFOUND' });
    const { error, events } = await run({ host: 'missing.test', port: 443, lookup: () => Promise.reject(notFound) });
    expect(error).toBe(notFound);
    expect(types(events)).toEqual(['lookup-started', 'lookup-failed', 'failed']);
  });

  it('an empty answer is a ResolutionFailedError', async () => {
    const { error } = await run({ host: 'empty.test', port: 443, lookup: async () => [] });
    expect(error).toBeInstanceOf(ResolutionFailedError);
  });

  it('an IP literal needs no lookup', async () => {
    const port = await loopback.listen('::1');
    const { socket, events } = await run({ host: '::1', port, lookup: neverCalled });
    expect(socket?.remoteAddress).toBe('::1');
    expect(types(events)).toEqual(['attempt-started ::1', 'connected ::1']);
  });

  it('the family is passed to the lookup', async () => {
    const asked: number[] = [];
    await run({
      host: 'x.test',
      port: 443,
      family: 6,
      lookup: async (_host, family) => {
        asked.push(family);
        return [];
      },
    });
    expect(asked).toEqual([6]);
  });

  it('an abort mid-attempt cancels it and rejects with the reason', async () => {
    const port = await loopback.blackHole('127.0.0.1');
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const pending = run({ host: '127.0.0.1', port, lookup: neverCalled, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(reason);
    const { error, events } = await pending;
    expect(error).toBe(reason);
    expect(types(events)).toEqual(['attempt-started 127.0.0.1', 'attempt-cancelled 127.0.0.1', 'failed']);
  });

  it('an abort during the lookup rejects at once with the reason', async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const pending = run({ host: 'slow.test', port: 443, signal: controller.signal, lookup: () => new Promise(() => {}) });
    controller.abort(reason);
    const { error, events } = await pending;
    expect(error).toBe(reason);
    expect(types(events)).toEqual(['lookup-started', 'failed']);
  });
});
