/*
 * Node's own net.connect({ autoSelectFamily: true }), really run, on loopback: an injected lookup answers
 * ::1 and 127.0.0.1, and the addresses refuse, answer or drop the SYN (a black hole). The trace's steps and
 * Node's final error are asserted; times are Node's own timers, so only their order is.
 */
import { describe, expect, it } from 'vitest';
import { connectNodeNative, nodeAttemptTimeout } from '../../../src/cli/compare/node-native.js';
import type { LookupAll, StrategyEvent } from '../../../src/cli/compare/strategy-events.js';
import { ConnectTimeoutError } from '../../../src/errors/connect-timeout-error.js';
import { dualStack, useStrategyTest } from '../../helpers/strategy-test.js';

const { loopback, run } = useStrategyTest(connectNodeNative);

/** The steps without their times: `[type, address, code]`. */
function steps(events: readonly StrategyEvent[]): Array<[string, (string | undefined)?, (string | undefined)?]> {
  return events.map((event) => {
    switch (event.type) {
      case 'lookup-started':
        return [event.type, event.hostname];
      case 'lookup-answered':
        return [event.type, event.addresses.map((entry) => entry.address).join(' ')];
      case 'lookup-failed':
        return [event.type, undefined, event.error.code];
      case 'attempt-failed':
        return [event.type, event.address, event.error.code];
      case 'failed':
        return [event.type, undefined, event.error.code];
      default:
        return [event.type, event.address];
    }
  });
}

describe('connectNodeNative', () => {
  it("reports Node's own per-attempt timeout (250 ms unless changed)", () => {
    expect(nodeAttemptTimeout()).toBe(250);
  });

  it('tries the next address as soon as one is refused, and connects', async () => {
    const port = await loopback.listen('127.0.0.1');
    const { socket, events } = await run({ host: 'dual.test', port, lookup: dualStack });
    expect(socket?.remoteAddress).toBe('127.0.0.1');
    expect(steps(events)).toEqual([
      ['lookup-started', 'dual.test'],
      ['lookup-answered', '::1 127.0.0.1'],
      ['attempt-started', '::1'],
      ['attempt-failed', '::1', 'ECONNREFUSED'],
      ['attempt-started', '127.0.0.1'],
      ['connected', '127.0.0.1'],
    ]);
    expect(events.map((event) => ('index' in event ? event.index : null))).toEqual([null, null, 0, 0, 1, 1]);
  });

  it('abandons a silent address after its attempt timeout and connects to the next', async () => {
    const port = await loopback.blackHole('::1');
    await loopback.listen('127.0.0.1', port);
    const { socket, events } = await run({ host: 'dual.test', port, lookup: dualStack });
    expect(socket?.remoteAddress).toBe('127.0.0.1');
    expect(steps(events).slice(2)).toEqual([
      ['attempt-started', '::1'],
      ['attempt-abandoned', '::1'],
      ['attempt-started', '127.0.0.1'],
      ['connected', '127.0.0.1'],
    ]);
    const abandoned = events.find((event) => event.type === 'attempt-abandoned');
    const started = events.find((event) => event.type === 'attempt-started');
    // `after` is the time from the attempt's start to Node closing it, as the trace measured both.
    expect(abandoned?.type === 'attempt-abandoned' && started ? abandoned.after : null).toBeCloseTo(abandoned!.at - started!.at, 9);
  });

  it('fails with an AggregateError whose message is empty when the last address is refused after the kill', async () => {
    const port = await loopback.blackHole('::1');
    const { error, events } = await run({ host: 'dual.test', port, lookup: dualStack });
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).message).toBe('');
    expect((error as AggregateError).errors.map((cause: { code?: string }) => cause.code)).toEqual(['ETIMEDOUT', 'ECONNREFUSED']);
    expect(steps(events).slice(2)).toEqual([
      ['attempt-started', '::1'],
      ['attempt-abandoned', '::1'],
      ['attempt-started', '127.0.0.1'],
      ['attempt-failed', '127.0.0.1', 'ECONNREFUSED'],
      ['failed', undefined, 'ETIMEDOUT'],
    ]);
    const failed = events.at(-1);
    expect(failed?.type === 'failed' && failed.error).toEqual({
      code: 'ETIMEDOUT',
      message: '',
      name: 'AggregateError',
      errors: [
        { code: 'ETIMEDOUT', message: expect.stringContaining('::1') },
        { code: 'ECONNREFUSED', message: expect.stringContaining('127.0.0.1') },
      ],
    });
  });

  it("ends a single silent address with eyeball's overall timeout (Node has none for the last attempt)", async () => {
    const port = await loopback.blackHole('::1');
    const { error, events } = await run({ host: '::1', port, timeout: 200 });
    expect(error).toBeInstanceOf(ConnectTimeoutError);
    expect(steps(events)).toEqual([
      ['attempt-started', '::1'],
      ['attempt-cancelled', '::1'],
      ['failed', undefined, 'EYEBALL_TIMEOUT'],
    ]);
  });

  it('an IP literal is connected to without a lookup', async () => {
    const port = await loopback.listen('127.0.0.1');
    const { socket, events } = await run({ host: '127.0.0.1', port });
    expect(socket?.remotePort).toBe(port);
    expect(steps(events)).toEqual([
      ['attempt-started', '127.0.0.1'],
      ['connected', '127.0.0.1'],
    ]);
  });

  it("a refused single address fails with the socket's own error", async () => {
    const port = await loopback.refusedPort();
    const { error, events } = await run({ host: '127.0.0.1', port });
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(steps(events)).toEqual([
      ['attempt-started', '127.0.0.1'],
      ['attempt-failed', '127.0.0.1', 'ECONNREFUSED'],
      ['failed', undefined, 'ECONNREFUSED'],
    ]);
  });

  it('a failed lookup is reported and is the error', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND missing.test'), { code: 'ENOTFOUND' });
    const { error, events } = await run({ host: 'missing.test', port: 443, lookup: () => Promise.reject(notFound) });
    expect(error).toBe(notFound);
    expect(steps(events)).toEqual([
      ['lookup-started', 'missing.test'],
      ['lookup-failed', undefined, 'ENOTFOUND'],
      ['failed', undefined, 'ENOTFOUND'],
    ]);
  });

  it('an empty answer is a lookup failure (ENOTFOUND)', async () => {
    const { error } = await run({ host: 'empty.test', port: 443, lookup: async () => [] });
    expect((error as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });

  it('the family option asks the lookup for that family only', async () => {
    const port = await loopback.listen('127.0.0.1');
    const asked: number[] = [];
    const lookup: LookupAll = async (_host, family) => {
      asked.push(family);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const { socket } = await run({ host: 'v4.test', port, family: 4, lookup });
    expect(socket?.remoteAddress).toBe('127.0.0.1');
    expect(asked).toEqual([4]);
  });

  it('rejects with the reason of an already aborted signal, opening nothing', async () => {
    const reason = new Error('stop');
    const { error, events } = await run({ host: '127.0.0.1', port: 9, signal: AbortSignal.abort(reason) });
    expect(error).toBe(reason);
    expect(events).toEqual([]);
  });

  it('an abort mid-attempt cancels it and rejects with the reason', async () => {
    const port = await loopback.blackHole('127.0.0.1');
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const pending = run({
      host: '127.0.0.1',
      port,
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(reason);
    const { error, events } = await pending;
    expect(error).toBe(reason);
    expect(steps(events)).toEqual([
      ['attempt-started', '127.0.0.1'],
      ['attempt-cancelled', '127.0.0.1'],
      ['failed', undefined, 'Error'],
    ]);
  });
});
