/**
 * The CLI's diagnostics against a real kernel, in the lab: `--each` finds the black-holed IPv6 address,
 * `--require` fails the deploy gate, `--compare` shows Node's own `net.connect` killing a slow IPv6
 * attempt after 250 ms where eyeball's race lets it win, and several targets end up in a JUnit file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findAll, parseXml } from '../helpers/xml.js';
import { EARLY_MS, LATE_MS, RESOLVER_NAMES, RESOLVERS, type ResolverName } from './lab/json-view.js';
import type { CommandResult } from './lab/lab.js';
import { EYEBALL_BIN } from './lab/paths.js';
import { type LabHost, LabPlan } from './lab/plan.js';
import { describeLab } from './lab/prerequisites.js';
import { useLab } from './lab/use-lab.js';

/** Each address of `--each` gets this long. */
const PROBE_TIMEOUT_MS = 500;
/** Node's default autoSelectFamilyAttemptTimeout. */
const NODE_ATTEMPT_TIMEOUT_MS = 250;
/** Longer than Node waits, shorter than eyeball's race lets the attempt run. */
const SLOW_SYN_MS = 400;

const plan = new LabPlan();
const hosts = {
  v6Hole: plan.host('diag-v6-hole', { AAAA: { roles: ['blackhole'] }, A: { roles: ['connects'] } }),
  dual: plan.host('diag-dual', { AAAA: { roles: ['connects'] }, A: { roles: ['connects'] } }),
  v6SlowV4Refused: plan.host('diag-v6-slow-v4-refused', { AAAA: { roles: [{ slowMs: SLOW_SYN_MS }] }, A: { roles: ['refuses'] } }),
};

interface Check {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

const dir = mkdtempSync(join(tmpdir(), 'eyeball-diagnostics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeLab(
  'eyeball in the lab: diagnostics',
  () => {
    const lab = useLab(plan);
    const eyeball = (args: readonly string[]): Promise<CommandResult> => lab().exec(process.execPath, [EYEBALL_BIN, ...args]);
    const target = (host: LabHost): string => `${host.name}:${host.port}`;
    const json = <T>(result: CommandResult): T => JSON.parse(result.stdout) as T;

    describe.each(RESOLVER_NAMES)('with the %s resolver', (resolver: ResolverName) => {
      const options = RESOLVERS[resolver];

      it.concurrent('--each: the IPv6 black hole times out on its own, IPv4 connects; IPv6: 0 of 1 reachable', async () => {
        const { v6Hole: host } = hosts;
        const result = await eyeball([target(host), '--each', '--attempt-timeout', String(PROBE_TIMEOUT_MS), '--json', ...options]);
        expect(result.exitCode).toBe(0);
        const document = json<{
          mode: string;
          addresses: Array<{
            address: string;
            family: number;
            outcome: string;
            startedAt: number;
            endedAt: number;
            connectTime: number | null;
            error: { code: string } | null;
          }>;
          families: Array<{ family: number; reachable: number; total: number }>;
        }>(result);
        expect(document.mode).toBe('each');
        expect(document.addresses.map(({ address, outcome, error }) => [address, outcome, error?.code ?? null])).toEqual([
          [host.AAAA[0], 'timeout', 'EYEBALL_TIMEOUT'],
          [host.A[0], 'connected', null],
        ]);
        expect(document.families).toEqual([
          { family: 6, reachable: 0, total: 1 },
          { family: 4, reachable: 1, total: 1 },
        ]);
        const [hole, ipv4] = document.addresses;
        expect(hole!.endedAt - hole!.startedAt).toBeGreaterThanOrEqual(PROBE_TIMEOUT_MS - EARLY_MS);
        expect(hole!.endedAt - hole!.startedAt).toBeLessThan(PROBE_TIMEOUT_MS + LATE_MS);
        // Not a race: IPv4 did not wait for the black hole.
        expect(ipv4!.endedAt).toBeLessThan(hole!.endedAt);
      });

      it.concurrent('--each for people: the table and the verdict per family', async () => {
        const { v6Hole: host } = hosts;
        const result = await eyeball([target(host), '--each', '--attempt-timeout', String(PROBE_TIMEOUT_MS), '--no-color', ...options]);
        expect(result.exitCode).toBe(0);
        expect(result.stdout).toMatch(new RegExp(`│ ${host.AAAA[0]} +│ IPv6 +│ no answer, timed out after`, 'u'));
        expect(result.stdout).toContain('Verdict\nIPv6: 0 of 1 address reachable\nIPv4: 1 of 1 address reachable\n');
      });

      it.concurrent('--require ipv6 fails the gate (exit 1): the race was won over IPv4', async () => {
        const { v6Hole: host } = hosts;
        const result = await eyeball([target(host), '--require', 'ipv6', '--json', ...options]);
        expect(result.exitCode).toBe(1);
        const document = json<{ ok: boolean; passed: boolean; checks: Check[] }>(result);
        expect(document).toMatchObject({ ok: true, passed: false });
        expect(document.checks.map(({ name, passed }) => [name, passed])).toEqual([
          ['connect', true],
          ['IPv6', false],
        ]);
        expect(document.checks[1]?.detail).toBe(
          `IPv6 required, but the race was won over IPv4 (${host.A[0]}); IPv6: ${host.AAAA[0]} was still connecting when the other attempt won`,
        );
      });

      it.concurrent('--require both probes every address: IPv6 fails; --require ipv4 passes', async () => {
        const { v6Hole: host } = hosts;
        const both = await eyeball([target(host), '--require', 'both', '--attempt-timeout', String(PROBE_TIMEOUT_MS), '--json', ...options]);
        expect(both.exitCode).toBe(1);
        expect(json<{ mode: string; checks: Check[] }>(both)).toMatchObject({
          mode: 'each',
          checks: [
            { name: 'connect', passed: true },
            { name: 'IPv6', passed: false, detail: 'IPv6: 0 of 1 address reachable' },
            { name: 'IPv4', passed: true, detail: 'IPv4: 1 of 1 address reachable' },
          ],
        });
        const ipv4 = await eyeball([target(host), '--require', 'ipv4', ...options]);
        expect(ipv4.exitCode).toBe(0);
      });
    });

    it.concurrent("--compare: Node kills the slow IPv6 attempt at 250 ms and fails with an empty AggregateError; eyeball's race lets it win", async () => {
      const { v6SlowV4Refused: host } = hosts;
      const result = await eyeball([target(host), '--compare', '--timeout', '3000', '--json', ...RESOLVERS.dns]);
      expect(result.exitCode).toBe(0);
      const document = json<{
        strategies: {
          eyeball: { ok: boolean; winner: { address: string; at: number } | null };
          node: {
            ok: boolean;
            error: { name: string; message: string; errors: Array<{ code: string }> } | null;
            events: Array<{ type: string; address?: string; after?: number }>;
          };
          sequential: { ok: boolean; winner: { address: string } | null };
        };
      }>(result);
      const { eyeball: race, node, sequential } = document.strategies;
      expect(race).toMatchObject({ ok: true, winner: { address: host.AAAA[0] } });
      expect(race.winner!.at).toBeGreaterThanOrEqual(SLOW_SYN_MS - EARLY_MS);
      expect(node.ok).toBe(false);
      expect(node.error).toMatchObject({ name: 'AggregateError', message: '', errors: [{ code: 'ETIMEDOUT' }, { code: 'ECONNREFUSED' }] });
      const abandoned = node.events.find((event) => event.type === 'attempt-abandoned');
      expect(abandoned?.address).toBe(host.AAAA[0]);
      expect(abandoned!.after!).toBeGreaterThanOrEqual(NODE_ATTEMPT_TIMEOUT_MS - EARLY_MS);
      expect(abandoned!.after!).toBeLessThan(NODE_ATTEMPT_TIMEOUT_MS + LATE_MS);
      // Without a per-attempt timeout, the plain connect simply waits for the slow handshake.
      expect(sequential).toMatchObject({ ok: true, winner: { address: host.AAAA[0] } });
    });

    it.concurrent('--compare for people: the verdict names the case', async () => {
      const { v6SlowV4Refused: host } = hosts;
      const result = await eyeball([target(host), '--compare', '--timeout', '3000', '--no-color', ...RESOLVERS.dns]);
      expect(result.exitCode).toBe(0);
      const text = result.stdout.replace(/\n {4}/gu, ' ');
      expect(text).toContain(`#0 ${host.AAAA[0]} abandoned after`);
      expect(text).toContain('this is the "works with curl, fails in Node" case');
    });

    it.concurrent('several targets with --require both: a JUnit file with a suite per target and the failing family', async () => {
      const file = join(dir, 'lab-junit.xml');
      const result = await eyeball([
        target(hosts.dual),
        target(hosts.v6Hole),
        '--require',
        'both',
        '--attempt-timeout',
        String(PROBE_TIMEOUT_MS),
        '--junit',
        file,
        '--no-color',
        ...RESOLVERS.dns,
      ]);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('2 targets: 1 passed, 1 failed');
      const root = parseXml(readFileSync(file, 'utf8'));
      const suites = findAll(root, 'testsuite');
      expect(suites.map((suite) => [suite.attributes['name'], suite.attributes['failures']])).toEqual([
        [target(hosts.dual), '0'],
        [target(hosts.v6Hole), '1'],
      ]);
      const failure = findAll(suites[1]!, 'failure')[0];
      expect(failure?.attributes['message']).toBe('IPv6: 0 of 1 address reachable');
    });
  },
  { slow: true },
);
