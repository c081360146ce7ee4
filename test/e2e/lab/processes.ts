/**
 * Long-running helpers inside a namespace (the daemon, syn-delay). Each is started with
 * `ip netns exec`, must print `ready` on stdout, and stops when its stdin closes; `stop()` closes it and
 * waits, and the pipe closes by itself if the test process dies, so a helper never outlives its run.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** How long a helper may take to print `ready`. */
const READY_TIMEOUT_MS = 10_000;
/** How long `stop()` waits for an exit before SIGKILL. */
const STOP_TIMEOUT_MS = 2_000;

export interface NamespaceProcess {
  readonly pid: number;
  /** Stdout lines after `ready`. */
  readonly lines: readonly string[];
  stop(): Promise<void>;
}

/**
 * Starts `command args` in the namespace and resolves once it printed `ready`; rejects with its stderr otherwise.
 * `idle`: under the SCHED_IDLE policy (`chrt --idle 0`), so that it runs only on a core nothing else needs.
 */
export function startInNamespace(namespace: string, command: string, args: readonly string[], { idle = false } = {}): Promise<NamespaceProcess> {
  const policy = idle ? ['chrt', '--idle', '0'] : [];
  const child: ChildProcessWithoutNullStreams = spawn('ip', ['netns', 'exec', namespace, ...policy, command, ...args], { stdio: 'pipe' });
  const lines: string[] = [];
  let stderr = '';
  let isReady = false;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      void stop();
      reject(new Error(`${command} in ${namespace} ${why}${stderr.trim() === '' ? '' : `: ${stderr.trim()}`}`));
    };
    const timer = setTimeout(() => fail(`did not print "ready" within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    child.once('error', (error) => fail(`could not start (${error.message})`));
    child.once('exit', (code, signal) => {
      if (!isReady) {
        clearTimeout(timer);
        fail(`exited with ${code ?? signal} before it was ready`);
      }
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (isReady) {
        lines.push(line);
        return;
      }
      if (line !== 'ready') return;
      isReady = true;
      clearTimeout(timer);
      resolve({ pid: child.pid ?? -1, lines, stop });
    });
  });
}
