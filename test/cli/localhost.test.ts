/*
 * One answer for `localhost` in every mode (RFC 6761 §6.3). The CLI's OS lookups all go through its
 * lookup process (src/cli/lookup-process/); here that process is replaced by getaddrinfo as it behaves
 * with an /etc/hosts of `127.0.0.1 localhost` and no `::1` line: A gives 127.0.0.1, AAAA is NXDOMAIN.
 * Each mode runs from the command line's words through parseArgs and runPlan, against listeners on ::1
 * and 127.0.0.1, and must answer ::1 and 127.0.0.1 itself without asking that lookup; only --compare's
 * Node and sequential connects ask it, as a program would.
 */
import { connect, type LookupFunction } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseArgs } from '../../src/cli/program.js';
import { type CliIo, runPlan } from '../../src/cli/run-plan.js';
import { Loopback } from '../helpers/loopback.js';

const hosts = vi.hoisted(() => {
  const asked: Array<[hostname: string, family: number, hints?: number]> = [];
  /** getaddrinfo with an /etc/hosts that has `127.0.0.1 localhost` and no `::1` line. */
  const lookupAll = (hostname: string, family: number, hints?: number): Promise<Array<{ address: string }>> => {
    asked.push(hints === undefined ? [hostname, family] : [hostname, family, hints]);
    if (hostname === 'localhost' && family !== 6) return Promise.resolve([{ address: '127.0.0.1' }]);
    return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
  };
  const lookup = (hostname: string, family: number): Promise<Array<{ address: string }>> => lookupAll(hostname, family);
  const ready = (): Promise<void> => Promise.resolve();
  return { asked, lookupProcess: { lookup, lookupAll, start: ready, warmUp: ready, close: () => {} } };
});
vi.mock('../../src/cli/lookup-process/lookup-process.js', () => ({ createLookupProcess: () => hosts.lookupProcess }));

const loopback = new Loopback();
beforeEach(() => {
  hosts.asked.length = 0;
});
afterEach(() => loopback.close());

/** A port with a listener on ::1 and on 127.0.0.1. */
async function bothLoopbacks(): Promise<number> {
  const port = await loopback.listen('::1');
  await loopback.listen('127.0.0.1', port);
  return port;
}

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const written: string[] = [];
  const io: CliIo = {
    signal: new AbortController().signal,
    write: (text) => written.push(text),
    writeError: (text) => written.push(text),
    writeFile: () => {},
    readTargets: () => [],
    isTTY: false,
    env: {},
    width: 80,
    height: 24,
  };
  const code = await runPlan(parseArgs(args), io);
  return { code, stdout: written.join('') };
}

interface JsonQuery {
  readonly type: string;
  readonly resolver: string;
  readonly addresses: readonly string[];
  readonly error: unknown;
}

/** The getaddrinfo flags Node's own net.connect gives its lookup under autoSelectFamily. */
function nodeLookupHints(): Promise<number | undefined> {
  return new Promise((resolve) => {
    const lookup: LookupFunction = (_hostname, options, callback) => {
      resolve(options.hints);
      callback(Object.assign(new Error('enough'), { code: 'ENOTFOUND' }), '', 0);
    };
    connect({ host: 'localhost', port: 1, autoSelectFamily: true, lookup }).on('error', () => {});
  });
}

/** What the DNS part of a document says, the same shape in every mode. */
function answers(dns: readonly JsonQuery[]): Array<[string, string, readonly string[], unknown]> {
  return dns.map((query) => [query.type, query.resolver, query.addresses, query.error]);
}

const RFC6761_ANSWERS = [
  ['AAAA', 'rfc6761', ['::1'], null],
  ['A', 'rfc6761', ['127.0.0.1'], null],
];

describe('localhost with an /etc/hosts without ::1: the same answer in every mode, no lookup', () => {
  it('the race', async () => {
    const port = await bothLoopbacks();
    const { code, stdout } = await run(['localhost', String(port), '--json']);
    const document = JSON.parse(stdout) as { dns: JsonQuery[]; winner: { address: string } };
    expect(code).toBe(0);
    expect(answers(document.dns)).toEqual(RFC6761_ANSWERS);
    expect(document.winner.address).toBe('::1');
    expect(hosts.asked).toEqual([]);
  });

  it('the race for people: the header says no DNS query was sent, and with -v the DNS table says eyeball answered', async () => {
    const port = await bothLoopbacks();
    const { code, stdout } = await run(['localhost', String(port)]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toContain(' · RFC 6761: no DNS query');
    expect(stdout).not.toContain('NXDOMAIN');
    const verbose = await run(['localhost', String(port), '-v']);
    expect(verbose.stdout).toContain('localhost: answered by eyeball, RFC 6761: no query sent.');
    expect(verbose.stdout).not.toContain('NXDOMAIN');
    expect(hosts.asked).toEqual([]);
  });

  it('--each: both addresses probed, IPv6 not reported as NXDOMAIN', async () => {
    const port = await bothLoopbacks();
    const { code, stdout } = await run(['localhost', String(port), '--each', '--json']);
    const document = JSON.parse(stdout) as { dns: JsonQuery[]; addresses: Array<{ address: string; outcome: string }> };
    expect(code).toBe(0);
    expect(answers(document.dns)).toEqual(RFC6761_ANSWERS);
    expect(document.addresses.map((probe) => [probe.address, probe.outcome])).toEqual([
      ['::1', 'connected'],
      ['127.0.0.1', 'connected'],
    ]);
    expect(hosts.asked).toEqual([]);
  });

  it('--each for people: the note under the DNS table, no NXDOMAIN', async () => {
    const port = await bothLoopbacks();
    const { code, stdout } = await run(['localhost', String(port), '--each']);
    expect(code).toBe(0);
    expect(stdout).toContain('localhost: answered by eyeball, RFC 6761: no query sent.');
    expect(stdout).not.toContain('NXDOMAIN');
  });

  it('--require both: both families pass', async () => {
    const port = await bothLoopbacks();
    const { code, stdout } = await run(['localhost', String(port), '--require', 'both', '--json']);
    const document = JSON.parse(stdout) as { dns: JsonQuery[]; passed: boolean; checks: Array<{ name: string; passed: boolean }> };
    expect(code).toBe(0);
    expect(answers(document.dns)).toEqual(RFC6761_ANSWERS);
    expect(document.passed).toBe(true);
    expect(document.checks.every((check) => check.passed)).toBe(true);
    expect(hosts.asked).toEqual([]);
  });

  it('--count: every run gets the same answer', async () => {
    const port = await bothLoopbacks();
    const { code, stdout } = await run(['localhost', String(port), '--count', '3', '--interval', '0', '--json']);
    const document = JSON.parse(stdout) as { runs: Array<{ dns: JsonQuery[]; winner: { address: string } }> };
    expect(code).toBe(0);
    expect(document.runs.map((race) => answers(race.dns))).toEqual([RFC6761_ANSWERS, RFC6761_ANSWERS, RFC6761_ANSWERS]);
    expect(document.runs.map((race) => race.winner.address)).toEqual(['::1', '::1', '::1']);
    expect(hosts.asked).toEqual([]);
  });

  it("--compare: eyeball answers itself; Node and the sequential connect ask the OS through the CLI's lookup, all families at once", async () => {
    const port = await bothLoopbacks();
    const { code, stdout } = await run(['localhost', String(port), '--compare', '--json']);
    const document = JSON.parse(stdout) as {
      strategies: {
        eyeball: { dns: JsonQuery[]; winner: { address: string } };
        node: { winner: { address: string } };
        sequential: { winner: { address: string } };
      };
    };
    expect(code).toBe(0);
    expect(answers(document.strategies.eyeball.dns)).toEqual(RFC6761_ANSWERS);
    expect(document.strategies.eyeball.winner.address).toBe('::1');
    expect(document.strategies.node.winner.address).toBe('127.0.0.1');
    expect(document.strategies.sequential.winner.address).toBe('127.0.0.1');
    // Node's lookup gets Node's own getaddrinfo flags (dns.ADDRCONFIG), as dns.lookup would.
    const hints = await nodeLookupHints();
    expect(hosts.asked).toEqual([hints === undefined ? ['localhost', 0] : ['localhost', 0, hints], ['localhost', 0]]);
  });

  it('--compare for people: the verdict says eyeball answered localhost itself and the others asked the OS', async () => {
    const port = await bothLoopbacks();
    const { stdout } = await run(['localhost', String(port), '--compare']);
    expect(stdout.replace(/\s+/gu, ' ')).toContain(
      'eyeball answered localhost itself (RFC 6761: the loopback addresses, no query sent); Node and the sequential connect asked the OS, which answers from /etc/hosts.',
    );
    expect(stdout).toContain('AAAA: answered by eyeball, RFC 6761: no query sent');
  });

  it('--resolver dns: no query reaches the DNS server either', async () => {
    const port = await bothLoopbacks();
    const dns = await loopback.dnsServer({});
    const { code, stdout } = await run(['localhost', String(port), '--resolver', 'dns', '--dns-server', dns.address, '--each', '--json']);
    const document = JSON.parse(stdout) as { dns: JsonQuery[] };
    expect(code).toBe(0);
    expect(answers(document.dns)).toEqual(RFC6761_ANSWERS);
    expect(dns.queries).toEqual([]);
  });
});
