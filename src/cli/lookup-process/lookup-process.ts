/**
 * The CLI's lookups and DNS queries run in a small child process rather than in the CLI's own.
 *
 * Why: the child does nothing else, so it stamps each query when it is handed on and each answer when it
 * arrives, with the machine's monotonic clock, while the CLI may be busy with another answer or with its
 * display; the times then exclude the pipe and a busy CLI. And getaddrinfo cannot be cancelled: a resolver
 * that keeps retrying blocks its libuv pool thread for minutes, and libuv joins its pool threads when the
 * process exits, even in `process.exit()`, so the CLI would print its report and then hang. A worker
 * thread shares the pool; a child process does not, and dies when the CLI kills it on exit.
 *
 * One child serves every request of the run, one line of JSON each way (protocol.ts, child.ts): the
 * system resolver's getaddrinfo lookups, and with `--resolver dns` the A/AAAA queries (the library's c-ares
 * resolver) and the HTTPS query (the library's own client).
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { raceAbort } from '../../dns/race-abort.js';
import type { SystemLookup, TimedLookupAnswer } from '../../dns/system-resolver.js';
import type { Family } from '../../base/family.js';
import { type ChildAnswer, type ChildMessage, type ChildRequest, fromChildError, type RequestBody } from './protocol.js';

const WARM_UP_NAME = 'localhost';
/** The child's program, built by scripts/build.mjs beside the CLI's bundle. */
const CHILD_FILE = 'lookup-child.cjs';

/** The end of one request, and when (`performance.now()`) the child saw its answer arrive. */
export interface TimedReply {
  readonly answer: ChildAnswer;
  readonly answeredAt: number;
}

/** A request for a DNS server, as the CLI's dns resolver makes it. */
export type DnsRequest = Extract<RequestBody, { kind: 'resolve' | 'https' }>;

interface Pending {
  readonly onAsked: ((askedAt: number) => void) | undefined;
  readonly resolve: (reply: TimedReply) => void;
  readonly reject: (error: Error) => void;
}

export interface LookupProcess {
  /** One family of one name through the child's getaddrinfo, timed in the child; starts the child on first use. */
  readonly lookup: SystemLookup;
  /** What Node's `dns.lookup(hostname, { family, hints, all: true })` gives, for `--compare`'s Node and sequential connects. */
  lookupAll(hostname: string, family: 0 | Family, hints?: number): Promise<ReadonlyArray<{ readonly address: string }>>;
  /**
   * One DNS query in the child, timed there: `onAsked` gets the `performance.now()` its datagram was
   * written. Resolves with the child's answer, an error answer included; rejects if the child ends. An
   * abort of `signal` cancels the query (and those of the same signal) and rejects with `signal.reason`.
   */
  ask(request: DnsRequest, signal: AbortSignal, onAsked?: (askedAt: number) => void): Promise<TimedReply>;
  /** Starts the child now, and resolves once it can answer (or has failed to start), so the first lookup's time is its own. */
  start(): Promise<void>;
  /** Starts the child and has it run two lookups at once of a name /etc/hosts answers, so the race's first lookup pays for no warm-up. */
  warmUp(): Promise<void>;
  /** Kills the child; requests still waiting reject. A later request starts a new child. */
  close(): void;
}

/** Lookups in a child run by this same Node (`process.execPath`); nothing starts until it is used. */
export function createLookupProcess(): LookupProcess {
  let running: RunningChild | null = null;
  let nextId = 1;
  // The DNS queries of one signal are one group in the child: they share a c-ares channel and are cancelled together.
  const groups = new WeakMap<AbortSignal, number>();
  let nextGroup = 1;
  const current = (): RunningChild => {
    if (running === null || running.hasEnded) running = startChild();
    return running;
  };
  const request = (body: RequestBody, onAsked: ((askedAt: number) => void) | undefined, signal?: AbortSignal): Promise<TimedReply> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const child = current();
    const id = nextId++;
    let group = {};
    if (signal !== undefined) {
      const known = groups.get(signal) ?? nextGroup++;
      groups.set(signal, known);
      group = { group: known };
    }
    const reply = new Promise<TimedReply>((resolve, reject) => {
      child.pending.set(id, { onAsked, resolve, reject });
      child.holdLoopWhilePending();
      child.send({ id, ...body, ...group } as ChildRequest);
    });
    return signal === undefined ? reply : raceAbort(reply, signal, () => child.cancel(id));
  };
  const lookup = async (hostname: string, family: Family | 0, onAsked?: (askedAt: number) => void, hints?: number): Promise<TimedLookupAnswer> => {
    const { answer, answeredAt } = await request({ kind: 'lookup', hostname, family, hints }, onAsked);
    if ('error' in answer) throw Object.assign(fromChildError(answer.error), { answeredAt });
    if (!('addresses' in answer)) throw Object.assign(new Error('the lookup process gave no addresses'), { code: 'EAI_FAIL', answeredAt });
    return { entries: answer.addresses.map((address) => ({ address })), answeredAt };
  };
  return {
    lookup: (hostname, family, onAsked) => lookup(hostname, family, onAsked),
    lookupAll: async (hostname, family, hints) => (await lookup(hostname, family, undefined, hints)).entries,
    ask: (dnsRequest, signal, onAsked) => request(dnsRequest, onAsked, signal),
    start() {
      return current().ready;
    },
    async warmUp() {
      await current().ready;
      // Family 0: /etc/hosts answers `localhost` for any family, so nothing is sent to a DNS server.
      await Promise.allSettled([lookup(WARM_UP_NAME, 0), lookup(WARM_UP_NAME, 0)]);
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
  send(request: ChildRequest): void;
  /** Forgets request `id` and tells the child to cancel it; its promise is left to the caller (raceAbort). */
  cancel(id: number): void;
  /** Resolves when the child can answer, or has ended. */
  readonly ready: Promise<void>;
  readonly hasEnded: boolean;
  holdLoopWhilePending(): void;
  stop(): void;
}

function startChild(): RunningChild {
  const child = spawn(process.execPath, [childProgram()], { stdio: ['pipe', 'pipe', 'ignore'] });
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
    waiting.resolve({ answer: message, answeredAt: toPerformanceTime(message.answeredAt) });
  });
  const send = (request: ChildRequest): void => {
    child.stdin.write(`${JSON.stringify(request)}\n`);
  };
  holdLoopWhilePending();
  return {
    process: child,
    pending,
    send,
    cancel(id) {
      if (!pending.delete(id)) return;
      holdLoopWhilePending();
      if (!hasEnded) send({ id, kind: 'cancel' });
    },
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

/**
 * The child's program. The CLI runs as one bundle, dist/cli.cjs, and the program is beside it. Tests run
 * this module from source (vitest sets `__dirname` to its folder, src/cli/lookup-process/): there the
 * program is the built one in dist/, so they need `npm run build` first, as `npm test` does.
 */
function childProgram(): string {
  const beside = join(__dirname, CHILD_FILE);
  return existsSync(beside) ? beside : join(__dirname, '..', '..', '..', 'dist', CHILD_FILE);
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
