import { type ChildProcess, spawn } from 'node:child_process';
import { CLI_BIN } from './cli-process.js';

const running = new Set<ChildProcess>();

export interface TerminalRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Everything the terminal received (stdout and stderr together, with `\r\n` line ends). */
  readonly stdout: string;
}

/**
 * Runs the built CLI on a pseudo-terminal (util-linux `script`), so that its stdout is a TTY, 100 columns
 * wide, with the colour variables of the test runner removed and `env` added.
 */
export function runCliOnTerminal(args: readonly string[], env: Record<string, string> = {}): Promise<TerminalRun> {
  const command = [process.execPath, CLI_BIN, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  const childEnv: NodeJS.ProcessEnv = { ...process.env, COLUMNS: '100' };
  delete childEnv['FORCE_COLOR'];
  delete childEnv['NO_COLOR'];
  delete childEnv['EYEBALL_DEBUG'];
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...childEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout });
    });
  });
}

/** Kills the terminal runs still going (for afterEach). */
export function killTerminals(): void {
  for (const child of running) child.kill('SIGKILL');
}
