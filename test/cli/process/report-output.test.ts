/*
 * A report that cannot be written is never a success (src/cli/process/report-output.ts): a full disk
 * (/dev/full), a reader that went away (a closed pipe). The built CLI on real files and pipes; then the
 * module itself on a stream that fails.
 */
import { closeSync, openSync } from 'node:fs';
import type { Server } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { watchReportOutput } from '../../../src/cli/process/report-output.js';
import { ReportWriteError } from '../../../src/cli/process/report-write-error.js';
import { requireBuiltCli } from '../../helpers/cli-process.js';
import { Loopback } from '../../helpers/loopback.js';
import { type CliChild, childrenOf, countingListener, isAlive, spawnCli, waitUntil } from './cli-child.js';

const ENOSPC_LINE = 'eyeball: cannot write to stdout (ENOSPC): the report is incomplete\n';

const loopback = new Loopback();
const started: CliChild[] = [];
const servers: Server[] = [];

beforeAll(() => {
  requireBuiltCli();
});

afterEach(async () => {
  for (const { child } of started.splice(0)) child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  await loopback.close();
});

/** The CLI with its stdout on /dev/full, where every write fails with ENOSPC. */
function toDevFull(args: readonly string[]): CliChild {
  const full = openSync('/dev/full', 'w');
  try {
    const run = spawnCli(args, full);
    started.push(run);
    return run;
  } finally {
    closeSync(full);
  }
}

describe('stdout on a full disk (/dev/full): exit 1 and one line on stderr', () => {
  it.each([
    ['--json', ['--json']],
    ['--ndjson', ['--ndjson']],
    ['the human report', ['--no-color']],
    ['--count (a line per run)', ['--count', '2', '--interval', '10']],
    ['--count --json', ['--count', '2', '--interval', '10', '--json']],
  ])('%s', async (_, options) => {
    const port = await loopback.listen('127.0.0.1');
    const exit = await toDevFull(['127.0.0.1', String(port), ...options]).exited;
    expect([exit.code, exit.signal, exit.stderr]).toEqual([1, null, ENOSPC_LINE]);
  });

  it('stops a --count series at the first line it cannot write', async () => {
    const listener = await countingListener(servers);
    const exit = await toDevFull(['127.0.0.1', String(listener.port), '--count', '5', '--interval', '10']).exited;
    expect([exit.code, exit.stderr]).toEqual([1, ENOSPC_LINE]);
    expect(listener.connections()).toBe(1);
  });

  it('kills the lookup process on the way out', async () => {
    const hole = await loopback.blackHole('127.0.0.1');
    // The black hole's run ends at --timeout with a line that cannot be written; meanwhile the name's run
    // keeps the lookup process (whatever the OS resolver answers for a name that never resolves).
    const run = toDevFull([`127.0.0.1:${hole}`, 'eyeball-test.invalid:80', '--count', '2', '--interval', '60000', '--timeout', '1500']);
    const pid = run.child.pid ?? 0;
    await waitUntil(() => childrenOf(pid).length > 0 || run.child.exitCode !== null);
    const [lookupChild = 0, ...others] = childrenOf(pid);
    expect([lookupChild > 0, others]).toEqual([true, []]);
    const exit = await run.exited;
    expect([exit.code, exit.stderr]).toEqual([1, ENOSPC_LINE]);
    await waitUntil(() => !isAlive(lookupChild));
  });
});

describe('a reader that goes away (`eyeball ... --count 5 --interval 1000 | head -1`)', () => {
  it('stops the series at the next line: no further connection, exit 1 and one line on stderr', async () => {
    const listener = await countingListener(servers);
    const run = spawnCli(['127.0.0.1', String(listener.port), '--count', '5', '--interval', '1000', '--no-color']);
    started.push(run);
    await run.lineWhere((line) => line.startsWith('run 1:'));
    run.child.stdout?.destroy(); // the reader closes its end of the pipe, as `head -1` does
    const exit = await run.exited;
    expect([exit.code, exit.signal, exit.stderr]).toEqual([1, null, 'eyeball: cannot write to stdout (EPIPE): the report is incomplete\n']);
    // Run 2 found the reader gone when it wrote its line; runs 3 to 5 never started.
    expect(listener.connections()).toBe(2);
  });
});

describe('watchReportOutput', () => {
  /** A stream whose writes after the first `okWrites` fail with `code`, recording what reached it. */
  function failingStream(okWrites: number, code: string): { stream: Writable; written: string[] } {
    const written: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (written.length >= okWrites) return callback(Object.assign(new Error(`${code}: failed, write`), { code }));
        written.push(chunk.toString());
        callback();
      },
    });
    return { stream, written };
  }

  it('keeps the first failure, tells it once, and writes nothing after it', async () => {
    const { stream, written } = failingStream(1, 'EPIPE');
    const onFailure = vi.fn();
    const output = watchReportOutput(stream, onFailure);
    output.write('one\n');
    output.write('two\n');
    await output.flushed();
    output.write('three\n');
    await output.flushed();
    expect(written).toEqual(['one\n']);
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(output.failure).toBeInstanceOf(ReportWriteError);
    expect(output.failure).toMatchObject({ code: 'EYEBALL_REPORT_WRITE', cause: { code: 'EPIPE' } });
    expect(onFailure.mock.calls[0]?.[0]).toBe(output.failure);
  });

  it('has no failure when every write went through', async () => {
    const { stream, written } = failingStream(Number.POSITIVE_INFINITY, 'ENOSPC');
    const output = watchReportOutput(stream, () => {});
    output.write('report\n');
    await output.flushed();
    expect([written, output.failure]).toEqual([['report\n', ''], null]);
  });
});
