/**
 * The CLI's system lookups (getaddrinfo) run in a small child process rather than in the CLI's own.
 *
 * Why: getaddrinfo cannot be cancelled. A resolver that keeps retrying blocks its libuv pool thread for
 * minutes, and libuv joins its pool threads when the process exits, even in `process.exit()`, so the CLI
 * would print its report and then hang. A worker thread shares the pool; a child process does not, and
 * dies when the CLI kills it on exit.
 *
 * One child serves every lookup of the run, one line of JSON each way (lookup-child-script.ts). The child
 * stamps each lookup with the machine's monotonic clock, so the times exclude the pipe and a busy CLI.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { SystemLookup, TimedLookupAnswer } from '../../dns/system-resolver.js';
import type { Family } from '../../base/family.js';
import { LOOKUP_CHILD_SCRIPT } from './lookup-child-script.js';

const WARM_UP_NAME = 'localhost';

/** What the child writes: its start, or the answer to one request. */
type ChildMessage =
  | { readonly ready: true }
  | { readonly id: number; readonly askedAt: string }
  | { readonly id: number; readonly addresses: readonly string[]; readonly answeredAt: string }
  | {
      readonly id: number;
      readonly error: { readonly code?: string; readonly errno?: number; readonly message: string };
      readonly answeredAt: string;
    };

interface Pending {
  readonly onAsked: ((askedAt: number) => void) | undefined;
  readonly resolve: (answer: TimedLookupAnswer) => void;
  readonly reject: (error: Error) => void;
}

export interface LookupProcess {
  /** One family of one name through the child's getaddrinfo, timed in the child; starts the child on first use. */
  readonly lookup: SystemLookup;
  /** What Node's `dns.lookup(hostname, { family, hints, all: true })` gives, for `--compare`'s Node and sequential connects. */
  lookupAll(hostname: string, family: 0 | Family, hints?: number): Promise<ReadonlyArray<{ readonly address: string }>>;
  /** Starts the child now, and resolves once it can answer (or has failed to start), so the first lookup's time is its own. */
  start(): Promise<void>;
  /** Starts the child and has it run two lookups at once of a name /etc/hosts answers, so the race's first lookup pays for no warm-up. */
  warmUp(): Promise<void>;
  /** Kills the child; lookups still waiting reject. A later lookup starts a new child. */
  close(): void;
}

/** Lookups in a child run by this same Node (`process.execPath`); nothing starts until it is used. */
export function createLookupProcess(): LookupProcess {
  let running: RunningChild | null = null;
  let nextId = 1;
  const current = (): RunningChild => {
    if (running === null || running.hasEnded) running = startChild();
    return running;
  };
  const request = (hostname: string, family: Family | 0, onAsked?: (askedAt: number) => void, hints?: number): Promise<TimedLookupAnswer> => {
    const child = current();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      child.pending.set(id, { onAsked, resolve, reject });
      child.holdLoopWhilePending();
      child.process.stdin.write(`${JSON.stringify({ id, hostname, family, hints })}\n`);
    });
  };
  return {
    lookup: (hostname, family, onAsked) => request(hostname, family, onAsked),
    lookupAll: async (hostname, family, hints) => (await request(hostname, family, undefined, hints)).entries,
    start() {
      return current().ready;
    },
    async warmUp() {
      await current().ready;
      // Family 0: /etc/hosts answers `localhost` for any family, so nothing is sent to a DNS server.
      await Promise.allSettled([request(WARM_UP_NAME, 0), request(WARM_UP_NAME, 0)]);
    },
    close() {
      running?.stop();
      running = null;
    },
  };
}

interface RunningChild {
  readonly process: ChildProcessByStdio<Writable, Readable, null>;
  readonly pending: Map<number, Pending>;
  /** Resolves when the child can answer, or has ended. */
  readonly ready: Promise<void>;
  readonly hasEnded: boolean;
  holdLoopWhilePending(): void;
  stop(): void;
}

function startChild(): RunningChild {
  const child = spawn(process.execPath, ['-e', LOOKUP_CHILD_SCRIPT], { stdio: ['pipe', 'pipe', 'ignore'] });
  const pending = new Map<number, Pending>();
  let isReady = false;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve)).then(() => {
    isReady = true;
    holdLoopWhilePending();
  });
  let hasEnded = false;
  // However the CLI ends (process.exit() included), a lookup still running here must not outlive it.
  const killOnExit = (): boolean => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const end = (error: Error): void => {
    hasEnded = true;
    process.off('exit', killOnExit);
    markReady();
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  // Only while the child starts or an answer is awaited does its output (a socket) keep the CLI's event loop alive.
  const output = child.stdout as Socket;
  const holdLoopWhilePending = (): void => {
    if (!hasEnded && (!isReady || pending.size > 0)) output.ref();
    else output.unref();
  };
  child.unref();
  (child.stdin as Socket).unref();
  child.stdin.on('error', () => {}); // the child died: 'exit' below fails its lookups
  child.once('error', (error) => end(Object.assign(new Error(`the lookup process could not start: ${error.message}`), { code: 'EAI_FAIL' })));
  child.once('exit', (code, signal) =>
    end(Object.assign(new Error(`the lookup process ended (${signal ?? `exit code ${code}`})`), { code: 'EAI_FAIL' })),
  );
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = parseMessage(line);
    if (message === null) return;
    if ('ready' in message) return markReady();
    const waiting = pending.get(message.id);
    if (waiting === undefined) return;
    if ('askedAt' in message) return waiting.onAsked?.(toPerformanceTime(message.askedAt));
    pending.delete(message.id);
    holdLoopWhilePending();
    const answeredAt = toPerformanceTime(message.answeredAt);
    if ('addresses' in message) waiting.resolve({ entries: message.addresses.map((address) => ({ address })), answeredAt });
    else waiting.reject(Object.assign(new Error(message.error.message), { code: message.error.code, errno: message.error.errno, answeredAt }));
  });
  holdLoopWhilePending();
  return {
    process: child,
    pending,
    ready,
    get hasEnded() {
      return hasEnded;
    },
    holdLoopWhilePending,
    stop() {
      killOnExit();
      end(Object.assign(new Error('the lookup process was stopped'), { code: 'EAI_CANCELED' }));
    },
  };
}

/** A line of the child's, or null for one that is not of the protocol (a NODE_OPTIONS preload that prints). */
function parseMessage(line: string): ChildMessage | null {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as ChildMessage) : null;
  } catch {
    return null;
  }
}

/** A `process.hrtime.bigint()` reading of any process on this machine (CLOCK_MONOTONIC) as a `performance.now()` of this one. */
function toPerformanceTime(hrtimeNs: string): number {
  const nowNs = process.hrtime.bigint();
  return performance.now() - Number(nowNs - BigInt(hrtimeNs)) / 1e6;
}
