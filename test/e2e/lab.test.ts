/**
 * The lab itself: the namespace holds what the plan says, every role does at the socket level what its
 * name promises (with the errno Node sees), getaddrinfo inside the namespace asks the lab's DNS server,
 * and nothing is left behind: not after close(), not after an interrupted run, not after a killed one.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { createBundles } from './lab/bundle.js';
import { type Lab, startLab } from './lab/lab.js';
import { createNamespace, listNamespaces, NAMESPACE_PREFIX, removeNamespace, removeStaleNamespaces } from './lab/namespace.js';
import { LAB_DIR } from './lab/paths.js';
import { LAB_DNS_IPV4, LabPlan } from './lab/plan.js';
import { describeLab } from './lab/prerequisites.js';
import { useLab } from './lab/use-lab.js';

/** A black hole or a slow SYN must still be pending after this long. */
const PENDING_AFTER_MS = 400;
const SLOW_MS = 200;

describeLab(
  'the lab',
  () => {
    const plan = new LabPlan();
    const roles = plan.host('roles', {
      AAAA: { roles: ['connects', 'refuses', 'blackhole', 'unreachable', 'no-route', { slowMs: SLOW_MS }] },
      A: { roles: ['connects', 'refuses', 'blackhole', 'unreachable', 'no-route', { slowMs: SLOW_MS }] },
    });
    const running = useLab(plan);
    let lab: Lab;
    beforeAll(() => {
      lab = running();
    });

    it('puts the addresses on lo, the unreachable routes in place and resolv.conf in /etc/netns', () => {
      const addresses = spawnSync('ip', ['-n', lab.namespace, '-o', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' }).stdout;
      for (const address of lab.plan.loopbackAddresses) expect(addresses).toContain(` ${address}/`);
      const routes = spawnSync('ip', ['-n', lab.namespace, '-6', 'route'], { encoding: 'utf8' }).stdout;
      expect(routes).toContain(`unreachable ${roles.AAAA[3]}`);
      expect(spawnSync('ip', ['netns', 'exec', lab.namespace, 'cat', '/etc/resolv.conf'], { encoding: 'utf8' }).stdout).toContain(
        `nameserver ${LAB_DNS_IPV4}`,
      );
    });

    it.each([
      ['IPv6', 'AAAA'],
      ['IPv4', 'A'],
    ] as const)('gives every role its behaviour over %s', async (_family, type) => {
      const [connects, refuses, blackhole, unreachable, noRoute, slow] = roles[type];
      const socket = (address: string | undefined) =>
        lab.probe({ kind: 'socket', address: address ?? '', port: roles.port, timeoutMs: PENDING_AFTER_MS });
      const [connected, refused, dropped, hostUnreachable, networkUnreachable, delayed] = await Promise.all([
        socket(connects),
        socket(refuses),
        socket(blackhole),
        socket(unreachable),
        socket(noRoute),
        socket(slow),
      ]);
      expect(connected).toMatchObject({ outcome: 'connected', address: connects });
      expect(refused).toMatchObject({ outcome: 'error', code: 'ECONNREFUSED' });
      expect(dropped).toMatchObject({ outcome: 'pending' });
      // An `unreachable` route fails the connect() at once with EHOSTUNREACH; no route at all, ENETUNREACH.
      expect(hostUnreachable).toMatchObject({ outcome: 'error', code: 'EHOSTUNREACH' });
      expect(networkUnreachable).toMatchObject({ outcome: 'error', code: 'ENETUNREACH' });
      expect(delayed).toMatchObject({ outcome: 'connected', address: slow });
      // The SYN waits SLOW_MS in the queue; the kernel then answers within a few ms on loopback.
      expect(delayed.ms).toBeGreaterThanOrEqual(SLOW_MS);
      expect(delayed.ms).toBeLessThan(SLOW_MS + 150);
      expect(connected.ms).toBeLessThan(SLOW_MS);
    });

    it('makes getaddrinfo inside the namespace ask the lab DNS server (through resolv.conf)', async () => {
      const before = lab.queries().length;
      const [v6, v4] = await Promise.all([
        lab.probe({ kind: 'lookup', host: roles.name, family: 6 }),
        lab.probe({ kind: 'lookup', host: roles.name, family: 4 }),
      ]);
      // glibc sorts the answer (RFC 3484/6724: addresses without a route go last), so compare as sets.
      expect(v6.outcome === 'resolved' && [...v6.addresses].sort()).toEqual([...roles.AAAA].sort());
      expect(v4.outcome === 'resolved' && [...v4.addresses].sort()).toEqual([...roles.A].sort());
      const asked = lab
        .queries()
        .slice(before)
        .filter((query) => query.name === roles.name);
      expect(asked).toEqual(
        expect.arrayContaining([
          { server: LAB_DNS_IPV4, name: roles.name, type: 'AAAA' },
          { server: LAB_DNS_IPV4, name: roles.name, type: 'A' },
        ]),
      );
    });
  },
  { slow: true },
);

describeLab('lab cleanup', () => {
  it('close() removes the namespace, its /etc/netns directory and the daemon', async () => {
    const plan = new LabPlan();
    plan.host('cleanup', { A: { roles: ['connects', 'blackhole'] } });
    const lab = await startLab(plan);
    const pids = namespacePids(lab.namespace);
    expect(pids.length).toBeGreaterThan(0);
    await lab.close();
    expect(listNamespaces()).not.toContain(lab.namespace);
    expect(existsSync(`/etc/netns/${lab.namespace}`)).toBe(false);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('removes stale namespaces whose pid is dead, and leaves live ones alone', async () => {
    const deadPid = await exitedPid();
    const stale = `${NAMESPACE_PREFIX}${deadPid}-0badcafe`;
    const mine = `${NAMESPACE_PREFIX}${process.pid}-0badcafe`;
    const setup = { loopbackAddresses: ['192.0.2.1'], unreachableRoutes: [], nameserver: LAB_DNS_IPV4 };
    createNamespace(stale, setup);
    createNamespace(mine, setup);
    try {
      expect(removeStaleNamespaces()).toContain(stale);
      expect(listNamespaces()).not.toContain(stale);
      expect(existsSync(`/etc/netns/${stale}`)).toBe(false);
      expect(listNamespaces()).toContain(mine);
    } finally {
      removeNamespace(stale);
      removeNamespace(mine);
    }
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('removes the namespace of a run interrupted by %s', async (signal) => {
    const bundles = createBundles();
    try {
      const script = await bundles.bundle(`${LAB_DIR}namespace-holder.ts`);
      const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const name = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').once('data', (chunk: string) => resolve(chunk.trim()));
        child.once('exit', (code) => reject(new Error(`namespace-holder exited early with ${code}`)));
      });
      expect(listNamespaces()).toContain(name);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, how) => resolve(how)));
      child.kill(signal);
      // The signal still ends the process (it is raised again after the cleanup).
      expect(await exited).toBe(signal);
      expect(listNamespaces()).not.toContain(name);
      expect(existsSync(`/etc/netns/${name}`)).toBe(false);
    } finally {
      bundles.remove();
    }
  });
});

function namespacePids(namespace: string): number[] {
  const out = spawnSync('ip', ['netns', 'pids', namespace], { encoding: 'utf8' }).stdout;
  return out
    .split('\n')
    .filter((line) => /^\d+$/u.test(line))
    .map(Number);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid of a process that has exited: a pid no live process has (until the kernel reuses it). */
async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? 0;
}
