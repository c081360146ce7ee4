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
import { MAX_TARGETS_FILE_BYTES, readTargetsFile } from '../../src/cli/targets-file.js';
import { DEFAULT_TLS_REQUEST, loadCaFile, MAX_CA_FILE_BYTES } from '../../src/cli/tls-settings.js';
import { CLI_BIN, requireBuiltCli, runCli } from '../helpers/cli-process.js';
import { usageErrorOf } from './parse-helpers.js';
import { DEFAULT_SETTINGS } from './render/fixtures.js';

/** The exit code for usage errors (docs/cli.md). */
const EXIT_USAGE = 2;
/** Far less than the minute an unbounded read took, far more than a refused one needs. */
const SUBPROCESS_TIMEOUT_MS = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'eyeball-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ShellRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `producer | node bin/eyeball.js args...` in a shell: standard input is a real pipe. */
function runWithPipe(producer: string, args: readonly string[]): Promise<ShellRun> {
  const quoted = [process.execPath, CLI_BIN, ...args].map((word) => `'${word}'`).join(' ');
  const child = spawn('/bin/sh', ['-c', `${producer} | ${quoted}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectOneLine(run: ShellRun, message: string): void {
  expect(run.code).toBe(EXIT_USAGE);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`eyeball: ${message}\n`);
}

describe('the built CLI refuses endless input', () => {
  beforeAll(requireBuiltCli);

  it('--targets /dev/zero', { timeout: SUBPROCESS_TIMEOUT_MS }, async () => {
    expectOneLine(await runCli(['--targets', '/dev/zero']), '--targets "/dev/zero" is larger than 4 MiB');
  });

  it('--ca /dev/zero', { timeout: SUBPROCESS_TIMEOUT_MS }, async () => {
    expectOneLine(await runCli(['localhost', '1', '--ca', '/dev/zero']), '--ca "/dev/zero" is larger than 1 MiB');
  });

  it('an endless pipe into --targets -', { timeout: SUBPROCESS_TIMEOUT_MS }, async () => {
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
