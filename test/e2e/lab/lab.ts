/**
 * The dual-stack lab: a network namespace whose loopback carries documentation addresses that play roles
 * (see {@link Role}), a DNS server that answers per name and per record type as the plan says, and a way
 * to run the built CLI inside it exactly as a user would: `ip netns exec <ns> node bin/eyeball.js ...`.
 *
 * @example
 * const plan = new LabPlan();
 * const host = plan.host('v6-blackhole', { AAAA: { roles: ['blackhole'] }, A: { roles: ['connects'] } });
 * const lab = await startLab(plan);
 * const run = await lab.eyeball(host, ['--resolver', 'system']);
 * // run.exitCode === 0, run.json.winner.address === host.A[0]
 * await lab.close();
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { JsonDocument } from '../../../src/cli/render/json.js';
import { createBundles } from './bundle.js';
import { encodeConfig } from './config-json.js';
import type { DaemonConfig, DaemonQueryLine } from './daemon.js';
import { createNamespace, newNamespaceName, removeNamespace, removeStaleNamespaces } from './namespace.js';
import { applyBlackholes, applySlowRules, buildSynDelay, synDelayArguments } from './netfilter.js';
import { type CompiledPlan, LAB_DNS_IPV4, LAB_DNS_PORT, type LabHost, type LabPlan } from './plan.js';
import type { ProbeRequest, ProbeResult } from './probe.js';
import { CLI_BUNDLE, EYEBALL_BIN, LAB_DIR } from './paths.js';
import { type NamespaceProcess, startInNamespace } from './processes.js';

const DAEMON_ENTRY = `${LAB_DIR}daemon.ts`;
const PROBE_ENTRY = `${LAB_DIR}probe.ts`;

/**
 * CLI runs at the same time, per lab. Each is a node start (CPU) plus a race (mostly waiting); on a
 * 2-core machine more than this at once would delay timers and blur the times the tests check.
 */
const MAX_CONCURRENT_RUNS = 3;
/** A CLI run that takes longer than this is a hang, not a result. */
const RUN_TIMEOUT_MS = 30_000;

export interface CommandResult {
  /** null when a signal ended the process. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock ms from spawn to exit (node's start included). */
  readonly wallMs: number;
}

export interface EyeballRun extends CommandResult {
  /** The `--json` document on stdout. */
  readonly json: JsonDocument;
}

export interface LabOptions {
  /** The key pair (PEM) the `tls` role's servers present; required when the plan has that role. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /**
   * Runs the lab's own processes (its servers, syn-delay) under SCHED_IDLE, on cores the client under test
   * leaves free: on a 2-core machine a DNS server answering would otherwise take the core the client needs at
   * that moment, and a timing measurement would measure the lab. Only for one client at a time: clients that
   * keep every core busy would starve the lab's servers and their timed answers. @default false
   */
  readonly idleHelpers?: boolean;
}

export interface Lab {
  readonly namespace: string;
  readonly plan: CompiledPlan;
  /** Runs `eyeball <name> <port> --json ...options` in the namespace; rejects when stdout is not one JSON document. */
  eyeball(host: LabHost | string, options?: readonly string[]): Promise<EyeballRun>;
  /** Runs any command in the namespace (same concurrency limit as `eyeball`). */
  exec(command: string, args: readonly string[]): Promise<CommandResult>;
  /** Runs one probe (a plain connect, Node's autoSelectFamily, eyeball's connect(), a lookup) in the namespace. */
  probe(request: ProbeRequest): Promise<ProbeResult>;
  /** The DNS queries the lab's servers received so far, in arrival order. */
  queries(): Array<DaemonQueryLine['query']>;
  /** Stops the helpers and removes the namespace. Safe to call twice. */
  close(): Promise<void>;
}

/** Builds the lab a plan describes. On failure, whatever was created is removed before the error is thrown. */
export async function startLab(plan: LabPlan, options: LabOptions = {}): Promise<Lab> {
  if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run \`npm run build\` before the lab tests`);
  removeStaleNamespaces();
  const compiled = plan.compile();
  if (options.tls === undefined && compiled.listeners.some((listener) => listener.kind === 'tls')) {
    throw new Error('the plan has the tls role: pass startLab a key pair in the `tls` option');
  }
  const namespace = newNamespaceName();
  const bundles = createBundles();
  const helpers: NamespaceProcess[] = [];
  let isClosed = false;
  const close = async (): Promise<void> => {
    if (isClosed) return;
    isClosed = true;
    await Promise.all(helpers.map((helper) => helper.stop()));
    removeNamespace(namespace);
    bundles.remove();
  };

  try {
    createNamespace(namespace, {
      loopbackAddresses: compiled.loopbackAddresses,
      unreachableRoutes: compiled.unreachableRoutes,
      nameserver: LAB_DNS_IPV4,
    });
    applyBlackholes(namespace, compiled.blackholes);
    if (compiled.slow.length > 0) {
      applySlowRules(namespace, compiled.slow);
      helpers.push(await startInNamespace(namespace, buildSynDelay(), synDelayArguments(compiled.slow), { idle: options.idleHelpers }));
    }
    const config: DaemonConfig = {
      listeners: compiled.listeners.map(({ address, port, kind }) => ({ address, port, ...(kind === undefined ? {} : { kind }) })),
      dnsServers: compiled.dnsServers.map((host) => ({ host, port: LAB_DNS_PORT })),
      zone: compiled.zone,
      ...(options.tls === undefined ? {} : { tls: { cert: options.tls.cert, key: options.tls.key } }),
    };
    const daemon = await startInNamespace(namespace, process.execPath, [await bundles.bundle(DAEMON_ENTRY), encodeConfig(config)], {
      idle: options.idleHelpers,
    });
    helpers.push(daemon);

    const limit = createLimit(MAX_CONCURRENT_RUNS);
    let probeBundle: Promise<string> | undefined;
    const exec = (command: string, args: readonly string[]): Promise<CommandResult> => limit(() => execIn(namespace, command, args));
    return {
      namespace,
      plan: compiled,
      exec,
      async eyeball(host, options = []) {
        const [name, port] = typeof host === 'string' ? [host, 443] : [host.name, host.port];
        const args = [EYEBALL_BIN, name, String(port), '--json', ...options];
        const result = await exec(process.execPath, args);
        return { ...result, json: parseDocument(result, args) };
      },
      async probe(request) {
        probeBundle ??= bundles.bundle(PROBE_ENTRY);
        const result = await exec(process.execPath, [await probeBundle, JSON.stringify(request)]);
        if (result.exitCode !== 0) throw new Error(`probe ${JSON.stringify(request)} failed: ${result.stderr}`);
        return JSON.parse(result.stdout) as ProbeResult;
      },
      queries: () => daemon.lines.map((line) => (JSON.parse(line) as DaemonQueryLine).query),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function execIn(namespace: string, command: string, args: readonly string[]): Promise<CommandResult> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      'ip',
      ['netns', 'exec', namespace, command, ...args],
      { encoding: 'utf8', timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL', env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const wallMs = performance.now() - startedAt;
        if (error !== null && typeof error.code !== 'number' && error.signal === null) {
          reject(new Error(`cannot run ${command} in ${namespace}: ${error.message}`));
          return;
        }
        if (error?.killed === true) {
          reject(new Error(`${command} ${args.join(' ')} did not end within ${RUN_TIMEOUT_MS} ms; stderr: ${stderr}`));
          return;
        }
        resolve({ exitCode: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr, wallMs });
      },
    );
  });
}

function parseDocument(result: CommandResult, args: readonly string[]): JsonDocument {
  try {
    return JSON.parse(result.stdout) as JsonDocument;
  } catch {
    throw new Error(
      `eyeball ${args.slice(1).join(' ')} (exit ${result.exitCode}) did not print a JSON document.\n` +
        `stdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  }
}

/** Runs at most `max` tasks at once, the others in call order as slots free up. */
function createLimit(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next === undefined) running--;
      else next();
    }
  };
}
