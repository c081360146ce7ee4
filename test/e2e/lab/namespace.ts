/**
 * Network namespaces for the lab: one per test file run, named `eyeball-lab-<pid>-<random>`, with `lo` up
 * and the plan's addresses on it. Everything created here is removed by `removeNamespace`, and, should a
 * test run die before its afterAll, by the process's exit and signal hooks or by the next run, which
 * removes every `eyeball-lab-*` namespace whose pid is dead.
 *
 * `/etc/netns/<name>/resolv.conf` is part of a namespace: `ip netns exec` bind-mounts it over
 * /etc/resolv.conf, so the system resolver (glibc's getaddrinfo) inside asks the lab's DNS server.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

export const NAMESPACE_PREFIX = 'eyeball-lab-';
const NAMESPACE_PATTERN = /^eyeball-lab-(\d+)-[0-9a-f]+$/u;
const NETNS_ETC = '/etc/netns';

/** Namespaces this process created and has not removed yet: what the exit hooks clean up. */
const live = new Set<string>();
let hooksInstalled = false;

export interface NamespaceSetup {
  /** Put on `lo` (/32 and /128; IPv6 with `nodad` so they are usable at once). */
  readonly loopbackAddresses: readonly string[];
  /** Each gets an `unreachable` host route. */
  readonly unreachableRoutes: readonly string[];
  /** The DNS server the namespace's resolv.conf names. */
  readonly nameserver: string;
}

/** A fresh, unique namespace name that records this process's pid (for stale-namespace cleanup). */
export function newNamespaceName(): string {
  return `${NAMESPACE_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Creates the namespace and its resolv.conf, and registers both for cleanup. Throws with `ip`'s message. */
export function createNamespace(name: string, setup: NamespaceSetup): void {
  installCleanupHooks();
  run('ip', ['netns', 'add', name]);
  live.add(name);
  mkdirSync(`${NETNS_ETC}/${name}`, { recursive: true });
  writeFileSync(`${NETNS_ETC}/${name}/resolv.conf`, `# eyeball lab\nnameserver ${setup.nameserver}\n`);
  const batch = [
    'link set lo up',
    ...setup.loopbackAddresses.map((address) => (address.includes(':') ? `addr add ${address}/128 dev lo nodad` : `addr add ${address}/32 dev lo`)),
    ...setup.unreachableRoutes.map((address) => `route add unreachable ${address}/${address.includes(':') ? 128 : 32}`),
  ];
  run('ip', ['-n', name, '-batch', '-'], `${batch.join('\n')}\n`);
}

/** Removes the namespace and its /etc/netns directory. Synchronous (usable in an exit hook); never throws. */
export function removeNamespace(name: string): void {
  live.delete(name);
  spawnSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
  rmSync(`${NETNS_ETC}/${name}`, { recursive: true, force: true });
}

/** The names of every namespace on the machine. */
export function listNamespaces(): string[] {
  const result = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  // Lines look like `name` or `name (id: 3)`.
  return (result.stdout ?? '')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
}

/**
 * Removes the `eyeball-lab-*` namespaces (and their /etc/netns directories) left by runs whose process is
 * gone, killing what still runs inside them. Returns their names.
 */
export function removeStaleNamespaces(): string[] {
  const stale = listNamespaces().filter((name) => {
    const pid = NAMESPACE_PATTERN.exec(name)?.[1];
    return pid !== undefined && !isAlive(Number(pid));
  });
  for (const name of stale) {
    const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split('\n').filter((line) => /^\d+$/u.test(line))) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    removeNamespace(name);
  }
  return stale;
}

/** Runs a command, throwing an Error with its stderr when it fails. */
export function run(command: string, args: readonly string[], input?: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', input: input ?? '' });
  if (result.error !== undefined) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, just not ours.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeAll(): void {
  for (const name of [...live]) removeNamespace(name);
}

/**
 * afterAll cannot run when the run is interrupted, so the process removes its namespaces on exit and on
 * SIGINT/SIGTERM. A signal is raised again once we are done if nobody else listens for it, so the
 * process still ends the way the signal meant.
 */
function installCleanupHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', removeAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      removeAll();
      process.off(signal, onSignal);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
