/*
 * SIGINT, SIGTERM and SIGHUP stop a run the same way (src/cli/process/stop-signals.ts): the report of what
 * happened so far, then 128 + the signal's number. A second signal ends the process at once, and the
 * lookup process never outlives the CLI. Real signals to the built CLI, real black holes on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli } from '../../helpers/cli-process.js';
import { Loopback } from '../../helpers/loopback.js';
import { type CliChild, childrenOf, countingListener, isAlive, spawnCli, waitUntil } from './cli-child.js';

/** RFC 6761 §6.4: never resolves. The system resolver sends it to the lookup process all the same. */
const UNRESOLVABLE = 'eyeball-test.invalid';

const loopback = new Loopback();
const dir = mkdtempSync(join(tmpdir(), 'eyeball-signals-'));
const started: CliChild[] = [];
const servers: Server[] = [];

beforeAll(() => {
  requireBuiltCli();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  for (const { child } of started.splice(0)) child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  await loopback.close();
});

function cli(args: readonly string[]): CliChild {
  const run = spawnCli(args);
  started.push(run);
  return run;
}

const typeOf = (line: string): string => (JSON.parse(line) as { event: { type: string } }).event.type;

describe('a stop signal mid-race', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: the run stops, what happened so far is printed, exit %i', async (signal, code) => {
    const hole = await loopback.blackHole('127.0.0.1');
    const run = cli(['127.0.0.1', String(hole), '--ndjson']);
    await run.lineWhere((line) => typeOf(line) === 'attempt-started');
    run.child.kill(signal);
    const exit = await run.exited;
    expect([exit.code, exit.signal, exit.stderr]).toEqual([code, null, '']);
    expect(run.lines.map(typeOf)).toEqual(['race-started', 'addresses-sorted', 'attempt-started', 'attempt-cancelled', 'failed', 'verdict']);
    expect(JSON.parse(run.lines.at(-2) ?? '')).toMatchObject({ event: { error: { code: signal, message: `stopped by ${signal}` } } });
    expect(JSON.parse(run.lines.at(-1) ?? '')).toMatchObject({ event: { passed: false, interrupted: true } });
  });
});

describe('SIGTERM during a --count series', () => {
  it('makes no further connection, prints the statistics of the runs that finished, exit 143', async () => {
    const listener = await countingListener(servers);
    const run = cli(['127.0.0.1', String(listener.port), '--count', '5', '--interval', '60000', '--no-color']);
    await run.lineWhere((line) => line.startsWith('run 1:'));
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect([exit.code, exit.signal]).toEqual([143, null]);
    expect(listener.connections()).toBe(1);
    expect(run.lines.join('\n')).toMatch(/1 run.*1 connected/su);
  });
});

describe('a second signal', () => {
  it('ends the process at once, even while the report waits for a reader that does not read', async () => {
    const hole = await loopback.blackHole('127.0.0.1');
    // 1,000 targets make a report of most of a megabyte, far more than the pipe and the test's stream buffer
    // hold while the test does not read.
    const targets = join(dir, 'targets.txt');
    writeFileSync(targets, `${UNRESOLVABLE}:80\n${`127.0.0.1:${hole}\n`.repeat(999)}`);
    const run = spawnCli(['--targets', targets, '--json']);
    started.push(run);
    run.child.stdout?.pause();
    const pid = run.child.pid ?? 0;
    await waitUntil(() => childrenOf(pid).length > 0 || run.child.exitCode !== null);
    const [lookupChild = 0, ...others] = childrenOf(pid);
    expect([lookupChild > 0, others]).toEqual([true, []]);
    run.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([run.child.exitCode, run.child.signalCode]).toEqual([null, null]); // the report cannot be flushed
    run.child.kill('SIGTERM');
    run.child.stdout?.resume(); // the pipe closes only once what it holds is read
    const exit = await run.exited;
    expect([exit.code, exit.signal]).toEqual([null, 'SIGTERM']);
    await waitUntil(() => !isAlive(lookupChild));
  });
});

describe('the lookup process', () => {
  it('is killed when a stop signal ends the run', async () => {
    const run = cli([UNRESOLVABLE, '80', '--count', '2', '--interval', '60000', '--timeout', '60000', '--json']);
    const pid = run.child.pid ?? 0;
    await waitUntil(() => childrenOf(pid).length > 0 || run.child.exitCode !== null);
    const [lookupChild = 0, ...others] = childrenOf(pid);
    expect([lookupChild > 0, others]).toEqual([true, []]);
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect([exit.code, exit.signal]).toEqual([143, null]);
    await waitUntil(() => !isAlive(lookupChild));
  });
});
