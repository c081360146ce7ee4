/**
 * The diagnostic features of the built CLI as a user runs them, against real listeners, a real black hole
 * and a real DNS server on loopback: several targets, --targets, --each, --require, --max-time, --count,
 * --compare, and the report formats read back as a program would (JSON arrays, NDJSON line by line, the
 * JUnit file parsed as XML). Run `npm run build` first (`npm test` does).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, type CliRun, requireBuiltCli, runCli, startCli } from '../helpers/cli-process.js';
import { Loopback } from '../helpers/loopback.js';
import { killTerminals, runCliOnTerminal } from '../helpers/terminal.js';
import { findAll, parseXml } from '../helpers/xml.js';

const loopback = new Loopback();
const children = new Set<ChildProcess>();
const dir = mkdtempSync(join(tmpdir(), 'eyeball-cli-'));

beforeAll(() => requireBuiltCli());
afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  killTerminals();
  await loopback.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A DNS server for `dual.test`: AAAA ::1, A 127.0.0.1. Returns the options that use it. */
async function dualStackDns(): Promise<string[]> {
  const dns = await loopback.dnsServer({ 'dual.test': { AAAA: { addresses: ['::1'] }, A: { addresses: ['127.0.0.1'] } } });
  return ['--dns-server', dns.address];
}

/** `dual.test` whose IPv6 address is a black hole and whose IPv4 address answers, on one port. */
async function v6HoleV4Answers(): Promise<{ dns: string[]; port: number }> {
  const dns = await dualStackDns();
  const port = await loopback.blackHole('::1');
  await loopback.listen('127.0.0.1', port);
  return { dns, port };
}

/** NDJSON from stdout: every line must be one JSON object. */
function ndjson(
  run: CliRun,
): Array<{ target: { host: string; port: number }; run?: number; strategy?: string; event: { type: string; [key: string]: unknown } }> {
  expect(run.stdout.endsWith('\n')).toBe(true);
  return run.stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as ReturnType<typeof ndjson>[number]);
}

function expectOneErrorLine(run: CliRun, message: string): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`eyeball: ${message}\n`);
}

describe('several targets', () => {
  it('a summary table, exit 1 when one failed', async () => {
    const open = await loopback.listen('127.0.0.1');
    const closed = await loopback.refusedPort();
    const run = await runCli([`127.0.0.1:${open}`, `127.0.0.1:${closed}`, '--no-color']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`│ ✓ │ 127\\.0\\.0\\.1:${open} +│ connected +│ 127\\.0\\.0\\.1 │ IPv4`, 'u'));
    expect(run.stdout).toMatch(new RegExp(`│ ✗ │ 127\\.0\\.0\\.1:${closed} +│ every address failed`, 'u'));
    expect(run.stdout.endsWith('2 targets: 1 passed, 1 failed\n')).toBe(true);
  });

  it('--json: an array of the single-target documents, in target order', async () => {
    const open = await loopback.listen('127.0.0.1');
    const other = await loopback.listen('::1');
    const run = await runCli([`127.0.0.1:${open}`, `[::1]:${other}`, '--json']);
    expect(run.code).toBe(0);
    const documents = JSON.parse(run.stdout) as Array<{
      schemaVersion: number;
      ok: boolean;
      target: { host: string; port: number };
      winner: { family: number };
    }>;
    expect(documents.map((document) => [document.schemaVersion, document.ok, document.target, document.winner.family])).toEqual([
      [1, true, { host: '127.0.0.1', port: open }, 4],
      [1, true, { host: '::1', port: other }, 6],
    ]);
  });

  it('--targets FILE, comments and all, after the targets of the command line', async () => {
    const open = await loopback.listen('127.0.0.1');
    const file = join(dir, 'hosts.txt');
    writeFileSync(file, `# loopback\n127.0.0.1 ${open}\n\n[::1]:${open}   # nothing listens here\n`);
    const run = await runCli([`http://127.0.0.1:${open}/`, '--targets', file, '--json', '--concurrency', '1']);
    expect(run.code).toBe(1);
    const documents = JSON.parse(run.stdout) as Array<{ ok: boolean; target: { host: string } }>;
    expect(documents.map((document) => [document.target.host, document.ok])).toEqual([
      ['127.0.0.1', true],
      ['127.0.0.1', true],
      ['::1', false],
    ]);
  });

  it('--targets - reads standard input; a list of one line is still an array', async () => {
    const closed = await loopback.refusedPort();
    const child = spawn(process.execPath, [CLI_BIN, '--targets', '-', '--json'], { stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stdin.end(`127.0.0.1:${closed}\n`);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as Array<{ target: { port: number } }>).map((document) => document.target.port)).toEqual([closed]);
  });

  it.each<[string, string[], (file: string) => string]>([
    [
      'a port among several targets',
      ['a.example', '443', 'b.example:443'],
      () => 'too many arguments: "443" looks like a port, but with several targets, each carries its own port (host:port, [IPv6]:port or a URL)',
    ],
    [
      'a bad line in the targets file',
      ['--targets', join(dir, 'bad.txt')],
      (file) => `--targets "${file}" line 2: invalid port "0": expected a number from 1 to 65535`,
    ],
    ['a missing targets file', ['--targets', join(dir, 'missing.txt')], (file) => `cannot read --targets "${file}": no such file`],
  ])('usage error: %s', async (_label, args, message) => {
    writeFileSync(join(dir, 'bad.txt'), 'example.com:443\nexample.com:0\n');
    const file = args[1] ?? '';
    expectOneErrorLine(await runCli(args), message(file));
  });
});

describe('--each', () => {
  it('every address on its own: the IPv6 black hole times out, IPv4 connects, the verdict per family', async () => {
    const { dns, port } = await v6HoleV4Answers();
    const run = await runCli(['dual.test', String(port), ...dns, '--each', '--attempt-timeout', '300', '--no-color']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/│ ::1 +│ IPv6 +│ no answer, timed out after 30\d(\.\d)? ms/u);
    expect(run.stdout).toMatch(/│ 127\.0\.0\.1 +│ IPv4 +│ connected +│ [\d.]+ m?s/u);
    expect(run.stdout).toContain('Verdict\nIPv6: 0 of 1 address reachable\nIPv4: 1 of 1 address reachable\n');
  });

  it('--require ipv6 fails (exit 1); --json says which check and why', async () => {
    const { dns, port } = await v6HoleV4Answers();
    const run = await runCli(['dual.test', String(port), ...dns, '--each', '--attempt-timeout', '300', '--require', 'ipv6', '--json']);
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout) as {
      mode: string;
      ok: boolean;
      passed: boolean;
      addresses: Array<{ address: string; outcome: string }>;
      checks: Array<{ name: string; passed: boolean; detail: string }>;
    };
    expect(document).toMatchObject({ mode: 'each', ok: true, passed: false });
    expect(document.addresses.map(({ address, outcome }) => [address, outcome])).toEqual([
      ['::1', 'timeout'],
      ['127.0.0.1', 'connected'],
    ]);
    expect(document.checks.map(({ name, passed, detail }) => [name, passed, detail])).toEqual([
      ['connect', true, '1 of 2 addresses reachable'],
      ['IPv6', false, 'IPv6: 0 of 1 address reachable'],
    ]);
  });
});

describe('policies on the race', () => {
  it('--require ipv6 fails when IPv4 wins, and the report says why', async () => {
    const dns = await dualStackDns();
    const port = await loopback.listen('127.0.0.1');
    const run = await runCli(['dual.test', String(port), ...dns, '--require', 'ipv6', '--no-color']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Checks: 1 passed, 1 failed\n✓ connect  connected to 127.0.0.1 (IPv4) in');
    expect(run.stdout.replace(/\n +/gu, ' ')).toContain(
      '✗ IPv6     IPv6 required, but the race was won over IPv4 (127.0.0.1); IPv6: ::1 refused (ECONNREFUSED)',
    );
  });

  it('--require ipv4 passes (exit 0)', async () => {
    const dns = await dualStackDns();
    const port = await loopback.listen('127.0.0.1');
    const run = await runCli(['dual.test', String(port), ...dns, '--require', 'ipv4', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      passed: true,
      checks: [
        { name: 'connect', passed: true },
        { name: 'IPv4', passed: true },
      ],
    });
  });

  it('--max-time fails when the race takes longer (the black hole costs one attempt delay)', async () => {
    const { dns, port } = await v6HoleV4Answers();
    const run = await runCli(['dual.test', String(port), ...dns, '--max-time', '100', '--json']);
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout) as { ok: boolean; checks: Array<{ kind: string; passed: boolean; detail: string }> };
    expect(document.ok).toBe(true);
    expect(document.checks[1]).toMatchObject({ kind: 'max-time', passed: false });
    // At least one Connection Attempt Delay (250 ms) went by; how much more depends on the machine's load.
    const took = /^connected in (\d+(?:\.\d)?) ms, over the 100 ms limit$/u.exec(document.checks[1]?.detail ?? '');
    expect(Number(took?.[1])).toBeGreaterThanOrEqual(250);
  });
});

describe('--ndjson', () => {
  it('one event per line, each with its target; each target ends with its verdict', async () => {
    const open = await loopback.listen('127.0.0.1');
    const closed = await loopback.refusedPort();
    const run = await runCli([`127.0.0.1:${open}`, `127.0.0.1:${closed}`, '--ndjson']);
    expect(run.code).toBe(1);
    const lines = ndjson(run);
    for (const port of [open, closed]) {
      const own = lines.filter((line) => line.target.port === port);
      expect(own.at(-1)?.event.type).toBe('verdict');
      expect(own.every((line) => line.target.host === '127.0.0.1' && typeof line.event.at === 'number')).toBe(true);
      const times = own.map((line) => line.event.at as number);
      expect(times.slice(0, -1)).toEqual([...times.slice(0, -1)].sort((a, b) => a - b));
    }
    expect(lines.filter((line) => line.target.port === open).map((line) => line.event.type)).toEqual([
      'race-started',
      'addresses-sorted',
      'attempt-started',
      'attempt-succeeded',
      'connected',
      'verdict',
    ]);
    expect(lines.find((line) => line.target.port === closed && line.event.type === 'verdict')?.event).toMatchObject({ passed: false });
  });

  it('streams: the first line is out before the race ends', async () => {
    const port = await loopback.blackHole('127.0.0.1');
    const { child, done } = startCli([`127.0.0.1:${port}`, '--ndjson', '--timeout', '1500']);
    children.add(child);
    // The race's first trace event, and the race-started line before it, while the race still runs.
    const firstLines = await new Promise<string[]>((resolve) => {
      let text = '';
      const onData = (chunk: Buffer | string): void => {
        text += String(chunk);
        const lines = text.split('\n');
        if (lines.length < 3) return;
        child.stdout?.off('data', onData);
        resolve(lines.slice(0, 2));
      };
      child.stdout?.on('data', onData);
    });
    expect(child.exitCode).toBeNull();
    expect(firstLines.map((line) => (JSON.parse(line) as { event: { type: string } }).event.type)).toEqual(['race-started', 'addresses-sorted']);
    const run = await done;
    expect(run.code).toBe(1);
    expect(
      ndjson(run)
        .map((line) => line.event.type)
        .slice(-3),
    ).toEqual(['attempt-cancelled', 'failed', 'verdict']);
  });

  it('--each and --count name what each line belongs to', async () => {
    const open = await loopback.listen('127.0.0.1');
    const each = ndjson(await runCli([`127.0.0.1:${open}`, '--each', '--ndjson']));
    expect(each.map((line) => line.event.type)).toEqual(['probe-started', 'probe-ended', 'verdict']);
    const repeat = ndjson(await runCli([`127.0.0.1:${open}`, '--count', '2', '--interval', '10', '--ndjson']));
    expect([...new Set(repeat.map((line) => line.run))]).toEqual([1, 2, undefined]);
    expect(repeat.at(-1)?.event).toMatchObject({ type: 'verdict', statistics: { runs: 2, connected: 2, failed: 0 } });
  });
});

describe('--junit', () => {
  it('a well-formed JUnit file: a suite per target, a case per check, failures with their reason', async () => {
    const open = await loopback.listen('127.0.0.1');
    const closed = await loopback.refusedPort();
    const file = join(dir, 'junit.xml');
    const run = await runCli([`127.0.0.1:${open}`, `127.0.0.1:${closed}`, '--require', 'ipv4', '--max-time', '5s', '--junit', file, '--json']);
    expect(run.code).toBe(1);
    expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    const root = parseXml(readFileSync(file, 'utf8'));
    expect(root.attributes).toMatchObject({ tests: '6', failures: '3' });
    const suites = findAll(root, 'testsuite');
    expect(
      suites.map((suite) => [
        suite.attributes['name'],
        findAll(suite, 'testcase').map((test) => test.attributes['name']),
        findAll(suite, 'failure').length,
      ]),
    ).toEqual([
      [`127.0.0.1:${open}`, ['connect', 'IPv4', 'max time 5 s'], 0],
      [`127.0.0.1:${closed}`, ['connect', 'IPv4', 'max time 5 s'], 3],
    ]);
    const [connectFailure] = findAll(suites[1]!, 'failure');
    expect(connectFailure?.attributes['type']).toBe('connect');
    expect(connectFailure?.attributes['message']).toContain(`ECONNREFUSED 127.0.0.1:${closed}`);
  });

  it('a JUnit file that cannot be written: the report, then one error line, exit 1', async () => {
    const open = await loopback.listen('127.0.0.1');
    const run = await runCli([`127.0.0.1:${open}`, '--junit', join(dir, 'no', 'such', 'dir.xml'), '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
    expect(run.stderr).toMatch(/^eyeball: cannot write the JUnit report to ".*dir\.xml": ENOENT\n$/u);
  });
});

describe('--count', () => {
  it('a line per run, then the statistics', async () => {
    const open = await loopback.listen('127.0.0.1');
    const run = await runCli([`127.0.0.1:${open}`, '--count', '3', '--interval', '20']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3).map((line) => line.replace(/in [\d.]+ m?s$/u, 'in T'))).toEqual([
      'run 1: connected to 127.0.0.1 (IPv4) in T',
      'run 2: connected to 127.0.0.1 (IPv4) in T',
      'run 3: connected to 127.0.0.1 (IPv4) in T',
    ]);
    expect(lines[3]).toBe(`--- 127.0.0.1 port ${open}: 3 runs ---`);
    expect(lines[4]).toBe('3 connected, 0 failed');
    expect(lines[5]).toMatch(/^connect time: min [\d.]+ m?s, median [\d.]+ m?s, max [\d.]+ m?s$/u);
    expect(lines[6]).toBe('winner: IPv6 0 times, IPv4 3 times');
  });

  it('Ctrl-C ends the series early and still prints the statistics (exit 130)', async () => {
    const open = await loopback.listen('127.0.0.1');
    const { child, done } = startCli([`127.0.0.1:${open}`, '--count', '100', '--interval', '200']);
    children.add(child);
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(
      new RegExp(`--- 127\\.0\\.0\\.1 port ${open}: \\d+ runs? of 100 \\(interrupted\\) ---\\n\\d+ connected, 0 failed\\n`, 'u'),
    );
  });
});

describe('--compare', () => {
  it('eyeball and Node get past the IPv6 black hole; the sequential connect hangs on it until the timeout', async () => {
    const { dns, port } = await v6HoleV4Answers();
    const run = await runCli(['dual.test', String(port), ...dns, '--compare', '--timeout', '700', '--json']);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as {
      mode: string;
      node: { attemptTimeout: number };
      strategies: Record<
        'eyeball' | 'node' | 'sequential',
        { ok: boolean; winner: { address: string } | null; events?: Array<{ type: string }>; error?: { reason: string } | null }
      >;
    };
    expect(document.mode).toBe('compare');
    expect(document.node.attemptTimeout).toBe(250);
    expect(document.strategies.eyeball).toMatchObject({ ok: true, winner: { address: '127.0.0.1' } });
    expect(document.strategies.node).toMatchObject({ ok: true, winner: { address: '127.0.0.1' } });
    expect(document.strategies.node.events?.map((event) => event.type)).toContain('attempt-abandoned');
    expect(document.strategies.sequential).toMatchObject({ ok: false, winner: null, error: { reason: 'timeout' } });
  });

  it('for people: side by side, and the verdict in words', async () => {
    const dns = await dualStackDns();
    const port = await loopback.blackHole('::1');
    const run = await runCli(['dual.test', String(port), ...dns, '--compare', '--timeout', '600', '--no-color', '--resolver', 'dns']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/│ Node net\.connect │ failed/u);
    expect(run.stdout).toMatch(/failed: AggregateError with an empty message \(errors: ETIMEDOUT, ECONNREFUSED\)/u);
    expect(run.stdout.replace(/\n {4}/gu, ' ')).toContain("Node's error is AggregateError with an empty message");
  });
});

describe('the live view on a terminal', () => {
  it('draws the race while it runs (a spinner on the long wait), then the report takes its place', async () => {
    const port = await loopback.blackHole('127.0.0.1');
    const run = await runCliOnTerminal([`127.0.0.1:${port}`, '--timeout', '600'], { NO_COLOR: '1' });
    expect(run.code).toBe(1);
    // Frames: each redraw goes back up over the previous one and clears it.
    expect(run.stdout).toMatch(/\u001b\[\d+F\u001b\[J/u);
    expect(run.stdout).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] waiting \d+(\.\d)? ms for #0 127\.0\.0\.1/u);
    // The cursor is hidden while drawing and given back before the report.
    const shown = run.stdout.lastIndexOf('\u001b[?25h');
    expect(run.stdout.indexOf('\u001b[?25l')).toBeLessThan(shown);
    expect(run.stdout.indexOf('Could not connect within the overall timeout of 600 ms')).toBeGreaterThan(shown);
  });

  it('--no-live: only the report', async () => {
    const port = await loopback.listen('127.0.0.1');
    const run = await runCliOnTerminal([`127.0.0.1:${port}`, '--no-live'], { NO_COLOR: '1' });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('\u001b[?25l');
    expect(run.stdout).toContain('Connected to 127.0.0.1');
  });
});
