import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI as users run it; it imports the bundle that `npm run build` writes. */
export const CLI_BIN = `${ROOT}bin/eyeball.js`;
const CLI_BUNDLE = `${ROOT}dist/cli.cjs`;

/** Throws a helpful error when the bundle is missing (call it in `beforeAll`). */
export function requireBuiltCli(): void {
  if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run \`npm run build\` first (\`npm test\` does)`);
}

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** `performance.now()` in this process when the last stdout chunk arrived (null: none did). */
  readonly lastStdoutAt: number | null;
  /** The same for stderr. */
  readonly lastStderrAt: number | null;
  /** `performance.now()` in this process when the child's 'exit' event fired. */
  readonly exitAt: number;
  readonly startedAt: number;
}

/**
 * Starts `node bin/eyeball.js ...args` with a clean environment (no colour variables, no EYEBALL_DEBUG)
 * plus `env`, and records when output and exit happen. `done` resolves once the streams are closed.
 */
export function startCli(args: readonly string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const childEnv = { ...process.env };
  delete childEnv['FORCE_COLOR'];
  delete childEnv['NO_COLOR'];
  delete childEnv['EYEBALL_DEBUG'];
  const startedAt = performance.now();
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: { ...childEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let lastStdoutAt: number | null = null;
  let lastStderrAt: number | null = null;
  let exitAt = Number.NaN;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    lastStdoutAt = performance.now();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    lastStderrAt = performance.now();
  });
  child.once('exit', () => {
    exitAt = performance.now();
  });
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, lastStdoutAt, lastStderrAt, exitAt, startedAt }));
  });
  return { child, done };
}

/** Runs the CLI to the end. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return startCli(args, env).done;
}
