/*
 * runCheckCommand in-process with its output captured: several targets on loopback, each output format,
 * the JUnit file, the exit codes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckPlan } from '../../../src/cli/check-plan.js';
import { type CheckIo, runCheckCommand } from '../../../src/cli/commands/check.js';
import type { RunTarget } from '../../../src/cli/report.js';
import { findAll, parseXml } from '../../helpers/xml.js';
import { Loopback } from '../../helpers/loopback.js';
import { DEFAULT_SETTINGS } from '../render/fixtures.js';

const loopback = new Loopback();
afterEach(() => loopback.close());

function target(host: string, port: number): RunTarget {
  return { host, port, input: `${host}:${port}` };
}

function basePlan(targets: RunTarget[], change: Partial<CheckPlan> = {}): CheckPlan {
  return {
    targets,
    targetsFile: null,
    settings: { ...DEFAULT_SETTINGS, timeout: 5000 },
    mode: 'race',
    policy: { require: null, maxTime: null },
    count: 1,
    interval: 0,
    concurrency: 8,
    output: { format: 'human', noColor: true, verbose: false, live: true, junit: null },
    ...change,
  };
}

function capture(change: Partial<CheckIo> = {}) {
  const written: string[] = [];
  const files = new Map<string, string>();
  const io: CheckIo = {
    signal: new AbortController().signal,
    write: (text) => written.push(text),
    writeFile: (path, text) => files.set(path, text),
    readTargets: () => {
      throw new Error('no targets file in this test');
    },
    color: false,
    width: 100,
    height: 24,
    isTTY: false,
    env: {},
    ...change,
  };
  return { io, written, files, stdout: () => written.join('') };
}

describe('runCheckCommand', () => {
  it('many targets at once on the one interrupt signal: no listener-leak warning', async () => {
    const open = await loopback.listen('127.0.0.1');
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const targets = Array.from({ length: 32 }, () => target('127.0.0.1', open));
      expect(await runCheckCommand(basePlan(targets, { concurrency: 32 }), capture().io)).toBe(0);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('several targets: a JSON array in target order, exit 1 when one failed', async () => {
    const open = await loopback.listen('127.0.0.1');
    const closed = await loopback.refusedPort();
    const out = capture();
    const code = await runCheckCommand(
      basePlan([target('127.0.0.1', closed), target('127.0.0.1', open)], {
        output: { format: 'json', noColor: true, verbose: false, live: true, junit: null },
      }),
      out.io,
    );
    expect(code).toBe(1);
    const documents = JSON.parse(out.stdout()) as Array<{ ok: boolean; target: { port: number }; checks?: unknown }>;
    expect(documents.map((document) => [document.target.port, document.ok])).toEqual([
      [closed, false],
      [open, true],
    ]);
    // No policy: the race documents are exactly the single-target ones.
    expect(documents[0]).not.toHaveProperty('checks');
  });

  it('every target passing: exit 0, and the summary table for people', async () => {
    const first = await loopback.listen('127.0.0.1');
    const second = await loopback.listen('::1');
    const out = capture();
    expect(await runCheckCommand(basePlan([target('127.0.0.1', first), target('::1', second)]), out.io)).toBe(0);
    expect(out.stdout()).toMatch(/│ ✓ │ 127\.0\.0\.1:\d+ +│ connected/u);
    expect(out.stdout().endsWith('2 targets: 2 passed, 0 failed\n')).toBe(true);
  });

  it('targets from the file follow those of the command line', async () => {
    const port = await loopback.listen('127.0.0.1');
    const out = capture({ readTargets: (path) => (path === 'hosts.txt' ? [target('127.0.0.1', port), target('::1', port)] : []) });
    const code = await runCheckCommand(
      basePlan([target('127.0.0.1', port)], {
        targetsFile: 'hosts.txt',
        output: { format: 'json', noColor: true, verbose: false, live: true, junit: null },
      }),
      out.io,
    );
    expect(code).toBe(1);
    const documents = JSON.parse(out.stdout()) as Array<{ target: { host: string }; ok: boolean }>;
    expect(documents.map((document) => [document.target.host, document.ok])).toEqual([
      ['127.0.0.1', true],
      ['127.0.0.1', true],
      ['::1', false],
    ]);
  });

  it('--json: a targets file of one line gives an array, one target on the command line an object', async () => {
    const port = await loopback.listen('127.0.0.1');
    const json = { format: 'json', noColor: true, verbose: false, live: true, junit: null } as const;
    const fromFile = capture({ readTargets: () => [target('127.0.0.1', port)] });
    expect(await runCheckCommand(basePlan([], { targetsFile: 'hosts.txt', output: json }), fromFile.io)).toBe(0);
    const documents = JSON.parse(fromFile.stdout()) as Array<{ target: { host: string }; ok: boolean }>;
    expect(documents.map((document) => [document.target.host, document.ok])).toEqual([['127.0.0.1', true]]);

    const single = capture();
    expect(await runCheckCommand(basePlan([target('127.0.0.1', port)], { output: json }), single.io)).toBe(0);
    expect(JSON.parse(single.stdout())).toMatchObject({ ok: true, target: { host: '127.0.0.1', port } });
  });

  it('--ndjson: events as they happen, each target ending with its verdict', async () => {
    const port = await loopback.listen('127.0.0.1');
    const out = capture();
    const code = await runCheckCommand(
      basePlan([target('127.0.0.1', port)], {
        policy: { require: 'ipv6', maxTime: null },
        output: { format: 'ndjson', noColor: true, verbose: false, live: true, junit: null },
      }),
      out.io,
    );
    expect(code).toBe(1);
    const lines = out.written.map((line) => JSON.parse(line) as { target: unknown; event: { type: string; passed?: boolean } });
    expect(out.written.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    expect(lines.map((line) => line.event.type)).toEqual([
      'race-started',
      'addresses-sorted',
      'attempt-started',
      'attempt-succeeded',
      'connected',
      'verdict',
    ]);
    expect(lines[0]?.event).toMatchObject({ at: 0, startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u) });
    expect(lines.at(-1)?.event).toMatchObject({
      type: 'verdict',
      passed: false,
      checks: [
        { name: 'connect', passed: true },
        { name: 'IPv6', passed: false },
      ],
    });
  });

  it('--junit: the XML file is written, one suite per target', async () => {
    const port = await loopback.listen('127.0.0.1');
    const out = capture();
    await runCheckCommand(
      basePlan([target('127.0.0.1', port)], {
        policy: { require: null, maxTime: 60_000 },
        output: { format: 'human', noColor: true, verbose: false, live: true, junit: 'report.xml' },
      }),
      out.io,
    );
    const root = parseXml(out.files.get('report.xml') ?? '');
    expect(findAll(root, 'testcase').map((test) => test.attributes['name'])).toEqual(['connect', 'max time 60 s']);
    expect(findAll(root, 'failure')).toEqual([]);
  });

  it('a JUnit file that cannot be written is one error, after the report', async () => {
    const port = await loopback.listen('127.0.0.1');
    const out = capture({
      writeFile: () => {
        throw Object.assign(new Error('no such directory'), { code: 'ENOENT' });
      },
    });
    await expect(
      runCheckCommand(
        basePlan([target('127.0.0.1', port)], { output: { format: 'human', noColor: true, verbose: false, live: true, junit: '/nowhere/r.xml' } }),
        out.io,
      ),
    ).rejects.toThrow('cannot write the JUnit report to "/nowhere/r.xml": ENOENT');
    expect(out.stdout()).toContain('Connected to 127.0.0.1');
  });

  it('--count: a line per run as it ends, then the statistics', async () => {
    const port = await loopback.listen('127.0.0.1');
    const out = capture();
    expect(await runCheckCommand(basePlan([target('127.0.0.1', port)], { count: 3 }), out.io)).toBe(0);
    expect(out.written.slice(0, 3).map((line) => line.replace(/in [\d.]+ m?s/u, 'in T'))).toEqual([
      'run 1: connected to 127.0.0.1 (IPv4) in T\n',
      'run 2: connected to 127.0.0.1 (IPv4) in T\n',
      'run 3: connected to 127.0.0.1 (IPv4) in T\n',
    ]);
    expect(out.written[3]).toMatch(/^--- 127\.0\.0\.1 port \d+: 3 runs ---\n3 connected, 0 failed\n/u);
  });

  it('an interrupted check exits with 130 and still reports', async () => {
    const controller = new AbortController();
    controller.abort(Object.assign(new Error('interrupted by Ctrl-C'), { code: 'SIGINT' }));
    const out = capture({ signal: controller.signal });
    expect(await runCheckCommand(basePlan([target('127.0.0.1', 9), target('127.0.0.1', 10)]), out.io)).toBe(130);
    expect(out.stdout()).toContain('2 targets: 0 passed, 2 failed (interrupted)');
  });

  it('-4 against an IPv6 literal from the targets file is a usage error before anything runs', async () => {
    const out = capture({ readTargets: () => [target('::1', 443)] });
    await expect(runCheckCommand(basePlan([], { targetsFile: 'x', settings: { ...DEFAULT_SETTINGS, family: 4 } }), out.io)).rejects.toThrow(
      '-4 was given but "::1" is an IPv6 address',
    );
    expect(out.written).toEqual([]);
  });
});
