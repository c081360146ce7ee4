/*
 * The built CLI ends as soon as it has said what it has to say: after a success, after a failure, after
 * Ctrl-C, and when a DNS query is still unanswered (the `dns` resolver cancels it; nothing waits for
 * c-ares' 5 s timeout). Measured from this side: when the child's last output arrived, and when its
 * 'exit' event fired.
 *
 * The bound, LINGER_BOUND_MS, is an outcome check ("the process does not linger"), not a performance
 * figure: a Node process needs a few milliseconds to tear down, and a loaded 2-core machine running
 * other test files can delay the child or this process by a hundred or so more. What it must catch is
 * a process kept alive by something (a c-ares query in its retry timer, a socket, a 1 s timer), which
 * costs seconds. (The `system` resolver is different: getaddrinfo cannot be cancelled and Node joins
 * its thread even in process.exit(), so a dropped AAAA query holds the process until glibc gives up.
 * That needs a resolver set up in a network namespace; test/e2e/dns.test.ts covers it, and the CLI says
 * so on stderr.)
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DnsServer, startDnsServer } from '../../src/dns-server/dns-server.js';
import type { DnsZone } from '../../src/dns-server/zone.js';
import { type CliRun, requireBuiltCli, runCli, startCli } from '../helpers/cli-process.js';
import { Loopback } from '../helpers/loopback.js';

const LINGER_BOUND_MS = 500;
/** c-ares' default per-try timeout, which the CLI keeps: a run that waited for it would take this long at least. */
const C_ARES_TIMEOUT_MS = 5000;

const loopback = new Loopback();
const children = new Set<ReturnType<typeof startCli>['child']>();
const dnsServers: DnsServer[] = [];

beforeAll(() => {
  requireBuiltCli();
});

afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  await Promise.all(dnsServers.splice(0).map((server) => server.close()));
  await loopback.close();
});

/** A DNS server that calls `onFirstQuery` once, when the first query arrives. */
async function dnsServer(zone: DnsZone, onFirstQuery: () => void = () => {}): Promise<DnsServer> {
  let first = true;
  const server = await startDnsServer({
    zone,
    onQuery: () => {
      if (first) onFirstQuery();
      first = false;
    },
  });
  dnsServers.push(server);
  return server;
}

/** Milliseconds between the last output (stdout, else stderr) and the exit. */
function linger(run: CliRun): number {
  const lastOutput = run.lastStdoutAt ?? run.lastStderrAt;
  if (lastOutput === null) throw new Error('the CLI printed nothing');
  return run.exitAt - lastOutput;
}

/** Starts the CLI and sends it SIGINT once `ready` resolves (the DNS server saw the first query). */
async function interruptWhen(args: readonly string[], ready: Promise<void>): Promise<CliRun> {
  const { child, done } = startCli(args);
  children.add(child);
  await ready;
  child.kill('SIGINT');
  return done;
}

function firstQuery(): { promise: Promise<void>; seen: () => void } {
  let seen: () => void = () => {};
  const promise = new Promise<void>((resolve) => (seen = resolve));
  return { promise, seen };
}

describe('the CLI exits promptly after printing', () => {
  it('after connecting', async () => {
    const port = await loopback.listen('127.0.0.1');
    const run = await runCli(['127.0.0.1', String(port), '--json']);
    expect(run.code).toBe(0);
    expect(linger(run)).toBeLessThan(LINGER_BOUND_MS);
  });

  it('after every attempt was refused', async () => {
    const port = await loopback.refusedPort();
    const run = await runCli(['127.0.0.1', String(port), '--no-color']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('ECONNREFUSED');
    expect(linger(run)).toBeLessThan(LINGER_BOUND_MS);
  });

  it('after a usage error (stderr only)', async () => {
    const run = await runCli(['example.com', '0']);
    expect(run.code).toBe(2);
    expect(run.lastStdoutAt).toBeNull();
    expect(linger(run)).toBeLessThan(LINGER_BOUND_MS);
  });

  it('after Ctrl-C mid-race (the only address is a black hole)', async () => {
    const hole = await loopback.blackHole('::1');
    const query = firstQuery();
    const dns = await dnsServer({ 'hole.test': { AAAA: { addresses: ['::1'] }, A: { drop: true } } }, query.seen);
    const run = await interruptWhen(['hole.test', String(hole), '--dns-server', dns.address, '--json'], query.promise);
    expect([run.code, run.signal]).toEqual([130, null]);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { reason: 'interrupted' } });
    expect(linger(run)).toBeLessThan(LINGER_BOUND_MS);
  });

  it('after Ctrl-C while both DNS queries are unanswered (the dns resolver cancels them)', async () => {
    const query = firstQuery();
    const dns = await dnsServer({ 'silent.test': { AAAA: { drop: true }, A: { drop: true } } }, query.seen);
    const run = await interruptWhen(['silent.test', '80', '--dns-server', dns.address, '--json'], query.promise);
    expect([run.code, run.signal]).toEqual([130, null]);
    expect(linger(run)).toBeLessThan(LINGER_BOUND_MS);
    expect(run.exitAt - run.startedAt).toBeLessThan(C_ARES_TIMEOUT_MS);
  });

  it('after the overall timeout while both DNS queries are unanswered', async () => {
    const dns = await dnsServer({ 'silent.test': { AAAA: { drop: true }, A: { drop: true } } });
    const run = await runCli(['silent.test', '80', '--dns-server', dns.address, '--timeout', '300', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { reason: 'timeout' } });
    expect(linger(run)).toBeLessThan(LINGER_BOUND_MS);
    expect(run.exitAt - run.startedAt).toBeLessThan(C_ARES_TIMEOUT_MS);
  });

  it('after connecting over IPv4 while the AAAA query is still unanswered: it does not wait for c-ares', async () => {
    const port = await loopback.listen('127.0.0.1');
    const dns = await dnsServer({ 'v4.test': { A: { addresses: ['127.0.0.1'] }, AAAA: { drop: true } } });
    const run = await runCli(['v4.test', String(port), '--dns-server', dns.address, '--json']);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as { winner: { address: string }; dns: Array<{ type: string; cancelled: boolean }> };
    expect(document.winner.address).toBe('127.0.0.1');
    // The AAAA query was still out when the connection was made, and the CLI cancelled it rather than wait.
    expect(document.dns.find((entry) => entry.type === 'AAAA')).toMatchObject({ cancelled: true });
    expect(run.stderr).toBe('');
    expect(linger(run)).toBeLessThan(LINGER_BOUND_MS);
    expect(run.exitAt - run.startedAt).toBeLessThan(C_ARES_TIMEOUT_MS);
  });
});
