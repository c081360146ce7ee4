/*
 * The built CLI with the system resolver against a DNS server that answers UDP with the TC bit and then
 * accepts TCP and never replies (lab/truncating-dns.ts), named by the resolv.conf of a lab namespace.
 * glibc's getaddrinfo then blocks for minutes, and cannot be cancelled; the CLI runs its lookups in a
 * process of its own that it kills when it ends (src/cli/lookup-process/), so it still ends within
 * `--timeout` plus a small margin, with exit code 1. Before that, the report came at `--timeout` and the
 * process lived on for minutes.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBundles } from './lab/bundle.js';
import { createNamespace, newNamespaceName, removeNamespace, removeStaleNamespaces } from './lab/namespace.js';
import { CLI_BUNDLE, EYEBALL_BIN, LAB_DIR } from './lab/paths.js';
import { describeLab } from './lab/prerequisites.js';
import { type NamespaceProcess, startInNamespace } from './lab/processes.js';

const NAMESERVER = '127.0.0.1';
const TIMEOUT_MS = 2000;
/** Node's start, the lookup process's start and the report, on a busy 2-core machine. */
const MARGIN_MS = 2500;
/** Far beyond timeout and margin: a CLI still running then is the hang this test is about. */
const KILL_AFTER_MS = 20_000;
/** "Could not connect" (docs/cli.md, exit codes), which an overall timeout is. */
const EXIT_NOT_CONNECTED = 1;

/** The pids in the namespace, polled for up to a second until there are at most `expected`. */
async function processesLeftIn(namespace: string, expected: number): Promise<number[]> {
  const pids = (): number[] => execFileSync('ip', ['netns', 'pids', namespace], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  for (let tries = 0; tries < 20 && pids().length > expected; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
  return pids();
}

describeLab('a DNS server that truncates over UDP and is silent over TCP', () => {
  const namespace = newNamespaceName();
  const bundles = createBundles();
  let server: NamespaceProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run \`npm run build\` first`);
    removeStaleNamespaces();
    createNamespace(namespace, { loopbackAddresses: [], unreachableRoutes: [], nameserver: NAMESERVER });
    const script = await bundles.bundle(`${LAB_DIR}truncating-dns.ts`);
    server = await startInNamespace(namespace, process.execPath, [script, NAMESERVER, '53']);
  });

  afterAll(async () => {
    await server?.stop();
    removeNamespace(namespace);
    bundles.remove();
  });

  it('the CLI with the system resolver ends within --timeout plus a margin, exit 1', { timeout: KILL_AFTER_MS + 5000 }, async () => {
    const startedAt = performance.now();
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'ip',
        [
          'netns',
          'exec',
          namespace,
          process.execPath,
          EYEBALL_BIN,
          'stuck.example',
          '443',
          '--resolver',
          'system',
          '--timeout',
          String(TIMEOUT_MS),
          '--json',
        ],
        { encoding: 'utf8', timeout: KILL_AFTER_MS, killSignal: 'SIGKILL' },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
      );
    });
    const wallMs = performance.now() - startedAt;
    // The server was asked over UDP, told to retry over TCP, and the lookup went there: the hostile path.
    expect(server?.lines).toContain('tcp');
    expect(run.code).toBe(EXIT_NOT_CONNECTED);
    expect(wallMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    const report = JSON.parse(run.stdout) as { ok: boolean; error: { reason: string } };
    expect(report).toMatchObject({ ok: false, error: { reason: 'timeout' } });
    expect(run.stderr).toBe('');
    // The lookup process, stuck in getaddrinfo, was killed with the CLI: only the DNS server is left in the
    // namespace (once the kernel has finished the kill, which takes a moment after the CLI's exit).
    expect(await processesLeftIn(namespace, 1)).toEqual([server?.pid]);
  });

  it("--compare: Node's and the sequential connect's lookups cannot hold the CLI either", { timeout: KILL_AFTER_MS + 5000 }, async () => {
    const startedAt = performance.now();
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'ip',
        ['netns', 'exec', namespace, process.execPath, EYEBALL_BIN, 'stuck.example', '443', '--compare', '--timeout', String(TIMEOUT_MS), '--json'],
        { encoding: 'utf8', timeout: KILL_AFTER_MS, killSignal: 'SIGKILL' },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
      );
    });
    const wallMs = performance.now() - startedAt;
    expect(run.code).toBe(EXIT_NOT_CONNECTED);
    // The three strategies run one after the other, each bounded by --timeout.
    expect(wallMs).toBeLessThan(3 * TIMEOUT_MS + MARGIN_MS);
    const report = JSON.parse(run.stdout) as { strategies: Record<'eyeball' | 'node' | 'sequential', { ok: boolean; error: { reason: string } }> };
    expect(report.strategies.eyeball).toMatchObject({ ok: false, error: { reason: 'timeout' } });
    expect(report.strategies.node).toMatchObject({ ok: false, error: { reason: 'timeout' } });
    expect(report.strategies.sequential).toMatchObject({ ok: false, error: { reason: 'timeout' } });
    expect(run.stderr).toBe('');
    expect(await processesLeftIn(namespace, 1)).toEqual([server?.pid]);
  });
});
