/*
 * Every file the CLI reads has a size cap (src/cli/read-file.ts): an endless file or pipe is refused at once
 * with exit code 2 and one line on stderr. Runs the built CLI (`npm run build` first) on real files and
 * pipes. Without the cap these runs grew to gigabytes and were killed after a minute: the test's own
 * timeout is what fails them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CA_FILE_BYTES, MAX_TARGETS_FILE_BYTES } from '../../src/cli/process/input-limits.js';
import { readTargetsFile } from '../../src/cli/targets-file.js';
import { DEFAULT_TLS_REQUEST, loadCaFile } from '../../src/cli/tls-settings.js';
import { CLI_BIN, requireBuiltCli, startCli } from '../helpers/cli-process.js';
import { usageErrorOf } from './parse-helpers.js';
import { DEFAULT_SETTINGS } from './render/fixtures.js';

/** The exit code for usage errors (docs/cli.md). */
const EXIT_USAGE = 2;
/**
 * Far less than the minute an unbounded read took, far more than a refused one needs: a CLI still
 * running then is killed (it would otherwise fill the memory after the test failed).
 */
const DEADLINE_MS = 5_000;
const TEST_TIMEOUT_MS = DEADLINE_MS + 5_000;

const dir = mkdtempSync(join(tmpdir(), 'eyeball-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ShellRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Resolves with the run, or kills it (with `kill`) at the deadline and resolves with what it had. */
async function withDeadline<T>(done: Promise<T>, kill: () => void): Promise<T> {
  const timer = setTimeout(kill, DEADLINE_MS);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the built CLI with `args`, killed at the deadline. */
function runBounded(args: readonly string[]): Promise<ShellRun> {
  const { child, done } = startCli(args);
  return withDeadline(done, () => child.kill('SIGKILL'));
}

/** Runs `producer | node bin/eyeball.js args...` in a shell (standard input is a real pipe), killed at the deadline. */
function runWithPipe(producer: string, args: readonly string[]): Promise<ShellRun> {
  const quoted = [process.execPath, CLI_BIN, ...args].map((word) => `'${word}'`).join(' ');
  // A group of its own, so that the deadline kills the producer and the CLI with the shell.
  const child = spawn('/bin/sh', ['-c', `${producer} | ${quoted}`], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<ShellRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return withDeadline(done, () => process.kill(-(child.pid ?? 0), 'SIGKILL'));
}

function expectOneLine(run: ShellRun, message: string): void {
  expect(run.code).toBe(EXIT_USAGE);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`eyeball: ${message}\n`);
}

describe('the built CLI refuses endless input', () => {
  beforeAll(requireBuiltCli);

  it('--targets /dev/zero', { timeout: TEST_TIMEOUT_MS }, async () => {
    expectOneLine(await runBounded(['--targets', '/dev/zero']), '--targets "/dev/zero" is larger than 4 MiB');
  });

  it('--ca /dev/zero', { timeout: TEST_TIMEOUT_MS }, async () => {
    expectOneLine(await runBounded(['localhost', '1', '--ca', '/dev/zero']), '--ca "/dev/zero" is larger than 1 MiB');
  });

  it('an endless pipe into --targets -', { timeout: TEST_TIMEOUT_MS }, async () => {
    expectOneLine(await runWithPipe('yes localhost:1', ['--targets', '-']), '--targets standard input is larger than 4 MiB');
  });
});

describe('the caps, on real files', () => {
  const fileOf = (name: string, bytes: number, line: string): string => {
    const path = join(dir, name);
    writeFileSync(path, line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes));
    return path;
  };

  it('a targets file of exactly the cap is read; one byte more is refused', () => {
    const line = '127.0.0.1:1\n';
    // A comment line fills the file up to one target line at its end.
    const atCap = join(dir, 'at-cap.txt');
    writeFileSync(atCap, `${'#'.repeat(MAX_TARGETS_FILE_BYTES - line.length - 1)}\n${line}`);
    expect(readTargetsFile(atCap).map((target) => target.host)).toEqual(['127.0.0.1']);
    const over = fileOf('over-cap.txt', MAX_TARGETS_FILE_BYTES + 1, line);
    expect(usageErrorOf(() => readTargetsFile(over))).toBe(`--targets "${over}" is larger than 4 MiB`);
  });

  it('a CA file one byte over the cap is refused', () => {
    const over = fileOf('big-ca.pem', MAX_CA_FILE_BYTES + 1, '-----BEGIN CERTIFICATE-----\n');
    const settings = { ...DEFAULT_SETTINGS, tls: { ...DEFAULT_TLS_REQUEST, mode: 'on' as const, caFile: over } };
    expect(usageErrorOf(() => loadCaFile(settings))).toBe(`--ca "${over}" is larger than 1 MiB`);
  });
});
