import type { Socket } from 'node:net';
import { afterEach, beforeEach, expect } from 'vitest';
import type { LookupAll, StrategyEvent, StrategyOptions } from '../../src/cli/compare/strategy-events.js';
import { Loopback } from './loopback.js';
import { countOpenHandles } from './open-handles.js';

export interface StrategyRun {
  readonly socket: Socket | undefined;
  readonly error: unknown;
  readonly events: StrategyEvent[];
}

/**
 * For the tests of a connect strategy (src/cli/compare/node-native.ts, sequential.ts): loopback endpoints, and
 * `run`, which connects, records the trace and keeps the socket; after each test every socket and endpoint
 * is closed and no handle of ours is left open.
 */
export function useStrategyTest<Options extends StrategyOptions>(
  connect: (options: Options) => Promise<Socket>,
): {
  loopback: Loopback;
  run: (options: Options) => Promise<StrategyRun>;
} {
  const loopback = new Loopback();
  const sockets: Socket[] = [];
  let handlesBefore = 0;
  beforeEach(async () => {
    handlesBefore = await countOpenHandles();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await loopback.close();
    expect(await countOpenHandles()).toBe(handlesBefore);
  });
  const run = async (options: Options): Promise<StrategyRun> => {
    const events: StrategyEvent[] = [];
    try {
      const socket = await connect({ ...options, onEvent: (event: StrategyEvent) => events.push(event) });
      sockets.push(socket);
      return { socket, error: undefined, events };
    } catch (error) {
      return { socket: undefined, error, events };
    }
  };
  return { loopback, run };
}

/** A lookup that answers ::1 then 127.0.0.1, as getaddrinfo does for a dual-stack name. */
export const dualStack: LookupAll = async () => [
  { address: '::1', family: 6 },
  { address: '127.0.0.1', family: 4 },
];
