/**
 * What a run of the built CLI initialises (docs/benchmarks.md, "Start-up"): chalk only for a coloured
 * report (scripts/build.mjs defers it to first use, src/cli/render/theme.ts does not touch it without
 * colour), cli-table3 only for a table that src/cli/render/table.ts does not draw itself (none of a
 * loopback run's). Read from V8's coverage of the bundle (NODE_V8_COVERAGE), where esbuild's initialiser
 * of each bundled module is a function named after the module's path.
 * `npm test` builds first; run `npm run build` before running this file on its own.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from '../helpers/cli-process.js';
import { Loopback } from '../helpers/loopback.js';

/**
 * The initialisers (esbuild's `init_*` / `require_*` bodies) of the modules these tests watch, named by
 * their file path; not the build's stand-in for chalk, whose name starts with its namespace (`lazy-package:`).
 */
const CHALK = /^[^:]*node_modules\/chalk\/source\/index\.js$/u;
const CLI_TABLE3 = /^[^:]*node_modules\/cli-table3\/src\/table\.js$/u;

interface FunctionCoverage {
  readonly functionName: string;
  readonly ranges: ReadonlyArray<{ readonly count: number }>;
}

interface ScriptCoverage {
  readonly url: string;
  readonly functions: readonly FunctionCoverage[];
}

const loopback = new Loopback();
const directories: string[] = [];

beforeAll(requireBuiltCli);

afterEach(async () => {
  await loopback.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Runs the CLI with V8's coverage on; resolves with its exit code and the bundle's functions. */
async function runCovered(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; functions: readonly FunctionCoverage[] }> {
  const directory = mkdtempSync(join(tmpdir(), 'eyeball-coverage-'));
  directories.push(directory);
  const run = await runCli(args, { ...env, NODE_V8_COVERAGE: directory });
  const scripts = readdirSync(directory).flatMap((file) => (JSON.parse(readFileSync(join(directory, file), 'utf8')) as { result: ScriptCoverage[] }).result);
  const bundle = scripts.find((script) => script.url.endsWith('/dist/cli-main.cjs'));
  if (bundle === undefined) throw new Error(`no coverage of dist/cli-main.cjs (exit ${run.code}: ${run.stderr})`);
  return { code: run.code, functions: bundle.functions };
}

/**
 * How often the initialiser of the module whose path matches `module` ran. V8 lists every function of
 * the bundle's top level, run or not: one missing means the build has changed, not that it did not run.
 */
function initialiserRuns(functions: readonly FunctionCoverage[], module: RegExp): number {
  const initialiser = functions.find((fn) => module.test(fn.functionName));
  if (initialiser === undefined) throw new Error(`no initialiser matching ${String(module)} in the bundle's coverage`);
  return initialiser.ranges[0]?.count ?? 0;
}

describe('what a run initialises', () => {
  it('a --json run: neither chalk nor cli-table3', async () => {
    const port = await loopback.listen('127.0.0.1');
    const { code, functions } = await runCovered(['127.0.0.1', String(port), '--json']);
    expect(code).toBe(0);
    expect(initialiserRuns(functions, CHALK)).toBe(0);
    expect(initialiserRuns(functions, CLI_TABLE3)).toBe(0);
  });

  it('a usage error: neither chalk nor cli-table3', async () => {
    const { code, functions } = await runCovered(['example.com', '0']);
    expect(code).toBe(2);
    expect(initialiserRuns(functions, CHALK)).toBe(0);
    expect(initialiserRuns(functions, CLI_TABLE3)).toBe(0);
  });

  it.each([
    ['--no-color', ['--no-color'], {}],
    ['NO_COLOR=1', [], { NO_COLOR: '1' }],
    ['stdout not a terminal', [], {}],
  ])('a human report without colour (%s): neither chalk nor cli-table3', async (_name, flags, env) => {
    const port = await loopback.listen('127.0.0.1');
    const { code, functions } = await runCovered(['127.0.0.1', String(port), ...flags], env);
    expect(code).toBe(0);
    expect(initialiserRuns(functions, CHALK)).toBe(0);
    expect(initialiserRuns(functions, CLI_TABLE3)).toBe(0);
  });

  it('a coloured human report (FORCE_COLOR=1): chalk, once, and still not cli-table3', async () => {
    const port = await loopback.listen('127.0.0.1');
    const { code, functions } = await runCovered(['127.0.0.1', String(port)], { FORCE_COLOR: '1' });
    expect(code).toBe(0);
    expect(initialiserRuns(functions, CHALK)).toBe(1);
    expect(initialiserRuns(functions, CLI_TABLE3)).toBe(0);
  });
});
