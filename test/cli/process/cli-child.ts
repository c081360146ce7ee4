/**
 * What the subprocess tests of src/cli/process/ need beyond test/helpers/cli-process.ts: the CLI with its
 * stdout on a file descriptor of the test's choosing (/dev/full), a stdout pipe the test reads line by line
 * and may close, and the CLI's own children (the lookup process) found in /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { CLI_BIN } from '../../helpers/cli-process.js';

export interface CliExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

export interface CliChild {
  readonly child: ChildProcess;
  /** stdout, line by line, as it arrives (when stdout is a pipe). */
  readonly lines: string[];
  /** Resolves with the first stdout line for which `test` holds. */
  lineWhere(test: (line: string) => boolean): Promise<string>;
  readonly exited: Promise<CliExit>;
}

/** Starts `node bin/eyeball.js ...args`; stdout is a pipe, or the file descriptor given. */
export function spawnCli(args: readonly string[], stdout: 'pipe' | number = 'pipe'): CliChild {
  const env = { ...process.env };
  delete env['FORCE_COLOR'];
  delete env['NO_COLOR'];
  delete env['EYEBALL_DEBUG'];
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env, stdio: ['ignore', stdout, 'pipe'] });
  const lines: string[] = [];
  const waiting: Array<{ test: (line: string) => boolean; resolve: (line: string) => void }> = [];
  if (child.stdout !== null) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      for (const waiter of waiting.filter((candidate) => candidate.test(line))) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    });
  }
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<CliExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return {
    child,
    lines,
    lineWhere(test) {
      const seen = lines.find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiting.push({ test, resolve }));
    },
    exited,
  };
}

/** The pids whose parent is `pid` (Linux /proc). */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/u.test(entry))
    .map(Number)
    .filter((candidate) => statOf(candidate)?.parent === pid);
}

/** The process exists and is not a zombie (a dead process its new parent has not reaped yet). */
export function isAlive(pid: number): boolean {
  const stat = statOf(pid);
  return stat !== null && stat.state !== 'Z';
}

/** Resolves once `condition` holds, checking every 10 ms. */
export async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Fields of /proc/PID/stat: "pid (comm) state ppid ...", where comm may hold spaces and parentheses. */
function statOf(pid: number): { state: string; parent: number } | null {
  const path = `/proc/${pid}/stat`;
  let text: string;
  try {
    if (!existsSync(path)) return null;
    text = readFileSync(path, 'utf8');
  } catch {
    return null; // it ended between the two calls
  }
  const [state = '', parent = ''] = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state, parent: Number(parent) };
}

/** A listener on 127.0.0.1 that counts the connections it accepts; it goes into `servers`, for the test to close. */
export async function countingListener(servers: Server[]): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return { port: address.port, connections: () => connections };
}
