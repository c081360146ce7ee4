/**
 * `localhost` in every mode of the built CLI, against listeners on ::1 and 127.0.0.1: eyeball answers it
 * itself (RFC 6761), so the answer is ::1 and 127.0.0.1 whether or not this machine's /etc/hosts has a
 * `::1` line. Run `npm run build` first (`npm test` does).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from '../helpers/cli-process.js';
import { Loopback } from '../helpers/loopback.js';

const loopback = new Loopback();
beforeAll(() => requireBuiltCli());
afterEach(() => loopback.close());

interface JsonQuery {
  readonly type: string;
  readonly resolver: string;
  readonly addresses: readonly string[];
}

interface JsonRace {
  readonly dns: readonly JsonQuery[];
  readonly winner: { readonly address: string } | null;
}

const answers = (race: JsonRace): Array<[string, string, readonly string[]]> =>
  race.dns.map((query) => [query.type, query.resolver, query.addresses]);
const RFC6761_ANSWERS = [
  ['AAAA', 'rfc6761', ['::1']],
  ['A', 'rfc6761', ['127.0.0.1']],
];

describe('eyeball localhost PORT, every mode', () => {
  it('race, --each, --require both, --count, --compare: the same answer and exit 0', async () => {
    const port = await loopback.listen('::1');
    await loopback.listen('127.0.0.1', port);
    const args = (...more: string[]): string[] => ['localhost', String(port), '--json', ...more];
    const [race, each, both, count, compare] = await Promise.all([
      runCli(args()),
      runCli(args('--each')),
      runCli(args('--require', 'both')),
      runCli(args('--count', '2', '--interval', '0')),
      runCli(args('--compare')),
    ]);
    for (const run of [race, each, both, count, compare]) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });

    const raceDocument = JSON.parse(race.stdout) as JsonRace;
    expect(answers(raceDocument)).toEqual(RFC6761_ANSWERS);
    expect(raceDocument.winner?.address).toBe('::1');

    const eachDocument = JSON.parse(each.stdout) as JsonRace & { addresses: Array<{ address: string; outcome: string }> };
    expect(answers(eachDocument)).toEqual(RFC6761_ANSWERS);
    expect(eachDocument.addresses.map((probe) => [probe.address, probe.outcome])).toEqual([
      ['::1', 'connected'],
      ['127.0.0.1', 'connected'],
    ]);

    const bothDocument = JSON.parse(both.stdout) as JsonRace & { passed: boolean };
    expect(answers(bothDocument)).toEqual(RFC6761_ANSWERS);
    expect(bothDocument.passed).toBe(true);

    const countDocument = JSON.parse(count.stdout) as { runs: JsonRace[] };
    expect(countDocument.runs.map(answers)).toEqual([RFC6761_ANSWERS, RFC6761_ANSWERS]);

    // Node's and the sequential connect's answer is this machine's /etc/hosts: only eyeball's is asserted.
    const compareDocument = JSON.parse(compare.stdout) as { strategies: { eyeball: JsonRace } };
    expect(answers(compareDocument.strategies.eyeball)).toEqual(RFC6761_ANSWERS);
    expect(compareDocument.strategies.eyeball.winner?.address).toBe('::1');
  });
});
